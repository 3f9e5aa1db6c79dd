"""`apprentice start MODULE`: a private, git-ignored copy of a released module to work in.

Existing files are never overwritten, so running it again after a course update only adds
what is new (a data file, a new notebook) and leaves the learner's work alone.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .course import Course, CourseError

WORK_DIR = "work"


@dataclass
class Started:
    folder: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def start(course: Course, module: str, *, work_dir: str | Path = WORK_DIR) -> Started:
    release = course.release / module
    if not release.is_dir():
        known = ", ".join(sorted(p.name for p in course.release.iterdir() if p.is_dir()))
        raise CourseError(f"unknown module {module!r}: no {release} (released modules: {known})")
    target = (course.root / work_dir / module).resolve()
    result = Started(target)
    for item in sorted(release.rglob("*")):
        if not item.is_file() or ".ipynb_checkpoints" in item.parts:
            continue
        rel = item.relative_to(release)
        dest = target / rel
        if dest.exists() or dest.is_symlink():
            result.kept.append(str(rel))
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, dest)
        dest.chmod(0o644)
        result.copied.append(str(rel))
    return result
