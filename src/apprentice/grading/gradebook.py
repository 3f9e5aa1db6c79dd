"""Write grading results into nbgrader's gradebook, atomically, without touching manual grades.

nbgrader's own tables hold the scores (so the formgrader, feedback and export keep working).
Two tables of ours, in the same database, hold what nbgrader has no place for: the grading
status of each submitted notebook (ok, timeout, kernel-died, invalid-notebook, ...) with the
content hash and receipt time, and one row per test cell with its objectives, for mastery
reports. All of a submission's rows change in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

import nbgrader
from alembic.config import Config as AlembicConfig
from alembic.script import ScriptDirectory
from nbgrader.api import Base as NbgraderBase
from nbgrader.api import Gradebook, MissingEntry, TaskCell
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    MetaData,
    String,
    Table,
    Text,
    and_,
    create_engine,
    delete,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SAWarning

from ..course import CourseError
from .archive import Archived
from .status import NOT_GRADED

# nbgrader's add_submission triggers SQLAlchemy 2 "not in session" notices on every new
# submission; they are about nbgrader's internals, not the data, and drown real messages.
warnings.filterwarnings("ignore", category=SAWarning, module=r"nbgrader\.")

metadata = MetaData()

status_table = Table(
    "apprentice_status",
    metadata,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("notebook", String(128), primary_key=True),
    Column("status", String(32), nullable=False),
    Column("message", Text, nullable=False, default=""),
    Column("sha256", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("graded_at", DateTime, nullable=False),
    Column("score", Float, nullable=False),
    Column("max_score", Float, nullable=False),
    Column("engine", String(64), nullable=False),
    Column("sandboxed", Boolean, nullable=False),
)

verdict_table = Table(
    "apprentice_verdict",
    metadata,
    Column("assignment", String(128), primary_key=True),
    Column("student", String(128), primary_key=True),
    Column("notebook", String(128), primary_key=True),
    Column("grade_id", String(128), primary_key=True),
    Column("passed", Boolean, nullable=False),
    Column("points", Float, nullable=False),
    Column("max_points", Float, nullable=False),
    Column("failed_visible", Float, nullable=False),
    Column("failed_hidden", Float, nullable=False),
    Column("objectives", Text, nullable=False),  # JSON list of objective ids
    Column("error", Text, nullable=False, default=""),
)


template_table = Table(
    "apprentice_template",
    metadata,
    Column("assignment", String(128), primary_key=True),
    Column("digest", String(64), nullable=False),
)


def template_digest(db_url: str, course_id: str, assignment: str) -> str | None:
    """The source digest of the release whose cells the gradebook holds for ``assignment``."""
    with open_gradebook(db_url, course_id) as gb:
        row = gb.db.execute(
            select(template_table.c.digest).where(template_table.c.assignment == assignment)
        ).first()
        return row[0] if row else None


def set_template_digest(db_url: str, course_id: str, assignment: str, digest: str) -> None:
    with open_gradebook(db_url, course_id) as gb:
        gb.db.execute(delete(template_table).where(template_table.c.assignment == assignment))
        gb.db.execute(insert(template_table).values(assignment=assignment, digest=digest))
        gb.db.commit()


def ensure_schema(db_url: str) -> None:
    """Create a new gradebook as nbgrader would, without its `alembic heads` subprocess.

    nbgrader stamps a new database with the newest alembic revision by running the
    `alembic` command (about three seconds, and it fails when the venv is not on PATH);
    reading that revision from nbgrader's migration scripts in-process gives the same stamp.
    """
    engine = create_engine(db_url)
    try:
        if inspect(engine).get_table_names():
            return
        config = AlembicConfig()
        config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
        head = ScriptDirectory.from_config(config).get_current_head()
        NbgraderBase.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": head})
    finally:
        engine.dispose()


def open_gradebook(db_url: str, course_id: str) -> Gradebook:
    """nbgrader's Gradebook, created with its own schema first, then our two tables."""
    ensure_schema(db_url)
    gb = Gradebook(db_url, course_id)
    metadata.create_all(gb.engine)
    return gb


def statuses(gb: Gradebook, assignment: str | None = None) -> dict[tuple[str, str], list[dict]]:
    """Status rows of the last grading, per (assignment, student); one assignment or all."""
    query = select(status_table)
    if assignment is not None:
        query = query.where(status_table.c.assignment == assignment)
    found: dict[tuple[str, str], list[dict]] = {}
    for row in gb.db.execute(query).mappings():
        found.setdefault((row["assignment"], row["student"]), []).append(dict(row))
    return found


def previous(db_url: str, course_id: str, assignment: str) -> dict[str, list[dict]]:
    """Every learner's status rows from the last grading of ``assignment``, by learner."""
    with open_gradebook(db_url, course_id) as gb:
        return {student: rows for (_, student), rows in statuses(gb, assignment).items()}


def clamp(value: float, top: float) -> float:
    return min(max(float(value), 0.0), float(top))


def with_retry(action, *, attempts: int = 6, first_wait: float = 0.5):
    """Run a gradebook write, waiting out a lock held by another writer (SQLite)."""
    wait = first_wait
    for attempt in range(attempts):
        try:
            return action()
        except OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == attempts - 1:
                raise
            time.sleep(wait)
            wait *= 2


def record(
    *,
    db_url: str,
    course_id: str,
    archived: Archived,
    result: dict,
    sandboxed: bool,
) -> dict[str, tuple[float, float, bool]]:
    """Store one worker result; returns {notebook: (score, max_score, needs_manual_grade)}.
    Manual scores stay."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    received = archived.received_at.astimezone(dt.UTC).replace(tzinfo=None)
    scores: dict[str, tuple[float, float, bool]] = {}
    with open_gradebook(db_url, course_id) as gb:
        gb.update_or_create_student(archived.student)
        gb.update_or_create_submission(archived.assignment, archived.student, timestamp=received)
        session = gb.db
        try:
            old = {
                row["notebook"]: row["sha256"]
                for row in session.execute(
                    select(status_table).where(
                        and_(
                            status_table.c.assignment == archived.assignment,
                            status_table.c.student == archived.student,
                        )
                    )
                ).mappings()
            }
            for nb_name, nb in result["notebooks"].items():
                notebook_id = Path(nb_name).stem
                try:
                    sn = gb.find_submission_notebook(
                        notebook_id, archived.assignment, archived.student
                    )
                except MissingEntry:
                    continue
                status = nb["status"]
                verdicts = {v["grade_id"]: v for v in nb.get("verdicts", [])}
                changed = old.get(nb_name) != archived.sha256
                total = maximum = 0.0
                for grade in sn.grades:
                    cell = grade.cell
                    maximum += float(cell.max_score)
                    manual_kind = isinstance(cell, TaskCell) or cell.cell_type == "markdown"
                    if status == "missing":
                        grade.auto_score, grade.needs_manual_grade = 0.0, False
                    elif status in NOT_GRADED:  # never a silent 0, never a stale score
                        grade.auto_score, grade.needs_manual_grade = None, True
                    elif manual_kind:
                        wrote = bool(nb.get("written", {}).get(cell.name, False))
                        grade.auto_score = None if wrote else 0.0
                        fresh = grade.manual_score is None or changed
                        grade.needs_manual_grade = wrote and fresh
                    elif cell.name in verdicts:
                        grade.auto_score = clamp(verdicts[cell.name]["points"], cell.max_score)
                        grade.needs_manual_grade = grade.manual_score is not None
                    else:
                        grade.auto_score, grade.needs_manual_grade = None, True
                    score = (
                        grade.manual_score if grade.manual_score is not None else grade.auto_score
                    )
                    total += (score or 0.0) + (grade.extra_credit or 0.0)
                for comment in sn.comments:
                    if comment.cell.name in nb.get("answered", {}):
                        comment.auto_comment = (
                            None if nb["answered"][comment.cell.name] else "No response."
                        )
                    elif comment.cell.name in nb.get("written", {}):
                        comment.auto_comment = (
                            None if nb["written"][comment.cell.name] else "No response."
                        )
                    elif status != "ok":
                        comment.auto_comment = (
                            f"Not graded automatically: {nb.get('message') or status}"
                        )
                sn.flagged = status != "ok"
                scores[nb_name] = (total, maximum, any(g.needs_manual_grade for g in sn.grades))
                key = and_(
                    status_table.c.assignment == archived.assignment,
                    status_table.c.student == archived.student,
                    status_table.c.notebook == nb_name,
                )
                session.execute(delete(status_table).where(key))
                session.execute(
                    insert(status_table).values(
                        assignment=archived.assignment,
                        student=archived.student,
                        notebook=nb_name,
                        status=status,
                        message=nb.get("message", ""),
                        sha256=archived.sha256,
                        received_at=received,
                        graded_at=now,
                        score=total,
                        max_score=maximum,
                        engine=result.get("engine", ""),
                        sandboxed=sandboxed,
                    )
                )
                vkey = and_(
                    verdict_table.c.assignment == archived.assignment,
                    verdict_table.c.student == archived.student,
                    verdict_table.c.notebook == nb_name,
                )
                session.execute(delete(verdict_table).where(vkey))
                for v in verdicts.values():
                    session.execute(
                        insert(verdict_table).values(
                            assignment=archived.assignment,
                            student=archived.student,
                            notebook=nb_name,
                            grade_id=v["grade_id"],
                            passed=bool(v["passed"]),
                            points=clamp(v["points"], v["max_points"]),
                            max_points=v["max_points"],
                            failed_visible=sum(
                                1 for c in v["checks"] if not c["passed"] and not c["hidden"]
                            ),
                            failed_hidden=sum(
                                1 for c in v["checks"] if not c["passed"] and c["hidden"]
                            ),
                            objectives=json.dumps(v.get("objectives", [])),
                            error=v.get("error", ""),
                        )
                    )
            session.commit()
        except Exception:
            session.rollback()
            raise
    return scores


def where(db_url: str) -> str:
    """The gradebook's location for messages: a file, or a server URL without its password."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


def state(db_url: str) -> str:
    """'ready' (nbgrader's tables and its alembic stamp), 'incomplete', or 'missing' (no
    file, or a database without tables); CourseError when a database server cannot be reached."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return "missing"
    engine = create_engine(db_url)
    try:
        tables = set(inspect(engine).get_table_names())
    except OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0][:200]
        raise CourseError(f"cannot reach the gradebook {where(db_url)}: {reason}") from None
    finally:
        engine.dispose()
    if not tables:
        return "missing"
    return "ready" if {"alembic_version", "grade"} <= tables else "incomplete"


def backup(db_url: str, folder: Path, *, keep: int = 20) -> Path | None:
    """A copy of the gradebook taken while it is in use: SQLite's online backup API, or
    PostgreSQL's ``pg_dump`` (custom format, for ``pg_restore``). None when there is nothing
    to back up yet; CourseError when a PostgreSQL gradebook cannot be dumped."""
    url = make_url(db_url)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    if url.get_backend_name() == "postgresql":
        if state(db_url) == "missing":
            return None
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"gradebook-{stamp}.dump"
        libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
        try:
            from ..postgres import tool

            done = subprocess.run(
                [tool("pg_dump"), "--format=custom", f"--file={target}", f"--dbname={libpq}"],
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise CourseError(f"could not back up the gradebook {where(db_url)}: {exc}") from None
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise CourseError(
                f"could not back up the gradebook {where(db_url)} with pg_dump: "
                + done.stderr.strip()[-300:]
            )
        for old in sorted(folder.glob("gradebook-*.dump"))[:-keep]:
            old.unlink()
        return target
    if url.get_backend_name() != "sqlite" or not url.database or not Path(url.database).is_file():
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"gradebook-{stamp}.db"
    with _sqlite(url.database) as src, _sqlite(str(target)) as dst:
        src.backup(dst)
    for old in sorted(folder.glob("gradebook-*.db"))[:-keep]:
        old.unlink()
    return target


@contextmanager
def _sqlite(path: str):
    connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()
