"""The command line and the window read indentation the same way (issue 13): a file indented with
NBSP, full-width spaces or tabs gets the same findings from `python -m core check --format json` as
from the window's analysis path, although Qt's editor turns NBSP into plain spaces."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.ui_helpers import make_window

ROOT = Path(__file__).resolve().parent.parent
BODY = ("我主持召开理论学习中心组学习会12次，带头讲党课3次，组织支部书记培训2期，培训86人次，党员参学率达到96%。"
        "我帮助群众解决实际困难41件，办结率98%。")
TEXT = "\n".join([
    "2025年度抓基层党建工作述职报告",
    "\u00a0\u00a0根据区委组织部的安排，现将本人2025年度抓基层党建工作情况报告如下。",
    "\u00a0\u00a0一、坚持政治引领，筑牢思想根基",
    "\u00a0\u00a0" + BODY,
    "\u3000\u3000二、夯实基层基础",
    "\t全年发展党员9名，转正预备党员7名，举办党务培训2期，培训108人次，督促整改记录不规范问题19处。",
    "\u00a0\u00a0三、存在的问题",
    "\u00a0\u00a0一是学习转化不够，部分成果停留在记录上。二是对偏远支部指导少，全年只去过一次。究其原因，主要是本人学习自觉性不够强。",
    "\u00a0\u00a0四、下一步打算",
    "\u00a0\u00a0一是每季度组织一次专题研讨，形成措施清单。二是每季度到偏远支部参加一次组织生活。",
])


def _key(f: dict) -> tuple:
    return (f["rule"], f["severity"], f["start"], f["end"])


def cli_findings(tmp_path) -> list[tuple]:
    path = tmp_path / "nbsp.txt"
    path.write_text(TEXT, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "core", "check", "--format", "json", str(path)],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode in (0, 1), r.stderr
    return sorted(_key(f) for f in json.loads(r.stdout)[0]["findings"])


def test_nbsp_indented_text_same_findings_in_cli_and_window(qtbot, data_dir, tmp_path):
    cli = cli_findings(tmp_path)
    w = make_window(qtbot, data_dir)
    with qtbot.waitSignal(w.report_rendered, timeout=30000, check_params_cb=lambda r: r.text == w.text()):
        w.set_text(TEXT)
    assert "\u00a0" not in w.text()  # the editor really did turn NBSP into spaces
    window = sorted(_key(f.to_dict()) for f in w.last_report.findings)
    assert cli == window
    # And the indentation is read as indentation: the headings are numbered 一、二、三、四、 correctly.
    assert not [k for k in cli if k[0] in ("hygiene.numbering", "structure.missing_section")]


def test_window_findings_after_typing_equal_a_fresh_analysis(qtbot, data_dir):
    """The window's analyses after edits (the worker keeps results between them) report what a
    fresh analyser reports on the same text: nothing the worker sends back may change what it keeps."""
    from core.analysis.analyzer import Analyzer
    from core.analysis.lexicon import Lexicon
    from core.analysis.settings import AnalysisSettings

    text = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8") + "\n" + TEXT
    w = make_window(qtbot, data_dir)
    with qtbot.waitSignal(w.report_rendered, timeout=30000, check_params_cb=lambda r: r.text == w.text()):
        w.set_text(text)
    typed = ["全年开展活动12次。", "2024", "二、存在问题", "以高质量党建引领高质量发展，"]
    for n, piece in enumerate(typed):
        cur = w.editor.textCursor()
        block = w.editor.document().findBlockByNumber(3 + 4 * n)
        cur.setPosition(block.position() + block.length() - 1)
        with qtbot.waitSignal(w.report_rendered, timeout=30000, check_params_cb=lambda r: r.text == w.text()):
            cur.insertText(piece)
        report = w.last_report
        assert not report.stats.get("rule_errors"), report.stats["rule_errors"]
        fresh = Analyzer(Lexicon(user_dir=data_dir), AnalysisSettings.load(data_dir))
        expected = fresh.analyze(w.text(), w.kind)
        assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in expected.findings], piece
        assert [c.to_dict() for c in report.checklist] == [c.to_dict() for c in expected.checklist], piece
