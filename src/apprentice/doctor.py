"""`apprentice doctor`: what works on this host and what does not, with the reason."""

from __future__ import annotations

import os
import shutil

from sqlalchemy.engine import make_url

from . import syllabus as syl
from .course import Course, CourseError
from .grading import gradebook
from .grading.sandbox import Sandbox, probe
from .labs import tool_path
from .permissions import exposed
from .postgres import tool

# The field's tools the labs run, with the arguments that make each print its version.
LAB_TOOLS = [
    ("promtool", ["--version"]),
    ("ansible-playbook", ["--version"]),
    ("semgrep", ["--version", "--disable-version-check"]),
    ("checkov", ["--version"]),
    ("zizmor", ["--version"]),
]


def _version(path: str, argv: list[str]) -> str:
    import subprocess

    try:
        out = subprocess.run([path, *argv], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    first = (out.stdout or out.stderr).strip().splitlines()
    return first[0][:80] if first else ""


def gradebook_check(db_url: str) -> tuple[bool, str]:
    """Whether the gradebook (a SQLite file or a PostgreSQL database) is there and reachable."""
    where = gradebook.where(db_url)
    try:
        found = gradebook.state(db_url)
    except CourseError as exc:
        return False, str(exc)
    if found == "missing":
        return True, f"gradebook {where}: not created yet (the first grading creates it)"
    if found == "incomplete":
        return False, f"gradebook {where}: incomplete (no alembic_version)"
    if make_url(db_url).get_backend_name() == "postgresql":
        try:
            dump = tool("pg_dump")
        except CourseError as exc:
            return False, f"gradebook {where}: ready, but cannot be backed up ({exc})"
        return True, f"gradebook {where}: ready (PostgreSQL; backups with {dump})"
    return True, f"gradebook {where}: ready"


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
    lines.append(gradebook_check(course.db_url))
    open_paths = exposed(course)
    lines.append(
        (
            not open_paths,
            "private course folders are owner-only"
            if not open_paths
            else f"readable by other accounts: {', '.join(open_paths[:3])} "
            "(the next grading fixes it, or chmod go-rwx)",
        )
    )
    for name, argv in LAB_TOOLS:
        path = tool_path(name)
        version = _version(path, argv) if path else ""
        lines.append(
            (
                bool(path),
                f"lab tool {name}: {version or 'found'} ({path})"
                if path
                else f"lab tool {name}: NOT installed (run `make`); its labs cannot pass",
            )
        )
    exchange = course.config.Exchange.get("root", "")
    if exchange:
        usable = os.path.isdir(exchange) and os.access(exchange, os.W_OK)
        lines.append((True, f"exchange {exchange}: {'ready' if usable else 'not created yet'}"))
    lines.append((bool(shutil.which("jupyter")), "jupyter is on PATH"))
    return all(passed for passed, _ in lines), lines
