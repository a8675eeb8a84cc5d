"""帮助 menu: the About dialog (版本, 数据位置, 许可) and the Chinese help page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication

from core import __version__
from core.analysis.findings import CATEGORY_ORDER
from core.analysis.lexicon import Lexicon
from core.common.paths import resource_path
from ui import about_dialog, help_dialog
from ui.about_dialog import AboutDialog, license_text, show_about
from ui.help_dialog import HelpDialog, help_html, show_help
from ui.marks import BOILERPLATE_COLOR, SEVERITY_COLORS

ROOT = Path(__file__).resolve().parent.parent

# DESIGN 4.2: the minimum rule ids; the help page explains each (the command line prints them).
DESIGN_RULE_IDS = (
    "structure.missing_section", "structure.empty_section", "structure.order", "hygiene.placeholder",
    "hygiene.watermark", "hygiene.numbering", "hygiene.bracket", "hygiene.punctuation",
    "hygiene.duplicate_word", "hygiene.linebreak", "hygiene.traditional", "hygiene.year", "hygiene.typo",
    "formulation.variant", "boilerplate.repetition", "boilerplate.cliche", "boilerplate.empty_claim",
    "boilerplate.overlap", "substance.problem_without_measure", "substance.balance", "substance.no_figures",
    "substance.first_person",
)

# A report of our own with every section, so every checklist item is produced.
SAMPLE = """2026年度抓基层党建工作述职报告
根据区委组织部安排，现将本人2026年度抓基层党建工作情况报告如下。
一、上年度问题整改情况
针对上年度述职评议指出的支部活动形式单一问题，我牵头制定整改清单，逐项落实，组织各支部开展联学联建活动8次，整改任务已全部完成并经党员大会通报。
二、履职情况
（一）抓理论学习。我主持党委理论学习中心组学习12次，带头讲党课3次，组织全体党员集中学习24次，参学率达到98%。
（二）抓班子队伍。我与7个基层支部书记签订党建责任书，听取支部书记述职2轮，发展党员4名，培训入党积极分子36人次。
（三）抓制度落实。严格落实“三会一课”制度，全年召开支部党员大会16次、党小组会48次，开展主题党日活动12次。
三、存在问题
一是理论学习与业务结合不紧，部分支部学习停留在读文件，研讨发言准备不足。二是支部书记培训覆盖不全，新任支部书记有2人未参加集中轮训。
四、原因分析
主要是我本人对理论学习的督促指导不够经常，对新任支部书记的培养抓得不早不实，工作中存在重部署、轻检查的现象。
五、下一步打算
一是改进理论学习方式，每季度组织一次结合业务的专题研讨，由我带头发言。二是完善支部书记培训，明年上半年完成新任支部书记集中轮训，确保培训全覆盖。
"""


# ---- About ---------------------------------------------------------------------------------------
def test_about_shows_version_data_folder_licence_and_offline_note(qtbot, data_dir):
    dlg = AboutDialog(data_dir)
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "关于述职助手"
    assert dlg.version_label.text() == __version__
    assert dlg.data_label.text() == str(data_dir)
    assert "MIT" in dlg.license_label.text()
    assert "述职助手开发组" in dlg.license_label.text()
    assert "不联网" in dlg.offline_label.text()
    assert not dlg.icon_label.pixmap().isNull(), "resources/icons/shuzhi.png should load"
    assert "Python" in dlg.runtime_label.text() and "Qt" in dlg.runtime_label.text()


class _FakeDesktop:
    def __init__(self, result: bool) -> None:
        self.result = result
        self.urls: list[QUrl] = []

    def openUrl(self, url: QUrl) -> bool:  # noqa: N802 (Qt's name)
        self.urls.append(url)
        return self.result


def test_open_data_folder_button_creates_and_opens_it(qtbot, tmp_path, monkeypatch):
    fake = _FakeDesktop(True)
    monkeypatch.setattr(about_dialog, "QDesktopServices", fake)
    target = tmp_path / "不存在的" / "数据"
    dlg = AboutDialog(target)
    qtbot.addWidget(dlg)
    dlg.open_button.click()
    assert target.is_dir()
    assert [u.toLocalFile() for u in fake.urls] == [QUrl.fromLocalFile(str(target)).toLocalFile()]
    assert not dlg.open_status.isVisibleTo(dlg)


def test_open_data_folder_failure_is_explained(qtbot, data_dir, monkeypatch):
    monkeypatch.setattr(about_dialog, "QDesktopServices", _FakeDesktop(False))
    dlg = AboutDialog(data_dir)
    qtbot.addWidget(dlg)
    assert dlg.open_data_dir() is False
    assert "无法打开文件夹" in dlg.open_status.text()
    assert dlg.open_status.isVisibleTo(dlg)


def test_copy_path_puts_the_folder_on_the_clipboard(qtbot, data_dir):
    dlg = AboutDialog(data_dir)
    qtbot.addWidget(dlg)
    dlg.copy_button.click()
    assert QApplication.clipboard().text() == str(data_dir)


def test_licence_text_is_the_projects_mit_licence(qtbot, data_dir):
    text = license_text()
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "述职助手开发组" in text
    dlg = AboutDialog(data_dir)
    qtbot.addWidget(dlg)
    lic = dlg.show_license()
    assert lic.isVisible()
    assert lic.view.toPlainText() == text
    assert dlg.show_license() is lic


def test_show_about_opens_without_blocking(qtbot, data_dir):
    from PySide6.QtWidgets import QMainWindow

    win = QMainWindow()
    qtbot.addWidget(win)
    win.show()
    dlg = show_about(win, data_dir)
    assert isinstance(dlg, AboutDialog) and dlg.isVisible()
    assert dlg.parent() is win
    dlg.accept()
    qtbot.waitUntil(lambda: not win.findChildren(AboutDialog), timeout=2000)  # deleted on close


# ---- Help page -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page() -> str:
    return resource_path("help.html").read_text(encoding="utf-8")


def test_help_page_fills_in_version_and_data_folder(data_dir):
    text = help_html(data_dir)
    assert "{{" not in text
    assert f"版本 {__version__}" in text
    assert str(data_dir) in text


def test_help_page_explains_every_checklist_item(page):
    from core.analysis.analyzer import analyze

    labels = {item.label for item in analyze(SAMPLE).checklist}
    section_labels = {spec["label"] for spec in Lexicon().toml("sections").values()}
    assert {"开头", "履职情况", "存在问题", "原因分析", "下一步打算", "上年度问题整改情况"} <= labels
    assert {"履职情况含具体数字", "以第一人称述职", "问题与措施对应", "问题篇幅", "套话密度"} <= labels
    missing = sorted(label for label in labels | section_labels if f"<b>{label}</b>" not in page)
    assert not missing, f"help.html does not explain: {missing}"
    assert "空泛表述" in page


def test_help_page_covers_groups_rules_colours_and_actions(page):
    for group in CATEGORY_ORDER:
        assert f"<h3>{group}</h3>" in page
    for rule_id in DESIGN_RULE_IDS:
        assert f"<code>{rule_id}</code>" in page, rule_id
    for colour in [*SEVERITY_COLORS.values(), BOILERPLATE_COLOR]:
        assert colour.name().lower() in page.lower(), colour.name()
    for phrase in ("红色", "橙色", "蓝色", "紫色", "F8", "Shift+F8", "忽略此处", "忽略此规则", "改为",
                   "SHUZHI_DATA_DIR", "%APPDATA%\\Shuzhi", "shuzhi-check check", "python -m core check",
                   "退出码", "不联网"):
        assert phrase in page, phrase


def test_help_page_links_stay_inside_the_page(page):
    targets = set(re.findall(r'<a name="([^"]+)"', page))
    links = re.findall(r'<a href="([^"]+)"', page)
    assert links
    for link in links:
        assert link.startswith("#"), f"external link in an offline help page: {link}"
        assert link[1:] in targets, link


def test_help_dialog_shows_page_and_is_reused(qtbot, data_dir):
    from PySide6.QtWidgets import QMainWindow

    win = QMainWindow()
    win.data_dir = data_dir
    qtbot.addWidget(win)
    win.show()
    dlg = show_help(win)
    assert isinstance(dlg, HelpDialog) and dlg.isVisible()
    assert not dlg.isModal()
    assert dlg.browser.openExternalLinks() is False
    plain = dlg.browser.toPlainText()
    assert "述职助手使用帮助" in plain and "检查清单" in plain and str(data_dir) in plain
    assert show_help(win) is dlg
    bar = dlg.browser.verticalScrollBar()
    assert bar.value() == 0
    show_help(win, anchor="offline")
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2000)


def test_help_without_its_file_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(help_dialog, "resource_path", lambda *parts: tmp_path.joinpath("missing", *parts))
    text = help_html(tmp_path)
    assert "找不到帮助文件" in text
