"""One learner's bad input never stops the class, and the shared host's rules hold.

One cohort holds honest learners who use the exchange and, among them, every kind of bad
input: an inbound folder whose name is not UTF-8, file names that are not UTF-8 or carry
terminal escapes, a claimed timestamp out of range, a sparse file far over the size cap, an
invalid notebook, a submission without submission_secret.txt, a folder owned by another
account, and zips that are corrupt or try to escape. Every step (collect, grade, feedback and
its release, export, report) is run through the command line as a mentor would: each bad
learner gets a one-line message, everyone else is processed, and the exit status says that
something failed.
"""

from __future__ import annotations

import os
import stat
import zipfile

import nbformat
import pytest
from click.testing import CliRunner

from apprentice import notebooks as nbs
from apprentice.cli import cli
from apprentice.course import CourseError
from apprentice.exchange import exchange_root
from apprentice.grading.batch import Slot, slot_folder
from apprentice.simulate import Learner, filled

from .content.harness import make_course, sandbox_available

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"
STAMP = "2026-12-01 09:00:00.000000 UTC"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(name="one-learner")]
ROOT = os.geteuid() == 0


def run(course, *args):
    return CliRunner().invoke(cli, ["--course-root", str(course.root), *args])


def _inbound(course):
    return exchange_root(course) / course.course_id / "inbound"


def _folder(course, name: bytes | str) -> bytes:
    path = os.fsencode(_inbound(course)) + b"/" + os.fsencode(name)
    os.mkdir(path)
    return path


def _put(folder: bytes, name: bytes | str, data: bytes) -> None:
    with open(folder + b"/" + os.fsencode(name), "wb") as handle:
        handle.write(data)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    base = tmp_path_factory.mktemp("one-learner")
    course = make_course(base / "course")
    assert run(course, "release", MODULE, "--to-exchange").exit_code == 0
    solution = nbformat.writes(filled(course, MODULE, NAME, {})).encode()
    ada, bob = Learner("ada", base / "ada"), Learner("bob", base / "bob")
    for learner in (ada, bob):
        learner.fetch(course, MODULE)
        learner.answer(course, MODULE, {})
    ada.submit(course, MODULE)
    # bob submits a wrong answer first; the mentor collects it ...
    bob.answer(course, MODULE, {"error-rate-answer": "def error_rate(log):\n    return 0.5\n"})
    bob.submit(course, MODULE)
    first = run(course, "collect", MODULE)
    assert first.exit_code == 0, first.output
    # ... then a corrected one whose folder claims an older time than the first
    bob.answer(course, MODULE, {})
    bob.submit(course, MODULE)
    newest = max(_inbound(course).glob("bob+*"), key=lambda p: p.stat().st_ctime_ns)
    newest.rename(newest.with_name(f"bob+{MODULE}+2020-01-01 00:00:00.000000 UTC+old"))
    # the bad inputs, each beside the honest learners
    _put(
        _folder(course, b"\xff\xfe+" + MODULE.encode() + b"+" + STAMP.encode() + b"+x"),
        NAME,
        solution,
    )
    carl = _folder(course, f"carl+{MODULE}+{STAMP}+r")
    _put(carl, NAME, solution)
    _put(carl, b"\xff\xfenotes.txt", b"not utf-8 name")
    _put(carl, "\x1b]0;owned\x07.txt", b"terminal escape in a name")
    dora = _folder(course, f"dora+{MODULE}+99999-99-99 99:99:99.000000 UTC+r")
    _put(dora, NAME, solution)
    eve = _folder(course, f"eve+{MODULE}+{STAMP}+r")
    _put(eve, NAME, solution)
    with open(eve + b"/big.bin", "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: a few bytes on disk, 300 MB apparent
    gus = _folder(course, f"gus+{MODULE}+{STAMP}+r")
    _put(gus, NAME, b"{ this is not a notebook")
    if ROOT:
        hal = _folder(course, f"hal+{MODULE}+{STAMP}+r")
        _put(hal, NAME, solution)
        os.chown(hal + b"/" + NAME.encode(), 65534, 65534)
        os.chown(hal, 65534, 65534)
    collected = run(course, "collect", MODULE)
    zips = base / "zips"
    zips.mkdir()
    with zipfile.ZipFile(zips / "jon.zip", "w") as zf:
        zf.writestr(f"jon/{NAME}", solution)
    with zipfile.ZipFile(zips / "kim.zip", "w") as zf:
        zf.writestr("../../outside.ipynb", solution)
    with zipfile.ZipFile(zips / "lou.zip", "w") as zf:
        zf.writestr("x" * 300 + "/" + "y" * 300 + ".ipynb", solution)
    (zips / "max.zip").write_bytes(b"PK\x03\x04 broken")
    zipped = run(
        course,
        "collect",
        MODULE,
        *(arg for z in ("jon", "kim", "lou", "max") for arg in ("--zip", str(zips / f"{z}.zip"))),
    )
    graded = run(
        course, "grade", MODULE, "--jobs", "2", *([] if sandbox_available() else ["--no-sandbox"])
    )
    feedback = run(course, "feedback", MODULE)
    fetched = {learner.name: learner.fetch_feedback(course, MODULE) for learner in (ada, bob)}
    return {
        "course": course,
        "first": first,
        "collected": collected,
        "zipped": zipped,
        "graded": graded,
        "feedback": feedback,
        "fetched": fetched,
        "export": run(course, "export"),
        "report": run(course, "report", "--format", "html", "--out", str(base / "r.html")),
        "report_path": base / "r.html",
    }


def _lines(result) -> list[str]:
    return result.output.splitlines()


def test_collect_reports_each_bad_folder_in_one_line_and_collects_the_rest(cohort):
    result = cohort["collected"]
    assert result.exit_code == 1, result.output
    out = result.output
    for learner in ("ada", "bob", "carl", "dora", "gus"):
        assert f"→ submitted/ {learner}" in out, learner
    assert "?? " not in out and "\x1b" not in out
    assert any("skipped" in line and "learner id" in line for line in _lines(result))
    assert any(line.startswith("  ✘ eve+") and "MB in all" in line for line in _lines(result))
    if ROOT:
        assert any(
            line.startswith("  ✘ hal+") and "owned by nobody" in line for line in _lines(result)
        )
    assert not (cohort["course"].folder("submitted") / "eve").exists()
    assert not (cohort["course"].folder("submitted") / "hal").exists()


def test_the_newest_submission_is_the_one_received_last(cohort):
    installed = nbs.read(cohort["course"].folder("submitted") / "bob" / MODULE / NAME)
    answer = next(c.source for c in installed.cells if nbs.grade_id(c) == "error-rate-answer")
    assert "return 0.5" not in answer, "bob's later submission, with an older claimed time, wins"


def test_zips_are_checked_one_by_one(cohort):
    result = cohort["zipped"]
    assert result.exit_code == 1
    assert "→ submitted/ jon" in result.output
    lines = _lines(result)
    assert any("kim.zip" in line and "refuses the path" in line for line in lines)
    assert any("lou.zip" in line for line in lines)
    assert any("max.zip: is not a readable zip file" in line for line in lines)
    assert not (cohort["course"].root.parent / "outside.ipynb").exists()


def test_grading_goes_on_past_bad_learners_and_says_something_failed(cohort):
    result = cohort["graded"]
    assert result.exit_code == 1, result.output
    out = result.output
    for learner in ("ada", "bob", "carl", "dora", "jon"):
        assert f"✔ {learner} " in out, (learner, out)
    assert "✘ gus" in out and "invalid-notebook" in out


def test_feedback_reaches_every_learner_it_can_and_names_the_others(cohort):
    result = cohort["feedback"]
    assert result.exit_code == 1, result.output
    lines = _lines(result)
    assert any(line.startswith("  ✘ gus:") and "no graded notebook" in line for line in lines)
    assert any(line.startswith("  ✘ dora:") and "submission_secret.txt" in line for line in lines)
    assert "released feedback of 2 learners" in result.output  # ada and bob, who used the exchange
    for learner in ("ada", "bob"):
        assert cohort["fetched"][learner], f"{learner} could not fetch feedback"
    for learner in ("carl", "dora", "jon"):
        pages = list((cohort["course"].folder("feedback") / learner / MODULE).glob("*.html"))
        assert pages, f"feedback was generated for {learner}"


def test_export_and_report_cover_everyone(cohort):
    assert cohort["export"].exit_code == 0, cohort["export"].output
    text = cohort["export"].output
    for learner in ("ada", "bob", "carl", "dora", "gus", "jon"):
        assert f'"{learner}"' in text
    assert '"invalid-notebook"' in text
    assert cohort["report"].exit_code == 0, cohort["report"].output
    assert "gus" in cohort["report_path"].read_text()


# --- the mentor's host is not shared with learners --------------------------------------------


def test_private_paths_are_the_grading_accounts_only(cohort):
    course = cohort["course"]
    for path in (
        course.state,
        course.source,
        course.folder("submitted"),
        course.folder("autograded"),
        course.folder("feedback"),
        course.root / "gradebook.db",
    ):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is mode {mode:o}"
        assert path.stat().st_uid == os.geteuid()


def test_the_exchange_is_sticky_and_world_writable(cohort):
    assert stat.S_IMODE(exchange_root(cohort["course"]).stat().st_mode) == 0o1777


def test_grading_slots_live_in_a_private_folder_with_a_time_limit(cohort, tmp_path):
    folder = slot_folder(cohort["course"])
    assert not str(folder).startswith(("/tmp/", "/var/tmp/"))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    own = tmp_path / "slots"
    with Slot(own, limit=1):
        with pytest.raises(CourseError, match="every grading slot stayed busy"):
            with Slot(own, limit=1, wait=0.5):
                pass
    link = tmp_path / "link"
    link.symlink_to(own)
    with pytest.raises(CourseError, match="not a link"):
        with Slot(link, limit=1):
            pass
    if ROOT:
        theirs = tmp_path / "theirs"
        theirs.mkdir(mode=0o700)
        os.chown(theirs, 65534, 65534)
        with pytest.raises(CourseError, match="belongs to uid 65534"):
            with Slot(theirs, limit=1):
                pass
