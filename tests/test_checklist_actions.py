"""The checklist acts (issue 18): a grouped placeholder row 逐个填写 / 全部定位, 忽略此规则 says
what it did and for which drafts, 恢复已忽略的问题 restores both scopes, summary rows lead to
their places, and a new skeleton shows grey 待填写."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui_helpers import ime_type, make_window

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")
XX_TEXT = "2025年度述职报告\n一、履职情况\n" + "我们组织学习XX次，开展活动XX场。\n" * 3


def render(qtbot, w, action, timeout=15000):
    with qtbot.waitSignal(w.report_rendered, timeout=timeout, check_params_cb=lambda r: r.text == w.text()):
        action()
    return w.last_report


def placeholder_row(w):
    return next(r for r in w.checklist.finding_items() if "「XX」" in r.text(0))


def test_fill_in_steps_through_each_placeholder_and_undoes_one_at_a_time(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(XX_TEXT))
    row = placeholder_row(w)
    assert "×6" in row.text(0)
    w.checklist.findings.setCurrentItem(row)
    bar = w.checklist.group_bar
    assert bar.isVisibleTo(w) and bar.fill_button.isVisibleTo(w) and "共 6 处" in bar.label.text()
    qtbot.mouseClick(bar.fill_button, Qt.MouseButton.LeftButton)
    box = w.finding_tools.fill_box
    assert box is not None and box.isVisible()
    assert w.editor.textCursor().selectedText() == "XX" and "第 1 / 共 6 处" in box.label.text()
    first = w.editor.textCursor().selectionStart()
    assert first == XX_TEXT.index("XX")
    ime_type(box.edit, "十二")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert "学习十二次" in w.text() and "第 2 / 共 6 处" in box.label.text()
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)  # empty: skip the second
    qtbot.keyClicks(box.edit, "30")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    line2 = w.text().split("\n")[3]
    assert w.text().split("\n")[2] == "我们组织学习十二次，开展活动XX场。" and line2 == "我们组织学习30次，开展活动XX场。"
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert not box.isVisible() and w.finding_tools.fill_box is None
    assert "已填写 2 / 共 6 处" in w.statusBar().currentMessage()
    w.editor.undo()  # one step per replacement
    assert w.text().split("\n")[3] == "我们组织学习XX次，开展活动XX场。" and "学习十二次" in w.text()
    w.editor.undo()
    assert w.text() == XX_TEXT


def test_fill_in_stops_after_the_last_place(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = "2025年度述职报告\n一、履职情况\n组织学习XX次，开展活动XX场。\n"
    render(qtbot, w, lambda: w.set_text(text))
    box = w.finding_tools.fill_in(w.checklist.entry_of(placeholder_row(w)))
    for value in ("5", "6"):
        qtbot.keyClicks(box.edit, value)
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert "组织学习5次，开展活动6场。" in w.text() and not box.isVisible()
    assert "已填写 2 / 共 2 处" in w.statusBar().currentMessage()


def test_locate_all_marks_every_place_and_escape_clears(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(XX_TEXT))
    w.checklist.findings.setCurrentItem(placeholder_row(w))
    qtbot.mouseClick(w.checklist.group_bar.locate_button, Qt.MouseButton.LeftButton)
    assert w.editor.located_count == 6
    located = [s for s in w.editor.extraSelections() if s.cursor.selectedText() == "XX"
               and s.format.background().color().name() == "#ffd54f"]
    assert len(located) == 6
    assert "共 6 处" in w.statusBar().currentMessage()
    w.editor.setFocus()
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert w.editor.located_count == 0


def test_context_menu_of_a_grouped_row_offers_fill_locate_and_ignore(qtbot, data_dir):
    from ui.checklist_tools import entry_menu

    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(XX_TEXT))
    menu = entry_menu(w.checklist, w.checklist.entry_of(placeholder_row(w)), w)
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "逐个填写…" and texts[1] == "全部定位（共 6 处）"
    assert any(t.startswith("忽略此规则（占位符）") for t in texts)


def test_ignore_rule_says_what_it_did_and_scope_all_drafts_is_kept(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    report = render(qtbot, w, lambda: w.set_text(XX_TEXT))
    assert sum(1 for f in report.findings if f.rule == "hygiene.placeholder") == 6
    report = render(qtbot, w, lambda: w.checklist.ignore_rule_requested.emit("hygiene.placeholder", "all"))
    assert not any(f.rule == "hygiene.placeholder" for f in report.findings)
    msg = w.statusBar().currentMessage()
    assert msg == "已忽略“占位符”，共 6 处（所有草稿）；在 编辑 → 恢复已忽略的问题 中恢复"
    # Another draft (a new document) still ignores it; a new window too.
    report = render(qtbot, w, lambda: w.new_document(XX_TEXT + "再写一段。\n"))
    assert not any(f.rule == "hygiene.placeholder" for f in report.findings)
    w.close()
    w2 = make_window(qtbot, data_dir)
    assert "hygiene.placeholder" in w2.ignores.all_drafts
    report = render(qtbot, w2, lambda: w2.set_text(XX_TEXT))
    assert not any(f.rule == "hygiene.placeholder" for f in report.findings)
    # 编辑 → 恢复已忽略的问题 brings it back, for all drafts.
    edit = next(m for m in w2.menuBar().actions() if m.text().startswith("编辑"))
    restore = next(a for a in edit.menu().actions() if a.text() == "恢复已忽略的问题")
    report = render(qtbot, w2, restore.trigger)
    assert sum(1 for f in report.findings if f.rule == "hygiene.placeholder") == 6
    assert "所有草稿 1 条规则" in w2.statusBar().currentMessage()
    assert not w2.ignores.all_drafts


def test_ignore_rule_for_this_draft_only(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(XX_TEXT))
    report = render(qtbot, w, lambda: w.editor.ignore_rule.emit("hygiene.placeholder"))
    assert not any(f.rule == "hygiene.placeholder" for f in report.findings)
    assert "（仅本草稿）" in w.statusBar().currentMessage() and "共 6 处" in w.statusBar().currentMessage()
    assert not w.ignores.all_drafts
    report = render(qtbot, w, lambda: w.new_document(XX_TEXT + "另一份。\n"))  # another draft
    assert any(f.rule == "hygiene.placeholder" for f in report.findings)


def test_restore_brings_back_both_scopes(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = XX_TEXT + "我们高度重视，狠抓落实。\n"
    render(qtbot, w, lambda: w.set_text(text))
    render(qtbot, w, lambda: w.ignoring.ignore_rule("hygiene.placeholder", "draft"))
    render(qtbot, w, lambda: w.ignoring.ignore_rule("boilerplate.cliche", "all"))
    assert w.ignoring.count() == (1, 1)
    report = render(qtbot, w, w.act_clear_ignores.trigger)
    assert any(f.rule == "hygiene.placeholder" for f in report.findings)
    assert w.ignoring.count() == (0, 0)
    assert w.statusBar().currentMessage() == "已恢复已忽略的问题：本草稿 1 项、所有草稿 1 条规则"


def test_summary_row_lists_its_places_and_jumps_to_them(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    problems = ("二、存在问题\n一是理论学习不够深入，学用结合不紧。\n二是基层调研次数偏少，掌握情况不全面。\n"
                "三是党员教育管理方式单一，吸引力不强。\n")
    plans = "三、下一步打算\n一是加强理论学习，做到学用结合，每月集中学习一次。\n"
    head = CLEAN.split("二、")[0] if "二、" in CLEAN else CLEAN
    report = render(qtbot, w, lambda: w.set_text(head + problems + plans))
    unmatched = [f for f in report.findings if f.rule == "substance.problem_without_measure"]
    assert len(unmatched) >= 1
    rows = [w.checklist.sections.topLevelItem(i) for i in range(w.checklist.sections.topLevelItemCount())]
    row = next(r for r in rows if "未见对应措施" in r.text(0))
    places = [row.child(i) for i in range(row.childCount()) if row.child(i).text(0).startswith("→")]
    assert len(places) == len({(f.start, f.end) for f in unmatched})
    seen = []
    w.checklist.finding_activated.connect(seen.append)
    w.checklist.sections.itemClicked.emit(places[-1], 0)
    assert seen and seen[-1].rule == "substance.problem_without_measure"
    cur = w.editor.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) == (seen[-1].start, seen[-1].end)


def test_summary_line_counts_are_links(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    render(qtbot, w, lambda: w.set_text(XX_TEXT))
    assert "href='error'" in w.checklist.summary.text()
    errors = {(f.start, f.end) for f in w.last_report.findings if f.severity.value == "error"}
    w.checklist.summary.linkActivated.emit("error")
    assert w.checklist.filter.currentText() == "只看错误"
    cur = w.editor.textCursor()
    assert (cur.selectionStart(), cur.selectionEnd()) in errors


def test_new_skeleton_shows_grey_to_fill_in(qtbot, data_dir):
    from core.analysis.templates import report_skeleton
    from ui.marks import STATUS_COLORS

    w = make_window(qtbot, data_dir)
    skeleton = report_skeleton(w.lexicon.kind("shuzhi"), 2025, "某单位", "张三")
    report = render(qtbot, w, lambda: w.create_report(skeleton, {"kind": "shuzhi"}))
    assert not [f for f in report.findings if f.severity.value in ("error", "warning")]
    assert [f.message for f in report.findings if f.rule == "structure.empty_section"][0] == "“履职情况”待填写。"
    rows = [w.checklist.sections.topLevelItem(i) for i in range(w.checklist.sections.topLevelItemCount())]
    todo = [r for r in rows if "待填写" in r.text(0)]
    assert len(todo) >= 4
    grey = STATUS_COLORS["todo"].name()
    assert all(r.foreground(0).color().name() == grey and r.text(0).startswith("○") for r in todo)
    assert not [r for r in todo if r.childCount() and r.child(0).text(0).startswith("→ 全部定位")]
    todo_rows = [r for r in w.checklist.finding_items() if "待填写" in r.text(0)]
    assert len(todo_rows) == 4 and all(r.foreground(0).color().name() == grey for r in todo_rows)
    # Nothing red, nothing green but the written opening.
    green = [r.text(0) for r in rows if r.foreground(0).color().name() == STATUS_COLORS["pass"].name()]
    assert all("开头" in t or "开篇" in t or "字" in t for t in green), green
    assert not [r for r in rows if r.text(0).startswith("✘")]
    QApplication.processEvents()


def test_part_findings_are_margin_markers_not_marks(qtbot, data_dir):
    """A missing part and a whole-part finding sit in the margin beside the heading / at the
    gap, not painted on the text; a click on the marker shows the finding."""
    from ui.part_margin import about_a_part

    w = make_window(qtbot, data_dir)
    text = CLEAN.split("四、原因分析")[0] + "五、下一步打算" + CLEAN.split("五、下一步打算")[1]
    report = render(qtbot, w, lambda: w.set_text(text))
    missing = next(f for f in report.findings if f.rule == "structure.missing_section")
    assert about_a_part(missing)
    painted = [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in w.editor.extraSelections()]
    assert (missing.start, missing.end) not in painted
    markers = dict(w.part_margin.markers())
    block = next(b for b, found in markers.items() if missing in found)
    # The gap is where the part belongs: the line of 五、下一步打算, after 存在问题.
    assert w.editor.document().findBlockByNumber(block).text().startswith("五、下一步打算")
    cur = w.editor.textCursor()
    cur.setPosition(w.editor.document().findBlockByNumber(block).position())
    w.editor.setTextCursor(cur)
    w.editor.centerCursor()
    rect = w.part_margin.marker_rect(block)
    assert rect is not None and w.part_margin.marker_at(rect.center()) == markers[block]
    shown = []
    w.part_margin.clicked.connect(shown.append)
    qtbot.mouseClick(w.part_margin, Qt.MouseButton.LeftButton, pos=rect.center())
    assert shown and missing in shown[-1]
    popup = w.part_margin.popup
    assert popup is not None and popup.isVisible() and "原因分析" in popup.label.text()
    popup.close()
    # Markers follow edits above them until the next analysis.
    cur = w.editor.textCursor()
    cur.setPosition(0)
    w.editor.setTextCursor(cur)
    render(qtbot, w, lambda: ime_type(w.editor, "新的一行\n"))
    moved = next(b for b, found in w.part_margin.markers() if any(f.rule == "structure.missing_section" for f in found))
    assert moved == block + 1


def test_skeleton_parts_have_markers_beside_their_headings(qtbot, data_dir):
    from core.analysis.templates import report_skeleton

    w = make_window(qtbot, data_dir)
    skeleton = report_skeleton(w.lexicon.kind("shuzhi"), 2025)
    render(qtbot, w, lambda: w.create_report(skeleton, {"kind": "shuzhi"}))
    doc = w.editor.document()
    heads = [doc.findBlockByNumber(b).text() for b, _f in w.part_margin.markers()]
    assert {"一、履职情况", "二、存在问题", "三、原因分析", "四、下一步打算"} <= set(heads)
    # …and the headings are not underlined.
    assert not [s for s in w.editor.extraSelections() if "、" in s.cursor.selectedText()]


def test_ignore_scopes_with_drafts_stored(qtbot, data_dir):
    """本草稿: stored with that draft only; 所有草稿: every draft, also after a restart."""
    from ui.drafts import install_drafts

    w = make_window(qtbot, data_dir)
    s = install_drafts(w)
    s.delay_ms = 50
    ime_type(w.editor, XX_TEXT + "我们高度重视，狠抓落实。\n")
    qtbot.waitUntil(lambda: s.draft_id is not None and w.last_report is not None
                    and w.last_report.text == w.text(), timeout=15000)
    first = s.draft_id
    render(qtbot, w, lambda: w.ignoring.ignore_rule("hygiene.placeholder", "draft"))
    qtbot.waitUntil(lambda: [i.rule for i in s.storage.list_ignores(first)] == ["hygiene.placeholder"], timeout=5000)
    s.new_draft()
    ime_type(w.editor, XX_TEXT)
    qtbot.waitUntil(lambda: s.draft_id not in (None, first) and w.last_report is not None
                    and w.last_report.text == w.text(), timeout=15000)
    assert any(f.rule == "hygiene.placeholder" for f in w.last_report.findings)  # not ignored here
    second = s.draft_id
    render(qtbot, w, lambda: w.ignoring.ignore_rule("hygiene.placeholder", "all"))
    assert s.storage.list_ignores(second) == []  # all drafts: not a row of this draft
    w.close()
    w2 = make_window(qtbot, data_dir)
    s2 = install_drafts(w2)
    assert w2.ignores.all_drafts == {"hygiene.placeholder"}
    assert s2.open_draft(first)
    assert "hygiene.placeholder" in w2.ignores.rules and "hygiene.placeholder" in w2.ignores.all_drafts
    report = render(qtbot, w2, w2.act_clear_ignores.trigger)
    assert any(f.rule == "hygiene.placeholder" for f in report.findings)
    qtbot.waitUntil(lambda: s2.storage.list_ignores(first) == [], timeout=5000)
    assert not (data_dir / "ignored_rules.json").read_text(encoding="utf-8").count("hygiene")


def test_passing_rows_that_count_places_mark_them_all(qtbot, data_dir):
    """"20 处具体数字" / "“我/本人”出现 15 次": a child row marks every one of them."""
    w = make_window(qtbot, data_dir)
    report = render(qtbot, w, lambda: w.set_text(CLEAN))
    rows = [w.checklist.sections.topLevelItem(i) for i in range(w.checklist.sections.topLevelItemCount())]
    import re

    for item_id in ("figures", "first_person"):
        item = next(c for c in report.checklist if c.id == item_id)
        n = int(re.search(r"\d+", item.message).group())
        row = next(r for r in rows if r.text(0).endswith(item.message))
        child = row.child(0)
        assert child.text(0).startswith("→ 全部定位")
        w.checklist.sections.itemClicked.emit(child, 0)
        assert w.editor.located_count == n
        assert f"共 {n} 处" in w.statusBar().currentMessage()


def test_margin_popup_ignores_the_rule_for_this_draft(qtbot, data_dir):
    from PySide6.QtWidgets import QToolButton

    w = make_window(qtbot, data_dir)
    text = CLEAN.split("四、原因分析")[0] + "五、下一步打算" + CLEAN.split("五、下一步打算")[1]
    render(qtbot, w, lambda: w.set_text(text))
    block, found = next((b, f) for b, f in w.part_margin.markers()
                        if any(g.rule == "structure.missing_section" for g in f))
    popup = w.part_margin.show_popup(found)
    button = next(b for b in popup.findChildren(QToolButton) if "缺少部分" in b.text())
    this_draft = next(a for a in button.menu().actions() if a.text() == "仅本草稿")
    report = render(qtbot, w, this_draft.trigger)
    assert not popup.isVisible()
    assert not any(f.rule == "structure.missing_section" for f in report.findings)
    assert not any(any(f.rule == "structure.missing_section" for f in fs) for _b, fs in w.part_margin.markers())
    assert w.statusBar().currentMessage().startswith("已忽略“缺少部分”，共 1 处（仅本草稿）")
