"""Marks for any number of findings (issue 18): only the visible part is built, so 200 000
findings never stall the window, and marks built later still follow the edits made since."""

from __future__ import annotations

import time

from PySide6.QtGui import QTextCursor

from core.analysis.findings import Finding, Severity
from ui.editor import MAX_MARKS, ReportEditor

LINE = "我们认真落实整改措施，XX同志牵头。\n"


def findings_for(text: str, every: int = 1) -> list[Finding]:
    out, pos = [], text.find("XX")
    while pos != -1:
        out.append(Finding("hygiene.placeholder", Severity.ERROR, pos, pos + 2, "XX", "占位符未填写"))
        pos = text.find("XX", pos + every)
    return out


def test_two_hundred_thousand_findings_build_only_the_visible_marks(qtbot):
    ed = ReportEditor()
    qtbot.addWidget(ed)
    ed.resize(800, 600)
    ed.show()
    text = LINE * 12_000  # 216 000 characters
    ed.setPlainText(text)
    many = findings_for(text) * 17  # ~200 000 findings (repeated spans, as a noisy rule would give)
    many = [Finding(f.rule, f.severity, f.start, f.end, f.text, f"{f.message}{i % 17}") for i, f in enumerate(many)]
    assert len(many) >= 200_000
    t0 = time.perf_counter()
    ed.set_findings(many)
    seconds = time.perf_counter() - t0
    assert ed.mark_count <= MAX_MARKS and ed.mark_count > 0
    assert seconds < 1.0, f"set_findings took {seconds:.2f} s"  # ~0.1 s alone; generous under load
    sels = ed.extraSelections()
    assert all(sel.cursor.selectedText() == "XX" for sel in sels)


def test_marks_scrolled_into_view_follow_edits_made_since_the_analysis(qtbot):
    ed = ReportEditor()
    qtbot.addWidget(ed)
    ed.resize(600, 400)
    ed.show()
    text = LINE * 3_000
    ed.setPlainText(text)
    found = findings_for(text)
    ed.set_findings(found)
    cur = QTextCursor(ed.document())
    cur.insertText("新开头。\n")  # an edit before every finding, no new analysis yet
    ed.moveCursor(QTextCursor.MoveOperation.End)
    ed.ensureCursorVisible()
    def last_mark() -> int:
        sels = ed.extraSelections()
        return sels[-1].cursor.position() if sels else -1

    qtbot.waitUntil(lambda: last_mark() > len(text) - 100)
    sels = ed.extraSelections()
    assert all(sel.cursor.selectedText() == "XX" for sel in sels)
    last = found[-1]
    assert ed.current_span(last) == (last.start + 5, last.end + 5)
    ed.select_finding(last)
    assert ed.textCursor().selectedText() == "XX"


def test_missing_or_whole_part_findings_are_not_painted_on_innocent_text(qtbot):
    ed = ReportEditor()
    qtbot.addWidget(ed)
    ed.show()
    text = "一、履职情况\n" + "我们认真落实整改措施，组织学习十二次。" * 10 + "\nXX"
    ed.setPlainText(text)
    missing = Finding("structure.missing_section", Severity.ERROR, 0, 0, "", "缺少开头")
    whole = Finding("substance.first_person", Severity.WARNING, 0, len(text) - 3, text[:-3], "单位口吻")
    heading = Finding("structure.empty_section", Severity.WARNING, 0, 6, "一、履职情况", "内容单薄")
    xx = Finding("hygiene.placeholder", Severity.ERROR, len(text) - 2, len(text), "XX", "占位符")
    ed.set_findings([missing, whole, heading, xx])
    painted = {sel.cursor.selectedText() for sel in ed.extraSelections()}
    # 内容单薄 is about the part: a marker beside its heading (ui/part_margin.py), not an underline.
    assert painted == {"XX"}
    ed.select_finding(whole)  # still reachable from the panel
    assert ed.textCursor().selectionEnd() == len(text) - 3


def test_typing_is_one_replayed_edit_and_no_mark_is_lost(qtbot):
    """Characters typed one by one (and backspaced) since the analysis are replayed as one edit
    (cheap whatever the session's length); every finding still lands on its XX, in view or not,
    and the hover lookup (tooltips, context menu) finds the mark after scrolling."""
    ed = ReportEditor()
    qtbot.addWidget(ed)
    ed.resize(600, 400)
    ed.show()
    text = LINE * 2_000
    ed.setPlainText(text)
    found = findings_for(text)
    ed.set_findings(found)
    at = text.index("XX", len(text) // 2) - 3  # in the middle, before a finding
    cur = QTextCursor(ed.document())
    cur.setPosition(at)
    for ch in "我们要认真抓好落实" * 20:
        cur.insertText(ch)
    for _ in range(7):
        cur.deletePreviousChar()
    assert len(ed._edits) == 1
    cur.setPosition(10)
    cur.insertText("开")  # elsewhere: a second edit
    assert len(ed._edits) == 2
    now = ed.toPlainText()
    for f in found:
        s, e = ed.current_span(f)
        assert now[s:e] == "XX", f
    ed.moveCursor(QTextCursor.MoveOperation.End)
    ed.ensureCursorVisible()
    qtbot.waitUntil(lambda: any(sel.cursor.selectionStart() > len(now) - 200 for sel in ed.extraSelections()))
    assert all(sel.cursor.selectedText() == "XX" for sel in ed.extraSelections())
    last_xx = now.rindex("XX")
    assert ed.finding_at(last_xx + 1) is found[-1]
    assert ed.finding_at(now.index("我们", last_xx - 30)) is None


def test_part_markers_are_drawn_for_the_view_only_and_found_after_scrolling(qtbot):
    """Margin markers (whole-part / missing-part findings) far from the view are skipped before
    their geometry is asked (which makes Qt lay out every block in between); scrolled into view,
    the marker is there and answers the hover/click lookup."""
    from ui.part_margin import PartMargin

    ed = ReportEditor()
    qtbot.addWidget(ed)
    margin = PartMargin(ed)
    ed.resize(600, 400)
    ed.show()
    text = LINE * 3_000
    ed.setPlainText(text)
    lines = text.split("\n")
    far = sum(len(x) + 1 for x in lines[:2_990])  # the start of line 2 991, near the end
    thin = Finding("structure.empty_section", Severity.WARNING, far, far + 8, text[far:far + 8], "内容单薄")
    top = Finding("structure.empty_section", Severity.WARNING, 0, 8, text[:8], "内容单薄")
    margin.set_findings([top, thin])
    assert [b for b, _f in margin.markers()] == [0, 2_990]
    first, last = margin.visible_blocks()
    assert first == 0 and 5 < last < 100
    assert [b for b, _f in margin._markers_in_view()] == [0]
    assert margin.marker_at(margin.marker_rect(0).center()) == [top]
    ed.moveCursor(QTextCursor.MoveOperation.End)
    ed.ensureCursorVisible()
    qtbot.waitUntil(lambda: margin.visible_blocks()[1] >= 2_990)
    assert [b for b, _f in margin._markers_in_view()] == [2_990]
    rect = margin.marker_rect(2_990)
    assert rect is not None and margin.marker_at(rect.center()) == [thin]
