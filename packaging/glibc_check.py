"""The Linux bundle runs only on a glibc at least as new as the one it was built with.

At build time (packaging/shuzhi.spec) write_build_info() records the build machine's glibc and
processor in _internal/build_info.json.  At start (packaging/shuzhi_gui.py, shuzhi_check.py)
enforce() compares it with the running glibc before Qt is loaded: on an older system Qt's
libraries would fail with a bare "GLIBC_2.xx not found"; instead the user reads, in Chinese, which
glibc the bundle needs and what to do.  Pure standard library: it runs before anything else.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

INFO_FILE = "build_info.json"
EXIT_OLD_GLIBC = 4


def _version_tuple(text: str) -> tuple[int, ...]:
    out = []
    for part in text.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


def running_glibc() -> str | None:
    """'2.36' on a glibc system, None elsewhere (musl, Windows, macOS)."""
    try:
        value = os.confstr("CS_GNU_LIBC_VERSION")  # "glibc 2.36"
    except (AttributeError, ValueError, OSError):
        value = None
    if value and value.startswith("glibc "):
        return value.split()[1]
    name, version = platform.libc_ver()
    return version if name == "glibc" and version else None


def write_build_info(path: Path) -> Path:
    """Record the build machine's glibc and processor (called by the spec at build time)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = {"glibc": running_glibc(), "machine": platform.machine(), "python": platform.python_version()}
    path.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    return path


def read_build_info(folder: Path) -> dict:
    try:
        return json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def problem(running: str | None, info: dict) -> str | None:
    """The Chinese message if this system's glibc is older than the build's, else None.  (A bundle
    for another processor does not get this far: its programs do not start at all.)"""
    built = info.get("glibc")
    if not built or not running:
        return None  # unknown on one side: let the program try
    if _version_tuple(running) >= _version_tuple(built):
        return None
    return (f"述职助手无法启动：本机系统的 C 运行库 glibc 是 {running} 版，而这个安装包需要 glibc {built} 或更新"
            f"（它是在 glibc {built} 的系统上构建的）。\n"
            f"请改用在 glibc {running} 或更旧的系统上构建的安装包（例如按 docs/offline_install.md 用 Debian 10 "
            f"构建 x86_64 版、Debian 11 构建 arm64 版），或请信息化同事协助。\n"
            f"查看本机 glibc 版本：ldd --version")


def _show(message: str) -> None:
    """stderr, and a dialog when started from the desktop (no terminal to read stderr)."""
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, AttributeError, ValueError):
        pass
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return
    if sys.stderr is not None and sys.stderr.isatty():
        return
    for cmd in (["zenity", "--error", "--title=述职助手", f"--text={message}"],
                ["kdialog", "--title", "述职助手", "--error", message],
                ["xmessage", "-center", message]):
        if shutil.which(cmd[0]):
            try:
                subprocess.run(cmd, timeout=600, check=False)
            except (OSError, subprocess.SubprocessError):
                continue
            return


def enforce(folder: Path | None = None, running: str | None = None, show=_show) -> None:
    """Frozen Linux bundle only: exit with a clear message if this glibc is older than the build's."""
    if folder is None:
        if not getattr(sys, "frozen", False) or not sys.platform.startswith("linux"):
            return
        folder = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    message = problem(running or running_glibc(), read_build_info(folder))
    if message:
        show(message)
        sys.exit(EXIT_OLD_GLIBC)
