"""The report editor: plain text, CJK font, zoom, marks for findings with tooltips and a context menu."""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QEvent, QMimeData, QTimer, Signal
from PySide6.QtGui import QAction, QTextCursor, QTextFormat
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip

from core.analysis.findings import SEVERITY_RANK, Finding, is_replacement
from ui.fonts import editor_font
from ui.ignore_actions import rule_menu
from ui.marks import mark_format, zero_width_format
from ui.part_margin import about_a_part

MIN_ZOOM, MAX_ZOOM = -6, 16
MARK_MARGIN = 2_000  # characters above and below the view whose marks are built too (~2 pages)
MAX_MARKS = 3_000  # at most this many built at once
LONG_MARK = 2_000  # spans longer than this are looked for separately (they start far above)


def paints(f: Finding) -> bool:
    """Findings about a missing part (no text) or a whole part are not painted on the text:
    they would cover innocent text (issue 18). They are markers in the margin (ui/part_margin.py)."""
    return not about_a_part(f)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two UTF-16 units each in a QTextDocument

class ReportEditor(QPlainTextEdit):
    ignore_here = Signal(object)  # Finding
    ignore_rule = Signal(str)  # rule id, for this draft
    ignore_rule_everywhere = Signal(str)  # rule id, for all drafts
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
        self._located: list = []  # 全部定位: every place of one grouped finding, drawn over the marks
        self._formats: dict[tuple, object] = {}
        self._findings: list[Finding] = []
        self._finding_ids: set[int] = set()
        self._mark_of: dict[int, QTextCursor] = {}  # id(finding) -> its mark's cursor
        self._starts: list[int] = []
        self._astral: list[int] = []  # offsets of characters outside the BMP in the analysed text
        self._long: list[Finding] = []
        self._edits: list[tuple[int, int, int]] = []
        self._mark_timer = QTimer(self)  # scrolling rebuilds the marks once per event-loop turn
        self._mark_timer.setSingleShot(True)
        self._mark_timer.setInterval(0)
        self._mark_timer.timeout.connect(self._refresh_marks)
        self.verticalScrollBar().valueChanged.connect(self._schedule_marks)
        self.document().contentsChange.connect(self._on_contents_change)
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
    # Only the marks near the visible part are built (QTextCursor + ExtraSelection each): a text
    # with 200 000 findings must not stall the window. Findings keep the offsets of the analysed
    # text; edits made since are replayed on them (self._edits) until the next analysis.
    def set_findings(self, findings: list[Finding], text: str | None = None) -> None:
        """Show marks for `findings` (offsets into `text`, the analysed text; default: the current
        text). Marks that are already shown at the same place are reused, so a re-analysis after
        typing only builds the new ones."""
        # Findings count Python characters; the document counts UTF-16 units, where a character
        # outside the BMP (a rare name character such as 𠮷) takes two.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if text else []
        n = self.document().characterCount() - 1
        kept = [f for f in findings if self._to_doc(f.start) <= n]
        kept.sort(key=lambda f: f.start)
        self._findings = kept
        self._finding_ids = {id(f) for f in kept}
        self._starts = [self._to_doc(f.start) for f in kept]
        self._long = [f for f in kept if f.end - f.start > LONG_MARK]  # may begin far above the view
        self._edits = []
        self._refresh_marks()

    def _on_contents_change(self, pos: int, removed: int, added: int) -> None:
        if self._findings and (removed or added):
            if self._edits:
                p, r, a = self._edits[-1]
                if pos == p + a and not removed:  # typing on: one edit, so _map stays short
                    self._edits[-1] = (p, r, a + added)
                    return
                if added == 0 and r == 0 and p <= pos and pos + removed <= p + a:
                    self._edits[-1] = (p, 0, a - removed)  # deleting what was just typed
                    return
            self._edits.append((pos, removed, added))
            if len(self._edits) > 2000:  # a long session without analysis: keep it cheap
                self._edits = self._edits[-2000:]

    def _to_doc(self, offset: int) -> int:
        """A character offset of the analysed text as a document position (UTF-16 units)."""
        return offset + bisect.bisect_left(self._astral, offset) if self._astral else offset

    def _map(self, pos: int) -> int:
        """An offset of the analysed text in the current text (a document position)."""
        pos = self._to_doc(pos)
        for p, removed, added in self._edits:
            if pos >= p + removed:
                pos += added - removed
            elif pos > p:
                pos = p
        return pos

    def _visible_range(self) -> tuple[int, int]:
        vp = self.viewport()
        top = self.cursorForPosition(vp.rect().topLeft()).position()
        bottom = self.cursorForPosition(vp.rect().bottomRight()).position()
        drift = sum(abs(added - removed) for _p, removed, added in self._edits)
        return max(0, top - MARK_MARGIN - drift), bottom + MARK_MARGIN + drift

    def _schedule_marks(self, *_args) -> None:
        if self._findings and not self._mark_timer.isActive():
            self._mark_timer.start()

    def _refresh_marks(self) -> None:
        doc = self.document()
        n = doc.characterCount() - 1
        lo, hi = self._visible_range()
        i, j = bisect.bisect_left(self._starts, lo), bisect.bisect_right(self._starts, hi)
        window = self._findings[i:j]
        if len(window) > MAX_MARKS:
            window = window[:MAX_MARKS]
        long_ones = [f for f in self._long if self._to_doc(f.start) < lo and self._to_doc(f.end) > lo]
        old = self._mark_index
        index: dict[tuple, tuple[QTextCursor, Finding, QTextEdit.ExtraSelection]] = {}
        marks: list[tuple[QTextCursor, Finding]] = []
        selections = []
        for f in long_ones + window:
            if not paints(f):
                continue
            key = (f.rule, f.start, min(f.end, n), f.message)
            if key in index:
                continue
            start, end = self._map(f.start), self._map(min(f.end, n))
            hit = old.get(key)
            if hit is not None and (hit[0].selectionStart(), hit[0].selectionEnd()) == (start, end):
                cur, _old_f, sel = hit
            else:
                cur = QTextCursor(doc)
                cur.setPosition(min(start, n))
                if end > start:
                    cur.setPosition(min(end, n), QTextCursor.MoveMode.KeepAnchor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cur
                sel.format = self._format_for(f)
            index[key] = (cur, f, sel)
            selections.append(sel)
            marks.append((cur, f))
        self._marks = marks
        self._mark_of = {id(f): cur for cur, f in marks}
        self._mark_index = index
        same = len(selections) == len(self._selections) and all(
            a is b for a, b in zip(selections, self._selections, strict=True))
        if not same:  # unchanged marks (scrolling within the margin): Qt would repaint every one
            self._selections = selections
            self.setExtraSelections(selections + self._located)

    def set_located(self, selections: list) -> None:
        """全部定位: ExtraSelections shown on top of the marks until replaced (or [] to clear)."""
        self._located = list(selections)
        self.setExtraSelections(self._selections + self._located)

    @property
    def located_count(self) -> int:
        return len(self._located)

    @property
    def mark_count(self) -> int:
        """How many marks are built now (the visible part), for tests and the bench."""
        return len(self._marks)

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
        cur = self._mark_of.get(id(f))  # by identity: the findings are held, so ids are theirs
        if cur is not None:
            return cur.selectionStart(), cur.selectionEnd()
        if id(f) in self._finding_ids:  # not built (scrolled away): replay the edits
            return self._map(f.start), self._map(f.end)
        return None

    def position_of(self, offset: int) -> int:
        """An offset of the last analysis (an outline heading …) as a document position now."""
        return self._map(offset)

    def span_of(self, f: Finding) -> tuple[int, int]:
        """Where `f` is now, also for a finding of the last analysis that is not marked (a counted
        place, a margin finding): its offsets as document positions, edits since replayed."""
        return self.current_span(f) or (self._map(f.start), self._map(f.end))

    def select_finding(self, f: Finding) -> None:
        span = self.span_of(f)
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

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._schedule_marks()

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
            actions.append(here)
            for a in actions:
                menu.insertAction(first, a)
            menu.insertMenu(first, rule_menu(menu, f.rule, self.ignore_rule.emit, self.ignore_rule_everywhere.emit))
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

