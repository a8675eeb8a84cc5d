"""The analysis worker process: the analyser runs here, not in the window's process, so it never
competes with the UI thread for the GIL.

Started with multiprocessing's "spawn" context (the same on Windows and Linux, and in the frozen
bundle through multiprocessing.freeze_support() in the entry scripts). It loads the lexicon and
the segmenter (from the dictionary cache in the data folder), warms up with one analysis, then
answers requests one at a time over a pipe. Requests carry the text as it was when dispatched,
the kind and the ignore list; the worker reads the 参考文本 folder itself (files are re-read
only when they change) and applies the ignore list, and sends back a Report without its text
(the window has it) and a Document reduced to what the window shows (title, headings,
sections, year).

`AnalysisProcess` is the window's end: blocking calls, made from one job-layer thread.
"""

from __future__ import annotations

import copy
import gc
import multiprocessing
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window spawns the worker before importing anything of the analyser
    from core.analysis.analyzer import CompareDoc
    from core.analysis.findings import Report
    from core.analysis.ignores import IgnoreList
    from core.analysis.settings import AnalysisSettings

# The window's process imports this module for AnalysisProcess only: the analyser, the rules
# and the readers are imported by the worker (in the functions below), never by the window.

SUFFIXES = (".txt", ".docx")
PROTOCOL = pickle.HIGHEST_PROTOCOL
# A report crosses the pipe as bytes: the rest of the report pickled on its own, and the findings
# in pickled chunks. The window's receiving thread only reads the bytes (no Python work that
# would hold the GIL while the UI thread waits for it: ~6 ms for a long report); the UI thread
# decodes them piece by piece between events (EncodedReport.steps).
FINDINGS_PER_CHUNK = 100


class WorkerError(RuntimeError):
    """The worker process is gone or answered with an error (message in Chinese)."""


class ReferenceFolder:
    """The 参考文本 folder: earlier reports and templates the copy detector compares against.
    Files are read once and re-read only when they change (checked by size and mtime)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[Path, tuple[tuple[int, int], CompareDoc | None]] = {}

    def documents(self) -> list[CompareDoc]:
        from core.analysis.analyzer import CompareDoc
        from core.wordio.read_input import read_report_file
        from core.wordio.textfile import UnreadableFileError

        try:
            paths = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
        except OSError:
            return []
        docs = []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            hit = self._cache.get(p)
            if hit is None or hit[0] != stamp:
                try:
                    doc = CompareDoc(p.stem, read_report_file(p))
                except (UnreadableFileError, OSError):
                    doc = None  # an unreadable reference is skipped, never fatal
                hit = (stamp, doc)
                self._cache[p] = hit
            if hit[1] is not None:
                docs.append(hit[1])
        return docs


def slim(report: Report) -> Report:
    """What crosses the pipe: no text (the window keeps the text it sent), and of the Document
    only what the window reads (title, headings, sections, year), not paragraphs or items."""
    report.text = ""
    doc = report.document
    if doc is not None:
        # A copy: the analyser keeps this Document to compare the next text with (doc_edit);
        # emptying it in place made every incremental rule fail on the next analysis.
        doc = report.document = copy.copy(doc)
        doc.text = ""
        doc.paragraphs = []
        doc.enums = []
        doc._starts = None
    return report


def restore(report: Report, text: str) -> Report:
    report.text = text
    if report.document is not None:
        report.document.text = text
    return report


# ---- the worker's side ------------------------------------------------------------------------

class _Worker:
    def __init__(self, data_dir: str | None) -> None:
        from core.analysis.analyzer import Analyzer
        from core.analysis.lexicon import Lexicon
        from core.analysis.settings import AnalysisSettings
        from core.analysis.user_lists import reference_dir

        self.data = Path(data_dir) if data_dir else None
        self.lexicon = Lexicon(user_dir=self.data, defer_acceleration=True)
        self.analyzer = Analyzer(self.lexicon, AnalysisSettings.load(self.data))
        self.references = ReferenceFolder(reference_dir(self.data, create=False)) if self.data else None

    def load(self) -> None:
        self.lexicon.segmenter()
        self.analyzer.analyze("预热", "shuzhi")
        # The dictionary is ~100 000s of long-lived objects: keep them out of the cyclic GC.
        gc.freeze()

    def analyze(self, text: str, kind: str, ignores: IgnoreList, last_year: CompareDoc | None = None) -> Report:
        compare = self.references.documents() if self.references is not None else []
        report = self.analyzer.analyze(text, kind, compare, last_year)
        report.findings = ignores.filter(report.findings, report.text)
        return slim(report)

    def settings(self, settings: AnalysisSettings) -> None:
        """New switches or word lists: data re-read, and no result cached under the old ones."""
        self.lexicon.reload()
        self.analyzer.set_settings(settings)


IDLE_BEFORE_ACCELERATING = 0.5  # seconds without a request


def serve(conn, data_dir: str | None) -> None:
    """The worker process's main loop (the target of the spawned process)."""
    from core.common.priority import lower_priority

    lower_priority()  # the window's event loop comes first when both want a core
    try:
        worker = _Worker(data_dir)
        t0 = time.perf_counter()
        worker.load()
        conn.send_bytes(pickle.dumps(("ready", time.perf_counter() - t0), PROTOCOL))
    except Exception as exc:
        _send(conn, ("failed", f"分析器加载失败：{exc}"))
        return
    accelerated = False
    while True:
        if not accelerated and not conn.poll(IDLE_BEFORE_ACCELERATING):
            # jieba-rs (~0.2 s to load) once the worker is idle: the first analyses, the window's
            # ready among them, do not wait for it; the Python route cuts the same words.
            accelerated = True
            try:
                worker.lexicon.segmenter().accelerate()
            except Exception:  # noqa: BLE001 - stays on the Python route
                pass
        try:
            msg = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the window is gone
        op = msg[0]
        if op == "quit":
            return
        try:
            if op == "analyze":
                _op, job, text, kind, ignores, *rest = msg
                t0 = time.perf_counter()
                report = worker.analyze(text, kind, ignores, rest[0] if rest else None)
                head, chunks = split_findings(report)
                reply = ("report", job, pickle.dumps(head, PROTOCOL), chunks, time.perf_counter() - t0)
            elif op == "settings":
                worker.settings(msg[1])
                reply = ("ok", None)
            else:
                reply = ("error", f"未知请求：{op}")
        except Exception as exc:  # one bad text must not end the worker
            reply = ("error", f"分析出错：{exc}")
        if not _send(conn, reply):
            return


def split_findings(report: Report) -> tuple[Report, list[bytes]]:
    findings, report.findings = report.findings, []
    return report, [pickle.dumps(findings[i:i + FINDINGS_PER_CHUNK], PROTOCOL)
                    for i in range(0, len(findings), FINDINGS_PER_CHUNK)]


class EncodedReport:
    """A report as it came through the pipe, decoded by whoever holds it: all at once (decode())
    or a piece per step (steps(), for the UI thread's event loop)."""

    def __init__(self, head: bytes, chunks: list[bytes], text: str) -> None:
        self.head, self.chunks, self.text = head, chunks, text
        self.report: Report | None = None

    def steps(self):
        """A generator: decodes the rest of the report, then a chunk of findings per step; the
        Report is in self.report when it ends."""
        report = pickle.loads(self.head)
        found: list = []
        for chunk in self.chunks:
            yield
            found += pickle.loads(chunk)
        report.findings = found
        self.report = restore(report, self.text)

    def decode(self) -> Report:
        for _ in self.steps():
            pass
        return self.report


def _send(conn, msg) -> bool:
    try:
        conn.send_bytes(pickle.dumps(msg, PROTOCOL))
        return True
    except (OSError, ValueError):
        return False


# ---- the window's side ------------------------------------------------------------------------

class AnalysisProcess:
    """Spawns the worker at once (it loads while the window is built) and talks to it. Calls
    block; make them from one thread (the job layer's analysis queue), except close()."""

    def __init__(self, data_dir: Path | str | None) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=serve, args=(child, str(data_dir) if data_dir else None),
                                 name="shuzhi-analysis", daemon=True)
        self._proc.start()
        child.close()  # so the window's end sees EOF when the worker exits
        self.load_seconds: float | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid

    @property
    def alive(self) -> bool:
        return self._proc.is_alive()

    def _request(self, msg) -> tuple:
        try:
            if msg is not None:
                self._conn.send_bytes(pickle.dumps(msg, PROTOCOL))
            reply = pickle.loads(self._conn.recv_bytes())
        except (EOFError, OSError, ValueError) as exc:
            raise WorkerError("分析进程已退出。") from exc
        if reply[0] in ("error", "failed"):
            raise WorkerError(reply[1])
        return reply

    def wait_ready(self) -> float:
        if self.load_seconds is None:
            self.load_seconds = self._request(None)[1]
        return self.load_seconds

    def analyze(self, job: int, text: str, kind: str, ignores: IgnoreList,
                last_year: CompareDoc | None = None) -> tuple[Report, float]:
        """`last_year`: the open draft's 上年度报告 (substance.last_year; also compared for copying)."""
        encoded, seconds = self.analyze_encoded(job, text, kind, ignores, last_year)
        return encoded.decode(), seconds

    def analyze_encoded(self, job: int, text: str, kind: str, ignores: IgnoreList,
                        last_year: CompareDoc | None = None) -> tuple[EncodedReport, float]:
        """analyze(), the report left encoded: the caller decodes it (on the window's UI thread)."""
        _op, got, head, chunks, seconds = self._request(("analyze", job, text, kind, ignores, last_year))
        if got != job:
            raise WorkerError("分析进程的回答与请求不符。")
        return EncodedReport(head, chunks, text), seconds

    def set_settings(self, settings: AnalysisSettings) -> None:
        self._request(("settings", settings))

    def close(self, idle: bool, timeout: float = 2.0) -> None:
        """End the worker: asked to quit when idle, else (loading, analysing) terminated — it
        holds nothing that could be lost. Either way the pipe is closed and the process reaped."""
        if idle and self._proc.is_alive():
            try:
                self._conn.send_bytes(pickle.dumps(("quit",), PROTOCOL))
            except (OSError, ValueError):
                pass
            self._proc.join(timeout)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(timeout)
        self._conn.close()
