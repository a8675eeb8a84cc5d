"""Incremental document-wide rules (issue 15): after any sequence of paragraph edits, the running
analyzer reports exactly what a fresh one reports for the final text."""

from __future__ import annotations

import random
from collections import Counter

from bench.corpus import report_text
from core.analysis.analyzer import Analyzer, ParagraphSums
from core.analysis.lexicon import get_lexicon


def _fresh_sum(items, count):
    total = Counter()
    for _key, part in items:
        total.update(count(part))
    return total


def test_paragraph_sums_follow_every_edit():
    rnd = random.Random(7)
    words = ["党建", "学习", "落实", "责任", "组织", "制度"]
    paras = [tuple(rnd.choices(words, k=rnd.randint(0, 5))) for _ in range(30)]
    sums = ParagraphSums()
    for step in range(300):
        op = rnd.random()
        i = rnd.randrange(len(paras))
        if op < 0.4:
            paras[i] = tuple(rnd.choices(words, k=rnd.randint(0, 5)))
        elif op < 0.6:
            paras.insert(i, paras[rnd.randrange(len(paras))])  # a duplicate paragraph
        elif op < 0.8 and len(paras) > 1:
            del paras[i]
        elif step % 50 == 0:
            paras = [tuple(rnd.choices(words, k=3)) for _ in range(20)]  # mostly new text
        items = [(p, p) for p in paras]
        assert sums.update(items, Counter) == _fresh_sum(items, Counter), step


def _signature(report):
    d = report.to_dict()
    d["findings"] = sorted((f["rule"], f["start"], f["end"], f["message"], str(f.get("suggestion")))
                           for f in d["findings"])
    return d


def test_running_analyzer_matches_a_fresh_one_after_edits():
    lex = get_lexicon()
    rnd = random.Random(3)
    paras = report_text(6_000).split("\n")
    running = Analyzer(lex)
    running.analyze("\n".join(paras))
    for _ in range(12):
        i = rnd.randrange(1, len(paras))
        op = rnd.random()
        if op < 0.4:
            paras[i] = paras[i] + "坚持以人民为中心，认真落实党建工作责任制。"
        elif op < 0.6:
            paras.insert(i, paras[rnd.randrange(1, len(paras))])  # a repeated paragraph
        elif op < 0.8 and len(paras) > 3:
            del paras[i]
        else:
            paras[i] = paras[i][: len(paras[i]) // 2]
        text = "\n".join(paras)
        assert _signature(running.analyze(text)) == _signature(Analyzer(lex).analyze(text))
