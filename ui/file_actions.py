"""文件 menu actions that leave or enter the app: 导入 Word/文本 and 导出 Word.
Both run in the job layer's file queue (ui/jobs.py) with progress; errors are explained and the
editor text is kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QProgressDialog

from ui.export_dialog import ExportDialog, ExportRequest, export_job
from ui.jobs import JobQueue, JobResult
from ui.review_actions import ask_gate, gate_message, show_first_error

if TYPE_CHECKING:  # python-docx (~0.1 s to import) loads only when importing or exporting
    from core.wordio.docx_io import ImportedText

IMPORT_FILTER = "Word 文档或文本 (*.docx *.txt);;Word 文档 (*.docx);;文本文件 (*.txt);;所有文件 (*)"


def import_job(path: Path):
    """Reads a file in a job of the job layer: (ImportedText or None, Chinese error message).
    A file that is only too long comes back as its first part, with the message."""
    def job():
        from core.wordio.docx_io import DocumentReadError, ImportedText, import_file

        try:
            return import_file(path), ""
        except DocumentReadError as exc:
            if exc.first_part:
                first = ImportedText(exc.first_part, path.stem, "part", f"只导入了“{path.name}”的前 "
                                     f"{len(exc.first_part):,} 字。")
                return first, str(exc)
            return None, str(exc)
        except Exception as exc:  # a broken file must never take the window down
            return None, f"无法导入“{path.name}”：{exc}"

    return job



def open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

class FileActions(QObject):
    exported = Signal(str)  # path written
    export_failed = Signal(str)  # Chinese message
    imported = Signal(object)  # ImportedText

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.jobs = JobQueue("files", self)
        self.jobs.start()
        self.act_import = QAction("导入 Word/文本(&I)…", window)
        self.act_import.setShortcut(QKeySequence.StandardKey.Open)
        self.act_import.triggered.connect(self.choose_import)
        self.act_export = QAction("导出 Word(&E)…", window)
        self.act_export.setShortcut(QKeySequence("Ctrl+E"))
        self.act_export.triggered.connect(self.choose_export)
        # Overridable so tests (and the draft session) can answer without a modal dialog.
        self.warn = lambda title, text: QMessageBox.warning(window, title, text)
        self.ask_import_target = self._ask_import_target
        self.ask_first_part = self._ask_first_part
        self.tell_exported = self._tell_exported
        self.ask_gate = lambda message: ask_gate(window, message)

    # ---- export ---------------------------------------------------------------------------
    def choose_export(self) -> bool:
        w = self.window
        gate = gate_message(w.last_report)
        if gate:  # errors left: say how many, by kind, before the file leaves the office
            answer = self.ask_gate(gate)
            if answer == "view":
                show_first_error(w)
            if answer != "export":
                return False
        meta = w.draft_meta()
        doc = w.last_report.document if w.last_report is not None else None
        title = meta.get("title") or (doc.title.text.strip() if doc is not None and doc.title else "述职报告")
        year = meta.get("year") or (doc.year if doc is not None else None)
        dlg = ExportDialog(w.settings, title, year, meta.get("unit", ""), meta.get("author", ""), w, warning=gate)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        dlg.remember()
        self.export(dlg.request())
        return True

    def export(self, request: ExportRequest) -> None:
        text = self.window.text()
        progress = QProgressDialog("正在导出 Word……", None, 0, 100, self.window)
        progress.setWindowTitle("导出 Word")
        progress.setMinimumDuration(400)  # only big reports on slow disks ever see it
        def on_progress(done: int, total: int) -> None:
            progress.setValue(int(done * 100 / max(1, total)))

        def on_done(result: JobResult) -> None:
            progress.reset()
            progress.deleteLater()
            error = result.value if result.error is None else f"导出失败：{result.error}"
            if error:
                self.export_failed.emit(error)
                self.warn("导出失败", f"{error}\n\n报告内容仍在编辑器中，没有丢失。")
            else:
                self.window.statusBar().showMessage(f"已导出：{request.path}", 8000)
                self.exported.emit(str(request.path))
                self.tell_exported(request.path)

        self.jobs.submit(export_job(text, request), "export", on_done=on_done, on_progress=on_progress)

    # ---- import ---------------------------------------------------------------------------
    def choose_import(self) -> None:
        folder = str(self.window.settings.value("import/folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.window, "导入 Word/文本", folder, IMPORT_FILTER)
        if path:
            self.window.settings.setValue("import/folder", str(Path(path).parent))
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        def on_done(job: JobResult) -> None:
            result, error = job.value if job.error is None else (None, f"无法导入“{path.name}”：{job.error}")
            if result is None:
                self.warn("导入失败", error)
                return
            if error and not self.ask_first_part(error, len(result.text)):  # too long: only its beginning?
                return
            as_new = self.ask_import_target(result)
            if as_new is None:
                return
            self.window.accept_import(result, as_new)
            if result.notice:
                self.window.statusBar().showMessage(result.notice, 10000)
            self.imported.emit(result)

        self.jobs.submit(import_job(path), "import", on_done=on_done)

    def shutdown(self) -> None:
        """Finish a running import or export and end the thread (the window is closing)."""
        self.jobs.stop()

    def _tell_exported(self, path: Path) -> None:
        """Non-modal: 已导出, with 打开所在文件夹 (the file selected where the platform allows)."""
        box = QMessageBox(QMessageBox.Icon.Information, "导出完成", f"已导出到：\n{path}", parent=self.window)
        folder_btn = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: self._open_folder(Path(path).parent) if b is folder_btn else None)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()

    def _open_folder(self, folder: Path) -> None:
        if not open_folder(folder):  # no file manager registered (bare Linux desks): say where it is
            self.warn("无法打开文件夹", f"系统没有可用的文件管理器来打开这个文件夹。导出的文件在：\n{folder}")

    def _ask_first_part(self, message: str, chars: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "文件过长", f"{message}\n\n要只导入前面的 {chars:,} 字吗？",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.button(QMessageBox.StandardButton.Yes).setText("只导入前面部分")
        box.button(QMessageBox.StandardButton.No).setText("不导入")
        return box.exec() == QMessageBox.StandardButton.Yes

    def _ask_import_target(self, result: ImportedText) -> bool | None:
        """True: new draft; False: replace the current text (a version is taken first); None: cancel."""
        if not self.window.text().strip():
            return True
        box = QMessageBox(self.window)
        box.setWindowTitle("导入")
        box.setText(f"把“{result.title_guess}”导入为：")
        new_btn = box.addButton("新草稿", QMessageBox.ButtonRole.AcceptRole)
        cur_btn = box.addButton("当前草稿的新版本", QMessageBox.ButtonRole.ActionRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is new_btn else False if clicked is cur_btn else None
