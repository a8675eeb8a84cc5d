"""Reading text files in the encodings office PCs produce (DESIGN 4.4): UTF-8 with or without
BOM, UTF-16/32 with BOM, UTF-16 without BOM when unmistakable, and GB18030 (a superset of
GBK/GB2312). Binary files, empty files and text in other encodings (Big5, Shift-JIS) are refused
with a Chinese message; a file over MAX_DRAFT_CHARS is refused with its first part attached."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from core.common.newlines import normalise_newlines

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
MAX_CONTROL_RATIO = 0.02  # more stray control characters than this: not a text file (fewer: removed)
MAX_DRAFT_CHARS = 100_000  # a report is at most ~100 000 characters (issue 18)
_BYTES_PER_CHAR = 4  # the widest encoding we read (UTF-32 / GB18030 four-byte sequences)


class UnreadableFileError(ValueError):
    """The file cannot be read as text; `str(err)` is a Chinese message for the user.
    `first_part` is set when the file is only too long: its beginning, to import on request."""

    def __init__(self, message: str, first_part: str | None = None) -> None:
        super().__init__(message)
        self.first_part = first_part


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    notice: str = ""  # what was changed on the way in (stray control characters removed …)


def _plain_share(text: str) -> float:
    """Share of characters that ordinary simplified-Chinese text is made of: the 3 755 common
    hanzi (GB2312 level 1), ASCII, whitespace and CJK / full-width punctuation. Text decoded
    with the wrong codec (Big5 or Shift-JIS read as GB18030, UTF-16 read as bytes) scores low."""
    sample = text[:4000]
    if not sample:
        return 1.0
    good = 0
    for ch in sample:
        if ch < "\x7f" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’—…·":
            good += 1
        elif "\u4e00" <= ch <= "\u9fff":
            try:
                good += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
            except UnicodeEncodeError:
                pass
    return good / len(sample)


def _wide_count(text: str) -> int:
    """Characters beyond ASCII (Chinese, kana, private-use, punctuation) in the sample."""
    return sum(1 for ch in text[:4000] if ch > "\x7f" and not ch.isspace())


WIDE_MIN = 6  # enough characters to tell a wrong codec (a short Big5 heading read as GB18030)


PLAIN_SHARE_MIN = 0.6  # real reports score > 0.9; wrongly decoded text < 0.3


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order that decodes to ordinary text (ASCII-heavy text has
    its NULs on one parity; Chinese text reads as common hanzi only in the right order)."""
    if len(data) < 4 or len(data) % 2:
        return None
    best, score = None, PLAIN_SHARE_MIN
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        share = _plain_share(text)
        if share > score:
            best, score = encoding, share
    return best


def _is_stray_control(ch: str) -> bool:
    return (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _ALLOWED_CONTROLS


def _count_controls(text: str) -> int:
    return sum(1 for ch in text if _is_stray_control(ch))


def _other_encoding(data: bytes) -> str | None:
    """The name of a codec we do not support that reads `data` cleanly as ordinary text."""
    for codec, name in (("big5", "繁体中文 Big5"), ("shift_jis", "日文 Shift-JIS"), ("euc_kr", "韩文 EUC-KR")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return name
    return None


def _looks_korean(data: bytes) -> bool:
    """EUC-KR Hangul (lead bytes 0xB0–0xC8) reads as *common* hanzi in GB18030, so the plain-share
    test passes it. Korean text decodes as EUC-KR to Hangul syllables; a Chinese GBK report does not
    decode as EUC-KR at all (rows 0xC9…: 上 生 设 深 …) or gives many Hanja among the syllables."""
    try:
        text = data.decode("euc_kr")
    except UnicodeDecodeError:
        return False
    sample = text[:4000]
    wide = [ch for ch in sample if ord(ch) > 0x7F and not ch.isspace()]
    hangul = sum(1 for ch in wide if "\uac00" <= ch <= "\ud7a3")
    # Korean also puts spaces between words (one per ~3 syllables); Chinese text has almost none.
    return hangul >= 30 and hangul > 0.8 * len(wide) and sample.count(" ") >= 0.1 * hangul


def _wrong_encoding(name: str, data: bytes, other: str | None = None) -> UnreadableFileError:
    other = other or _other_encoding(data)
    guess = f"看起来是{other}编码，" if other else ""
    return UnreadableFileError(f"“{name}”的文字编码不受支持：{guess}按简体中文读出来会是乱码，所以没有导入。"
                               "请在记事本或 WPS 中“另存为”UTF-8 编码的文本后再导入。")


def _decode_8bit(data: bytes, name: str, dec) -> str:
    """UTF-8, else Chinese UTF-16 without BOM or NUL bytes, else GB18030 unless it reads as
    garbage (another codec)."""
    try:
        return dec(data, "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _looks_utf16(data[: len(data) // 2 * 2])
    try:
        if encoding is not None:
            return dec(data, encoding)
        text = dec(data, "gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"无法识别“{name}”的文字编码（支持 UTF-8、GB18030/GBK、UTF-16）。") from exc
    if _wide_count(text) >= WIDE_MIN and _plain_share(text) < PLAIN_SHARE_MIN:
        raise _wrong_encoding(name, data)
    if _looks_korean(data):
        raise _wrong_encoding(name, data, "韩文 EUC-KR")
    return text


def decode(data: bytes, name: str = "文件", *, truncated: bool = False) -> DecodedText:
    """Decode bytes as described in the module docstring; BOM removed, line endings made LF.
    `truncated`: `data` is only the file's beginning (a split last character is dropped)."""
    if not data:
        raise UnreadableFileError(f"“{name}”文件为空。")
    binary = UnreadableFileError(f"“{name}”不是文本文件（含有二进制内容），无法导入。")

    def dec(raw: bytes, encoding: str) -> str:
        decoder = codecs.getincrementaldecoder(encoding)()
        return decoder.decode(raw, final=not truncated)

    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = dec(data[len(bom):], encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(f"“{name}”的编码已损坏，无法读取。") from exc
            break
    if text is None:
        try:
            if b"\x00" in data:  # UTF-16 without BOM, or binary
                encoding = _looks_utf16(data[: len(data) // 2 * 2])
                if encoding is None:
                    raise binary
                text = dec(data, encoding)
            else:
                text = _decode_8bit(data, name, dec)
        except UnicodeDecodeError as exc:
            raise binary from exc
    text = text.removeprefix("\ufeff")
    controls = _count_controls(text)
    if "\x00" in text or (controls > 2 and controls > MAX_CONTROL_RATIO * len(text)):
        raise binary
    notice = ""
    if controls:  # a few stray codes (pasted from other systems): removed, and said so
        text = "".join(ch for ch in text if not _is_stray_control(ch))
        notice = f"已删除 {controls} 个不可见的控制字符。"
    if not text.strip():
        raise UnreadableFileError(f"“{name}”文件为空。")
    return DecodedText(normalise_newlines(text), notice)


def decode_text(data: bytes, name: str = "文件") -> str:
    return decode(data, name).text


def read_text(path: str | os.PathLike[str], max_chars: int = MAX_DRAFT_CHARS) -> DecodedText:
    """A text file, reading no more than `max_chars` characters' worth of bytes. A longer file
    raises UnreadableFileError whose `first_part` is its beginning (cut at a line end)."""
    path = Path(path)
    limit = max_chars * _BYTES_PER_CHAR + 4
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"找不到文件“{path}”。") from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"“{path}”是文件夹，不是文件。") from exc
    except PermissionError as exc:
        raise UnreadableFileError(f"没有权限读取“{path}”。") from exc
    except OSError as exc:
        raise UnreadableFileError(f"无法读取“{path}”：{exc.strerror or exc}") from exc
    more = len(data) > limit
    decoded = decode(data[:limit] if more else data, path.name, truncated=more)
    if more or len(decoded.text) > max_chars:
        raise too_long(path.name, decoded.text, max_chars)
    return decoded


def too_long(name: str, text: str, max_chars: int) -> UnreadableFileError:
    head = text[:max_chars]
    cut = head.rfind("\n")
    if cut > max_chars // 2:
        head = head[:cut]
    return UnreadableFileError(f"“{name}”超过 {max_chars:,} 字，不像一份述职报告（报告一般不超过 10 万字），"
                               "整份导入会让检查变得很慢。", first_part=head)


def read_text_file(path: str | os.PathLike[str]) -> str:
    return read_text(path).text
