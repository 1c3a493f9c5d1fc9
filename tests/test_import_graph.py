"""No import cycles among Consentry's modules: every import counts, at the top of a module, inside a
function (imported late) or only for type checking, since each is a place where two rooms lean on
each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "consentry"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in (SRC / PACKAGE).rglob("*.py") if "migrations" not in p.parts}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules of this package it imports (``from a.b import c`` counts as ``a.b.c``
    when that is a module, else ``a.b``)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            edges.update(t for t in targets if t in modules and t != name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["c", "d"], ["a", "b"]]),
    ],
)
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert sorted(cycles(graph)) == sorted(expected)


def test_a_late_or_type_checking_import_counts(tmp_path: Path) -> None:
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from consentry.b import B\n"
    later = "def f():\n    from consentry import a\n"
    (tmp_path / "a.py").write_text(source, encoding="utf-8")
    (tmp_path / "b.py").write_text(later, encoding="utf-8")
    modules = {"consentry.a": tmp_path / "a.py", "consentry.b": tmp_path / "b.py", "consentry": tmp_path / "x.py"}
    (tmp_path / "x.py").write_text("", encoding="utf-8")
    assert cycles(import_graph(modules)) == [["consentry.a", "consentry.b"]]


def test_the_package_has_no_import_cycles() -> None:
    assert cycles(import_graph(_modules())) == []


# --- the rooms, and who may call whom (docs/architecture.md shows the same table) ---------------

CORE = frozenset(
    {
        "consentry",
        "types",
        "content",
        "errors",
        "config",
        "jsonl",
        "guard",
        "detectors",
        "policy",
        "text",
        "image",
        "gallery",
    }
)
MAY_IMPORT: dict[str, frozenset[str]] = {
    **{room: CORE for room in CORE},
    "store": CORE,
    "scan": CORE | {"store"},
    "eval": CORE | {"scan"},
    "service": CORE | {"store", "scan"},
}
FRONT_DOORS = ("consentry.cli", "consentry.__main__")  # and every package's cli module: they may call any room
STORE_INSIDE = ("consentry.store.models", "consentry.store.database", "consentry.store.migrations")


def room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def is_front_door(module: str) -> bool:
    return module in FRONT_DOORS or module.endswith(".cli") or module == "consentry.eval.command"


def broken_rules(graph: dict[str, set[str]]) -> list[str]:
    broken = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            here, there = room_of(module), room_of(target)
            if target.startswith(STORE_INSIDE) and here != "store":
                broken.append(f"{module} -> {target}: only the store opens database sessions and rows")
            elif here != there and not is_front_door(module) and there not in MAY_IMPORT.get(here, CORE):
                broken.append(f"{module} -> {target}: the {here} room may not call the {there} room")
    return broken


@pytest.mark.parametrize(
    ("graph", "broken"),
    [
        ({"consentry.text.person": {"consentry.types"}}, 0),
        ({"consentry.text.person": {"consentry.store.sql"}}, 1),
        ({"consentry.service.core": {"consentry.store.sql"}}, 0),
        ({"consentry.service.core": {"consentry.store.models"}}, 1),
        ({"consentry.store.sql": {"consentry.service.core"}}, 1),
        ({"consentry.image.cli": {"consentry.store"}}, 0),
        ({"consentry.policy.evaluate": {"consentry.eval.metrics"}}, 1),
    ],
)
def test_the_room_rules_catch_a_call_across_them(graph: dict[str, set[str]], broken: int) -> None:
    assert len(broken_rules(graph)) == broken


def test_each_room_calls_only_the_rooms_it_may() -> None:
    assert broken_rules(import_graph(_modules())) == []


def test_each_package_says_its_one_job_in_a_sentence() -> None:
    for name, path in _modules().items():
        if path.name != "__init__.py":
            continue
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first = docstring.split("\n\n")[0].replace("\n", " ")
        assert first.endswith((".", ".)")) and len(first) <= 200, f"{name}: {first!r}"
