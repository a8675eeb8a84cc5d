"""导出检查结果: summary, checklist and findings by section with sentence and suggestion (issue 16)."""

from __future__ import annotations

import docx

from core.analyzer import analyze
from core.wordio.check_report import export_check_report, sentence_of
from core.wordio.docx_io import read_docx_text
from tests.test_review_ui import WITH_ERRORS, _window_with


def test_check_report_has_summary_checklist_and_findings_by_section(tmp_path):
    report = analyze(WITH_ERRORS)
    out = tmp_path / "检查结果.docx"
    export_check_report(report, out, "述职报告", "党组织书记抓基层党建工作述职报告")
    d = docx.Document(str(out))
    text = read_docx_text(out)
    errors = report.count("error")
    assert f"共发现 {errors} 处错误" in text
    assert d.tables and len(d.tables[0].rows) == len(report.checklist) + 1
    assert [c.text for c in d.tables[0].rows[1].cells][0] == report.checklist[0].label
    headings = [p.text for p in d.paragraphs if p.style.style_id == "Heading2"]
    assert any(h.startswith("（") and "履职情况" in h for h in headings)
    assert all(f.message in text for f in report.findings)
    ph = next(f for f in report.findings if f.rule == "hygiene.placeholder")
    assert f"原文：{sentence_of(report.text, ph)}" in text and "XX" in sentence_of(report.text, ph)


def test_sentence_of_finds_the_sentence():
    text = "第一句话。我主持召开XX次会议，效果很好。第三句。"
    f = next(f for f in analyze(text).findings if f.text == "XX")
    assert sentence_of(text, f) == "我主持召开XX次会议，效果很好。"


def test_window_exports_the_check_report(qtbot, data_dir, tmp_path):
    w = _window_with(qtbot, data_dir, WITH_ERRORS)
    out = tmp_path / "结果.docx"
    w.review.ask_save = lambda suggested: out
    with qtbot.waitSignal(w.review.check_report_written, timeout=30000):
        assert w.review.export_check_report()
    assert "检查结果" in read_docx_text(out)
