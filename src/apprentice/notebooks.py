"""Notebook helpers shared by release, self-check and grading: safe reading, cell roles, test sources."""

from __future__ import annotations

import ast
import json
import os
import stat
import threading
from pathlib import Path

import nbformat
from nbformat import NotebookNode

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
BEGIN_MARK_SCHEME = "### BEGIN MARK SCHEME"
END_MARK_SCHEME = "### END MARK SCHEME"
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


class NotebookError(Exception):
    """A notebook that cannot be used; the message is one line naming the file."""


def read(path: str | os.PathLike, *, max_bytes: int = MAX_NOTEBOOK_BYTES) -> NotebookNode:
    """Read a notebook defensively: a regular file (not a link), size-capped before parsing,
    UTF-8 JSON, valid nbformat 4. Raises NotebookError with a one-line reason."""
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such notebook") from None
    if stat.S_ISLNK(info.st_mode):
        raise NotebookError(f"{path}: is a symbolic link; submit the notebook file itself")
    if not stat.S_ISREG(info.st_mode):
        raise NotebookError(f"{path}: is not a regular file")
    if info.st_size > max_bytes:
        raise NotebookError(
            f"{path}: is {info.st_size // 1024 // 1024} MB, over the {max_bytes // 1024 // 1024} MB limit"
        )
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(max_bytes + 1)
    return parse(raw, name=str(path))


def parse(raw: bytes, *, name: str) -> NotebookNode:
    if not raw.strip():
        raise NotebookError(f"{name}: is empty, not a notebook")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(
            f"{name}: is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise NotebookError(f"{name}: JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise NotebookError(
            f"{name}: is not a notebook (invalid JSON at line {exc.lineno})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError(f"{name}: is JSON but not a notebook (no list of cells)")
    if data.get("nbformat") != 4:
        raise NotebookError(f"{name}: nbformat {data.get('nbformat')!r} is not supported (need 4)")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several types; all mean "not a valid notebook"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookError(f"{name}: is not a valid notebook ({first})") from None
    return nb


def write(nb: NotebookNode, path: str | os.PathLike) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


# --- cell roles (nbgrader metadata) --------------------------------------------------------------


def meta(cell: NotebookNode) -> dict:
    value = cell.get("metadata", {}).get("nbgrader", {})
    return value if isinstance(value, dict) else {}


# The same rules as nbgrader.utils.is_grade/is_solution/is_task/is_locked, kept here so the
# grading worker does not have to import nbgrader (and its Jupyter server extensions).
def _flag(cell: NotebookNode, key: str) -> bool:
    return bool(meta(cell).get(key, False))


def _locked(cell: NotebookNode) -> bool:
    if not meta(cell) or _flag(cell, "solution"):
        return False
    return _flag(cell, "grade") or _flag(cell, "locked")


def grade_id(cell: NotebookNode) -> str | None:
    return meta(cell).get("grade_id")


def is_test(cell: NotebookNode) -> bool:
    """An autograder test cell: graded code that is not an answer."""
    return cell.cell_type == "code" and _flag(cell, "grade") and not _flag(cell, "solution")


def is_answer(cell: NotebookNode) -> bool:
    """An autograded answer cell (code the learner writes)."""
    return cell.cell_type == "code" and _flag(cell, "solution")


def is_setup(cell: NotebookNode) -> bool:
    """A locked instructor code cell that is neither a test nor an answer."""
    return (
        cell.cell_type == "code"
        and _locked(cell)
        and not _flag(cell, "grade")
        and not _flag(cell, "solution")
    )


def is_task(cell: NotebookNode) -> bool:
    return _flag(cell, "task")


def is_manual_answer(cell: NotebookNode) -> bool:
    """A markdown answer cell graded by hand (nbgrader 'manually graded answer')."""
    return cell.cell_type == "markdown" and _flag(cell, "grade") and _flag(cell, "solution")


def points(cell: NotebookNode) -> float:
    return float(meta(cell).get("points", 0) or 0)


def course_meta(cell: NotebookNode) -> dict:
    value = cell.get("metadata", {}).get("apprentice", {})
    return value if isinstance(value, dict) else {}


# --- sources --------------------------------------------------------------------------------------


def hidden_lines(source: str) -> set[int]:
    """1-based line numbers inside a BEGIN/END HIDDEN TESTS region (markers included)."""
    hidden: set[int] = set()
    inside = False
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN_HIDDEN in line:
            inside = True
        if inside:
            hidden.add(number)
        if END_HIDDEN in line:
            inside = False
    return hidden


def completed_answer(source: str) -> str:
    """What a learner who wrote the reference solution would submit: markers removed."""
    return "\n".join(
        line
        for line in source.splitlines()
        if BEGIN_SOLUTION not in line and END_SOLUTION not in line
    )


def strip_mark_scheme(source: str) -> str:
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN_MARK_SCHEME in line:
            inside = True
        elif END_MARK_SCHEME in line:
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines).rstrip() + "\n" if lines else ""


_PARSE_LOCK = threading.Lock()


def parse_python(source: str) -> ast.Module:
    """``ast.parse``, one thread at a time. CPython 3.11 keeps the AST constructor's
    recursion-depth count in state all threads share, and two batches graded at once in one
    process (threads) failed with "SystemError: AST constructor recursion depth mismatch"
    (reports of the same in threaded programs: python/cpython gh-106905)."""
    with _PARSE_LOCK:
        return ast.parse(source)


def defined_names(source: str) -> set[str]:
    """Names an answer cell binds at top level by def, class or assignment (imports excluded)."""
    try:
        tree = parse_python(source)
    except SyntaxError:
        return set()
    names: set[str] = set()

    def targets(node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                targets(element)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                targets(target)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets(node.target)
    return names


def used_names(source: str) -> set[str]:
    """Every name a cell reads, at any depth."""
    try:
        tree = parse_python(source)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def assignment_notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.ipynb") if p.is_file())
