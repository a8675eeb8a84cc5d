"""Drafts in the window (issue 7): autosave in a worker, reopen, versions, 草稿箱 search and
commands, 回收站, ignores kept with the draft, save failures, a damaged database, a second window.
Every dialog of the session goes through hooks replaced here, so nothing modal ever blocks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from core.storage import DB_NAME, Storage, StorageError
from core.storage.errors import MESSAGES
from core.text.wordcount import word_count
from tests.ui_helpers import ime_type, make_window
from ui.drafts import install_drafts, show_properties, show_versions
from ui.drafts.drafts_dock import HTML_ROLE, LINES_ROLE
from ui.drafts.session import READ_ONLY_STATUS, DraftSession
from ui.drafts.versions_dialog import diff_html

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")
FAST = 150  # autosave delay (ms) where the test is not about the delay itself


class Dialogs:
    """What the session asked and told; the answers the 'user' gives."""

    def __init__(self) -> None:
        self.informed: list[tuple[str, str]] = []
        self.asked: list[tuple[str, str]] = []
        self.answer = True
        self.texts: list[str | None] = []
        self.ints: list[tuple[int, int | None]] = []  # (default offered, answer; None = accept it)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch) -> Dialogs:
    d = Dialogs()

    def ask(self, title, text):
        d.asked.append((title, text))
        return d.answer

    def get_int(self, title, label, value, lo, hi):
        answer = d.ints.pop(0)[1] if d.ints else None
        d.ints.append((value, answer))
        return value if answer is None else answer

    monkeypatch.setattr(DraftSession, "ask", ask)
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: d.informed.append((title, text)))
    monkeypatch.setattr(DraftSession, "get_text", lambda self, title, label, text="": d.texts.pop(0))
    monkeypatch.setattr(DraftSession, "get_int", get_int)
    return d


def open_window(qtbot, data_dir, wait_ready=False, delay=FAST):
    w = make_window(qtbot, data_dir, wait_ready=wait_ready)
    s = install_drafts(w)  # idempotent: MainWindow may already have installed it
    s.delay_ms = delay
    return w, s


def show_dock(s):
    s.dock.show()
    s.dock.raise_()
    panel = s.dock.widget()
    panel.refresh()
    return panel


def db(data_dir) -> Storage:
    return Storage(Path(data_dir) / DB_NAME)


def type_at_end(w, text):
    w.editor.moveCursor(QTextCursor.MoveOperation.End)
    ime_type(w.editor, text)


def wait_saved(qtbot, s, timeout=5000):
    qtbot.waitUntil(lambda: s.draft_id is not None and not s.dirty and not s._saving, timeout=timeout)


def test_typing_is_autosaved_within_two_and_a_half_seconds(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir, delay=2000)
    assert s.draft_id is None and not (Path(data_dir) / DB_NAME).stat().st_size == 0
    ime_type(w.editor, "2025年度抓基层党建工作述职报告\n根据安排，现将履职情况报告如下。")
    assert w.save_label.text() == "有未保存的修改" and w.windowTitle().endswith(" *")
    # Saved by the timer alone (the 2 s delay itself is measured in bench/bench_autosave_ui.py).
    with db(data_dir) as other:
        qtbot.waitUntil(lambda: [d.chars for d in other.list_drafts()] == [word_count(w.text())], timeout=10000)
        draft = other.get_draft(other.list_drafts()[0].id)
    assert draft.body == w.text() and draft.title == "2025年度抓基层党建工作述职报告" and draft.year == 2025
    qtbot.waitUntil(lambda: w.save_label.text().startswith("已保存 "))
    assert w.windowTitle() == "述职助手 — 2025年度抓基层党建工作述职报告"
    assert s.save_seconds  # the save ran in the worker thread


def test_continuous_typing_saves_at_least_every_max_wait_with_auto_snapshots(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir, delay=400)
    s.max_wait_ms = 700
    s.snapshot_interval = 0  # every save may take an 自动快照
    t0 = time.monotonic()
    while time.monotonic() - t0 < 1.6:  # a key every 100 ms: the 400 ms pause never comes
        type_at_end(w, "字")
        qtbot.wait(100)
    assert s.draft_id is not None and len(s.save_seconds) >= 1  # saved while typing went on
    assert s.dirty
    wait_saved(qtbot, s)  # and once more after the pause
    assert s.storage.get_draft(s.draft_id).body == w.text()
    versions = s.storage.list_versions(s.draft_id)
    assert versions and {v.reason_label for v in versions} == {"自动快照"}


def test_close_and_reopen_restores_last_draft_text_and_cursor(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir, delay=10**6)  # only the flush on close saves
    ime_type(w.editor, CLEAN)
    cur = w.editor.textCursor()
    cur.setPosition(57)
    w.editor.setTextCursor(cur)
    w.close()  # flushes synchronously, releases the lock
    assert s._closed
    w2, s2 = open_window(qtbot, data_dir)
    assert w2.text() == CLEAN and w2.editor.textCursor().position() == 57
    assert s2.draft_id == s.draft_id and not s2.read_only and not s2.dirty
    # The daily backup is made in the worker once there are drafts.
    qtbot.waitUntil(lambda: any((Path(data_dir) / "backups").glob("shuzhi-*.db")), timeout=5000)
    # An unchanged start does not create empty drafts.
    w2.close()
    w3, _s3 = open_window(qtbot, data_dir)
    with db(data_dir) as other:
        assert len(other.list_drafts()) == 1


def test_ctrl_s_saves_a_manual_version(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir)
    ime_type(w.editor, "第一稿：我主持召开支部委员会会议。")
    w.activateWindow()
    w.editor.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: s.draft_id is not None and bool(s.storage.list_versions(s.draft_id)), timeout=5000)
    versions = s.storage.list_versions(s.draft_id)
    assert [v.reason_label for v in versions] == ["手动保存"]
    assert s.storage.get_version(versions[0].id).body == w.text()
    qtbot.waitUntil(lambda: not s.dirty and w.save_label.text().startswith("已保存"))


def test_versions_dialog_restores_old_text_with_a_safety_snapshot(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir)
    first = "第一稿：全年开展主题党日活动12次。"
    ime_type(w.editor, first)
    s.save_version()
    qtbot.waitUntil(lambda: s.draft_id is not None and len(s.storage.list_versions(s.draft_id)) == 1, timeout=5000)
    s.replace_text("第二稿：全年开展主题党日活动15次，覆盖党员200人。")
    dialog = show_versions(s)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 1
    assert "line-through" in dialog.preview.toHtml() or "12" in dialog.preview.toPlainText()
    assert dialog.restore_selected()
    assert w.text() == first and not s.dirty
    reasons = [v.reason_label for v in s.storage.list_versions(s.draft_id)]
    assert sorted(reasons) == ["恢复前", "手动保存"]
    before = next(v for v in s.storage.list_versions(s.draft_id) if v.reason == "before_restore")
    assert s.storage.get_version(before.id).body.startswith("第二稿")
    assert s.storage.get_draft(s.draft_id).body == first
    assert dialog.list.topLevelItemCount() == 2
    w.editor.undo()  # one undoable edit: the text before restoring comes back
    assert w.text().startswith("第二稿")


def test_diff_preview_marks_changes_on_50000_chars():
    html = diff_html("甲乙丙\n不变的段落\n旧句子", "甲乙丁\n不变的段落\n新句子\n加的段")
    assert "line-through" in html and "丙" in html and "丁" in html and "加的段" in html
    assert diff_html("同样", "同样") == "<p>此版本与当前文本相同。</p>"
    paras = [f"第{i}段：我主持召开支部委员会会议，研究部署党建工作任务，推动问题整改落实到位。" for i in range(1200)]
    old = "\n".join(paras)
    new_paras = list(paras)
    new_paras[10] = new_paras[10].replace("研究", "认真研究")
    del new_paras[500]
    new_paras.insert(900, "新增的一段内容。")
    html = diff_html(old, "\n".join(new_paras))
    assert len(old) > 50000
    assert "认真" in html and "新增的一段内容" in html and "省略" in html


def _seed(data_dir):
    with db(data_dir) as other:
        a = other.create_draft("2024年度述职报告", "2024年度述职报告\n今年我们坚持落实组织生活制度，按月收缴党费。",
                               year=2024, now=1000)
        b = other.create_draft("党建工作总结", "全年开展主题党日活动12次。", kind="zongjie", now=2000)
    return a, b


def test_drafts_dock_lists_searches_and_opens(qtbot, data_dir):
    a, b = _seed(data_dir)
    w, s = open_window(qtbot, data_dir)
    panel = show_dock(s)
    assert panel.listed_ids() == [b, a]  # newest first
    title, sub, bold = panel.tree.topLevelItem(1).data(0, LINES_ROLE)
    assert title == "2024年度述职报告" and "2024年" in sub and "书记述职报告" in sub and not bold
    panel.search.setText("组织生活")  # 4 characters: full-text search
    qtbot.waitUntil(lambda: panel.listed_ids() == [a], timeout=2000)
    rich = panel.tree.topLevelItem(0).data(0, HTML_ROLE)
    assert "<b style=\"color:#c5221f\">组织生活</b>" in rich  # the match is highlighted
    panel.search.setText("党费")  # 2 characters: LIKE
    qtbot.waitUntil(lambda: panel.listed_ids() == [a], timeout=2000)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: s.draft_id == a)
    assert w.text().startswith("2024年度述职报告\n今年") and w.windowTitle() == "述职助手 — 2024年度述职报告"
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.listed_ids() == [b, a], timeout=2000)
    assert panel.tree.topLevelItem(1).data(0, LINES_ROLE)[2]  # the open draft is in bold
    type_at_end(w, "补充一句。")  # an autosave moves its row to the top
    qtbot.waitUntil(lambda: panel.listed_ids() == [a, b], timeout=3000)
    assert "今天" in panel.tree.topLevelItem(0).data(0, LINES_ROLE)[1]


def test_rename_and_duplicate_for_a_new_year(qtbot, data_dir, dialogs):
    a, _b = _seed(data_dir)
    w, s = open_window(qtbot, data_dir)
    panel = show_dock(s)
    assert s.open_draft(a)
    panel.select_id(a)
    dialogs.texts.append("2024年度抓基层党建工作述职报告")
    assert panel.rename_selected()
    assert s.storage.get_draft(a).title == "2024年度抓基层党建工作述职报告"
    assert w.windowTitle() == "述职助手 — 2024年度抓基层党建工作述职报告"
    assert panel.tree.topLevelItem(0).text(0) == "2024年度抓基层党建工作述职报告"
    panel.select_id(a)
    new_id = panel.duplicate_selected()
    assert dialogs.ints == [(2025, None)]  # offered the draft's year + 1
    assert new_id is not None and s.draft_id == new_id
    copy = s.storage.get_draft(new_id)
    assert copy.year == 2025 and copy.title == "2025年度抓基层党建工作述职报告"
    assert w.text().startswith("2025年度述职报告")
    assert s.storage.get_draft(a).body.startswith("2024年度述职报告")


def test_delete_recycle_restore_and_empty(qtbot, data_dir, dialogs):
    a, b = _seed(data_dir)
    w, s = open_window(qtbot, data_dir)
    panel = show_dock(s)
    s.open_draft(a)
    panel.select_id(a)
    assert panel.delete_selected()
    assert panel.listed_ids() == [b]
    assert s.draft_id is None and w.text() == ""  # the open draft went to the 回收站
    panel.bin_button.setChecked(True)
    assert panel.listed_ids() == [a] and panel.buttons["restore"].isVisibleTo(panel)
    panel.select_id(a)
    assert panel.restore_selected()
    assert panel.listed_ids() == []
    panel.bin_button.setChecked(False)
    assert sorted(panel.listed_ids()) == sorted([a, b])
    panel.select_id(b)
    assert panel.delete_selected()
    panel.bin_button.setChecked(True)
    dialogs.answer = False
    assert panel.empty_bin() == 0 and panel.listed_ids() == [b]
    dialogs.answer = True
    assert panel.empty_bin() == 1
    assert panel.listed_ids() == [] and s.storage.get_draft(b) is None
    assert s.storage.get_draft(a) is not None
    assert [t for t, _ in dialogs.asked] == ["清空回收站", "清空回收站"]


def test_ignored_findings_are_kept_with_the_draft(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir, wait_ready=True)
    text = CLEAN.replace("全年组织集中学习12次", "全年组织集中学习XX次")

    def has_placeholder():
        r = w.last_report
        return r is not None and r.text == w.text() and any(f.rule == "hygiene.placeholder" for f in r.findings)

    ime_type(w.editor, text)
    qtbot.waitUntil(has_placeholder, timeout=15000)
    f = next(f for f in w.last_report.findings if f.rule == "hygiene.placeholder")
    w.editor.ignore_here.emit(f)
    w.editor.ignore_rule.emit("boilerplate.cliche")
    qtbot.waitUntil(lambda: s.draft_id is not None and len(s.storage.list_ignores(s.draft_id)) == 2, timeout=5000)
    rows = {(i.rule, i.text, i.occurrence) for i in s.storage.list_ignores(s.draft_id)}
    assert rows == {("hygiene.placeholder", "XX", 0), ("boilerplate.cliche", None, None)}
    w.close()
    w2, s2 = open_window(qtbot, data_dir, wait_ready=True)
    assert w2.text() == text
    assert "boilerplate.cliche" in w2.ignores.rules
    assert any(key[:2] == ("hygiene.placeholder", "XX") for key in w2.ignores.places)
    qtbot.waitUntil(lambda: w2.last_report is not None and w2.last_report.text == w2.text(), timeout=15000)
    assert not any(f.rule in ("hygiene.placeholder", "boilerplate.cliche") for f in w2.last_report.findings)


def test_save_failure_is_shown_keeps_text_and_retries(qtbot, data_dir, monkeypatch):
    w, s = open_window(qtbot, data_dir)
    ime_type(w.editor, "第一段。")
    wait_saved(qtbot, s)

    def full(*args, **kwargs):
        raise StorageError(MESSAGES["full"], "full")

    monkeypatch.setattr(Storage, "update_draft_body", full)
    type_at_end(w, "第二段，磁盘已满时写的。")
    qtbot.waitUntil(lambda: w.save_label.text().startswith("保存失败："), timeout=5000)
    assert "磁盘空间已满" in w.save_label.text()
    assert w.text() == "第一段。第二段，磁盘已满时写的。" and w.windowTitle().endswith(" *")
    monkeypatch.undo()
    type_at_end(w, "第三段。")  # the next edit retries
    qtbot.waitUntil(lambda: w.save_label.text().startswith("已保存"), timeout=5000)
    assert s.storage.get_draft(s.draft_id).body == w.text()


def test_unwritable_data_folder_keeps_editing_and_retries(qtbot, data_dir, monkeypatch, dialogs):
    import ui.drafts
    import ui.drafts.session

    def readonly(*args, **kwargs):
        raise StorageError(MESSAGES["readonly"], "readonly")

    monkeypatch.setattr(ui.drafts, "open_storage_safely", readonly)
    monkeypatch.setattr(ui.drafts.session, "open_storage_safely", readonly)
    w, s = open_window(qtbot, data_dir)
    assert dialogs.informed and dialogs.informed[0][0] == "无法打开草稿库"
    assert w.save_label.text().startswith("保存失败：") and "只读" in w.save_label.text()
    ime_type(w.editor, "文件夹只读时输入的文字。")
    qtbot.wait(FAST * 3)
    assert w.text() == "文件夹只读时输入的文字。" and w.save_label.text().startswith("保存失败：")
    monkeypatch.undo()
    type_at_end(w, "修好了。")
    wait_saved(qtbot, s)
    assert s.storage.get_draft(s.draft_id).body == "文件夹只读时输入的文字。修好了。"


def test_damaged_database_is_moved_aside_and_the_window_works(qtbot, data_dir, dialogs):
    (Path(data_dir) / DB_NAME).write_bytes(b"this is not a database" * 500)
    w, s = open_window(qtbot, data_dir)
    assert [t for t, _ in dialogs.informed] == ["草稿库已损坏"]
    assert s.open_result.damaged and s.open_result.moved_to[0].exists()
    ime_type(w.editor, "损坏之后继续写。")
    wait_saved(qtbot, s)
    assert s.storage.get_draft(s.draft_id).body == "损坏之后继续写。"


def test_damaged_database_offers_the_newest_backup(qtbot, data_dir, dialogs):
    with db(data_dir) as other:
        a = other.create_draft("备份里的草稿", "备份里的正文。")
        other.set_setting("last_draft_id", a)
        other.daily_backup()
    (Path(data_dir) / DB_NAME).write_bytes(b"garbage" * 1000)
    for side in ("-wal", "-shm"):
        (Path(data_dir) / (DB_NAME + side)).unlink(missing_ok=True)
    w, s = open_window(qtbot, data_dir)
    assert [t for t, _ in dialogs.asked] == ["草稿库已损坏"]
    assert [t for t, _ in dialogs.informed] == ["已恢复"]
    assert s.draft_id == a and w.text() == "备份里的正文。"


def test_second_window_is_read_only(qtbot, data_dir, dialogs):
    w1, s1 = open_window(qtbot, data_dir)
    ime_type(w1.editor, "第一个窗口的草稿。")
    wait_saved(qtbot, s1)
    w2, s2 = open_window(qtbot, data_dir)
    assert s2.read_only and [t for t, _ in dialogs.informed] == ["草稿库只读"]
    assert w2.save_label.text() == READ_ONLY_STATUS
    assert w2.text() == "第一个窗口的草稿。"  # it can still read the drafts
    type_at_end(w2, "第二个窗口里的修改。")
    # Nothing is scheduled to be written (no fixed wait: under load any delay is too short).
    assert not s2._debounce.isActive() and not s2._max_wait.isActive() and not s2.worker.busy
    assert w2.save_label.text() == READ_ONLY_STATUS and w2.windowTitle().endswith(" *")
    assert s1.storage.get_draft(s1.draft_id).body == "第一个窗口的草稿。"
    w2.close()  # asks before dropping the unsaved text (the hook says yes)
    assert dialogs.asked and dialogs.asked[-1][0] == "未保存的修改"
    type_at_end(w1, "继续。")
    wait_saved(qtbot, s1)


def test_new_report_becomes_a_new_draft_and_keeps_the_old_one(qtbot, data_dir):
    from core.analysis.templates import report_skeleton

    w, s = open_window(qtbot, data_dir)
    ime_type(w.editor, "旧草稿的正文。")
    old = s.draft_id
    skeleton = report_skeleton(w.lexicon.kind("zongjie"), 2026, "某县财政局党组", "李明")
    w.create_report(skeleton, {"kind": "zongjie", "unit": "某县财政局党组", "author": "李明", "year": 2026})
    assert s.draft_id is not None and s.draft_id != old
    assert not s.dirty and w.text() == skeleton
    new = s.storage.get_draft(s.draft_id)
    assert (new.kind, new.unit, new.author, new.year) == ("zongjie", "某县财政局党组", "李明", 2026)
    assert new.body == skeleton and new.title == skeleton.split("\n")[0]
    drafts = {d.body: d for d in (s.storage.get_draft(x.id) for x in s.storage.list_drafts())}
    assert drafts["旧草稿的正文。"].kind == "shuzhi"  # the wizard's kind is not written into the old draft
    assert w.draft_meta()["unit"] == "某县财政局党组"


def test_import_into_current_draft_takes_a_version_first(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir)
    ime_type(w.editor, "导入前的文字。")
    draft_id = s.import_text("导入的新文字。", "导入", as_new_draft=False)
    assert draft_id == s.draft_id and w.text() == "导入的新文字。"
    versions = s.storage.list_versions(draft_id)
    assert [v.reason_label for v in versions] == ["导入前"]
    assert s.storage.get_version(versions[0].id).body == "导入前的文字。"
    wait_saved(qtbot, s)
    assert s.storage.get_draft(draft_id).body == "导入的新文字。"
    new_id = s.import_text("另一份文件。", "另一份", as_new_draft=True)
    assert new_id != draft_id and s.draft_id == new_id and w.text() == "另一份文件。"
    assert s.storage.get_draft(new_id).title == "另一份"


def test_properties_dialog_saves_and_sets_the_kind(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir)
    ime_type(w.editor, "一份草稿。")
    dialog = show_properties(s)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("2025年度述职")
    dialog.unit_edit.setText("第一支部")
    dialog.author_edit.setText("张三")
    dialog.year_spin.setValue(2025)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("zongjie"))
    dialog.accept()
    d = s.storage.get_draft(s.draft_id)
    assert (d.title, d.unit, d.author, d.year, d.kind) == ("2025年度述职", "第一支部", "张三", 2025, "zongjie")
    assert w.kind == "zongjie" and w.windowTitle().startswith("述职助手 — 2025年度述职")
    # The toolbar's kind is stored with the draft too.
    w.kind_combo.setCurrentIndex(w.kind_combo.findData("shuzhi"))
    qtbot.waitUntil(lambda: s.storage.get_draft(s.draft_id).kind == "shuzhi", timeout=3000)


def test_file_menu_has_the_draft_commands(qtbot, data_dir):
    w, s = open_window(qtbot, data_dir)
    texts = [a.text() for a in w.file_menu.actions()]
    i = texts.index("打开草稿箱(&D)")
    assert texts[i:i + 5] == ["打开草稿箱(&D)", "保存版本(&S)", "历史版本(&V)…", "草稿属性(&I)…", "以此为底稿新建(&Y)…"]
    assert texts[-1].startswith("退出") and i < len(texts) - 1
    assert s.act_save_version.shortcut().toString() == "Ctrl+S"
    assert s.act_drafts.shortcut().toString() == "Ctrl+Shift+O"
    s.act_drafts.trigger()
    assert s.dock.isVisible()
    # On a blank start the commands explain instead of filing empty drafts.
    s.act_save_version.trigger()
    s.act_versions.trigger()
    s.act_duplicate.trigger()
    assert s.draft_id is None and s.storage.list_drafts() == []


def test_a_refused_close_keeps_the_session_alive(qtbot, data_dir):
    from ui.main_window import MainWindow

    class Refusing(MainWindow):  # e.g. a future "export still running" check in closeEvent
        refuse = True

        def closeEvent(self, event):
            if self.refuse:
                event.ignore()
            else:
                super().closeEvent(event)

    w = Refusing(data_dir)
    qtbot.addWidget(w)
    w.show()
    s = install_drafts(w)
    s.delay_ms = FAST
    ime_type(w.editor, "关闭被拒绝。")
    assert not w.close()
    assert not s._closed and s.storage.get_draft(s.draft_id).body == "关闭被拒绝。"  # flushed anyway
    type_at_end(w, "继续写。")
    wait_saved(qtbot, s)
    w.refuse = False
    assert w.close() and s._closed
