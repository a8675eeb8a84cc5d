"""The Chinese OK / Cancel row every dialog of the app ends with (labels set explicitly, so they
are Chinese even where Qt's own translation is missing)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

Button = QDialogButtonBox.StandardButton


def ok_cancel(dialog: QDialog, ok_text: str = "确定", extra: Button | None = None) -> QDialogButtonBox:
    """确定/取消 (or another OK label) wired to the dialog's accept/reject; `extra` e.g. RestoreDefaults."""
    flags = Button.Ok | Button.Cancel
    if extra is not None:
        flags |= extra
    buttons = QDialogButtonBox(flags, dialog)
    buttons.button(Button.Ok).setText(ok_text)
    buttons.button(Button.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
