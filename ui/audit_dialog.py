"""工具 → 公文格式检查: the GB/T 9704-2012 layout audit of a .docx the user picks, as a table
(条款, 项目, 应为, 实为, 位置), and 按公文格式重排 into a new file in our official layout.
Audit and reflow run in FileActions' job queue; the dialog only shows results."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ui.jobs import JobResult

WORD_FILTER = "Word 文档 (*.docx)"
COLUMNS = ("条款", "项目", "应为", "实为", "位置")


def audit_job(path: Path):
    def job():
        from core.wordio.audit import audit_docx

        try:
            return audit_docx(path), ""
        except Exception as exc:  # DocumentReadError carries a Chinese message
            return None, getattr(exc, "message", None) or f"无法检查“{path.name}”：{exc}"

    return job


def reflow_job(src: Path, out: Path):
    def job():
        from core.wordio.audit import audit_docx, reflow_docx

        try:
            reflow_docx(src, out)
            return audit_docx(out), ""
        except Exception as exc:
            return None, getattr(exc, "message", None) or f"无法重排“{src.name}”：{exc}"

    return job


class AuditDialog(QDialog):
    reflow_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("公文格式检查（GB/T 9704-2012）")
        self.resize(900, 480)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.reflow_button = QPushButton("按公文格式重排…")
        self.reflow_button.setToolTip("把文档的文字按公文格式（GB/T 9704）另存为新的 Word 文档，原文件不变")
        self.reflow_button.clicked.connect(self.reflow_requested)
        buttons = QDialogButtonBox()
        buttons.addButton(self.reflow_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.path: Path | None = None

    def show_deviations(self, path: Path, deviations, note: str = "") -> None:
        self.path = path
        if deviations:
            self.summary.setText(f"{note}“{path.name}”有 {len(deviations)} 处与 GB/T 9704-2012 不符：")
        else:
            self.summary.setText(f"{note}“{path.name}”的版式符合 GB/T 9704-2012，未发现偏差。")
        self.table.setRowCount(len(deviations))
        for row, d in enumerate(deviations):
            for col, value in enumerate((d.clause.replace("GB/T 9704-2012 ", ""), d.item, d.expected,
                                         d.found, d.where)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, col, item)
        self.table.resizeRowsToContents()


class AuditActions(QObject):
    audited = Signal(object)  # list of Deviation
    failed = Signal(str)
    reflowed = Signal(str)

    def __init__(self, window, files) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.act_audit = QAction("公文格式检查（GB/T 9704）…", window)
        self.act_audit.setStatusTip("检查一个 Word 文档的页面、字体字号、行距、页码、落款是否符合党政机关公文格式")
        self.act_audit.triggered.connect(self.choose)
        self.dialog: AuditDialog | None = None
        self.ask_open = self._ask_open
        self.ask_save = self._ask_save
        self.show_dialog = True  # tests switch the window off and read the dialog directly

    def _ask_open(self) -> Path | None:
        folder = str(self.window.settings.value("import/folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.window, "选择要检查格式的 Word 文档", folder, WORD_FILTER)
        return Path(path) if path else None

    def _ask_save(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "按公文格式重排", str(suggested), WORD_FILTER)
        if not path:
            return None
        return Path(path if path.lower().endswith(".docx") else path + ".docx")

    def _dialog(self) -> AuditDialog:
        if self.dialog is None:
            self.dialog = AuditDialog(self.window)
            self.dialog.reflow_requested.connect(self.reflow)
        return self.dialog

    def choose(self) -> bool:
        path = self.ask_open()
        if path is None:
            return False
        self.window.settings.setValue("import/folder", str(path.parent))
        self.audit(path)
        return True

    def audit(self, path: Path) -> None:
        def on_done(job: JobResult) -> None:
            devs, error = job.value if job.error is None else (None, f"无法检查“{path.name}”：{job.error}")
            if devs is None:
                self.failed.emit(error)
                self.files.warn("公文格式检查", error)
                return
            dlg = self._dialog()
            dlg.show_deviations(path, devs)
            if self.show_dialog:
                dlg.show()
                dlg.raise_()
            self.audited.emit(devs)

        self.files.jobs.submit(audit_job(path), "audit", on_done=on_done)

    def reflow(self) -> bool:
        dlg = self._dialog()
        src = dlg.path
        if src is None:
            return False
        out = self.ask_save(src.with_name(f"{src.stem}（公文格式）.docx"))
        if out is None:
            return False

        def on_done(job: JobResult) -> None:
            devs, error = job.value if job.error is None else (None, f"无法重排：{job.error}")
            if devs is None:
                self.failed.emit(error)
                self.files.warn("按公文格式重排", error)
                return
            dlg.show_deviations(out, devs, note=f"已重排为“{out.name}”。")
            self.window.statusBar().showMessage(f"已按公文格式重排：{out}", 10000)
            self.reflowed.emit(str(out))

        self.files.jobs.submit(reflow_job(src, out), "reflow", on_done=on_done)
        return True
