"""Issue 17 in the window: last year's report linked by 以此为底稿新建 (or chosen), the
rectification row following the edits, a detail row jumping to where a problem is answered."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from tests.test_facts import LAST_YEAR, RECTIFIED_1, RECTIFIED_3
from tests.ui_helpers import ime_type, make_window
from ui.drafts import install_drafts
from ui.drafts.session import DraftSession


def _window(qtbot, data_dir, monkeypatch, items=None):
    monkeypatch.setattr(DraftSession, "get_int", lambda self, title, label, value, lo, hi: 2024)
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: None)
    if items is not None:
        monkeypatch.setattr(DraftSession, "get_item", lambda self, title, label, options, current=0: items(options))
    w = make_window(qtbot, data_dir)
    s = install_drafts(w)
    return w, s


def render(qtbot, w, action, timeout=20000):
    with qtbot.waitSignal(w.report_rendered, timeout=timeout, check_params_cb=lambda r: r.text == w.text()):
        action()
    return w.last_report


def row(report):
    return next(c for c in report.checklist if c.id == "section.rectification")


def test_duplicate_links_last_year_and_the_row_follows_the_rectification(qtbot, data_dir, monkeypatch):
    w, s = _window(qtbot, data_dir, monkeypatch)
    old = s.call(lambda st: st.create_draft("2023年度抓基层党建工作述职报告", LAST_YEAR, year=2023))
    render(qtbot, w, lambda: s.open_draft(old))
    assert w.last_year.doc is None
    assert any("选择上年度报告" in d for d in row(w.last_report).details)

    report = render(qtbot, w, s.act_duplicate.trigger)  # 以此为底稿新建
    new = s.draft_id
    assert new != old and s.storage.get_last_year(new).source_id == old
    assert w.last_year.doc is not None and w.last_year.doc.text == LAST_YEAR
    assert "上年度 3 个问题中 0 个有整改交代" in row(report).message
    # The copy is last year's text: its paragraphs are marked as copied from it.
    assert any(f.rule == "boilerplate.overlap" and "上年度报告" in f.message for f in report.findings)

    def write_rectification():
        cur = w.editor.textCursor()
        cur.setPosition(w.text().index("一、履职情况"))
        w.editor.setTextCursor(cur)
        ime_type(w.editor, f"一、上年度问题整改情况\n{RECTIFIED_1}\n")

    report = render(qtbot, w, write_rectification)
    assert "上年度 3 个问题中 1 个有整改交代" in row(report).message and row(report).status == "warn"

    def write_more():
        w.editor.moveCursor(QTextCursor.MoveOperation.Start)
        cur = w.editor.textCursor()
        cur.setPosition(w.text().index(RECTIFIED_1) + len(RECTIFIED_1))
        w.editor.setTextCursor(cur)
        ime_type(w.editor, "\n" + RECTIFIED_3)

    report = render(qtbot, w, write_more)
    assert "上年度 3 个问题中 2 个有整改交代" in row(report).message

    # The panel row expands into one line per item; clicking an answered one selects its account.
    panel = w.checklist
    tree = panel.sections
    top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if "上年度问题整改情况" in tree.topLevelItem(i).text(0))
    lines = [top.child(i) for i in range(top.childCount())]
    assert any("✘ 问题：村级集体经济发展不平衡" in c.text(0) for c in lines)
    answered = next(c for c in lines if "✔ 问题：党员队伍老化" in c.text(0))
    tree.itemClicked.emit(answered, 0)
    assert w.editor.textCursor().selectedText() == RECTIFIED_3

    # Reopening the draft later finds the link again.
    render(qtbot, w, lambda: s.open_draft(old))
    assert w.last_year.doc is None
    render(qtbot, w, lambda: s.open_draft(new))
    assert w.last_year.doc is not None and w.last_year.doc.text == LAST_YEAR


def test_choose_a_draft_or_none(qtbot, data_dir, monkeypatch):
    picks = []
    w, s = _window(qtbot, data_dir, monkeypatch, items=lambda options: picks.pop(0)(options))
    old = s.call(lambda st: st.create_draft("去年的报告", LAST_YEAR, year=2023))
    mine = s.call(lambda st: st.create_draft("今年的报告", LAST_YEAR.replace("2023", "2024"), year=2024))
    render(qtbot, w, lambda: s.open_draft(mine))
    picks.append(lambda options: next(i for i, o in enumerate(options) if o.startswith("去年的报告")))
    report = render(qtbot, w, w.last_year.choose)
    assert s.storage.get_last_year(mine).source_id == old
    assert "上年度 3 个问题中 0 个有整改交代" in row(report).message
    picks.append(lambda options: options.index("不使用上年度报告"))
    report = render(qtbot, w, w.last_year.choose)
    assert s.storage.get_last_year(mine) is None and w.last_year.doc is None
    assert any("选择上年度报告" in d for d in row(report).details)
