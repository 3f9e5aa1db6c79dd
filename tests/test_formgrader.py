"""The formgrader, as a mentor uses it, is behind the same trust boundary as `apprentice grade`.

A real `apprentice lab` server serves a course with a hostile submission that tries to write
outside the jail and a written answer carrying script, event handlers and `javascript:` links.
Its Autograde button (the formgrader API) and plain `nbgrader autograde` both grade through
the jailed engine; work the engine graded does not show as "needs autograding"; the manual
grading page shows the written answer as text; a manual grade saved through the formgrader
reaches the feedback. Where the jail is switched off, nbgrader autograde refuses.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from apprentice import notebooks as nbs
from apprentice.simulate import reference_answers, write_submission

from .content.harness import make_course, sandbox_available
from .servers import lab

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="formgrader")]

WRITTEN = (
    "The outage ran 09:05-09:25 UTC; a < b and `x < y`.\n\n"
    "[details](javascript:alert(document.cookie)) "
    '<a href="javascript:alert(2)" onclick="alert(3)">more</a> '
    "<img src=x onerror=alert(4)> <script>alert(5)</script> "
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)\n"
)


def escape_attempt(target: Path) -> str:
    return (
        f"for path in [{str(target)!r}, '/tmp/escaped-from-formgrader.txt']:\n"
        "    try:\n"
        "        open(path, 'w').write('escaped')\n"
        "    except OSError:\n"
        "        pass\n"
    )


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not sandbox_available():
        pytest.fail("the grading sandbox is required: apprentice doctor")
    tmp = tmp_path_factory.mktemp("formgrader")
    course = make_course(tmp / "course")
    target = course.root / "escaped.txt"
    ref = reference_answers(course, MODULE)
    hostile = {"error-rate-answer": escape_attempt(target) + ref["error-rate-answer"]}
    write_submission(course, MODULE, "ann", hostile, written=WRITTEN)
    write_submission(course, MODULE, "ben", hostile)
    Path("/tmp/escaped-from-formgrader.txt").unlink(missing_ok=True)
    env = {"APPRENTICE_DB_URL": f"sqlite:///{course.root / 'gradebook.db'}"}
    with lab(course.root, tmp, env=env) as client:
        autograde = client.json("POST", f"/formgrader/api/submission/{MODULE}/ann/autograde")
        cli = subprocess.run(
            [
                str(Path(sys.executable).with_name("nbgrader")),
                "autograde",
                MODULE,
                "--student",
                "ben",
            ],
            cwd=course.root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        submissions = client.json("GET", f"/formgrader/api/submissions/{MODULE}")
        notebooks = client.json(
            "GET", f"/formgrader/api/submitted_notebooks/{MODULE}/orientation-assignment"
        )
        ann = next(n for n in notebooks if n["student"] == "ann")
        status, page = client.get(f"/formgrader/submissions/{ann['id']}/?index=0")
        grades = client.json("GET", f"/formgrader/api/grades?submission_id={ann['id']}")
        memo = next(g for g in grades if g["name"] == "incident-note")
        saved = client.json("PUT", f"/formgrader/api/grade/{memo['id']}", {"manual_score": 3})
        feedback = client.json("POST", f"/formgrader/api/assignment/{MODULE}/ann/generate_feedback")
    yield {
        "course": course,
        "target": target,
        "autograde": autograde,
        "cli": cli,
        "submissions": {s["student"]: s for s in submissions},
        "page": (status, page),
        "saved": saved,
        "feedback": feedback,
    }
    Path("/tmp/escaped-from-formgrader.txt").unlink(missing_ok=True)


def _status_rows(course, student):
    db = sqlite3.connect(course.root / "gradebook.db")
    try:
        return db.execute(
            "select status, engine, sandboxed from apprentice_status where student = ?", (student,)
        ).fetchall()
    finally:
        db.close()


def test_the_autograde_button_grades_in_the_jail(served):
    assert served["autograde"]["success"], served["autograde"]
    assert not served["target"].exists() and not Path("/tmp/escaped-from-formgrader.txt").exists()
    assert _status_rows(served["course"], "ann") == [("ok", "apprentice-trusted-oracle/2", 1)]
    assert "graded" in served["autograde"]["log"]


def test_plain_nbgrader_autograde_grades_in_the_jail(served):
    assert served["cli"].returncode == 0, served["cli"].stderr[-2000:]
    assert not served["target"].exists()
    assert _status_rows(served["course"], "ben") == [("ok", "apprentice-trusted-oracle/2", 1)]


def test_engine_graded_work_does_not_need_autograding(served):
    for student in ("ann", "ben"):
        assert served["submissions"][student]["autograded"], served["submissions"][student]


def test_the_manual_grading_page_shows_the_written_answer_as_text(served):
    status, page = served["page"]
    assert status == 200
    assert "The outage ran 09:05-09:25 UTC" in page
    lowered = page.lower()
    for bad in (
        "javascript:alert",
        "onerror=alert",
        'onclick="alert',
        "<script>alert",
        "data:text/html",
    ):
        assert bad not in lowered, bad


def test_a_grade_saved_in_the_formgrader_reaches_the_feedback(served):
    assert served["saved"]["manual_score"] == 3 and not served["saved"]["needs_manual_grade"]
    assert served["feedback"]["success"], served["feedback"]
    page = next((served["course"].folder("feedback") / "ann" / MODULE).glob("*.html")).read_text()
    assert "javascript:alert" not in page and "<script>alert" not in page
    assert "a &lt; b" in page and "&amp;lt;" not in page  # shown as "a < b", never "&lt;"
    assert "<code>x &lt; y</code>" in page


def test_nbgrader_autograde_refuses_where_the_jail_is_off(tmp_path):
    course = make_course(tmp_path / "course")
    with open(course.root / "grader_config.py", "a") as handle:
        handle.write("\nc.Sandbox.enabled = False\n")
    target = course.root / "escaped.txt"
    ref = reference_answers(course, MODULE)
    write_submission(
        course,
        MODULE,
        "cat",
        {"error-rate-answer": escape_attempt(target) + ref["error-rate-answer"]},
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("nbgrader")), "autograde", MODULE],
        cwd=course.root,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )
    assert result.returncode != 0
    assert "refused" in result.stderr and "apprentice grade" in result.stderr
    assert not target.exists()
    assert not (course.folder("autograded") / "cat").exists()
    assert nbs.assignment_notebooks(course.folder("submitted") / "cat" / MODULE)
