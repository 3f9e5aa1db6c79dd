"""`apprentice doctor`: what works on this host and what does not, with the reason."""

from __future__ import annotations

import os
import shutil

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from . import syllabus as syl
from .course import Course, CourseError
from .grading.sandbox import Sandbox, probe


def diagnose(course: Course) -> tuple[bool, list[tuple[bool, str]]]:
    lines: list[tuple[bool, str]] = [
        (True, f"course {course.course_id} at {course.root} (configuration: grader_config.py)"),
    ]
    try:
        data = syl.load(course.root)
        problems = syl.folder_problems(data, course.root)
        lines.append(
            (
                not problems,
                f"syllabus: {len(data.modules)} modules"
                + ("" if not problems else f"; {problems[0]}"),
            )
        )
    except CourseError as exc:
        lines.append((False, f"syllabus: {exc}"))
    sandbox = Sandbox(config=course.config)
    result = probe(sandbox, secret_paths=course.secret_paths)
    lines.append(
        (
            result.ok,
            f"grading sandbox: {'works' if result.ok else 'NOT available'} ({result.mode} mode)",
        )
    )
    lines += [(passed, "  " + text) for passed, text in result.lines]
    if not sandbox.enabled:
        lines.append(
            (False, "c.Sandbox.enabled is False in grader_config.py: grading runs unjailed")
        )
    url = make_url(course.db_url)
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if os.path.exists(path):
            engine = create_engine(course.db_url)
            tables = set(inspect(engine).get_table_names())
            engine.dispose()
            ok = "alembic_version" in tables and "grade" in tables
            lines.append(
                (ok, f"gradebook {path}: {'ready' if ok else 'incomplete (no alembic_version)'}")
            )
        else:
            lines.append(
                (True, f"gradebook {path}: not created yet (the first grading creates it)")
            )
    else:
        lines.append(
            (True, f"gradebook: {url.get_backend_name()} database {url.render_as_string()}")
        )
    exchange = course.config.Exchange.get("root", "")
    if exchange:
        usable = os.path.isdir(exchange) and os.access(exchange, os.W_OK)
        lines.append((True, f"exchange {exchange}: {'ready' if usable else 'not created yet'}"))
    lines.append((bool(shutil.which("jupyter")), "jupyter is on PATH"))
    return all(passed for passed, _ in lines), lines
