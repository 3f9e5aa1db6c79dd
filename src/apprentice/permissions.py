"""Keep what learners must not read private to the grading account, on a shared host too.

A course folder on a machine learners log into (or a JupyterHub host) must let learners reach
the exchange, which by default sits inside it, while keeping the solutions with their hidden
tests and fixtures, the gradebook, the archive of every submission, the full grading results
and other learners' work readable by the grading account only. Every mentor command that
touches learner work calls ``secure`` first; `apprentice doctor` reports what it finds.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .course import Course, CourseError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_paths(course: Course) -> list[Path]:
    """Folders no one but the grading account may enter, and the gradebook file(s)."""
    paths = [
        course.state,
        course.source,
        course.folder("submitted"),
        course.folder("autograded"),
        course.folder("feedback"),
    ]
    if course.db_url.startswith("sqlite:///"):
        db = Path(course.db_url.removeprefix("sqlite:///"))
        paths += [db, db.with_name(db.name + "-journal"), db.with_name(db.name + "-wal")]
    return paths


def _owned_by_me(path: Path, info: os.stat_result) -> None:
    if info.st_uid != os.getuid():
        raise CourseError(
            f"{path} belongs to another account (uid {info.st_uid}); the grading account must "
            "own the course's private folders: fix the ownership before grading"
        )


def secure(course: Course) -> None:
    """Create the state folder if needed and make every private path owner-only.

    Refuses (CourseError) when a private path is a symbolic link or belongs to someone else,
    rather than follow it or share it.
    """
    course.state.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    for path in private_paths(course):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise CourseError(f"{path} is a symbolic link; private course folders must not be")
        _owned_by_me(path, info)
        mode = PRIVATE_DIR if stat.S_ISDIR(info.st_mode) else PRIVATE_FILE
        if stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077 | (mode & 0o700))


def exposed(course: Course) -> list[str]:
    """Private paths that other accounts can read or enter now (for `apprentice doctor`)."""
    found = []
    for path in private_paths(course):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_IMODE(info.st_mode) & 0o077:
            found.append(f"{path} (mode {stat.S_IMODE(info.st_mode):o})")
    return found
