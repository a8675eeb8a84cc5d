"""One running window per user and data folder. A second start (a file opened from Explorer or the
file manager: `main.py FILE`) hands the file to the running window, which files it as a new draft,
and exits 0. If no window answers within a short time the second start opens normally (a read-only
window when the database is still locked), so nothing is ever lost by a hung first window.

Protocol: one JSON line from the client ({"open": "/abs/path"} or {"show": true}), one line back
("ok"). The server only runs in the window that holds the drafts lock, so a socket file left by a
crashed window is stale by construction and removed before listening."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 800  # a live server accepts at once; a stale socket file is refused at once
ANSWER_MS = 2500  # the running window answers from its event loop (also during a modal dialog)


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


def hand_over(data_dir: str | os.PathLike[str], path: str | None = None, *, connect_ms: int = CONNECT_MS,
              answer_ms: int = ANSWER_MS) -> bool:
    """Give `path` (or just "come to the front") to a running window. True when it accepted."""
    message = {"open": str(Path(path).expanduser().absolute())} if path else {"show": True}
    sock = QLocalSocket()
    sock.connectToServer(server_name(data_dir))
    try:
        if not sock.waitForConnected(connect_ms):
            return False
        sock.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
        if not sock.waitForBytesWritten(answer_ms):
            return False
        reply = b""
        while not reply.endswith(b"\n"):
            if not sock.waitForReadyRead(answer_ms):
                return False
            reply += bytes(sock.readAll().data())
        return reply.strip() == b"ok"
    finally:
        sock.abort()


class InstanceServer(QObject):
    """Listens in the running window; `open_requested(path)` / `show_requested()` on its thread."""

    open_requested = Signal(str)
    show_requested = Signal()

    def __init__(self, data_dir: str | os.PathLike[str], parent=None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # owner only
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; a socket file left behind by a crashed window is removed first."""
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        try:
            sock.deleteLater()
        except RuntimeError:  # already gone with the server (the window is closing)
            pass

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if len(data) > 65536:  # not one of ours
            sock.abort()
            return
        if b"\n" not in data:
            self._buffers[sock] = data
            return
        line = data.split(b"\n", 1)[0]
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            message = None
        ok = isinstance(message, dict) and (isinstance(message.get("open"), str) or message.get("show") is True)
        sock.write(b"ok\n" if ok else b"bad\n")
        sock.flush()
        self._buffers[sock] = b""
        if not ok:
            return
        if isinstance(message.get("open"), str):
            self.open_requested.emit(message["open"])
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

    def on_done(job) -> None:
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
        window.statusBar().showMessage(f"已打开“{file.name}”，作为新草稿", 8000)
        bring_to_front(window)

    window.files.jobs.submit(import_job(file), "import", on_done=on_done)


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
    window.destroyed.connect(server.close)
    return server
