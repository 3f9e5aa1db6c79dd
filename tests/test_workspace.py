"""One working copy: `apprentice start`, the Assignments tab's Fetch and its Submit meet in one place.

The tab's own code (nbgrader's AssignmentList manager, what JupyterLab's Assignments tab
calls) lists, fetches and submits, in a course whose module the mentor released to the
exchange; the mentor then collects what it sent.
"""

from __future__ import annotations

import subprocess

import nbformat
import pytest
from click.testing import CliRunner
from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

from apprentice import notebooks as nbs
from apprentice.cli import cli
from apprentice.exchange import collect, exchange_root, release_to_exchange
from apprentice.simulate import filled
from apprentice.workspace import legacy_copy, start, working_copy

from .content.harness import REPO, make_course

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"
pytestmark = pytest.mark.xdist_group(name="workspace")


@pytest.fixture
def course(tmp_path, monkeypatch):
    course = make_course(tmp_path / "course")
    release_to_exchange(course, MODULE)
    monkeypatch.chdir(course.root)  # `apprentice lab` runs its server in the course folder
    return course


def tab(course) -> AssignmentList:
    """The Assignments tab's server side, serving the course folder as `apprentice lab` does."""
    manager = AssignmentList()
    manager.root_dir = str(course.root)
    return manager


def listed(course) -> dict[str, dict]:
    result = tab(course).list_assignments(course_id=course.course_id)
    assert result["success"], result
    return {(a["assignment_id"], a["status"]): a for a in result["value"]}


def answered(course) -> nbformat.NotebookNode:
    return filled(course, MODULE, NAME, {}, written="My incident note.")


def inbound(course) -> list:
    return sorted((exchange_root(course) / course.course_id / "inbound").glob("*+*"))


def test_start_makes_the_copy_the_tab_submits(course):
    started = start(course, MODULE)
    assert started.folder == course.root / course.course_id / MODULE
    entry = listed(course)[(MODULE, "fetched")]
    assert entry["path"] == f"{course.course_id}/{MODULE}", "the tab sees the copy as fetched"
    nbs.write(answered(course), started.folder / NAME)
    assert tab(course).submit_assignment(course.course_id, MODULE)["success"]
    (sent,) = collect(course, MODULE).collected
    graded_copy = nbs.read(course.folder("submitted") / sent.student / MODULE / NAME)
    assert [c.source for c in graded_copy.cells] == [c.source for c in answered(course).cells]


def test_the_tabs_fetch_lands_where_start_works_and_nothing_is_overwritten(course):
    assert tab(course).fetch_assignment(course.course_id, MODULE)["success"]
    copy = working_copy(course, MODULE) / NAME
    assert copy.is_file()
    nbs.write(answered(course), copy)
    again = start(course, MODULE)
    assert again.copied == [] and NAME in again.kept
    assert [c.source for c in nbs.read(copy).cells] == [c.source for c in answered(course).cells]
    # fetching again from the tab does not replace the work either
    tab(course).fetch_assignment(course.course_id, MODULE)
    assert [c.source for c in nbs.read(copy).cells] == [c.source for c in answered(course).cells]


def test_submit_refuses_the_blank_release_while_work_sits_in_the_old_folder(course):
    old = legacy_copy(course, MODULE)  # where `apprentice start` used to put the copy
    old.mkdir(parents=True)
    nbs.write(answered(course), old / NAME)
    assert tab(course).fetch_assignment(course.course_id, MODULE)["success"]
    refused = tab(course).submit_assignment(course.course_id, MODULE)
    assert not refused["success"]
    assert (
        "untouched release" in refused["value"]
        and "apprentice start 00-orientation" in (refused["value"])
    )
    assert inbound(course) == [], "nothing was sent"
    moved = CliRunner().invoke(cli, ["--course-root", str(course.root), "start", MODULE])
    assert moved.exit_code == 0 and "moved your work from work/00-orientation/" in moved.output
    assert not old.exists()
    assert tab(course).submit_assignment(course.course_id, MODULE)["success"]
    (sent,) = collect(course, MODULE).collected
    graded_copy = nbs.read(course.folder("submitted") / sent.student / MODULE / NAME)
    assert "My incident note." in [c.source for c in graded_copy.cells]


def test_an_untouched_copy_is_submitted_when_there_is_no_other_work(course):
    assert tab(course).fetch_assignment(course.course_id, MODULE)["success"]
    assert tab(course).submit_assignment(course.course_id, MODULE)["success"]
    assert len(inbound(course)) == 1


def test_two_copies_with_work_are_both_kept_and_the_learner_is_told(course):
    old = legacy_copy(course, MODULE)
    old.mkdir(parents=True)
    nbs.write(answered(course), old / NAME)
    mine = working_copy(course, MODULE)
    mine.mkdir(parents=True)
    other = filled(course, MODULE, NAME, {}, written="A newer note.")
    nbs.write(other, mine / NAME)
    result = CliRunner().invoke(cli, ["--course-root", str(course.root), "start", MODULE])
    assert result.exit_code == 0
    assert "work/00-orientation/ also holds work" in result.output
    assert (old / NAME).is_file()
    assert "A newer note." in [c.source for c in nbs.read(mine / NAME).cells]


def test_start_without_an_exchange_copies_the_course_release(tmp_path):
    course = make_course(tmp_path / "course")
    started = start(course, MODULE)
    assert sorted(started.copied) == sorted(p.name for p in (course.release / MODULE).iterdir())


@pytest.mark.parametrize(
    "path", [f"infrasec-apprenticeship/{MODULE}/{NAME}", f"work/{MODULE}/{NAME}"]
)
def test_learner_copies_are_git_ignored(path):
    ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO)
    assert ignored.returncode == 0, f"{path} is not git-ignored"
