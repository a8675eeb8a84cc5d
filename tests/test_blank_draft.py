"""A blank page (nothing yet, or only a title) is not a report with every part missing: its parts are
待填写 (grey), with no red errors (issue 18: calm checklist; 空白开始 after the first-start offer)."""

from __future__ import annotations

import pytest

from core.analysis.checklist import TODO
from core.analyzer import analyze
from tests.ui_helpers import ime_type, make_window


@pytest.mark.parametrize("text", ["", "\n\n  \n", "2025年度党支部书记抓基层党建工作述职报告", "  述职报告\n\n"])
def test_blank_page_has_no_findings_and_every_part_todo(text):
    report = analyze(text)
    assert [f for f in report.findings if f.severity.value in ("error", "warning")] == []
    sections = [c for c in report.checklist if c.id.startswith("section.")]
    assert sections and all(c.status == TODO for c in sections)


@pytest.mark.parametrize("text", [
    "2025年度述职报告\n按照县委组织部要求，现将本人抓基层党建工作情况报告如下。",
    "一、履职情况\n本人认真履行第一责任人职责，全年主持召开专题会议6次。",
])
def test_written_text_still_reports_missing_parts(text):
    report = analyze(text)
    assert any(f.rule == "structure.missing_section" and f.severity.value == "error" for f in report.findings)
    assert any(c.status == "fail" for c in report.checklist)


def test_blank_window_shows_todo_not_errors_until_text_is_written(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    w.set_text("")
    qtbot.waitUntil(lambda: w.last_report is not None and w.last_report.text == "", timeout=20000)
    assert not [f for f in w.last_report.findings if f.severity.value == "error"]
    w.editor.setFocus()
    ime_type(w.editor, "述职报告\n按照要求，现将本人履职情况报告如下。")
    qtbot.waitUntil(lambda: w.last_report is not None and "报告如下" in w.last_report.text, timeout=20000)
    assert any(f.rule == "structure.missing_section" for f in w.last_report.findings)
    w.close()


def test_one_sentence_is_text_not_a_blank_page():
    report = analyze("全年主持召开党建工作专题会议6次，解决实际问题12个。")
    assert any(f.rule == "structure.missing_section" for f in report.findings)
