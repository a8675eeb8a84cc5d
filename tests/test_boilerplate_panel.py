"""The 套话与重复 group in the window: one row per repeated phrase with its count, clicking cycles
through the occurrences; density per section under the checklist item; a distinct mark colour."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui_helpers import make_window
from ui.marks import BOILERPLATE_COLOR

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")
SLOGAN = "持续巩固拓展主题教育成果"
REPEATED = CLEAN.replace("（一）带头抓思想武装。", f"（一）带头抓思想武装。我注重{SLOGAN}。") \
    .replace("（二）带头抓责任落实。", f"（二）带头抓责任落实。我注重{SLOGAN}。") \
    .replace("（三）带头抓基本制度。", f"（三）带头抓基本制度。我注重{SLOGAN}。")


def render(qtbot, w, action, timeout=15000):
    with qtbot.waitSignal(w.report_rendered, timeout=timeout, check_params_cb=lambda r: r.text == w.text()):
        action()
    return w.last_report


def click(qtbot, tree, item):
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def test_repeated_phrase_has_one_row_and_clicks_cycle(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    report = render(qtbot, w, lambda: w.set_text(REPEATED))
    hits = [f for f in report.findings if f.rule == "boilerplate.repetition"]
    assert len(hits) == 3 and len({f.data["group"] for f in hits}) == 1
    rows = [it for it in w.checklist.finding_items() if "×3" in it.text(0)]
    assert len(rows) == 1
    seen = []
    for _ in range(4):
        click(qtbot, w.checklist.findings, rows[0])
        seen.append(w.editor.textCursor().selectionStart())
    starts = sorted(f.start for f in hits)
    assert seen[:3] == starts and seen[3] == starts[0]
    # The marks of this group use the 套话与重复 colour.
    sel = next(s for s in w.editor.extraSelections() if s.cursor.selectionStart() == starts[0])
    assert sel.format.underlineColor() == BOILERPLATE_COLOR


def test_cliche_density_per_section_is_listed(qtbot, data_dir):
    w = make_window(qtbot, data_dir)
    text = CLEAN.replace("三、存在问题", "我始终高度重视，认真贯彻，狠抓落实，推动工作再上新台阶。\n三、存在问题")
    report = render(qtbot, w, lambda: w.set_text(text))
    item = next(c for c in report.checklist if c.id == "cliche_density")
    assert any("履职情况" in d for d in item.details)
    tree = w.checklist.sections
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if "套话" in tree.topLevelItem(i).text(0))
    assert any("履职情况：每千字" in row.child(j).text(0) for j in range(row.childCount()))
