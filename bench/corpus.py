"""Benchmark texts built from this project's own clean reports (tests/data), varied so that
paragraphs are not identical (identical paragraphs would flatter the per-paragraph caches)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("tests/data/clean_report_1.txt", "tests/data/clean_report_2.txt", "tests/data/docx/report.txt",
           "tests/data/clean_boilerplate_1.txt", "tests/data/clean_boilerplate_2.txt",
           "tests/data/clean_hygiene_1.txt", "tests/data/clean_hygiene_2.txt")
DIGITS = "0123456789"


def _vary(paragraph: str, n: int) -> str:
    # Change the figures so each copy is a distinct paragraph.
    out = []
    for ch in paragraph:
        out.append(DIGITS[(DIGITS.index(ch) + n) % 10] if ch in DIGITS else ch)
    return "".join(out) + ("" if n == 0 else f"（第{n}批）")


def report_text(chars: int) -> str:
    """A report of about `chars` characters: one title, then body paragraphs cycling the sources."""
    paras: list[str] = []
    for src in SOURCES:
        paras += [p for p in (ROOT / src).read_text(encoding="utf-8").split("\n")[1:] if p.strip()]
    out = ["2025年度抓基层党建工作述职报告"]
    total, n = len(out[0]), 0
    while total < chars:
        p = _vary(paras[n % len(paras)], n // len(paras))
        out.append(p)
        total += len(p) + 1
        n += 1
    return "\n".join(out)
