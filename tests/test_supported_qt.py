"""The supported PySide6 range (issue 19): pyproject's lower bound is the version the second CI
pass pins, and the PySide6 under test lies inside the range."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text))


def _qt_requirement() -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(d for d in deps if d.startswith("PySide6-Essentials"))


def _bounds() -> tuple[str, str]:
    req = _qt_requirement()
    low = re.search(r">=\s*([\d.]+)", req)
    high = re.search(r"<\s*([\d.]+)", req)
    assert low and high, req
    return low.group(1), high.group(1)


def test_oldest_pin_is_the_lower_bound():
    pins = dict(re.findall(r"^([\w-]+)==([\d.]+)", (ROOT / "packaging" / "constraints-oldest.txt")
                           .read_text(encoding="utf-8"), re.M))
    low, _high = _bounds()
    assert pins["PySide6-Essentials"] == low
    assert pins["shiboken6"] == low  # PySide6 and shiboken6 are released in lockstep
    # arm64 desks with glibc 2.31 (UOS 20 / 麒麟 V10) get at most 6.8.0.2.
    assert _version_tuple(low) <= (6, 8, 0, 2)


def test_ci_runs_the_oldest_pass():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/oldest_qt.sh" in run
    script = (ROOT / ".ci" / "oldest_qt.sh").read_text(encoding="utf-8")
    assert "constraints-oldest.txt" in script


def test_installed_pyside6_is_in_the_supported_range():
    import PySide6

    low, high = _bounds()
    version = _version_tuple(PySide6.__version__)
    assert _version_tuple(low) <= version < _version_tuple(high), PySide6.__version__
