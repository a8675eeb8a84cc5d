"""The checklist panel's content: one item per section of the kind, then substance items."""

from __future__ import annotations

from core.analysis.findings import ChecklistItem, Finding
from core.analysis.rules.structure import (
    causes_inside_problems,
    is_skeleton,
    min_chars,
    nested_heading,
    section_chars,
)
from core.text.document import Document

# A substance row of the checklist and the rule whose findings are the places it counts
# ("2 个问题未见对应措施" -> the two substance.problem_without_measure findings).
ROW_RULES = {
    "figures": "substance.no_figures",
    "unsupported_claims": "substance.unsupported_claim",
    "first_person": "substance.first_person",
    "measures": "substance.problem_without_measure",
    "balance": "substance.balance",
    "cliche_density": "boilerplate.cliche",
    "empty_claims": "boilerplate.empty_claim",
    "overlap": "boilerplate.overlap",
    "last_year": "substance.last_year",
}
TODO = "todo"  # a part of a new skeleton not written yet: neither a pass nor a defect
TODO_SUBSTANCE = "待填写（写好正文后检查）"


def counted_spans(item_id: str, doc: Document | None) -> list[tuple[int, int]]:
    """The places a passing row counts without a finding for each ("12 处具体数字", "“我/本人”
    出现 15 次"), so the panel can mark them all (全部定位)."""
    from core.analysis.rules.substance import FIGURE_RE, FIRST_PERSON_RE, YEAR_ONLY

    if doc is None:
        return []
    if item_id == "figures":
        return [(m.start(), m.end()) for s in doc.sections_with("performance")
                for m in FIGURE_RE.finditer(doc.text, s.body_start, s.end) if not YEAR_ONLY.match(m.group())]
    if item_id == "first_person":
        start = doc.title.end if doc.title is not None else 0
        return [(m.start(), m.end()) for m in FIRST_PERSON_RE.finditer(doc.text, start)]
    return []


def build_checklist(doc: Document, ctx, findings: list[Finding]) -> list[ChecklistItem]:
    kind = ctx.kind
    items: list[ChecklistItem] = []
    present = {k for s in doc.sections for k in s.keys}
    skeleton = is_skeleton(doc)
    for key, spec in kind.sections.items():
        cid = f"section.{key}"
        if key in present:
            chars = section_chars(doc, key, ctx)
            combined = key == "causes" and any("problems" in s.keys and "causes" in s.keys
                                               for s in doc.sections)
            if combined:
                items.append(ChecklistItem(cid, spec.label, "pass", "与存在问题合写", spec.hint))
            elif chars == 0 and (skeleton or key != "opening"):
                items.append(ChecklistItem(cid, spec.label, TODO if skeleton else "warn", "待填写", spec.hint))
            elif chars < min_chars(ctx, spec):
                items.append(ChecklistItem(cid, spec.label, "warn",
                                           f"仅 {chars} 字，少于 {min_chars(ctx, spec)} 字", spec.hint))
            else:
                items.append(ChecklistItem(cid, spec.label, "pass", f"{chars} 字", spec.hint))
        elif key == "causes" and kind.causes_inside_problems and causes_inside_problems(doc):
            items.append(ChecklistItem(cid, spec.label, "pass", "已在存在问题中分析原因", spec.hint))
        elif spec.required and skeleton:  # a blank page: the part is still to be written
            items.append(ChecklistItem(cid, spec.label, TODO, "待填写", spec.hint))
        elif spec.required and key != "opening" and (nested := nested_heading(doc, ctx, key)) is not None:
            items.append(ChecklistItem(cid, spec.label, "warn", f"写在下一级标题“{nested.marker}{nested.title}”里",
                                       spec.hint))
        elif spec.required:
            items.append(ChecklistItem(cid, spec.label, "fail", "未找到", spec.hint))
        else:
            items.append(ChecklistItem(cid, spec.label, TODO if skeleton else "pass", "可选，未写", spec.hint))
    # Substance items: each rule leaves its figure in ctx.stats under "checklist.<id>".
    for cid in ("figures", "unsupported_claims", "first_person", "measures", "balance", "cliche_density", "empty_claims",
                "overlap"):
        entry = ctx.stats.get(f"checklist.{cid}")
        if entry:
            label, status, message = entry
            if skeleton:  # nothing written yet: a figure of nothing is neither a pass nor a warning
                status, message = TODO, TODO_SUBSTANCE
            items.append(ChecklistItem(cid, label, status, message, "", _details(cid, ctx.stats)))
    _last_year_row(items, ctx)
    return items


CHOOSE_LAST_YEAR = ("未选择上年度报告：在“文件 → 选择上年度报告…”中选择，或在草稿箱对去年的报告用"
                    "“以此为底稿新建”，即可逐条核对上年度问题的整改交代。")


def _last_year_row(items: list[ChecklistItem], ctx) -> None:
    """上年度问题整改: the rectification row (or a row of its own) counts last year's items accounted for."""
    ly = ctx.stats.get("last_year")
    row = next((i for i in items if i.id == "section.rectification"), None)
    if ly is None:
        if row is not None:
            row.details.append(CHOOSE_LAST_YEAR)
            row.targets.append(None)
        return
    n, ok = ly["problems"], ly["problems_answered"]
    message = f"上年度 {n} 个问题中 {ok} 个有整改交代" if n else "上年度报告中未找到列出的问题"
    if ly["measures"]:
        message += f"，{ly['measures']} 项措施中 {ly['measures_answered']} 项有落实交代"
    status = "pass" if ok == n else "warn"
    details, targets = [], []
    for it in ly["items"]:
        what = "问题" if it["kind"] == "problem" else "措施"
        if it["answer"]:
            details.append(f"✔ {what}：{it['text']} → 见{it['where']}（单击跳转）")
        else:
            details.append(f"✘ {what}：{it['text']} — 未见整改交代")
        targets.append(tuple(it["answer"]) if it["answer"] else None)
    if row is None:
        items.append(ChecklistItem("last_year", "上年度问题整改", status, message, "", details, targets))
        return
    if row.status != "fail":
        row.status = "warn" if "warn" in (row.status, status) else "pass"
    row.message = message if row.message.startswith("可选") else f"{row.message}；{message}"
    row.details = details + row.details
    row.targets = targets + [None] * (len(row.details) - len(targets))


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
