"""帮助 → 关于述职助手: version, where the data lives (with a button to open it), licence, offline note."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core import __version__
from core.common.paths import resource_path

APP_NAME = "述职助手"
TAGLINE = "党组织书记述职报告及同类材料的离线写作与检查助手"
LICENSE_NAME = "MIT 许可证"
LICENSE_HOLDER = "述职助手开发组"
OFFLINE_NOTE = "本程序完全在本机运行：不联网、不检查更新、不上传任何内容。草稿只保存在下面的数据文件夹中。"
ICON_FILE = ("icons", "shuzhi.png")


def license_text() -> str:
    """The LICENSE file: beside the bundle's resources, in the checkout, or in the installed
    package's metadata; a one-line summary if none is found."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "LICENSE")
    candidates.append(Path(__file__).resolve().parent.parent / "LICENSE")
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if LICENSE_HOLDER in text:  # ours, not some other package's file in site-packages
            return text
    try:
        from importlib import metadata

        for f in metadata.distribution("shuzhi").files or ():
            if f.name.upper().startswith(("LICENSE", "LICENCE")):
                text = f.read_text(encoding="utf-8")
                if text and LICENSE_HOLDER in text:
                    return text
    except Exception:  # not installed as a distribution, or metadata unreadable
        pass
    return f"{LICENSE_NAME}（MIT License）\nCopyright (c) {LICENSE_HOLDER}\n"


def runtime_summary() -> str:
    kind = "安装包" if getattr(sys, "frozen", False) else "Python 环境"
    return (f"{kind} · Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PYSIDE_VERSION}"
            f" · {platform.system()} {platform.machine()}")


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.setWindowTitle(f"关于{APP_NAME}")
        self.setMinimumWidth(520)

        head = QHBoxLayout()
        self.icon_label = QLabel(self)
        pix = QPixmap(str(resource_path(*ICON_FILE)))
        if not pix.isNull():
            self.icon_label.setPixmap(pix.scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))
        head.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(f"<span style='font-size:18pt; font-weight:bold'>{APP_NAME}</span><br>{TAGLINE}", self)
        title.setWordWrap(True)
        head.addWidget(title, 1)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)

        def add_row(label: str, field) -> None:
            row = grid.rowCount()
            name = QLabel(label, self)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            if isinstance(field, QWidget):
                grid.addWidget(field, row, 1)
            else:
                grid.addLayout(field, row, 1)

        self.version_label = QLabel(__version__, self)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        add_row("版本：", self.version_label)

        self.data_label = QLabel(str(self.data_dir), self)
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton("打开数据文件夹", self)
        self.open_button.clicked.connect(self.open_data_dir)
        self.copy_button = QPushButton("复制路径", self)
        self.copy_button.clicked.connect(self.copy_data_dir)
        self.open_status = QLabel("", self)
        self.open_status.setWordWrap(True)
        self.open_status.setVisible(False)
        data_box = QVBoxLayout()
        data_box.setContentsMargins(0, 0, 0, 0)
        data_box.addWidget(self.data_label)
        note = QLabel("草稿库、备份、设置和自定义词表都在这里；设置环境变量 SHUZHI_DATA_DIR 可改用其他文件夹。", self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #5f6368")
        data_box.addWidget(note)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.open_button)
        buttons_row.addWidget(self.copy_button)
        buttons_row.addStretch(1)
        data_box.addLayout(buttons_row)
        data_box.addWidget(self.open_status)
        add_row("数据位置：", data_box)

        self.license_label = QLabel(f"{LICENSE_NAME}（MIT License），Copyright © {LICENSE_HOLDER}。"
                                    "可自由使用、复制、修改和分发，须保留版权和许可声明。", self)
        self.license_label.setWordWrap(True)
        self.license_button = QPushButton("查看许可证全文", self)
        self.license_button.clicked.connect(self.show_license)
        self.license_dialog: QDialog | None = None
        lic_box = QVBoxLayout()
        lic_box.setContentsMargins(0, 0, 0, 0)
        lic_box.addWidget(self.license_label)
        lic_row = QHBoxLayout()
        lic_row.addWidget(self.license_button)
        lic_row.addStretch(1)
        lic_box.addLayout(lic_row)
        add_row("许可：", lic_box)

        self.offline_label = QLabel(OFFLINE_NOTE, self)
        self.offline_label.setWordWrap(True)
        add_row("离线：", self.offline_label)
        self.runtime_label = QLabel(runtime_summary(), self)
        self.runtime_label.setWordWrap(True)
        self.runtime_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.runtime_label.setStyleSheet("color: #5f6368")
        add_row("运行环境：", self.runtime_label)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        box.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(box)

    def show_license(self) -> QDialog:
        if self.license_dialog is None:
            dlg = QDialog(self)
            dlg.setWindowTitle("许可证")
            dlg.resize(620, 440)
            view = QPlainTextEdit(dlg)
            view.setReadOnly(True)
            view.setPlainText(license_text())
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
            buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
            buttons.rejected.connect(dlg.close)
            lay = QVBoxLayout(dlg)
            lay.addWidget(view)
            lay.addWidget(buttons)
            dlg.view = view
            self.license_dialog = dlg
        self.license_dialog.show()
        return self.license_dialog

    def open_data_dir(self) -> bool:
        """Open the data folder in Explorer / the file manager (creating it if needed)."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._status(f"无法创建数据文件夹：{exc}")
            return False
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))
        self._status("" if ok else "无法打开文件夹，请复制上面的路径后在资源管理器中打开。")
        return bool(ok)

    def copy_data_dir(self) -> None:
        QGuiApplication.clipboard().setText(str(self.data_dir))
        self._status("路径已复制。")

    def _status(self, text: str) -> None:
        self.open_status.setText(text)
        self.open_status.setVisible(bool(text))


def show_about(parent: QWidget | None, data_dir: Path | str) -> AboutDialog:
    """帮助 → 关于述职助手 (window-modal, returns at once)."""
    dlg = AboutDialog(data_dir, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg
