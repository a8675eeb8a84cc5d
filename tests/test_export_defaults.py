"""Export habits (issue 18): the dialog starts in 文档 unless a folder was used before, and a
finished export offers 打开所在文件夹."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

import ui.file_actions as file_actions
from ui.export_dialog import ExportDialog, documents_folder


def test_export_dialog_starts_in_documents_then_the_last_folder(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    dlg = ExportDialog(settings, "2025年度述职报告", 2025)
    qtbot.addWidget(dlg)
    assert Path(dlg.path_edit.text()).parent == documents_folder()
    settings.setValue("export/folder", str(tmp_path))
    dlg2 = ExportDialog(settings, "2025年度述职报告", 2025)
    qtbot.addWidget(dlg2)
    assert Path(dlg2.path_edit.text()).parent == tmp_path


def test_finished_export_offers_to_open_its_folder(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.ui_helpers import make_window

    w = make_window(qtbot, tmp_path / "data", wait_ready=False)
    opened = []
    monkeypatch.setattr(file_actions, "open_folder", lambda folder: opened.append(folder) or True)
    target = tmp_path / "报告.docx"
    w.files.tell_exported(target)
    box = next(x for x in QApplication.topLevelWidgets() if isinstance(x, QMessageBox) and x.isVisible()
               and x.windowTitle() == "导出完成")
    button = next(b for b in box.buttons() if b.text() == "打开所在文件夹")
    button.click()
    assert opened == [tmp_path]
