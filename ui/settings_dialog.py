"""设置: rule switches (by group and by rule, with description and example), thresholds, and
the user's word lists. Choices are saved in the data folder and applied without restart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis.findings import CATEGORY_ORDER
from core.analysis.lexicon import Lexicon
from core.analysis.rule_catalog import (
    LEVEL_LABELS,
    RuleInfo,
    default_threshold,
    rule_catalog,
    threshold_specs,
)
from core.analysis.settings import AnalysisSettings
from core.analysis.user_lists import USER_LISTS, read_user_list, reference_dir, write_user_list
from ui.dialog_buttons import ok_cancel

RULE_ROLE = Qt.ItemDataRole.UserRole + 1


class WordListEditor(QWidget):
    """A simple list editor: type a word, 添加; select, 删除."""

    def __init__(self, items: list[str], help_text: str, parent=None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.addItems(items)
        self.input = QLineEdit()
        self.input.setPlaceholderText("输入后按回车或点“添加”")
        add = QPushButton("添加")
        remove = QPushButton("删除所选")
        add.clicked.connect(self.add_current)
        self.input.returnPressed.connect(self.add_current)
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.input)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        note = QLabel(help_text)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def add_current(self) -> None:
        word = self.input.text().strip()
        if word and word not in self.items():
            self.list.addItem(word)
        self.input.clear()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def items(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


def _one_line(example: str, limit: int = 160) -> str:
    flat = example.replace("\n", " ⏎ ")
    return flat if len(flat) <= limit else flat[:limit] + "……"


def rule_detail_text(info: RuleInfo) -> str:
    """The rule's manifest in words: name, level, description, one sentence it flags, one it passes."""
    text = f"{info.name}（{LEVEL_LABELS.get(info.level, info.level)}，{info.id}）：{info.description}"
    if info.example:
        text += f"\n会被标出：{_one_line(info.example)}"
    if info.pass_example:
        text += f"\n不会标出：{_one_line(info.pass_example)}"
    return text


class SettingsDialog(QDialog):
    def __init__(self, data_dir: Path, lexicon: Lexicon, settings: AnalysisSettings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.resize(720, 560)
        self.data_dir = Path(data_dir)
        self.lexicon = lexicon
        self.original = settings
        tabs = QTabWidget()
        tabs.addTab(self._rules_tab(settings), "检查规则")
        tabs.addTab(self._thresholds_tab(settings), "阈值")
        tabs.addTab(self._lists_tab(), "词表")
        buttons = ok_cancel(self, extra=QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setText("恢复默认")
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    # ---- rules ----------------------------------------------------------------------------
    def _rules_tab(self, settings: AnalysisSettings) -> QWidget:
        page = QWidget()
        self.rule_tree = QTreeWidget()
        self.rule_tree.setHeaderLabels(["规则", "说明"])
        self.rule_tree.setColumnWidth(0, 260)
        self.rule_items: dict[str, QTreeWidgetItem] = {}
        self.catalog: dict[str, RuleInfo] = {r.id: r for r in rule_catalog()}
        groups: dict[str, QTreeWidgetItem] = {}
        for cat in CATEGORY_ORDER:
            head = QTreeWidgetItem([cat, ""])
            head.setFlags(head.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            self.rule_tree.addTopLevelItem(head)
            groups[cat] = head
        for info in self.catalog.values():
            head = groups.get(info.category) or groups[CATEGORY_ORDER[0]]
            item = QTreeWidgetItem([info.name, info.description])
            item.setData(0, RULE_ROLE, info.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = settings.enabled(info.id, info.default_enabled)
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            item.setToolTip(0, info.id)  # the id, as written in `python -m core check` output
            item.setToolTip(1, info.description)
            head.addChild(item)
            self.rule_items[info.id] = item
        self.rule_tree.expandAll()
        self.rule_detail = QLabel("选择一条规则查看说明和示例。")
        self.rule_detail.setWordWrap(True)
        self.rule_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_tree.currentItemChanged.connect(self._show_rule)
        layout = QVBoxLayout(page)
        layout.addWidget(self.rule_tree, 3)
        layout.addWidget(self.rule_detail, 1)
        return page

    def _show_rule(self, item: QTreeWidgetItem | None, _prev=None) -> None:
        info = self.catalog.get(item.data(0, RULE_ROLE)) if item is not None else None
        if info is None:
            self.rule_detail.setText("勾选或取消整组规则。" if item is not None else "")
            return
        self.rule_detail.setText(rule_detail_text(info))

    def set_rule_enabled(self, rule_id: str, on: bool) -> None:
        self.rule_items[rule_id].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    # ---- thresholds -----------------------------------------------------------------------
    def _thresholds_tab(self, settings: AnalysisSettings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.threshold_widgets: dict[str, QSpinBox | QDoubleSpinBox] = {}
        for spec in threshold_specs(self.lexicon):
            value = settings.thresholds.get(spec.key, default_threshold(self.lexicon, spec.key))
            if spec.kind == "int":
                w = QSpinBox()
                w.setRange(int(spec.minimum), int(spec.maximum))
                w.setValue(int(value))
            else:
                w = QDoubleSpinBox()
                scale = 100 if spec.kind == "percent" else 1
                w.setRange(spec.minimum * scale, spec.maximum * scale)
                w.setSingleStep(spec.step * scale)
                w.setDecimals(0 if spec.kind == "percent" else 2)
                w.setSuffix(" %" if spec.kind == "percent" else "")
                w.setValue(float(value) * scale)
            w.setToolTip(spec.help)
            w.setProperty("spec_kind", spec.kind)
            form.addRow(spec.label, w)
            self.threshold_widgets[spec.key] = w
        return page

    # ---- word lists -------------------------------------------------------------------------
    def _lists_tab(self) -> QWidget:
        page = QTabWidget()
        self.list_editors: dict[str, WordListEditor] = {}
        for ul in USER_LISTS:
            editor = WordListEditor(read_user_list(self.data_dir, ul.name), ul.help)
            page.addTab(editor, ul.label)
            self.list_editors[ul.name] = editor
        ref = QWidget()
        folder = reference_dir(self.data_dir)
        count = sum(1 for p in folder.iterdir() if p.suffix.lower() in (".txt", ".docx"))
        note = QLabel(f"把往年的述职报告、范文放进这个文件夹（.txt 或 .docx），报告中与它们相同的段落会被标出。\n"
                      f"位置：{folder}\n现有 {count} 个文件。")
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        open_btn = QPushButton("打开参考文本文件夹")
        open_btn.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        lay = QVBoxLayout(ref)
        lay.addWidget(note)
        lay.addWidget(open_btn)
        lay.addStretch(1)
        page.addTab(ref, "参考文本")
        return page

    # ---- results --------------------------------------------------------------------------
    def restore_defaults(self) -> None:
        for rule_id, item in self.rule_items.items():
            on = self.catalog[rule_id].default_enabled
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        for key, w in self.threshold_widgets.items():
            value = float(default_threshold(self.lexicon, key))
            w.setValue(value * 100 if w.property("spec_kind") == "percent" else value)

    def result_settings(self) -> AnalysisSettings:
        disabled = {rid for rid, item in self.rule_items.items()
                    if item.checkState(0) != Qt.CheckState.Checked}
        thresholds = {}
        for key, w in self.threshold_widgets.items():
            value = w.value()
            if w.property("spec_kind") == "percent":
                value = round(value / 100, 4)
            if value != default_threshold(self.lexicon, key):
                thresholds[key] = value
        return AnalysisSettings(disabled, thresholds)

    def save(self) -> AnalysisSettings:
        """Write settings and word lists to the data folder; returns the new settings."""
        settings = self.result_settings()
        settings.save(self.data_dir)
        for name, editor in self.list_editors.items():
            write_user_list(self.data_dir, name, editor.items())
        return settings
