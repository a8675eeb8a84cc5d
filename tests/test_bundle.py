"""Offline installation (issue 10): the PyInstaller bundle.

The static checks (icon, version resource, spec and workflow wiring) always run.  Building the
bundle takes about half a minute and needs PyInstaller, so it is opt-in:

    SHUZHI_BUILD_BUNDLE=1 python -m pytest tests/test_bundle.py -v -s

It builds with packaging/build_bundle.sh into a temporary folder, copies the bundle outside the
checkout and runs it with a clean environment (no virtualenv, no PYTHONPATH, no Python on PATH,
a temporary HOME and data folder): the window with --smoke, the bundled checker on a sample and
a Word export; then checks that the bundle folder is unchanged and nothing was written outside
the data folder (and the temp folder's jieba cache).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core import __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
OPT_IN = os.environ.get("SHUZHI_BUILD_BUNDLE") == "1"
SIZE_BUDGET_MB = 160  # Linux bundle; ICU alone is 38 MB there

SAMPLE = """2026年度抓基层党建工作述职报告
根据县委组织部安排，现将本人2026年度抓基层党建工作情况报告如下。
一、履职情况
我主持召开党委会研究党建工作10次，带头讲专题党课4次，组织中心组学习12次，走访基层支部21个，推动整改问题XX个。
二、存在问题
一是对支部工作指导不够具体，个别支部组织生活记录不规范。
三、下一步打算
每半年对支部组织生活记录开展一次检查，对不规范的支部逐一反馈、限期整改。
"""


# ---- always: the files the build relies on -----------------------------------------------------
def test_icon_files_are_valid():
    png = (ROOT / "resources" / "icons" / "shuzhi.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (PACKAGING / "shuzhi.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        w, h, _c, _r, _planes, _bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i:22 + 16 * i])
        sizes.add(w or 256)
        assert offset + length <= len(ico)
    assert {16, 32, 48, 256} <= sizes


def test_version_resource_follows_core_version():
    sys.path.insert(0, str(PACKAGING))
    try:
        import version_info
    finally:
        sys.path.remove(str(PACKAGING))
    assert version_info.project_version() == __version__
    text = version_info.version_text(__version__, "Shuzhi", "Shuzhi.exe", "述职助手")
    numbers = tuple(int(n) for n in __version__.split(".")) + (0,) * (4 - len(__version__.split(".")))
    assert f"filevers={numbers}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "MIT" in text


def test_spec_and_workflow_are_wired():
    spec = (PACKAGING / "shuzhi.spec").read_text(encoding="utf-8")
    assert 'collect_submodules("core")' in spec  # rule modules are found by pkgutil at run time
    assert "shuzhi_gui.py" in spec and "shuzhi_check.py" in spec
    assert 'name="shuzhi-check"' in spec and "console=True" in spec
    workflow = (ROOT / ".github" / "workflows" / "windows-bundle.yml").read_text(encoding="utf-8")
    for needle in ("windows-latest", 'python-version: "3.11"', "build_bundle.ps1", "--smoke",
                   "shuzhi-check.exe", "upload-artifact", "QT_QPA_PLATFORM: offscreen"):
        assert needle in workflow, needle
    assert os.access(PACKAGING / "build_bundle.sh", os.X_OK)
    ps1 = (PACKAGING / "build_bundle.ps1").read_bytes()
    assert all(b < 128 for b in ps1), "build_bundle.ps1 must stay ASCII (Windows PowerShell 5.1)"


# ---- opt-in: build and run ---------------------------------------------------------------------
bundle_only = pytest.mark.skipif(
    not OPT_IN, reason="opt-in: set SHUZHI_BUILD_BUNDLE=1 to build the PyInstaller bundle (~30 s) and run it")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the bundle test runs on Linux (Windows: .github/workflows/windows-bundle.yml)")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for path in folder.rglob("*"):
        st = path.lstat()
        out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail(f"SHUZHI_BUILD_BUNDLE=1 needs PyInstaller: {sys.executable} -m pip install pyinstaller")
    build = tmp_path_factory.mktemp("bundle-build")
    env = dict(os.environ, PYTHON=sys.executable)
    started = time.monotonic()
    proc = subprocess.run(["bash", str(PACKAGING / "build_bundle.sh"), str(build / "dist"), str(build / "work")],
                          capture_output=True, text=True, env=env, timeout=900)
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    # Copy it somewhere else, as the IT colleague does: nothing may point back into the build.
    place = tmp_path_factory.mktemp("office-pc")
    app = place / "Shuzhi"
    shutil.copytree(build / "dist" / "Shuzhi", app, symlinks=True)
    shutil.rmtree(build)
    assert ROOT not in app.parents
    size = sum(p.stat().st_size for p in app.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle: built in {seconds:.0f} s, {size / 1e6:.0f} MB, {len(_files(app))} files")
    return app, place, size


@pytest.fixture
def clean_env(tmp_path):
    home, data, tmp, work = (tmp_path / n for n in ("home", "data", "tmp", "work"))
    for d in (home, tmp, work):
        d.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "TMPDIR": str(tmp),
           "SHUZHI_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return env, {"home": home, "data": data, "tmp": tmp, "work": work}


def _run(cmd, env, cwd, timeout=120):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=cwd, timeout=timeout)


@bundle_only
@linux_only
def test_bundle_contents(bundle):
    app, _place, size = bundle
    internal = app / "_internal"
    for rel in ("resources/kinds.toml", "resources/help.html", "resources/icons/shuzhi.png",
                "resources/demo_report.txt", "jieba/dict.txt", "docx/templates/default.docx", "LICENSE",
                "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/plugins/platforms/libqxcb.so",
                "PySide6/Qt/translations/qtbase_zh_CN.qm"):
        assert (internal / rel).is_file(), rel
    for rel in ("LICENSE.txt", "README.txt", "Shuzhi", "shuzhi-check"):
        assert (app / rel).is_file(), rel
    names = set(_files(internal))
    for unwanted in ("jieba/analyse/idf.txt", "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt/lib/libQt6Qml.so.6",
                     "PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/translations/qtbase_de.qm"):
        assert unwanted not in names, unwanted
    assert not any(n.startswith(("PySide6/Qt/plugins/wayland", "setuptools/", "pkg_resources/")) for n in names)
    dangling = [p for p in app.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, dangling
    assert size < SIZE_BUDGET_MB * 1e6, f"bundle is {size / 1e6:.0f} MB"


@bundle_only
@linux_only
def test_bundle_runs_outside_the_checkout_with_a_clean_environment(bundle, clean_env):
    app, place, _size = bundle
    env, dirs = clean_env
    before = _snapshot(place)
    sample = dirs["work"] / "述职报告.txt"
    sample.write_text(SAMPLE, encoding="utf-8")

    proc = _run([app / "Shuzhi", "--version"], env, dirs["work"])
    assert proc.returncode == 0 and proc.stdout.strip() == f"述职助手 {__version__}", proc.stdout + proc.stderr

    started = time.monotonic()
    proc = _run([app / "Shuzhi", "--smoke"], env, dirs["work"])
    wall = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = dict(line.split() for line in proc.stdout.splitlines() if line.startswith(("shown ", "ready ")))
    assert set(lines) == {"shown", "ready"}, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr
    print(f"\nsmoke: shown {lines['shown']} ms, ready {lines['ready']} ms, process {wall * 1000:.0f} ms")

    proc = _run([app / "shuzhi-check", "--version"], env, dirs["work"])
    assert proc.stdout.strip() == f"述职助手 {__version__}"

    proc = _run([app / "shuzhi-check", "check", sample.name, "--format", "json"], env, dirs["work"])
    assert proc.returncode == 1, proc.stdout + proc.stderr  # errors: 原因分析 missing
    [result] = json.loads(proc.stdout)
    assert result["kind"] == "shuzhi" and result["chars"] > 100
    rules = {(f["rule"], f.get("section")) for f in result["findings"]}
    assert ("structure.missing_section", "causes") in rules
    statuses = {c["label"]: c["status"] for c in result["checklist"]}
    assert statuses["原因分析"] == "fail" and statuses["履职情况"] in ("pass", "warn")

    proc = _run([app / "shuzhi-check", "check", sample.name], env, dirs["work"])
    assert proc.returncode == 1 and "原因分析" in proc.stdout, proc.stdout + proc.stderr

    proc = _run([app / "shuzhi-check", "export", sample.name, "报告.docx"], env, dirs["work"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (dirs["work"] / "报告.docx").stat().st_size > 5000

    proc = _run([app / "shuzhi-check", "check", "没有这个文件.txt"], env, dirs["work"])
    assert proc.returncode == 2 and "没有这个文件" in proc.stderr

    # Only the data folder (and the files we asked for in the work folder) were written.
    assert _snapshot(place) == before, "the bundle folder changed while running"
    assert dirs["data"].is_dir()
    home_files = [f for f in _files(dirs["home"]) if not f.startswith(".cache/fontconfig/")]
    assert home_files == [], home_files
    assert set(_files(dirs["tmp"])) <= {"jieba.cache"}, _files(dirs["tmp"])
    assert set(_files(dirs["work"])) == {"述职报告.txt", "报告.docx"}
