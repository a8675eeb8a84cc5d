"""Test configuration: offscreen Qt, and every test on its own temporary data folder."""

from __future__ import annotations

import inspect
import os
import re
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


# `slow`: tests that start programs or load full jieba dictionaries for comparison.
SLOW_MODULES = {"test_storage_reliability", "test_bundle"}
SLOW_FIXTURES = {"pair", "changed_pair"}  # test_segmenter: jieba itself, loaded twice
SLOW_SOURCE = re.compile(r"subprocess\.|\b_cli\(|\b_run\(|\b_run_main\(|main\.py|AnalysisProcess\(")


def pytest_collection_modifyitems(items):
    """Tests are `gui` when they drive widgets and `slow` when they start programs, without each
    saying so (pyproject.toml lists the marks): `pytest -m "not gui and not slow"` is the core."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "qtbot" in names:
            item.add_marker(pytest.mark.gui)
        func = getattr(item, "function", None)
        try:
            source = inspect.getsource(func) if func is not None else ""
        except (OSError, TypeError):
            source = ""
        if item.module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES or names & SLOW_FIXTURES \
                or SLOW_SOURCE.search(source):
            item.add_marker(pytest.mark.slow)
