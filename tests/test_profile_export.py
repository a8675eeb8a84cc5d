"""个人信息 (ui/profile.py) and the export dialog's 落款: 单位/述职人 of THIS draft (or the profile),
never of the last export; a date whose year agrees with the report."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from core.wordio.docx_export import ExportOptions, signature_lines
from core.wordio.signature_date import default_signature_date
from tests.ui_helpers import ime_type, make_window
from ui import export_dialog
from ui.drafts import show_properties
from ui.export_dialog import ExportDialog
from ui.new_report_dialog import NewReportDialog
from ui.profile import Profile, ProfileDialog, remember_first

D = datetime.date


@pytest.mark.parametrize(("year", "today", "expected"), [
    (2026, D(2026, 6, 15), D(2026, 6, 15)),  # this year's report: today
    (2025, D(2026, 2, 10), D(2026, 2, 10)),  # last year's, in 述职 season (Jan–Mar): today
    (2025, D(2026, 3, 31), D(2026, 3, 31)),
    (2025, D(2026, 4, 1), D(2025, 12, 31)),  # last year's, after the season: end of its year
    (2023, D(2026, 2, 10), D(2023, 12, 31)),  # an older report: end of its year
    (2027, D(2026, 11, 2), D(2027, 1, 1)),  # a report for next year: inside that year
    (None, D(2026, 5, 5), D(2026, 5, 5)),  # no year known: today
])
def test_signature_date_rule(year, today, expected):
    assert default_signature_date(year, today) == expected


def test_signature_date_year_always_agrees_with_the_report():
    for year in range(2018, 2030):
        for month in range(1, 13):
            d = default_signature_date(year, D(2026, month, 15))
            assert d.year == year or (d.year == year + 1 and d.month <= 3)


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def test_dialog_uses_this_draft_then_the_profile_never_the_last_export(qtbot, tmp_path):
    settings = _settings(tmp_path)
    first = ExportDialog(settings, "报告", 2025, "甲单位党支部", "张三")
    qtbot.addWidget(first)
    first.sign_box.setChecked(True)
    first.remember()  # the first time: 单位 and 述职人 become the profile
    assert Profile.load(settings) == Profile("甲单位党支部", "张三", "")
    other = ExportDialog(settings, "报告", 2025, "乙单位党委", "李四")
    qtbot.addWidget(other)
    assert (other.unit_edit.text(), other.author_edit.text()) == ("乙单位党委", "李四")
    other.remember()  # exporting another draft does not overwrite the profile
    blank = ExportDialog(settings, "报告", 2025)
    qtbot.addWidget(blank)
    assert (blank.unit_edit.text(), blank.author_edit.text()) == ("甲单位党支部", "张三")  # profile, not 乙/李四


def test_position_goes_into_the_signature(qtbot, tmp_path):
    settings = _settings(tmp_path)
    Profile("某县财政局机关党支部", "王五", "党支部书记").save(settings)
    dlg = ExportDialog(settings, "报告", 2023, today=D(2026, 2, 1))
    qtbot.addWidget(dlg)
    dlg.sign_box.setChecked(True)
    opts = dlg.request().options
    assert (opts.unit, opts.author, opts.position, opts.date) == ("某县财政局机关党支部", "王五", "党支部书记",
                                                                  D(2023, 12, 31))
    assert [line for line, _indent in signature_lines(opts)] == [
        "某县财政局机关党支部", "述职人：党支部书记 王五", "2023年12月31日"]
    assert [line for line, _ in signature_lines(ExportOptions(signature=True, author="王五"))] == ["述职人：王五"]


def test_export_from_the_window_takes_each_drafts_own_values(qtbot, data_dir, monkeypatch):
    w = make_window(qtbot, data_dir, wait_ready=False)
    s = w.drafts
    seen = []

    def fake_exec(dlg):
        seen.append((dlg.unit_edit.text(), dlg.author_edit.text(), dlg.date_edit.date().year()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    w.files.ask_gate = lambda message: "export"  # errors in a short text: export anyway
    ime_type(w.editor, "2023年度述职报告")
    assert s.set_properties(unit="甲单位", author="张三", year=2023)
    w.settings.setValue("export/unit", "上次导出的单位")  # what older versions remembered: ignored now
    w.files.choose_export()
    s.new_draft()
    ime_type(w.editor, "另一份报告")
    s.ensure_draft()
    w.files.choose_export()
    this_year = datetime.date.today().year
    assert seen[0][:2] == ("甲单位", "张三") and seen[0][2] in (2023, 2024)
    assert seen[0][2] == default_signature_date(2023).year
    assert seen[1] == ("", "", this_year)  # no profile yet, and not the first draft's values


def test_profile_fills_the_wizard_and_is_kept_the_first_time(qtbot, data_dir, monkeypatch):
    w = make_window(qtbot, data_dir, wait_ready=False)
    dialogs = []

    def accept_with(unit, author):
        def fake_exec(dlg):
            dialogs.append((dlg.unit_edit.text(), dlg.author_edit.text()))
            dlg.unit_edit.setText(unit)
            dlg.author_edit.setText(author)
            return QDialog.DialogCode.Accepted
        return fake_exec

    monkeypatch.setattr(NewReportDialog, "exec", accept_with("第一党支部", "赵六"))
    assert w.new_report()
    assert Profile.load(w.settings) == Profile("第一党支部", "赵六", "")  # filled the first time: kept
    monkeypatch.setattr(NewReportDialog, "exec", accept_with("临时改的单位", "赵六"))
    assert w.new_report()
    assert dialogs == [("", ""), ("第一党支部", "赵六")]
    assert Profile.load(w.settings).unit == "第一党支部"  # a later change is this report's only
    assert w.drafts.meta["unit"] == "临时改的单位"


def test_empty_draft_properties_start_from_the_profile(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    Profile("机关党委", "孙七", "书记").save(w.settings)
    ime_type(w.editor, "述职报告")
    dialog = show_properties(w.drafts)
    qtbot.addWidget(dialog)
    assert (dialog.unit_edit.text(), dialog.author_edit.text()) == ("机关党委", "孙七")
    dialog.accept()
    assert (w.drafts.meta["unit"], w.drafts.meta["author"]) == ("机关党委", "孙七")  # stored in the draft


def test_profile_dialog_from_the_file_menu(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    assert w.act_profile in w.file_menu.actions() and w.act_profile.text() == "个人信息(&P)…"
    dialog = ProfileDialog(w.settings, w)
    qtbot.addWidget(dialog)
    dialog.edits["unit"].setText("新单位")
    dialog.edits["position"].setText("党委书记")
    dialog.accept()
    assert Profile.load(w.settings) == Profile("新单位", "", "党委书记")
    assert remember_first(w.settings, unit="别的", author="周八").unit == "新单位"  # only empty fields fill
    assert Profile.load(w.settings).author == "周八"


def test_command_line_export_uses_the_same_date_rule_and_position(tmp_path):
    from core.cli.export import main
    from core.wordio.docx_io import import_file

    src = tmp_path / "r.txt"
    src.write_text("2019年度党支部书记述职报告\n一、履职情况\n正文。\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    assert main([str(src), str(out), "--signature", "--unit", "机关党支部", "--author", "吴九",
                 "--position", "书记", "--date", "auto"]) == 0
    text = import_file(out).text
    assert "述职人：书记 吴九" in text and "2019年12月31日" in text
