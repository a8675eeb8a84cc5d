"""Issue 17: figures that add up (substance.numbers) and the amount parser behind it."""

from __future__ import annotations

import pytest

from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings
from core.text.numerals import chinese_amount, parse_amount


@pytest.mark.parametrize("written,value", [
    ("1256", 1256), ("1,256", 1256), ("12.5", 12.5), ("3.2万", 32_000), ("1.5亿", 150_000_000),
    ("一千二百五十六", 1256), ("三万五千", 35_000), ("三万五", 35_000), ("两亿", 200_000_000),
    ("一千二", 1200), ("十二", 12), ("十", 10), ("三百零五", 305), ("一万零五百", 10_500),
    ("五十万", 500_000), ("一亿二千万", 120_000_000), ("二〇二四", 2024), ("５２", 52),
])
def test_parse_amount(written, value):
    assert parse_amount(written) == value


@pytest.mark.parametrize("written", ["二三百", "百千", "万", "", "十十", "abc", "一是"])
def test_parse_amount_rejects_non_numerals(written):
    assert parse_amount(written) is None
    assert chinese_amount(written) is None


def _numbers(text):
    a = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"substance.numbers"}))
    report = a.analyze(text)
    assert not report.stats.get("rule_errors")
    return [f for f in report.findings if f.rule == "substance.numbers"]


def test_rate_message_shows_the_computation():
    [f] = _numbers("全年受理群众诉求812件，办结796件，办结率99.6%。")
    assert f.severity.value == "warning"
    assert "796件 ÷ 812件 = 98.0%" in f.message and "99.6%" in f.message
    assert "98.0%" in f.suggestion


def test_same_stock_twice_points_at_both():
    text = "一、基本情况\n全镇共有党员1256名。\n二、履职情况\n全镇共有党员1200名，覆盖18个村。"
    [f] = _numbers(text)
    assert f.text == "1200名" and "1256名" in f.message
    assert text[f.data["first_start"]:f.data["first_end"]] == "1256名"


def test_impossible_date_is_an_error_and_a_leap_day_is_not():
    [f] = _numbers("2月30日召开支部大会。")
    assert f.severity.value == "error"
    assert not _numbers("2024年2月29日召开支部大会。")


def test_numbers_are_cached_per_paragraph():
    a = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"substance.numbers"}))
    text = "我支部共有党员48名，其中预备党员52名。"
    first = a.analyze(text).findings
    second = a.analyze("前言\n" + text).findings
    assert [(f.start + 3, f.message) for f in first] == [(f.start, f.message) for f in second]


def test_id_checksum():
    from core.analysis.rules.hygiene_sensitive import id_checksum_ok
    assert id_checksum_ok("11010519491231002X") and id_checksum_ok("11010519491231002x")
    assert not id_checksum_ok("110105194912310021")
    assert not id_checksum_ok("11010519491231002")


def test_sensitive_findings_say_what_they_are():
    a = Analyzer(get_lexicon(), AnalysisSettings(only_rules={"hygiene.sensitive"}))
    text = "机密★一年\n联系人电话13912345678，身份证号11010519491231002X。"
    kinds = [f.data["kind"] for f in a.analyze(text).findings]
    assert kinds == ["classification", "mobile", "id_number"]


# ---- last year's report: storage link, rule, command line ------------------------------------
LAST_YEAR = """2023年度抓基层党建工作述职报告
根据县委组织部安排，现将本人2023年度抓基层党建工作情况报告如下。
一、履职情况
（一）抓理论武装。我主持理论学习中心组学习12次，讲专题党课4次，组织党员参加网上学习。
（二）抓组织建设。全镇18个村党组织全部完成规范化建设，全年发展党员15名。
二、存在问题
（一）理论学习不够深入。学用结合不紧，有的党员学习停留在读文件、抄笔记。
（二）村级集体经济发展不平衡。部分村集体经济收入偏低，缺乏稳定增收项目。
（三）党员队伍老化。农村党员平均年龄偏大，青年党员发展不足。
三、原因分析
本人抓党建的责任意识还不够强，对基层党建工作研究不深。
四、下一步打算
（一）深化理论武装，开展读书班和专题研讨。
（二）发展壮大村级集体经济，每村培育一个增收项目。
（三）优化党员队伍结构，注重在青年农民中发展党员。"""

RECTIFIED_1 = "针对理论学习不够深入的问题，我组织读书班3期，开展学用结合专题研讨6次，党员学习从读文件转向解决实际问题。"
RECTIFIED_2 = "针对村级集体经济发展不平衡的问题，每村培育一个增收项目，集体经济收入10万元以下的村由7个减少到2个。"
RECTIFIED_3 = "针对党员队伍老化的问题，在青年农民中发展党员9名，优化党员队伍结构。"


def this_year(*rectified: str) -> str:
    body = LAST_YEAR.replace("2023", "2024")
    head, _, rest = body.partition("一、履职情况")
    rect = "一、上年度问题整改情况\n" + ("\n".join(rectified) if rectified else "正在整改。") + "\n"
    renumbered = rest.replace("二、存在问题", "三、存在问题").replace("三、原因分析", "四、原因分析") \
        .replace("四、下一步打算", "五、下一步打算")
    return head + rect + "二、履职情况" + renumbered


def _row(report):
    return next(c for c in report.checklist if c.id == "section.rectification")


def test_last_year_row_counts_accounted_problems_and_jumps_to_them():
    a = Analyzer(get_lexicon())
    text = this_year(RECTIFIED_1, RECTIFIED_3)
    report = a.analyze(text, "shuzhi", last_year=LAST_YEAR)
    row = _row(report)
    assert row.status == "warn" and "上年度 3 个问题中 2 个有整改交代" in row.message
    answered = [(d, t) for d, t in zip(row.details, row.targets, strict=False) if t]
    assert any("理论学习不够深入" in d and text[t[0]:t[1]] == RECTIFIED_1 for d, t in answered)
    missing = [f for f in report.findings if f.rule == "substance.last_year"]
    assert {f.data["item"] for f in missing} == {"村级集体经济发展不平衡", "发展壮大村级集体经济"}
    # Copied paragraphs are marked against last year's report without a reference folder.
    assert any(f.rule == "boilerplate.overlap" and "上年度报告" in f.message for f in report.findings)
    full = a.analyze(this_year(RECTIFIED_1, RECTIFIED_2, RECTIFIED_3), "shuzhi", last_year=LAST_YEAR)
    assert _row(full).status == "pass" and "上年度 3 个问题中 3 个有整改交代" in _row(full).message


def test_unchanged_paragraphs_are_no_account():
    # The copied 履职情况 mentions 理论学习 and 党员 too: it must not count as an account.
    report = analyze_ly(this_year())
    assert "上年度 3 个问题中 0 个有整改交代" in _row(report).message


def analyze_ly(text):
    return Analyzer(get_lexicon()).analyze(text, "shuzhi", last_year=LAST_YEAR)


def test_without_last_year_the_row_says_how_to_choose_one():
    report = Analyzer(get_lexicon()).analyze(this_year(RECTIFIED_1))
    assert any("选择上年度报告" in d for d in _row(report).details)
    assert not [f for f in report.findings if f.rule == "substance.last_year"]


def test_storage_links_last_year(tmp_path):
    from core.storage import Storage, StorageError

    with Storage(tmp_path / "d.db") as s:
        old = s.create_draft("2023年度述职报告", LAST_YEAR, year=2023)
        new = s.duplicate_as_new_year(old, 2024)
        link = s.get_last_year(new)
        assert link is not None and link.source_id == old and link.path is None
        other = s.create_draft("另一份", "正文")
        s.set_last_year(other, path=str(tmp_path / "2023.docx"))
        assert s.get_last_year(other).path == str(tmp_path / "2023.docx")
        s.set_last_year(other, source_id=old)
        assert (s.get_last_year(other).source_id, s.get_last_year(other).path) == (old, None)
        s.set_last_year(other)
        assert s.get_last_year(other) is None
        with pytest.raises(StorageError):
            s.set_last_year(other, source_id=other)
        s.soft_delete(old)
        s.purge(old)
        assert s.get_last_year(new) is None  # the source is gone: no dangling link


def test_cli_last_year(tmp_path):
    import json
    import subprocess
    import sys

    ly, ty = tmp_path / "2023.txt", tmp_path / "2024.txt"
    ly.write_text(LAST_YEAR, encoding="utf-8")
    ty.write_text(this_year(RECTIFIED_1, RECTIFIED_3), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "core", "check", str(ty), "--last-year", str(ly)],
                         capture_output=True, text=True, encoding="utf-8")
    assert "上年度 3 个问题中 2 个有整改交代" in out.stdout
    assert "✘ 问题：村级集体经济发展不平衡" in out.stdout
    text = this_year(RECTIFIED_1, RECTIFIED_3)
    line1 = text.count("\n", 0, text.index(RECTIFIED_1)) + 1
    assert f"✔ 问题：理论学习不够深入 → 见上年度问题整改情况（第 {line1} 行）" in out.stdout
    js = subprocess.run([sys.executable, "-m", "core", "check", str(ty), "--last-year", str(ly), "--format", "json"],
                        capture_output=True, text=True, encoding="utf-8")
    result = json.loads(js.stdout)[0]
    assert any(f["rule"] == "substance.last_year" for f in result["findings"])
    ly_items = result["last_year"]["items"]
    assert (result["last_year"]["problems"], result["last_year"]["problems_answered"]) == (3, 2)
    assert len(ly_items) == result["last_year"]["problems"] + result["last_year"]["measures"]
    done = next(i for i in ly_items if i["text"].startswith("理论学习不够深入"))
    assert done["answered"] and done["where"] == "上年度问题整改情况" and done["line"] == line1
    assert text[done["start"]:done["end"]] == RECTIFIED_1
    open_item = next(i for i in ly_items if i["text"].startswith("村级集体经济发展不平衡"))
    assert not open_item["answered"] and "start" not in open_item
    plain = subprocess.run([sys.executable, "-m", "core", "check", str(ty), "--format", "json"],
                           capture_output=True, text=True, encoding="utf-8")
    assert "last_year" not in json.loads(plain.stdout)[0]
    bad = subprocess.run([sys.executable, "-m", "core", "check", str(ty), "--last-year", str(tmp_path / "无.txt")],
                         capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and "上年度报告无法读取" in bad.stderr


def test_no_figures_says_how_many_figures_are_left_blank():
    text = ("一、履职情况\n我带头学习理论XX次，深入基层调研X次，走访党员XX名，指导支部规范开展组织生活，"
            "推动党建工作与业务工作深度融合，党员队伍的精神面貌焕然一新，支部战斗堡垒作用进一步增强。")
    report = Analyzer(get_lexicon()).analyze(text)
    # A part this short is also thin: one finding on the heading says both (core/analysis/merge.py).
    [f] = [f for f in report.findings if "具体数字" in f.message]
    assert f.rule == "structure.empty_section" and "substance.no_figures" in f.data["merged"]
    assert "只有 0 处具体数字（另有 3 处数字尚未填写）" in f.message
    row = next(c for c in report.checklist if c.id == "figures")
    assert row.status == "warn" and "另有 3 处数字尚未填写" in row.message
    plain = text.replace("XX次", "").replace("X次", "").replace("XX名", "")
    [g] = [f for f in Analyzer(get_lexicon()).analyze(plain).findings if "具体数字" in f.message]
    assert "尚未填写" not in g.message
