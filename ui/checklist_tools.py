"""What the 检查清单 rows do beyond a click (issue 18): the bar under the findings list for a
grouped row (逐个填写, 全部定位), the rows' context menu, the places listed under a summary row
("2 个问题未见对应措施" -> the two problems, each a click away), and the summary line's links.

`FindingTools(window)` carries the requests of the panel out to the editor."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QTreeWidgetItem, QWidget

from core.analysis.checklist import ROW_RULES, counted_spans
from core.analysis.findings import Finding, Report, Severity
from core.analysis.rule_names import rule_name

FILLABLE_RULES = frozenset({"hygiene.placeholder"})  # findings whose text is a blank to fill in
PLACE_ROLE = Qt.ItemDataRole.UserRole + 4  # a place row under a summary row: index into its findings
MAX_PLACE_ROWS = 30


def unique_places(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in sorted(findings, key=lambda g: (g.start, g.end)):
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            out.append(f)
    return out


def fillable(entry: list[Finding]) -> bool:
    return bool(entry) and entry[0].rule in FILLABLE_RULES and bool(entry[0].text)


class GroupBar(QWidget):
    """Under the findings list, for the selected row of several places: 逐个填写 / 全部定位."""

    fill = Signal()
    locate = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel("")
        self.fill_button = QPushButton("逐个填写…")
        self.fill_button.setToolTip("逐一选中每一处，在小输入框中填写后按 Enter 替换并转到下一处，Esc 结束")
        self.locate_button = QPushButton("全部定位")
        self.locate_button.setToolTip("在正文中同时标出每一处（按 Esc 取消标出）")
        for b in (self.fill_button, self.locate_button):
            b.setAutoDefault(False)
        self.fill_button.clicked.connect(self.fill)
        self.locate_button.clicked.connect(self.locate)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.fill_button)
        layout.addWidget(self.locate_button)
        self.set_entry(None)

    def set_entry(self, entry: list[Finding] | None) -> None:
        n = len(unique_places(entry)) if entry else 0
        self.setVisible(n > 1 or bool(entry and fillable(entry)))
        if not entry:
            return
        f = entry[0]
        self.label.setText(f"「{f.text}」共 {n} 处" if f.text else f"{rule_name(f.rule)} 共 {n} 处")
        self.fill_button.setVisible(fillable(entry))
        self.locate_button.setVisible(n > 1)


def entry_menu(panel, entry: list[Finding], parent) -> QMenu:
    """Context menu of a findings row."""
    menu = QMenu(parent)
    n = len(unique_places(entry))
    if fillable(entry):
        menu.addAction("逐个填写…").triggered.connect(lambda _=False: panel.fill_requested.emit(entry))
    if n > 1:
        menu.addAction(f"全部定位（共 {n} 处）").triggered.connect(lambda _=False: panel.locate_requested.emit(entry))
    if n == 1:
        menu.addAction("忽略此处").triggered.connect(lambda _=False: panel.ignore_here_requested.emit(entry[0]))
    rule = entry[0].rule
    sub = menu.addMenu(f"忽略此规则（{rule_name(rule)}）")
    sub.addAction("仅本草稿").triggered.connect(lambda _=False: panel.ignore_rule_requested.emit(rule, "draft"))
    sub.addAction("所有草稿").triggered.connect(lambda _=False: panel.ignore_rule_requested.emit(rule, "all"))
    return menu


def place_index(findings: list[Finding]) -> dict:
    """Findings by what a checklist row asks for (core ROW_RULES; a part's structure findings), built once per report."""
    index: dict = {}
    for f in findings:
        index.setdefault(f.rule, []).append(f)
        if f.rule.startswith("structure.") and f.section:
            index.setdefault(("section", f.section), []).append(f)
    return index


def _row_found(item_id: str, index: dict) -> list[Finding]:
    if item_id.startswith("section."):
        return index.get(("section", item_id.split(".", 1)[1]), [])
    rule = ROW_RULES.get(item_id)
    return index.get(rule, []) if rule else []


def add_place_rows(row: QTreeWidgetItem, item, report: Report, line_of, index: dict) -> list[Finding]:
    """Under a checklist row, one child per place it counts (单击跳转); returns those places."""
    found = unique_places(_row_found(item.id, index))
    if not found:
        _counted_row(row, item)
        return []
    for i, f in enumerate(found[:MAX_PLACE_ROWS]):
        line = line_of(f.start)
        shown = report.text[f.start:f.end].split("\n", 1)[0].strip()
        shown = shown if len(shown) <= 18 else shown[:17] + "…"
        what = f"「{shown}」" if shown and f.end > f.start else "（此处缺少）"
        child = QTreeWidgetItem([f"→ 第 {line} 行 {what} {f.message}"])
        child.setFlags(Qt.ItemFlag.ItemIsEnabled)
        child.setData(0, PLACE_ROLE, i)
        child.setToolTip(0, f.message + ("\n" + f.suggestion if f.suggestion else "") + "\n单击跳转到正文")
        row.insertChild(i, child)
    if len(found) > MAX_PLACE_ROWS:
        more = QTreeWidgetItem([f"…… 另有 {len(found) - MAX_PLACE_ROWS} 处，见下方问题列表"])
        more.setFlags(Qt.ItemFlag.ItemIsEnabled)
        row.insertChild(MAX_PLACE_ROWS, more)
    row.setToolTip(0, f"共 {len(found)} 处，单击展开，再单击一处跳转到正文\n" + row.toolTip(0))
    return found


LOCATE_ALL_ROW = -1  # PLACE_ROLE of the 全部定位 child of a row that counts places without findings
COUNTED_ROWS = frozenset({"figures", "first_person"})
_DIGIT = re.compile(r"\d")


def _counted_row(row: QTreeWidgetItem, item) -> None:
    """"20 处具体数字": one child that marks all of them in the text (they are no defects);
    the places are looked up when it is clicked (see counted_places)."""
    if item.id not in COUNTED_ROWS or item.status == "todo" or not _DIGIT.search(item.message):
        return
    child = QTreeWidgetItem(["→ 全部定位这几处（单击在正文中标出，Esc 取消）"])
    child.setFlags(Qt.ItemFlag.ItemIsEnabled)
    child.setData(0, PLACE_ROLE, LOCATE_ALL_ROW)
    row.insertChild(0, child)


def counted_places(item_id: str, label: str, report: Report) -> list[Finding]:
    return [Finding(f"checklist.{item_id}", Severity.INFO, a, b, "", label)
            for a, b in counted_spans(item_id, report.document)]


SEVERITY_LINKS = (("error", "处错误", "只看错误"), ("warning", "处提醒", "错误和提醒"), ("info", "条建议", "全部"))


def summary_html(counts: dict[str, int]) -> str:
    """"3 处错误 · 5 处提醒 · 2 条建议", each count a link to its findings."""
    parts = []
    for sev, word, _filter in SEVERITY_LINKS:
        n = counts.get(sev, 0)
        parts.append(f"<a href='{sev}' style='color:#1a0dab'>{n} {word}</a>" if n else f"0 {word}")
    return " · ".join(parts)


class _EscapeFilter(QObject):
    """Esc in the editor (which has no use for it) takes away the 全部定位 marks."""

    def __init__(self, on_escape, parent) -> None:
        super().__init__(parent)
        self.on_escape = on_escape

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and obj.located_count:
            self.on_escape()
            return True
        return False


class FindingTools:
    """The panel's requests carried out on the editor: 逐个填写, 全部定位, 忽略此处 / 此规则."""

    def __init__(self, window) -> None:
        self.window = window
        self.fill_box = None
        panel, editor = window.checklist, window.editor
        panel.fill_requested.connect(self.fill_in)
        panel.locate_requested.connect(self.locate_all)
        panel.ignore_rule_requested.connect(lambda rule, scope: window.ignoring.ignore_rule(rule, scope))
        panel.ignore_here_requested.connect(lambda f: window.ignoring.ignore_here(f))
        panel.finding_activated.connect(lambda _f: self.clear_located())
        self._escape = _EscapeFilter(self.clear_located, editor)
        editor.installEventFilter(self._escape)

    def fill_in(self, entry: list[Finding]):
        from ui.fill_in import FillInBox

        if self.fill_box is not None:
            self.fill_box.stop()
        self.clear_located()
        box = FillInBox(self.window.editor, entry)
        box.finished.connect(self._filled)
        self.fill_box = box
        box.start()
        return box

    def _filled(self, filled: int, total: int) -> None:
        self.fill_box = None
        self.window.statusBar().showMessage(f"逐个填写结束：已填写 {filled} / 共 {total} 处（可用 撤销 逐处撤回）", 10_000)

    def locate_all(self, entry: list[Finding]) -> int:
        from ui.fill_in import located_selections, place_cursors

        if not entry:
            return 0
        editor = self.window.editor
        cursors = place_cursors(editor, entry)
        editor.set_located(located_selections(cursors))
        if cursors:
            editor.setTextCursor(cursors[0])
            editor.centerCursor()
            editor.setFocus()
        f = entry[0]
        what = f"「{f.text}」" if f.text else (f"“{f.message}”" if f.rule.startswith("checklist.") else rule_name(f.rule))
        self.window.statusBar().showMessage(f"{what}共 {len(cursors)} 处，已在正文中全部标出（按 Esc 取消标出）", 15_000)
        return len(cursors)

    def clear_located(self) -> None:
        if self.window.editor.located_count:
            self.window.editor.set_located([])
