"""The simulation is one public module; nothing reaches into another part's private helpers.

`apprentice.simulate` is what the demo, the benchmarks and the tests share. Across the three
parts of the repository (src/, bench/, tests/):
- bench/ and tests/ use only public names of the package (no ``from apprentice.x import _y``,
  no ``x._y`` on an imported apprentice module);
- src/ and bench/ never import tests/, and src/ never imports bench/;
- nothing in src/ names a file under tests/ (a path string), so the installed tool never
  depends on the test tree at run time.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .content.harness import REPO

PARTS = {"src": REPO / "src" / "apprentice", "bench": REPO / "bench", "tests": REPO / "tests"}


def _files(part: str) -> list[Path]:
    return sorted(p for p in PARTS[part].rglob("*.py") if "__pycache__" not in p.parts)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _module_of(node: ast.ImportFrom, path: Path) -> str:
    """The absolute module an ImportFrom reads, resolving relative imports."""
    if not node.level:
        return node.module or ""
    base = path.parent
    for _ in range(node.level - 1):
        base = base.parent
    if base.is_relative_to(REPO / "src"):
        package = ".".join(base.relative_to(REPO / "src").parts)
    else:
        package = ".".join(base.relative_to(REPO).parts)
    return ".".join(p for p in (package, node.module) if p)


def _names_tests(node: ast.AST, docstrings: set[int]) -> bool:
    """A path into tests/: `x / "tests"`, or a string "tests/..." outside docstrings."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return any(
            isinstance(side, ast.Constant) and side.value == "tests"
            for side in (node.left, node.right)
        )
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value.startswith("tests/")
    )


def _problems(part: str, path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), str(path))
    where = path.relative_to(REPO)
    out = []
    aliases = set()
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _module_of(node, path)
            top = module.split(".")[0]
            if part != "src" and top == "apprentice":
                for alias in node.names:
                    if _private(alias.name):
                        out.append(f"{where}:{node.lineno} imports {module}.{alias.name}")
                    elif not alias.name[:1].isupper():
                        aliases.add(alias.asname or alias.name)
            if (part == "src" and top in ("tests", "bench")) or (
                part == "bench" and top == "tests"
            ):
                out.append(f"{where}:{node.lineno} imports {module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if (part == "src" and top in ("tests", "bench")) or (
                    part == "bench" and top == "tests"
                ):
                    out.append(f"{where}:{node.lineno} imports {alias.name}")
                if part != "src" and top == "apprentice":
                    aliases.add(alias.asname or alias.name)
        elif (
            part != "src"
            and isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            out.append(f"{where}:{node.lineno} uses {node.value.id}.{node.attr}")
        elif part == "src" and _names_tests(node, docstrings):
            out.append(f"{where}:{node.lineno} builds a path into tests/")
    return out


@pytest.mark.parametrize("part", list(PARTS))
def test_no_private_helpers_cross_the_parts_of_the_repository(part):
    problems = [p for path in _files(part) for p in _problems(part, path)]
    assert problems == [], "\n".join(problems)


def test_the_checker_sees_what_it_forbids(tmp_path, monkeypatch):
    source = (
        "from apprentice.demo import _answers\n"
        "from apprentice import simulate\n"
        "from tests.content.harness import REPO\n"
        "simulate._step\n"
    )
    loader = tmp_path / "loader.py"
    loader.write_text('from pathlib import Path\nROOT = Path(".") / "tests"\nX = "tests/a.py"\n')
    probe = tmp_path / "probe.py"
    probe.write_text(source)
    monkeypatch.setattr("tests.test_boundaries.REPO", tmp_path.parent)
    found = _problems("bench", probe)
    assert len(found) == 3, found
    assert len(_problems("src", loader)) == 2
