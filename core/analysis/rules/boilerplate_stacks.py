"""排比套话 for boilerplate.cliche: parallel items joined by 、 that say one thing in slogan form.

Three shapes (data in resources/boilerplate.toml [stacks]):
- a verb stack: three or more items ending in one verb, what comes before it varying
  (个人自主学、支部集中学、专题研讨学);
- a rhymed pair: two four-character items that share only their last character and are no
  dictionary words (抓在平时、严在经常);
- an idiom pair: two idioms of jieba's dictionary side by side (精益求精、锐意进取).
Enumerations of things share two characters or more (组织建设、队伍建设), are words (县级、乡级)
or are shorter than three characters: none of them is a stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.text.cjk import CJK_CLASS

_ITEM = rf"[{CJK_CLASS}]{{3,8}}"
_RUN = re.compile(rf"{_ITEM}(?:、{_ITEM})+")


def find_stacks(text: str, verb_tails: str, is_word: Callable[[str], bool],
                is_idiom: Callable[[str], bool]) -> list[tuple[int, int]]:
    """(start, end) of every stack in one paragraph."""
    out: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        items = m.group().split("、")
        # The run's first item may hold the words before the stack (通过|自主学): it is taken as
        # long as the second.
        items[0] = items[0][-len(items[1]):]
        ends = []  # end offset of each item in text
        pos = m.end()
        for it in reversed(items):
            ends.append(pos)
            pos -= len(it) + 1
        ends.reverse()
        starts = [e - len(it) for e, it in zip(ends, items, strict=True)]
        if (len(items) >= 3 and items[0][-1] in verb_tails and len({it[-1] for it in items}) == 1
                and len({it[-2] for it in items}) > 1):
            out.append((starts[0], ends[-1]))
            continue
        for k in range(len(items) - 1):
            x, y = items[k], items[k + 1]
            if len(x) != 4 or len(y) != 4:
                continue
            rhymed = x[-1] == y[-1] and x[-2] != y[-2] and not (is_word(x) or is_word(y))
            if rhymed or (is_idiom(x) and is_idiom(y)):
                out.append((starts[k], ends[k + 1]))
                break
    return out
