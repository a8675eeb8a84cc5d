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
