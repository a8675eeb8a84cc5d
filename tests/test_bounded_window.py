"""Any file, bounded, in the window (issue 18): a file that is only too long is offered as its
first part, a few control characters are removed with a notice in the status bar, an
unsupported encoding is refused with a message, and a too-long text degrades the analysis
with a word in the status bar instead of freezing the window."""

from __future__ import annotations

import pytest

from core.wordio import textfile
from tests.ui_helpers import make_window
from ui.drafts.session import DraftSession

PARA = "今年以来，我认真落实全面从严治党主体责任，组织开展主题党日活动，推动整改落实到位。"


@pytest.fixture
def window(qtbot, data_dir, monkeypatch):
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: None)
    monkeypatch.setattr(DraftSession, "ask", lambda self, title, text: True)
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.files.told = []
    w.files.warn = lambda title, text: w.files.told.append((title, text))
    w.files.ask_import_target = lambda result: True
    return w


def test_too_long_file_is_offered_as_its_first_part(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(textfile, "MAX_DRAFT_CHARS", 3_000)
    monkeypatch.setattr(textfile.read_text, "__defaults__", (3_000,))
    path = tmp_path / "long.txt"
    path.write_text((PARA + "\n") * 500, encoding="utf-8")
    asked = []
    window.files.ask_first_part = lambda message, chars: asked.append((message, chars)) or True
    window.files.import_path(path)
    qtbot.waitUntil(lambda: window.editor.toPlainText() != "", timeout=10000)
    assert asked and "超过 3,000 字" in asked[0][0] and asked[0][1] <= 3_000
    assert window.editor.toPlainText() == ((PARA + "\n") * 500)[:asked[0][1]]
    assert "只导入了" in window.statusBar().currentMessage()


def test_refusing_the_first_part_imports_nothing(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(textfile.read_text, "__defaults__", (1_000,))
    path = tmp_path / "long.txt"
    path.write_text((PARA + "\n") * 100, encoding="utf-8")
    asked = []
    window.files.ask_first_part = lambda message, chars: asked.append(chars) or False
    window.files.import_path(path)
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    qtbot.wait(100)
    assert window.editor.toPlainText() == ""


def test_control_characters_are_removed_with_a_notice_and_big5_refused(qtbot, window, tmp_path):
    path = tmp_path / "pasted.txt"
    path.write_text("2025年度述职报告\n" + PARA + "\x07" + PARA + "\x1b\n", encoding="utf-8")
    window.files.import_path(path)
    qtbot.waitUntil(lambda: window.editor.toPlainText() != "", timeout=10000)
    assert "\x07" not in window.editor.toPlainText()
    assert "已删除 2 个不可见的控制字符" in window.statusBar().currentMessage()
    big5 = tmp_path / "big5.txt"
    big5.write_bytes("我們今年認真學習黨的理論知識，組織開展支部活動，落實整改措施。\n".encode("big5") * 3)
    window.files.import_path(big5)
    qtbot.waitUntil(lambda: bool(window.files.told), timeout=10000)
    title, text = window.files.told[0]
    assert title == "导入失败" and "Big5" in text


def test_too_long_text_degrades_the_analysis_and_says_so(qtbot, window):
    """The analysis itself runs in the worker process (limits tested in test_bounded_input);
    here: what the window shows for a degraded report."""
    from core.analysis.analyzer import Analyzer

    a = Analyzer()
    a.full_limit, a.paragraph_limit = 500, 2_000
    window.set_text("2025年度述职报告\n" + (PARA + "\n") * 30)
    window._on_report(window.revision, a.analyze(window.text()))
    assert window.analyser_label.text() == "文本过长：只做段落检查"
    assert "段落内的检查" in window.analyser_label.toolTip()
    window._on_busy(False)
    assert window.analyser_label.text() in ("文本过长：只做段落检查", "分析器加载中…")
