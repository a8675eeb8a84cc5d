"""What the 设置 dialog shows about each rule: group, description, an example it flags,
and the thresholds a user may tune (resources/threshold_specs.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from core.analysis.findings import category_of
from core.analysis.lexicon import Lexicon
from core.analysis.rules import all_rules
from core.common.paths import resource_path

MARKS = str.maketrans("", "", "⟦⟧")


@dataclass(frozen=True)
class RuleInfo:
    id: str
    category: str
    description: str
    example: str  # a sentence the rule flags (from resources/examples), or ""
    default_enabled: bool


@dataclass(frozen=True)
class ThresholdSpec:
    key: str  # "group.name" as read by RuleContext.threshold
    label: str
    kind: str  # "int" | "float" | "percent"
    minimum: float
    maximum: float
    step: float
    help: str


def _first_examples() -> dict[str, str]:
    out: dict[str, str] = {}
    folder = resource_path("examples")
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for rule_id, entry in data.items():
            flags = [f for f in entry.get("flag", []) if len(f) <= 80]
            if flags and rule_id not in out:
                out[rule_id] = flags[0].translate(MARKS)
    return out


def rule_catalog() -> list[RuleInfo]:
    examples = _first_examples()
    infos = [RuleInfo(r.id, category_of(r.id), r.description or r.id, examples.get(r.id, ""), r.default_enabled)
             for key, r in all_rules().items() if "#" not in key]
    return sorted(infos, key=lambda i: i.id)


def threshold_specs(lexicon: Lexicon | None = None) -> list[ThresholdSpec]:
    with open(resource_path("threshold_specs.toml"), "rb") as fh:
        data = tomllib.load(fh)
    defaults = lexicon.toml("thresholds") if lexicon is not None else {}
    specs = []
    for raw in data.get("threshold", []):
        group, name = raw["key"].split(".", 1)
        if lexicon is not None and name not in defaults.get(group, {}):
            continue  # a threshold whose rule family is not installed
        specs.append(ThresholdSpec(raw["key"], raw["label"], raw.get("type", "float"), raw.get("min", 0),
                                   raw.get("max", 100), raw.get("step", 1), raw.get("help", "")))
    return specs


def default_threshold(lexicon: Lexicon, key: str):
    group, name = key.split(".", 1)
    return lexicon.toml("thresholds").get(group, {}).get(name)
