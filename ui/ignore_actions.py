"""忽略此处 / 忽略此规则 (本草稿 or 所有草稿) / 恢复已忽略的问题, and what each did, said in the
status bar: "已忽略“套话”，共 19 处（仅本草稿）；在 编辑 → 恢复已忽略的问题 中恢复".

Rules ignored for this draft are stored with the draft (window.ignores, a TrackedIgnores when
drafts are installed); rules ignored for all drafts in the data folder (core.analysis.ignores)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from core.analysis.findings import Finding
from core.analysis.ignores import load_all_drafts, save_all_drafts
from core.analysis.rule_names import rule_name

RESTORE_PATH = "编辑 → 恢复已忽略的问题"
MESSAGE_MS = 15_000
SCOPES = {"draft": "仅本草稿", "all": "所有草稿"}


class IgnoreActions:
    def __init__(self, window) -> None:
        self.window = window
        self.last_message = ""

    def load(self) -> None:
        """The rules ignored for all drafts, into the window's ignore list (at start)."""
        self.window.ignores.all_drafts = load_all_drafts(self.window.data_dir)

    def _places(self, rule_id: str) -> int:
        report = self.window.last_report
        if report is None:
            return 0
        return len({(f.start, f.end) for f in report.findings if f.rule == rule_id})

    def _say(self, message: str) -> str:
        self.last_message = message
        self.window.statusBar().showMessage(message, MESSAGE_MS)
        return message

    def ignore_here(self, f: Finding) -> str:
        report = self.window.last_report
        if report is not None:
            self.window.ignores.ignore_place(f, report.text)
        self.window.request_analysis(immediate=True)
        return self._say(f"已忽略此处的“{rule_name(f.rule)}”；在 {RESTORE_PATH} 中恢复")

    def ignore_rule(self, rule_id: str, scope: str = "draft") -> str:
        ignores = self.window.ignores
        n = self._places(rule_id)
        failed = ""
        if scope == "all":
            ignores.ignore_rule_everywhere(rule_id)
            try:
                save_all_drafts(self.window.data_dir, ignores.all_drafts)
            except OSError as exc:
                failed = f"（未能保存，只在本次运行中有效：{exc.strerror or exc}）"
        else:
            ignores.ignore_rule(rule_id)
        self.window.request_analysis(immediate=True)
        where = "所有草稿" if scope == "all" else "仅本草稿"
        return self._say(f"已忽略“{rule_name(rule_id)}”，共 {n} 处（{where}）{failed}；在 {RESTORE_PATH} 中恢复")

    def count(self) -> tuple[int, int]:
        """(items ignored for this draft, rules ignored for all drafts)."""
        ig = self.window.ignores
        return len(ig.rules) + len(ig.places), len(ig.all_drafts)

    def restore(self) -> str:
        """恢复已忽略的问题: both scopes."""
        ig = self.window.ignores
        draft, everywhere = self.count()
        if not draft and not everywhere:
            return self._say("没有已忽略的问题")
        ig.clear()
        failed = ""
        if everywhere:
            ig.clear_all_drafts()
            try:
                save_all_drafts(self.window.data_dir, set())
            except OSError as exc:
                failed = f"（所有草稿的设置未能保存：{exc.strerror or exc}）"
        self.window.request_analysis(immediate=True)
        parts = [f"本草稿 {draft} 项" if draft else "", f"所有草稿 {everywhere} 条规则" if everywhere else ""]
        return self._say("已恢复已忽略的问题：" + "、".join(p for p in parts if p) + failed)


def rule_menu(parent: QMenu, rule_id: str, for_draft, for_all) -> QMenu:
    """忽略此规则 ▸ 仅本草稿 / 所有草稿."""
    sub = QMenu("忽略此规则", parent)
    sub.addAction("仅本草稿").triggered.connect(lambda _=False: for_draft(rule_id))
    sub.addAction("所有草稿").triggered.connect(lambda _=False: for_all(rule_id))
    return sub
