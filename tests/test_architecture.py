"""The import contract of DESIGN 3: layers import downwards only, and no module imports itself
back through others. Read from the source (ast), so a function-level import counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "ui")

# (importer prefix, forbidden import prefixes)
FORBIDDEN = [
    ("core", ("ui", "PySide6", "shiboken6")),
    ("core.common", ("core.text", "core.analysis", "core.storage", "core.wordio", "core.cli")),
    ("core.text", ("core.analysis", "core.storage", "core.wordio", "core.cli")),
    ("core.analysis", ("core.storage", "core.wordio", "core.cli")),
    ("core.storage", ("core.analysis", "core.wordio", "core.cli")),
    ("core.wordio", ("core.storage", "core.cli")),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            # `from core.cli import check` imports the module core.cli.check
            out.update(f"{base}.{a.name}" for a in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    files = {
        _module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")
    }
    graph = {}
    for name, path in files.items():
        graph[name] = {m for m in _imports(path, name) if m in files and m != name}
    return graph, files


GRAPH, FILES = _graph()


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("importer,forbidden", FORBIDDEN)
def test_layers_import_downwards(importer, forbidden):
    bad = []
    for name, path in FILES.items():
        if not _under(name, importer):
            continue
        for m in _imports(path, name):
            if any(_under(m, f) for f in forbidden):
                bad.append(f"{name} -> {m}")
    assert not bad, "import contract broken:\n" + "\n".join(sorted(bad))


def test_rules_never_import_storage_or_word_io():
    bad = [f"{n} -> {m}" for n, deps in GRAPH.items() if _under(n, "core.analysis.rules")
           for m in deps if _under(m, "core.storage") or _under(m, "core.wordio")]
    assert not bad


def test_no_import_cycles():
    # A submodule importing its own package's __init__ is how Python packages work, not a cycle.
    graph = {n: {m for m in deps if not _under(n, m)} for n, deps in GRAPH.items()}
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_contract_sees_known_edges():
    # Guards the checker itself: it must see these real dependencies, or it checks nothing.
    assert "core.analysis.findings" in GRAPH["core.analysis.analyzer"]
    assert any(_under(m, "core") for m in GRAPH["ui.main_window"])
