"""Garbled text (乱码), reported by hygiene.typo: what a wrong decoding leaves in copied text.

Two signs, both foreign to real Chinese prose:
- a stretch that, written back as GBK (or cp1252) bytes, reads as UTF-8 Chinese: a UTF-8 page or
  file opened as GBK (鍏氬缓宸ヤ綔 is 党建工作) or as Latin-1 (å…šå»º). Common GBK text almost never
  forms three UTF-8 characters at a character boundary, so the decoded text is the suggestion;
- characters of scripts a Chinese report does not use (kana, bopomofo, Cyrillic, vertical
  presentation forms), U+FFFD and 锟斤拷 next to Chinese characters: the rest of a partly broken
  decoding, where the original cannot be recovered.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from core.analysis.findings import Finding, Severity
from core.analysis.rules.hygiene_words import TYPO

# UTF-8 encoded BMP characters (CJK, their punctuation, full-width forms): three or more make a
# reading alone, two only beside another reading or a lost byte.
_UTF8_PAIR = re.compile(rb"(?:[\xe2-\xe9\xef][\x80-\xbf]{2}){2,}")
_HAN = re.compile("[\u4e00-\u9fff]")
# Kana (not ・ or ー, which Chinese typesetting borrows), bopomofo, Cyrillic, vertical forms,
# half-width katakana and the replacement character.
_FOREIGN = "\u3041-\u30fa\u30fd-\u30ff\u31f0-\u31ff\u3105-\u312f\u0400-\u04ff\ufe30-\ufe4f\uff66-\uff9d\ufffd"
_FOREIGN_RUN = re.compile(f"(?:[{_FOREIGN}]|锟斤拷)+")
_CERTAIN = ("\ufffd", "锟斤拷")
# Accented Latin letters a cp1252 reading of UTF-8 starts with; a report has none.
_LATIN_LEAD = re.compile("[\u00e2-\u00e9\u00ef]")
_LATIN_RUN = re.compile("[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                        "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\x81\x8d\x8f\x90\x9d]{6,}")


def _gbk_lead_chars() -> str:
    """Characters whose GBK form starts as a UTF-8 character does: every GBK reading begins with one."""
    out = []
    for lead in [*range(0xE2, 0xEA), 0xEF]:
        for trail in range(0x80, 0xC0):
            try:
                out.append(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return "".join(out)


# One C-level scan that every garbled stretch trips; almost no real paragraph does.
_SUSPECT = re.compile("[" + re.escape(_gbk_lead_chars()) + _FOREIGN + "锟\u00e2-\u00e9\u00ef]")
_MERGE_GAP = 3  # garbled pieces this close are one stretch


def _cp1252_byte(ch: str) -> int | None:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(ch) if ord(ch) < 0x100 else None  # 0x81, 0x8d…: undefined in cp1252, kept as Latin-1


def _plausible(decoded: str, ctx, least: int = 3) -> bool:
    han = _HAN.findall(decoded)
    if len(han) < least:
        return False
    known = sum(1 for ch in han if ctx.lexicon.word_freq(ch) > 0)
    return known * 5 >= len(han) * 4  # a coincidence of bytes decodes to rare characters


def _near(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) lies within _MERGE_GAP of one of `spans` (sorted and disjoint)."""
    j = bisect_right(spans, (e + _MERGE_GAP, 1 << 62)) - 1
    return j >= 0 and spans[j][1] >= s - _MERGE_GAP


def _gbk_readings(text: str, ctx):
    """(start, end, original) of stretches that are UTF-8 read as GBK."""
    text = text.replace("\ufffd", "\x00")  # a lost byte: never part of a reading (offsets unchanged)
    raw = text.encode("gb18030", errors="replace")
    if _UTF8_PAIR.search(raw) is None:
        return
    starts = list(accumulate((len(ch.encode("gb18030", errors="replace")) for ch in text), initial=0))
    found: list[tuple[int, int, str]] = []
    short: list[tuple[int, int, str]] = []
    i = last_end = 0
    while i < len(text):
        m = _UTF8_PAIR.match(raw, starts[i])
        if m is None and starts[i + 1] - starts[i] == 2 and i and (text[i - 1] == "\x00" or i == last_end):
            m = _UTF8_PAIR.match(raw, starts[i] + 1)  # after a lost byte the reading goes on mid-character
        if m is None:
            i += 1
            continue
        decoded = m.group().decode("utf-8", errors="replace")
        end = bisect_left(starts, m.end())  # a reading that ends inside a character takes all of it
        if _plausible(decoded, ctx, 3):
            found.append((i, end, decoded))
            i = last_end = end
        elif _plausible(decoded, ctx, 2):
            short.append((i, end, decoded))
            i = last_end = end
        else:
            i += 1
    lost = [(i, i + 1) for i, ch in enumerate(text) if ch == "\x00"] if "\x00" in text else []
    near = sorted([(a, b) for a, b, _ in found] + lost)
    found += [p for p in short if _near(near, p[0], p[1])]
    yield from found


def _latin_readings(text: str, ctx):
    if _LATIN_LEAD.search(text) is None:
        return
    for run in _LATIN_RUN.finditer(text):
        codes = [_cp1252_byte(ch) for ch in run.group()]
        if None in codes:
            continue
        decoded = bytes(codes).decode("utf-8", errors="ignore")
        if _plausible(decoded, ctx):
            yield run.start(), run.end(), decoded


def _pieces(text: str, ctx) -> list[tuple[int, int, str | None, str]]:
    """Merged garbled stretches: (start, end, the original if wholly recovered, what could be read)."""
    pieces = sorted([*_gbk_readings(text, ctx), *_latin_readings(text, ctx)])
    readings = [(s, e) for s, e, _ in pieces]
    for m in _FOREIGN_RUN.finditer(text):
        s, e = m.span()
        beside = text[max(0, s - 1):s] + text[e:e + 1]
        certain = any(c in m.group() for c in _CERTAIN)
        if certain or _HAN.search(beside) or _near(readings, s, e):
            pieces.append((s, e, None))
    pieces.sort()
    merged: list[list] = []
    for s, e, decoded in pieces:
        if merged and s <= merged[-1][1] + _MERGE_GAP:
            last = merged[-1]
            if e > last[1]:
                last[1] = e
                last[2] = None  # bytes were lost between the pieces: not wholly recoverable
                last[3] += "□" + (decoded or "")
            continue
        merged.append([s, e, decoded, decoded or ""])
    return [(s, e, d, re.sub("□+", "□", r).strip("□")) for s, e, d, r in merged]


_EXPLAINS = "hygiene.traditional"  # rare characters of the garbage read as traditional ones


def garbled(text: str, ctx):
    """hygiene.typo findings for garbled stretches of one paragraph."""
    if _SUSPECT.search(text) is None:
        return
    for s, e, decoded, reading in _pieces(text, ctx):
        data = {"explains_inside": [_EXPLAINS]}
        shown = text[s:e] if e - s <= 12 else text[s:s + 12] + "…"
        if decoded is not None:
            sev = Severity.ERROR if len(_HAN.findall(decoded)) >= 4 else Severity.WARNING
            yield Finding(TYPO, sev, s, e, "",
                          f"“{shown}”是乱码：UTF-8 编码的文字被当成 GBK 或西文读出，原文应是“{decoded}”；"
                          "请从原文件重新复制，或按建议改正。", decoded, data=data)
        elif reading:
            yield Finding(TYPO, Severity.ERROR, s, e, "",
                          f"“{shown}”是乱码：UTF-8 编码的文字被当成 GBK 读出，部分字节已丢失，能读出的是"
                          f"“{reading}”（□为丢失的字）；请从原文件重新复制。", data=data)
        else:
            certain = any(c in text[s:e] for c in _CERTAIN)
            yield Finding(TYPO, Severity.ERROR if certain else Severity.WARNING, s, e, "",
                          f"“{shown}”疑似乱码：中文报告里不会有的字符（日文假名、注音、俄文字母或替换符“�”），"
                          "多为文字编码出错后的残留，请对照原文重新录入。", data=data)
