"""导出 Word: file name, title, layout options (remembered); the export runs in a worker with
progress, and a failure (file open in Word, read-only folder, full disk) is explained in Chinese."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.wordio.signature_date import default_signature_date
from ui.dialog_buttons import ok_cancel
from ui.profile import Profile, remember_first

_BAD_NAME_CHARS = re.compile(r'[\\/:*?"<>|\r\n\t]')

if TYPE_CHECKING:  # python-docx (~0.1 s to import) loads only when exporting
    from core.wordio.docx_io import ExportOptions


def default_file_name(title: str, year: int | None) -> str:
    title = _BAD_NAME_CHARS.sub("", title.strip()) or "述职报告"
    if year and str(year) not in title:
        title = f"{year}年度{title}"
    return f"{title}.docx"


@dataclass
class ExportRequest:
    path: Path
    options: ExportOptions



def documents_folder() -> Path:
    """文档 (the platform's documents folder), where people look for what they saved; home if none."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()

class ExportDialog(QDialog):
    """单位 / 述职人 come from the draft being exported, else from 个人信息 (ui/profile.py); never
    from an earlier export of another draft."""

    def __init__(self, settings: QSettings, title: str, year: int | None = None, unit: str = "",
                 author: str = "", parent=None, warning: str = "", position: str = "",
                 today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出 Word")
        self.setMinimumWidth(560)  # room for the whole file name
        self.settings = settings
        folder = Path(str(settings.value("export/folder", "") or documents_folder()))
        self.path_edit = QLineEdit(str(folder / default_file_name(title, year)))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        path_row = QWidget()
        row = QHBoxLayout(path_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        self.title_edit = QLineEdit(title)
        self.bold_box = QCheckBox("二、三级标题加粗")
        self.bold_box.setChecked(_bool(settings.value("export/bold", False)))
        self.pages_box = QCheckBox("插入页码（— 1 —，单页居右、双页居左）")
        self.pages_box.setChecked(_bool(settings.value("export/page_numbers", True)))
        self.fonts_combo = QComboBox()
        self.fonts_combo.addItem("仿宋_GB2312 / 楷体_GB2312（公文标准字体）", "gb2312")
        self.fonts_combo.addItem("仿宋 / 楷体（电脑未装 GB2312 字体时）", "common")
        self.fonts_combo.setToolTip("文件中同时写入替代字体名，Word/WPS 缺字体时会自动替换为相近字体")
        self.fonts_combo.setCurrentIndex(max(0, self.fonts_combo.findData(str(settings.value("export/fonts", "gb2312")))))
        self.sign_box = QCheckBox("文末落款（单位、述职人、日期）")
        self.sign_box.setChecked(_bool(settings.value("export/signature", False)))
        profile = Profile.load(settings)
        self.unit_edit = QLineEdit(unit or profile.unit)
        self.author_edit = QLineEdit(author or profile.author)
        self.position_edit = QLineEdit(position or profile.position)
        self.position_edit.setPlaceholderText("可不填，如：党支部书记")
        sign_date = default_signature_date(year, today)
        self.date_edit = QDateEdit(QDate(sign_date.year, sign_date.month, sign_date.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.sign_box.toggled.connect(self._sync)
        form = QFormLayout()
        form.addRow("保存为", path_row)
        form.addRow("标题", self.title_edit)
        form.addRow("", self.bold_box)
        form.addRow("", self.pages_box)
        form.addRow("字体", self.fonts_combo)
        form.addRow("", self.sign_box)
        form.addRow("单位", self.unit_edit)
        form.addRow("述职人", self.author_edit)
        form.addRow("职务", self.position_edit)
        form.addRow("日期", self.date_edit)
        buttons = ok_cancel(self, "导出")
        layout = QVBoxLayout(self)
        # The export gate's counts ("还有 29 处错误：占位符 25、……"), so they stay in sight.
        self.warning_label = QLabel(warning)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b00020;")
        self.warning_label.setVisible(bool(warning))
        layout.addWidget(self.warning_label)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        on = self.sign_box.isChecked()
        for w in (self.unit_edit, self.author_edit, self.position_edit, self.date_edit):
            w.setEnabled(on)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出 Word", self.path_edit.text(), "Word 文档 (*.docx)")
        if path:
            self.path_edit.setText(path if path.lower().endswith(".docx") else path + ".docx")

    def request(self) -> ExportRequest:
        path = Path(self.path_edit.text().strip())
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        d = self.date_edit.date()
        from core.wordio.docx_io import ExportOptions

        options = ExportOptions(
            title=self.title_edit.text().strip() or None,
            author=self.author_edit.text().strip() or None,
            unit=self.unit_edit.text().strip() or None,
            position=self.position_edit.text().strip() or None,
            date=datetime.date(d.year(), d.month(), d.day()) if self.sign_box.isChecked() else None,
            bold_headings=self.bold_box.isChecked(),
            signature=self.sign_box.isChecked(),
            page_numbers=self.pages_box.isChecked(),
        )
        if self.fonts_combo.currentData() == "common":
            options.layout = options.layout.with_common_fonts()
        return ExportRequest(path, options)

    def remember(self) -> None:
        req = self.request()
        s = self.settings
        s.setValue("export/folder", str(req.path.parent))
        s.setValue("export/bold", req.options.bold_headings)
        s.setValue("export/page_numbers", req.options.page_numbers)
        s.setValue("export/signature", req.options.signature)
        s.setValue("export/fonts", self.fonts_combo.currentData())
        # Not the last export's 单位/述职人 (another draft's): only a first-time 个人信息.
        remember_first(s, unit=self.unit_edit.text(), author=self.author_edit.text(),
                       position=self.position_edit.text())


def _bool(value) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def export_job(text: str, request: ExportRequest):
    """Writes the .docx in a job of the job layer (ui/jobs.py): python-docx on 30 000 characters
    takes ~30 ms, but a slow network drive or antivirus scan must still never freeze the window.
    The job returns "" on success, else the Chinese error message."""
    def job(progress=None) -> str:
        from core.wordio.docx_io import ExportError, export_docx

        try:
            export_docx(text, request.path, request.options, progress=progress)
            return ""
        except ExportError as exc:
            return str(exc)
        except Exception as exc:  # never lose the editor's text over an unexpected failure
            return f"导出失败：{exc}"

    return job
