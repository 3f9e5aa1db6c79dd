"""The mentor's cycle end to end, on a fake cohort in a temporary folder.

Two learners fetch and submit through nbgrader's exchange (one of them twice), the mentor
collects, grades in parallel, grades a written answer, returns feedback, and the report's
numbers are checked against the gradebook itself.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile

import nbformat
import pytest
from click.testing import CliRunner

from apprentice import notebooks as nbs
from apprentice.cli import cli
from apprentice.exchange import collect, collect_zips, release_to_exchange
from apprentice.grading import gradebook as gbk
from apprentice.report import data
from apprentice.report.render import render
from apprentice.simulate import Learner

from .content.harness import REPO, assignment, make_course

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(name="cycle")]


def cli_run(course, *args):
    return CliRunner().invoke(
        cli, ["--course-root", str(course.root), *args], catch_exceptions=False
    )


def fill(path, answers: dict[str, str], written: str | None = None):
    nb = nbs.read(path)
    for cell in nb.cells:
        if nbs.grade_id(cell) in answers:
            cell.source = answers[nbs.grade_id(cell)]
        elif written and "answer_for" in nbs.course_meta(cell):
            cell.source = written
    nbformat.write(nb, str(path))


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    base = tmp_path_factory.mktemp("cycle")
    course = make_course(base / "course")
    solutions = {gid: a.solution for gid, a in assignment(MODULE).answers.items()}
    wrong = dict(solutions, **{"error-rate-answer": "def error_rate(log):\n    return 0.5\n"})
    ada = Learner("ada", base / "ada")
    bob = Learner("bob", base / "bob")
    assert cli_run(course, "release", MODULE, "--to-exchange").exit_code == 0
    for learner in (ada, bob):
        learner.fetch(course, MODULE)
    work = {learner.name: learner.home / course.course_id / MODULE / NAME for learner in (ada, bob)}
    fill(work["bob"], {})  # bob submits the untouched release first...
    bob.submit(course, MODULE)
    fill(work["bob"], wrong)  # ...then a better, still imperfect version
    bob.submit(course, MODULE)
    fill(work["ada"], solutions, written="Checkout and cart failed 09:05-09:25 UTC.")
    ada.submit(course, MODULE)
    collected = collect(course, MODULE)
    graded = cli_run(course, "grade", MODULE, "--jobs", "2")
    with gbk.open_gradebook(course.db_url, course.course_id) as gb:  # the mentor grades ada's memo
        grade = next(
            g
            for nb in gb.find_submission(MODULE, "ada").notebooks
            for g in nb.grades
            if g.cell.name == "incident-note"
        )
        grade.manual_score = 3.0
        grade.needs_manual_grade = False
        gb.db.commit()
    feedback = cli_run(course, "feedback", MODULE)
    for learner in (ada, bob):
        learner.fetch_feedback(course, MODULE)
    return {
        "course": course,
        "collected": collected,
        "graded": graded,
        "feedback": feedback,
        "ada": ada,
        "bob": bob,
    }


def test_every_submission_is_archived_and_the_newest_is_graded(cycle):
    bob = [c for c in cycle["collected"].collected if c.student == "bob"]
    assert len(bob) == 2 and sum(c.newest for c in bob) == 1
    assert len({c.archived.sha256 for c in bob}) == 2, "both of bob's submissions are kept"
    course = cycle["course"]
    installed = nbs.read(course.folder("submitted") / "bob" / MODULE / NAME)
    assert "return 0.5" in next(
        c.source for c in installed.cells if nbs.grade_id(c) == "error-rate-answer"
    )
    again = collect(course, MODULE)  # collecting twice changes nothing and loses nothing
    assert {c.archived.sha256 for c in again.collected} == {
        c.archived.sha256 for c in cycle["collected"].collected
    }


def test_grading_summary_and_gradebook(cycle):
    out = cycle["graded"].output
    assert cycle["graded"].exit_code == 0, out
    assert "ada" in out and "11/15" in out and "bob" in out and "9/15" in out
    assert "1 waiting for manual grading" in out
    # outside a terminal (cron, CI, a hub service's log) one line per learner as each finishes
    assert re.search(r"^\[[12]/2\] ada 11/15 ok \d+\.\ds$", out, re.M), out


def test_feedback_reaches_the_learners_without_secrets(cycle):
    assert cycle["feedback"].exit_code == 0, cycle["feedback"].output
    course = cycle["course"]
    for learner in ("ada", "bob"):
        pages = list((cycle[learner].home / course.course_id / MODULE / "feedback").rglob("*.html"))
        assert pages, f"{learner} fetched no feedback"
        text = pages[0].read_text()
        assert "BEGIN HIDDEN" not in text and "hidden/requests" not in text
        assert "MARK SCHEME" not in text and "A model answer" not in text


def test_report_numbers_match_the_gradebook(cycle):
    course = cycle["course"]
    cohort = data.load(course)
    db = sqlite3.connect(course.root / "gradebook.db")
    truth = {}
    for student, auto, manual, extra in db.execute(
        "select sa.student_id, g.auto_score, g.manual_score, g.extra_credit from grade g "
        "join submitted_notebook sn on g.notebook_id = sn.id "
        "join submitted_assignment sa on sn.assignment_id = sa.id"
    ):
        score = manual if manual is not None else (auto or 0.0)
        truth[student] = truth.get(student, 0.0) + score + (extra or 0.0)
    db.close()
    report = json.loads(render(cohort, "json"))
    assert (
        {r["learner"]: r["score"] for r in report["scores"]} == truth == {"ada": 14.0, "bob": 9.0}
    )
    mastery = {(r["learner"], r["objective"]): r["mastery"] for r in report["mastery"]}
    assert mastery[("ada", "pandas-basics")] == 1.0
    assert mastery[("bob", "pandas-basics")] == 0.5  # error-rate failed, errors-by-endpoint passed
    failed = {(r["grade_id"]): r["failed"] for r in report["most_failed"]}
    assert failed == {"error-rate-tests": 1}
    pace = {r["learner"]: r for r in report["pace"]}
    assert pace["ada"]["modules_done"] == 1 and pace["bob"]["modules_done"] == 1
    assert report["manual_queue"] == [] and report["failures"] == []


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "html"])
def test_report_formats_and_anonymizing(cycle, fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    result = cli_run(cycle["course"], "report", "--format", fmt, "--out", str(out), "--anonymize")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    if fmt == "html":
        assert text.count("data:image/png;base64,") == 3
        # a figure's base64 payload can spell "ada" by chance; the names are looked for in the text around it
        text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,", text)
    assert "ada" not in text and "bob" not in text and "learner-01" in text
    if fmt == "html":
        assert "Content-Security-Policy" in text and "<script" not in text
    if fmt == "csv":
        assert text.startswith('"learner","module","score"')


def test_zips_are_collected_safely(cycle, tmp_path):
    course = cycle["course"]
    good = tmp_path / "carol.zip"
    with zipfile.ZipFile(good, "w") as zf:
        zf.write(REPO / "exercises" / MODULE / NAME, f"carol/{NAME}")
    slip = tmp_path / "dave.zip"
    with zipfile.ZipFile(slip, "w") as zf:
        zf.writestr("../../escape.ipynb", "{}")
    corrupt = tmp_path / "erin.zip"
    corrupt.write_bytes(b"PK\x03\x04 this is not a zip")
    report = collect_zips(course, MODULE, [good, slip, corrupt, tmp_path / "missing.zip"])
    assert [c.student for c in report.collected] == ["carol"]
    assert (course.folder("submitted") / "carol" / MODULE / NAME).is_file()
    assert any("refuses the path" in e for e in report.errors)
    assert any("erin.zip: is not a readable zip file" in e for e in report.errors)
    assert any("no such file" in e for e in report.errors)
    assert not (tmp_path / "escape.ipynb").exists()
    result = cli_run(course, "collect", MODULE, "--zip", str(corrupt))
    assert result.exit_code == 1 and "not a readable zip file" in result.output


def test_bad_input_to_the_cycle_is_one_line(cycle, tmp_path):
    course = cycle["course"]
    for args, message in [
        (["collect", "99-nothing"], "unknown assignment"),
        (["release", "99-nothing", "--to-exchange"], "unknown assignment"),
    ]:
        result = cli_run(course, *args)
        assert result.exit_code == 1 and message in result.output and result.output.count("\n") == 1
    result = cli_run(course, "feedback", MODULE, "--student", "nobody")
    assert result.exit_code == 1
    assert "  ✘ nobody: no graded submission of 00-orientation" in result.output
    empty = make_course(tmp_path / "empty")
    result = cli_run(empty, "report")
    assert result.exit_code == 1 and "no gradebook" in result.output


def test_demo_builds_its_cohort_outside_the_repository(tmp_path):
    result = CliRunner().invoke(
        cli, ["--course-root", str(REPO), "demo", "--dir", str(REPO / "demo")]
    )
    assert result.exit_code == 1 and "inside the repository" in result.output
    assert not (REPO / "demo").exists()


def test_release_to_exchange_replaces_an_older_copy(cycle):
    course = cycle["course"]
    target = release_to_exchange(course, MODULE)
    assert (target / NAME).is_file()
    assert (
        nbs.read(target / NAME).cells[0].source
        == nbs.read(REPO / "exercises" / MODULE / NAME).cells[0].source
    )


def test_regrading_resumes_keeps_manual_grades_and_backs_up(cycle):
    course = cycle["course"]
    again = cli_run(course, "grade", MODULE)
    assert again.exit_code == 0 and "2 unchanged since last grading" in again.output
    assert "= ada" in again.output and "= bob" in again.output  # the interrupted batch resumes
    forced = cli_run(course, "grade", MODULE, "--force", "--student", "ada", "--student", "bob")
    assert "2 graded" in forced.output
    ada_line = next(line for line in forced.output.splitlines() if line.startswith("  ✔ ada"))
    assert "written answer to grade" not in ada_line, "ada's memo keeps its manual grade"
    assert "0 waiting for manual grading" in forced.output
    with gbk.open_gradebook(course.db_url, course.course_id) as gb:
        memo = next(
            g
            for nb in gb.find_submission(MODULE, "ada").notebooks
            for g in nb.grades
            if g.cell.name == "incident-note"
        )
        assert memo.manual_score == 3.0, "a regrade never touches a mentor's grade"
    backups = sorted((course.state / "backups").glob("gradebook-*.db"))
    assert len(backups) >= 2, "every batch backs an existing gradebook up first"
    db = sqlite3.connect(backups[-1])
    try:
        assert db.execute("select count(*) from grade").fetchone()[0] > 0
    finally:
        db.close()
