"""Module anatomy checks (CONTRIBUTING.md): lessons, assignments and mentor guides are complete."""

from __future__ import annotations

import ast
import re

import pytest

from apprentice import notebooks as nbs
from apprentice import syllabus as syl

from .content.harness import REPO

SYLLABUS = syl.load(REPO)
MODULES = SYLLABUS.modules
LESSON_HEADINGS = [
    "## Why this matters to an InfraSec engineer",
    "## Check your understanding",
    "## Key points",
    "## References",
]
GUIDE_HEADINGS = ["## Session plan", "## Common misconceptions", "## Grading the written answer"]
URL = re.compile(r"https?://\S+")


def _lessons():
    return [pytest.param(m, name, id=f"{m.id}/{name}") for m in MODULES for name in m.lessons]


def _assignments():
    return [pytest.param(m, name, id=f"{m.id}/{name}") for m in MODULES for name in m.assignments]


@pytest.mark.parametrize(("module", "name"), _lessons())
def test_lesson_has_the_standard_structure(module, name):
    nb = nbs.read(REPO / "curriculum" / module.id / name)
    front = nb.cells[0]
    assert front.cell_type == "markdown", "the first cell is the front matter"
    assert front.source.startswith(f"# {module.id[:2]} · {module.title}"), (
        f"front matter must start with '# {module.id[:2]} · {module.title}'"
    )
    for objective in module.objectives:
        assert f"[{objective.id}]" in front.source and objective.text in front.source, (
            f"front matter lacks objective [{objective.id}] {objective.text!r}"
        )
    headings = [
        line.strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    positions = []
    for heading in LESSON_HEADINGS:
        assert heading in headings, f"missing section {heading!r}"
        positions.append(headings.index(heading))
    assert positions == sorted(positions), f"sections out of order: {LESSON_HEADINGS}"
    references = next(
        c.source for c in nb.cells if c.cell_type == "markdown" and "## References" in c.source
    )
    assert len(URL.findall(references)) >= 3, (
        "cite a URL for every fact (at least three references)"
    )


@pytest.mark.parametrize(("module", "name"), _lessons())
def test_lesson_is_committed_executed_without_errors(module, name):
    nb = nbs.read(REPO / "curriculum" / module.id / name)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code, "a lesson has worked examples"
    assert all(c.execution_count for c in code), (
        "commit the lesson executed (jupyter nbconvert --execute)"
    )
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, f"the lesson has error outputs: {[e.ename for e in errors]}"
    figures = [o for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert figures, "a lesson has at least one figure"


@pytest.mark.parametrize(("module", "name"), _assignments())
def test_assignment_cells_follow_the_rules(module, name):
    nb = nbs.read(REPO / "solutions" / module.id / name)
    objective_ids = set(module.objective_ids())
    problems = []
    tests = answers = tasks = 0
    for index, cell in enumerate(nb.cells):
        gid = nbs.grade_id(cell) or f"cell {index + 1}"
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count):
            problems.append(f"{gid}: solutions are stored without outputs")
        if nbs.is_test(cell):
            tests += 1
            meta = nbs.course_meta(cell)
            cited = set(meta.get("objectives", []))
            if not cited or not cited <= objective_ids:
                problems.append(
                    f"{gid}: objectives {sorted(cited)} must be ids from {sorted(objective_ids)}"
                )
            if not meta.get("hint"):
                problems.append(f"{gid}: no hint")
            body = ast.parse(cell.source).body
            if body and isinstance(body[-1], ast.Expr) and not isinstance(body[-1].value, ast.Call):
                problems.append(
                    f"{gid}: ends with an expression (nbgrader would read it as a score)"
                )
            if nbs.BEGIN_HIDDEN not in cell.source:
                problems.append(f"{gid}: no hidden tests")
            if not any(isinstance(n, ast.Assert) for n in body):
                problems.append(f"{gid}: no visible assert")
        elif nbs.is_answer(cell):
            answers += 1
            if nbs.BEGIN_SOLUTION not in cell.source:
                problems.append(f"{gid}: answer cell without a solution region")
        elif nbs.is_setup(cell):
            try:
                ast.parse(cell.source)
            except SyntaxError:
                problems.append(
                    f"{gid}: setup cells must be plain Python (they also run on the grader)"
                )
        elif nbs.is_task(cell):
            tasks += 1
            if nbs.BEGIN_MARK_SCHEME not in cell.source:
                problems.append(f"{gid}: written task without a mark scheme")
            follower = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
            if follower is None or nbs.course_meta(follower).get("answer_for") != nbs.grade_id(
                cell
            ):
                problems.append(
                    f"{gid}: the next cell must be its answer cell (apprentice.answer_for)"
                )
    if answers < 5 or tests < 5:
        problems.append(f"{answers} answer cells and {tests} test cells: at least 5 exercises")
    if tasks < 1:
        problems.append("no manually graded written task")
    cited = {
        o
        for c in nb.cells
        if nbs.is_test(c) or nbs.is_task(c)
        for o in nbs.course_meta(c).get("objectives", [])
    }
    if not cited <= objective_ids:
        problems.append(f"unknown objective ids cited: {sorted(cited - objective_ids)}")
    if cited != objective_ids:
        problems.append(f"objectives never assessed: {sorted(objective_ids - cited)}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_mentor_guide_has_the_standard_sections(module):
    text = (REPO / "curriculum" / module.id / "mentor-guide.md").read_text()
    for heading in GUIDE_HEADINGS:
        assert heading in text, f"mentor guide lacks {heading!r}"
    assert len(text.split()) > 600, "a mentor guide is a real session plan, not a stub"
