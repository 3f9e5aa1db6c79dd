"""Build graded variants of every assignment and grade them with the real engine.

For each module the harness grades, in a throwaway copy of the course:
- ``solution``: the release with every answer cell holding the reference solution;
- ``release``: the release untouched;
- ``wrong-K``: the reference solution with the K-th wrong answer of each answer cell injected
  (answer cells whose tests also use another answer cell's names are graded one at a time,
  as ``wrong-<grade_id>-K``, so a wrong answer can only lose points through its own tests);
- ``alt-K``: the reference solution with the K-th alternative answer of each answer cell.
Grading goes through ``apprentice.grading.batch.grade``, sandboxed when the host allows it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from apprentice import answers as course_answers
from apprentice import notebooks as nbs
from apprentice import syllabus as syl
from apprentice.course import Course
from apprentice.grading.batch import grade
from apprentice.grading.sandbox import Sandbox, probe

REPO = Path(__file__).resolve().parents[2]


def module_ids() -> list[str]:
    return syl.load(REPO).ids()


@cache
def answers(module: str) -> tuple[dict, dict]:
    """(WRONG, ALTERNATIVE) of a module; empty dicts if the file is missing."""
    return course_answers.load(REPO, module)


@dataclass
class AnswerCell:
    notebook: str
    grade_id: str
    solution: str  # the completed reference answer
    names: set[str]
    tests: list[str] = field(default_factory=list)  # test grade_ids that use its names
    coupled: bool = False  # some of its tests also use another answer cell's names


@dataclass
class Assignment:
    module: str
    answers: dict[str, AnswerCell]
    test_points: dict[str, float]  # test grade_id -> points
    notebooks: list[str]


@cache
def assignment(module: str) -> Assignment:
    source_dir = REPO / "solutions" / module
    cells: dict[str, AnswerCell] = {}
    points: dict[str, float] = {}
    names_of_test: dict[str, set[str]] = {}
    notebooks = []
    for path in nbs.assignment_notebooks(source_dir):
        notebooks.append(path.name)
        nb = nbs.read(path)
        for cell in nb.cells:
            gid = nbs.grade_id(cell)
            if nbs.is_answer(cell):
                cells[gid] = AnswerCell(
                    path.name,
                    gid,
                    nbs.completed_answer(cell.source),
                    nbs.defined_names(cell.source),
                )
            elif nbs.is_test(cell):
                points[gid] = nbs.points(cell)
                names_of_test[gid] = nbs.used_names(cell.source)
    for test, used in names_of_test.items():
        users = [a for a in cells.values() if a.names & used]
        for answer in users:
            answer.tests.append(test)
            if len(users) > 1:
                answer.coupled = True
    return Assignment(module, cells, points, notebooks)


def variants(module: str) -> dict[str, dict[str, str]]:
    """learner id -> {answer grade_id: source to put in that cell} (missing -> solution)."""
    a = assignment(module)
    wrong, alternative = answers(module)
    out: dict[str, dict[str, str]] = {"solution": {}, "release": None}
    depth = max((len(v) for v in wrong.values()), default=0)
    for k in range(depth):
        grouped = {}
        for gid, items in wrong.items():
            if gid not in a.answers or k >= len(items):
                continue
            if a.answers[gid].coupled:
                out[f"wrong-{gid}-{k + 1}"] = {gid: items[k][1]}
            else:
                grouped[gid] = items[k][1]
        if grouped:
            out[f"wrong-{k + 1}"] = grouped
    for k in range(max((len(v) for v in alternative.values()), default=0)):
        chosen = {
            gid: items[k]
            for gid, items in alternative.items()
            if k < len(items) and gid in a.answers
        }
        if chosen:
            out[f"alt-{k + 1}"] = chosen
    return out


def wrong_cases(module: str) -> list[tuple[str, int, str, str]]:
    """(answer grade_id, K, why, learner id holding it) for every listed wrong answer."""
    a = assignment(module)
    wrong, _ = answers(module)
    cases = []
    for gid, items in wrong.items():
        for k, (why, _source) in enumerate(items, start=1):
            coupled = gid in a.answers and a.answers[gid].coupled
            cases.append((gid, k, why, f"wrong-{gid}-{k}" if coupled else f"wrong-{k}"))
    return cases


def _write_submission(
    course_root: Path, module: str, student: str, injected: dict[str, str] | None
) -> None:
    a = assignment(module)
    folder = course_root / "submitted" / student / module
    folder.mkdir(parents=True)
    for name in a.notebooks:
        nb = nbs.read(REPO / "exercises" / module / name)
        if injected is not None:
            for cell in nb.cells:
                gid = nbs.grade_id(cell)
                if gid in a.answers:
                    cell.source = injected.get(gid, a.answers[gid].solution)
                elif "answer_for" in nbs.course_meta(cell):
                    cell.source = "A written answer, to be graded by a mentor."
        nbs.write(nb, folder / name)


def make_course(root: Path) -> Course:
    """A throwaway course: the repository's config, solutions and release, nothing else."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("grader_config.py", "nbgrader_config.py"):
        shutil.copy2(REPO / name, root / name)
    for tree in ("solutions", "exercises"):
        shutil.copytree(
            REPO / tree, root / tree, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    (root / "curriculum").mkdir()
    shutil.copy2(REPO / "curriculum" / "syllabus.yml", root / "curriculum" / "syllabus.yml")
    os.environ.pop("APPRENTICE_DB_URL", None)
    return Course.open(root)


@cache
def sandbox_available() -> bool:
    return probe(Sandbox()).ok


def grade_variants(module: str, root: Path) -> dict[str, dict]:
    """Grade every variant of a module in a fresh course under ``root``; learner id -> result."""
    course = make_course(root)
    for student, injected in variants(module).items():
        _write_submission(course.root, module, student, injected)
    summary = grade(
        course,
        module,
        jobs=int(os.environ.get("APPRENTICE_TEST_JOBS", "1")),
        sandbox=sandbox_available(),
    )
    results = {}
    for outcome in summary.outcomes:
        path = course.state / "results" / module / f"{outcome.student}.json"
        results[outcome.student] = json.loads(path.read_text())
    return results


def points(result: dict, tests: list[str] | None = None) -> tuple[float, float]:
    """(earned, possible) over the given test cells (all when None), across notebooks."""
    earned = possible = 0.0
    for nb in result["notebooks"].values():
        for v in nb.get("verdicts", []):
            if tests is None or v["grade_id"] in tests:
                earned += v["points"]
                possible += v["max_points"]
    return earned, possible
