"""The document model: paragraphs, headings at four levels, enumerations, sections, year."""

from __future__ import annotations

from core.analysis.lexicon import get_lexicon
from core.text.document import parse
from core.text.sections import parse_report

MATCH = get_lexicon().section_matcher("shuzhi")


def sections(text: str):
    return [(s.key, s.title) for s in parse_report(text, MATCH).sections]


def test_paragraph_offsets():
    doc = parse("甲\n\n乙丙")
    assert [(p.start, p.end, p.text) for p in doc.paragraphs] == [(0, 1, "甲"), (2, 2, ""), (3, 5, "乙丙")]


def test_heading_levels_and_numbers():
    text = "标题\n一、履职情况\n（二）抓学习。我带头学习。\n3.加强管理\n（4）规范台账\n(五)半角括号"
    doc = parse(text)
    got = [(h.level, h.style, h.number, h.title, h.run_in) for h in doc.headings]
    assert got == [(1, "cn", 1, "履职情况", False), (2, "paren_cn", 2, "抓学习", True),
                   (3, "arabic", 3, "加强管理", False), (4, "paren_arabic", 4, "规范台账", False),
                   (2, "paren_cn", 5, "半角括号", False)]
    run_in = doc.headings[1]
    assert text[run_in.start:run_in.end] == "（二）抓学习。"


def test_numbers_that_are_not_headings():
    doc = parse("1.5万元用于阵地建设\n一是加强学习\n3、4月份开展活动")
    assert doc.headings == []


def test_enumerations_need_a_clause_start():
    doc = parse("一是加强学习，二是抓好落实。统一是前提，唯一是标准，第一要务。")
    assert [(e.marker, e.number) for e in doc.enums] == [("一是", 1), ("二是", 2)]


def test_title_and_year():
    doc = parse("2024年度抓基层党建工作述职报告\n根据安排，现将本人2024年度履职情况报告如下。")
    assert doc.title is not None and doc.title.index == 0
    assert doc.year == 2024
    assert parse("按照要求，现将2023年工作报告如下：\n一、履职情况").year == 2023


def test_sections_from_headings_and_labels():
    text = ("述职报告\n按照安排，现将情况报告如下。\n一、履职尽责情况\n内容\n二、存在的主要问题和原因\n一是问题\n"
            "原因分析：一是原因\n下一步工作打算\n一是措施")
    assert sections(text) == [("opening", "开头"), ("performance", "履职尽责情况"),
                              ("problems", "存在的主要问题和原因"), ("causes", "原因分析"), ("plans", "下一步工作打算")]
    combined = parse_report(text, MATCH).sections[2]
    assert combined.keys == ("problems", "causes")


def test_subheadings_do_not_open_sections():
    text = "一、履职情况\n（一）狠抓问题整改\n内容\n二、存在问题\n内容\n三、下一步打算\n内容"
    assert [k for k, _ in sections(text)] == ["performance", "problems", "plans"]


def test_rectification_is_not_problems():
    assert [k for k, _ in sections("一、上年度问题整改情况\n内容\n二、履职情况\n内容")] == ["rectification", "performance"]


def test_duizhao_kind_maps_zhenggai_cuoshi_to_plans():
    match = get_lexicon().section_matcher("duizhao")
    doc = parse_report("一、查摆的问题\n内容\n二、原因剖析\n内容\n三、整改措施\n内容", match)
    assert [s.key for s in doc.sections] == ["problems", "causes", "plans"]


def test_reparse_with_a_shared_cache_equals_a_fresh_parse():
    # Edits that move, renumber, insert and delete paragraphs: objects kept from the last parse
    # must sit where a fresh parse puts them (positions, indexes, enumerations, sections).
    from core.text.document import ParseCache

    match = get_lexicon().section_matcher("shuzhi")
    base = ["2025年度述职报告", "一、履职情况", "（一）抓学习。一是学理论，二是学业务。", "",
            "二、存在问题", "一是学习不深。二是调研不够。", "三、下一步打算", "下一步，我将持续用力。"]
    edits = [base, base[:2] + ["新增一段。"] + base[2:], [base[0]] + base[2:], base[:5] + base[6:],
             base[:1] + ["一、履职情况补充", "第一，抓组织。"] + base[1:], base, base[:3] + ["  "] + base[3:]]
    cache = ParseCache()
    for lines in edits + edits[::-1]:
        text = "\n".join(lines)
        kept, fresh = parse_report(text, match, cache), parse_report(text, match)
        assert kept.paragraphs == fresh.paragraphs and kept.headings == fresh.headings
        assert kept.enums == fresh.enums and kept.inline_headings == fresh.inline_headings
        assert kept.sections == fresh.sections and kept.title == fresh.title
