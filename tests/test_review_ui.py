"""The window's side of issue 16: the export gate and 导出带批注的 Word."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from PySide6.QtWidgets import QDialog

from core.wordio.docx_io import read_docx_text
from core.wordio.review import AUTHOR
from tests.docx_builders import build_tricky_docx
from tests.ui_helpers import make_window

WITH_ERRORS = ("2024年度党支部书记抓基层党建工作述职报告\n根据XX安排，现将本人抓党建工作情况报告如下。\n"
               "一、履职情况\n我主持召开支委会XX次，带头讲党课X次。\n二、存在问题\n学习不够深入。\n"
               "三、原因分析\n要求有所放松。\n四、下一步打算\n加强理论学习。")


def _window_with(qtbot, data_dir, text):
    w = make_window(qtbot, data_dir)
    with qtbot.waitSignal(w.report_rendered, timeout=20000):
        w.set_text(text)
    qtbot.waitUntil(lambda: w.last_report is not None and w.last_report.text == text, timeout=20000)
    return w


class _NoDialog:
    """Stands in for ExportDialog: records what it was given, then is cancelled."""

    seen: list[str] = []

    def __init__(self, *args, warning: str = "", **kwargs):
        _NoDialog.seen.append(warning)

    def exec(self):
        return QDialog.DialogCode.Rejected


def test_export_gate_counts_errors_by_kind(qtbot, data_dir, monkeypatch):
    w = _window_with(qtbot, data_dir, WITH_ERRORS)
    asked = []
    w.files.ask_gate = lambda message: asked.append(message) or "cancel"
    assert w.files.choose_export() is False
    errors = [f for f in w.last_report.findings if f.severity == "error"]
    placeholders = sum(f.rule == "hygiene.placeholder" for f in errors)
    assert asked and asked[0].startswith(f"还有 {len(errors)} 处错误：")
    assert f"占位符 {placeholders}" in asked[0]

    w.files.ask_gate = lambda message: "view"
    assert w.files.choose_export() is False
    first = min(errors, key=lambda f: f.start)
    cur = w.editor.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (first.start, first.end)

    monkeypatch.setattr("ui.file_actions.ExportDialog", _NoDialog)
    _NoDialog.seen.clear()
    w.files.ask_gate = lambda message: "export"
    w.files.choose_export()
    assert _NoDialog.seen == [asked[0]]  # the same counts in the export dialog


def test_no_gate_without_errors(qtbot, data_dir, monkeypatch):
    clean = (Path(__file__).parent / "data/clean_report_1.txt").read_text(encoding="utf-8")
    w = _window_with(qtbot, data_dir, clean)
    assert not [f for f in w.last_report.findings if f.severity == "error"]
    w.files.ask_gate = lambda message: (_ for _ in ()).throw(AssertionError("gate shown"))
    monkeypatch.setattr("ui.file_actions.ExportDialog", _NoDialog)
    _NoDialog.seen.clear()
    w.files.choose_export()
    assert _NoDialog.seen == [""]


def _our_comments(path: Path) -> int:
    return sum(c.author == AUTHOR for c in docx.Document(str(path)).comments)


def test_review_current_report_in_our_layout(qtbot, data_dir, tmp_path):
    w = _window_with(qtbot, data_dir, WITH_ERRORS)
    out = tmp_path / "批注.docx"
    w.review.ask_save = lambda suggested: out
    with qtbot.waitSignal(w.review.reviewed, timeout=30000):
        assert w.review.review_current()
    assert _our_comments(out) >= 3
    assert "根据XX安排" in read_docx_text(out)
    with zipfile.ZipFile(out) as zf:  # our official layout: the export's styles
        assert "方正小标宋简体".encode() in zf.read("word/styles.xml")


def test_review_a_users_docx_keeps_their_layout(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir)
    src = build_tricky_docx(tmp_path / "原稿.docx")
    before = src.read_bytes()
    out = tmp_path / "原稿（批注）.docx"
    w.review.ask_open = lambda: src
    seen = []
    w.review.ask_save = lambda suggested: seen.append(suggested) or out
    with qtbot.waitSignal(w.review.reviewed, timeout=30000):
        assert w.review.review_file()
    assert seen == [out]  # suggested beside the original
    assert src.read_bytes() == before
    assert _our_comments(out) >= 5
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.read("word/styles.xml") == b.read("word/styles.xml")


def test_review_failure_is_explained(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir)
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"garbage")
    warnings = []
    w.files.warn = lambda title, text: warnings.append(text)
    w.review.ask_open = lambda: bad
    w.review.ask_save = lambda suggested: tmp_path / "x.docx"
    with qtbot.waitSignal(w.review.review_failed, timeout=30000):
        w.review.review_file()
    assert warnings and "坏.docx" in warnings[0]
    assert not (tmp_path / "x.docx").exists()


def test_audit_dialog_lists_deviations_and_reflows(qtbot, data_dir, tmp_path):
    from core.wordio.audit import audit_docx

    w = make_window(qtbot, data_dir)
    w.audit.show_dialog = False
    src = build_tricky_docx(tmp_path / "原稿.docx")
    w.audit.ask_open = lambda: src
    with qtbot.waitSignal(w.audit.audited, timeout=30000) as sig:
        assert w.audit.choose()
    devs = sig.args[0]
    assert devs == audit_docx(src) and len(devs) >= 8
    dlg = w.audit.dialog
    assert dlg.table.rowCount() == len(devs)
    assert dlg.table.item(0, 1).text() == devs[0].item
    assert "GB/T 9704-2012" in dlg.summary.text()
    out = tmp_path / "重排.docx"
    w.audit.ask_save = lambda suggested: out
    with qtbot.waitSignal(w.audit.reflowed, timeout=30000):
        assert w.audit.reflow()
    assert audit_docx(out) == [] and dlg.table.rowCount() == 0
    assert "未发现偏差" in dlg.summary.text()
