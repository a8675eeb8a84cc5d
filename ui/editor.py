"""The report editor: plain text, CJK font, zoom, marks for findings with tooltips and a context menu."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, Signal
from PySide6.QtGui import QAction, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip

from core.analysis.findings import SEVERITY_RANK, Finding, is_replacement
from ui.fonts import editor_font
from ui.marks import mark_format, zero_width_format

MIN_ZOOM, MAX_ZOOM = -6, 16


class ReportEditor(QPlainTextEdit):
    ignore_here = Signal(object)  # Finding
    ignore_rule = Signal(str)  # rule id
    suggestion_applied = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFont(editor_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setPlaceholderText("在这里撰写述职报告，右侧检查清单会随输入实时更新……")
        self.document().setDocumentMargin(18)
        self.zoom_level = 0
        # (cursor tracking the flagged span as the user edits, finding)
        self._marks: list[tuple[QTextCursor, Finding]] = []
        self._mark_index: dict[tuple, tuple] = {}
        self._selections: list = []  # what setExtraSelections was last given
        self._formats: dict[tuple, object] = {}
        self.viewport().setMouseTracking(True)

    # ---- plain text only ----------------------------------------------------------------
    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.textCursor().insertText(source.text())

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasText() or super().canInsertFromMimeData(source)

    # ---- zoom ---------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        target = max(MIN_ZOOM, min(MAX_ZOOM, self.zoom_level + step))
        delta = target - self.zoom_level
        if delta > 0:
            self.zoomIn(delta)
        elif delta < 0:
            self.zoomOut(-delta)
        self.zoom_level = target

    def reset_zoom(self) -> None:
        self.zoom(-self.zoom_level)

    # ---- marks --------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        """Show marks for `findings` (offsets into the current text). Marks that are already
        shown at the same place are reused, so a re-analysis after typing only builds the new ones."""
        doc = self.document()
        n = doc.characterCount() - 1
        old = self._mark_index
        index: dict[tuple, tuple[QTextCursor, Finding, QTextEdit.ExtraSelection]] = {}
        marks: list[tuple[QTextCursor, Finding]] = []
        selections = []
        same = len(findings) == len(self._selections)  # every mark already shown, in this order
        for f in findings:
            if f.start > n:
                same = False
                continue
            key = (f.rule, f.start, min(f.end, n), f.message)
            hit = old.get(key)
            if hit is not None and (hit[0].selectionStart(), hit[0].selectionEnd()) == key[1:3]:
                cur, _old_f, sel = hit
                same = same and sel is self._selections[len(selections)]
            else:
                same = False
                cur = QTextCursor(doc)
                cur.setPosition(f.start)
                if f.end > f.start:
                    cur.setPosition(min(f.end, n), QTextCursor.MoveMode.KeepAnchor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cur
                sel.format = self._format_for(f)
            index[key] = (cur, f, sel)
            selections.append(sel)
            marks.append((cur, f))
        self._marks = marks
        self._mark_index = index
        if not same:  # unchanged marks: Qt would recompute and repaint every one of them
            self._selections = selections
            self.setExtraSelections(selections)

    def _format_for(self, f: Finding):
        zero = f.end <= f.start
        key = (f.rule.split(".", 1)[0], f.severity.value, zero)
        fmt = self._formats.get(key)
        if fmt is None:
            if zero:
                fmt = zero_width_format(f)
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            else:
                fmt = mark_format(f)
            self._formats[key] = fmt
        return fmt

    def finding_at(self, pos: int) -> Finding | None:
        """The most severe finding marked at `pos` (the first of equals)."""
        best = None
        for cur, f in self._marks:
            s, e = cur.selectionStart(), cur.selectionEnd()
            if s <= pos < e or (s == e == pos):
                if best is None or SEVERITY_RANK[f.severity] < SEVERITY_RANK[best.severity]:
                    best = f
        return best

    def current_span(self, f: Finding) -> tuple[int, int] | None:
        """Where the finding's text is now (marks follow edits made after the analysis)."""
        for cur, g in self._marks:
            if g is f:
                return cur.selectionStart(), cur.selectionEnd()
        return None

    def select_finding(self, f: Finding) -> None:
        span = self.current_span(f) or (f.start, f.end)
        cur = self.textCursor()
        cur.setPosition(span[0])
        cur.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.centerCursor()
        self.setFocus()

    def apply_suggestion(self, f: Finding) -> bool:
        span = self.current_span(f)
        if span is None or not is_replacement(f):
            return False
        cur = QTextCursor(self.document())
        cur.beginEditBlock()  # one undo step
        cur.setPosition(span[0])
        cur.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        cur.insertText(f.suggestion or "")
        cur.endEditBlock()
        self.suggestion_applied.emit(f)
        return True

    # ---- hover and context menu ---------------------------------------------------------
    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = self.cursorForPosition(event.pos()).position()
            f = self.finding_at(pos)
            if f is not None:
                QToolTip.showText(event.globalPos(), tooltip_html(f), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        pos = self.cursorForPosition(event.pos()).position()
        f = self.finding_at(pos)
        if f is not None:
            first = menu.actions()[0] if menu.actions() else None
            header = QAction(f.message if len(f.message) <= 40 else f.message[:39] + "…", menu)
            header.setEnabled(False)
            actions = [header]
            if is_replacement(f):
                fix = QAction(f"改为“{f.suggestion}”", menu)
                fix.triggered.connect(lambda _=False, g=f: self.apply_suggestion(g))
                actions.append(fix)
            here = QAction("忽略此处", menu)
            here.triggered.connect(lambda _=False, g=f: self.ignore_here.emit(g))
            whole = QAction("忽略此规则", menu)
            whole.triggered.connect(lambda _=False, r=f.rule: self.ignore_rule.emit(r))
            actions += [here, whole]
            for a in actions:
                menu.insertAction(first, a)
            menu.insertSeparator(first)
        menu.exec(event.globalPos())


def tooltip_html(f: Finding) -> str:
    from html import escape

    parts = [f"<b>{escape(f.message)}</b>"]
    if f.suggestion:
        label = "建议改为" if is_replacement(f) else "建议"
        parts.append(f"{label}：{escape(f.suggestion)}")
    parts.append(f"<span style='color:#777'>{escape(f.rule)}</span>")
    return "<br>".join(parts)

