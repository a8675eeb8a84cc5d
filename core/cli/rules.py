"""`python -m core rules [ID-OR-PREFIX...] [--examples] [--format text|json] [--data-dir DIR]`:
the rule list with Chinese names, levels and descriptions, read from the rule manifests
(resources/rules/*.toml) and examples (resources/examples/*.toml).

Exit status as for `check`: 0 listed, 2 a usage error (an id or prefix that matches no rule,
a data folder that does not exist), with a Chinese message on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.analysis.findings import CATEGORY_ORDER
from core.analysis.lexicon import get_lexicon
from core.analysis.rule_catalog import LEVEL_LABELS, RuleInfo, rule_catalog
from core.analysis.settings import AnalysisSettings

HELP = "列出全部检查规则（中文名、级别、说明、示例）"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("rules", help=HELP, description=HELP)
    p.add_argument("ids", nargs="*", metavar="ID", help="只列这些规则：完整 id 或前缀，如 hygiene 或 hygiene.placeholder")
    p.add_argument("--examples", action="store_true", help="同时列出一条会被标出和一条不会标出的示例")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.add_argument("--data-dir", metavar="DIR", help="按该数据目录中的设置显示哪些规则已关闭、阈值取值")
    p.set_defaults(func=run)


def _matches(info: RuleInfo, wanted: str) -> bool:
    return info.id == wanted or info.id.startswith(wanted.rstrip(".") + ".")


def _thresholds(info: RuleInfo, settings: AnalysisSettings, defaults: dict) -> dict:
    out = {}
    for key in info.thresholds:
        group, _, name = key.partition(".")
        out[key] = settings.thresholds.get(key, defaults.get(group, {}).get(name))
    return out


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else None
    if data_dir is not None and not data_dir.is_dir():
        print(f"错误：数据目录不存在：{data_dir}", file=sys.stderr)
        return 2
    settings = AnalysisSettings.load(data_dir)
    lexicon = get_lexicon(str(data_dir)) if data_dir else get_lexicon()
    infos = rule_catalog()
    if args.ids:
        unknown = [w for w in args.ids if not any(_matches(i, w) for i in infos)]
        if unknown:
            print(f"错误：没有这样的规则：{'、'.join(unknown)}（运行 python -m core rules 查看全部）", file=sys.stderr)
            return 2
        infos = [i for i in infos if any(_matches(i, w) for w in args.ids)]
    defaults = lexicon.toml("thresholds")
    if args.format == "json":
        rows = [{"id": i.id, "name": i.name, "category": i.category, "level": i.level, "description": i.description,
                 "enabled": settings.enabled(i.id, i.default_enabled), "module": i.module,
                 "thresholds": _thresholds(i, settings, defaults), "data": list(i.data),
                 "examples": {"flag": i.example, "pass": i.pass_example}} for i in infos]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    on = sum(settings.enabled(i.id, i.default_enabled) for i in infos)
    print(f"检查规则 {len(infos)} 条（启用 {on} 条）")
    order = {c: n for n, c in enumerate(CATEGORY_ORDER)}
    for cat in sorted({i.category for i in infos}, key=lambda c: order.get(c, len(order))):
        print(f"\n{cat}")
        for i in (i for i in infos if i.category == cat):
            off = "" if settings.enabled(i.id, i.default_enabled) else "（已关闭）"
            print(f"  {i.id:<36}{i.name}［{LEVEL_LABELS.get(i.level, i.level)}］{off}")
            print(f"      {i.description}")
            values = _thresholds(i, settings, defaults)
            if values:
                print("      阈值：" + "，".join(f"{k} = {v}" for k, v in values.items()))
            if args.examples:
                if i.example:
                    print(f"      会被标出：{i.example.replace(chr(10), ' ⏎ ')}")
                if i.pass_example:
                    print(f"      不会标出：{i.pass_example.replace(chr(10), ' ⏎ ')}")
    return 0
