"""The main window as a secretary uses it: type, watch the checklist, click, fix, undo, ignore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from tests.ui_helpers import ime_type, make_window

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")
BEFORE_CAUSES, AFTER_CAUSES = CLEAN.split("四、原因分析\n")


def render(qtbot, w, action, timeout=15000):
    """Run `action` and wait until the panel shows the analysis of the resulting text."""
    with qtbot.waitSignal(w.report_rendered, timeout=timeout, check_params_cb=lambda r: r.text == w.text()):
        action()
    return w.last_report


def type_at_end(w, text):
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    ime_type(w.editor, text)


def test_causes_item_turns_green_when_heading_is_typed(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    causes_body = AFTER_CAUSES.split("五、下一步打算")[0]
    plans = "五、下一步打算" + AFTER_CAUSES.split("五、下一步打算")[1]
    render(qtbot, w, lambda: w.set_text(BEFORE_CAUSES + plans))
    assert w.checklist.checklist_status("section.causes") == "fail"
    assert "✘ 原因分析：未找到" in [w.checklist.sections.topLevelItem(i).text(0)
                                for i in range(w.checklist.sections.topLevelItemCount())]
    # The secretary places the cursor before 五、下一步打算 and types the missing part.
    cur = w.editor.textCursor()
    cur.setPosition(len(BEFORE_CAUSES))
    w.editor.setTextCursor(cur)
    render(qtbot, w, lambda: ime_type(w.editor, "四、原因分析\n" + causes_body))
    assert w.checklist.checklist_status("section.causes") == "pass"


def test_placeholder_is_marked_listed_and_selectable(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(CLEAN))
    para = "全年共开展活动"
    pos = CLEAN.index("（二）带头抓责任落实。")
    cur = w.editor.textCursor()
    cur.setPosition(pos)
    w.editor.setTextCursor(cur)
    report = render(qtbot, w, lambda: ime_type(w.editor, para + "XX次。"))
    hits = [f for f in report.findings if f.rule == "hygiene.placeholder"]
    assert [f.text for f in hits] == ["XX"]
    start = w.text().index(para + "XX") + len(para)
    assert (hits[0].start, hits[0].end) == (start, start + 2)
    # The mark is in the editor and the entry is in the panel.
    assert any(sel.cursor.selectedText() == "XX" for sel in w.editor.extraSelections())
    items = [it for it in w.checklist.finding_items() if "XX" in it.text(0)]
    assert items
    rect = w.checklist.findings.visualItemRect(items[0])
    qtbot.mouseClick(w.checklist.findings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    sel = w.editor.textCursor()
    assert (sel.selectionStart(), sel.selectionEnd()) == (start, start + 2)
    assert sel.selectedText() == "XX"


def test_apply_suggestion_then_undo(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("我牵头制定整改方案", "我牵头布署整改方案")
    report = render(qtbot, w, lambda: w.set_text(text))
    typo = next(f for f in report.findings if f.rule == "hygiene.typo" and f.text == "布署")
    assert w.editor.apply_suggestion(typo)
    assert "我牵头部署整改方案" in w.text()
    w.editor.undo()
    assert w.text() == text


def test_ignore_here_hides_the_finding(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("列出责任清单42条", "列出责任清单XX条")
    report = render(qtbot, w, lambda: w.set_text(text))
    f = next(f for f in report.findings if f.rule == "hygiene.placeholder")
    report = render(qtbot, w, lambda: w.editor.ignore_here.emit(f))
    assert not [g for g in report.findings if g.rule == "hygiene.placeholder"]
    assert not [it for it in w.checklist.finding_items() if "XX" in it.text(0)]


def test_ignore_rule_hides_all_of_its_findings(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(BEFORE_CAUSES))
    assert any(f.rule == "structure.missing_section" for f in w.last_report.findings)
    report = render(qtbot, w, lambda: w.editor.ignore_rule.emit("structure.missing_section"))
    assert not any(f.rule == "structure.missing_section" for f in report.findings)


def test_rapid_edits_show_only_the_final_result(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(CLEAN))
    seen = []
    w.report_rendered.connect(lambda r: seen.append(r.text))

    def burst():
        for i in range(20):
            type_at_end(w, f"补充{i}")

    render(qtbot, w, burst)
    qtbot.wait(500)
    assert seen and all(t == w.text() for t in seen)
    assert w.last_report.text == w.text()


def test_switching_kind_changes_sections(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(CLEAN))
    ids = [c.id for c in w.last_report.checklist]
    assert "section.performance" in ids
    report = render(qtbot, w, lambda: w.kind_combo.setCurrentIndex(w.kind_combo.findData("duizhao")))
    assert report.kind == "duizhao"
    assert "section.performance" not in [c.id for c in report.checklist]


def test_f8_walks_through_findings(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("列出责任清单42条", "列出责任清单XX条").replace("参评党员213名", "参评党员**名")
    render(qtbot, w, lambda: w.set_text(text))
    w.editor.moveCursor(QTextCursor.MoveOperation.Start)
    first = w.goto_finding(+1)
    second = w.goto_finding(+1)
    assert first is not None and second is not None and first.start < second.start
    assert w.goto_finding(-1) is first


def test_pasted_rich_text_arrives_plain(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    mime = QMimeData()
    mime.setHtml("<p><b>一、履职情况</b></p><p style='color:red'>我主持召开会议。</p>")
    mime.setText("一、履职情况\n我主持召开会议。")
    clipboard = QApplication.clipboard()
    clipboard.setMimeData(mime)
    try:
        w.editor.paste()
    finally:
        # The clipboard owns the Python-made QMimeData; left there, Qt frees it
        # after Python has shut down and the process segfaults at exit.
        clipboard.clear()
    assert w.text() == "一、履职情况\n我主持召开会议。"


def test_outline_lists_headings_and_jumps(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(CLEAN))
    top = [w.outline.topLevelItem(i).text(0) for i in range(w.outline.topLevelItemCount())]
    assert "二、履职情况" in top
    item = next(w.outline.topLevelItem(i) for i in range(w.outline.topLevelItemCount())
                if w.outline.topLevelItem(i).text(0) == "三、存在问题")
    rect = w.outline.visualItemRect(item)
    qtbot.mouseClick(w.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.editor.textCursor().position() == CLEAN.index("三、存在问题")
    assert w.section_label.text() == "当前：存在问题"


def test_outline_puts_a_part_whose_number_slipped_a_level_with_the_parts(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = ("2025年度抓基层党建工作述职报告\n一、履职情况\n全年我主持召开支委会12次。\n二、存在问题\n一是学习不深。\n"
            "三、原因分析\n主要是认识不到位。\n4、下一步打算\n（一）抓学习。每月学习2次。\n（二）抓基层。年底前补齐台账。")
    render(qtbot, w, lambda: w.set_text(text))
    top = [w.outline.topLevelItem(i) for i in range(w.outline.topLevelItemCount())]
    plans = next(item for item in top if item.text(0) == "4、下一步打算")
    assert [plans.child(i).text(0) for i in range(plans.childCount())] == ["（一）抓学习", "（二）抓基层"]


def test_tooltip_text_for_a_mark(qtbot, data_dir):
    from ui.editor import tooltip_html

    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("列出责任清单42条", "列出责任清单XX条")
    report = render(qtbot, w, lambda: w.set_text(text))
    f = next(f for f in report.findings if f.rule == "hygiene.placeholder")
    assert w.editor.finding_at(f.start + 1) is f
    assert f.message in tooltip_html(f)


def test_tooltip_shows_the_most_severe_of_overlapping_findings(qtbot, data_dir):
    from core.analysis.findings import Finding, Severity

    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text("支部书记认真落实主体责任。")

    def f(sev, start, end):
        return Finding(f"hygiene.{sev}", Severity(sev), start, end, w.text()[start:end], sev)

    info, warning, error = f("info", 0, 8), f("warning", 2, 6), f("error", 4, 5)
    w.editor.set_findings([info, warning])
    assert w.editor.finding_at(3) is warning  # as strings, "info" < "warning": the wrong one
    w.editor.set_findings([warning, info, error])
    assert w.editor.finding_at(4) is error and w.editor.finding_at(2) is warning
    assert w.editor.finding_at(7) is info
