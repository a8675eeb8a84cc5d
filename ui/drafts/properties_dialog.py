"""草稿属性: 标题, 单位, 述职人, 年度, 报告类型 of a draft (the open one by default)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
)

from ui.dialog_buttons import ok_cancel
from ui.drafts.session import DraftSession
from ui.profile import Profile, remember_first

NO_YEAR = 1999  # the spin box's minimum, shown as "未填"


class PropertiesDialog(QDialog):
    def __init__(self, session: DraftSession, draft_id: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.draft_id = draft_id if draft_id is not None and draft_id != session.draft_id else None
        self.setWindowTitle("草稿属性")
        meta = dict(session.meta)
        if self.draft_id is not None and session.storage is not None:
            draft = session.storage.get_draft(self.draft_id)
            if draft is not None:
                meta = {k: getattr(draft, k) for k in ("title", "kind", "year", "unit", "author")}
        self._initial_meta = dict(meta)
        profile = Profile.load(session.window.settings)  # an empty 单位 / 述职人 starts from 个人信息
        meta["unit"] = meta["unit"] or profile.unit
        meta["author"] = meta["author"] or profile.author
        self.title_edit = QLineEdit(meta["title"], self)
        self.title_edit.setPlaceholderText("例如：2024年度党支部书记抓基层党建工作述职报告")
        self.unit_edit = QLineEdit(meta["unit"], self)
        self.unit_edit.setPlaceholderText("例如：XX局机关第一党支部")
        self.author_edit = QLineEdit(meta["author"], self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(NO_YEAR, 2100)
        self.year_spin.setSpecialValueText("未填")
        self.year_spin.setValue(meta["year"] or NO_YEAR)
        self.kind_combo = QComboBox(self)
        for kind_id, spec in session.window.lexicon.kinds.items():
            self.kind_combo.addItem(spec.name, kind_id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(meta["kind"])))
        self._initial = {**self.values(), "unit": self._initial_meta["unit"], "author": self._initial_meta["author"]}

        form = QFormLayout(self)
        form.addRow("标题：", self.title_edit)
        form.addRow("单位：", self.unit_edit)
        form.addRow("述职人：", self.author_edit)
        form.addRow("年度：", self.year_spin)
        form.addRow("报告类型：", self.kind_combo)
        buttons = ok_cancel(self)
        form.addRow(buttons)
        self.resize(460, self.sizeHint().height())

    def values(self) -> dict:
        year = self.year_spin.value()
        return {
            "title": self.title_edit.text().strip(),
            "unit": self.unit_edit.text().strip(),
            "author": self.author_edit.text().strip(),
            "year": None if year == NO_YEAR else year,
            "kind": self.kind_combo.currentData(),
        }

    def accept(self) -> None:
        # Only what changed: an untouched title keeps following the first line of the text.
        values = self.values()
        changed = {k: v for k, v in values.items() if v != self._initial[k]}
        if changed and not self.session.set_properties(self.draft_id, **changed):
            return  # the session said why; the dialog stays open
        remember_first(self.session.window.settings, unit=values["unit"], author=values["author"])
        super().accept()
