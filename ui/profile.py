"""个人信息: the writer's 单位, 述职人 and 职务, remembered in the window's settings (ui.ini in the
data folder, which is owner-only). They fill the 新建报告 wizard, an empty 草稿属性 and the 落款 of
导出 Word. The first time the user types them anywhere (wizard, properties, export) they are kept;
after that only 文件 → 个人信息… changes them, so one report's values never leak into another."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit

from ui.dialog_buttons import ok_cancel

FIELDS = ("unit", "author", "position")
LABELS = {"unit": "单位", "author": "述职人", "position": "职务"}


@dataclass(slots=True)
class Profile:
    unit: str = ""
    author: str = ""
    position: str = ""

    @classmethod
    def load(cls, settings: QSettings) -> Profile:
        return cls(*(str(settings.value(f"profile/{name}", "") or "").strip() for name in FIELDS))

    def save(self, settings: QSettings) -> None:
        for name in FIELDS:
            settings.setValue(f"profile/{name}", getattr(self, name).strip())
        settings.sync()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in FIELDS)


def remember_first(settings: QSettings, **values: str) -> Profile:
    """Store the values the profile does not have yet (the first time they are filled)."""
    profile = Profile.load(settings)
    changed = False
    for name, value in values.items():
        value = (value or "").strip()
        if name in FIELDS and value and not getattr(profile, name):
            setattr(profile, name, value)
            changed = True
    if changed:
        profile.save(settings)
    return profile


class ProfileDialog(QDialog):
    def __init__(self, settings: QSettings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("个人信息")
        self.settings = settings
        profile = Profile.load(settings)
        self.edits = {name: QLineEdit(getattr(profile, name), self) for name in FIELDS}
        self.edits["unit"].setPlaceholderText("如：某某县财政局机关党支部")
        self.edits["author"].setPlaceholderText("述职人姓名")
        self.edits["position"].setPlaceholderText("如：党支部书记")
        form = QFormLayout(self)
        hint = QLabel("新建报告、草稿属性和导出 Word 的落款会自动填入这些信息（每份草稿仍可单独修改）。")
        hint.setWordWrap(True)
        form.addRow(hint)
        for name in FIELDS:
            form.addRow(LABELS[name] + "：", self.edits[name])
        form.addRow(ok_cancel(self))
        self.resize(440, self.sizeHint().height())

    def profile(self) -> Profile:
        return Profile(*(self.edits[name].text().strip() for name in FIELDS))

    def accept(self) -> None:
        self.profile().save(self.settings)
        super().accept()


def install_profile(window) -> QAction:
    """文件 → 个人信息…, just before 退出's separator group (after the draft commands)."""
    act = QAction("个人信息(&P)…", window)
    act.setStatusTip("单位、述职人、职务：新建报告和导出落款自动填入")
    act.triggered.connect(lambda: show_profile(window))
    menu = window.file_menu
    quit_act = getattr(window, "act_quit", None)
    menu.insertAction(quit_act if quit_act in menu.actions() else None, act)
    menu.insertSeparator(quit_act if quit_act in menu.actions() else None)
    window.act_profile = act
    return act


def show_profile(window) -> ProfileDialog:
    dialog = ProfileDialog(window.settings, window)
    dialog.open()
    return dialog
