"""`apprentice start MODULE`: the learner's one working copy of a module.

There is exactly one place a learner works on a module: the folder JupyterLab's *Assignments*
tab fetches into and submits from, ``<course root>/<course id>/<module>/`` (nbgrader's
``Exchange.assignment_dir``, the server root, with the course id folder because the exchange
has ``path_includes_course``). `apprentice start`, the start page's assignment links and the
tab's *Fetch* all lead there, so *Submit* always sends the learner's own work. The folder is
git-ignored.

Existing files are never overwritten, so running `start` again after a course update only
adds what is new (a data file, a new notebook). Work left in ``work/<module>/`` by earlier
versions of the course is moved into the working copy when that copy does not exist yet or is
still the untouched release; otherwise both stay and the learner is told.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import Course, CourseError

LEGACY_DIR = "work"  # where `apprentice start` put copies before they moved to the course id folder


@dataclass
class Started:
    folder: Path
    copied: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    moved_from: Path | None = None  # legacy work/<module> moved into the working copy
    also: Path | None = None  # legacy work/<module> that holds work and was left alone


def copies_root(course: Course) -> Path:
    """The folder holding the learner's working copies: where the Assignments tab fetches."""
    base = Path(course.config.Exchange.get("assignment_dir", ".") or ".")
    base = base if base.is_absolute() else course.root / base
    if course.config.Exchange.get("path_includes_course", False):
        base = base / course.course_id
    return base.resolve()


def working_copy(course: Course, module: str) -> Path:
    return copies_root(course) / module


def legacy_copy(course: Course, module: str) -> Path:
    return course.root / LEGACY_DIR / module


def release_source(course: Course, module: str) -> Path:
    """What a fetch copies: the exchange's published release if there is one, else exercises/."""
    exchange = course.config.Exchange.get("root")
    if exchange:
        outbound = Path(exchange) / course.course_id / "outbound" / module
        if outbound.is_dir():
            return outbound
    release = course.release / module
    if not release.is_dir():
        known = (
            ", ".join(sorted(p.name for p in course.release.iterdir() if p.is_dir()))
            if course.release.is_dir()
            else "none"
        )
        raise CourseError(f"unknown module {module!r}: no {release} (released modules: {known})")
    return release


def _sources(path: Path) -> list[tuple[str, str]] | None:
    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception:  # not a readable notebook: certainly not the untouched release
        return None
    return [(c.cell_type, c.source) for c in nb.cells]


def _notebooks(folder: Path) -> dict[str, Path]:
    return {
        p.name: p
        for p in sorted(folder.glob("*.ipynb"))
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def untouched(folder: Path, release: Path) -> bool:
    """True when every notebook of ``folder`` has exactly the cells of the release."""
    mine, theirs = _notebooks(folder), _notebooks(release)
    if not mine:
        return True
    for name, path in mine.items():
        if name not in theirs or _sources(path) != _sources(theirs[name]):
            return False
    return True


def has_work(folder: Path, release: Path) -> bool:
    return folder.is_dir() and bool(_notebooks(folder)) and not untouched(folder, release)


def start(course: Course, module: str) -> Started:
    source = release_source(course, module)
    target = working_copy(course, module)
    legacy = legacy_copy(course, module)
    result = Started(target)
    if legacy.resolve() != target and has_work(legacy, source):
        if not target.exists() or untouched(target, source):
            _move_into(legacy, target)
            result.moved_from = legacy
        else:
            result.also = legacy
    for item in sorted(source.rglob("*")):
        rel = item.relative_to(source)
        if not item.is_file() or ".ipynb_checkpoints" in rel.parts or _ignored(course, rel):
            continue
        dest = target / rel
        if dest.exists() or dest.is_symlink():
            result.kept.append(str(rel))
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item, dest)
        dest.chmod(0o644)
        result.copied.append(str(rel))
    return result


def _ignored(course: Course, rel: Path) -> bool:
    from fnmatch import fnmatch

    return any(fnmatch(part, pattern) for part in rel.parts for pattern in course.ignore)


def _move_into(legacy: Path, target: Path) -> None:
    """Move the learner's files from ``legacy`` into ``target`` (replacing untouched copies)."""
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(legacy.rglob("*")):
        if not item.is_file():
            continue
        dest = target / item.relative_to(legacy)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.unlink()
        shutil.move(str(item), str(dest))
    shutil.rmtree(legacy, ignore_errors=True)
