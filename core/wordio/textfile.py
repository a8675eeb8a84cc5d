"""Reading text files in the encodings office PCs produce (DESIGN 4.4): UTF-8 with or without
BOM, UTF-16/32 with BOM, UTF-16 without BOM when unmistakable, and GB18030 (a superset of
GBK/GB2312). Binary files and empty files are refused with a Chinese message."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
MAX_CONTROL_RATIO = 0.005  # more stray control characters than this: not a text file


class UnreadableFileError(ValueError):
    """The file cannot be read as text; `str(err)` is a Chinese message for the user."""


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM, only when clearly so: many NULs, nearly all on one byte parity
    (ASCII-heavy text). Chinese-only UTF-16 without BOM is not guessable and is not tried."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    total = even + odd
    if total < len(data) // 10:
        return None
    if odd >= 0.9 * total:
        return "utf-16-le"
    if even >= 0.9 * total:
        return "utf-16-be"
    return None


def _too_many_controls(text: str) -> bool:
    controls = sum(1 for ch in text if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _ALLOWED_CONTROLS)
    return controls > 2 and controls > MAX_CONTROL_RATIO * len(text)


def decode_text(data: bytes, name: str = "文件") -> str:
    """Decode bytes as described in the module docstring; BOM removed, CRLF turned into LF."""
    if not data:
        raise UnreadableFileError(f"“{name}”文件为空。")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(f"“{name}”的编码已损坏，无法读取。") from exc
            break
    if text is None:
        if b"\x00" in data:
            encoding = _looks_utf16(data)
            if encoding is None:
                raise UnreadableFileError(f"“{name}”不是文本文件（含有二进制内容），无法导入。")
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFileError(f"“{name}”不是文本文件（含有二进制内容），无法导入。") from exc
        else:
            for encoding in ("utf-8", "gb18030"):
                try:
                    text = data.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise UnreadableFileError(f"无法识别“{name}”的文字编码（支持 UTF-8、GB18030/GBK、带 BOM 的 UTF-16）。")
    text = text.removeprefix("\ufeff")
    if "\x00" in text or _too_many_controls(text):
        raise UnreadableFileError(f"“{name}”不是文本文件（含有二进制内容），无法导入。")
    if not text.strip():
        raise UnreadableFileError(f"“{name}”文件为空。")
    return text.replace("\r\n", "\n")


def read_text_file(path: str | os.PathLike[str]) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise UnreadableFileError(f"找不到文件“{path}”。") from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(f"“{path}”是文件夹，不是文件。") from exc
    except PermissionError as exc:
        raise UnreadableFileError(f"没有权限读取“{path}”。") from exc
    except OSError as exc:
        raise UnreadableFileError(f"无法读取“{path}”：{exc.strerror or exc}") from exc
    return decode_text(data, path.name)
