"""Chinese input on Linux desks (UOS, 麒麟, Debian …).

PySide6's wheels (and so the bundle) carry Qt's ibus and compose input-context plugins but no
fcitx plugin, while most of these desks run fcitx or fcitx5 with QT_IM_MODULE=fcitx.  Qt then
silently falls back to plain keys: the window works, but Chinese cannot be typed.  Before the
QApplication exists we therefore
  1. use the distribution's fcitx Qt 6 plugin when one is installed (fcitx5-frontend-qt6 …) and
     this Qt can load it, exposing that one file through a private plugin folder (not the whole
     system plugin folder, whose themes and platform plugins belong to another Qt build).  The
     plugin uses Qt's private API, so it loads only into the Qt minor version it was built for:
     Debian 12's (Qt 6.4) fails in PySide6 6.8 and 6.11 with an undefined Qt_6_PRIVATE_API
     symbol; hence the trial load first;
  2. otherwise switch this process to Qt's ibus plugin, which fcitx5 serves through its ibus
     frontend (on by default) — for fcitx 4 it does nothing, and Qt falls back as before;
and the window shows a one-time hint in the status bar with what to set or install.
"""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from pathlib import Path

CONTEXTS = "platforminputcontexts"
FCITX_PLUGINS = ("libfcitx5platforminputcontextplugin*.so", "libfcitxplatforminputcontextplugin*.so")
IBUS_PLUGIN = "libibusplatforminputcontextplugin*.so"
# Where distributions keep Qt 6 plugins (Debian/UOS/麒麟: multiarch; Fedora/openEuler: lib64).
SYSTEM_QT6_PLUGIN_DIRS = ("/usr/lib/x86_64-linux-gnu/qt6/plugins", "/usr/lib/aarch64-linux-gnu/qt6/plugins",
                          "/usr/lib/loongarch64-linux-gnu/qt6/plugins", "/usr/lib/mips64el-linux-gnuabi64/qt6/plugins",
                          "/usr/lib64/qt6/plugins", "/usr/lib/qt6/plugins")
HELP_ANCHOR = "linux-input"


@dataclass
class InputMethodSetup:
    """What prepare() found and did, for the status-bar hint."""
    requested: str = ""          # e.g. "fcitx" (from QT_IM_MODULE(S) or XMODIFIERS)
    action: str = ""             # "" | "system-plugin" | "ibus" | "none"
    plugin: str = ""             # the system plugin used, if any
    hint: str = ""               # Chinese, one line, for the status bar


def requested_module(env) -> str:
    """The input-method module Qt will be asked for: QT_IM_MODULES (Qt ≥ 6.7, ';'-separated,
    first wins), QT_IM_MODULE, else fcitx if XMODIFIERS says so (X11 desks set only that)."""
    modules = env.get("QT_IM_MODULES", "") or env.get("QT_IM_MODULE", "")
    first = modules.split(";")[0].strip().lower()
    if first:
        return first
    xmod = env.get("XMODIFIERS", "").lower()
    return "fcitx" if "@im=fcitx" in xmod else ""


def _has(dirs, patterns) -> str:
    for d in dirs:
        for pat in patterns:
            found = sorted(glob.glob(os.path.join(d, CONTEXTS, pat)))
            if found:
                return found[0]
    return ""


def qt_plugin_dirs(env) -> list[str]:
    """Qt's own plugin folder plus QT_PLUGIN_PATH, without creating a QApplication."""
    from PySide6.QtCore import QLibraryInfo

    dirs = [p for p in env.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    dirs.append(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return dirs


def qt_can_load(path: str) -> bool:
    """Whether PySide6's Qt loads this plugin (dlopen with every symbol resolved, metadata checked).
    Works before the QApplication exists; a plugin that loads stays loaded, which is harmless."""
    try:
        from PySide6 import QtGui  # noqa: F401  (loads libQt6Gui, which the plugin links to)
        from PySide6.QtCore import QPluginLoader

        try:  # libQt6DBus too; the bundle leaves the Python module out (the library stays)
            from PySide6 import QtDBus  # noqa: F401
        except ImportError:
            pass
        return bool(QPluginLoader(path).load())
    except Exception:  # whatever goes wrong, the ibus fallback still works
        return False


def prepare(env=None, qt_dirs=None, system_dirs=SYSTEM_QT6_PLUGIN_DIRS, private_dir: Path | None = None,
            platform: str = sys.platform, can_load=qt_can_load) -> InputMethodSetup:
    """Call before the QApplication is created.  Changes `env` (default os.environ) only when
    fcitx is asked for and Qt has no fcitx plugin; returns what it did."""
    env = os.environ if env is None else env
    setup = InputMethodSetup(requested=requested_module(env))
    if not platform.startswith("linux") or not setup.requested.startswith("fcitx"):
        return setup
    qt_dirs = qt_plugin_dirs(env) if qt_dirs is None else list(qt_dirs)
    if _has(qt_dirs, FCITX_PLUGINS):
        return setup
    system = _has(system_dirs, FCITX_PLUGINS)
    if system and private_dir is not None and can_load(system) and _expose(Path(system), private_dir):
        env["QT_PLUGIN_PATH"] = os.pathsep.join([str(private_dir)] + qt_dirs[:-1])
        setup.action, setup.plugin = "system-plugin", system
        setup.hint = (f"中文输入：本程序的 Qt 不带 fcitx 插件，已改用系统的 {Path(system).name}；"
                      "若仍不能输入中文，请看 帮助 →“Linux 中文输入法”。")
        return setup
    if _has(qt_dirs, (IBUS_PLUGIN,)):
        env["QT_IM_MODULE"] = "ibus"
        env.pop("QT_IM_MODULES", None)
        setup.action = "ibus"
        setup.hint = ("中文输入：本程序的 Qt 不带 fcitx 插件，已改用 ibus 方式连接输入法（fcitx5 支持）；"
                      "若不能输入中文，请安装 fcitx5-frontend-qt6 或设置 QT_IM_MODULE=ibus，见 帮助 →“Linux 中文输入法”。")
        return setup
    setup.action = "none"
    setup.hint = ("中文输入：检测到 fcitx 输入法，但本程序的 Qt 没有 fcitx 插件，可能无法输入中文；"
                  "请安装 fcitx5-frontend-qt6，或启动前设置 QT_IM_MODULE=ibus，见 帮助 →“Linux 中文输入法”。")
    return setup


def _expose(plugin: Path, private_dir: Path) -> bool:
    """A plugin folder holding only a link to the system's fcitx plugin."""
    folder = private_dir / CONTEXTS
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():  # a link left from another system plugin
            if old.name != plugin.name:
                old.unlink()
        link = folder / plugin.name
        if not link.exists():
            if link.is_symlink():
                link.unlink()
            link.symlink_to(plugin)
        return True
    except OSError:
        return False


def show_hint(window, setup: InputMethodSetup, seconds: int = 90):
    """The hint as a label in the window's status bar, with a link to the help section; it goes
    away after `seconds` or when the link is followed.  Returns the label (None: nothing to say)."""
    if not setup.hint:
        return None
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel

    from ui.help_dialog import show_help

    label = QLabel(f'{setup.hint} <a href="#{HELP_ANCHOR}">查看帮助</a>', window)
    label.setObjectName("input_method_hint")
    label.setToolTip(setup.hint)

    def open_help(_link: str) -> None:
        label.hide()
        show_help(window, anchor=HELP_ANCHOR)

    label.linkActivated.connect(open_help)
    window.statusBar().addWidget(label, 1)
    QTimer.singleShot(seconds * 1000, label.hide)
    return label
