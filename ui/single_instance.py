"""One running window per user and data folder. A second start (a file opened from Explorer or the
file manager: `main.py FILE`) hands the file to the running window, which files it as a new draft,
and exits 0. If no window answers within a short time the second start opens normally (a read-only
window when the database is still locked), so nothing is ever lost by a hung first window.

Transport: the standard library's multiprocessing.connection (a Unix socket in the user's runtime
folder, mode 0600; a named pipe on Windows), not QLocalServer: the bundle leaves QtNetwork out
(packaging/shuzhi.spec), while multiprocessing is already there for the analysis worker.
Protocol: one JSON message from the client ({"open": "/abs/path"} or {"show": true}), b"ok" back.
The server only runs in the window that holds the drafts lock, so a socket file left by a crashed
window is stale by construction and removed before listening."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Client, Listener
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ANSWER_MS = 2500  # the running window answers from a thread of its own, even during a modal dialog
WINDOWS = sys.platform == "win32"


def server_name(data_dir: str | os.PathLike[str]) -> str:
    """Per user and per data folder (SHUZHI_DATA_DIR may point two windows at two folders)."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (some containers): the uid still separates users
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    folder = str(Path(data_dir).expanduser().resolve())
    digest = hashlib.sha1(folder.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    safe_user = "".join(c for c in user if c.isalnum())[:24] or "user"
    return f"shuzhi-{safe_user}-{digest}"


def address(data_dir: str | os.PathLike[str]) -> str:
    name = server_name(data_dir)
    if WINDOWS:
        return rf"\\.\pipe\{name}"
    runtime = os.environ.get("XDG_RUNTIME_DIR")  # per user, 0700
    folder = runtime if runtime and os.path.isdir(runtime) else tempfile.gettempdir()
    return os.path.join(folder, name + ".sock")


def _family() -> str:
    return "AF_PIPE" if WINDOWS else "AF_UNIX"


def hand_over(data_dir: str | os.PathLike[str], path: str | None = None, *, answer_ms: int = ANSWER_MS) -> bool:
    """Give `path` (or just "come to the front") to a running window. True when it accepted."""
    message = {"open": str(Path(path).expanduser().absolute())} if path else {"show": True}
    where = address(data_dir)
    if not WINDOWS and not os.path.exists(where):
        return False  # nobody has ever listened here: start at once
    try:
        conn = Client(where, family=_family())
    except OSError:  # refused (a stale socket file), missing, or busy
        return False
    try:
        conn.send_bytes(json.dumps(message, ensure_ascii=False).encode("utf-8"))
        if not conn.poll(answer_ms / 1000):
            return False
        return conn.recv_bytes(64) == b"ok"
    except (OSError, EOFError):
        return False
    finally:
        conn.close()


class InstanceServer(QObject):
    """Listens (in a thread) for the running window; `open_requested(path)` / `show_requested()` are
    delivered on the window's thread (queued signals)."""

    open_requested = Signal(str)
    show_requested = Signal()
    _received = Signal(str)  # emitted by the listening thread; queued to _dispatch on the window's thread

    def __init__(self, data_dir: str | os.PathLike[str], parent=None) -> None:
        super().__init__(parent)
        self._received.connect(self._dispatch)
        self.address = address(data_dir)
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

    def listen(self) -> bool:
        """Start listening; a socket file left behind by a crashed window is removed first."""
        try:
            if not WINDOWS and os.path.exists(self.address):
                os.unlink(self.address)
            old = os.umask(0o077) if not WINDOWS else None  # the socket file is owner-only from the start
            try:
                self._listener = Listener(self.address, family=_family())
            finally:
                if old is not None:
                    os.umask(old)
        except OSError:
            return False
        self._thread = threading.Thread(target=self._serve, name="shuzhi-instance", daemon=True)
        self._thread.start()
        return True

    def close(self) -> None:
        listener, self._listener = self._listener, None
        if listener is None:
            return
        self._stopping = True
        try:  # wake the thread blocked in accept(), then close
            Client(self.address, family=_family()).close()
        except OSError:
            pass
        if self._thread is not None:
            self._thread.join(2)
        listener.close()

    def _serve(self) -> None:
        while not self._stopping and self._listener is not None:
            try:
                conn = self._listener.accept()
            except OSError:
                if self._stopping or self._listener is None:
                    return
                time.sleep(0.05)
                continue
            if self._stopping:
                conn.close()
                return
            try:
                self._answer(conn)
            except (OSError, EOFError):
                pass  # a client that went away
            finally:
                conn.close()

    def _answer(self, conn) -> None:
        if not conn.poll(5):
            return
        try:
            message = json.loads(conn.recv_bytes(65536).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            message = None
        ok = isinstance(message, dict) and (isinstance(message.get("open"), str) or message.get("show") is True)
        conn.send_bytes(b"ok" if ok else b"bad")
        if ok:
            self._received.emit(message["open"] if isinstance(message.get("open"), str) else "")

    def _dispatch(self, path: str) -> None:
        if path:
            self.open_requested.emit(path)
        else:
            self.show_requested.emit()


def bring_to_front(window) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def open_from_outside(window, path: str) -> None:
    """A file handed over by a second start: read in the file job queue, filed as a new draft."""
    from ui.file_actions import import_job

    bring_to_front(window)
    file = Path(path)

    def deliver(job) -> None:
        result, error = job.value if job.error is None else (None, f"无法打开文件“{file.name}”：{job.error}")
        if result is None:
            window.files.warn("打开失败", error)
            return
        if error and not window.files.ask_first_part(error, len(result.text)):  # too long: its beginning?
            return
        if window.drafts is not None:
            window.drafts.open_text_as_new_draft(result.text)
        else:
            window.new_document(result.text)
        notice = f"，{result.notice}" if result.notice else ""  # e.g. stray control characters removed
        window.statusBar().showMessage(f"已打开“{file.name}”，作为新草稿{notice}", 10000)
        bring_to_front(window)

    window.files.jobs.submit(import_job(file), "import", on_done=lambda job: when_no_dialog(lambda: deliver(job)))


def when_no_dialog(action, retry_ms: int = 300) -> None:
    """Run `action` once no modal dialog is open: a draft switched under 导出 Word, 草稿属性 or 历史版本
    would have that dialog act on the wrong draft (e.g. export the new file's text under the old title)."""
    if QApplication.activeModalWidget() is None:
        action()
    else:
        QTimer.singleShot(retry_ms, lambda: when_no_dialog(action, retry_ms))


def serve(window) -> InstanceServer | None:
    """Start the server for a window that owns the drafts (not a read-only second window)."""
    drafts = getattr(window, "drafts", None)
    if drafts is None or drafts.read_only:
        return None
    server = InstanceServer(window.data_dir, window)
    if not server.listen():
        return None  # no single-instance hand-over then; the lock still protects the drafts
    server.open_requested.connect(lambda path: open_from_outside(window, path))
    server.show_requested.connect(lambda: bring_to_front(window))
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(server.close)
    return server
