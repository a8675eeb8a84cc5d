"""文件 → 导出带批注的 Word: the findings as Word comments (and, optionally, revisions) in a copy of
the current report in our official layout, or in a .docx the user picks (their own layout).
Also the export gate: 导出 Word with error findings left says how many, by kind.

The work runs in FileActions' job queue (ui/jobs.py), like import and export; the window never waits."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from core.analysis.findings import Report, Severity
from core.analysis.rule_names import summary_line
from ui.export_dialog import default_file_name
from ui.jobs import JobResult

WORD_FILTER = "Word 文档 (*.docx)"


def gate_message(report: Report | None) -> str:
    """"还有 29 处错误：占位符 25、水印 2、……", or "" when no error remains."""
    return summary_line(report.findings) if report is not None else ""


def ask_gate(window, message: str) -> str:
    """"view" | "export" | "cancel": what to do when errors remain before 导出 Word."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("导出 Word")
    box.setText(message)
    box.setInformativeText("这些错误在提交前应当改正。要先查看，还是仍然导出？")
    view = box.addButton("查看", QMessageBox.ButtonRole.AcceptRole)
    go = box.addButton("仍然导出", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(view)
    box.exec()
    clicked = box.clickedButton()
    return "view" if clicked is view else "export" if clicked is go else "cancel"


def show_first_error(window) -> None:
    report = window.last_report
    errors = [f for f in report.findings if f.severity == Severity.ERROR] if report else []
    window.checklist_dock.show()
    window.checklist_dock.raise_()
    if errors:
        window.editor.select_finding(min(errors, key=lambda f: f.start))


def review_job(data_dir: Path, kind: str, src: Path | None, out: Path, revisions: bool,
               text: str | None = None, title: str | None = None):
    """A job of the job layer: review IN into OUT; with `text`, IN is first our own export of that
    text (to a temporary file). Returns (ReviewResult or None, Chinese error message)."""
    def job():
        try:
            return _review(data_dir, kind, src, out, revisions, text, title), ""
        except Exception as exc:  # ReviewError, DocumentReadError, ExportError carry Chinese messages
            return None, getattr(exc, "message", None) or f"无法导出带批注的 Word：{exc}"

    return job


def _review(data_dir, kind, src, out, revisions, text, title):
    from core.analysis.analyzer import Analyzer
    from core.analysis.lexicon import Lexicon
    from core.analysis.settings import AnalysisSettings
    from core.wordio.docx_io import ExportOptions, export_docx
    from core.wordio.review import review_docx

    # Analysed here, on the file queue's thread: the text of a .docx is not the editor's text.
    analyzer = Analyzer(Lexicon(user_dir=data_dir), AnalysisSettings.load(data_dir))

    def analyse(doc_text: str) -> Report:
        return analyzer.analyze(doc_text, kind)

    if text is None:
        return review_docx(src, out, analyse, revisions=revisions)
    with tempfile.TemporaryDirectory(prefix="shuzhi-review-") as tmp:
        ours = Path(tmp) / "report.docx"
        export_docx(text, ours, ExportOptions(title=title))
        return review_docx(ours, out, analyse, revisions=revisions)


class ReviewActions(QObject):
    reviewed = Signal(str)  # path written
    review_failed = Signal(str)
    check_report_written = Signal(str)

    def __init__(self, window, files) -> None:
        super().__init__(window)
        self.window = window
        self.files = files
        self.menu = QMenu("导出带批注的 Word", window)
        self.act_current = QAction("当前报告（公文格式，附批注）…", window)
        self.act_current.triggered.connect(self.review_current)
        self.act_file = QAction("选择 Word 文档（保留原格式，附批注）…", window)
        self.act_file.triggered.connect(self.review_file)
        self.act_revisions = QAction("可直接替换处同时写成修订", window)
        self.act_revisions.setCheckable(True)
        self.act_revisions.setChecked(str(window.settings.value("review/revisions", "true")).lower() == "true")
        self.act_revisions.toggled.connect(lambda on: window.settings.setValue("review/revisions", on))
        self.act_revisions.setStatusTip("标点、重复字词、错别字和规范表述写成修订，可在 Word/WPS 中逐条接受或拒绝")
        self.act_check_report = QAction("导出检查结果(&R)…", window)
        self.act_check_report.setStatusTip("把检查清单和发现的问题（按部分分组，附原句和建议）导出为 Word 文档")
        self.act_check_report.triggered.connect(self.export_check_report)
        for act in (self.act_current, self.act_file):
            self.menu.addAction(act)
        self.menu.addSeparator()
        self.menu.addAction(self.act_revisions)
        # Overridable so tests can answer without modal dialogs.
        self.ask_save = self._ask_save
        self.ask_open = self._ask_open

    def _folder(self) -> str:
        return str(self.window.settings.value("export/folder", str(Path.home())))

    def _ask_save(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.window, "导出带批注的 Word", str(suggested), WORD_FILTER)
        if not path:
            return None
        return Path(path if path.lower().endswith(".docx") else path + ".docx")

    def _ask_open(self) -> Path | None:
        folder = str(self.window.settings.value("import/folder", self._folder()))
        path, _ = QFileDialog.getOpenFileName(self.window, "选择要添加批注的 Word 文档", folder, WORD_FILTER)
        return Path(path) if path else None

    def review_current(self) -> bool:
        w = self.window
        if not w.text().strip():
            self.files.warn("导出带批注的 Word", "报告是空的：先写一些内容再导出。")
            return False
        doc = w.last_report.document if w.last_report is not None else None
        title = w.draft_meta().get("title") or (doc.title.text.strip() if doc is not None and doc.title else "")
        name = default_file_name(title or "述职报告", None).removesuffix(".docx") + "（批注）.docx"
        out = self.ask_save(Path(self._folder()) / name)
        if out is None:
            return False
        self.start(None, out, text=w.text(), title=title or None)
        return True

    def review_file(self) -> bool:
        src = self.ask_open()
        if src is None:
            return False
        self.window.settings.setValue("import/folder", str(src.parent))
        out = self.ask_save(src.with_name(f"{src.stem}（批注）.docx"))
        if out is None:
            return False
        self.start(src, out)
        return True

    def start(self, src: Path | None, out: Path, text: str | None = None, title: str | None = None) -> None:
        w = self.window
        revisions = self.act_revisions.isChecked()
        w.statusBar().showMessage("正在写入批注……")

        def on_done(job: JobResult) -> None:
            result, error = job.value if job.error is None else (None, f"无法导出带批注的 Word：{job.error}")
            if result is None:
                w.statusBar().clearMessage()
                self.review_failed.emit(error)
                self.files.warn("导出带批注的 Word", error)
                return
            rev = f"、{result.revisions} 处修订" if revisions else ""
            w.statusBar().showMessage(f"已导出带批注的 Word：{out}（{result.comments} 条批注{rev}）", 10000)
            self.reviewed.emit(str(out))

        self.files.jobs.submit(review_job(w.data_dir, w.kind, src, out, revisions, text, title), "review",
                               on_done=on_done)

    # ---- 导出检查结果 -------------------------------------------------------------------------
    def export_check_report(self) -> bool:
        w = self.window
        report = w.last_report
        if report is None or report.text != w.text():
            self.files.warn("导出检查结果", "检查尚未完成：请稍候片刻，等检查清单更新后再导出。")
            return False
        doc = report.document
        title = w.draft_meta().get("title") or (doc.title.text.strip() if doc is not None and doc.title else "述职报告")
        out = self.ask_save(Path(self._folder()) / (default_file_name(title, None).removesuffix(".docx") + "检查结果.docx"))
        if out is None:
            return False
        kind = w.lexicon.kind(w.kind)
        labels = {key: spec.label for key, spec in kind.sections.items()}

        def job():
            from core.wordio.check_report import export_check_report

            try:
                export_check_report(report, out, title, kind.name, labels)
                return ""
            except Exception as exc:  # ExportError carries a Chinese message
                return getattr(exc, "message", None) or f"导出检查结果失败：{exc}"

        def on_done(result: JobResult) -> None:
            error = result.value if result.error is None else f"导出检查结果失败：{result.error}"
            if error:
                self.files.warn("导出检查结果", error)
                return
            w.statusBar().showMessage(f"已导出检查结果：{out}", 10000)
            self.check_report_written.emit(str(out))

        self.files.jobs.submit(job, "check_report", on_done=on_done)
        return True
