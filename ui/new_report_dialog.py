"""新建报告: choose the kind, fill 单位 / 述职人 / 年度, start from the kind's skeleton."""

from __future__ import annotations

import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from core.analysis.lexicon import Lexicon
from core.analysis.templates import report_skeleton
from ui.dialog_buttons import ok_cancel


def default_report_year(today: datetime.date | None = None) -> int:
    """The year being reported on: last year in January–March (述职 season), else this year."""
    today = today or datetime.date.today()
    return today.year - 1 if today.month <= 3 else today.year

class NewReportDialog(QDialog):
    def __init__(self, lexicon: Lexicon, kind: str = "shuzhi", unit: str = "", author: str = "",
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        self.lexicon = lexicon
        self.kind_combo = QComboBox()
        for kind_id, spec in lexicon.kinds.items():
            self.kind_combo.addItem(spec.name, kind_id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.unit_edit = QLineEdit(unit)
        self.unit_edit.setPlaceholderText("如：某某县财政局党组")
        self.author_edit = QLineEdit(author)
        self.author_edit.setPlaceholderText("述职人姓名")
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(default_report_year())
        self.optional_box = QCheckBox("包含“上年度问题整改情况”")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(self._update_hint)
        form = QFormLayout()
        form.addRow("报告类型", self.kind_combo)
        form.addRow("单位", self.unit_edit)
        form.addRow("述职人", self.author_edit)
        form.addRow("年度", self.year_spin)
        form.addRow("", self.optional_box)
        buttons = ok_cancel(self, "创建")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self._update_hint()

    def _update_hint(self) -> None:
        kind = self.lexicon.kind(self.kind)
        parts = [f"{kind.sections[k].label}" for k in kind.order if kind.sections[k].required]
        self.hint.setText("将按顺序生成以下部分：" + "、".join(parts) + "。写作提示会显示在右侧检查清单中。")

    @property
    def kind(self) -> str:
        return self.kind_combo.currentData()

    def meta(self) -> dict:
        return {"kind": self.kind, "unit": self.unit_edit.text().strip(), "author": self.author_edit.text().strip(),
                "year": self.year_spin.value()}

    def skeleton(self) -> str:
        m = self.meta()
        return report_skeleton(self.lexicon.kind(m["kind"]), m["year"], m["unit"], m["author"],
                               self.optional_box.isChecked())

    def title(self) -> str:
        return self.skeleton().split("\n", 1)[0]
