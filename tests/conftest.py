"""Test configuration: offscreen Qt, and every test on its own temporary data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def shared_cache_dir(tmp_path_factory):
    """One segmenter dictionary cache for the whole run (each test's data folder is new; building
    the cache again for every window would cost ~0.5 s each). Tests of the cache pass their own."""
    with pytest.MonkeyPatch.context() as mp:
        path = tmp_path_factory.mktemp("shuzhi-cache")
        mp.setenv("SHUZHI_CACHE_DIR", str(path))
        yield path


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "shuzhi-data"
    path.mkdir()
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(path))
    return path


def pytest_collection_modifyitems(items):
    """Tests that drive widgets are `gui` without each saying so (pyproject.toml lists the marks)."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
