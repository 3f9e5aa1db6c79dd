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


def owner(course: Course) -> int:
    """The grading account: whoever owns the course folder."""
    return course.root.stat().st_uid


def _give_back(path: Path, uid: int, gid: int) -> None:
    """Root graded: hand what it wrote to the course's owner, so that account's formgrader
    can save grades afterwards (links are changed themselves, never followed)."""
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            item = os.path.join(root, name)
            if os.lstat(item).st_uid != uid:
                os.lchown(item, uid, gid)
    if path.lstat().st_uid != uid:
        os.lchown(path, uid, gid)


def secure(course: Course) -> None:
    """Create the state folder if needed and make every private path owner-only.

    Refuses (CourseError) when a private path is a symbolic link or belongs to an account other
    than the course's owner, rather than follow it or share it. Run as root on a course
    another account owns, it gives everything it wrote back to that account.
    """
    course.state.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    uid = owner(course)
    me = os.geteuid()
    if me not in (0, uid):
        raise CourseError(
            f"{course.root} belongs to uid {uid}, not to you: grade as the course's owner"
        )
    for path in private_paths(course):
        try:
            info = path.lstat()
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(info.st_mode):
            raise CourseError(f"{path} is a symbolic link; private course folders must not be")
        if me == 0 and uid != 0:
            _give_back(path, uid, course.root.stat().st_gid)
        elif info.st_uid != uid:
            raise CourseError(
                f"{path} belongs to another account (uid {info.st_uid}); the course's owner "
                "must own its private folders: fix the ownership before grading"
            )
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
