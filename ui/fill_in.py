"""逐个填写: step through the places of one grouped finding (25 × XX) with a small input box over
the editor. Enter replaces the selected place with what was typed (one undo step each) and goes
to the next one; Enter on an empty box skips it; Esc stops.

全部定位: every place of a grouped finding marked at once (the editor's located layer)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QTextEdit, QVBoxLayout

from core.analysis.findings import Finding

LOCATED_COLOR = QColor("#ffd54f")


def place_cursors(editor, findings: list[Finding]) -> list[QTextCursor]:
    """A cursor over each place as it is now (edits since the analysis applied); cursors then
    follow any edit by themselves. Sorted by position, one per span."""
    doc = editor.document()
    n = doc.characterCount() - 1
    spans = sorted({editor.span_of(f) for f in findings})
    out = []
    for start, end in spans:
        if start > n:
            continue
        cur = QTextCursor(doc)
        cur.setPosition(min(start, n))
        cur.setPosition(min(end, n), QTextCursor.MoveMode.KeepAnchor)
        out.append(cur)
    return out


def located_selections(cursors: list[QTextCursor]) -> list:
    fmt = QTextCharFormat()
    fmt.setBackground(LOCATED_COLOR)
    out = []
    for cur in cursors:
        sel = QTextEdit.ExtraSelection()
        sel.cursor = cur
        sel.format = fmt
        out.append(sel)
    return out


class FillInBox(QFrame):
    """The small input box of 逐个填写, a child of the editor placed under the current place."""

    finished = Signal(int, int)  # places filled, places in all

    def __init__(self, editor, findings: list[Finding]) -> None:
        super().__init__(editor)
        self.editor = editor
        f = findings[0]
        self.flagged = f.text
        self.cursors = place_cursors(editor, findings)
        self.index = -1
        self.filled = 0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setObjectName("fill_in")
        self.setStyleSheet("#fill_in { background: #fffbe6; border: 1px solid #e8a000; border-radius: 4px; }")
        self.label = QLabel("")
        self.hint = QLabel("Enter 替换并转到下一处 · 空着按 Enter 跳过 · Esc 结束")
        self.hint.setStyleSheet("color: #777;")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(f"把「{self.flagged}」改为……")
        self.edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(3)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setMinimumWidth(320)

    # ---- stepping -----------------------------------------------------------------------
    def start(self) -> bool:
        self.show()
        return self.next()

    def _still_there(self, cur: QTextCursor) -> bool:
        return cur.hasSelection() and cur.selectedText() == self.flagged

    def next(self) -> bool:
        """Go to the next place still holding the flagged text; False (and stop) when none is left."""
        self.index += 1
        while self.index < len(self.cursors) and not self._still_there(self.cursors[self.index]):
            self.index += 1
        if self.index >= len(self.cursors):
            self.stop()
            return False
        cur = self.cursors[self.index]
        self.editor.setTextCursor(QTextCursor(cur))
        self.editor.centerCursor()
        self.label.setText(f"填写「{self.flagged}」：第 {self.index + 1} / 共 {len(self.cursors)} 处")
        self.edit.clear()
        self._place()
        self.edit.setFocus()
        return True

    def commit(self) -> None:
        value = self.edit.text()
        if value and 0 <= self.index < len(self.cursors):
            cur = self.cursors[self.index]
            if self._still_there(cur):
                cur.beginEditBlock()  # one undo step per place
                cur.insertText(value)
                cur.endEditBlock()
                self.filled += 1
        self.next()

    def stop(self) -> None:
        if not self.isVisible() and self.index > len(self.cursors):
            return
        self.index = len(self.cursors) + 1
        self.hide()
        self.editor.setFocus()
        self.finished.emit(self.filled, len(self.cursors))
        self.deleteLater()

    def _place(self) -> None:
        self.adjustSize()
        rect = self.editor.cursorRect(self.editor.textCursor())
        vp = self.editor.viewport()
        top_left = vp.mapTo(self.editor, rect.bottomLeft())
        area = vp.geometry()  # inside the editor: never under the scroll bar or past its edge
        x = max(area.left(), min(top_left.x(), area.right() - self.width() - 4))
        y = top_left.y() + 6
        if y + self.height() > area.bottom():  # no room below the line: above it
            y = max(0, vp.mapTo(self.editor, rect.topLeft()).y() - self.height() - 6)
        self.move(x, y)
        self.raise_()

    def eventFilter(self, obj, event) -> bool:
        # Handled here: QLineEdit passes Enter on to its parents, and the editor would take it.
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.stop()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commit()
                return True
        return super().eventFilter(obj, event)
