"""Rules as data (DESIGN 3, issue 15): every registered rule has a manifest in resources/rules/,
its id leads to its module in one step, and what the manifest promises is true (thresholds exist,
data files exist, the examples are there and never flagged more severely than `level`)."""

from __future__ import annotations

import importlib
import re

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.rule_catalog import LEVELS, load_example_pairs, load_manifests, rule_catalog
from core.analysis.rules import all_rules
from core.common.paths import resource_path
from tests.rule_examples import load_examples

CJK = re.compile(r"[\u4e00-\u9fff]")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def registered() -> dict:
    """Rule id -> its rule (a `part` registered as "id#part" reports under an id owned elsewhere)."""
    return {key: r for key, r in all_rules().items() if "#" not in key}


def _stub(rule) -> str:
    prefix = rule.id.split(".")[0]
    return (f'\n["{rule.id}"]\nname = "（中文名）"\nlevel = "warning"  # error | warning | info: the most severe it reports\n'
            f'module = "{rule.func.__module__}"\ndescription = "{rule.description}"\n'
            f'thresholds = []  # keys of resources/thresholds.toml it reads, as "group.name"\n'
            f'data = []  # files under resources/ it reads, e.g. "hygiene.toml", "words/x.txt"\n'
            f"-> append this table to resources/rules/{prefix}.toml (examples: resources/examples/*.toml)")


def test_every_registered_rule_has_a_manifest():
    manifests = load_manifests()
    missing = [r for rid, r in sorted(registered().items()) if rid not in manifests]
    assert not missing, "rules without a manifest:\n" + "\n".join(_stub(r) for r in missing)


def test_every_manifest_names_a_registered_rule():
    rules = registered()
    stray = [f"{m.id} (in {m.source})" for m in load_manifests().values() if m.id not in rules]
    assert not stray, f"manifests of rules that are not registered (renamed or removed?): {stray}"


def test_the_id_leads_to_its_module_in_one_step():
    rules = registered()
    for m in load_manifests().values():
        if m.id not in rules:
            continue
        module = importlib.import_module(m.module)
        impl = rules[m.id].func
        assert impl.__module__ == m.module, (
            f"{m.source} [{m.id}]: module = \"{m.module}\", but the rule is registered in \"{impl.__module__}\"")
        assert getattr(module, impl.__name__, None) is impl, f"{m.id}: {m.module} has no {impl.__name__}"
        # The module is named after the id's prefix (hygiene.* live in rules/hygiene_*.py …).
        prefix = m.id.split(".")[0]
        assert m.module.startswith(f"core.analysis.rules.{prefix}"), (
            f"{m.id}: module {m.module} should be core.analysis.rules.{prefix}_…")


def test_manifest_fields_are_meaningful():
    thresholds = get_lexicon().toml("thresholds")
    for m in load_manifests().values():
        where = f"{m.source} [{m.id}]"
        assert CJK.search(m.name) and len(m.name) <= 12, f"{where}: name must be a short Chinese name, got {m.name!r}"
        assert m.level in LEVELS, f"{where}: level must be one of {LEVELS}, got {m.level!r}"
        assert CJK.search(m.description), f"{where}: description must be Chinese"
        for key in m.thresholds:
            group, _, name = key.partition(".")
            assert name in thresholds.get(group, {}), f"{where}: threshold {key!r} is not in resources/thresholds.toml"
        for rel in m.data:
            assert resource_path(rel).is_file(), f"{where}: data file resources/{rel} does not exist"


def test_every_rule_shows_both_examples():
    pairs = load_example_pairs()
    for rid in registered():
        flag, ok = pairs.get(rid, ("", ""))
        assert flag and ok, (f"{rid}: the 设置 dialog shows one must-flag and one must-pass example: "
                             f"add flag = […] and pass = […] under [\"{rid}\"] in resources/examples/{rid.split('.')[0]}.toml")
    names = {i.id: i.name for i in rule_catalog()}
    assert names["structure.missing_section"] != "structure.missing_section"


def test_level_is_the_most_severe_level_the_examples_get():
    manifests = load_manifests()
    analyzer = Analyzer(get_lexicon())
    for rid, examples in load_examples().items():
        m = manifests.get(rid)
        if m is None:
            continue
        for ex in examples:
            if not ex.must_flag:
                continue
            for f in analyzer.analyze(ex.text, ex.kind, ex.compare).findings:
                if f.rule == rid:
                    assert SEVERITY_RANK[f.severity.value] >= SEVERITY_RANK[m.level], (
                        f"{m.source} [{rid}]: level = \"{m.level}\" but {ex.text!r} gets {f.severity.value}")
