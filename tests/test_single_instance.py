"""One running window: a second start hands its FILE over (ui/single_instance.py)."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Listener
from pathlib import Path

from core.storage import Storage
from tests.ui_helpers import ime_type, make_window
from ui.single_instance import InstanceServer, address, hand_over, serve, server_name

ROOT = Path(__file__).resolve().parent.parent
REPORT = "2025年度党支部书记述职报告\n一、履职情况\n我主持召开支委会12次。\n"


def _client(data, path, answer_ms: int = 2500) -> subprocess.Popen:
    """A second start's hand-over, in its own process (as in real use; the server needs this
    thread's event loop while the client blocks). Exit status 0: handed over."""
    code = ("import sys; from ui.single_instance import hand_over; "
            f"sys.exit(0 if hand_over({str(data)!r}, {path!r}, answer_ms={answer_ms}) else 1)")
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _finished(qtbot, proc: subprocess.Popen, timeout: int = 15000) -> int:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=timeout)
    return proc.returncode


def test_names_differ_per_data_folder(tmp_path):
    a, b = server_name(tmp_path / "a"), server_name(tmp_path / "b")
    assert a != b and a == server_name(tmp_path / "a") and a.startswith("shuzhi-")


def test_running_window_takes_the_file_as_a_new_draft(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir, wait_ready=False)
    server = serve(w)
    assert server is not None
    ime_type(w.editor, "原来的草稿")
    first = w.drafts.ensure_draft()
    path = tmp_path / "从资源管理器打开.txt"
    path.write_text(REPORT, encoding="utf-8")
    client = _client(data_dir, str(path))
    assert _finished(qtbot, client) == 0
    qtbot.waitUntil(lambda: w.text() == REPORT, timeout=10000)
    new = w.drafts.draft_id
    assert new is not None and new != first and not w.drafts.read_only
    with Storage(Path(data_dir) / "shuzhi.db") as s:
        bodies = {d.id: s.get_draft(d.id).body for d in s.list_drafts()}
    assert bodies[first] == "原来的草稿" and bodies[new] == REPORT  # both kept, the new one saved
    server.close()


def test_unreadable_file_is_explained_in_the_running_window(qtbot, data_dir, tmp_path):
    w = make_window(qtbot, data_dir, wait_ready=False)
    warnings = []
    w.files.warn = lambda title, text: warnings.append((title, text))
    server = serve(w)
    assert _finished(qtbot, _client(data_dir, str(tmp_path / "不存在.docx"))) == 0
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0][0] == "打开失败" and "不存在.docx" in warnings[0][1]
    server.close()


def test_no_server_or_a_stale_socket_file_means_a_normal_start(qtbot, tmp_path):
    data = tmp_path / "data"
    assert hand_over(data, None) is False  # nobody listens
    stale = Path(address(data))
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(stale))  # a crashed window: its socket file stays, nobody listens
    dead.close()
    assert stale.exists()
    try:
        started = time.monotonic()
        assert hand_over(data, None) is False
        assert time.monotonic() - started < 2
        server = InstanceServer(data)
        assert server.listen()  # the stale file was removed
        assert stat.S_IMODE(stale.stat().st_mode) & 0o077 == 0  # owner-only socket
        shown = []
        server.show_requested.connect(lambda: shown.append(threading.current_thread()))
        assert _finished(qtbot, _client(data, None)) == 0
        qtbot.waitUntil(lambda: bool(shown), timeout=5000)
        assert shown == [threading.main_thread()]  # delivered on the window's thread
        server.close()
        assert not stale.exists()
    finally:
        stale.unlink(missing_ok=True)


def test_a_hung_window_is_not_waited_for_long(qtbot, tmp_path):
    data = tmp_path / "data"
    mute = Listener(address(data), family="AF_UNIX")  # the connection waits in the backlog, unanswered
    started = time.monotonic()
    client = _client(data, str(tmp_path / "a.txt"), answer_ms=400)
    assert _finished(qtbot, client) == 1  # not handed over: this start goes on normally
    assert time.monotonic() - started < 8  # 0.4 s of waiting plus a Python start on a loaded machine
    mute.close()


def test_two_real_processes(tmp_path):
    """main.py running; `main.py FILE` hands FILE over and exits 0; the first window files it."""
    data = tmp_path / "data"
    env = {**os.environ, "SHUZHI_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PYTHONIOENCODING": "utf-8"}
    first = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not hand_over(data, None):  # until the first window listens
            assert first.poll() is None, first.stderr.read().decode("utf-8", "replace")
            assert time.monotonic() < deadline, "the first window never started listening"
            time.sleep(0.3)
        path = tmp_path / "双击打开的报告.txt"
        path.write_text(REPORT, encoding="utf-8")
        second = subprocess.run([sys.executable, str(ROOT / "main.py"), str(path)], env=env, cwd=ROOT,
                                capture_output=True, timeout=60)
        assert second.returncode == 0, second.stderr.decode("utf-8", "replace")
        deadline = time.monotonic() + 30
        bodies: list[str] = []
        while REPORT not in bodies and time.monotonic() < deadline:
            time.sleep(0.3)
            with Storage(data / "shuzhi.db", read_only=True) as s:
                bodies = [s.get_draft(d.id).body for d in s.list_drafts()]
        assert REPORT in bodies
        assert first.poll() is None  # still running: one window
    finally:
        first.terminate()
        try:
            first.wait(15)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait(5)
