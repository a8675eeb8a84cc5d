"""字数 as Word counts it (core/text/wordcount.py), and the places that show it: status bar (with a
selection), the 大纲's per-section counts, the command line and the drafts list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from core.storage import Storage
from core.text.wordcount import format_count, word_count
from tests.ui_helpers import make_window

ROOT = Path(__file__).resolve().parent.parent

# (text, count worked out by hand with Word's rule)
HAND_COUNTED = [
    ("", 0),
    ("党建", 2),
    ("2024年", 2),  # the number is one word, 年 one character
    ("ABC", 1),
    ("ABC党支部", 4),
    ("召开“三会一课”12次。", 11),  # 召开 2, “ 1, 三会一课 4, ” 1, 12 1, 次 1, 。 1
    ("一、二；三：四？五！", 10),  # five hanzi, five full-width marks
    ("（一）《党章》【注】", 10),  # brackets and title marks count one each
    ("———……", 5),  # 3 dashes + 2 ellipses
    ("中\u00a0文", 2),  # NBSP is a space
    ("\u3000\u3000正文", 2),  # the ideographic indent is a space
    ("a b  c", 3),
    ("Hello, world!", 2),  # half-width punctuation sticks to its word
    ("3.5% 与 100.0%", 3),
    ("  -  ", 0),  # half-width punctuation alone is not a word
    ("２０２４年", 5),  # full-width digits count one each, like hanzi
    ("①②③", 3),
    ("同比增长12.5%，达到3,000万元。", 12),  # 同比增长 4, 12.5% 1, ， 1, 达到 2, 3,000 1, 万元 2, 。 1
    ("xi@example.com 邮箱", 3),
    ("零\u200b宽", 2),  # a zero-width space is nothing
    ("第一行\n第二行\r\n", 6),
]


@pytest.mark.parametrize(("text", "expected"), HAND_COUNTED)
def test_word_count_matches_hand_counts(text, expected):
    assert word_count(text) == expected


def test_format_count_groups_thousands():
    assert [format_count(n) for n in (0, 999, 4567, 1234567)] == ["0", "999", "4 567", "1 234 567"]


def _window_with(qtbot, data_dir, text: str):
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text(text)
    w._update_counts()  # the status bar follows after a short debounce; read it now
    return w


def test_status_bar_shows_the_selection_and_the_total(qtbot, data_dir):
    text = "2024年党建工作ABC。\n第二段。"  # 2024 1, 年 1, 党建工作 4, ABC 1, 。 1 → 8; 第二段。 4 → 12
    w = _window_with(qtbot, data_dir, text)
    assert w.chars_label.text() == "字数 12"
    cur = w.editor.textCursor()
    cur.setPosition(0)
    cur.setPosition(6, QTextCursor.MoveMode.KeepAnchor)  # "2024年党" → 3
    w.editor.setTextCursor(cur)
    assert w.chars_label.text() == "选中 3 / 共 12 字"
    cur.select(QTextCursor.SelectionType.Document)  # across the paragraph break (U+2029 in Qt)
    w.editor.setTextCursor(cur)
    assert w.chars_label.text() == "选中 12 / 共 12 字"
    cur.clearSelection()
    w.editor.setTextCursor(cur)
    assert w.chars_label.text() == "字数 12"


def test_outline_shows_each_sections_count(qtbot, data_dir):
    from core.text.document import parse as parse_document

    text = ("关于2024年度述职报告\n一、履职情况\n（一）抓班子\n开展学习12次。\n（二）带队伍\n谈心谈话。\n"
            "二、存在问题\n学习不够ABC深入。")
    w = _window_with(qtbot, data_dir, text)
    w.outline.show_document(parse_document(text))
    rows = []
    for i in range(w.outline.topLevelItemCount()):
        top = w.outline.topLevelItem(i)
        rows.append((top.text(0), top.text(1)))
        rows.extend((top.child(j).text(0), top.child(j).text(1)) for j in range(top.childCount()))
    # 开展学习12次。 = 4 + 1 + 1 + 1 = 7; 谈心谈话。 = 5; 学习不够ABC深入。 = 4 + 1 + 2 + 1 = 8.
    # 一、's section holds its sub-parts with their headings: （一）抓班子 6 + 7 + （二）带队伍 6 + 5 = 24.
    counts = {name: count for name, count in rows}
    assert counts["关于2024年度述职报告"] == ""  # the title: the total is in the status bar
    assert counts["（一）抓班子"] == "7字"
    assert counts["（二）带队伍"] == "5字"
    assert counts["二、存在问题"] == "8字"
    assert counts["一、履职情况"] == "24字"


def test_outline_counts_follow_edits_with_unchanged_sections_reused(qtbot, data_dir):
    """Counts of unchanged sections are reused from the last report; edited ones (and the parts
    that hold them) are counted again — never a stale count."""
    from core.text.document import parse as parse_document
    from ui.outline_dock import section_counts

    text = ("关于2024年度述职报告\n一、履职情况\n（一）抓班子\n开展学习12次。\n（二）带队伍\n谈心谈话。\n"
            "二、存在问题\n学习不够ABC深入。")
    w = _window_with(qtbot, data_dir, text)
    w.outline.show_document(parse_document(text))
    edited = text.replace("谈心谈话。", "谈心谈话二十次，走访群众。")
    doc = parse_document(edited)
    w.outline.show_document(doc)
    shown = [item.text(1) for item in w.outline._heading_items]
    assert shown == [f"{n}字" for n in section_counts(doc)]  # fresh counts, no memo
    assert shown[1] == "7字" and shown[2] != "5字" and shown[3] == "8字"
    assert w.outline.header().sectionSize(1) >= w.outline.fontMetrics().horizontalAdvance(max(shown, key=len))


def test_command_line_summary_and_drafts_list_use_the_same_count(tmp_path, capsys, monkeypatch):
    from core.__main__ import main

    text = "2025年度述职报告\n一、履职情况\n召开“三会一课”12次。\n"  # 2025 1 + 年度述职报告 6 = 7; 6; 11 → 24
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    main(["check", str(path)])
    first = capsys.readouterr().out.splitlines()[0]
    assert "，24 字）" in first
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(tmp_path / "data"))
    with Storage(tmp_path / "data" / "shuzhi.db") as s:
        draft_id = s.create_draft("稿", text)
        s.add_version(draft_id, "manual")
        assert s.list_drafts()[0].chars == 24 and s.list_versions(draft_id)[0].chars == 24
    assert main(["drafts", "list"]) == 0
    assert "     24字" in capsys.readouterr().out
    assert main(["drafts", "show", str(draft_id), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["chars"] == 24


def test_old_databases_are_recounted_by_the_migration(tmp_path):
    import sqlite3

    from core.storage import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.apply_migrations(conn, upto="0003_last_year_links")
    conn.execute("INSERT INTO drafts(id, title, created, updated, body, chars) VALUES (1, 't', 1, 1, ?, 11)",
                 ("ABC 2024年。\n",))  # len 11; Word: ABC 1, 2024 1, 年 1, 。 1 → 4
    conn.execute("INSERT INTO versions(draft_id, created, reason, chars, body) VALUES (1, 1, 'manual', 5, 'DEF党')")
    conn.close()
    with Storage(path) as s:
        assert s.list_drafts()[0].chars == 4 and s.list_versions(1)[0].chars == 2


def test_the_window_and_the_command_line_agree(qtbot, data_dir, tmp_path, capsys):
    from core.__main__ import main

    text = (ROOT / "resources" / "demo_report.txt").read_text(encoding="utf-8")
    path = tmp_path / "demo.txt"
    path.write_text(text, encoding="utf-8")
    main(["check", "--format", "json", str(path)])
    assert json.loads(capsys.readouterr().out)[0]["chars"] == len(text)  # JSON keeps the length in characters
    main(["check", str(path)])
    assert f"，{word_count(text)} 字）" in capsys.readouterr().out
    w = _window_with(qtbot, data_dir, text)
    assert w.chars_label.text() == f"字数 {format_count(word_count(text))}"


def test_outline_counts_summed_from_pieces_equal_counting_each_part_whole():
    """section_counts adds up heading lines and the text between headings; a Latin word or a
    number running across a heading's edge must not be counted twice."""
    import random

    from core.text.document import parse as parse_document
    from ui.outline_dock import section_counts

    def whole(doc):  # the plain definition: each part's own text, counted at once
        hs, out = doc.headings, []
        for i, h in enumerate(hs):
            end = next((g.start for g in hs[i + 1:] if g.level <= h.level), len(doc.text))
            out.append(word_count(doc.text[h.end:end]))
        return out

    rng = random.Random(7)
    lines = ["一、履职情况", "（一）抓班子ABC", "1.带队伍", "开展学习12次。", "谈心谈话 2024 年。", "二、存在问题",
             "（二）强基础", "（三）抓落实:ABC开展", "（四）抓班子ABC;DEF", "学习不够ABC深入", "x", "", "三、下一步打算", "2.抓落实", "Email a@b.cn"]
    for _ in range(300):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 14)))
        doc = parse_document(text)
        assert section_counts(doc) == whole(doc), text
        memo: dict[str, int] = {}
        section_counts(doc, None, memo)
        assert section_counts(doc, memo) == whole(doc)


def test_text_counter_gives_the_whole_texts_figures_after_any_edits():
    import random

    from core.text.textstats import count_paragraphs
    from core.text.wordcount import TextCounter

    rng = random.Random(3)
    lines = ["一、履职情况", "开展学习12次。", "ABC 2024年", "  ", "", "谈心谈话，走访群众。", "a@b.cn\u3000x"]
    counter = TextCounter()
    text = ""
    for _ in range(200):
        parts = text.split("\n")
        i = rng.randrange(len(parts) + 1)
        parts[i:i + rng.randint(0, 1)] = [rng.choice(lines) + rng.choice(["", "续写", "x"])]
        text = "\n".join(parts)
        assert counter.count(text) == (word_count(text), count_paragraphs(text)), text
