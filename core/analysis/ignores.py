"""忽略此处 / 忽略此规则: which findings the user dismissed, matched independently of offsets.

Two scopes: what is ignored for the open draft (rules and places, stored with the draft) and
rules ignored for all drafts (`all_drafts`, a small file in the data folder)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from core.analysis.findings import Finding

CONTEXT = 6  # characters before the flagged text that identify "this place"
ALL_DRAFTS_FILE = "ignored_rules.json"  # rules ignored in every draft


@dataclass
class IgnoreList:
    rules: set[str] = field(default_factory=set)
    # (rule, flagged text, the few characters before it)
    places: set[tuple[str, str, str]] = field(default_factory=set)
    all_drafts: set[str] = field(default_factory=set)  # rules ignored in every draft

    @staticmethod
    def place_key(f: Finding, text: str) -> tuple[str, str, str]:
        return (f.rule, f.text, text[max(0, f.start - CONTEXT):f.start])

    def ignore_place(self, f: Finding, text: str) -> None:
        self.places.add(self.place_key(f, text))

    def ignore_rule(self, rule_id: str) -> None:
        self.rules.add(rule_id)

    def ignore_rule_everywhere(self, rule_id: str) -> None:
        self.all_drafts.add(rule_id)

    def is_ignored(self, f: Finding, text: str) -> bool:
        return f.rule in self.rules or f.rule in self.all_drafts or self.place_key(f, text) in self.places

    def filter(self, findings: list[Finding], text: str) -> list[Finding]:
        if not self.rules and not self.places and not self.all_drafts:
            return findings
        return [f for f in findings if not self.is_ignored(f, text)]

    def copy(self) -> IgnoreList:
        """A plain snapshot (what an analysis request carries to the worker process)."""
        return IgnoreList(set(self.rules), set(self.places), set(self.all_drafts))

    def clear(self) -> None:
        """Forget what was ignored for this draft (a new or another draft); all-drafts rules stay."""
        self.rules.clear()
        self.places.clear()

    def clear_all_drafts(self) -> None:
        self.all_drafts.clear()


def load_all_drafts(data_dir: Path | None) -> set[str]:
    if data_dir is None:
        return set()
    try:
        raw = json.loads((Path(data_dir) / ALL_DRAFTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    rules = raw.get("rules", []) if isinstance(raw, dict) else []
    return {str(r) for r in rules if isinstance(r, str)}


def save_all_drafts(data_dir: Path, rules: set[str]) -> None:
    """Raises OSError when the data folder cannot be written (the caller says so)."""
    from core.common.atomic import atomic_write_text

    payload = {"rules": sorted(rules)}
    atomic_write_text(Path(data_dir) / ALL_DRAFTS_FILE, json.dumps(payload, ensure_ascii=False, indent=2))
