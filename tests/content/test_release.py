"""Content checks 5a and 5d: exercises/ is exactly nbgrader's release of solutions/, and
nothing secret reached it."""

from __future__ import annotations

import pytest

from apprentice import notebooks as nbs
from apprentice.course import Course
from apprentice.release import release

from .harness import REPO, module_ids

MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
)


def test_release_check_finds_no_drift():
    drift = release(Course.open(REPO), check=True)
    assert drift == [], "exercises/ differs from a fresh `apprentice release`: " + "; ".join(drift)


def _secret_lines(module: str) -> tuple[list[tuple[str, str]], set[str]]:
    """(where, line) for every substantial line of a solution, hidden test or mark scheme,
    and the set of lines of the source that are public (outside those regions)."""
    found, public = [], set()
    for path in nbs.assignment_notebooks(REPO / "solutions" / module):
        nb = nbs.read(path)
        for cell in nb.cells:
            gid = nbs.grade_id(cell) or "?"
            lines = cell.source.splitlines()
            regions = {
                "solution": ("BEGIN SOLUTION", "END SOLUTION"),
                "hidden test": ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
                "mark scheme": ("BEGIN MARK SCHEME", "END MARK SCHEME"),
            }
            secret_rows = set()
            for kind, (begin, end) in regions.items():
                inside = False
                for row, line in enumerate(lines):
                    if begin in line:
                        inside = True
                    elif end in line:
                        inside = False
                    elif inside:
                        secret_rows.add(row)
                        if len(line.strip()) >= 24 and not line.strip().startswith("#"):
                            found.append((f"{path.name}:{gid} {kind}", line.strip()))
            public |= {line.strip() for row, line in enumerate(lines) if row not in secret_rows}
    return found, public


@pytest.mark.parametrize("module", module_ids())
def test_no_solution_or_hidden_test_text_in_exercises(module):
    release_dir = REPO / "exercises" / module
    assert not (release_dir / "hidden").exists(), (
        f"exercises/{module}/hidden/ must never be released"
    )
    texts = {}
    for path in release_dir.rglob("*"):
        if path.is_file():
            texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8", errors="replace")
    leaks = [
        f"{name} contains {marker!r}"
        for name, text in texts.items()
        for marker in MARKERS
        if marker in text
    ]
    secrets, public = _secret_lines(module)
    for where, line in secrets:
        if line in public:
            continue  # the same line also appears in a visible part (e.g. a signature)
        for name, text in texts.items():
            if line in text:
                leaks.append(f"{name} contains a line of the {where}: {line[:60]!r}")
    assert not leaks, f"{module}: " + "; ".join(leaks[:10])


def _hidden_asserts_without_a_requirement(module: str) -> list[str]:
    import ast

    found = []
    for path in nbs.assignment_notebooks(REPO / "solutions" / module):
        for cell in nbs.read(path).cells:
            if not nbs.is_test(cell):
                continue
            hidden = nbs.hidden_lines(cell.source)
            for node in ast.parse(cell.source).body:
                if node.lineno not in hidden or not isinstance(node, ast.Assert):
                    continue
                msg = node.msg
                if not (
                    isinstance(msg, ast.Constant)
                    and isinstance(msg.value, str)
                    and msg.value.strip()
                ):
                    found.append(f"{nbs.grade_id(cell)} line {node.lineno}")
    return found


@pytest.mark.parametrize("module", module_ids())
def test_hidden_asserts_name_their_requirement(module):
    """A failing hidden check shows the learner its message, so it must be a plain string
    naming the requirement (CONTRIBUTING.md section 4), never a value."""
    missing = _hidden_asserts_without_a_requirement(module)
    assert not missing, (
        f"{module}: hidden asserts without a plain string message naming the requirement: "
        + ", ".join(missing[:12])
        + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    )


def _bound_and_free(source: str) -> tuple[set[str], set[str]]:
    """Names a cell binds at top level, and the global names it reads (at any depth)."""
    import symtable

    table = symtable.symtable(source, "<cell>", "exec")
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    free: set[str] = set()

    def walk(scope, top: bool) -> None:
        for symbol in scope.get_symbols():
            if not symbol.is_referenced():
                continue
            if top and not (symbol.is_assigned() or symbol.is_imported()):
                free.add(symbol.get_name())
            elif not top and symbol.is_global() and symbol.get_name() not in bound:
                free.add(symbol.get_name())
        for child in scope.get_children():
            walk(child, False)

    walk(table, True)
    return bound, free


@pytest.mark.parametrize("module", module_ids())
def test_visible_tests_run_in_a_plain_kernel(module):
    """A learner runs each released test cell in JupyterLab, not only through the grader: every
    name it reads must come from an earlier cell of the notebook (setup cells, the answers),
    Python's builtins or IPython's, never from names only the grader provides (run_tool)."""
    import builtins

    known = set(dir(builtins)) | {"display", "get_ipython", "In", "Out"}
    problems = []
    for path in nbs.assignment_notebooks(REPO / "exercises" / module):
        solved = {
            nbs.grade_id(c): c.source
            for c in nbs.read(REPO / "solutions" / module / path.name).cells
        }
        for cell in nbs.read(path).cells:
            if cell.cell_type != "code":
                continue
            source = (
                solved.get(nbs.grade_id(cell), cell.source) if nbs.is_answer(cell) else cell.source
            )
            bound, free = _bound_and_free(source)
            if nbs.is_test(cell) or nbs.is_setup(cell):
                missing = sorted(free - known - bound)
                if missing:
                    problems.append(f"{path.name} {nbs.grade_id(cell)}: {missing}")
            known |= bound
    assert not problems, "test cells read names no earlier cell defines: " + "; ".join(problems)


@pytest.mark.parametrize("module", module_ids())
def test_messages_are_not_dict_literals_inside_f_strings(module):
    """``f"{'pages': 44}"`` reads as the string 'pages' with the format spec " 44" and raises
    ValueError exactly when the check fails, so the learner never sees the message."""
    import ast

    problems = []
    for path in nbs.assignment_notebooks(REPO / "solutions" / module):
        for cell in nbs.read(path).cells:
            if not nbs.is_test(cell):
                continue
            for node in ast.walk(nbs.parse_python(cell.source)):
                if isinstance(node, ast.FormattedValue) and isinstance(node.value, ast.Constant):
                    problems.append(f"{nbs.grade_id(cell)} line {node.lineno}")
    assert not problems, "a braced literal inside an f-string (double the braces): " + "; ".join(
        problems
    )
