"""Rule registry. A rule is a small function with an id, a description and a scope.

- scope "paragraph": `func(text, ctx) -> findings` with offsets relative to the paragraph text;
  results are cached per paragraph text, so an edit re-runs only the edited paragraph.
- scope "document": `func(doc, ctx) -> findings` with absolute offsets; runs on every analysis
  and must stay cheap (use `ctx.tokens(paragraph)`, which is cached).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.analysis.findings import Finding


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    scope: str  # "paragraph" | "document"
    func: Callable[..., Iterable[Finding]]
    description: str
    default_enabled: bool = True


_registry: dict[str, Rule] = {}


def rule(rule_id: str, *, scope: str = "document", description: str = "", default_enabled: bool = True,
         part: str = ""):
    """Register `func` as rule `rule_id`.  `part` names a second function that reports under an id
    another module owns (page-counter residue is hygiene.watermark, found by the numbering code); it
    is switched on and off with that id and is not listed as a rule of its own."""
    if part and scope == "paragraph":
        # Paragraph results are cached per rule id: a second paragraph function under one id
        # would overwrite the first's results. Call it from the rule's own function instead.
        raise ValueError(f"{rule_id}#{part}: a part must be document-scope")

    def register(func):
        key = f"{rule_id}#{part}" if part else rule_id
        _registry[key] = Rule(rule_id, scope, func, description, default_enabled)
        return func

    return register


def rule_modules() -> list[str]:
    """Every module in this package is a rule family (a new file is picked up by itself)."""
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def all_rules() -> dict[str, Rule]:
    for name in rule_modules():
        importlib.import_module(name)
    return dict(_registry)
