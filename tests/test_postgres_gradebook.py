"""The gradebook on PostgreSQL, as a hub or several mentors run it.

A throwaway cluster of Debian's PostgreSQL server (initdb and pg_ctl in a temporary folder,
reachable only by its Unix socket, peer authentication; as root the server runs as the
`postgres` account) holds the gradebook of a small course whose site_config.py points at it,
as `apprentice hub` writes it. `apprentice grade` records into it, backs it up with pg_dump
(and the dump restores), and the report, the export and the doctor read it; a missing or
unreachable database gives one line naming it, never a traceback. The formgrader against
PostgreSQL is exercised by tests/hub.
"""

from __future__ import annotations

import getpass
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from apprentice.course import Course, CourseError
from apprentice.doctor import gradebook_check
from apprentice.export import export_csv
from apprentice.grading import gradebook as gbk
from apprentice.grading.batch import grade
from apprentice.postgres import SERVER_ACCOUNT, Cluster, tool
from apprentice.report import data
from apprentice.simulate import copy_course, write_submission

from .content.harness import REPO, sandbox_available

MODULE = "00-orientation"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(name="postgres")]


@pytest.fixture(scope="module")
def cluster():
    account = SERVER_ACCOUNT if os.geteuid() == 0 else getpass.getuser()
    try:
        pwd.getpwnam(account)
        tool("initdb")
    except (KeyError, CourseError) as exc:
        pytest.fail(f"PostgreSQL is not installed (make sandbox installs it): {exc}")
    folder = Path(tempfile.mkdtemp(prefix="apprentice-pg-", dir="/tmp"))
    os.chmod(folder, 0o755)
    running = Cluster(folder / "pg", account, port=5432)
    try:
        yield running.start()
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def graded(cluster, tmp_path_factory):
    me = pwd.getpwuid(os.geteuid()).pw_name  # peer authentication: the role is this account
    url = cluster.ensure_database(me, "gradebook")
    course = copy_course(REPO, tmp_path_factory.mktemp("pg") / "course", modules=[MODULE])
    (course.root / "site_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.db_url = {url!r}\n"
    )
    course = Course.open(course.root)
    assert course.db_url == url
    write_submission(course, MODULE, "ada", {})
    write_submission(course, MODULE, "ben", None)
    first = grade(course, MODULE, jobs=2, sandbox=sandbox_available())
    again = grade(course, MODULE)  # nothing changed: skipped, but the gradebook is backed up
    return course, first, again


def test_grading_records_into_postgresql(graded):
    course, first, _ = graded
    assert sorted((o.student, o.status) for o in first.outcomes) == [("ada", "ok"), ("ben", "ok")]
    assert first.backup is None  # a new database: nothing to back up yet
    assert not list(course.root.glob("*.db")), "no SQLite file next to a PostgreSQL gradebook"
    engine = create_engine(course.db_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("select student, status from apprentice_status order by student")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("ada", "ok"), ("ben", "ok")]


def test_each_batch_backs_up_postgresql_and_the_dump_restores(graded, cluster):
    course, _, again = graded
    assert all(o.skipped for o in again.outcomes)
    assert again.backup is not None and again.backup.suffix == ".dump", again.backup
    me = pwd.getpwuid(os.geteuid()).pw_name
    restored = cluster.ensure_database(me, "restored")
    subprocess.run(
        [
            tool("pg_restore"),
            "--no-owner",
            "-h",
            str(cluster.socket_dir),
            "-p",
            str(cluster.port),
            "-d",
            "restored",
            str(again.backup),
        ],
        check=True,
        capture_output=True,
    )
    engine = create_engine(restored)
    with engine.connect() as conn:
        count = conn.execute(text("select count(*) from apprentice_status")).scalar()
    engine.dispose()
    assert count == 2


def test_report_export_and_doctor_read_postgresql(graded):
    course, _, _ = graded
    cohort = data.load(course)
    scores = {row["learner"]: row for _, row in cohort.scores.iterrows()}
    assert set(scores) == {"ada", "ben"} and scores["ada"]["score"] > scores["ben"]["score"]
    assert "ada" in export_csv(course.db_url, course.course_id)
    ok, line = gradebook_check(course.db_url)
    assert ok and "ready (PostgreSQL" in line and "gradebook" in line, line


def test_a_missing_or_unreachable_database_is_one_line(graded, cluster):
    course, _, _ = graded
    me = pwd.getpwuid(os.geteuid()).pw_name
    empty = cluster.ensure_database(me, "empty")
    assert gbk.state(empty) == "missing"
    (course.root / "site_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.db_url = {empty!r}\n"
    )
    with pytest.raises(CourseError, match="no gradebook at postgresql"):
        data.load(Course.open(course.root))
    gone = cluster.url(me, "gradebook").replace(str(cluster.socket_dir), "/nonexistent")
    with pytest.raises(CourseError, match="cannot reach the gradebook postgresql"):
        gbk.state(gone)
    ok, line = gradebook_check(gone)
    assert not ok and "cannot reach" in line and "\n" not in line
