"""帮助 → 使用帮助 (F1): resources/help.html in a browser window beside the editor (not modal,
so the secretary can read it while writing)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core import __version__
from core.common.paths import data_dir as default_data_dir
from core.common.paths import resource_path

HELP_FILE = "help.html"


def help_html(data_dir: Path | str | None = None) -> str:
    """The help page with {{version}} and {{data_dir}} filled in."""
    try:
        text = resource_path(HELP_FILE).read_text(encoding="utf-8")
    except OSError as exc:
        return (f"<h1>述职助手使用帮助</h1><p>找不到帮助文件 {html.escape(str(resource_path(HELP_FILE)))}："
                f"{html.escape(str(exc))}</p><p>请重新安装程序。</p>")
    if data_dir is None:
        try:
            data_dir = default_data_dir(create=False)
        except Exception:  # an unusable environment must not stop the help from opening
            data_dir = "（未知）"
    return text.replace("{{version}}", html.escape(__version__)).replace("{{data_dir}}", html.escape(str(data_dir)))


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, data_dir: Path | str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("述职助手使用帮助")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowMinMaxButtonsHint, True)
        self.resize(820, 680)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline: no links leave the program
        self.browser.setSearchPaths([str(resource_path())])
        self.browser.setHtml(help_html(data_dir))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        box.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(box)

    def show_section(self, anchor: str) -> None:
        """Scroll to a section: checklist, sections, substance, groups, colors, actions,
        shortcuts, kinds, settings, data, cli, offline, linux-input, fonts."""
        self.browser.scrollToAnchor(anchor)


def show_help(parent: QWidget | None, anchor: str | None = None,
              data_dir: Path | str | None = None) -> HelpDialog:
    """Show the help window (one per parent window), optionally at a section."""
    dlg = parent.findChild(HelpDialog) if parent is not None else None
    if dlg is None:
        if data_dir is None and parent is not None:
            data_dir = getattr(parent, "data_dir", None)
        dlg = HelpDialog(parent, data_dir)
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    if anchor:
        dlg.show_section(anchor)
    return dlg
