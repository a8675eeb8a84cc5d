"""Report kinds (resources/kinds.toml) and the section-heading matcher (resources/sections.toml)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

SECTION_KEYS = ("opening", "rectification", "performance", "problems", "causes", "plans")


@dataclass(frozen=True, slots=True)
class SectionSpec:
    key: str
    label: str
    required: bool
    min_chars: int
    hint: str


@dataclass(frozen=True, slots=True)
class KindSpec:
    id: str
    name: str
    short: str
    title: str
    first_person: bool
    causes_inside_problems: bool
    order: tuple[str, ...]
    sections: dict[str, SectionSpec]
    extra_patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # personal: the secretary speaks as 我; either: a 班子/支部 material may speak collectively.
    voice: str = "personal"

    def section(self, key: str) -> SectionSpec | None:
        return self.sections.get(key)

    def label(self, key: str) -> str:
        spec = self.sections.get(key)
        return spec.label if spec else key


class UnknownKindError(ValueError):
    pass


def build_kinds(kinds_data: dict, sections_data: dict) -> dict[str, KindSpec]:
    kinds: dict[str, KindSpec] = {}
    for kind_id, raw in kinds_data.items():
        secs: dict[str, SectionSpec] = {}
        for key in raw.get("order", SECTION_KEYS):
            s = raw.get("sections", {}).get(key, {})
            label = s.get("label") or sections_data.get(key, {}).get("label", key)
            secs[key] = SectionSpec(key, label, bool(s.get("required", False)), int(s.get("min_chars", 0)),
                                    s.get("hint", ""))
        kinds[kind_id] = KindSpec(
            id=kind_id,
            name=raw["name"],
            short=raw.get("short", raw["name"]),
            title=raw.get("title", raw["name"]),
            first_person=bool(raw.get("first_person", False)),
            causes_inside_problems=bool(raw.get("causes_inside_problems", True)),
            order=tuple(raw.get("order", SECTION_KEYS)),
            sections=secs,
            extra_patterns={k: tuple(v) for k, v in raw.get("extra_patterns", {}).items()},
            voice=str(raw.get("voice", "personal")),
        )
    return kinds


_HEADING_NOISE = re.compile(r"[\s\u3000“”\"'‘’《》（）()【】：:；;。，,、！？!?]")


def build_section_matcher(sections_data: dict, kind: KindSpec) -> Callable[[str], tuple[str, ...]]:
    """A function heading-title -> section keys it names (empty tuple: none)."""
    compiled: list[tuple[str, list[re.Pattern[str]]]] = []
    for key in SECTION_KEYS:
        if key == "opening":
            continue
        pats = list(sections_data.get(key, {}).get("patterns", [])) + list(kind.extra_patterns.get(key, ()))
        compiled.append((key, [re.compile(p) for p in pats]))

    @lru_cache(maxsize=8192)  # the same headings come back on every analysis
    def match(title: str) -> tuple[str, ...]:
        t = _HEADING_NOISE.sub("", title)
        if not t or len(t) > 30:
            return ()
        keys = [key for key, pats in compiled if any(p.search(t) for p in pats)]
        if "rectification" in keys:
            return ("rectification",)  # 问题整改情况 names last year's rectification, not problems
        if "plans" in keys and "problems" not in keys and "causes" in keys and "整改" in t:
            keys.remove("causes")
        if "plans" in keys and "performance" in keys:
            keys.remove("performance")  # 下一步工作思路和主要措施: 措施 looks ahead
        return tuple(keys)

    match.kind_order = kind.order  # type: ignore[attr-defined]  # sections place unnamed headings by it
    return match
