"""Analysis settings: which rules run and their thresholds (defaults in resources/thresholds.toml)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETTINGS_FILE = "analysis_settings.json"


@dataclass
class AnalysisSettings:
    disabled_rules: set[str] = field(default_factory=set)
    thresholds: dict[str, Any] = field(default_factory=dict)
    # Tests and the rule examples run a single rule: None means "all enabled rules".
    only_rules: set[str] | None = None

    def enabled(self, rule_id: str, default: bool = True) -> bool:
        if self.only_rules is not None:
            return rule_id in self.only_rules
        return default and rule_id not in self.disabled_rules

    def key(self) -> tuple:
        """Hashable identity, so caches built under other settings are not reused."""
        return (frozenset(self.disabled_rules), tuple(sorted((k, repr(v)) for k, v in self.thresholds.items())),
                frozenset(self.only_rules) if self.only_rules is not None else None)

    @classmethod
    def load(cls, data_dir: Path | None) -> AnalysisSettings:
        if data_dir is None:
            return cls()
        path = Path(data_dir) / SETTINGS_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(set(raw.get("disabled_rules", [])), dict(raw.get("thresholds", {})))

    def save(self, data_dir: Path) -> None:
        from core.common.atomic import atomic_write_text

        payload = {"disabled_rules": sorted(self.disabled_rules), "thresholds": self.thresholds}
        atomic_write_text(Path(data_dir) / SETTINGS_FILE, json.dumps(payload, ensure_ascii=False, indent=2))
