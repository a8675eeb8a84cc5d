"""A data folder that cannot be written (read-only mount, locked-down office profile) or any other
storage failure at start (issue 18): the window starts, says why, keeps the text in memory and
saves it elsewhere with 另存为文本. We run tests as root, where chmod cannot make a folder
read-only, so the OSError the operating system gives is injected at the storage boundary."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import ui.drafts as drafts_pkg
from core.storage.errors import wrap
from tests.ui_helpers import ime_type, make_window
from ui.drafts import save_text_as
from ui.drafts.session import DraftSession

READ_ONLY = OSError(errno.EROFS, "Read-only file system")


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: out.append((title, text)))
    monkeypatch.setattr(DraftSession, "ask", lambda self, title, text: out.append((title, text)) or True)
    return out


def _raise(exc):
    def fail(*_a, **_k):
        raise exc
    return fail


@pytest.mark.parametrize("error", [wrap(READ_ONLY), READ_ONLY, RuntimeError("unexpected")],
                         ids=["storage-error", "raw-oserror", "anything"])
def test_storage_failure_at_start_keeps_window_and_words(qtbot, data_dir, monkeypatch, told, tmp_path, error):
    monkeypatch.setattr(drafts_pkg, "open_storage_safely", _raise(error))
    w = make_window(qtbot, data_dir, wait_ready=False)
    s = w.drafts
    assert s.storage is None and s.open_error is not None
    title, text = told[0]
    assert title == "无法打开草稿库" and "另存为文本" in text
    assert ("草稿库无法打开" if isinstance(error, RuntimeError) else "只读") in text
    ime_type(w.editor, "2025年度述职报告\n今年我们认真履职。")
    s._autosave()  # the retry fails the same way: no crash, the words stay
    assert w.editor.toPlainText() == "2025年度述职报告\n今年我们认真履职。"
    assert s.status_text.startswith("保存失败")
    target = tmp_path / "elsewhere" / "报告.txt"
    target.parent.mkdir()
    assert save_text_as(s, str(target))
    assert target.read_text(encoding="utf-8") == w.editor.toPlainText()


def test_read_only_reference_and_data_folder_do_not_crash_the_window(qtbot, tmp_path, monkeypatch, told):
    """The first crash seen: creating <data>/reference on a read-only mount."""
    real_mkdir = Path.mkdir
    ro = tmp_path / "ro"

    def mkdir(self, *a, **k):
        if self == ro or ro in self.parents:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(ro / "Shuzhi"))
    from core.common.paths import data_dir

    w = make_window(qtbot, data_dir(), wait_ready=False)
    assert w.drafts.storage is None
    assert told and told[0][0] == "无法打开草稿库" and "只读" in told[0][1]


def test_save_as_to_an_unwritable_place_says_so(qtbot, data_dir, told, monkeypatch):
    w = make_window(qtbot, data_dir, wait_ready=False)
    ime_type(w.editor, "文字")
    monkeypatch.setattr(drafts_pkg, "atomic_write_text", _raise(READ_ONLY))
    assert not save_text_as(w.drafts, "/nowhere/a.txt")
    assert told[-1][0] == "另存为失败" and "只读" in told[-1][1]
