"""The largest files and functions (in lines; a nested function is counted inside the one that
holds it too) of each folder given, for seeing where a room has grown too big.

    python scripts/largest.py src/consentry/service src/consentry/store --top 3
    git worktree add /tmp/old REV && python scripts/largest.py /tmp/old/src/consentry/service
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path


def functions(tree: ast.AST) -> list[tuple[str, int, int]]:
    """(qualified name, first line, lines) of every function and method in a module."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                found.append((prefix + child.name, first, (child.end_lineno or child.lineno) - first + 1))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def sizes(folder: Path, exclude: list[str]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(lines, file) and (lines, function) below ``folder``, largest first."""
    files: list[tuple[int, str]] = []
    funcs: list[tuple[int, str]] = []
    for path in sorted(folder.rglob("*.py")):
        name = str(path.relative_to(folder))
        if any(part in name for part in exclude):
            continue
        text = path.read_text(encoding="utf-8")
        files.append((len(text.splitlines()), name))
        funcs.extend((lines, f"{name}:{first} {qualified}") for qualified, first, lines in functions(ast.parse(text)))
    return sorted(files, reverse=True), sorted(funcs, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=1, help="how many of each to list")
    parser.add_argument("--exclude", action="append", default=[], help="leave out paths containing this")
    args = parser.parse_args()
    for folder in args.folders:
        files, funcs = sizes(folder, args.exclude)
        print(f"{folder}:")
        for lines, name in files[: args.top]:
            print(f"  file      {lines:5} {name}")
        for lines, name in funcs[: args.top]:
            print(f"  function  {lines:5} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
