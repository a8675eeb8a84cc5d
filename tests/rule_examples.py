"""Loads the must-flag / must-pass tables in resources/examples/*.toml.

Format, one table per rule id:
    ["hygiene.placeholder"]
    kind = "shuzhi"                      # optional
    compare = ["去年报告的全文……"]       # optional: other documents passed to analyze() (overlap)
    last_year = "上年度报告的全文……"      # optional: last year's report (substance.last_year)
    flag = ["共开展活动⟦XX⟧次。", …]     # ⟦…⟧ marks the exact span that must be flagged (optional)
    pass = ["开展 X 光体检。", …]
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from core.common.paths import resource_path

OPEN, CLOSE = "⟦", "⟧"


@dataclass
class Example:
    rule: str
    kind: str
    text: str
    spans: list[tuple[int, int]]
    must_flag: bool
    compare: tuple[str, ...] = ()
    last_year: str | None = None


def strip_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out, spans, start = [], [], None
    for ch in marked:
        if ch == OPEN:
            start = len("".join(out))
        elif ch == CLOSE and start is not None:
            spans.append((start, len("".join(out))))
            start = None
        else:
            out.append(ch)
    return "".join(out), spans


def load_examples() -> dict[str, list[Example]]:
    table: dict[str, list[Example]] = {}
    for path in sorted(resource_path("examples").glob("*.toml")):
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for rule_id, entry in data.items():
            kind = entry.get("kind", "shuzhi")
            compare = tuple(entry.get("compare", ()))
            last_year = entry.get("last_year")
            for marked in entry.get("flag", []):
                text, spans = strip_marks(marked)
                table.setdefault(rule_id, []).append(Example(rule_id, kind, text, spans, True, compare, last_year))
            for text in entry.get("pass", []):
                table.setdefault(rule_id, []).append(Example(rule_id, kind, text, [], False, compare, last_year))
    return table
