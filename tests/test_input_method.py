"""Chinese input on Linux desks without a fcitx Qt plugin (ui/input_method.py, issue 19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.input_method import prepare, qt_can_load, qt_plugin_dirs, requested_module, show_hint

ROOT = Path(__file__).resolve().parent.parent


def _plugin(root: Path, name: str) -> Path:
    path = root / "platforminputcontexts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x7fELF")
    return path


@pytest.mark.parametrize("env, want", [
    ({"QT_IM_MODULE": "fcitx"}, "fcitx"),
    ({"QT_IM_MODULES": "fcitx5;ibus", "QT_IM_MODULE": "ibus"}, "fcitx5"),
    ({"XMODIFIERS": "@im=fcitx"}, "fcitx"),
    ({"XMODIFIERS": "@im=fcitx", "QT_IM_MODULE": "ibus"}, "ibus"),
    ({}, ""),
])
def test_requested_module(env, want):
    assert requested_module(env) == want


def test_nothing_to_do_off_linux_or_without_fcitx(tmp_path):
    env = {"QT_IM_MODULE": "fcitx"}
    assert prepare(env, qt_dirs=[str(tmp_path)], platform="win32").hint == ""
    env = {"QT_IM_MODULE": "ibus"}
    assert prepare(env, qt_dirs=[str(tmp_path)], platform="linux").hint == ""
    assert env == {"QT_IM_MODULE": "ibus"}


def test_qt_with_a_fcitx_plugin_is_left_alone(tmp_path):
    _plugin(tmp_path, "libfcitx5platforminputcontextplugin.so")
    env = {"QT_IM_MODULE": "fcitx"}
    setup = prepare(env, qt_dirs=[str(tmp_path)], system_dirs=(), platform="linux")
    assert setup.hint == "" and env == {"QT_IM_MODULE": "fcitx"}


def test_system_fcitx_plugin_is_exposed_alone(tmp_path):
    qt = tmp_path / "qt"
    _plugin(qt, "libibusplatforminputcontextplugin.so")
    system = tmp_path / "usr-qt6-plugins"
    sys_plugin = _plugin(system, "libfcitx5platforminputcontextplugin.so")
    _plugin(system, "libqtvirtualkeyboardplugin.so")
    private = tmp_path / "data" / "qt-plugins"
    env = {"QT_IM_MODULE": "fcitx", "QT_PLUGIN_PATH": "/opt/extra"}
    setup = prepare(env, qt_dirs=["/opt/extra", str(qt)], system_dirs=[str(system)], private_dir=private,
                    platform="linux", can_load=lambda path: True)
    assert setup.action == "system-plugin"
    link = private / "platforminputcontexts" / sys_plugin.name
    assert link.is_symlink() and link.resolve() == sys_plugin.resolve()
    assert [p.name for p in (private / "platforminputcontexts").iterdir()] == [sys_plugin.name]
    assert env["QT_PLUGIN_PATH"].split(os.pathsep) == [str(private), "/opt/extra"]
    assert env["QT_IM_MODULE"] == "fcitx"
    assert "fcitx5platforminputcontextplugin" in setup.hint
    # Started again: the link is reused.
    assert prepare(dict(QT_IM_MODULE="fcitx"), qt_dirs=[str(qt)], system_dirs=[str(system)],
                   private_dir=private, platform="linux", can_load=lambda path: True).action == "system-plugin"


def test_system_plugin_this_qt_cannot_load_is_not_used(tmp_path):
    """A plugin built for another Qt (here: not even a library) fails the trial load: ibus instead."""
    qt = tmp_path / "qt"
    _plugin(qt, "libibusplatforminputcontextplugin.so")
    system = tmp_path / "usr-qt6-plugins"
    _plugin(system, "libfcitx5platforminputcontextplugin.so")
    private = tmp_path / "data" / "qt-plugins"
    env = {"QT_IM_MODULE": "fcitx"}
    setup = prepare(env, qt_dirs=[str(qt)], system_dirs=[str(system)], private_dir=private, platform="linux")
    assert setup.action == "ibus" and env["QT_IM_MODULE"] == "ibus"
    assert not private.exists()


def test_trial_load_accepts_the_wheels_own_plugin():
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    found = sorted(folder.glob("*platforminputcontextplugin*"))
    if not found:
        pytest.skip("no input-context plugin in this PySide6")
    assert qt_can_load(str(found[0]))


def test_falls_back_to_ibus_and_says_so(tmp_path):
    _plugin(tmp_path, "libibusplatforminputcontextplugin.so")
    env = {"QT_IM_MODULES": "fcitx", "XMODIFIERS": "@im=fcitx"}
    setup = prepare(env, qt_dirs=[str(tmp_path)], system_dirs=(), private_dir=tmp_path / "p", platform="linux")
    assert setup.action == "ibus"
    assert env["QT_IM_MODULE"] == "ibus" and "QT_IM_MODULES" not in env
    assert "QT_IM_MODULE=ibus" in setup.hint and "fcitx5-frontend-qt6" in setup.hint


def test_no_plugin_at_all_only_tells(tmp_path):
    env = {"QT_IM_MODULE": "fcitx"}
    setup = prepare(env, qt_dirs=[str(tmp_path)], system_dirs=(), private_dir=None, platform="linux")
    assert setup.action == "none" and env == {"QT_IM_MODULE": "fcitx"}
    assert "QT_IM_MODULE=ibus" in setup.hint


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux wheels only")
def test_pyside6_wheel_has_ibus_but_no_fcitx_plugin():
    """The facts the module relies on, for the PySide6 under test."""
    env = {"QT_IM_MODULE": "fcitx"}
    setup = prepare(env, qt_dirs=qt_plugin_dirs({}), system_dirs=(), platform="linux")
    assert setup.action == "ibus", setup


def test_hint_in_status_bar_opens_help(qtbot, tmp_path, data_dir):
    from ui.help_dialog import HelpDialog
    from ui.main_window import MainWindow

    win = MainWindow(data_dir, with_drafts=False)
    qtbot.addWidget(win)
    setup = prepare({"QT_IM_MODULE": "fcitx"}, qt_dirs=[str(tmp_path)], system_dirs=(), platform="linux")
    label = show_hint(win, setup)
    win.show()
    assert label.isVisible() and "QT_IM_MODULE=ibus" in label.text()
    label.linkActivated.emit("#linux-input")
    assert not label.isVisible()
    dlg = win.findChild(HelpDialog)
    assert dlg is not None and "QT_IM_MODULE" in dlg.browser.toPlainText()
    assert show_hint(win, prepare({}, platform="linux")) is None


def test_app_starts_when_fcitx_is_asked_for_and_missing(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_IM")}
    env.update(QT_IM_MODULE="fcitx", XMODIFIERS="@im=fcitx", QT_QPA_PLATFORM="offscreen",
               SHUZHI_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--smoke"], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    assert "ready" in proc.stdout
    if sys.platform.startswith("linux"):
        assert "中文输入" in proc.stderr


def test_trial_load_of_a_missing_or_broken_file_is_false(tmp_path):
    assert qt_can_load(str(tmp_path / "nothing.so")) is False
    broken = _plugin(tmp_path, "libfcitx5platforminputcontextplugin.so")
    assert qt_can_load(str(broken)) is False
