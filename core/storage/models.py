"""Plain data returned by `core.storage` (no behaviour, no sqlite): rows and version reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Version reasons: stored as short codes, shown with these labels.
REASONS = {
    "manual": "手动保存",
    "auto": "自动快照",
    "before_restore": "恢复前",
    "before_import": "导入前",
}


@dataclass(slots=True, frozen=True)
class DraftSummary:
    """A draft-list row: everything but the body."""
    id: int
    title: str
    kind: str
    year: int | None
    unit: str
    author: str
    chars: int
    created: float
    updated: float
    deleted: float | None


@dataclass(slots=True, frozen=True)
class Draft:
    id: int
    title: str
    kind: str
    year: int | None
    unit: str
    author: str
    body: str
    cursor: int
    created: float
    updated: float
    deleted: float | None


@dataclass(slots=True, frozen=True)
class VersionInfo:
    id: int
    draft_id: int
    created: float
    reason: str
    chars: int

    @property
    def reason_label(self) -> str:
        return REASONS.get(self.reason, self.reason)


@dataclass(slots=True, frozen=True)
class Version(VersionInfo):
    body: str


@dataclass(slots=True, frozen=True)
class Ignore:
    """忽略此规则 when `text` is None; 忽略此处 otherwise (`occurrence`: which one, None = all)."""
    id: int
    draft_id: int
    rule: str
    text: str | None
    occurrence: int | None


YEAR_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")


def replace_report_year(line: str, old: int, new: int) -> tuple[str, int]:
    """Replace `old` with `new` where it reads as the report year ("2024年度", "2024 年")."""
    return re.subn(rf"(?<!\d){old}(?=\s*年)", str(new), line)


def replace_year_in_heading_lines(body: str, old: int, new: int) -> str:
    """The body's first non-empty line (its title) gets "2024年…" replaced; the opening sentence
    (根据…/…报告如下, within the next two non-empty lines) only "2024年度". Nothing else: a year
    in the body may be a date or a comparison that the writer must review."""
    lines = body.split("\n")
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if seen == 0:
            lines[i] = replace_report_year(line, old, new)[0]
        elif line.lstrip().startswith("根据") or "报告如下" in line:
            lines[i] = re.sub(rf"(?<!\d){old}(?=\s*年度)", str(new), line)
            break
        seen += 1
        if seen > 2:
            break
    return "\n".join(lines)


@dataclass(slots=True, frozen=True)
class LastYearLink:
    """The report of the year before that a draft is checked against: a draft or a file."""
    draft_id: int
    source_id: int | None
    path: str | None
