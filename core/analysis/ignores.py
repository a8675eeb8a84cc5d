"""忽略此处 / 忽略此规则: which findings the user dismissed, matched independently of offsets."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.analysis.findings import Finding

CONTEXT = 6  # characters before the flagged text that identify "this place"


@dataclass
class IgnoreList:
    rules: set[str] = field(default_factory=set)
    # (rule, flagged text, the few characters before it)
    places: set[tuple[str, str, str]] = field(default_factory=set)

    @staticmethod
    def place_key(f: Finding, text: str) -> tuple[str, str, str]:
        return (f.rule, f.text, text[max(0, f.start - CONTEXT):f.start])

    def ignore_place(self, f: Finding, text: str) -> None:
        self.places.add(self.place_key(f, text))

    def ignore_rule(self, rule_id: str) -> None:
        self.rules.add(rule_id)

    def is_ignored(self, f: Finding, text: str) -> bool:
        return f.rule in self.rules or self.place_key(f, text) in self.places

    def filter(self, findings: list[Finding], text: str) -> list[Finding]:
        if not self.rules and not self.places:
            return findings
        return [f for f in findings if not self.is_ignored(f, text)]

    def clear(self) -> None:
        self.rules.clear()
        self.places.clear()
