"""The window shell: opens in Chinese, counts follow typed text, flags work in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.common.paths import data_dir
from tests.ui_helpers import ime_type, make_window

ROOT = Path(__file__).resolve().parent.parent


def test_data_dir_honours_env(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere"
    monkeypatch.setenv("SHUZHI_DATA_DIR", str(target))
    assert data_dir() == target
    assert target.is_dir()


def test_window_has_chinese_shell(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    assert w.checklist_dock.windowTitle() == "检查清单"
    assert w.outline_dock.windowTitle() == "大纲"
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "帮助(&H)"]


def test_counts_follow_typed_chinese(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.editor.setFocus()
    ime_type(w.editor, "一、履职情况")
    ime_type(w.editor, "\n")
    ime_type(w.editor, "我主持召开会议12次。")
    assert w.text() == "一、履职情况\n我主持召开会议12次。"
    # Word's 字数: 5 hanzi + 、 = 6; 8 hanzi + 。 + "12" (one number) = 10
    qtbot.waitUntil(lambda: w.chars_label.text() == "字数 16", timeout=3000)
    assert w.paras_label.text() == "段落 2"


def test_layout_is_remembered(qtbot, data_dir):
    w = make_window(qtbot, data_dir, wait_ready=False)
    w.outline_dock.hide()
    w.close()
    w2 = make_window(qtbot, data_dir, wait_ready=False)
    assert not w2.outline_dock.isVisible()
    assert w2.checklist_dock.isVisible()


def _run_main(args, data_dir, timeout=60):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SHUZHI_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def test_smoke_flag(data_dir):
    proc = _run_main(["--smoke"], data_dir)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split()
    assert "ready" in lines
    assert int(lines[lines.index("ready") + 1]) > 0


def test_screenshot_flag(tmp_path, data_dir):
    out = tmp_path / "shot.png"
    sample = tmp_path / "r.txt"
    sample.write_text("2025年度述职报告\n一、履职情况\n我主持召开会议XX次。\n", encoding="utf-8")
    proc = _run_main(["--screenshot", str(out), str(sample)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 10_000
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unreadable_file_does_not_crash(tmp_path, data_dir):
    out = tmp_path / "shot.png"
    proc = _run_main(["--screenshot", str(out), str(tmp_path / "missing.txt")], data_dir)
    assert proc.returncode == 0
    assert "无法打开文件" in proc.stderr


def test_file_argument_opens_as_a_new_draft_and_screenshot_leaves_drafts_alone(tmp_path, data_dir):
    from core.storage import DB_NAME, Storage

    sample = tmp_path / "去年的报告.txt"
    text = "2024年度抓基层党建工作述职报告\n一、履职情况\n我主持召开支部委员会会议12次。"
    sample.write_text(text, encoding="gbk")  # an office PC's text file
    proc = _run_main(["--screenshot", str(tmp_path / "shot.png"), str(sample)], data_dir)
    assert proc.returncode == 0, proc.stderr
    assert not (data_dir / DB_NAME).exists()  # a screenshot never opens the user's drafts
    proc = _run_main(["--smoke", str(sample)], data_dir)
    assert proc.returncode == 0, proc.stderr
    with Storage(data_dir / DB_NAME) as db:
        drafts = db.list_drafts()
        assert [d.title for d in drafts] == ["2024年度抓基层党建工作述职报告"]
        assert db.get_draft(drafts[0].id).body == text
