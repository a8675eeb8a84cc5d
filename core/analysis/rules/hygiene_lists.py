"""hygiene.punctuation, fixed enumerations: a 顿号 lost between two items of a fixed list.

The lists are the enumerations of formulations.toml (`items`: 把方向、管大局、保落实 …). Three or
more of one list's items in their official order, with nothing between two of them
(作决策、促改革保落实), lost a separator: a warning when another gap of the same run has one (the
writer separates the items), info when none has (不敢腐不能腐不想腐 may be a slogan set that way).
Two items alone prove nothing (开放共享 is an ordinary phrase), so they are never flagged.
"""

from __future__ import annotations

import re

from core.analysis.findings import Finding, Severity
from core.analysis.rules.hygiene_common import cached, trie_pattern

PUNCTUATION = "hygiene.punctuation"
# Between two items of a list: a separator, or a conjunction before the last item (A、B和C).
_SEPARATORS = ("、", "，", ",", "；", "和", "及", "与")
_MIN_ITEMS = 3


def _lists(ctx):
    """(regex of a run of list items, item -> [(list, index in it)]) from the formulations, or None."""
    def build():
        lists: list[tuple[str, tuple[str, ...]]] = []
        for raw in ctx.lexicon.toml("formulations").get("formulation", []):
            items = tuple(i for i in raw.get("items", []) if isinstance(i, str) and i)
            if len(items) >= _MIN_ITEMS and len(set(items)) == len(items):
                lists.append((raw.get("text", "、".join(items)), items))
        where: dict[str, list[tuple[int, int]]] = {}
        for n, (_text, items) in enumerate(lists):
            for k, item in enumerate(items):
                where.setdefault(item, []).append((n, k))
        if not where:
            return None
        alt = trie_pattern(sorted(where, key=len, reverse=True))
        sep = "|".join(map(re.escape, _SEPARATORS))
        # One class of the first characters in front: `re` then skips most positions with one test.
        first = re.escape("".join(sorted({i[0] for i in where})))
        rx = re.compile(f"(?=[{first}])(?:{alt})(?:(?:{sep})?(?:{alt})){{{_MIN_ITEMS - 1},}}")
        return rx, where, lists

    return cached(ctx, "hygiene:fixed_lists", build)


def _split(run: str, where: dict) -> list[tuple[str, str]]:
    """The run as (separator before, item) pairs, longest item first at each place."""
    out: list[tuple[str, str]] = []
    q, sep = 0, ""
    longest = max(map(len, where))
    while q < len(run):
        for n in range(min(longest, len(run) - q), 0, -1):
            if run[q:q + n] in where:
                out.append((sep, run[q:q + n]))
                q += n
                sep = ""
                break
        else:
            if run[q] not in _SEPARATORS:
                return out
            sep += run[q]
            q += 1
    return out


def lost_separators(text: str, ctx):
    data = _lists(ctx)
    if data is None:
        return
    rx, where, lists = data
    for m in rx.finditer(text):
        parts = _split(m.group(), where)
        if len(parts) < _MIN_ITEMS:
            continue
        # The list whose items these are, one after another in its official order.
        for n, k in where[parts[0][1]]:
            items = lists[n][1]
            if items[k:k + len(parts)] == tuple(item for _sep, item in parts):
                break
        else:
            continue
        gaps = [sep for sep, _item in parts[1:]]
        if all(gaps):
            continue
        used = next((g for g in gaps if g in ("、", "，", ",", "；")), "")
        sep = "，" if used in ("，", ",") else used or "、"
        severity = Severity.WARNING if any(gaps) else Severity.INFO
        pos = m.start()
        for i, (before, item) in enumerate(parts):
            start = pos + len(before)
            end = start + len(item)
            if i and not before:
                prev = parts[i - 1][1]
                yield Finding(PUNCTUATION, severity, start - len(prev), end, "",
                              f"固定提法“{lists[n][0]}”的“{prev}”与“{item}”之间漏了“{sep}”。",
                              prev + sep + item)
            pos = end
