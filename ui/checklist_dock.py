"""The 检查清单 panel: section checklist with 写作提示, findings grouped by category, summary line."""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import defaultdict

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis.findings import CATEGORY_ORDER, Finding, Report, Severity
from ui.checklist_tools import (
    LOCATE_ALL_ROW,
    PLACE_ROLE,
    SEVERITY_LINKS,
    GroupBar,
    add_place_rows,
    counted_places,
    entry_menu,
    place_index,
    summary_html,
)
from ui.marks import SEVERITY_ICONS, STATUS_COLORS, STATUS_ICONS, mark_color

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1  # a finding row's index into ChecklistPanel._entries
MAX_ROWS_PER_GROUP = 150  # beyond this a list helps nobody; F8 still walks through every finding
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
TARGET_ROLE = Qt.ItemDataRole.UserRole + 3  # a checklist detail row's (start, end) in the text
SLICE_SECONDS = 0.002  # show_report(…, done): rows are built in event-loop turns of about this long (a paint may share the turn)


_NEWLINE = re.compile("\n")
# 显示 filter of the findings list: label -> severities shown.
SEVERITY_FILTERS = {
    "全部": frozenset({"error", "warning", "info"}),
    "只看错误": frozenset({"error"}),
    "错误和提醒": frozenset({"error", "warning"}),
}


def entry_key(f: Finding, group_text: dict) -> tuple:
    """Findings that read the same share one row: one repeated phrase (data["group"]), the same
    phrase flagged as 套话 and as 重复, and identical findings (25 × XX, a section-level message
    given for every paragraph) — the row shows the count and each click goes to the next one.
    `group_text`: the text of each repeated phrase's first occurrence."""
    group = f.data.get("group") if f.data else None
    if f.rule.startswith("boilerplate."):
        text = group_text.get(group, f.text) if group is not None else f.text
        if text:
            return ("boilerplate", text)
    if group is not None:
        return ("group", group)
    return ("same", f.rule, f.text, f.message)


class LineIndex:
    """Offset -> (line, column), 1-based, by bisecting the line starts once per text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def places(entry: list[Finding]) -> list[Finding]:
    """One finding per place (a phrase flagged by two rules is one place)."""
    seen, out = set(), []
    for f in entry:
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            out.append(f)
    return out


def entry_label(entry: list[Finding], lines: LineIndex) -> str:
    f = entry[0]
    line, col = lines.line_col(f.start)
    shown = f.text if len(f.text) <= 14 else f.text[:13] + "…"
    n = len(places(entry)) if len(entry) > 1 else 1
    times = f" ×{n}" if n > 1 else ""
    label = f"{SEVERITY_ICONS.get(f.severity.value, '')} {line}:{col} "
    return label + (f"「{shown}」{times} {f.message}" if shown else f.message)


class ChecklistPanel(QWidget):
    finding_activated = Signal(object)  # Finding
    fill_requested = Signal(object)  # list[Finding]: 逐个填写 these places
    locate_requested = Signal(object)  # list[Finding]: 全部定位
    ignore_here_requested = Signal(object)  # Finding
    ignore_rule_requested = Signal(str, str)  # rule id, "draft" | "all"

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel("分析器加载中…")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.linkActivated.connect(self._summary_link)
        self.sections = QTreeWidget()
        self.sections.setHeaderHidden(True)
        self.sections.setRootIsDecorated(True)
        self.sections.setToolTip("点击一项可展开写作提示")
        self.sections.itemClicked.connect(self._toggle_hint)
        self.filter = QComboBox()
        self.filter.addItems(list(SEVERITY_FILTERS))
        self.filter.setToolTip("只显示某些级别的问题（编辑区中的标记不受影响）")
        self.filter.currentIndexChanged.connect(self._filter_changed)
        self.findings = QTreeWidget()
        self.findings.setHeaderHidden(True)
        self.findings.setUniformRowHeights(True)  # one-line rows: no size hint asked of every row
        self.findings.itemActivated.connect(self._activate)
        self.findings.itemClicked.connect(self._activate)
        self.findings.currentItemChanged.connect(lambda item, _prev: self.group_bar.set_entry(self.entry_of(item)))
        self.findings.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.findings.customContextMenuRequested.connect(self._context_menu)
        self.group_bar = GroupBar()
        self.group_bar.fill.connect(lambda: self._group_request(self.fill_requested))
        self.group_bar.locate.connect(lambda: self._group_request(self.locate_requested))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.filter, 1)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.findings)
        lower_layout.addWidget(self.group_bar)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sections)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(split)
        self.report: Report | None = None
        self._signature: list[tuple] = []
        self._entries: list[list[Finding]] = []  # what each finding row stands for, in row order
        self._entry_numbers: list[list[int]] = []  # the same, as positions in report.findings
        self._cycle: dict[int, int] = {}  # row -> occurrence shown last (grouped rows cycle)
        self._render_job = 0  # bumped by every show_report: a newer report cancels the slices left
        self._row_places: dict[str, list[Finding]] = {}  # checklist row id -> the places listed under it

    # ---- rendering ----------------------------------------------------------------------
    def show_report(self, report: Report, done=None) -> None:
        """Render `report`. Without `done`, at once. With it, the finding rows are built over
        several event-loop turns of ~SLICE_SECONDS each (a long report must not block typing
        for its ~600 rows), then `done()` is called; a newer show_report cancels the rest."""
        self._render_job += 1
        self.report = report
        steps = self._render_steps(report)

        def finished() -> None:
            self.group_bar.set_entry(self.entry_of(self.findings.currentItem()))
            if done is not None:
                done()

        if done is None:
            for _ in steps:
                pass
            finished()
        else:
            self._run_slices(self._render_job, steps, finished)

    def _render_steps(self, report: Report):
        self.sections.setUpdatesEnabled(False)  # one repaint when the section list is complete
        yield from self._render_checklist(report)
        self.sections.setUpdatesEnabled(True)
        yield
        severities = [f.severity.value for f in report.findings]
        errors, warnings = severities.count("error"), severities.count("warning")
        infos = len(report.findings) - errors - warnings
        self.summary.setText(summary_html({"error": errors, "warning": warnings, "info": infos}))
        self.summary.setToolTip(f"{errors} 处错误 · {warnings} 处提醒 · {infos} 条建议：单击数字查看")
        yield
        yield from self._render_findings(report)

    def _run_slices(self, job: int, steps, done) -> None:
        if job != self._render_job:
            return  # a newer report is being shown
        end = time.perf_counter() + SLICE_SECONDS
        for _ in steps:
            if time.perf_counter() >= end:
                QTimer.singleShot(0, self, lambda: self._run_slices(job, steps, done))
                return
        done()

    def _render_checklist(self, report: Report):
        """A generator (one checklist row per step: a row that lists or counts its places can
        take a few ms on a long report)."""
        expanded = {self.sections.topLevelItem(i).data(0, GROUP_ROLE)
                    for i in range(self.sections.topLevelItemCount()) if self.sections.topLevelItem(i).isExpanded()}
        while self.sections.topLevelItemCount():  # one row (and its place rows) per step
            self.sections.takeTopLevelItem(self.sections.topLevelItemCount() - 1)
            yield
        self._row_places = {}
        lines: list[LineIndex] = []  # built when a row lists places

        def line_of(offset: int) -> int:
            if not lines:
                lines.append(LineIndex(report.text))
            return lines[0].line_col(offset)[0]

        index = place_index(report.findings)
        for item in report.checklist:
            row = QTreeWidgetItem([f"{STATUS_ICONS.get(item.status, '?')} {item.label}：{item.message}"])
            row.setForeground(0, QBrush(STATUS_COLORS.get(item.status)))
            row.setData(0, GROUP_ROLE, item.id)
            row.setToolTip(0, item.hint or item.message)
            targets = getattr(item, "targets", None) or []
            for i, line in enumerate(item.details):
                detail = QTreeWidgetItem([line])
                detail.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if i < len(targets) and targets[i] is not None:
                    detail.setData(0, TARGET_ROLE, list(targets[i]))  # 单击跳转 to where it is answered
                    detail.setToolTip(0, "单击跳转到正文中的对应段落")
                row.addChild(detail)
            places = add_place_rows(row, item, report, line_of, index)
            if places:
                self._row_places[item.id] = places
            if item.hint:
                hint = QTreeWidgetItem([f"写作提示：{item.hint}"])
                hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
                hint.setToolTip(0, item.hint)
                row.addChild(hint)
            self.sections.addTopLevelItem(row)
            if item.id in expanded:
                row.setExpanded(True)
            yield
        self.sections.setWordWrap(True)

    def _filter_changed(self, _index: int = 0) -> None:
        self._signature = []
        if self.report is not None:
            self._render_job += 1  # cancels a sliced rendering still running
            for _ in self._render_findings(self.report):
                pass

    @property
    def shown_severities(self) -> frozenset[str]:
        return SEVERITY_FILTERS.get(self.filter.currentText(), SEVERITY_FILTERS["全部"])

    def _shown(self, findings: list[Finding]) -> list[Finding]:
        allowed = self.shown_severities
        return findings if len(allowed) == 3 else [f for f in findings if f.severity.value in allowed]

    def _render_findings(self, report: Report):
        """A generator: each `yield` is a point where a sliced rendering may give the event loop
        a turn (see show_report)."""
        # Offsets shift while typing above a finding; the list itself only changes with its content.
        signature = [(f.rule, f.severity, f.text, f.message) for f in report.findings]
        yield
        same = signature == self._signature
        yield
        if same and self.findings.topLevelItemCount():
            yield from self._refresh_rows(report)
            return
        self._signature = []  # until the rows are complete: a cancelled build is rebuilt next time
        self.findings.setUpdatesEnabled(False)  # one repaint when the rows are complete
        yield from self._rebuild_findings(report)
        self._signature = signature
        self.findings.setUpdatesEnabled(True)

    def _refresh_rows(self, report: Report):
        """Same findings as before: rows keep their index into the new entries; renumber lines.
        (Rows hold an int, not the Finding: wrapping Python objects in item data cost ~10 ms
        per update on a long report.)"""
        lines = LineIndex(report.text)
        yield  # ~1 ms on a long report: a turn of its own
        # The same findings in the same order: the same layout, read through the row -> finding
        # numbers kept by _rebuild_findings (laying out 1 100 findings again took ~3 ms).
        found = report.findings
        self._entries = [[found[i] for i in numbers] for numbers in self._entry_numbers]
        yield
        rows = [r for r in self.finding_items() if r.data(0, FINDING_ROLE) is not None]
        for i, (row, entry) in enumerate(zip(rows, self._entries, strict=False)):
            label = entry_label(entry, lines)
            if row.text(0) != label:
                row.setText(0, label)
            if i % 50 == 49:
                yield

    def _rebuild_findings(self, report: Report):
        collapsed = {self.findings.topLevelItem(i).data(0, GROUP_ROLE)
                     for i in range(self.findings.topLevelItemCount())
                     if not self.findings.topLevelItem(i).isExpanded()}
        self._entries = []
        self._cycle = {}
        while self.findings.topLevelItemCount():  # one group per turn (~150 rows each)
            self.findings.takeTopLevelItem(self.findings.topLevelItemCount() - 1)
            yield
        lines = LineIndex(report.text)
        yield
        layout: list[tuple[str, list[list[Finding]]]] = []
        yield from self._laying_out(self._shown(report.findings), layout)
        yield
        number = {id(f): i for i, f in enumerate(report.findings)}
        self._entry_numbers = [[number[id(f)] for f in entry] for _cat, entries in layout
                               for entry in entries[:MAX_ROWS_PER_GROUP]]
        yield
        for cat, entries in layout:
            count = sum(len(e) for e in entries)
            errors = sum(1 for e in entries for f in e if f.severity.value == "error")
            head = QTreeWidgetItem([f"{cat}（{count}" + (f"，错误 {errors}" if errors and errors < count else "") + "）"])
            head.setData(0, GROUP_ROLE, cat)
            self.findings.addTopLevelItem(head)
            rows = []
            for entry in entries[:MAX_ROWS_PER_GROUP]:
                f = entry[0]
                self._entries.append(entry)
                row = QTreeWidgetItem([entry_label(entry, lines)])
                row.setForeground(0, QBrush(mark_color(f)))
                tip = f.message + (f"\n建议：{f.suggestion}" if f.suggestion else "")
                others = sorted({g.message for g in entry} - {f.message})
                if others:  # the same phrase under another rule (套话 and 重复)
                    tip += "\n" + "\n".join(others[:3])
                n_places = len(places(entry)) if len(entry) > 1 else 1
                if n_places > 1:
                    tip += f"\n共 {n_places} 处，单击依次查看每一处。"
                row.setToolTip(0, tip)
                row.setData(0, FINDING_ROLE, len(self._entries) - 1)
                rows.append(row)
                if len(rows) % 25 == 0:
                    yield
            if len(entries) > MAX_ROWS_PER_GROUP:
                more = QTreeWidgetItem([f"…… 另有 {len(entries) - MAX_ROWS_PER_GROUP} 项，按 F8 逐个查看"])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                rows.append(more)
            head.addChildren(rows)
            head.setExpanded(cat not in collapsed)

    @staticmethod
    def _laying_out(findings: list[Finding], out: list):
        """Into `out`: categories in panel order; in each, one entry per finding, except that
        findings that read the same (see `entry_key`) share a single entry. A generator: a step
        per few hundred findings (~2 ms for 1 100 at once); `out` is complete when it ends."""
        by_cat: dict[str, list[list[Finding]]] = defaultdict(list)
        groups: dict[tuple, list[Finding]] = {}
        group_text: dict = {}
        for f in findings:
            group = f.data.get("group") if f.data else None
            if group is not None:
                group_text.setdefault(group, f.text)
        for k, f in enumerate(findings):
            key = (f.category, *entry_key(f, group_text))
            if key in groups:
                groups[key].append(f)
            else:
                groups[key] = [f]
                by_cat[f.category].append(groups[key])
            if k % 300 == 299:
                yield
        order = list(CATEGORY_ORDER) + sorted(set(by_cat) - set(CATEGORY_ORDER))
        out.extend((cat, by_cat.get(cat, [])) for cat in order)

    # ---- interaction --------------------------------------------------------------------
    def finding_of(self, item: QTreeWidgetItem) -> Finding | None:
        """The finding a row stands for (the first occurrence of a grouped phrase), else None."""
        index = item.data(0, FINDING_ROLE)
        return self._entries[index][0] if index is not None and index < len(self._entries) else None

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, FINDING_ROLE)
        if index is None or index >= len(self._entries):
            return
        entry = places(self._entries[index])
        # A repeated phrase has one row: each click shows its next occurrence.
        nth = (self._cycle.get(index, -1) + 1) % len(entry)
        self._cycle[index] = nth
        self.finding_activated.emit(entry[nth])

    def _toggle_hint(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        place = item.data(0, PLACE_ROLE)
        parent = item.parent()
        if place is not None and parent is not None:
            found = self._row_places.get(parent.data(0, GROUP_ROLE), [])
            if place == LOCATE_ALL_ROW and self.report is not None:
                item_id = parent.data(0, GROUP_ROLE)
                label = next((c.label for c in self.report.checklist if c.id == item_id), "")
                self.locate_requested.emit(counted_places(item_id, label, self.report))
            elif 0 <= place < len(found):
                self.finding_activated.emit(found[place])
            return
        target = item.data(0, TARGET_ROLE)
        if target and self.report is not None:
            start, end = target
            self.finding_activated.emit(Finding("checklist", Severity.INFO, start, end,
                                                self.report.text[start:end], item.text(0)))
            return
        if item.childCount():
            item.setExpanded(not item.isExpanded())

    def entry_of(self, item: QTreeWidgetItem | None) -> list[Finding] | None:
        """Every finding a row stands for (all places of a grouped row), else None."""
        index = item.data(0, FINDING_ROLE) if item is not None else None
        return self._entries[index] if index is not None and index < len(self._entries) else None

    def _group_request(self, signal) -> None:
        entry = self.entry_of(self.findings.currentItem())
        if entry:
            signal.emit(entry)

    def _context_menu(self, pos) -> None:
        item = self.findings.itemAt(pos)
        entry = self.entry_of(item)
        if entry:
            entry_menu(self, entry, self).exec(self.findings.viewport().mapToGlobal(pos))

    def _summary_link(self, severity: str) -> None:
        """"3 处错误" clicked: the list filtered to show them, and the first one selected."""
        label = next((flt for sev, _w, flt in SEVERITY_LINKS if sev == severity), "全部")
        self.filter.setCurrentText(label)
        for row in self.finding_items():
            entry = self.entry_of(row)
            if entry and entry[0].severity.value == severity:
                self.findings.setCurrentItem(row)
                self._activate(row)
                return

    def finding_items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.findings.topLevelItemCount()):
            head = self.findings.topLevelItem(i)
            out += [head.child(j) for j in range(head.childCount())]
        return out

    def checklist_status(self, item_id: str) -> str | None:
        if self.report is None:
            return None
        for c in self.report.checklist:
            if c.id == item_id:
                return c.status
        return None
