"""Short Chinese names of rules (resources/rule_names.toml) and counts of findings by name."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable
from functools import cache

from core.analysis.findings import Finding, Severity
from core.common.paths import resource_path


@cache
def _names() -> dict[str, str]:
    try:
        with open(resource_path("rule_names.toml"), "rb") as fh:
            return {str(k): str(v) for k, v in tomllib.load(fh).items()}
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # names are a courtesy: the ids still say what is wrong


def rule_name(rule_id: str) -> str:
    return _names().get(rule_id, rule_id)


def counts_by_name(findings: Iterable[Finding], severity: Severity | None = Severity.ERROR) -> list[tuple[str, int]]:
    """[(name, count)] of the findings of `severity` (all if None), most frequent first."""
    counts = Counter(rule_name(f.rule) for f in findings if severity is None or f.severity == severity)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def summary_line(findings: Iterable[Finding]) -> str:
    """"还有 29 处错误：占位符 25、水印 2、……" or "" when no error remains."""
    counts = counts_by_name(findings)
    total = sum(n for _, n in counts)
    if not total:
        return ""
    return f"还有 {total} 处错误：" + "、".join(f"{name} {n}" for name, n in counts)
