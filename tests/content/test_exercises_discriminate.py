"""Content checks 5b, 5c and 5e: every exercise is graded honestly by the real engine.

Solutions earn full marks, untouched releases earn zero, every listed wrong answer loses
points in the tests that use it, and every differently-written correct answer keeps full marks.
"""

from __future__ import annotations

import pytest

from .harness import answers, assignment, module_ids, points, variants, wrong_cases

MODULES = module_ids()


def _group(module: str):
    return pytest.mark.xdist_group(name=f"content-{module}")


def _failing(result: dict) -> list[str]:
    """Each failing test cell with the messages of its failed checks."""
    return [
        f"{v['grade_id']}: {[c['message'] for c in v['checks'] if not c['passed']]} {v['error']}"
        for nb in result["notebooks"].values()
        for v in nb["verdicts"]
        if not v["passed"]
    ]


def _status(result: dict) -> list[str]:
    return [
        f"{name}: {nb['status']} {nb.get('message', '')}".strip()
        for name, nb in result["notebooks"].items()
        if nb["status"] != "ok"
    ]


@pytest.mark.slow
@pytest.mark.parametrize("module", [pytest.param(m, marks=_group(m)) for m in MODULES])
def test_solution_earns_full_marks(graded, module):
    result = graded(module)["solution"]
    assert not _status(result), _status(result)
    earned, possible = points(result)
    failing = _failing(result)
    assert possible > 0, f"{module} has no autograded tests"
    assert earned == possible, f"{module}: solution earned {earned}/{possible}; failing: {failing}"


@pytest.mark.slow
@pytest.mark.parametrize("module", [pytest.param(m, marks=_group(m)) for m in MODULES])
def test_untouched_release_earns_zero_and_grades_cleanly(graded, module):
    result = graded(module)["release"]
    assert not _status(result), _status(result)
    earned, possible = points(result)
    passing = [
        v["grade_id"] for nb in result["notebooks"].values() for v in nb["verdicts"] if v["passed"]
    ]
    assert possible > 0
    assert earned == 0, f"{module}: the untouched release earned {earned}/{possible} ({passing})"


@pytest.mark.parametrize("module", MODULES)
def test_every_answer_cell_has_wrong_and_alternative_answers(module):
    a = assignment(module)
    wrong, alternative = answers(module)
    assert a.answers, f"{module} has no autograded answer cells"
    problems = []
    for gid, cell in a.answers.items():
        if len(wrong.get(gid, [])) < 3:
            problems.append(f"{gid}: {len(wrong.get(gid, []))} wrong answers (need 3)")
        if not alternative.get(gid):
            problems.append(f"{gid}: no alternative correct answer")
        if not cell.tests:
            problems.append(f"{gid}: no test cell uses the names it defines ({sorted(cell.names)})")
    unknown = sorted((set(wrong) | set(alternative)) - set(a.answers))
    if unknown:
        problems.append(f"answers listed for grade ids that are not answer cells: {unknown}")
    assert not problems, f"{module}: " + "; ".join(problems)


def _wrong_params():
    params = []
    for module in MODULES:
        for gid, k, why, student in wrong_cases(module):
            params.append(
                pytest.param(
                    module, gid, student, why, id=f"{module}-{gid}-{k}", marks=_group(module)
                )
            )
    return params


@pytest.mark.slow
@pytest.mark.parametrize(("module", "gid", "student", "why"), _wrong_params())
def test_wrong_answer_loses_points(graded, module, gid, student, why):
    result = graded(module)[student]
    tests = assignment(module).answers[gid].tests
    earned, possible = points(result, tests)
    assert earned < possible, (
        f"{module}: the wrong answer for {gid} ({why}) still earned {earned}/{possible} "
        f"in {tests}: the tests do not catch this mistake"
    )


def _alt_params():
    params = []
    for module in MODULES:
        for student in variants(module):
            if student.startswith("alt-"):
                params.append(
                    pytest.param(module, student, id=f"{module}-{student}", marks=_group(module))
                )
    return params


@pytest.mark.slow
@pytest.mark.parametrize(("module", "student"), _alt_params())
def test_alternative_correct_answer_keeps_full_marks(graded, module, student):
    result = graded(module)[student]
    assert not _status(result), _status(result)
    earned, possible = points(result)
    failing = _failing(result)
    assert earned == possible, (
        f"{module}: a correct answer written differently ({student}) earned {earned}/{possible}; "
        f"the tests are fitted to the reference solution: {failing}"
    )
