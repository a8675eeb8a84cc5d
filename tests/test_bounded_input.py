"""Any file, bounded (issue 18): readers cap the inflated size and the characters accepted,
refuse unsupported encodings, strip a few stray control characters with a notice, read Chinese
UTF-16 without BOM, and normalise line endings the same way everywhere. Files are generated
here, small, with the limits lowered for the test."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from core.common.newlines import normalise_newlines
from core.storage import Storage
from core.wordio import docx_import
from core.wordio.docx_io import DocumentReadError, import_file
from core.wordio.read_input import read_report_file
from core.wordio.textfile import UnreadableFileError, decode, read_text

PARA = "今年以来，我认真落实全面从严治党主体责任，组织开展主题党日活动，推动整改落实到位。"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs: list[str], filler: int = 0) -> Path:
    """A minimal .docx; `filler` bytes of (highly compressible) bookmark noise in the body."""
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    noise = "<w:bookmarkStart w:id=\"0\" w:name=\"x\"/>" * (filler // 40)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{noise}{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", xml)
    return path


def test_docx_inflating_past_the_cap_is_refused_early_with_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_import, "MAX_PART_BYTES", 2 * 1024 * 1024)
    path = write_docx(tmp_path / "bomb.docx", [PARA], filler=6 * 1024 * 1024)
    assert path.stat().st_size < 200_000  # small on disk, 6 MB inflated
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(DocumentReadError, match="解压后超过 2 MB"):
        import_file(path)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 5 and peak < 20 * 1024 * 1024  # streamed: never the whole XML or its tree


def test_docx_declaring_a_huge_part_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_import, "MAX_PART_BYTES", 1024)
    path = write_docx(tmp_path / "big.docx", [PARA] * 50)
    with pytest.raises(DocumentReadError, match="解压后超过"):
        import_file(path)


def test_docx_with_too_many_characters_offers_its_first_part(tmp_path):
    path = write_docx(tmp_path / "long.docx", [f"{i}、{PARA}" for i in range(400)])
    with pytest.raises(DocumentReadError) as info:
        docx_import._read_docx(path, max_chars=2000)
    err = info.value
    assert "超过 2,000 字" in str(err)
    assert err.first_part and 1000 < len(err.first_part) <= 2000 and err.first_part.startswith("0、")
    assert not err.first_part.endswith("\n")
    text, _title = docx_import._read_docx(path, max_chars=100_000)  # under the limit: all of it
    assert text.count("\n") == 399


def test_long_text_file_is_refused_with_its_first_part_reading_only_the_beginning(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text((PARA + "\n") * 20_000, encoding="utf-8")  # ~0.8 M characters, 2.4 MB
    t0 = time.perf_counter()
    with pytest.raises(UnreadableFileError) as info:
        read_text(path, max_chars=5_000)
    assert time.perf_counter() - t0 < 1.0
    head = info.value.first_part
    assert head and len(head) <= 5_000 and (PARA + "\n") * 3 in head + "\n"
    assert "超过 5,000 字" in str(info.value)
    with pytest.raises(UnreadableFileError) as via_cli:
        read_report_file(path)  # the command line refuses with the same message
    assert "字" in str(via_cli.value)


def test_truncated_read_never_splits_a_character(tmp_path):
    for enc in ("utf-8", "gb18030", "utf-16"):
        path = tmp_path / f"t-{enc}.txt"
        path.write_bytes(("党建" * 3000).encode(enc))
        with pytest.raises(UnreadableFileError) as info:
            read_text(path, max_chars=1001)
        assert set(info.value.first_part) == {"党", "建"}


@pytest.mark.parametrize(("codec", "text", "name"), [
    ("big5", "我們今年認真學習黨的理論知識，組織開展支部活動，落實整改措施。\n二、存在問題\n", "Big5"),
    # Short: once read as GB18030 (nine Chinese characters were too few to judge), mostly
    # private-use characters and rare hanzi.
    ("big5", "一、履職情況\n全年召開支委會12次。\n", "Big5"),
    ("shift_jis", "私たちは今年、理論の学習を真剣に行い、支部の活動を組織しました。\n問題点\n", "Shift-JIS"),
])
def test_unsupported_encodings_are_refused_not_imported_as_garbage(tmp_path, codec, text, name):
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(codec))
    with pytest.raises(DocumentReadError, match=f"编码不受支持.*{name}"):
        import_file(path)


def test_short_gbk_texts_still_read(tmp_path):
    for text in ("一、履职情况\n全年召开支委会12次。\n", "二、存在问题\n", "党建工作总结"):
        path = tmp_path / "short.txt"
        path.write_bytes(text.encode("gbk"))
        assert import_file(path).text == text


def test_gb18030_and_utf8_reports_still_read(tmp_path):
    text = "2025年度述职报告\n" + PARA * 5
    for codec in ("gb18030", "utf-8", "utf-8-sig", "utf-16"):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        assert import_file(path).text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_read(tmp_path, codec):
    text = "一、履职情况\n" + PARA * 3 + "\n二、存在问题\n一是学习不够深入。"
    path = tmp_path / "u16.txt"
    path.write_bytes(text.encode(codec))
    assert import_file(path).text == text


def test_a_few_stray_control_characters_are_removed_with_a_notice(tmp_path):
    text = (PARA * 15)[:600]
    dirty = text[:100] + "\x07" + text[100:300] + "\x1b" + text[300:] + "\x08"
    path = tmp_path / "pasted.txt"
    path.write_text(dirty, encoding="utf-8")
    imported = import_file(path)
    assert imported.text == text and "3 个" in imported.notice
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(1, 32)) * 40)
    with pytest.raises(DocumentReadError, match="二进制"):
        import_file(binary)


def test_line_endings_are_normalised_at_every_entry_point(tmp_path, data_dir):
    mixed = "2025年度述职报告\r一、履职情况\r\n" + PARA + "\r二、存在问题\n一是不足。"
    want = normalise_newlines(mixed)
    assert "\r" not in want and want.count("\n") == 4
    path = tmp_path / "cr.txt"
    path.write_bytes(mixed.encode("utf-8"))
    assert read_report_file(path) == want  # the command line
    assert decode(mixed.encode("gb18030")).text == want
    with Storage(data_dir / "shuzhi.db") as s:  # the stored body, whoever writes it
        draft_id = s.create_draft("t", mixed)
        assert s.get_draft(draft_id).body == want
        s.update_draft_body(draft_id, mixed + "\r更多")
        assert s.get_draft(draft_id).body == want + "\n更多"


def test_analysis_degrades_above_a_size_instead_of_freezing():
    from core.analysis.analyzer import Analyzer

    a = Analyzer()
    a.full_limit, a.paragraph_limit = 2_000, 6_000
    small = "2025年度述职报告\n一、履职情况\n" + (PARA + "XX\n") * 10
    report = a.analyze(small)
    assert "degraded" not in report.stats
    assert any(f.rule.startswith("structure") for f in report.findings)
    middle = a.analyze(small + (PARA + "XX\n") * 60)
    assert middle.stats["degraded"] == "paragraph" and "只做了段落内的检查" in middle.stats["degraded_notice"]
    assert middle.findings and not any(a.rules[f.rule].scope != "paragraph" for f in middle.findings)
    huge = a.analyze(small + (PARA + "XX\n") * 200)
    assert huge.stats["degraded"] == "none" and huge.findings == []
