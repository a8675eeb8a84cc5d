"""`python -m core drafts list|show|export|import|backup`: the drafts database from a terminal.

Uses the same data folder as the window (SHUZHI_DATA_DIR). `add_parser()` registers the
sub-command on the main parser; `main(argv)` runs it standalone (also `python -m core.cli.drafts`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from core.common.atomic import atomic_write_text, name_problem
from core.storage import Draft, DraftSummary, StorageError, open_storage_safely
from core.text.wordcount import word_count
from core.wordio.read_input import read_report
from core.wordio.textfile import UnreadableFileError

EXIT_OK = 0
EXIT_ERROR = 2  # usage error or unreadable input (same code as `check`)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("drafts", help="管理草稿库（列出、查看、导出、导入、备份）",
                                   description="管理述职助手的草稿库（数据文件夹由 SHUZHI_DATA_DIR 指定）。")
    sub = parser.add_subparsers(dest="drafts_command", metavar="命令", required=True)
    p = sub.add_parser("list", help="列出草稿")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--deleted", action="store_true", help="列出回收站中的草稿")
    p = sub.add_parser("show", help="显示一篇草稿")
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("export", help="把草稿正文导出为 UTF-8 文本文件")
    p.add_argument("id", type=int)
    p.add_argument("out", type=Path)
    p = sub.add_parser("import", help="把文本文件（.txt）或 Word 文件（.docx）导入为新草稿")
    p.add_argument("file", type=Path)
    p.add_argument("--title", help="草稿标题（默认取第一行）")
    p.add_argument("--kind", default="shuzhi", help="报告类型（默认 shuzhi）")
    p.add_argument("--year", type=int, help="报告年度（默认从标题中识别）")
    p = sub.add_parser("backup", help="把整个草稿库备份到一个文件")
    p.add_argument("out", type=Path)
    parser.set_defaults(func=run)
    return parser


def _time(ts: float | None) -> str | None:
    return datetime.fromtimestamp(ts).isoformat(sep=" ", timespec="seconds") if ts is not None else None


def _summary_dict(d: DraftSummary | Draft) -> dict[str, Any]:
    out: dict[str, Any] = {"id": d.id, "title": d.title, "kind": d.kind, "year": d.year, "unit": d.unit,
                           "author": d.author}
    if isinstance(d, DraftSummary):
        out["chars"] = d.chars
    else:
        out["chars"] = word_count(d.body)
    out.update(created=_time(d.created), updated=_time(d.updated), deleted=_time(d.deleted))
    return out


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _cmd_list(storage: Any, args: argparse.Namespace) -> int:
    rows = storage.list_deleted() if args.deleted else storage.list_drafts()
    if args.format == "json":
        _print_json([_summary_dict(r) for r in rows])
        return EXIT_OK
    if not rows:
        print("回收站是空的。" if args.deleted else "还没有草稿。")
        return EXIT_OK
    for r in rows:
        year = f"{r.year}年" if r.year else "—"
        print(f"{r.id:>5}  {_time(r.updated)}  {year:<6} {r.chars:>7}字  {r.title or '（无标题）'}")
    return EXIT_OK


def _cmd_show(storage: Any, args: argparse.Namespace) -> int:
    draft = storage.get_draft(args.id)
    if draft is None:
        return _fail(f"找不到编号为 {args.id} 的草稿。")
    if args.format == "json":
        out = _summary_dict(draft)
        out.update(cursor=draft.cursor, body=draft.body)
        _print_json(out)
        return EXIT_OK
    print(f"标题：{draft.title or '（无标题）'}")
    print(f"类型：{draft.kind}    年度：{draft.year or '—'}    单位：{draft.unit or '—'}    述职人：{draft.author or '—'}")
    print(f"创建：{_time(draft.created)}    修改：{_time(draft.updated)}    字数：{word_count(draft.body)}")
    if draft.deleted is not None:
        print(f"（已于 {_time(draft.deleted)} 移入回收站）")
    print("-" * 40)
    print(draft.body)
    return EXIT_OK


def _cmd_export(storage: Any, args: argparse.Namespace) -> int:
    draft = storage.get_draft(args.id)
    if draft is None:
        return _fail(f"找不到编号为 {args.id} 的草稿。")
    problem = name_problem(Path(args.out))
    if problem:
        return _fail(problem)
    try:
        atomic_write_text(args.out, draft.body if draft.body.endswith("\n") else draft.body + "\n")
    except OSError as exc:
        return _fail(f"无法写入“{args.out}”（文件可能被占用、只读或磁盘已满）：{exc.strerror or exc}")
    print(f"已导出到 {args.out}")
    return EXIT_OK


def guess_title_and_year(text: str) -> tuple[str, int | None]:
    """The first non-empty line (shortened) as title, and a report year found in it."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    title = first if len(first) <= 60 else first[:60] + "…"
    m = re.search(r"(?<!\d)((?:19|20)\d{2})\s*年", first)
    return title, (int(m.group(1)) if m else None)


def _cmd_import(storage: Any, args: argparse.Namespace) -> int:
    try:
        decoded = read_report(args.file)
    except (UnreadableFileError, ValueError, OSError) as exc:
        return _fail(str(exc))
    text = decoded.text
    if decoded.notice:
        print(f"注意：“{args.file.name}”{decoded.notice}", file=sys.stderr)
    title, year = guess_title_and_year(text)
    draft_id = storage.create_draft(args.title or title or args.file.stem, text, kind=args.kind,
                                    year=args.year if args.year is not None else year)
    print(f"已导入为草稿 {draft_id}：{args.title or title or args.file.stem}")
    return EXIT_OK


def _cmd_backup(storage: Any, args: argparse.Namespace) -> int:
    storage.backup(args.out)
    print(f"已备份到 {args.out}")
    return EXIT_OK


_COMMANDS = {"list": _cmd_list, "show": _cmd_show, "export": _cmd_export, "import": _cmd_import,
             "backup": _cmd_backup}


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_ERROR


def run(args: argparse.Namespace) -> int:
    try:
        result = open_storage_safely()
    except StorageError as exc:
        return _fail(str(exc))
    if result.message:
        print(f"注意：{result.message}", file=sys.stderr)
    storage = result.storage
    try:
        return _COMMANDS[args.drafts_command](storage, args)
    except StorageError as exc:
        return _fail(str(exc))
    finally:
        storage.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core", description="述职助手命令行工具")
    add_parser(parser.add_subparsers(dest="command", required=True))
    if argv is None:
        argv = sys.argv[1:]
    if not argv or argv[0] != "drafts":  # `python -m core.cli.drafts list` works too
        argv = ["drafts", *argv]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage message
        return int(exc.code or 0)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
