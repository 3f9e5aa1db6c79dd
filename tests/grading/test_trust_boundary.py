"""Round 2 of the trust boundary: nothing derived from hidden material reaches a learner.

Hostile learners of module 00 record every argument the trusted tests pass to their functions
(hidden inputs and the rows of the unreleased hidden data file among them) and try every way
back out: printing them in a later cell and on stderr, raising them in an exception, naming an
exception class after them, returning them where a visible check shows the learner's value,
raising them while an answer cell is defined, printing them during a call, and writing them to
files next to the notebook. Each is graded through `apprentice grade` in one batch with honest
learners, its feedback is generated, and every file the learner receives is searched for the
marker and for every hidden value (every literal in the hidden tests and every field of the
hidden data file) that an honest learner's files do not also contain.
A learner function that changes its argument must not change what later expectations are
computed from, and fails where the task says to leave the input unchanged.
"""

from __future__ import annotations

import ast
import csv
import json
import re

import nbformat
import pytest

from apprentice import notebooks as nbs
from apprentice.feedback import generate as generate_feedback
from apprentice.grading.batch import grade
from apprentice.simulate import reference_answers, write_submission

from ..content.harness import REPO, make_course, sandbox_available

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
FULL = 11.0
MARKER = re.compile(r"LEAKED(>>|NAME)")  # built at run time: no source line holds it
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="trust")]

RECORDER = """
import sys as _sys
_SEEN = []
def _keep(*values):
    for value in values:
        try:
            _SEEN.append(value.to_csv() if hasattr(value, "to_csv") else repr(value))
        except Exception as error:
            _SEEN.append(repr(error))
def _leak():
    return "LEAK" + "ED>>" + "|".join(_SEEN)[-200000:]
def _after_hidden():
    return len(_SEEN) > 3
"""


def _wrap(reference: str, name: str, extra: str = "") -> str:
    """The reference answer, with the function recording its arguments first."""
    lines = reference.splitlines()
    out = []
    for line in lines:
        out.append(line)
        if line.startswith(f"def {name}("):
            args = line[len(f"def {name}(") : line.index(")")].replace("=", " ").split(",")
            names = [a.split()[0] for a in args if a.strip()]
            out.append(f"    _keep({', '.join(names)})")
            if extra:
                out.extend("    " + e for e in extra.splitlines())
    return "\n".join(out) + "\n"


def hostile_answers() -> dict[str, dict[str, str]]:
    ref = reference_answers(_course_for_answers(), MODULE)
    functions = {
        "error-rate-answer": "error_rate",
        "errors-by-endpoint-answer": "errors_by_endpoint",
        "latency-summary-answer": "latency_summary",
        "requests-per-minute-answer": "requests_per_minute",
        "minutes-over-answer": "minutes_over",
    }
    recording = {gid: _wrap(ref[gid], fn) for gid, fn in functions.items()}
    recording["error-rate-answer"] = RECORDER + recording["error-rate-answer"]

    def variant(gid: str, extra: str) -> dict[str, str]:
        return {**recording, gid: _wrap(ref[gid], functions[gid], extra)}

    return {
        "r01-print-later": recording,
        "r02-raise-message": variant(
            "minutes-over-answer", "if _after_hidden():\n    raise ValueError(_leak())"
        ),
        "r03-return-value": variant(
            "minutes-over-answer", "if _after_hidden():\n    return [_leak()]"
        ),
        "r04-exception-name": variant(
            "requests-per-minute-answer",
            "if _after_hidden():\n"
            "    raise type('LEAK' + 'EDNAME' + ''.join(c if c.isalnum() else '_' for c in _leak()[:300]),"
            " (Exception,), {})('x')",
        ),
        "r05-answer-cell-raises": {
            **recording,
            "minutes-over-answer": "raise SyntaxError(_leak())\n",
        },
        "r06-print-during-call": variant(
            "errors-by-endpoint-answer", "print(_leak()); print(_leak(), file=_sys.stderr)"
        ),
        "r07-files": variant(
            "minutes-over-answer",
            "open('leak.txt', 'w').write(_leak())\nopen('/tmp/leak.txt', 'w').write(_leak())",
        ),
    }


LATER_CELL = (
    "import sys\nprint(_leak())\nprint(_leak(), file=sys.stderr)\n"
    "open('leak-later.txt', 'w').write(_leak())\n_leak()\n"
)


def _course_for_answers():
    from apprentice.course import Course

    return Course.open(REPO)


def hidden_values() -> set[str]:
    """Every literal in the hidden parts of the module's tests and every field and row of its
    hidden data files, except the hidden checks' own messages (feedback shows them)."""
    values: set[str] = set()
    shown: set[str] = set()
    source_dir = REPO / "solutions" / MODULE
    for path in nbs.assignment_notebooks(source_dir):
        for cell in nbs.read(path).cells:
            if not nbs.is_test(cell):
                continue
            hidden = nbs.hidden_lines(cell.source)
            lines = cell.source.splitlines()
            values |= {lines[n - 1].strip() for n in hidden if lines[n - 1].strip()}
            tree = ast.parse(cell.source)
            # a hidden check's own message names its requirement and is shown on purpose
            shown |= {
                node.msg.value
                for node in ast.walk(tree)
                if isinstance(node, ast.Assert) and isinstance(node.msg, ast.Constant)
            }
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and getattr(node, "lineno", 0) in hidden:
                    if isinstance(node.value, str | int | float) and not isinstance(
                        node.value, bool
                    ):
                        values.add(str(node.value))
    for path in (source_dir / "hidden").rglob("*.csv"):
        text = path.read_text()
        values |= {line.strip() for line in text.splitlines() if line.strip()}
        for row in csv.reader(text.splitlines()):
            values |= {field.strip() for field in row if field.strip()}
    return {v for v in values if len(v) >= 2 and v not in shown}


@pytest.fixture(scope="module")
def leaked(tmp_path_factory):
    if not sandbox_available():
        pytest.fail("the grading sandbox is required for the trust-boundary suite")
    course = make_course(tmp_path_factory.mktemp("trust") / "course")
    cases = hostile_answers()
    for student, answers in cases.items():
        folder = write_submission(course, MODULE, student, answers)
        nb = nbs.read(folder / NOTEBOOK)
        nb.cells.append(nbformat.v4.new_code_cell(LATER_CELL))
        nbs.write(nb, folder / NOTEBOOK)
    write_submission(course, MODULE, "a-control", {})
    summary = grade(course, MODULE, jobs=2)
    made = generate_feedback(course, MODULE)
    received = {}
    for student in [*cases, "a-control"]:
        files = {}
        for base in (course.folder("autograded"), course.folder("feedback")):
            for path in (base / student / MODULE).rglob("*"):
                if path.is_file():
                    files[str(path.relative_to(course.root))] = path.read_text(errors="replace")
        received[student] = files
    results = {
        o.student: json.loads((course.state / "results" / MODULE / f"{o.student}.json").read_text())
        for o in summary.outcomes
    }
    return {
        "course": course,
        "cases": cases,
        "outcomes": {o.student: o for o in summary.outcomes},
        "results": results,
        "feedback": made,
        "received": received,
    }


def _found(value: str, text: str) -> bool:
    """``value`` as a whole token of ``text`` (not inside a random cell id or a longer number)."""
    return re.search(rf"(?<![\w.]){re.escape(value)}(?![\w.])", text) is not None


def _own_text(answers: dict[str, str]) -> str:
    return "\n".join(answers.values()) + RECORDER + LATER_CELL


@pytest.mark.parametrize(
    "student",
    [
        "r01-print-later",
        "r02-raise-message",
        "r03-return-value",
        "r04-exception-name",
        "r05-answer-cell-raises",
        "r06-print-during-call",
        "r07-files",
    ],
)
def test_nothing_hidden_reaches_what_the_learner_receives(leaked, student):
    files = leaked["received"][student]
    assert any(name.endswith(".html") for name in files), f"no feedback for {student}"
    text = "\n".join(files.values())
    assert not MARKER.search(text), f"{student}: the marker reached: " + ", ".join(
        n for n, t in files.items() if MARKER.search(t)
    )
    control = "\n".join(leaked["received"]["a-control"].values())
    own = _own_text(leaked["cases"][student])
    leaks = sorted(
        v
        for v in hidden_values()
        if _found(v, text)
        and not _found(v, control)
        and v not in own
        and not re.fullmatch(r"\d{1,2}", v)
    )
    assert not leaks, f"{student}: hidden values reached the learner: {leaks[:10]}"


def test_the_hostile_learners_were_really_graded_and_recorded_the_hidden_data(leaked):
    # the mentor's full copy shows the attack worked inside the kernel: the hidden rows were
    # there to steal, and only the boundary kept them from the learner
    mentor = leaked["course"].state / "results" / MODULE / "r01-print-later" / NOTEBOOK
    assert "2026-03-24" in mentor.read_text(), "the hidden data file reached the kernel as input"
    assert leaked["feedback"].done and not leaked["feedback"].errors
    for student in leaked["cases"]:
        assert leaked["outcomes"][student].status in ("ok", "kernel-died"), student
    assert leaked["outcomes"]["a-control"].score == FULL


def test_visible_messages_after_hidden_checks_leave_the_values_out(leaked):
    verdicts = leaked["results"]["r03-return-value"]["notebooks"][NOTEBOOK]["verdicts"]
    over = next(v for v in verdicts if v["grade_id"] == "minutes-over-tests")
    failed = [c for c in over["checks"] if not c["passed"] and not c["hidden"]]
    assert failed and not any(MARKER.search(c["shown"]) for c in failed)
    assert any(MARKER.search(c["message"]) for c in failed), "mentors still see the full message"
    assert any("…" in c["shown"] for c in failed), [c["shown"] for c in failed]


def test_a_failing_answer_cell_is_named_without_its_message(leaked):
    verdicts = leaked["results"]["r05-answer-cell-raises"]["notebooks"][NOTEBOOK]["verdicts"]
    over = next(v for v in verdicts if v["grade_id"] == "minutes-over-tests")
    shown = [c["shown"] for c in over["checks"] if not c["passed"]]
    assert shown and "its answer cell raised SyntaxError" in shown[0], shown


def test_only_released_files_come_back_beside_the_notebook(leaked):
    released = {p.name for p in (REPO / "exercises" / MODULE).iterdir()}
    allowed = released | {"timestamp.txt", "submission_secret.txt"}
    for student in leaked["cases"]:
        folder = leaked["course"].folder("autograded") / student / MODULE
        assert {p.name for p in folder.iterdir()} <= allowed, student


# --- arguments are copies -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mutating(tmp_path_factory):
    if not sandbox_available():
        pytest.fail("the grading sandbox is required for the trust-boundary suite")
    course = make_course(tmp_path_factory.mktemp("mutating") / "course")
    ref = reference_answers(course, MODULE)
    # error_rate empties the log it is given, then answers correctly from its own copy
    vandal = ref["error-rate-answer"].replace(
        "    if len(log) == 0:",
        "    original = log.copy()\n"
        "    log.drop(log.index, inplace=True)\n"
        "    log = original\n"
        "    if len(log) == 0:",
    )
    assert vandal != ref["error-rate-answer"]
    write_submission(course, MODULE, "vandal", {"error-rate-answer": vandal})
    summary = grade(course, MODULE)
    result = json.loads((course.state / "results" / MODULE / "vandal.json").read_text())
    return {o.student: o for o in summary.outcomes}, result


def test_a_learner_function_cannot_change_trusted_fixtures(mutating):
    outcomes, result = mutating
    verdicts = {v["grade_id"]: v for v in result["notebooks"][NOTEBOOK]["verdicts"]}
    # every later exercise computes its expectations from the same trusted LOG: all still pass
    for gid in ("errors-by-endpoint-tests", "latency-summary-tests", "minutes-over-tests"):
        assert verdicts[gid]["passed"], (gid, verdicts[gid])


def test_changing_an_input_the_task_says_to_leave_fails_that_exercise(mutating):
    outcomes, result = mutating
    verdicts = {v["grade_id"]: v for v in result["notebooks"][NOTEBOOK]["verdicts"]}
    rate = verdicts["error-rate-tests"]
    assert not rate["passed"]
    messages = [c["shown"] for c in rate["checks"] if not c["passed"]]
    assert any("error_rate() changed the argument 1" in m for m in messages), messages
    assert outcomes["vandal"].score == FULL - 2
