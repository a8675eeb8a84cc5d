"""The calm checklist (issue 18): identical findings are one row with a count, a phrase flagged
as 套话 and as 重复 is one row, a severity filter; 查找 Enter finds the next match and says
"第 n / 共 m 处"; the report year defaults to last year in January–March."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt

from core.analysis.findings import Finding, Report, Severity
from core.analyzer import analyze
from ui.checklist_dock import ChecklistPanel
from ui.find_dialog import FindReplaceDialog
from ui.new_report_dialog import default_report_year

TEXT = "2025年度述职报告\n一、履职情况\n" + "我们组织学习XX次，开展活动XX场。\n" * 13


def rows(panel: ChecklistPanel) -> list[str]:
    return [r.text(0) for r in panel.finding_items()]


def test_twenty_six_placeholders_are_one_row_and_clicks_walk_them(qtbot):
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    report = analyze(TEXT)
    panel.show_report(report)
    placeholder_rows = [r for r in rows(panel) if "「XX」" in r]
    assert len(placeholder_rows) == 1 and "×26" in placeholder_rows[0]
    row = next(r for r in panel.finding_items() if "「XX」" in r.text(0))
    seen = []
    panel.finding_activated.connect(lambda f: seen.append(f.start))
    for _ in range(3):
        panel._activate(row)
    starts = [f.start for f in report.findings if f.text == "XX"]
    assert seen == starts[:3]


def test_same_phrase_as_cliche_and_repetition_is_one_row(qtbot):
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    text = "一、履职情况\n高度重视，狠抓落实。\n"
    a = Finding("boilerplate.cliche", Severity.INFO, 7, 11, "高度重视", "套话：高度重视")
    b = Finding("boilerplate.repetition", Severity.WARNING, 7, 11, "高度重视", "“高度重视”重复 3 次",
                data={"group": "g1"})
    panel.show_report(Report(text, "shuzhi", [], [], [a, b], {}, None))
    assert len([r for r in rows(panel) if "高度重视" in r]) == 1
    tip = next(r for r in panel.finding_items() if "高度重视" in r.text(0)).toolTip(0)
    assert "套话" in tip and "重复" in tip


def test_severity_filter(qtbot):
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.show_report(analyze(TEXT))
    everything = rows(panel)
    panel.filter.setCurrentText("只看错误")
    errors_only = rows(panel)
    assert errors_only and len(errors_only) < len(everything)
    assert all(r.startswith("●") for r in errors_only if not r.startswith("……"))
    panel.filter.setCurrentText("错误和提醒")
    assert len(errors_only) <= len(rows(panel)) <= len(everything)
    panel.filter.setCurrentText("全部")
    assert rows(panel) == everything


def test_find_enter_goes_to_the_next_match_and_counts(qtbot):
    from PySide6.QtWidgets import QPlainTextEdit

    ed = QPlainTextEdit()
    ed.setPlainText("支部 一 支部 二 支部 三")
    dlg = FindReplaceDialog(ed)
    qtbot.addWidget(ed)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.find_edit.setText("支部")
    qtbot.keyClick(dlg.find_edit, Qt.Key.Key_Return)
    assert ed.textCursor().selectionStart() == 0 and dlg.status.text() == "第 1 / 共 3 处"
    qtbot.keyClick(dlg.find_edit, Qt.Key.Key_Return)
    assert ed.textCursor().selectionStart() == 5 and dlg.status.text() == "第 2 / 共 3 处"


def test_report_year_defaults_to_last_year_in_the_first_quarter():
    assert default_report_year(datetime.date(2026, 1, 15)) == 2025
    assert default_report_year(datetime.date(2026, 3, 31)) == 2025
    assert default_report_year(datetime.date(2026, 4, 1)) == 2026


def test_sliced_rendering_builds_the_same_rows_and_a_newer_report_cancels_the_rest(qtbot, monkeypatch):
    """show_report(report, done): the rows of a long report are built over several event-loop
    turns (typing is never blocked for all of them); the result equals the one-go rendering,
    and a newer report started meanwhile wins (the older one's done is never called)."""
    long_text = "2025年度述职报告\n一、履职情况\n" + "".join(
        f"我们第{i}次组织学习XX次，开展活动{i}场，狠抓落实。\n" for i in range(400))
    old, new = analyze(long_text), analyze(TEXT)
    at_once = ChecklistPanel()
    qtbot.addWidget(at_once)
    at_once.show_report(old)
    expected_old = rows(at_once)
    at_once.show_report(new)
    expected_new = rows(at_once)

    from ui import checklist_dock

    monkeypatch.setattr(checklist_dock, "SLICE_SECONDS", 0.0)  # every yield ends a turn
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    finished = []
    panel.show_report(old, done=lambda: finished.append("old"))
    assert not finished  # more than one slice's work
    qtbot.waitUntil(lambda: finished == ["old"])
    assert rows(panel) == expected_old
    panel.show_report(new, done=lambda: finished.append("new-1"))
    panel.show_report(old, done=lambda: finished.append("old-2"))  # before new-1 is complete
    panel.show_report(new, done=lambda: finished.append("new-2"))
    qtbot.waitUntil(lambda: finished[-1] == "new-2")
    qtbot.wait(50)
    assert finished == ["old", "new-2"]
    assert rows(panel) == expected_new
    assert panel.findings.updatesEnabled()


def test_rows_of_the_same_findings_moved_by_typing_stand_for_the_new_ones(qtbot):
    """Typing above the findings: the rows are kept, and each stands for the new report's
    finding at its new place (not the old one's offsets)."""
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    panel.show_report(analyze(TEXT))
    before = [(r.text(0), [f.start for f in panel.entry_of(r)]) for r in panel.finding_items()
              if panel.entry_of(r)]
    moved = analyze(TEXT.replace("年度", "年度党建", 1))  # two characters typed in the title
    at = TEXT.index("年度") + 2
    items = panel.finding_items()
    panel.show_report(moved)
    assert panel.finding_items() == items  # the same rows, not rebuilt
    ids = {id(f) for f in moved.findings}
    after = [(r.text(0), panel.entry_of(r)) for r in panel.finding_items() if panel.entry_of(r)]
    assert len(after) == len(before)
    for (old_label, old_starts), (label, entry) in zip(before, after, strict=True):
        assert all(id(f) in ids for f in entry)
        assert [f.start for f in entry] == [s + 2 if s >= at else s for s in old_starts]
        assert label == old_label  # same line and column: the place moved within its line only
