"""The checklist panel's content: one item per section of the kind, then substance items."""

from __future__ import annotations

from core.analysis.findings import ChecklistItem, Finding
from core.analysis.rules.structure import causes_inside_problems, is_skeleton, min_chars, section_chars
from core.text.document import Document


def build_checklist(doc: Document, ctx, findings: list[Finding]) -> list[ChecklistItem]:
    kind = ctx.kind
    items: list[ChecklistItem] = []
    present = {k for s in doc.sections for k in s.keys}
    skeleton = is_skeleton(doc)
    for key, spec in kind.sections.items():
        cid = f"section.{key}"
        if key in present:
            chars = section_chars(doc, key)
            combined = key == "causes" and any("problems" in s.keys and "causes" in s.keys
                                               for s in doc.sections)
            if combined:
                items.append(ChecklistItem(cid, spec.label, "pass", "与存在问题合写", spec.hint))
            elif chars == 0 and (skeleton or key != "opening"):
                items.append(ChecklistItem(cid, spec.label, "warn", "待填写", spec.hint))
            elif chars < min_chars(ctx, spec):
                items.append(ChecklistItem(cid, spec.label, "warn",
                                           f"仅 {chars} 字，少于 {min_chars(ctx, spec)} 字", spec.hint))
            else:
                items.append(ChecklistItem(cid, spec.label, "pass", f"{chars} 字", spec.hint))
        elif key == "causes" and kind.causes_inside_problems and causes_inside_problems(doc):
            items.append(ChecklistItem(cid, spec.label, "pass", "已在存在问题中分析原因", spec.hint))
        elif spec.required:
            items.append(ChecklistItem(cid, spec.label, "fail", "未找到", spec.hint))
        else:
            items.append(ChecklistItem(cid, spec.label, "pass", "可选，未写", spec.hint))
    # Substance items: each rule leaves its figure in ctx.stats under "checklist.<id>".
    for cid in ("figures", "unsupported_claims", "first_person", "measures", "balance", "cliche_density", "empty_claims",
                "overlap"):
        entry = ctx.stats.get(f"checklist.{cid}")
        if entry:
            label, status, message = entry
            items.append(ChecklistItem(cid, label, status, message, "", _details(cid, ctx.stats)))
    return items


def _details(cid: str, stats: dict) -> list[str]:
    """Per-section figures of the 套话与重复 items (density, empty claims, copied sources)."""
    bp = stats.get("boilerplate", {})
    if cid == "cliche_density":
        return [f"{s['title']}：每千字 {s['density']:.1f} 处（{s['count']} 处）{'，偏多' if s.get('warn') else ''}"
                for s in bp.get("cliche", {}).get("sections", []) if s.get("count")]
    if cid == "empty_claims":
        return [f"{s['title']}：{s['empty']} / {s['claims']} 句成效表述没有可核实的事实"
                for s in bp.get("empty_claims", {}).get("sections", []) if s.get("claims")]
    if cid == "overlap":
        return [f"《{s['name']}》：相同 {s['chars']} 字，{s['passages']} 段"
                for s in bp.get("overlap", {}).get("sources", [])]
    return []
