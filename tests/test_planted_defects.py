"""Defects planted at random places of the clean reports are found there by the right rule, and
nothing else new is reported (bench/plant_defects.py; more seeds: python -m bench.plant_defects)."""

from __future__ import annotations

import random

import pytest

from bench.plant_defects import CLEAN, DATA, DEFECTS, _loud, check_one
from core.analysis.analyzer import Analyzer
from core.analysis.lexicon import get_lexicon

NEW = ["clean_duizhao_personal.txt", "clean_zhuti_zeren.txt", "clean_zongjie_hospital.txt"]


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer(get_lexicon())


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("defect", list(DEFECTS))
def test_a_planted_defect_is_found_where_it_is_and_nothing_else(name, defect, analyzer):
    text = (DATA / name).read_text(encoding="utf-8")
    kind = CLEAN[name]
    base = _loud(analyzer.analyze(text, kind))
    planted_any = False
    for seed in range(2):
        res = check_one(analyzer, text, kind, defect, random.Random(f"{name}:{defect}:{seed}"), base)
        if res is None:
            continue
        planted_any = True
        hit, extras, planted = res
        where = planted.text[max(0, planted.start - 10):planted.end + 10]
        assert hit, f"{defect} not found at …{where}…"
        assert extras == [], f"{defect} at …{where}…: other new findings {extras}"
    if not planted_any:
        pytest.skip(f"{defect} cannot be planted in {name}")


PAR = "全年召开党委会12次，研究议题30个，组织集中学习24次，开展专题研讨6次，形成调研报告4篇。"


@pytest.mark.parametrize("text,flagged", [
    # one item misnumbered, the list goes on as if fixed: one finding, at the slip
    (f"一、履职情况\n一是抓学习。{PAR}三是抓队伍。{PAR}三是抓作风。{PAR}四是抓纪律。{PAR}", "三是抓队伍"),
    (f"一、履职情况\n一是抓学习。{PAR}二是抓队伍。{PAR}二是抓作风。{PAR}四是抓纪律。{PAR}", "二是抓作风"),
    (f"一、履职情况\n（一）抓学习\n{PAR}\n（三）抓队伍\n{PAR}\n（三）抓作风\n{PAR}\n（四）抓纪律\n{PAR}", "（三）抓队伍"),
    # an item really left out: the list goes on from the number written
    (f"一、履职情况\n一是抓学习。{PAR}三是抓队伍。{PAR}四是抓作风。{PAR}", "三是抓队伍"),
])
def test_one_misnumbered_item_is_one_finding(text, flagged, analyzer):
    found = [f for f in analyzer.analyze(text).findings if f.rule == "hygiene.numbering"]
    assert [(f.text, f.start) for f in found] == [(flagged[:-3], text.index(flagged))]


def test_the_slip_says_which_number_is_wrong(analyzer):
    text = f"一、履职情况\n一是抓学习。{PAR}三是抓队伍。{PAR}三是抓作风。{PAR}四是抓纪律。{PAR}"
    (f,) = [f for f in analyzer.analyze(text).findings if f.rule == "hygiene.numbering"]
    assert f.suggestion == "二是" and "应为“二是”" in f.message and "缺少" not in f.message


def test_a_sentence_pasted_twice_is_one_finding(analyzer):
    s = "局党组先后召开警示教育大会2次，组织观看警示教育片4部，编印学习读本1 500册。"
    text = f"一、履职情况\n全年召开党组会议26次。{s}{s}全年受理信访举报23件。"
    found = [(f.rule, f.start) for f in analyzer.analyze(text, "zhuti_zeren").findings
             if f.rule in ("hygiene.duplicate_line", "boilerplate.repetition")]
    assert found == [("hygiene.duplicate_line", text.index(s) + len(s))]
