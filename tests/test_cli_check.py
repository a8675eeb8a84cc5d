"""The command-line checker (DESIGN 4.4): encodings, offsets, JSON shape, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
CLEAN = (ROOT / "tests/data/clean_report_1.txt").read_text(encoding="utf-8")
MISSING_CAUSES = CLEAN.split("四、原因分析")[0] + "五、下一步打算" + CLEAN.split("五、下一步打算")[1]


def run_json(capsys, *args) -> tuple[int, list]:
    code = main(["check", "--format", "json", *map(str, args)])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""),
                                          ("gbk", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_encodings_give_the_same_offsets(tmp_path, capsys, encoding, bom):
    text = "2025年度述职报告\r\n一、履职情况\r\n我主持召开会议XX次。\r\n"
    path = tmp_path / "r.txt"
    path.write_bytes(bom + text.encode(encoding))
    code, results = run_json(capsys, path)
    expected = text.replace("\r\n", "\n")
    assert results[0]["chars"] == len(expected)
    for f in results[0]["findings"]:
        assert expected[f["start"]:f["end"]] == f["text"]
    assert code == 1  # missing sections are errors


def test_clean_report_exits_zero_and_json_shape(tmp_path, capsys):
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    code, results = run_json(capsys, path)
    assert code == 0
    r = results[0]
    assert set(r) == {"path", "kind", "chars", "sections", "checklist", "findings"}
    assert r["kind"] == "shuzhi"
    assert [s["key"] for s in r["sections"]] == ["opening", "rectification", "performance", "problems",
                                                  "causes", "plans"]
    assert all(set(c) == {"id", "label", "status", "message"} for c in r["checklist"])
    assert not [f for f in r["findings"] if f["severity"] in ("error", "warning")]


def test_missing_causes_is_an_error_with_section(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(MISSING_CAUSES, encoding="utf-8")
    code, results = run_json(capsys, path)
    assert code == 1
    hits = [f for f in results[0]["findings"] if f["rule"] == "structure.missing_section"]
    assert [f["section"] for f in hits] == ["causes"]
    status = {c["id"]: c["status"] for c in results[0]["checklist"]}
    assert status["section.causes"] == "fail"


def test_unreadable_files_exit_two_but_others_are_checked(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(CLEAN, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    code = main(["check", "--format", "json", str(empty), str(binary), str(tmp_path / "nope.txt"), str(good)])
    captured = capsys.readouterr()
    assert code == 2
    results = json.loads(captured.out)
    assert [Path(r["path"]).name for r in results] == ["good.txt"]
    assert "文件为空" in captured.err
    assert "不是文本文件" in captured.err
    assert "找不到文件" in captured.err


def test_unknown_kind_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(CLEAN, encoding="utf-8")
    assert main(["check", "--kind", "nosuch", str(path)]) == 2
    assert "未知的报告类型" in capsys.readouterr().err


def test_text_format_lists_line_and_column(tmp_path, capsys):
    path = tmp_path / "r.txt"
    path.write_text(MISSING_CAUSES, encoding="utf-8")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "✘ 原因分析：未找到" in out
    assert "[错误] structure.missing_section" in out


def test_module_entry_point_in_subprocess(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(CLEAN, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "core", "check", "--format", "json", str(path)],
                          capture_output=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    assert json.loads(proc.stdout.decode("utf-8"))[0]["kind"] == "shuzhi"
    bad = subprocess.run([sys.executable, "-m", "core", "check"], capture_output=True, cwd=ROOT, timeout=60)
    assert bad.returncode == 2


def test_docx_input_is_read_as_paragraphs(tmp_path, capsys):
    import docx

    d = docx.Document()
    for line in CLEAN.split("\n"):
        d.add_paragraph(line)
    path = tmp_path / "r.docx"
    d.save(path)
    code, results = run_json(capsys, path)
    assert code == 0
    assert results[0]["chars"] == len(CLEAN)


def test_corrupt_docx_and_old_doc_give_clear_messages(tmp_path, capsys):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "WordDocument".encode("utf-16-le"))
    code = main(["check", str(bad), str(old)])
    err = capsys.readouterr().err
    assert code == 2
    assert "bad.docx" in err and "old.doc" in err
    assert ".docx" in err
