"""`python -m core rules` (DESIGN 4.4) and the 设置 dialog read the same rule manifests."""

from __future__ import annotations

import json

from core.analysis.rule_catalog import load_manifests
from core.analysis.settings import AnalysisSettings
from core.cli import main as cli_main
from tests.test_rule_manifests import registered


def test_listing_shows_every_rule_with_its_chinese_name(capsys):
    assert cli_main(["rules"]) == 0
    out = capsys.readouterr().out
    manifests = load_manifests()
    for rid in registered():
        line = next(ln for ln in out.splitlines() if ln.strip().startswith(rid + " "))
        assert manifests[rid].name in line
    assert f"检查规则 {len(registered())} 条" in out


def test_json_carries_the_manifest_and_both_examples(capsys):
    assert cli_main(["rules", "hygiene", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["id"].startswith("hygiene.") for r in rows)
    row = next(r for r in rows if r["id"] == "hygiene.placeholder")
    assert row["name"] == load_manifests()["hygiene.placeholder"].name
    assert row["level"] == "error" and row["module"] == "core.analysis.rules.hygiene_residue"
    assert row["examples"]["flag"] and row["examples"]["pass"] and row["enabled"] is True


def test_examples_and_thresholds_in_text(capsys):
    assert cli_main(["rules", "substance.balance", "--examples"]) == 0
    out = capsys.readouterr().out
    assert "会被标出：" in out and "不会标出：" in out and "substance.balance_ratio = 0.1" in out


def test_unknown_rule_is_a_usage_error(capsys):
    assert cli_main(["rules", "hygiene.nosuch"]) == 2
    assert "没有这样的规则：hygiene.nosuch" in capsys.readouterr().err


def test_missing_data_dir_is_a_usage_error(tmp_path, capsys):
    assert cli_main(["rules", "--data-dir", str(tmp_path / "nope")]) == 2
    assert "数据目录不存在" in capsys.readouterr().err


def test_user_settings_show_as_switched_off(tmp_path, capsys):
    AnalysisSettings({"boilerplate.cliche"}, {"boilerplate.cliche_density_warn": 20.0}).save(tmp_path)
    assert cli_main(["rules", "boilerplate.cliche", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "（已关闭）" in out and "boilerplate.cliche_density_warn = 20.0" in out and "启用 0 条" in out


def test_settings_dialog_shows_names_and_both_examples(qtbot, data_dir):
    from core.analysis.lexicon import get_lexicon
    from ui.settings_dialog import RULE_ROLE, SettingsDialog

    dlg = SettingsDialog(data_dir, get_lexicon(), AnalysisSettings())
    qtbot.addWidget(dlg)
    item = dlg.rule_items["structure.missing_section"]
    name = load_manifests()["structure.missing_section"].name
    assert item.text(0) == name and item.data(0, RULE_ROLE) == "structure.missing_section"
    dlg.rule_tree.setCurrentItem(dlg.rule_items["hygiene.placeholder"])
    detail = dlg.rule_detail.text()
    assert load_manifests()["hygiene.placeholder"].name in detail
    assert "会被标出：" in detail and "不会标出：" in detail and "错误" in detail
