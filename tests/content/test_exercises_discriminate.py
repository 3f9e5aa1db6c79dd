"""Every exercise is graded honestly by the real engine (CONTRIBUTING.md section 5).

Solutions earn full marks, untouched releases earn zero, every catalogued wrong answer loses
points in the tests of its own answer cell by checks that ran, every answer cell has a wrong
answer only hidden checks catch, and every right answer written differently keeps full marks.
"""

from __future__ import annotations

import pytest

from .harness import answers, assignment, clean, module_ids, points, variants, verdicts, wrong_cases

MODULES = module_ids()


def _group(module: str):
    return pytest.mark.xdist_group(name=f"content-{module}")


def _failing(result: dict) -> list[str]:
    """Each failing test cell with the messages of its failed checks."""
    return [
        f"{gid}: {[c['message'] for c in v['checks'] if not c['passed']]} {v['error']}"
        for gid, v in verdicts(result).items()
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
    assert possible > 0, f"{module} has no autograded tests"
    assert earned == possible, (
        f"{module}: solution earned {earned}/{possible}; failing: {_failing(result)}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("module", [pytest.param(m, marks=_group(m)) for m in MODULES])
def test_untouched_release_earns_zero_and_grades_cleanly(graded, module):
    result = graded(module)["release"]
    assert not _status(result), _status(result)
    earned, possible = points(result)
    passing = [gid for gid, v in verdicts(result).items() if v["passed"]]
    assert possible > 0
    assert earned == 0, f"{module}: the untouched release earned {earned}/{possible} ({passing})"


@pytest.mark.parametrize("module", MODULES)
def test_every_answer_cell_has_wrong_and_right_answers(module):
    a = assignment(module)
    cat = answers(module)
    assert a.answers, f"{module} has no autograded answer cells"
    problems = []
    for gid, cell in a.answers.items():
        if len(cat[gid].wrong) < 3:
            problems.append(f"{gid}: {len(cat[gid].wrong)} wrong answers (need 3)")
        if not cat[gid].right:
            problems.append(f"{gid}: no right answer written differently")
        if not cell.tests:
            problems.append(f"{gid}: no test cell uses the names it defines ({sorted(cell.names)})")
        if len({e.source for e in cat[gid].wrong}) < len(cat[gid].wrong):
            problems.append(f"{gid}: two wrong answers are the same")
    assert not problems, f"{module}: " + "; ".join(problems)


def _wrong_params():
    return [
        pytest.param(module, gid, k, why, id=f"{module}-{gid}-{k}", marks=_group(module))
        for module in MODULES
        for gid, k, why in wrong_cases(module)
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("module", "gid", "k", "why"), _wrong_params())
def test_wrong_answer_loses_points_in_its_own_tests(graded, module, gid, k, why):
    result = graded(module)[f"case-{gid}-{k}"]
    tests = assignment(module).answers[gid].tests
    assert clean(result), (
        f"{module}: the wrong answer for {gid} ({why}) does not grade cleanly "
        f"({_status(result) or _failing(result)}): a crash proves nothing about the tests"
    )
    earned, possible = points(result, tests)
    assert earned < possible, (
        f"{module}: the wrong answer for {gid} ({why}) still earned {earned}/{possible} "
        f"in {tests}: the tests do not catch this mistake"
    )
    failed_checks = [
        c for t, v in verdicts(result).items() if t in tests for c in v["checks"] if not c["passed"]
    ]
    assert failed_checks, f"{module}: {gid} ({why}) lost points without a failing check"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "gid"),
    [
        pytest.param(m, gid, id=f"{m}-{gid}", marks=_group(m))
        for m in MODULES
        for gid in assignment(m).answers
    ],
)
def test_hidden_tests_catch_a_wrong_answer_the_visible_ones_miss(graded, module, gid):
    tests = assignment(module).answers[gid].tests
    found = []
    for g, k, why in wrong_cases(module):
        if g != gid:
            continue
        own = [v for t, v in verdicts(graded(module)[f"case-{g}-{k}"]).items() if t in tests]
        visible_failed = sum(
            1 for v in own for c in v["checks"] if not c["passed"] and not c["hidden"]
        )
        hidden_failed = sum(1 for v in own for c in v["checks"] if not c["passed"] and c["hidden"])
        if visible_failed == 0 and hidden_failed > 0:
            found.append(why)
    assert found, (
        f"{module}: no wrong answer for {gid} passes the visible checks and fails only hidden "
        "ones; add one (a boundary, an edge case, another input) to prove the hidden tests matter"
    )


def _right_params():
    return [
        pytest.param(module, student, id=f"{module}-{student}", marks=_group(module))
        for module in MODULES
        for student in variants(module)
        if student.startswith("right-")
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("module", "student"), _right_params())
def test_right_answer_written_differently_keeps_full_marks(graded, module, student):
    result = graded(module)[student]
    assert not _status(result), _status(result)
    earned, possible = points(result)
    assert earned == possible, (
        f"{module}: a right answer written differently ({student}) earned {earned}/{possible}; "
        f"the tests are fitted to the reference solution: {_failing(result)}"
    )
