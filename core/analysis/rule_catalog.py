"""Rules as data: one manifest per rule (resources/rules/<prefix>.toml: Chinese name, level,
description, module, thresholds, data files) joined with its must-flag / must-pass examples
(resources/examples/*.toml). Read by the 设置 dialog, `python -m core rules` and the tests;
the thresholds a user may tune are described in resources/threshold_specs.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from core.analysis.findings import category_of
from core.analysis.lexicon import Lexicon
from core.analysis.rules import all_rules
from core.common.paths import resource_path

MARKS = str.maketrans("", "", "⟦⟧")
LEVELS = ("error", "warning", "info")
LEVEL_LABELS = {"error": "错误", "warning": "提醒", "info": "建议"}


@dataclass(frozen=True)
class RuleManifest:
    id: str
    name: str  # Chinese name shown to the user
    level: str  # the most severe level the rule reports: error | warning | info
    module: str  # the Python module that implements it (core.analysis.rules.<family>)
    description: str
    thresholds: tuple[str, ...] = ()  # "group.name" keys of thresholds.toml
    data: tuple[str, ...] = ()  # files under resources/ it reads
    source: str = ""  # the manifest file (for messages)


@dataclass(frozen=True)
class RuleInfo:
    id: str
    category: str
    description: str
    example: str  # a sentence the rule flags (from resources/examples), or ""
    default_enabled: bool
    name: str = ""  # Chinese name (the id when the rule has no manifest)
    level: str = "warning"
    pass_example: str = ""  # a similar sentence it leaves alone, or ""
    module: str = ""
    thresholds: tuple[str, ...] = ()
    data: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThresholdSpec:
    key: str  # "group.name" as read by RuleContext.threshold
    label: str
    kind: str  # "int" | "float" | "percent"
    minimum: float
    maximum: float
    step: float
    help: str


def load_manifests() -> dict[str, RuleManifest]:
    """Every table of resources/rules/*.toml, by rule id (a broken entry raises: shipped data)."""
    out: dict[str, RuleManifest] = {}
    folder = resource_path("rules")
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for rule_id, entry in data.items():
            out[rule_id] = RuleManifest(rule_id, entry["name"], entry["level"], entry["module"],
                                        entry["description"], tuple(entry.get("thresholds", ())),
                                        tuple(entry.get("data", ())), f"resources/rules/{path.name}")
    return out


def load_example_pairs() -> dict[str, tuple[str, str]]:
    """(must-flag example, must-pass example) per rule id, marks removed: the first of at most
    80 characters, else the shortest (structure rules need a whole report to show)."""
    flags: dict[str, list[str]] = {}
    passes: dict[str, list[str]] = {}
    folder = resource_path("examples")
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        for rule_id, entry in data.items():
            flags.setdefault(rule_id, []).extend(f.translate(MARKS) for f in entry.get("flag", []))
            passes.setdefault(rule_id, []).extend(t for t in entry.get("pass", []) if t.strip())
    return {rid: (_pick(flags.get(rid, [])), _pick(passes.get(rid, []))) for rid in flags.keys() | passes.keys()}


def _pick(texts: list[str]) -> str:
    short = [t for t in texts if len(t) <= 80]
    return short[0] if short else min(texts, key=len, default="")


def rule_catalog() -> list[RuleInfo]:
    examples = load_example_pairs()
    manifests = load_manifests()
    infos = []
    for key, r in all_rules().items():
        if "#" in key:
            continue  # a part of another rule (rules/__init__.py), listed under that rule
        m = manifests.get(r.id)
        flag, ok = examples.get(r.id, ("", ""))
        if m is None:  # a rule added without a manifest still shows (tests/test_rule_manifests.py fails)
            infos.append(RuleInfo(r.id, category_of(r.id), r.description or r.id, flag, r.default_enabled,
                                  r.id, "warning", ok, r.func.__module__))
            continue
        infos.append(RuleInfo(r.id, category_of(r.id), m.description, flag, r.default_enabled, m.name, m.level,
                              ok, m.module, m.thresholds, m.data))
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
