"""The CJK ideograph ranges, written once: basic block, extension A, compatibility ideographs."""

from __future__ import annotations

CJK_RANGES = (("\u4e00", "\u9fff"), ("\u3400", "\u4dbf"), ("\uf900", "\ufaff"))
CJK_CLASS = "".join(f"{lo}-{hi}" for lo, hi in CJK_RANGES)  # inside a regex [...] class


def is_cjk(ch: str) -> bool:
    return bool(ch) and any(lo <= ch <= hi for lo, hi in CJK_RANGES)
