"""Issue 9: the 新建报告 wizard, rule switches, thresholds and the user's word lists."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.__main__ import main as cli_main
from core.analysis.lexicon import get_lexicon
from core.analysis.templates import report_skeleton
from core.analysis.user_lists import write_user_list
from tests.ui_helpers import make_window
from ui.new_report_dialog import NewReportDialog
from ui.settings_dialog import SettingsDialog

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")


def render(qtbot, w, action, timeout=15000):
    with qtbot.waitSignal(w.report_rendered, timeout=timeout, check_params_cb=lambda r: r.text == w.text()):
        action()
    return w.last_report


def test_skeleton_has_title_and_headings_in_order():
    kind = get_lexicon().kind("shuzhi")
    text = report_skeleton(kind, 2026, "某县财政局党组", "李明")
    lines = text.split("\n")
    assert lines[0] == "2026年度抓基层党建工作述职报告"
    assert lines[1] == "某县财政局党组 李明"
    assert [ln for ln in lines if "、" in ln[:3]] == ["一、履职情况", "二、存在问题", "三、原因分析", "四、下一步打算"]


def test_wizard_creates_a_report_with_every_section_present_but_empty(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    created = []
    w.report_created.connect(lambda text, meta: created.append(meta))

    def fill_and_accept():
        dlg = next(d for d in QApplication.topLevelWidgets() if isinstance(d, NewReportDialog) and d.isVisible())
        dlg.kind_combo.setCurrentIndex(dlg.kind_combo.findData("shuzhi"))
        dlg.unit_edit.setText("某县财政局党组")
        dlg.author_edit.setText("李明")
        dlg.year_spin.setValue(2026)
        dlg.accept()

    QTimer.singleShot(100, fill_and_accept)
    w.new_report()
    # The start-up analysis of the empty editor may land while the dialog is open: wait for the skeleton's.
    qtbot.waitUntil(lambda: w.last_report is not None and w.last_report.text == w.text() != "", timeout=15000)
    report = w.last_report
    assert created == [{"kind": "shuzhi", "unit": "某县财政局党组", "author": "李明", "year": 2026}]
    assert w.text().startswith("2026年度抓基层党建工作述职报告\n")
    status = {c.id: c.status for c in report.checklist}
    for key in ("performance", "problems", "causes", "plans"):
        assert status[f"section.{key}"] == "todo", key  # 待填写, grey (issue 18)
    assert all(c.hint for c in report.checklist if c.id.startswith("section."))


def test_rule_switched_off_disappears_from_panel_and_cli(qtbot, data_dir, tmp_path, capsys):
    w = make_window(qtbot, data_dir)
    text = CLEAN.split("四、原因分析")[0] + "五、下一步打算" + CLEAN.split("五、下一步打算")[1]
    report = render(qtbot, w, lambda: w.set_text(text))
    assert any(f.rule == "structure.missing_section" for f in report.findings)
    dlg = SettingsDialog(data_dir, w.lexicon, w.analysis.settings, w)
    dlg.set_rule_enabled("structure.missing_section", False)
    report = render(qtbot, w, lambda: w.apply_settings(dlg.save()))
    assert not any(f.rule == "structure.missing_section" for f in report.findings)
    shown = [w.checklist.finding_of(it) for it in w.checklist.finding_items()]
    assert not any(f is not None and f.rule == "structure.missing_section" for f in shown)
    # The command line honours the same data folder.
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    cli_main(["check", "--format", "json", "--data-dir", str(data_dir), str(path)])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)[0]["findings"]}
    assert "structure.missing_section" not in rules
    cli_main(["check", "--format", "json", str(path)])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)[0]["findings"]}
    assert "structure.missing_section" in rules


def test_threshold_change_applies(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    report = render(qtbot, w, lambda: w.set_text(CLEAN))
    assert not any(f.rule == "substance.balance" for f in report.findings)
    dlg = SettingsDialog(data_dir, w.lexicon, w.analysis.settings, w)
    dlg.threshold_widgets["substance.balance_ratio"].setValue(90)  # percent
    report = render(qtbot, w, lambda: w.apply_settings(dlg.save()))
    assert any(f.rule == "substance.balance" for f in report.findings)


def test_whitelisted_word_stops_being_flagged_at_once(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("我牵头制定整改方案", "我牵头制定XX方案")
    report = render(qtbot, w, lambda: w.set_text(text))
    assert any(f.text == "XX" for f in report.findings)
    dlg = SettingsDialog(data_dir, w.lexicon, w.analysis.settings, w)
    dlg.list_editors["whitelist"].input.setText("XX方案")
    dlg.list_editors["whitelist"].add_current()
    report = render(qtbot, w, lambda: w.apply_settings(dlg.save()))
    assert not any(f.text == "XX" for f in report.findings)


def test_user_formulation_is_enforced(data_dir, tmp_path, capsys):
    write_user_list(data_dir, "formulations", ["“四下基层”制度"])
    path = tmp_path / "r.txt"
    path.write_text(CLEAN.replace("带队蹲点调研", "落实“四下基础”制度，带队蹲点调研"), encoding="utf-8")
    cli_main(["check", "--format", "json", "--data-dir", str(data_dir), str(path)])
    findings = json.loads(capsys.readouterr().out)[0]["findings"]
    hits = [f for f in findings if f["rule"] == "formulation.variant"]
    assert hits and "四下基层" in (hits[0]["suggestion"] or "")
