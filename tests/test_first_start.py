"""First start (issue 18): with no draft at all the window offers 新建报告 or the sample report."""

from __future__ import annotations

from tests.ui_helpers import make_window
from ui.drafts import offer_first_start
from ui.drafts.session import DraftSession


def test_first_start_offers_the_sample_report(qtbot, data_dir, monkeypatch):
    offered = []
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: None)
    monkeypatch.setattr(DraftSession, "choose_start", lambda self, done: offered.append(done))
    w = make_window(qtbot, data_dir, wait_ready=False)
    qtbot.waitUntil(lambda: bool(offered))
    offered[0]("sample")
    assert w.drafts.draft_id is not None and w.text().strip()
    assert w.drafts.title.startswith("示例：")
    w.close()
    offered.clear()
    w2 = make_window(qtbot, data_dir, wait_ready=False)  # drafts exist now: no offer
    qtbot.wait(50)
    assert not offered and not offer_first_start(w2.drafts)
    w2.close()


def test_first_start_new_report_opens_the_wizard(qtbot, data_dir, monkeypatch):
    offered, wizard = [], []
    monkeypatch.setattr(DraftSession, "inform", lambda self, title, text: None)
    monkeypatch.setattr(DraftSession, "choose_start", lambda self, done: offered.append(done))
    w = make_window(qtbot, data_dir, wait_ready=False)
    monkeypatch.setattr(w, "new_report", lambda: wizard.append(True) or False)
    qtbot.waitUntil(lambda: bool(offered))
    offered[0]("new")
    assert wizard == [True]
