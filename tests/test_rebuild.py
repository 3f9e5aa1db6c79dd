"""Submissions are rebuilt on the trusted template: only the learner's work is taken from them."""

from __future__ import annotations

import copy

import nbformat
import pytest

from apprentice import notebooks as nbs
from apprentice.grading.rebuild import InvalidSubmission, rebuild

from .content.harness import REPO

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"


@pytest.fixture
def template():
    return nbs.read(REPO / "exercises" / MODULE / NAME)


@pytest.fixture
def source():
    return nbs.read(REPO / "solutions" / MODULE / NAME)


def cell(nb, gid):
    return next(c for c in nb.cells if nbs.grade_id(c) == gid)


def test_answers_are_taken_and_marked_answered(template, source):
    sub = copy.deepcopy(template)
    cell(sub, "error-rate-answer").source = "def error_rate(log):\n    return 0.0\n"
    out = rebuild(template, source, sub)
    assert cell(out.nb, "error-rate-answer").source.startswith(
        "def error_rate(log):\n    return 0.0"
    )
    assert out.answered["error-rate-answer"] is True
    assert out.answered["latency-summary-answer"] is False


def test_tests_metadata_tags_and_kernelspec_come_from_the_template(template, source):
    sub = copy.deepcopy(template)
    test = cell(sub, "error-rate-tests")
    test.source = "pass"
    test.metadata["tags"] = ["skip-execution"]
    test.metadata["nbgrader"]["points"] = 100
    sub.metadata["kernelspec"] = {"name": "evil", "display_name": "x", "language": "R"}
    out = rebuild(template, source, sub)
    fixed = cell(out.nb, "error-rate-tests")
    assert fixed.source == cell(template, "error-rate-tests").source
    assert "tags" not in fixed.metadata and fixed.metadata["nbgrader"]["points"] == 2
    assert out.nb.metadata["kernelspec"]["name"] == "python3"


def test_deleted_and_renamed_test_cells_come_back(template, source):
    sub = copy.deepcopy(template)
    sub.cells = [c for c in sub.cells if nbs.grade_id(c) != "error-rate-tests"]
    cell(sub, "minutes-over-tests").metadata["nbgrader"]["grade_id"] = "renamed"
    out = rebuild(template, source, sub)
    ids = [nbs.grade_id(c) for c in out.nb.cells if nbs.is_test(c)]
    assert ids == [nbs.grade_id(c) for c in template.cells if nbs.is_test(c)]


def test_learner_cells_stay_where_they_were_without_metadata(template, source):
    sub = copy.deepcopy(template)
    index = next(i for i, c in enumerate(sub.cells) if nbs.grade_id(c) == "error-rate-answer")
    extra = nbformat.v4.new_code_cell("helper = 1")
    extra.metadata["tags"] = ["skip-execution"]
    extra.metadata["nbgrader"] = {
        "grade": True,
        "grade_id": "fake",
        "points": 99,
        "locked": True,
        "solution": False,
        "schema_version": 3,
    }
    sub.cells.insert(index + 1, extra)
    out = rebuild(template, source, sub)
    position = next(i for i, c in enumerate(out.nb.cells) if c.source == "helper = 1")
    assert nbs.grade_id(out.nb.cells[position - 1]) == "error-rate-answer"
    assert out.nb.cells[position].metadata == {}
    assert out.extra_cells == 1


def test_written_answers_and_mark_schemes(template, source):
    sub = copy.deepcopy(template)
    out = rebuild(template, source, sub)
    assert out.written == {"incident-note": False}
    task = cell(out.nb, "incident-note")
    assert nbs.BEGIN_MARK_SCHEME in task.source, (
        "mentors see the mark scheme in the autograded notebook"
    )
    answer = next(c for c in sub.cells if nbs.course_meta(c).get("answer_for") == "incident-note")
    answer.source = "At 09:05 cart and checkout started failing."
    assert rebuild(template, source, sub).written == {"incident-note": True}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda nb: nb.cells.append(copy.deepcopy(cell(nb, "error-rate-tests"))),
            "appears in more than one cell",
        ),
        (
            lambda nb: cell(nb, "setup").metadata["nbgrader"].update(schema_version=99),
            "schema version this grader does not know",
        ),
        (lambda nb: cell(nb, "setup").metadata.update(nbgrader="yes"), "not an object"),
    ],
)
def test_ambiguous_submissions_are_invalid(template, source, mutate, message):
    sub = copy.deepcopy(template)
    mutate(sub)
    with pytest.raises(InvalidSubmission, match=message):
        rebuild(template, source, sub)
