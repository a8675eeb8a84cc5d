"""字数 as Word counts it, the one rule used wherever the app shows a count (status bar, outline,
command line, drafts list, history).

- each Chinese character (and kana, full-width letter or digit) counts 1;
- each full-width punctuation mark or symbol (，。、；：？！“”‘’（）《》【】——……·①℃ …) counts 1;
- each run of other characters between spaces that holds a letter or a digit (a Latin word, a
  number such as 2024 or 3.5%, an e-mail address) counts 1 — "2024年" is 2, "ABC" is 1;
- spaces of every kind (incl. NBSP, the ideographic space, zero-width ones) and half-width
  punctuation standing alone count 0.
"""

from __future__ import annotations

import re

from core.text.cjk import CJK_CLASS

# Counted one by one: CJK ideographs (+ extension B and beyond, radicals, strokes), kana, CJK
# punctuation (not U+3000, a space), full-width forms, general punctuation (‐–—‘’“”…‰※) and the
# symbols Chinese text sets full-width (℃ № Ⅰ ① → ■ ● ★).
_ASIAN = (CJK_CLASS + "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u31c0-\u31ef\u3200-\u33ff"
          "\ufe30-\ufe4f\uff01-\uffee\u2010-\u2027\u2030-\u205e\u2100-\u27bf\u00b7"
          "\U00020000-\U0003134f")
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_ASIAN_RUN = re.compile(f"[{_ASIAN}]+")
OTHER_CHAR = f"[^\\s{_ASIAN}{_ZERO_WIDTH}]"  # a character of a counted Latin / digit run
_OTHER_RUN = re.compile(OTHER_CHAR + "+")


def word_count(text: str) -> int:
    """字数 of `text` by the rule above (Word's 字数 in its 字数统计 dialog)."""
    if not text:
        return 0
    asian = sum(map(len, _ASIAN_RUN.findall(text)))  # runs, not single characters: faster
    words = sum(1 for run in _OTHER_RUN.findall(text) if any(ch.isalnum() for ch in run))
    return asian + words


def format_count(n: int) -> str:
    """4567 → "4 567": digits grouped by three with a space, as the status bar shows them."""
    return f"{n:,}".replace(",", " ")


class TextCounter:
    """字数 and 段落 of a text being edited, line by line: a line's figures are kept until the
    next call, so a keystroke in a 50 000-character report recounts one line, not the whole
    text (both figures add up over lines: a line break separates every counted run)."""

    def __init__(self) -> None:
        self._lines: dict[str, tuple[int, bool]] = {}

    def count(self, text: str) -> tuple[int, int]:
        """(字数, non-blank paragraphs) of `text`, as word_count and count_paragraphs give them."""
        known, seen = self._lines, {}
        words = paras = 0
        for line in text.split("\n"):
            hit = seen.get(line) or known.get(line)
            if hit is None:
                hit = (word_count(line), bool(line.strip()))
            seen[line] = hit
            words += hit[0]
            paras += hit[1]
        self._lines = seen
        return words, paras
