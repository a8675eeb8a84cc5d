"""`python -m core check`: the command-line checker of DESIGN 4.4."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.analysis.analyzer import CompareDoc
from core.analysis.findings import SEVERITY_LABELS, Report, Severity
from core.analysis.lexicon import Lexicon
from core.cli.setup import analyzer_from_args
from core.wordio.read_input import read_report, read_report_file
from core.wordio.textfile import UnreadableFileError

STATUS_ICONS = {"pass": "✔", "fail": "✘", "warn": "⚠", "todo": "○"}


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("check", help="检查述职报告（.txt / .docx）", description="检查述职报告并列出问题。")
    p.add_argument("paths", nargs="+", metavar="PATH", help=".txt（UTF-8、GB18030/GBK、UTF-16）或 .docx 文件")
    p.add_argument("--kind", default="shuzhi", help="报告类型，默认 shuzhi（书记述职报告）")
    p.add_argument("--compare", action="append", default=[], metavar="PATH",
                   help="对照文本（去年的报告、模板），用于查找照抄段落；可重复")
    p.add_argument("--last-year", metavar="PATH",
                   help="上年度的述职报告：逐条核对其中的问题和措施在本年度报告中有无整改交代（文本输出每条一行，"
                        "JSON 输出含 last_year 对象），并查找照抄段落")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.add_argument("--data-dir", metavar="DIR",
                   help="使用该数据目录中的设置和自定义词表（如应用的数据目录）")
    p.set_defaults(func=run)


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def last_year_items(report: Report) -> dict | None:
    """Last year's problems and measures, each with whether and where this year's report answers
    it: the data of the checklist's 上年度问题整改 lines (None without a last-year report)."""
    ly = report.stats.get("last_year")
    if not ly:
        return None
    items = []
    for it in ly["items"]:
        answer = it["answer"]
        row = {"kind": it["kind"], "text": it["text"], "answered": bool(answer)}
        if answer:
            line, col = line_col(report.text, answer[0])
            row.update(where=it["where"], start=answer[0], end=answer[1], line=line, column=col)
        items.append(row)
    return {"name": ly["name"], "problems": ly["problems"], "problems_answered": ly["problems_answered"],
            "measures": ly["measures"], "measures_answered": ly["measures_answered"], "items": items}


def _last_year_lines(report: Report) -> list[str]:
    ly = last_year_items(report)
    out = []
    for it in ly["items"] if ly else ():
        what = "问题" if it["kind"] == "problem" else "措施"
        if it["answered"]:
            out.append(f"      ✔ {what}：{it['text']} → 见{it['where']}（第 {it['line']} 行）")
        else:
            out.append(f"      ✘ {what}：{it['text']} — 未见整改交代")
    return out


def format_text(path: str, report: Report, lexicon: Lexicon) -> str:
    kind = lexicon.kind(report.kind)
    errors = report.count(Severity.ERROR)
    warnings = report.count(Severity.WARNING)
    infos = len(report.findings) - errors - warnings
    out = [f"{path}（{kind.name}，{report.words} 字）：{errors} 处错误 · {warnings} 处提醒 · {infos} 条建议"]
    for item in report.checklist:
        out.append(f"  {STATUS_ICONS.get(item.status, '?')} {item.label}：{item.message}")
        if item.id in ("section.rectification", "last_year") and report.stats.get("last_year"):
            out.extend(_last_year_lines(report))
    for f in report.findings:
        line, col = line_col(report.text, f.start)
        shown = f"「{f.text}」" if f.text and len(f.text) <= 30 else ""
        sugg = f"（建议：{f.suggestion}）" if f.suggestion else ""
        out.append(f"  {line}:{col} [{SEVERITY_LABELS[f.severity]}] {f.rule} {shown}{f.message}{sugg}")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    analyzer = analyzer_from_args(args)
    if analyzer is None:
        return 2
    lexicon = analyzer.lexicon
    status = 0
    compare = []
    for cpath in args.compare:
        try:
            compare.append(CompareDoc(Path(cpath).stem, read_report_file(cpath)))
        except UnreadableFileError as exc:
            print(f"错误：对照文本无法读取：{exc}", file=sys.stderr)
            status = 2
    if args.last_year:
        try:
            compare.append(CompareDoc(f"上年度报告 {Path(args.last_year).stem}", read_report_file(args.last_year),
                                      last_year=True))
        except UnreadableFileError as exc:
            print(f"错误：上年度报告无法读取：{exc}", file=sys.stderr)
            status = 2
    results = []
    for path in args.paths:
        try:
            decoded = read_report(path)
        except UnreadableFileError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            status = 2
            continue
        text = decoded.text
        if decoded.notice:  # e.g. stray control characters removed: said, on stderr (stdout stays the report)
            print(f"注意：“{Path(path).name}”{decoded.notice}", file=sys.stderr)
        report = analyzer.analyze(text, args.kind, compare)
        if status != 2 and report.count(Severity.ERROR):
            status = 1
        if args.format == "json":
            result = {"path": path, **report.to_dict()}
            ly = last_year_items(report)
            if ly is not None:  # per-item rectification lines (DESIGN 4.4 keys unchanged)
                result["last_year"] = ly
            results.append(result)
        else:
            print(format_text(path, report, lexicon))
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status
