"""Grade every assignment's catalogue (solutions/NN-slug/answers.yml) with the real engine.

For each module the harness grades, in a throwaway copy of the course, one batch holding:
- ``solution``: every answer cell holds the reference solution;
- ``release``: the release untouched;
- ``wrong-K``: the K-th wrong answer of every answer cell at once, the other cells holding the
  reference (answer cells whose tests also use another answer cell's names go alone, as
  ``wrong-<grade_id>-K``);
- ``right-K``: the K-th right answer of every answer cell at once.
A grouped wrong answer counts only if its group graded cleanly and lost points nowhere but in
the tests of its own cells and of the cells whose code calls them (which hold the reference
and are never grouped); otherwise each member is graded again on its own (``solo-...``).
Grading goes through ``apprentice.grading.batch.grade``, sandboxed when the host allows it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from apprentice import catalogue
from apprentice import notebooks as nbs
from apprentice import syllabus as syl
from apprentice.course import Course
from apprentice.grading.batch import grade
from apprentice.grading.sandbox import Sandbox, probe
from apprentice.simulate import copy_course, write_submission

REPO = Path(__file__).resolve().parents[2]


def module_ids() -> list[str]:
    return syl.load(REPO).ids()


@cache
def answers(module: str) -> dict[str, catalogue.Answers]:
    return catalogue.load(REPO / "solutions" / module)


@dataclass
class AnswerCell:
    notebook: str
    grade_id: str
    solution: str  # the completed reference answer
    names: set[str]
    tests: list[str] = field(default_factory=list)  # test grade_ids that use its names
    coupled: bool = False  # its tests or its code also use another answer cell's names
    callers: set[str] = field(default_factory=set)  # answers whose code calls it, transitively


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
        for cell in nbs.read(path).cells:
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
    for answer in cells.values():  # its code calls another answer: a wrong one there leaks in
        calls = nbs.used_names(answer.solution)
        for other in cells.values():
            if other is not answer and other.names & calls:
                answer.coupled = True
                other.callers.add(answer.grade_id)
    changed = True
    while changed:  # a caller's callers call it too
        changed = False
        for answer in cells.values():
            more = set().union(*(cells[c].callers for c in answer.callers)) - answer.callers
            more.discard(answer.grade_id)
            if more:
                answer.callers |= more
                changed = True
    return Assignment(module, cells, points, notebooks)


def wrong_id(module: str, gid: str, k: int) -> str:
    """The learner id that holds the K-th wrong answer of ``gid`` in the first batch."""
    return f"wrong-{gid}-{k}" if assignment(module).answers[gid].coupled else f"wrong-{k}"


def variants(module: str) -> dict[str, dict[str, str] | None]:
    """learner id -> {answer grade_id: source} (missing cells: reference; None: release)."""
    cat = answers(module)
    out: dict[str, dict[str, str] | None] = {"solution": {}, "release": None}
    depth = max((len(a.wrong) for a in cat.values()), default=0)
    for k in range(1, depth + 1):
        grouped = {}
        for gid, entry in cat.items():
            if k > len(entry.wrong):
                continue
            if assignment(module).answers[gid].coupled:
                out[wrong_id(module, gid, k)] = {gid: entry.wrong[k - 1].source}
            else:
                grouped[gid] = entry.wrong[k - 1].source
        if grouped:
            out[f"wrong-{k}"] = grouped
    for k in range(1, max((len(a.right) for a in cat.values()), default=0) + 1):
        chosen = {gid: e.right[k - 1].source for gid, e in cat.items() if k <= len(e.right)}
        if chosen:
            out[f"right-{k}"] = chosen
    return out


def wrong_cases(module: str) -> list[tuple[str, int, str]]:
    """(answer grade_id, K, why) for every catalogued wrong answer."""
    return [
        (gid, k, item.why)
        for gid, entry in answers(module).items()
        for k, item in enumerate(entry.wrong, start=1)
    ]


@cache
def sandbox_available() -> bool:
    return probe(Sandbox()).ok


def make_course(root: Path) -> Course:
    """A throwaway course: the repository's configuration, solutions and release."""
    return copy_course(REPO, root)


def _grade(course: Course, module: str, students: list[str]) -> dict[str, dict]:
    summary = grade(
        course,
        module,
        students=students,
        jobs=int(os.environ.get("APPRENTICE_TEST_JOBS", "1")),
        sandbox=sandbox_available(),
    )
    return {
        o.student: json.loads((course.state / "results" / module / f"{o.student}.json").read_text())
        for o in summary.outcomes
    }


def verdicts(result: dict) -> dict[str, dict]:
    return {v["grade_id"]: v for nb in result["notebooks"].values() for v in nb.get("verdicts", [])}


def clean(result: dict) -> bool:
    """Graded to the end: every notebook ok and no test cell left unevaluated."""
    return all(nb["status"] == "ok" for nb in result["notebooks"].values()) and not any(
        v["error"] for v in verdicts(result).values()
    )


def grade_variants(module: str, root: Path) -> dict[str, dict]:
    """Grade a module's catalogue in a fresh course under ``root``.

    Returns learner id -> result, and for every wrong answer (``case-<gid>-<K>``) the result
    that decides it: its group's, or its own when the group did not isolate it.
    """
    course = make_course(root)
    batch = variants(module)
    for student, injected in batch.items():
        write_submission(course, module, student, injected)
    results = _grade(course, module, list(batch))
    a = assignment(module)
    solo = {}
    for gid, k, _ in wrong_cases(module):
        group = results[wrong_id(module, gid, k)]
        members = batch[wrong_id(module, gid, k)]
        # a wrong answer also costs the tests of the answers that call it (never grouped)
        own = {
            t for m in members for name in {m, *a.answers[m].callers} for t in a.answers[name].tests
        }
        lost_elsewhere = any(
            v["points"] < v["max_points"] for t, v in verdicts(group).items() if t not in own
        )
        if len(members) > 1 and (not clean(group) or lost_elsewhere):
            solo[f"solo-{gid}-{k}"] = (gid, k)
    for student, (gid, k) in solo.items():
        write_submission(course, module, student, {gid: answers(module)[gid].wrong[k - 1].source})
    if solo:
        results.update(_grade(course, module, list(solo)))
    for gid, k, _ in wrong_cases(module):
        key = f"solo-{gid}-{k}" if f"solo-{gid}-{k}" in solo else wrong_id(module, gid, k)
        results[f"case-{gid}-{k}"] = results[key]
    return results


def points(result: dict, tests: list[str] | None = None) -> tuple[float, float]:
    """(earned, possible) over the given test cells (all when None), across notebooks."""
    earned = possible = 0.0
    for gid, v in verdicts(result).items():
        if tests is None or gid in tests:
            earned += v["points"]
            possible += v["max_points"]
    return earned, possible
