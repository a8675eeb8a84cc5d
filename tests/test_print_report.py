"""打印 / 打印预览 / 导出 PDF in the official layout of the Word export (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QPdfWriter

from core.wordio.docx_io import ExportOptions
from tests.ui_helpers import make_window
from ui.print_report import OfficialLayout, export_pdf

BODY = "我主持召开支委会研究党建工作，带头讲党课，推动各项任务落实落地，取得明显成效。" * 40
REPORT = "2024年度述职报告\n一、履职情况\n" + BODY + "\n二、存在问题\n调研偏少。"


@pytest.fixture
def cjk_font(qapp):
    """Line and page counts are those of a Chinese font's square glyphs: on a machine with no
    Chinese font at all (a bare CI image; never an office PC) there is nothing to measure."""
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("没有安装中文字体（如 fonts-noto-cjk）：无法按字体度量检查版面")


def _lines(doc):
    out = []
    b = doc.begin()
    while b.isValid():
        lay = b.layout()
        for i in range(lay.lineCount()):
            ln = lay.lineAt(i)
            out.append((lay.position().y() + ln.y(), ln.textLength(), b.text()[ln.textStart():ln.textStart() + ln.textLength()]))
        b = b.next()
    return out


def _layout(qapp, tmp_path, text):
    writer = QPdfWriter(str(tmp_path / "probe.pdf"))
    writer.setResolution(600)
    ol = OfficialLayout(text, ExportOptions())
    writer.setPageLayout(ol.page_layout())
    rect = writer.pageLayout().paintRectPixels(600)
    doc = ol.build(600, rect.width(), rect.height())
    doc.documentLayout().setPaintDevice(writer)
    doc.setPageSize(doc.pageSize())
    return doc, rect.height()


def test_22_lines_of_28_characters(qapp, tmp_path, cjk_font):
    doc, height = _layout(qapp, tmp_path, BODY)
    lines = _lines(doc)
    first_page = [ln for ln in lines if ln[0] < height]
    assert len(first_page) == 22
    full = [n for _y, n, _t in lines[1:-1]]
    # 28 characters a line; a line gives one up when the next would start with "，" (no squeezing)
    assert max(full) == 28 and min(full) >= 27 and full.count(28) >= 0.7 * len(full)
    assert lines[0][1] == 26  # the first line is indented two characters


def test_title_blank_line_then_body(qapp, tmp_path, cjk_font):
    doc, height = _layout(qapp, tmp_path, REPORT)
    lines = _lines(doc)
    pitch = lines[2][0] - lines[1][0]
    assert abs(pitch - 28.95 * 600 / 72) < 3  # fixed 28.95 pt lines
    assert abs(lines[1][0] - 2 * pitch) < pitch * 0.2  # title line, one empty grid line, then the body
    assert lines[1][2] == "一、履职情况"


def test_export_pdf_writes_pages(qapp, tmp_path, cjk_font):
    out = tmp_path / "报告.pdf"
    pages = export_pdf(REPORT, out, ExportOptions(signature=True, unit="某局党委", date="2024-12-20"))
    assert pages == 3
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + \
        data.count(b"/Type /Page ") >= 1


def test_window_pdf_and_print_to_file(qtbot, data_dir, tmp_path, cjk_font):
    from PySide6.QtPrintSupport import QPrinter

    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text(REPORT)
    out = tmp_path / "窗口.pdf"
    w.printing.ask_save = lambda suggested: out
    assert w.printing.choose_pdf() == out and out.stat().st_size > 1000
    printer = w.printing._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert OfficialLayout(w.text(), w.printing.options()).paint(printer) == 3
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
