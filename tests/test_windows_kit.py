"""The offline Windows kit builder (packaging/build_windows_kit.py): wheel tags, the files it
writes, and (SHUZHI_BUILD_KIT=1) a real build with its win_amd64 resolution checks."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("build_windows_kit", ROOT / "packaging" / "build_windows_kit.py")
kit_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kit_mod)


@pytest.mark.parametrize("name, fits", [
    ("pyside6_essentials-6.11.3-cp310-abi3-win_amd64.whl", True),
    ("lxml-6.1.3-cp311-cp311-win_amd64.whl", True),
    ("jieba-0.42.1-py3-none-any.whl", True),
    ("six-1.16.0-py2.py3-none-any.whl", True),
    ("lxml-6.1.3-cp312-cp312-win_amd64.whl", False),           # another CPython
    ("lxml-6.1.3-cp311-cp311-win32.whl", False),               # 32-bit
    ("lxml-6.1.3-cp311-cp311-manylinux_2_28_x86_64.whl", False),
    ("pyside6_essentials-6.11.3-cp312-abi3-win_amd64.whl", False),  # abi3 from a newer Python
])
def test_wheel_fits_windows(name, fits):
    assert kit_mod.fits_windows(name, "3.11") is fits


def test_kit_files(tmp_path):
    kit = tmp_path / "kit"
    (kit / "wheels").mkdir(parents=True)
    (kit / "wheels" / "shuzhi-0.1.0-py3-none-any.whl").write_bytes(b"x")
    (kit / "wheels" / "PySide6_Essentials-6.8.0.2-cp39-abi3-win_amd64.whl").write_bytes(b"y")
    kit_mod.write_kit_files(kit, "3.11", "0.1.0", [("shuzhi", "0.1.0"), ("PySide6_Essentials", "6.8.0.2")])
    bat = (kit / "install.bat").read_bytes()
    text = bat.decode("gbk")  # cmd on Chinese Windows reads code page 936
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert "{{" not in text
    assert "--no-index" in text and "--require-hashes" in text and "PIP_CONFIG_FILE=NUL" in text
    assert "Python311" in text and "(3, 11)" in text
    readme = (kit / "README.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf") and "python-3.11.9-amd64.exe" in readme.decode("utf-8-sig")
    assert (kit / "make_shortcut.ps1").read_bytes().startswith(b"\xef\xbb\xbf")  # PowerShell 5.1 needs it
    reqs = (kit / "requirements.txt").read_text(encoding="ascii")  # pip reads it in the PC's locale
    assert "shuzhi==0.1.0 --hash=sha256:" in reqs and "PySide6_Essentials==6.8.0.2 --hash=sha256:" in reqs
    assert (kit / "shuzhi.ico").is_file() and (kit / "LICENSE.txt").is_file()


def test_output_inside_the_source_tree_is_refused(tmp_path):
    assert kit_mod.main(["--out", str(ROOT / "packaging" / "kit")]) == 2


@pytest.mark.skipif(os.environ.get("SHUZHI_BUILD_KIT") != "1", reason="SHUZHI_BUILD_KIT=1 builds the real kit")
def test_build_real_kit(tmp_path):
    out = tmp_path / "kit"
    proc = subprocess.run([sys.executable, str(ROOT / "packaging" / "build_windows_kit.py"), "--out", str(out)],
                          capture_output=True, text=True, encoding="utf-8", timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "检查结果：全部通过" in proc.stdout
    names = {p.name.split("-")[0].lower() for p in (out / "wheels").glob("*.whl")}
    assert {"shuzhi", "jieba", "pyside6_essentials", "shiboken6", "python_docx", "lxml"} <= names
