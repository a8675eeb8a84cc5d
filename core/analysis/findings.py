"""Finding, checklist item and Report: the contract of DESIGN 4.1 / 4.4."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.text.wordcount import word_count


class Severity(StrEnum):
    ERROR = "error"  # must fix before submitting
    WARNING = "warning"  # very likely wrong
    INFO = "info"  # style suggestion

    def __str__(self) -> str:  # json / text output use the bare value
        return self.value


# Most severe first. Compare ranks, never the values: as strings "info" < "warning".
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "提醒", Severity.INFO: "建议"}

# Panel groups, keyed by rule-id prefix.
CATEGORY_BY_PREFIX = {
    "structure": "结构",
    "substance": "结构",
    "hygiene": "文字规范",
    "formulation": "规范表述",
    "boilerplate": "套话与重复",
}
CATEGORY_ORDER = ("结构", "文字规范", "规范表述", "套话与重复")


def category_of(rule_id: str) -> str:
    return CATEGORY_BY_PREFIX.get(rule_id.split(".", 1)[0], "其他")


@dataclass(slots=True)
class Finding:
    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    section: str | None = None
    # Extra machine-readable facts (repetition count, overlap source, …).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return category_of(self.rule)

    def shifted(self, delta: int) -> Finding:
        return Finding(self.rule, self.severity, self.start + delta, self.end + delta, self.text,
                       self.message, self.suggestion, self.section, dict(self.data))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }
        if self.section is not None:
            out["section"] = self.section
        if self.data:
            out["data"] = self.data
        return out


def is_replacement(f: Finding) -> bool:
    """A suggestion that can replace the flagged text as is (not advice)."""
    if not f.suggestion or f.end <= f.start:
        return False
    if f.data.get("replace") is False:
        return False
    if f.data.get("replace") is True:
        return True
    return len(f.suggestion) <= max(12, len(f.text) * 3) and not any(c in f.suggestion for c in "。；！？")


@dataclass(slots=True)
class ChecklistItem:
    id: str
    label: str
    status: str  # "pass" | "fail" | "warn" | "todo" (a part of a new skeleton, not written yet)
    message: str
    hint: str = ""  # 写作提示 shown on demand
    details: list[str] = field(default_factory=list)  # per-section figures shown under the item
    targets: list[tuple[int, int] | None] = field(default_factory=list)  # where each detail line jumps to

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "status": self.status, "message": self.message}


@dataclass(slots=True)
class SectionSpan:
    key: str
    title: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Report:
    text: str
    kind: str
    sections: list[SectionSpan]
    checklist: list[ChecklistItem]
    findings: list[Finding]
    stats: dict[str, Any] = field(default_factory=dict)
    document: Any = None  # the parsed core.text.document.Document (outline, current section); not serialised

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def words(self) -> int:
        """字数 as Word counts it (core/text/wordcount.py), the count shown to people."""
        return word_count(self.text)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "chars": self.chars,
            "sections": [s.to_dict() for s in self.sections],
            "checklist": [c.to_dict() for c in self.checklist],
            "findings": [f.to_dict() for f in self.findings],
        }
