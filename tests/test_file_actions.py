"""导出 Word and 导入 from the window: the file is written off the UI thread, failures are
explained and keep the text, imports arrive in the editor."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import QSettings

from core.wordio.docx_io import ExportOptions, read_docx_text
from tests.ui_helpers import make_window
from ui.export_dialog import ExportDialog, ExportRequest, default_file_name

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")


def test_default_file_name():
    assert default_file_name("抓基层党建工作述职报告", 2025) == "2025年度抓基层党建工作述职报告.docx"
    assert default_file_name("2025年度述职报告", 2025) == "2025年度述职报告.docx"
    assert default_file_name("a/b:c", None) == "abc.docx"


def test_export_from_window_writes_the_report(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text(CLEAN)
    out = tmp_path / "out.docx"
    with qtbot.waitSignal(w.files.exported, timeout=15000):
        w.files.export(ExportRequest(out, ExportOptions(page_numbers=True)))
    paras = [p for p in CLEAN.split("\n") if p.strip()]
    assert [p for p in read_docx_text(out).split("\n") if p.strip()] == paras
    assert docx.Document(out).core_properties.title


def test_failed_export_is_explained_and_keeps_text(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text(CLEAN)
    warnings = []
    w.files.warn = lambda title, text: warnings.append(text)
    target = tmp_path / "is_a_folder.docx"
    target.mkdir()
    with qtbot.waitSignal(w.files.export_failed, timeout=15000):
        w.files.export(ExportRequest(target, ExportOptions()))
    assert warnings and "没有丢失" in warnings[0]
    assert w.text() == CLEAN


def test_export_dialog_remembers_choices(qtbot, data_dir, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dlg = ExportDialog(settings, "抓基层党建工作述职报告", 2025)
    qtbot.addWidget(dlg)
    assert dlg.path_edit.text().endswith("2025年度抓基层党建工作述职报告.docx")
    dlg.bold_box.setChecked(True)
    dlg.sign_box.setChecked(True)
    dlg.pages_box.setChecked(False)
    dlg.unit_edit.setText("某县财政局党组")
    dlg.remember()
    again = ExportDialog(settings, "报告", 2025)
    qtbot.addWidget(again)
    assert again.bold_box.isChecked() and again.sign_box.isChecked() and not again.pages_box.isChecked()
    assert again.unit_edit.text() == "某县财政局党组"
    req = again.request()
    assert req.options.signature and req.options.bold_headings and not req.options.page_numbers


@pytest.mark.parametrize("content,ok", [("utf8", True), ("gbk", True), ("corrupt", False), ("empty", False)])
def test_import_paths(qtbot, data_dir, tmp_path, content, ok):
    w = make_window(qtbot, data_dir, wait_ready=False)
    warnings = []
    w.files.warn = lambda title, text: warnings.append(text)
    w.files.ask_import_target = lambda result: True
    if content == "utf8":
        path = tmp_path / "a.txt"
        path.write_text(CLEAN, encoding="utf-8")
    elif content == "gbk":
        path = tmp_path / "b.txt"
        path.write_bytes(CLEAN.encode("gbk"))
    elif content == "corrupt":
        path = tmp_path / "c.docx"
        path.write_bytes(b"PK\x03\x04garbage")
    else:
        path = tmp_path / "d.txt"
        path.write_bytes(b"")
    if ok:
        with qtbot.waitSignal(w.files.imported, timeout=15000):
            w.files.import_path(path)
        assert w.text() == CLEAN
    else:
        w.set_text("原有内容")
        w.files.import_path(path)
        qtbot.waitUntil(lambda: bool(warnings), timeout=15000)
        assert w.text() == "原有内容"
