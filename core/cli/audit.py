"""`python -m core audit IN.docx [--format text|json] [--reflow OUT.docx]`: GB/T 9704 layout audit.

Exit status as for `check`: 0 no deviation, 1 some deviations, 2 a usage error or an unreadable
file (Chinese message on stderr). `--reflow OUT.docx` (按公文格式重排) writes IN's text in the
official layout to OUT; the exit status is then that of auditing OUT.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HELP = "检查 Word 文档的版式是否符合 GB/T 9704-2012（党政机关公文格式）"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("audit", help=HELP, description=HELP)
    p.add_argument("paths", nargs="+", metavar="IN.docx", help="要检查版式的 Word 文档")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.add_argument("--reflow", metavar="OUT.docx",
                   help="按公文格式重排：把文档文字以公文格式写入 OUT.docx（只能给一个 IN）")
    p.set_defaults(func=run)


def format_text(path: str, deviations) -> str:
    if not deviations:
        return f"{path}：版式符合 GB/T 9704-2012，未发现偏差。"
    out = [f"{path}：{len(deviations)} 处版式偏差"]
    for d in deviations:
        out.append(f"  [{d.clause}] {d.item}：应为 {d.expected}，实为 {d.found}（{d.where}）")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from core.wordio.audit import audit_docx, reflow_docx
    from core.wordio.docx_export import ExportError
    from core.wordio.docx_import import DocumentReadError

    paths = list(args.paths)
    if args.reflow:
        if len(paths) != 1:
            print("用法错误：--reflow 只能用于一个文档。", file=sys.stderr)
            return 2
        if Path(args.reflow).suffix.lower() != ".docx":
            print(f"错误：输出文件“{args.reflow}”应以 .docx 结尾。", file=sys.stderr)
            return 2
        try:
            reflow_docx(paths[0], args.reflow)
        except (DocumentReadError, ExportError) as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        print(f"已按公文格式重排：{args.reflow}", file=sys.stderr)
        paths = [args.reflow]
    status = 0
    results = []
    for path in paths:
        try:
            deviations = audit_docx(path)
        except DocumentReadError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            status = 2
            continue
        if deviations and status != 2:
            status = 1
        if args.format == "json":
            results.append({"path": path, "deviations": [d.to_dict() for d in deviations]})
        else:
            print(format_text(path, deviations))
    if args.format == "json":
        print(json.dumps(results[0] if len(args.paths) == 1 and results else results, ensure_ascii=False, indent=2))
    return status
