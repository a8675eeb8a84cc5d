"""Review in Word: findings as comments anchored on exactly their text, safe fixes as revisions,
everything else in the user's .docx unchanged (issue 16)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from core.analyzer import analyze
from core.wordio.docx_io import read_docx_text
from core.wordio.docx_map import build_map
from core.wordio.review import (
    AUTHOR,
    REVISION_RULES,
    ReviewError,
    open_package,
    review_docx,
)
from tests.docx_builders import build_tricky_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED = dt.datetime(2024, 12, 20, 9, 0, tzinfo=dt.UTC)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def tricky(tmp_path_factory) -> Path:
    return build_tricky_docx(tmp_path_factory.mktemp("review") / "报告.docx")


def _review(src: Path, out: Path, revisions=False):
    return review_docx(src, out, lambda text: analyze(text), revisions=revisions, now=FIXED)


def _doc_root(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _anchored(root) -> dict[str, tuple[int, int]]:
    """comment id -> (start, end) offsets of the text between its range marks."""
    tmap = build_map(root, W, {"Title"})
    order = {el: i for i, el in enumerate(root.iter())}
    char_order = [order[s[0]] if s is not None else None for s in tmap.sources]
    spans = {}
    for start in root.iter(q("commentRangeStart")):
        cid = start.get(q("id"))
        end = next(e for e in root.iter(q("commentRangeEnd")) if e.get(q("id")) == cid)
        a, b = order[start], order[end]
        inside = [i for i, o in enumerate(char_order) if o is not None and a < o < b]
        spans[cid] = (inside[0], inside[-1] + 1) if inside else (0, 0)
    return spans


def _comments(path: Path) -> dict[str, tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/comments.xml"))
    return {c.get(q("id")): (c.get(q("author")), "\n".join("".join(t.text or "" for t in p.iter(q("t")))
                                                            for p in c.iter(q("p"))))
            for c in root.iter(q("comment"))}


def test_map_text_is_exactly_what_check_analyses(tricky):
    assert open_package(tricky).map.text == read_docx_text(tricky)


def test_every_finding_is_a_comment_on_exactly_its_text(tricky, tmp_path):
    out = tmp_path / "out.docx"
    result = _review(tricky, out)
    text = read_docx_text(tricky)
    assert read_docx_text(out) == text  # comments add no text
    spans = _anchored(_doc_root(out))
    comments = _comments(out)
    ours = {cid: body for cid, (author, body) in comments.items() if author == AUTHOR}
    assert len(ours) == result.comments == len(result.report.findings)  # no section-level finding here
    by_span = {}
    for cid in ours:
        by_span.setdefault(spans[cid], []).append(ours[cid])
    placeholders = 0
    for f in result.report.findings:
        bodies = by_span.get((f.start, f.end), [])
        assert any(f.message in b for b in bodies), (f.rule, f.text)
        assert text[f.start:f.end] == f.text
        placeholders += f.rule == "hygiene.placeholder"
    # XX split over runs, in a hyperlink, in a complex field, in a simple field, in a table cell
    assert placeholders == 5


def test_python_docx_reads_the_comments(tricky, tmp_path):
    out = tmp_path / "out.docx"
    result = _review(tricky, out)
    d = docx.Document(str(out))
    authors = [c.author for c in d.comments]
    assert authors.count(AUTHOR) == result.comments
    assert "张三" in authors  # the user's own comment is still there
    ours = [c for c in d.comments if c.author == AUTHOR]
    assert any("建议改为：部署" in c.text for c in ours)


def _reject_all(root):
    for ins in list(root.iter(q("ins"))):
        ins.getparent().remove(ins)
    for d in list(root.iter(q("del"))):
        for t in d.iter(q("delText")):
            t.tag = q("t")
        parent = d.getparent()
        for child in list(d):
            d.addprevious(child)
        parent.remove(d)
    return root


def _accept_all(root):
    for d in list(root.iter(q("del"))):
        d.getparent().remove(d)
    for ins in list(root.iter(q("ins"))):
        for child in list(ins):
            ins.addprevious(child)
        ins.getparent().remove(ins)
    return root


def test_revisions_reject_to_the_original_and_accept_to_the_fixes(tricky, tmp_path):
    out = tmp_path / "rev.docx"
    result = _review(tricky, out, revisions=True)
    text = read_docx_text(tricky)
    safe = [f for f in result.report.findings if f.rule in REVISION_RULES]
    assert {f.rule for f in safe} == set(REVISION_RULES)  # punctuation, doubled word, typo, formulation
    assert result.revisions == len(safe) == 4
    rejected = build_map(_reject_all(_doc_root(out)), W, {"Title"}).text
    assert rejected == text
    expected = text
    for f in sorted(safe, key=lambda f: -f.start):
        expected = expected[:f.start] + f.suggestion + expected[f.end:]
    assert build_map(_accept_all(_doc_root(out)), W, {"Title"}).text == expected
    root = _doc_root(out)
    assert all(el.get(q("author")) == AUTHOR for el in root.iter(q("ins"), q("del")))
    # the revised text is still inside its comment
    spans = _anchored(_reject_all(_doc_root(out)))
    typo = next(f for f in safe if f.rule == "hygiene.typo")
    assert (typo.start, typo.end) in spans.values()


def _rpr_per_char(root) -> list[bytes]:
    tmap = build_map(root, W, {"Title"})
    out = []
    for src in tmap.sources:
        run = src[0].getparent() if src is not None else None
        rpr = run.find(q("rPr")) if run is not None and run.tag == q("r") else None
        out.append(etree.tostring(rpr, method="c14n") if rpr is not None else b"")
    return out


def _layout_xml(root) -> list[bytes]:
    tags = [q("pPr"), q("tblPr"), q("tblGrid"), q("trPr"), q("tcPr"), q("sectPr")]
    return [etree.tostring(el, method="c14n") for el in root.iter(*tags)
            if el.getparent().tag != q("rPr")]


def test_everything_else_is_unchanged(tricky, tmp_path):
    before = tricky.read_bytes()
    out = tmp_path / "out.docx"
    _review(tricky, out, revisions=False)
    assert tricky.read_bytes() == before  # IN never written
    with zipfile.ZipFile(tricky) as a, zipfile.ZipFile(out) as b:
        names_a, names_b = a.namelist(), b.namelist()
        assert names_b[:len(names_a)] == names_a
        changed = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
        for name in names_a:
            if name not in changed:
                assert a.read(name) == b.read(name), name  # styles, headers, footers, image: byte for byte
        assert any(n.startswith("word/header") for n in names_a) and any(n.startswith("word/media") for n in names_a)
    ra, rb = _doc_root(tricky), _doc_root(out)
    assert _layout_xml(ra) == _layout_xml(rb)  # paragraph, table and section formatting
    assert _rpr_per_char(ra) == _rpr_per_char(rb)  # every character keeps its run formatting
    ta = [etree.tostring(t, method="c14n") for t in ra.iter(q("tbl"))]
    tb = [etree.tostring(_strip_marks(t), method="c14n") for t in rb.iter(q("tbl"))]
    assert len(ta) == len(tb) == 1 and b"XX" in tb[0]


def _strip_marks(el):
    from copy import deepcopy

    el = deepcopy(el)
    for tag in ("commentRangeStart", "commentRangeEnd"):
        for m in list(el.iter(q(tag))):
            m.getparent().remove(m)
    for r in list(el.iter(q("r"))):
        if r.find(q("commentReference")) is not None:
            r.getparent().remove(r)
    return el


def test_section_level_findings_go_on_the_heading_or_first_paragraph(tmp_path):
    d = docx.Document()
    d.add_paragraph("2024年度抓基层党建工作述职报告", style="Title")
    d.add_paragraph("一、履职情况")
    d.add_paragraph("我主持召开支委会12次，带头讲党课4次，全年发展党员3名，整改问题15个，支部达标率100%。" * 4)
    src = d.save(tmp_path / "in.docx") or tmp_path / "in.docx"
    result = _review(src, tmp_path / "out.docx")
    text = read_docx_text(src)
    missing = [f for f in result.report.findings if f.rule == "structure.missing_section"]
    assert len(missing) >= 2
    spans = _anchored(_doc_root(tmp_path / "out.docx"))
    bodies = _comments(tmp_path / "out.docx")
    title_span = (0, text.index("\n"))
    on_title = [bodies[cid][1] for cid, span in spans.items() if span == title_span]
    assert len(on_title) == 1  # one comment for all findings about missing parts
    assert all(f.message in on_title[0] for f in missing)


def test_refuses_to_write_over_the_input(tricky, tmp_path):
    with pytest.raises(ReviewError, match="不能与原文件相同"):
        _review(tricky, tricky)
    with pytest.raises(ReviewError, match="不能与原文件相同"):
        _review(tricky, tricky.parent / "." / tricky.name)


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "core", "review", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_cli_exit_codes_and_messages(tricky, tmp_path):
    out = tmp_path / "审阅.docx"
    r = _cli(tricky, out, "--revisions")
    assert r.returncode == 1, r.stderr  # the report has error findings
    assert "条批注" in r.stdout and "处修订" in r.stdout and out.is_file()
    r = _cli(tricky, tricky)
    assert r.returncode == 2 and "不能与原文件相同" in r.stderr
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    r = _cli(bad, tmp_path / "x.docx")
    assert r.returncode == 2 and "错误：" in r.stderr and not (tmp_path / "x.docx").exists()
    r = _cli(tricky, tmp_path / "x.docx", "--kind", "nope")
    assert r.returncode == 2


def test_clean_document_exits_zero(tmp_path):
    d = docx.Document()
    d.add_paragraph("学习心得")
    d.add_paragraph("我认真学习了党章，收获很大。")
    d.save(tmp_path / "in.docx")
    r = _cli(tmp_path / "in.docx", tmp_path / "out.docx", "--kind", "zongjie")
    assert r.returncode in (0, 1), r.stderr
    report = analyze(read_docx_text(tmp_path / "in.docx"), "zongjie")
    assert (r.returncode == 1) == any(f.severity == "error" for f in report.findings)


def test_our_own_export_reviews_with_every_comment_anchored(tmp_path):
    from core.wordio.docx_io import export_docx

    text = ("2024年度党支部书记述职报告\n一、履职情况\n我主持召开XX次支委会,认真布署工作。\n"
            "二、存在问题\n学习不够深入。\n三、原因分析\n要求放松。\n四、下一步打算\n加强学习。")
    export_docx(text, tmp_path / "ours.docx")
    result = _review(tmp_path / "ours.docx", tmp_path / "ours_rev.docx", revisions=True)
    assert result.comments >= 3 and result.revisions >= 2
    spans = set(_anchored(_reject_all(_doc_root(tmp_path / "ours_rev.docx"))).values())
    for f in result.report.findings:
        if f.text:
            assert (f.start, f.end) in spans


def test_carriage_returns_and_bom_in_runs_map_like_the_reader(tmp_path):
    d = docx.Document()
    d.add_paragraph().add_run("\ufeff根据XX安排。")
    run = d.add_paragraph().add_run("占位")
    run._r.find(q("t")).text = "第一行\r\n第二行XX\r第三行"  # raw CRs in w:t (python-docx would write w:br)
    d.save(tmp_path / "cr.docx")
    text = read_docx_text(tmp_path / "cr.docx")
    assert "第一行\n第二行XX\n第三行" in text
    assert open_package(tmp_path / "cr.docx").map.text == text
    result = _review(tmp_path / "cr.docx", tmp_path / "out.docx")
    spans = set(_anchored(_doc_root(tmp_path / "out.docx")).values())
    xx = [f for f in result.report.findings if f.text == "XX"]
    assert len(xx) == 2 and all((f.start, f.end) in spans for f in xx)
