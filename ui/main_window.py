"""The main window: editor in the centre, 检查清单 on the right, 大纲 on the left, status bar."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QToolBar,
)

from core.analysis.findings import Finding, Report
from core.analysis.ignores import IgnoreList
from core.analysis.lexicon import Lexicon
from core.analysis.settings import AnalysisSettings
from core.text.wordcount import TextCounter, format_count, word_count
from ui import about_dialog, help_dialog
from ui.analysis_service import AnalysisService
from ui.audit_dialog import AuditActions
from ui.checklist_dock import ChecklistPanel
from ui.checklist_tools import FindingTools
from ui.editor import ReportEditor
from ui.file_actions import FileActions
from ui.find_dialog import FindReplaceDialog
from ui.idle_gc import IdleCollector
from ui.ignore_actions import IgnoreActions
from ui.new_report_dialog import NewReportDialog
from ui.outline_dock import OutlinePanel
from ui.part_margin import PartMargin
from ui.print_report import PrintActions
from ui.profile import Profile, install_profile, remember_first
from ui.review_actions import ReviewActions
from ui.settings_dialog import SettingsDialog

APP_TITLE = "述职助手"
_startup_frozen = False  # gc.freeze() once per process (see _on_analyzer_ready)


class MainWindow(QMainWindow):
    report_rendered = Signal(object)  # Report, after marks and panel are updated
    report_created = Signal(str, dict)  # skeleton text and its meta (kind, unit, author, year)
    settings_changed = Signal(object)  # AnalysisSettings, after the 设置 dialog is accepted

    def __init__(self, data_dir: Path, lexicon: Lexicon | None = None, with_drafts: bool = True,
                 analysis_process=None) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.settings = QSettings(str(self.data_dir / "ui.ini"), QSettings.Format.IniFormat)
        self.lexicon = lexicon or Lexicon(user_dir=self.data_dir)
        self.kind = str(self.settings.value("kind", "shuzhi"))
        if self.kind not in self.lexicon.kinds:
            self.kind = "shuzhi"
        self.ignores = IgnoreList()
        self.revision = 0
        self.last_report: Report | None = None
        self._apply_token = 0  # the report being applied (see _on_report)
        self._find_dialog: FindReplaceDialog | None = None

        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 820)
        self.editor = ReportEditor(self)
        self.setCentralWidget(self.editor)
        self._build_docks()
        self._build_status_bar()
        self.files = FileActions(self)
        self.review = ReviewActions(self, self.files)
        self.audit = AuditActions(self, self.files)
        self.printing = PrintActions(self, self.files)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()

        # The analyser runs in a worker process (spawned early by the app when it can be).
        self.analysis = AnalysisService(self.data_dir, self._analysis_snapshot, lambda: self.revision,
                                        process=analysis_process, parent=self)
        self.analysis.ready.connect(self._on_analyzer_ready)
        self.analysis.finished.connect(self._on_report)
        self.analysis.failed.connect(lambda msg: self.analyser_label.setText(msg))
        self.analysis.busy_changed.connect(self._on_busy)

        self._counter = TextCounter()
        self.idle_gc = IdleCollector(self)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(120)
        self._count_timer.timeout.connect(self._update_counts)
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.cursorPositionChanged.connect(self._on_cursor_moved)
        self.editor.selectionChanged.connect(self._show_count)
        self.ignoring = IgnoreActions(self)
        self.finding_tools = FindingTools(self)
        self.part_margin = PartMargin(self.editor)  # markers beside a part's heading / at a missing part
        self.part_margin.ignore_rule.connect(lambda rule, scope: self.ignoring.ignore_rule(rule, scope))
        self.editor.ignore_here.connect(self.ignoring.ignore_here)
        self.editor.ignore_rule.connect(self.ignoring.ignore_rule)
        self.editor.ignore_rule_everywhere.connect(lambda rule: self.ignoring.ignore_rule(rule, "all"))
        self.editor.zoom(int(self.settings.value("zoom", 0)))
        self._restore_layout()
        self._update_counts()
        self.drafts = None
        if with_drafts:  # off only for --screenshot, which must not touch the user's drafts
            from ui.drafts import install_drafts

            self.drafts = install_drafts(self)
        install_profile(self)  # 文件 → 个人信息…
        if self.drafts is not None:
            from ui.backup_dialog import install_backups

            install_backups(self.drafts)  # hourly and on-close backups, 文件 → 从备份恢复…
        self.ignoring.load()  # rules ignored in all drafts (after drafts replaced window.ignores)

    # ---- construction -------------------------------------------------------------------
    def _build_docks(self) -> None:
        self.checklist = ChecklistPanel(self)
        self.checklist.finding_activated.connect(self.editor.select_finding)
        self.checklist_dock = QDockWidget("检查清单", self)
        self.checklist_dock.setObjectName("checklist_dock")
        self.checklist_dock.setWidget(self.checklist)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.checklist_dock)
        self.outline = OutlinePanel(self)
        self.outline.jump_requested.connect(self._jump_to)
        self.outline_dock = QDockWidget("大纲", self)
        self.outline_dock.setObjectName("outline_dock")
        self.outline_dock.setWidget(self.outline)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        self.resizeDocks([self.checklist_dock, self.outline_dock], [400, 220], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.chars_label = QLabel("字数 0")
        self.paras_label = QLabel("段落 0")
        self.section_label = QLabel("")
        self.save_label = QLabel("未保存")
        self.analyser_label = QLabel("分析器加载中…")
        for w in (self.chars_label, self.paras_label, self.section_label):
            bar.addWidget(w)
        bar.addPermanentWidget(self.save_label)
        bar.addPermanentWidget(self.analyser_label)

    def _action(self, text: str, slot=None, shortcut=None, enabled: bool = True, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            act.triggered.connect(slot)
        act.setEnabled(enabled)
        if tip:
            act.setStatusTip(tip)
        return act

    def _build_actions(self) -> None:
        ed = self.editor
        self.act_new = self._action("新建报告(&N)…", self.new_report, QKeySequence.StandardKey.New)
        self.act_settings = self._action("设置(&S)…", self.show_settings, "Ctrl+,")
        self.act_quit = self._action("退出(&Q)", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self._action("撤销(&U)", ed.undo, QKeySequence.StandardKey.Undo, False)
        self.act_redo = self._action("重做(&R)", ed.redo, QKeySequence.StandardKey.Redo, False)
        ed.undoAvailable.connect(self.act_undo.setEnabled)
        ed.redoAvailable.connect(self.act_redo.setEnabled)
        self.act_cut = self._action("剪切(&T)", ed.cut, QKeySequence.StandardKey.Cut)
        self.act_copy = self._action("复制(&C)", ed.copy, QKeySequence.StandardKey.Copy)
        self.act_paste = self._action("粘贴(&P)", ed.paste, QKeySequence.StandardKey.Paste)
        self.act_select_all = self._action("全选(&A)", ed.selectAll, QKeySequence.StandardKey.SelectAll)
        self.act_find = self._action("查找/替换(&F)…", self.show_find, QKeySequence.StandardKey.Find)
        self.act_replace = self._action("替换(&H)…", self.show_find, QKeySequence.StandardKey.Replace)
        self.act_next = self._action("下一处问题", lambda: self.goto_finding(+1), "F8")
        self.act_prev = self._action("上一处问题", lambda: self.goto_finding(-1), "Shift+F8")
        self.act_zoom_in = self._action("放大", lambda: self._zoom(+1), QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = self._action("缩小", lambda: self._zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self.act_zoom_reset = self._action("实际大小", lambda: self._zoom(0), "Ctrl+0")
        self.act_clear_ignores = self._action("恢复已忽略的问题", lambda: self.ignoring.restore(),
                                              tip="恢复本草稿和所有草稿中忽略的问题与规则")
        self.act_help = self._action("使用帮助(&H)…", lambda: help_dialog.show_help(self), "F1")
        self.act_about = self._action("关于述职助手", self.show_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar("工具栏", self)
        tb.setObjectName("main_toolbar")
        tb.addWidget(QLabel(" 报告类型："))
        self.kind_combo = QComboBox(self)
        for kind_id, spec in self.lexicon.kinds.items():
            self.kind_combo.addItem(spec.name, kind_id)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self.kind)))
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.set_kind(self.kind_combo.currentData()))
        tb.addWidget(self.kind_combo)
        tb.addSeparator()
        for act in (self.act_undo, self.act_redo, self.act_find, self.act_prev, self.act_next,
                    self.act_zoom_out, self.act_zoom_in):
            tb.addAction(act)
        self.addToolBar(tb)
        self.toolbar = tb

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu("文件(&F)")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.files.act_import)
        self.file_menu.addAction(self.files.act_export)
        self.file_menu.addMenu(self.review.menu)
        self.file_menu.addAction(self.review.act_check_report)
        self.file_menu.addSeparator()
        for act in (self.printing.act_preview, self.printing.act_print, self.printing.act_pdf):
            self.file_menu.addAction(act)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        edit = mb.addMenu("编辑(&E)")
        for act in (self.act_undo, self.act_redo, None, self.act_cut, self.act_copy, self.act_paste,
                    self.act_select_all, None, self.act_find, self.act_replace, None, self.act_next,
                    self.act_prev, None, self.act_clear_ignores):
            edit.addSeparator() if act is None else edit.addAction(act)
        view = self.view_menu = mb.addMenu("视图(&V)")
        view.addAction(self.checklist_dock.toggleViewAction())
        view.addAction(self.outline_dock.toggleViewAction())
        view.addAction(self.toolbar.toggleViewAction())
        view.addSeparator()
        for act in (self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset):
            view.addAction(act)
        self.tools_menu = mb.addMenu("工具(&T)")
        self.tools_menu.addAction(self.audit.act_audit)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.act_settings)
        self.help_menu = mb.addMenu("帮助(&H)")
        self.help_menu.addAction(self.act_help)
        self.help_menu.addAction(self.act_about)

    # ---- text and analysis --------------------------------------------------------------
    def start(self) -> None:
        """Begin loading the analyser in the background (after the window is shown)."""
        self.analysis.start()

    def set_text(self, text: str) -> None:
        self._apply_token += 1  # steps of a report still being applied belong to the old text
        self.editor.set_findings([])  # the old marks mean nothing in the new text (and slow the swap)
        self.part_margin.set_findings([])
        self.editor.setPlainText(text)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)

    def text(self) -> str:
        return self.editor.toPlainText()

    def new_document(self, text: str = "") -> None:
        self.ignores.clear()
        self.set_text(text)

    def new_report(self) -> bool:
        """新建报告 wizard: the kind's skeleton replaces the editor text (a draft session, when
        installed, listens to report_created and files it as a new draft)."""
        profile = Profile.load(self.settings)  # 个人信息 fills 单位 / 述职人
        dlg = NewReportDialog(self.lexicon, self.kind, profile.unit, profile.author, parent=self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        meta = dlg.meta()
        remember_first(self.settings, unit=meta["unit"], author=meta["author"])
        self.create_report(dlg.skeleton(), meta)
        return True

    def create_report(self, text: str, meta: dict) -> None:
        self.set_kind(meta.get("kind", self.kind))
        self.report_created.emit(text, meta)
        self.new_document(text)
        # Put the cursor on the first empty line under the first heading, ready to type.
        first_gap = text.find("\n\n")
        if first_gap >= 0:
            cur = self.editor.textCursor()
            cur.setPosition(first_gap + 1)
            self.editor.setTextCursor(cur)

    def draft_meta(self) -> dict:
        """Title, year, unit and author of what is being edited (a draft session overrides this)."""
        return {}

    def accept_import(self, imported, as_new_draft: bool) -> None:
        """Imported text arrives here (a draft session overrides this to file it as a draft)."""
        self.new_document(imported.text)

    def show_settings(self) -> bool:
        dlg = SettingsDialog(self.data_dir, self.lexicon, self.analysis.settings, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
        self.apply_settings(dlg.save())
        return True

    def apply_settings(self, settings: AnalysisSettings) -> None:
        """New rule switches, thresholds or word lists take effect at once, without restart."""
        self.lexicon.reload()  # this process's copy (kinds, dialogs); the worker reloads its own
        self.analysis.set_settings(settings)
        self.settings_changed.emit(settings)

    def set_kind(self, kind: str) -> None:
        if kind == self.kind or kind not in self.lexicon.kinds:
            return
        self.kind = kind
        self.settings.setValue("kind", kind)
        idx = self.kind_combo.findData(kind)
        if idx != self.kind_combo.currentIndex():
            self.kind_combo.setCurrentIndex(idx)
        self.request_analysis(immediate=True)

    def _on_text_changed(self) -> None:
        self.revision += 1
        self.idle_gc.activity()
        self._count_timer.start()
        self.request_analysis()

    def request_analysis(self, immediate: bool = False) -> None:
        """Cheap: restarts the debounce; the text is read when the analysis is dispatched."""
        self.analysis.request(immediate=immediate)

    def _analysis_snapshot(self) -> tuple:
        """What a dispatched analysis reads: revision, text, kind, ignores, and the open draft's
        上年度报告 (a CompareDoc marked last_year, or None) for substance.last_year and overlap."""
        last_year = getattr(self, "last_year", None)
        return self.revision, self.text(), self.kind, self.ignores, (last_year.doc if last_year is not None else None)

    def _on_analyzer_ready(self) -> None:
        global _startup_frozen
        if not _startup_frozen:
            # Qt wrappers, modules and the lexicon live as long as the window: out of the cyclic
            # GC, whose full collections over them stalled typing 40-60 ms.
            _startup_frozen = True
            gc.freeze()
        self.idle_gc.install()  # full collections wait for a pause in typing
        self.analyser_label.setText("分析器就绪")
        self.request_analysis(immediate=True)

    def _on_busy(self, busy: bool) -> None:
        if self.analysis.is_ready:
            self.analyser_label.setText("分析中…" if busy else self._idle_label())

    def _idle_label(self) -> str:
        """分析器就绪, or what a too-long text did to the analysis (it degrades, never freezes)."""
        stats = self.last_report.stats if self.last_report is not None else {}
        return {"paragraph": "文本过长：只做段落检查", "none": "文本过长：未检查"}.get(stats.get("degraded"), "分析器就绪")

    def _on_report(self, revision: int, report: Report) -> None:
        if revision != self.revision:
            return  # the text changed since: a newer request is on its way
        # Applied in steps, one per turn of the event loop (marks, margin, panel, outline), so that a
        # long report never blocks typing for the sum of them; a newer report cancels the rest.
        self._apply_token += 1
        self.last_report = report
        self.analyser_label.setToolTip(report.stats.get("degraded_notice", ""))
        if report.stats.get("degraded"):
            self.analyser_label.setText(self._idle_label())
        self.editor.set_findings(report.findings, report.text)
        token = self._apply_token
        QTimer.singleShot(0, lambda: self._apply_margin(token, report))

    def _apply_margin(self, token: int, report: Report) -> None:
        if token != self._apply_token:
            return
        self.part_margin.set_findings(report.findings)
        QTimer.singleShot(0, lambda: self._apply_panel(token, report))

    def _apply_panel(self, token: int, report: Report) -> None:
        if token != self._apply_token:
            return
        # The rows are built in slices of a few ms (a long report has ~600); then the outline.
        self.checklist.show_report(report, done=lambda: QTimer.singleShot(0, lambda: self._apply_outline(token, report)))

    def _apply_outline(self, token: int, report: Report) -> None:
        if token != self._apply_token:
            return
        if report.document is not None:
            self.outline.show_document(report.document)
        self._on_cursor_moved()
        self.report_rendered.emit(report)

    def _update_counts(self) -> None:
        text = self.text()
        self._words, paras = self._counter.count(text)  # one line recounted per keystroke
        self._show_count()
        self.paras_label.setText(f"段落 {paras}")

    def _show_count(self) -> None:
        """字数 (Word's rule, core/text/wordcount.py); with a selection, its count first."""
        total = format_count(getattr(self, "_words", 0))
        selected = self.editor.textCursor().selectedText() if self.editor.textCursor().hasSelection() else ""
        self.chars_label.setText(f"选中 {format_count(word_count(selected))} / 共 {total} 字" if selected
                                 else f"字数 {total}")

    def _on_cursor_moved(self) -> None:
        pos = self.editor.textCursor().position()
        self.outline.follow(pos)
        report = self.last_report
        label = ""
        if report is not None and report.document is not None:
            sec = report.document.section_at(pos)
            if sec is not None and sec.key != "other":
                spec = self.lexicon.kind(self.kind).section(sec.key)
                label = f"当前：{spec.label if spec else sec.title}"
        self.section_label.setText(label)

    # ---- findings navigation and ignoring ---------------------------------------------
    def goto_finding(self, step: int) -> Finding | None:
        findings = self.last_report.findings if self.last_report else []
        if not findings:
            return None
        pos = self.editor.textCursor().selectionStart()
        spans = [(self.editor.span_of(f), f) for f in findings]
        spans.sort(key=lambda sf: sf[0])
        if step > 0:
            cand = [sf for sf in spans if sf[0][0] > pos] or spans
            target = cand[0][1]
        else:
            cand = [sf for sf in spans if sf[0][0] < pos] or spans
            target = cand[-1][1]
        self.editor.select_finding(target)
        return target

    # ---- misc ---------------------------------------------------------------------------
    def _jump_to(self, offset: int) -> None:
        cur = self.editor.textCursor()
        cur.setPosition(min(self.editor.position_of(offset), self.editor.document().characterCount() - 1))
        self.editor.setTextCursor(cur)
        self.editor.centerCursor()
        self.editor.setFocus()

    def _zoom(self, step: int) -> None:
        if step == 0:
            self.editor.reset_zoom()
        else:
            self.editor.zoom(step)
        self.settings.setValue("zoom", self.editor.zoom_level)

    def show_find(self) -> None:
        if self._find_dialog is None:
            self._find_dialog = FindReplaceDialog(self.editor, self)
        sel = self.editor.textCursor().selectedText()
        if sel and "\u2029" not in sel:
            self._find_dialog.find_edit.setText(sel)
        self._find_dialog.show()
        self._find_dialog.raise_()
        self._find_dialog.find_edit.setFocus()

    def show_about(self) -> None:
        about_dialog.show_about(self, self.data_dir)

    def _restore_layout(self) -> None:
        geometry = self.settings.value("geometry")
        state = self.settings.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            self.shutdown()

    def shutdown(self) -> None:
        """End the background work: the analysis worker process and the job queues' threads."""
        self.idle_gc.uninstall()
        self.analysis.shutdown()
        self.files.shutdown()
