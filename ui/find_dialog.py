"""查找/替换: a small non-modal dialog working on the editor's document."""

from __future__ import annotations

import bisect
import re

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)


class FindReplaceDialog(QDialog):
    def __init__(self, editor: QPlainTextEdit, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("查找/替换")
        self.editor = editor
        self.find_edit = QLineEdit()
        self.replace_edit = QLineEdit()
        self.case = QCheckBox("区分大小写")
        self.status = QLabel("")
        next_btn = QPushButton("查找下一个")
        prev_btn = QPushButton("查找上一个")
        rep_btn = QPushButton("替换")
        all_btn = QPushButton("全部替换")
        next_btn.clicked.connect(lambda: self.find(backward=False))
        prev_btn.clicked.connect(lambda: self.find(backward=True))
        rep_btn.clicked.connect(self.replace_one)
        all_btn.clicked.connect(self.replace_all)
        for b in (next_btn, prev_btn, rep_btn, all_btn):
            b.setAutoDefault(False)  # Enter in the field means 查找下一个, never the first button
        self.find_edit.returnPressed.connect(lambda: self.find(backward=False))
        grid = QGridLayout(self)
        grid.addWidget(QLabel("查找："), 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(QLabel("替换为："), 1, 0)
        grid.addWidget(self.replace_edit, 1, 1)
        grid.addWidget(self.case, 2, 1)
        buttons = QHBoxLayout()
        for b in (prev_btn, next_btn, rep_btn, all_btn):
            buttons.addWidget(b)
        grid.addLayout(buttons, 3, 0, 1, 2)
        grid.addWidget(self.status, 4, 0, 1, 2)

    def _flags(self, backward: bool) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        return flags

    def find(self, backward: bool = False) -> bool:
        needle = self.find_edit.text()
        if not needle:
            return False
        doc = self.editor.document()
        found = doc.find(needle, self.editor.textCursor(), self._flags(backward))
        if found.isNull():  # wrap around
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, start, self._flags(backward))
        if found.isNull():
            self.status.setText(f"未找到“{needle}”")
            return False
        self.editor.setTextCursor(found)
        starts = self._starts(needle)
        nth = bisect.bisect_left(starts, found.selectionStart()) + 1
        self.status.setText(f"第 {min(nth, len(starts))} / 共 {len(starts)} 处" if starts else "")
        return True

    def _starts(self, needle: str) -> list[int]:
        """Where each match starts, in the document's positions (UTF-16 units: a character outside the
        BMP, e.g. a rare name character 𠮷, takes two), so "第 n 处" is counted right after one."""
        flags = 0 if self.case.isChecked() else re.IGNORECASE
        text = self.editor.toPlainText()
        starts, astral, last = [], 0, 0
        for m in re.finditer(re.escape(needle), text, flags):
            astral += sum(1 for ch in text[last:m.start()] if ord(ch) > 0xFFFF)
            last = m.start()
            starts.append(m.start() + astral)
        return starts

    def replace_one(self) -> None:
        cur = self.editor.textCursor()
        needle = self.find_edit.text()
        if needle and cur.hasSelection() and self._same(cur.selectedText(), needle):
            cur.insertText(self.replace_edit.text())
        self.find()

    def replace_all(self) -> int:
        needle = self.find_edit.text()
        if not needle:
            return 0
        doc = self.editor.document()
        cur = QTextCursor(doc)
        count = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()  # one undo step for the whole replacement
        while True:
            cur = doc.find(needle, cur, self._flags(False))
            if cur.isNull():
                break
            cur.insertText(self.replace_edit.text())
            count += 1
        edit.endEditBlock()
        self.status.setText(f"已替换 {count} 处")
        return count

    def _same(self, a: str, b: str) -> bool:
        return a == b if self.case.isChecked() else a.lower() == b.lower()
