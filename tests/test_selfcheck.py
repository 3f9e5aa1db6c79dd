"""`apprentice check`: the learner's view of grading, visible tests only, every failure listed."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from click.testing import CliRunner

from apprentice import notebooks as nbs
from apprentice.cli import cli

from .content.harness import REPO, assignment, module_ids

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"
pytestmark = pytest.mark.slow


@pytest.fixture
def workdir(tmp_path):
    """A learner's copy of the released module, outside the repository."""
    folder = tmp_path / MODULE
    shutil.copytree(REPO / "exercises" / MODULE, folder)
    return folder


def run(*args):
    return CliRunner().invoke(cli, ["--course-root", str(REPO), *args], catch_exceptions=False)


def test_untouched_release_reports_every_exercise_with_its_message(workdir):
    result = run("check", str(workdir / NAME))
    assert result.exit_code == 1
    for gid in (
        "grading-facts-tests",
        "error-rate-tests",
        "errors-by-endpoint-tests",
        "latency-summary-tests",
        "requests-per-minute-tests",
        "minutes-over-tests",
    ):
        assert f"✘ {gid}" in result.output
    assert "not answered yet" in result.output and "hint:" in result.output
    assert "0 of 6 exercises pass" in result.output and "hidden tests" in result.output


def test_every_failing_check_is_listed_not_only_the_first(workdir):
    nb = nbs.read(workdir / NAME)
    for cell in nb.cells:
        if nbs.grade_id(cell) == "error-rate-answer":
            cell.source = "def error_rate(log):\n    return float((log['status'] >= 400).mean())\n"
    nbformat.write(nb, str(workdir / NAME))
    report = json.loads(run("check", "--json", str(workdir / NAME)).output)
    exercise = next(e for e in report["exercises"] if e["grade_id"] == "error-rate-tests")
    assert len(exercise["failures"]) == 2
    assert (
        "should give 0.5" in exercise["failures"][0]
        and "47 server errors" in exercise["failures"][1]
    )


def test_a_complete_notebook_passes_and_exits_zero(workdir):
    nb = nbs.read(workdir / NAME)
    answers = assignment(MODULE).answers
    for cell in nb.cells:
        if nbs.grade_id(cell) in answers:
            cell.source = answers[nbs.grade_id(cell)].solution
    nbformat.write(nb, str(workdir / NAME))
    result = run("check", str(workdir / NAME))
    assert result.exit_code == 0, result.output
    assert "6 of 6 exercises pass their visible tests (11 of 11 points)" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"garbage", "not a notebook"),
        (nbformat.writes(nbformat.v4.new_notebook()).encode(), "not an assignment of this course"),
    ],
)
def test_bad_notebooks_get_one_line(tmp_path, content, message):
    path = tmp_path / NAME
    path.write_bytes(content)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1


def test_unknown_notebook_name_and_missing_file(tmp_path, workdir):
    renamed = tmp_path / "renamed.ipynb"
    shutil.copy(workdir / NAME, renamed)
    result = run("check", str(renamed))
    assert result.exit_code == 1 and "does not match any assignment" in result.output
    result = run("check", str(tmp_path / "nope.ipynb"))
    assert result.exit_code == 1 and "no such notebook" in result.output


@pytest.mark.parametrize("module", module_ids())
def test_the_reference_answers_pass_every_visible_test(tmp_path, module):
    """What a learner with correct answers sees in self-check: every exercise passes. (07's
    wildcard cell checks a table of cases in a loop and once reported "no checks".)"""
    folder = tmp_path / module
    shutil.copytree(REPO / "exercises" / module, folder)
    answers = assignment(module).answers
    for path in nbs.assignment_notebooks(folder):
        nb = nbs.read(path)
        for cell in nb.cells:
            if nbs.grade_id(cell) in answers:
                cell.source = answers[nbs.grade_id(cell)].solution
        nbformat.write(nb, str(path))
        report = json.loads(run("check", "--json", str(path)).output)
        failing = {e["grade_id"]: e["failures"] for e in report["exercises"] if not e["passed"]}
        assert not failing, f"{path.name}: {failing}"
