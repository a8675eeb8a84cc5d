"""Defects found by the issue-18 acceptance pass (qa18), each checked where the user meets it."""

from __future__ import annotations

from core.cli import main

REPORT = ("2025年度抓基层党建工作述职报告\n一、履职情况\n" + "全年召开支部党员大会12次，发展党员3名。" * 20 + "\n"
          "二、存在问题\n一是理论学习不够深入。\n三、原因分析\n一是学习抓得不紧。\n四、下一步打算\n一是制定学习计划。\n")


def _with_controls(text: str) -> str:
    return text[:20] + "\x07" + text[20:40] + "\x1b" + text[40:] + "\x08"


def test_command_line_says_stray_control_characters_were_removed(tmp_path, capsys, monkeypatch):
    path = tmp_path / "pasted.txt"
    path.write_text(_with_controls(REPORT), encoding="utf-8")
    main(["check", str(path)])
    out = capsys.readouterr()
    assert "已删除 3 个不可见的控制字符" in out.err and "pasted.txt" in out.err
    assert out.out.startswith(str(path))  # the report itself stays on stdout, unchanged
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(tmp_path / "data"))
    assert main(["drafts", "import", str(path)]) == 0
    assert "已删除 3 个不可见的控制字符" in capsys.readouterr().err


def test_close_question_after_a_failed_save_has_no_doubled_full_stop(qtbot, data_dir, monkeypatch):
    """Seen on a read-only data folder: "……请检查文件夹权限。。" in the 未保存的修改 question."""
    import errno

    import ui.drafts as drafts_pkg
    import ui.drafts.session as session_mod
    from core.storage.errors import wrap
    from tests.ui_helpers import ime_type, make_window
    from ui.drafts.session import DraftSession

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: None)
    monkeypatch.setattr(DraftSession, "ask", lambda self, title, text: asked.append((title, text)) or True)

    def fail(*_a, **_k):
        raise wrap(OSError(errno.EROFS, "Read-only file system"))

    monkeypatch.setattr(drafts_pkg, "open_storage_safely", fail)
    monkeypatch.setattr(session_mod, "open_storage_safely", fail)
    w = make_window(qtbot, data_dir, wait_ready=False)
    ime_type(w.editor, "只读文件夹里写的字。")
    w.drafts._autosave()
    w.close()
    title, text = asked[-1]
    assert title == "未保存的修改" and "只读" in text
    assert "。。" not in text


def test_fill_in_box_stays_inside_the_text_area_at_a_line_end(qtbot, data_dir):
    """A placeholder near the right edge: the 逐个填写 box was drawn under the scroll bar, its right
    side (the end of the hint "Esc 结束") cut off."""
    from tests.ui_helpers import make_window

    w = make_window(qtbot, data_dir)
    w.resize(1100, 700)
    line = "全年开展活动" * 30
    w.set_text("\n".join(line + "共XX次" for _ in range(60)))  # long lines: XX at the right of a row
    qtbot.waitUntil(lambda: w.last_report is not None
                    and sum(f.rule == "hygiene.placeholder" for f in w.last_report.findings) >= 60, timeout=20000)
    entry = [f for f in w.last_report.findings if f.rule == "hygiene.placeholder"]
    editor = w.editor
    area = editor.viewport().geometry()
    rights = []
    box = w.finding_tools.fill_in(entry)
    for _ in range(12):
        rect = editor.cursorRect(editor.textCursor())
        rights.append((rect.x(), box.geometry().right()))
        assert box.geometry().right() <= area.right() and box.geometry().left() >= area.left()
        assert box.geometry().bottom() <= area.bottom()
        box.next()
        qtbot.wait(10)
    # at least one place sat so far right that the box had to be moved left to fit
    assert any(x + box.width() > area.width() for x, _ in rights)
    box.stop()


def test_open_containing_folder_says_where_the_file_is_when_no_file_manager_opens(qtbot, tmp_path, monkeypatch):
    """打开所在文件夹 on a desk with no file manager (QDesktopServices.openUrl fails) did nothing at all."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    import ui.file_actions as file_actions
    from tests.ui_helpers import make_window

    w = make_window(qtbot, tmp_path / "data", wait_ready=False)
    warned = []
    w.files.warn = lambda title, text: warned.append((title, text))
    monkeypatch.setattr(file_actions, "open_folder", lambda folder: False)
    w.files.tell_exported(tmp_path / "报告.docx")
    box = next(x for x in QApplication.topLevelWidgets() if isinstance(x, QMessageBox) and x.isVisible()
               and x.windowTitle() == "导出完成")
    next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()
    assert warned and warned[0][0] == "无法打开文件夹" and str(tmp_path) in warned[0][1]


def test_open_the_backups_folder_says_where_it_is_when_no_file_manager_opens(qtbot, data_dir, monkeypatch):
    from pathlib import Path

    import ui.file_actions as file_actions
    from tests.ui_helpers import make_window
    from ui.backup_dialog import RestoreDialog

    w = make_window(qtbot, data_dir, wait_ready=False)
    told = []
    w.drafts.inform = lambda title, text: told.append((title, text))
    monkeypatch.setattr(file_actions, "open_folder", lambda folder: False)
    dialog = RestoreDialog(w.drafts, w)
    qtbot.addWidget(dialog)
    next(b for b in dialog.findChildren(type(dialog.restore_btn)) if b.text() == "打开备份文件夹").click()
    assert told and told[0][0] == "无法打开文件夹" and str(Path(data_dir) / "backups") in told[0][1]


def test_a_file_handed_over_while_a_dialog_is_open_waits_for_the_dialog(qtbot, data_dir, tmp_path):
    """Explorer opens a file while 导出 Word (or 草稿属性, 历史版本 …) is open for the current draft: the
    hand-over switched drafts under the dialog, so 导出 then wrote the new file's text under the old
    draft's title. The new draft now opens when the dialog is closed; a notice from reading is shown."""
    from PySide6.QtWidgets import QDialog

    from tests.ui_helpers import ime_type, make_window
    from ui.single_instance import open_from_outside

    w = make_window(qtbot, data_dir, wait_ready=False)
    ime_type(w.editor, "正在导出的草稿")
    first = w.drafts.ensure_draft()
    path = tmp_path / "双击打开的.txt"
    path.write_text(_with_controls(REPORT), encoding="utf-8")
    dialog = QDialog(w)
    dialog.setModal(True)
    dialog.show()
    open_from_outside(w, str(path))
    qtbot.wait(1500)  # the file was read long ago (a few ms); the dialog is still open
    assert w.text() == "正在导出的草稿" and w.drafts.draft_id == first
    dialog.accept()
    qtbot.waitUntil(lambda: w.text() == REPORT, timeout=10000)
    assert w.drafts.draft_id != first
    message = w.statusBar().currentMessage()
    assert "双击打开的.txt" in message and "已删除 3 个不可见的控制字符" in message


def test_command_line_usage_errors_are_in_chinese(capsys):
    import pytest

    cases = [
        (["check"], "缺少参数：PATH"),
        (["drafts", "show", "abc"], "参数 id 应为整数，“abc”不是整数"),
        (["check", "x.txt", "--format", "xml"], "参数 --format 不能取“xml”，可选：text, json"),
        (["check", "x.txt", "--bogus"], "无法识别的参数：--bogus"),
        (["check", "x.txt", "--kind"], "参数 --kind 后面缺少取值"),
    ]
    for argv, said in cases:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        err = capsys.readouterr().err
        assert exc.value.code == 2 and said in err, err
        assert "usage:" not in err and "argument" not in err and "invalid" not in err


def test_command_line_help_headings_are_in_chinese(capsys):
    import pytest

    for argv in (["--help"], ["drafts", "--help"], ["check", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        out = capsys.readouterr().out
        assert exc.value.code == 0 and out.startswith("用法：python -m core")
        assert "显示本帮助并退出" in out and "选项" in out
        assert not any(w in out for w in ("usage:", "options:", "positional arguments", "show this help"))


def test_main_py_arguments_in_chinese(capsys):
    import pytest

    from ui.app import parse_args

    with pytest.raises(SystemExit):
        parse_args(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：main.py") and "显示本帮助并退出" in out and "显示版本号并退出" in out
    with pytest.raises(SystemExit) as exc:
        parse_args(["a.txt", "b.txt"])
    assert exc.value.code == 2 and "无法识别的参数：b.txt" in capsys.readouterr().err


def test_find_counts_the_nth_match_right_after_a_character_outside_the_bmp(qtbot, data_dir):
    """"第 n / 共 m 处" used Python string indices against the document's UTF-16 positions: after a
    rare name character (𠮷, two UTF-16 units) the first match was reported as 第 2 处."""
    from PySide6.QtCore import Qt

    from tests.ui_helpers import ime_type, make_window

    w = make_window(qtbot, data_dir, wait_ready=False)
    w.set_text("𠮷某同志抓党建。又抓党建。再抓党建。")
    next(a for a in w.findChildren(type(w.files.act_export)) if a.text().startswith("查找/替换")).trigger()
    dialog = w._find_dialog
    ime_type(dialog.find_edit, "党建")
    said = []
    for _ in range(4):
        qtbot.keyClick(dialog.find_edit, Qt.Key.Key_Return)
        said.append(dialog.status.text())
    assert said == ["第 1 / 共 3 处", "第 2 / 共 3 处", "第 3 / 共 3 处", "第 1 / 共 3 处"]
    dialog.close()


def test_findings_after_a_character_outside_the_bmp_are_placed_on_their_own_text(qtbot, data_dir):
    """Findings count Python characters, the editor UTF-16 units: after a rare name character (𠮷,
    two units) every selection, mark, 逐个填写 place and outline jump was off, and 改为… replaced
    the wrong characters (the user's words)."""
    from tests.ui_helpers import make_window

    w = make_window(qtbot, data_dir)
    text = ("2025年度述职报告\n一、履职情况\n𠮷𠮷𠮷同志带头做到“两个维户”，全年召开支委会XX次。\n"
            "二、存在问题\n一是学习不够深入。\n")
    w.set_text(text)
    qtbot.waitUntil(lambda: w.last_report is not None and w.last_report.text == text
                    and any(f.rule == "formulation.variant" for f in w.last_report.findings), timeout=20000)
    findings = w.last_report.findings
    xx = next(f for f in findings if f.rule == "hygiene.placeholder")
    w.editor.select_finding(xx)
    assert w.editor.textCursor().selectedText() == "XX"
    box = w.finding_tools.fill_in([xx])
    assert "第 1 / 共 1 处" in box.label.text()
    box.stop()
    heading = text.index("二、存在问题")
    w._jump_to(heading)
    assert w.editor.textCursor().block().text() == "二、存在问题"
    variant = next(f for f in findings if f.rule == "formulation.variant")
    assert w.editor.apply_suggestion(variant)
    assert w.text() == text.replace("两个维户", "两个维护")


def test_korean_euc_kr_text_is_refused_not_imported_as_hanzi(tmp_path, capsys):
    """EUC-KR Hangul lands on common GB2312 hanzi, so it was imported as "救崇窍技夸 焊绊辑涝聪促"."""
    korean = tmp_path / "보고서.txt"
    korean.write_bytes(("안녕하세요. 올해 업무 보고서입니다. 회의를 열두 번 열었습니다.\n" * 10).encode("euc_kr"))
    assert main(["check", str(korean)]) == 2
    assert "韩文 EUC-KR" in capsys.readouterr().err
    chinese = tmp_path / "gbk.txt"
    chinese.write_bytes(REPORT.encode("gbk"))  # a GBK report still reads
    main(["check", str(chinese)])
    assert capsys.readouterr().out.startswith(str(chinese))
