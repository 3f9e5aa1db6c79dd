"""The command line: every verb documents itself, user errors are one line and exit non-zero."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from apprentice.cli import cli

from .content.harness import REPO, make_course

VERBS = ["syllabus", "release", "check", "start", "grade", "doctor", "export", "lab"]


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("verb", VERBS)
def test_every_command_has_help_with_an_example(verb):
    result = run(verb, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_version_and_module_entry_point():
    assert run("--version").output.startswith("apprentice, version")


def test_syllabus_json_lists_modules_with_objective_ids_and_minutes():
    data = json.loads(run("--course-root", str(REPO), "syllabus", "--json").output)
    first = data["modules"][0]
    assert first["id"] == "00-orientation" and first["minutes"]["total"] == 75
    assert [o["id"] for o in first["objectives"]] == [
        "workflow",
        "pandas-basics",
        "percentiles",
        "plotting",
    ]


def test_start_page_is_in_sync_with_the_syllabus():
    import nbformat

    from apprentice import syllabus as syl
    from apprentice.course import Course
    from apprentice.lab import START_PAGE, copies_folder, start_page

    committed = nbformat.read(str(REPO / START_PAGE), as_version=4)
    fresh = start_page(syl.load(REPO), copies_folder(Course.open(REPO)))
    assert [c.source for c in committed.cells] == [c.source for c in fresh.cells], (
        "run `apprentice syllabus --write-start-page`"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "99-nothing"], "unknown assignment '99-nothing'"),
        (["grade", "00-orientation"], "no submissions of 00-orientation"),
        (
            ["grade", "00-orientation", "--student", "ghost"],
            "no submission of 00-orientation from learner 'ghost'",
        ),
        (["grade", "00-orientation", "--student", "../x"], "not allowed"),
        (["start", "99-nothing"], "unknown module '99-nothing'"),
        (["release", "99-nothing"], "unknown assignment '99-nothing'"),
    ],
)
def test_user_errors_are_one_line(tmp_path, args, message):
    course = make_course(tmp_path / "course")
    result = run("--course-root", str(course.root), *args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


def test_no_course_folder_is_a_one_line_error(tmp_path):
    result = run("--course-root", str(tmp_path), "syllabus")
    assert result.exit_code == 1 and "no grader_config.py" in result.output


def test_start_copies_the_release_and_never_overwrites(tmp_path):
    course = make_course(tmp_path / "course")
    mine = f"{course.course_id}/00-orientation"
    first = run("--course-root", str(course.root), "start", "00-orientation")
    assert first.exit_code == 0 and f"+ {mine}/orientation-assignment.ipynb" in first.output
    notebook = course.root / mine / "orientation-assignment.ipynb"
    notebook.write_text("my work")
    (course.root / mine / "requests-2026-03-17.csv").unlink()
    again = run("--course-root", str(course.root), "start", "00-orientation")
    assert notebook.read_text() == "my work"
    assert f"= {mine}/orientation-assignment.ipynb (yours, kept)" in again.output
    assert f"+ {mine}/requests-2026-03-17.csv" in again.output


def test_release_check_reports_drift_and_release_repairs_it(tmp_path):
    course = make_course(tmp_path / "course")
    released = course.root / "exercises" / "00-orientation" / "orientation-assignment.ipynb"
    released.write_text(released.read_text().replace("YOUR CODE HERE", "edited by hand"))
    (course.root / "exercises" / "00-orientation" / "stray.txt").write_text("x")
    result = run("--course-root", str(course.root), "release", "--check", "00-orientation")
    assert result.exit_code == 1
    assert "orientation-assignment.ipynb (differs)" in result.output
    assert "stray.txt (not produced by the source)" in result.output
    assert run("--course-root", str(course.root), "release", "00-orientation").exit_code == 0
    assert (
        run("--course-root", str(course.root), "release", "--check", "00-orientation").exit_code
        == 0
    )


def test_doctor_reports_the_sandbox(tmp_path):
    course = make_course(tmp_path / "course")
    result = run("--course-root", str(course.root), "doctor")
    assert "grading sandbox:" in result.output
    assert "bubblewrap" in result.output or "bwrap" in result.output


def test_export_writes_quoted_csv(tmp_path):
    course = make_course(tmp_path / "course")
    out = tmp_path / "grades.csv"
    result = run("--course-root", str(course.root), "export", "--to", str(out))
    assert result.exit_code == 0 and out.read_text().startswith('"assignment"')


def test_the_jail_is_checked_against_every_secret_of_the_course(tmp_path):
    from traitlets.config import Config

    from apprentice.course import Course

    config = Config()
    config.CourseDirectory.source_directory = "solutions"
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'private' / 'grades.db'}"
    course = Course(root=tmp_path, config=config)
    assert set(course.secret_paths) == {
        str(tmp_path / "grader_config.py"),
        str(tmp_path / "solutions"),
        str(tmp_path / ".apprentice"),  # archives and full results, hidden messages included
        str(tmp_path / "private" / "grades.db"),
    }
    config.CourseDirectory.db_url = "postgresql://grader@db/course"
    assert str(tmp_path / "private" / "grades.db") not in course.secret_paths
