"""`python -m core export IN.txt|IN.docx OUT.docx [options]`: Word export from the command line.

Exit status: 0 written; 1 the export failed (target locked, read-only, disk full …);
2 a usage error or an unreadable input file. Messages go to stderr in Chinese.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from collections.abc import Sequence

from core.wordio.docx_io import DocumentReadError, ExportError, ExportOptions, export_docx, import_file

HELP = "把报告导出为公文格式的 Word 文档（.docx）"


def _configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("input", metavar="IN", help="要导出的报告：.txt 或 .docx")
    parser.add_argument("output", metavar="OUT.docx", help="导出的 Word 文件")
    parser.add_argument("--title", help="文档标题（默认取正文第一行标题）")
    parser.add_argument("--author", help="作者 / 述职人姓名")
    parser.add_argument("--unit", help="单位名称（用于落款）")
    parser.add_argument("--position", help="职务（落款中写在述职人姓名前，如 党支部书记）")
    parser.add_argument("--date", help="落款日期，如 2024-12-20、today，或 auto（按报告年度：本年度及 1—3 月写的"
                        "上年度报告用今天，更早的用该年 12 月 31 日）；默认不写")
    parser.add_argument("--signature", action="store_true", help="在文末加落款（单位、述职人、日期）")
    parser.add_argument("--no-page-numbers", action="store_true", help="不加页码")
    parser.add_argument("--bold-headings", action="store_true", help="二、三级标题加粗")
    parser.add_argument("--common-fonts", action="store_true",
                        help="用仿宋、楷体代替仿宋_GB2312、楷体_GB2312（电脑未装 GB2312 字体时）")
    return parser


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register the `export` sub-command on `subparsers` (from ArgumentParser.add_subparsers)."""
    parser = subparsers.add_parser("export", help=HELP, description=HELP)
    _configure(parser)
    parser.set_defaults(func=run)
    return parser


def _date(value: str | None, text: str = "") -> _dt.date | str | None:
    if value and value.strip().lower() == "today":
        return _dt.date.today()
    if value and value.strip().lower() == "auto":  # the same rule as the window's export dialog
        from core.text.document import parse
        from core.wordio.signature_date import default_signature_date

        return default_signature_date(parse(text).year)
    return value


def run(args: argparse.Namespace) -> int:
    try:
        imported = import_file(args.input)
    except DocumentReadError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    options = ExportOptions(
        title=args.title,
        author=args.author,
        unit=args.unit,
        position=args.position,
        date=_date(args.date, imported.text),
        bold_headings=args.bold_headings,
        signature=args.signature,
        page_numbers=not args.no_page_numbers,
    )
    if args.common_fonts:
        options.layout = options.layout.with_common_fonts()
    try:
        export_docx(imported.text, args.output, options)
    except ExportError as e:
        print(f"导出失败：{e}", file=sys.stderr)
        return 1
    print(f"已导出：{args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _configure(argparse.ArgumentParser(prog="python -m core export", description=HELP))
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 on --help
        return int(e.code or 0)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
