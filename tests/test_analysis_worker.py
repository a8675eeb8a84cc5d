"""The analysis runs in a worker process; quitting leaves no worker thread or process behind;
settings changed during an analysis never leave results of the old settings on screen."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from core.analysis.ignores import IgnoreList
from core.analysis.settings import AnalysisSettings
from core.analysis_worker import (
    FINDINGS_PER_CHUNK,
    AnalysisProcess,
    ReferenceFolder,
    WorkerError,
    restore,
    slim,
    split_findings,
)
from tests.ui_helpers import ime_type, make_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent
REPORT = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")


def _process_gone(pid: int) -> bool:
    """Exited and reaped (the dispatcher joins it: no zombie either)."""
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _shuzhi_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("shuzhi-")]


def test_worker_process_analyses_like_the_analyzer_and_applies_ignores(data_dir):
    from core.analysis.analyzer import Analyzer
    from core.analysis.lexicon import Lexicon

    proc = AnalysisProcess(data_dir)
    try:
        assert proc.wait_ready() >= 0
        text = "2024年度述职报告\n一、履职情况\nXX同志主持召开会议。\n"
        report, _secs = proc.analyze(1, text, "shuzhi", IgnoreList())
        local = Analyzer(Lexicon(user_dir=data_dir), AnalysisSettings.load(data_dir)).analyze(text, "shuzhi")
        assert report.text == text and report.document.text == text
        assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in local.findings]
        assert [c.to_dict() for c in report.checklist] == [c.to_dict() for c in local.checklist]
        assert [h.title for h in report.document.headings] == [h.title for h in local.document.headings]
        assert report.document.section_at(text.index("XX")).key == local.document.section_at(text.index("XX")).key
        ignored, _ = proc.analyze(2, text, "shuzhi", IgnoreList(rules={"hygiene.placeholder"}))
        assert not any(f.rule == "hygiene.placeholder" for f in ignored.findings)
        assert any(f.rule == "hygiene.placeholder" for f in report.findings)
    finally:
        proc.close(idle=True)
    assert not proc.alive
    with pytest.raises(WorkerError):
        proc.analyze(3, "x", "shuzhi", IgnoreList())


def test_worker_reads_the_reference_folder_itself(data_dir):
    from core.analysis.user_lists import reference_dir

    folder = reference_dir(data_dir)
    (folder / "去年.txt").write_text(REPORT, encoding="utf-8")
    proc = AnalysisProcess(data_dir)
    try:
        proc.wait_ready()
        report, _ = proc.analyze(1, REPORT, "shuzhi", IgnoreList())
    finally:
        proc.close(idle=True)
    assert any(f.rule == "boilerplate.overlap" for f in report.findings)
    assert [d.name for d in ReferenceFolder(folder).documents()] == ["去年"]


def test_slim_report_keeps_what_the_window_reads():
    from core.analysis.analyzer import analyze

    text = "2024年度述职报告\n一、履职情况\n做了工作。\n二、存在问题\n问题。\n"
    report = analyze(text)
    heads = [(h.level, h.marker, h.title, h.start) for h in report.document.headings]
    title = report.document.title.text
    back = restore(slim(report), text)
    assert back.text == text and [(h.level, h.marker, h.title, h.start) for h in back.document.headings] == heads
    assert back.document.title.text == title and back.document.year == 2024


def test_no_worker_thread_or_process_survives_quit(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    pid = w.analysis.process.pid
    with qtbot.waitSignal(w.report_rendered, timeout=20000):
        w.set_text(REPORT)
    assert w.analysis.process.alive and _shuzhi_threads()
    w.close()
    assert not w.analysis.process.alive and _process_gone(pid)
    assert _shuzhi_threads() == []


def test_quitting_while_the_analyser_loads_leaves_nothing_running(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    assert not w.analysis.is_ready
    pid = w.analysis.process.pid
    w.close()
    assert not w.analysis.process.alive and _process_gone(pid)
    assert _shuzhi_threads() == []


def test_quitting_during_an_analysis_leaves_nothing_running(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    w.set_text(REPORT * 20)
    w.request_analysis(immediate=True)
    qtbot.waitUntil(lambda: w.analysis.queue.busy, timeout=5000)
    w.close()
    assert not w.analysis.process.alive and _shuzhi_threads() == []


def test_settings_changed_during_an_analysis_leave_no_stale_results(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = REPORT + "\nXX同志参加了会议。\n"
    with qtbot.waitSignal(w.report_rendered, timeout=20000, check_params_cb=lambda r: r.text == text):
        w.set_text(text)
    assert any(f.rule == "hygiene.placeholder" for f in w.last_report.findings)
    ime_type(w.editor, "。")  # an analysis is dispatched under the old settings …
    w.request_analysis(immediate=True)
    off = AnalysisSettings(disabled_rules={"hygiene.placeholder"})
    with qtbot.waitSignal(w.report_rendered, timeout=20000,
                          check_params_cb=lambda r: not any(f.rule == "hygiene.placeholder" for f in r.findings)):
        w.apply_settings(off)  # … and the switch is thrown while it runs
    w.analysis.wait_idle()
    qtbot.wait(0)
    assert not any(f.rule == "hygiene.placeholder" for f in w.last_report.findings)
    assert w.last_report.text == w.text()


def test_keystroke_does_not_copy_the_text(qtbot, data_dir, monkeypatch):
    w = make_window(qtbot, data_dir)
    with qtbot.waitSignal(w.report_rendered, timeout=20000):
        w.set_text(REPORT)
    calls = []
    real = w.editor.toPlainText
    monkeypatch.setattr(w.editor, "toPlainText", lambda: calls.append(1) or real())
    for _ in range(5):
        ime_type(w.editor, "党")
    assert calls == []  # the debounce timer is all a keystroke starts
    with qtbot.waitSignal(w.report_rendered, timeout=20000):
        pass
    assert w.last_report.text == w.text()


def test_findings_cross_the_pipe_in_chunks_and_come_back_whole_and_in_order():
    """A report's findings cross the pipe in chunks; the window's UI thread decodes them one per turn
    of its event loop (the receiving thread only reads bytes: it never holds the GIL for long)."""
    from core.analysis.findings import Finding, Report, Severity

    findings = [Finding("hygiene.placeholder", Severity.ERROR, i, i + 2, "XX", f"占位符{i}", data={"n": i})
                for i in range(2 * FINDINGS_PER_CHUNK + 7)]
    report, chunks = split_findings(Report("", "shuzhi", [], [], list(findings), {}, None))
    assert report.findings == [] and len(chunks) == 3
    empty, none = split_findings(Report("", "shuzhi", [], [], [], {}, None))
    assert none == []
    # As the window gets it: bytes only, decoded by its UI thread a chunk per step.
    import pickle

    from core.analysis_worker import EncodedReport

    encoded = EncodedReport(pickle.dumps(report), chunks, "正文")
    steps = encoded.steps()
    assert sum(1 for _ in steps) == 3 and encoded.report.text == "正文"
    assert [f.to_dict() for f in encoded.report.findings] == [f.to_dict() for f in findings]
    assert EncodedReport(pickle.dumps(empty), [], "").decode().findings == []


def test_worker_starts_before_the_hand_over_and_is_gone_when_the_file_was_handed_over(data_dir, monkeypatch):
    """The worker is spawned first (the single-instance check imports Qt, ~0.1 s, which the
    worker would otherwise wait for); when a running window takes the file, it is ended."""
    import core.analysis_worker as analysis_worker
    from ui import app

    order, made = [], []

    class Recording(analysis_worker.AnalysisProcess):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            order.append("worker")
            made.append(self)

    monkeypatch.setattr(analysis_worker, "AnalysisProcess", Recording)
    monkeypatch.setattr(app, "_handed_over", lambda file: order.append(("hand-over", file)) or True)
    assert app.main([str(data_dir / "报告.txt")]) == 0
    assert order == ["worker", ("hand-over", str(data_dir / "报告.txt"))]
    pid = made[0].pid
    assert not made[0].alive and _process_gone(pid)


def test_the_report_sent_to_the_window_leaves_the_analysers_document_whole(data_dir):
    """slim() empties the Document it sends; the analyser compares the next text with the one it
    kept (doc_edit), so the kept one must stay whole: every later analysis equals a fresh one."""
    from core.analysis.analyzer import Analyzer
    from core.analysis.lexicon import Lexicon
    from core.analysis_worker import _Worker

    worker = _Worker(str(data_dir))
    worker.load()
    first = worker.analyze(REPORT, "shuzhi", IgnoreList())
    assert first.document.paragraphs == [] and not first.stats.get("rule_errors")
    paras = REPORT.split("\n")
    k = len(paras) // 2
    for n in range(3):  # edits inside one paragraph: the incremental paths of doc_edit
        paras[k] += f"新增{n}项工作。"
        text = "\n".join(paras)
        report = worker.analyze(text, "shuzhi", IgnoreList())
        assert not report.stats.get("rule_errors"), report.stats["rule_errors"]
        fresh = Analyzer(Lexicon(user_dir=data_dir), AnalysisSettings.load(data_dir)).analyze(text, "shuzhi")
        assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in fresh.findings]


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX niceness")
def test_worker_runs_below_the_windows_priority(data_dir):
    proc = AnalysisProcess(data_dir)
    try:
        proc.wait_ready()
        assert os.getpriority(os.PRIO_PROCESS, proc.pid) > os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        proc.close(idle=True)
