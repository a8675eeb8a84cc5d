"""The Linux bundle's start-up check of the glibc it was built for (packaging/glibc_check.py)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("glibc_check", ROOT / "packaging" / "glibc_check.py")
glibc_check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(glibc_check)


def _bundle(tmp_path, glibc="2.28"):
    glibc_check.write_build_info(tmp_path / glibc_check.INFO_FILE)
    info = json.loads((tmp_path / glibc_check.INFO_FILE).read_text(encoding="utf-8"))
    info["glibc"] = glibc
    (tmp_path / glibc_check.INFO_FILE).write_text(json.dumps(info), encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc systems only")
def test_records_this_machines_glibc(tmp_path):
    glibc_check.write_build_info(tmp_path / "build_info.json")
    info = glibc_check.read_build_info(tmp_path)
    assert info["glibc"] == glibc_check.running_glibc()
    assert glibc_check._version_tuple(info["glibc"]) >= (2, 17)
    assert info["machine"]


@pytest.mark.parametrize("running, built, ok", [
    ("2.28", "2.28", True), ("2.31", "2.28", True), ("2.36", "2.31", True), ("2.100", "2.99", True),
    ("2.27", "2.28", False), ("2.28", "2.31", False), ("2.9", "2.28", False),
    (None, "2.28", True), ("2.27", None, True),  # unknown on one side: let the program try
])
def test_problem(running, built, ok):
    message = glibc_check.problem(running, {"glibc": built, "machine": "x86_64"})
    assert (message is None) is ok
    if not ok:
        assert f"glibc 是 {running} 版" in message and f"需要 glibc {built} 或更新" in message
        assert "ldd --version" in message


def test_enforce_exits_with_a_chinese_message_on_an_older_glibc(tmp_path):
    folder = _bundle(tmp_path, glibc="2.31")
    shown = []
    with pytest.raises(SystemExit) as exc:
        glibc_check.enforce(folder, running="2.28", show=shown.append)
    assert exc.value.code == glibc_check.EXIT_OLD_GLIBC
    assert "述职助手无法启动" in shown[0] and "2.28" in shown[0] and "2.31" in shown[0]
    glibc_check.enforce(folder, running="2.31", show=shown.append)  # same glibc: starts
    glibc_check.enforce(tmp_path / "no-info", running="2.17", show=shown.append)  # no record: starts
    assert len(shown) == 1


def test_not_frozen_does_nothing():
    glibc_check.enforce(show=lambda m: pytest.fail(m))  # source checkout: never blocks


@pytest.mark.parametrize("name, first_import", [("shuzhi_gui.py", "from ui.app"), ("shuzhi_check.py", "from core")])
def test_entry_scripts_check_before_loading_anything(name, first_import):
    text = (ROOT / "packaging" / name).read_text(encoding="utf-8")
    main = text[text.index('if __name__ == "__main__":'):]
    assert first_import not in text[:text.index('if __name__ == "__main__":')]
    assert main.index("enforce()") < main.index(first_import)


def test_faked_old_glibc_in_a_child_process(tmp_path):
    """As the frozen program does it: a bundle built on glibc 9.99 refuses this system."""
    folder = _bundle(tmp_path, glibc="9.99")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import glibc_check; "
            "sys.frozen = True; sys._MEIPASS = sys.argv[2]; glibc_check.enforce(); print('started')")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "packaging"), str(folder)],
                          capture_output=True, text=True, encoding="utf-8", env={"PATH": "/usr/bin:/bin"})
    if not sys.platform.startswith("linux"):
        return
    assert proc.returncode == glibc_check.EXIT_OLD_GLIBC, proc.stdout + proc.stderr
    assert "需要 glibc 9.99 或更新" in proc.stderr and "started" not in proc.stdout


def test_old_glibc_build_scripts():
    """x86_64 bundles are built on Debian 10 (glibc 2.28), arm64 on Debian 11 (2.31: PySide6 has no
    aarch64 wheel for 2.28); both through build_linux_release.sh, which packs the glibc in the name."""
    for name in ("build_linux_release.sh", "build_linux_docker.sh", "build_bundle.sh"):
        assert subprocess.run(["bash", "-n", str(ROOT / "packaging" / name)]).returncode == 0, name
    docker = (ROOT / "packaging" / "build_linux_docker.sh").read_text(encoding="utf-8")
    assert "platform=linux/amd64; base=python:3.11-slim-buster" in docker
    assert "platform=linux/arm64; base=python:3.11-slim-bullseye" in docker
    assert "packaging/build_linux_release.sh" in docker
    release = (ROOT / "packaging" / "build_linux_release.sh").read_text(encoding="utf-8")
    assert "Py_ENABLE_SHARED" in release and "build_info.json" in release and "--smoke" in release
    assert "glibc$glibc.tar.gz" in release
    dockerfile = (ROOT / "packaging" / "linux" / "Dockerfile").read_text(encoding="utf-8")
    assert "archive.debian.org" in dockerfile and "binutils" in dockerfile
