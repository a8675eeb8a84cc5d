"""The session's questions and notices to the user. Tests replace these methods (on the class or
an instance) so no modal dialog ever blocks them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox


class Prompts:
    """Mixin for DraftSession (uses self.window)."""

    def ask(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.window)
        box.button(QMessageBox.StandardButton.Yes).setText("是")
        box.button(QMessageBox.StandardButton.No).setText("否")
        return box.exec() == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        # Non-modal: start-up notices never block the window (or a test).
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def choose_start(self, done) -> None:
        """First start: 新建报告 / 打开示例报告 / 空白开始; calls done("new" | "sample" | None)."""
        box = QMessageBox(QMessageBox.Icon.Question, "欢迎使用述职助手",
                          "这是第一次使用。可以用“新建报告”向导按报告类型生成提纲，"
                          "也可以先打开一份示例报告，看看检查清单和标记是怎样工作的。", parent=self.window)
        new_btn = box.addButton("新建报告…", QMessageBox.ButtonRole.AcceptRole)
        sample_btn = box.addButton("打开示例报告", QMessageBox.ButtonRole.ActionRole)
        box.addButton("空白开始", QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def clicked(button) -> None:
            done("new" if button is new_btn else "sample" if button is sample_btn else None)

        box.buttonClicked.connect(clicked)
        box.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable behind it
        box.show()

    def get_text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.window, title, label, text=text)
        return value if ok else None

    def get_int(self, title: str, label: str, value: int, lo: int, hi: int) -> int | None:
        value, ok = QInputDialog.getInt(self.window, title, label, value, lo, hi)
        return value if ok else None

    def get_item(self, title: str, label: str, items: list[str], current: int = 0) -> int | None:
        """The index of the chosen item, or None when cancelled."""
        value, ok = QInputDialog.getItem(self.window, title, label, items, current, False)
        return items.index(value) if ok and value in items else None

    def get_open_path(self, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, title, "", filters)
        return path or None
