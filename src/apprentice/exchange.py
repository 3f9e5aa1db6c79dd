"""The mentor's side of nbgrader's exchange: release assignments, collect work, return feedback.

Release and feedback go through nbgrader's own filesystem exchange classes, so learners fetch
and submit from JupyterLab's Assignments tab (or `nbgrader fetch_assignment` / `submit`) on one
machine or on JupyterHub alike. Collecting is ours, because nbgrader's `collect --update`
deletes the previous copy: here every submission found in the exchange, or handed in as a zip,
is archived by content hash first, and only then does the newest become the copy in
``submitted/`` that grading reads.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import ExchangeReleaseAssignment, ExchangeReleaseFeedback
from nbgrader.utils import parse_utc

from .course import Course, CourseError
from .grading.archive import Archived, archive, check_student_id

MAX_ZIP_FILES = 200
MAX_ZIP_BYTES = 100 * 1024 * 1024


def exchange_root(course: Course) -> Path:
    root = course.config.Exchange.get("root")
    if not root:
        raise CourseError("no exchange configured: set c.Exchange.root in grader_config.py")
    return Path(root)


def release_to_exchange(course: Course, assignment: str) -> Path:
    """Publish exercises/<assignment> to the exchange's outbound folder (replacing an older one)."""
    course.require_assignment(assignment)
    if not (course.release / assignment).is_dir():
        raise CourseError(
            f"exercises/{assignment} does not exist: run `apprentice release {assignment}`"
        )
    root = exchange_root(course)
    root.mkdir(parents=True, exist_ok=True)
    coursedir, config = course.coursedir_for(assignment)
    config.ExchangeReleaseAssignment.force = True
    releaser = ExchangeReleaseAssignment(coursedir=coursedir, config=config)
    releaser.log.setLevel(logging.ERROR)
    try:
        releaser.start()
    except ExchangeError as exc:
        raise CourseError(f"could not release {assignment} to {root}: {exc}") from None
    return Path(releaser.dest_path)


@dataclass
class Collected:
    student: str
    archived: Archived
    claimed_time: str  # what the learner's side wrote; informational only
    newest: bool
    warning: str = ""


@dataclass
class CollectReport:
    assignment: str
    collected: list[Collected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for item in sorted(self.collected, key=lambda c: (c.student, c.claimed_time)):
            mark = "→ submitted/" if item.newest else "  archived  "
            out.append(
                f"  {mark} {item.student:<20} {item.archived.sha256[:12]}  "
                f"received {item.archived.received_at:%Y-%m-%d %H:%M:%S}Z"
                + (f"  ({item.warning})" if item.warning else "")
            )
        out += [f"  ✘ {error}" for error in self.errors]
        learners = len({c.student for c in self.collected})
        out.insert(
            0,
            f"{self.assignment}: {len(self.collected)} submissions from {learners} learners "
            f"archived; {len(self.errors)} problems",
        )
        return out


def _install(course: Course, assignment: str, student: str, source: Path) -> None:
    """Make ``source`` the learner's copy in submitted/ (the archive keeps the older ones)."""
    dest = course.folder("submitted") / student / assignment
    staging = dest.parent / f".{assignment}.incoming"
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, staging, symlinks=True, ignore=shutil.ignore_patterns(".receipt.json"))
    for path in staging.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    if dest.exists():
        shutil.rmtree(dest)
    staging.rename(dest)


def collect(course: Course, assignment: str, *, students: list[str] | None = None) -> CollectReport:
    """Archive every submission of ``assignment`` in the exchange; install each learner's newest."""
    course.require_assignment(assignment)
    inbound = exchange_root(course) / course.course_id / "inbound"
    if not inbound.is_dir():
        raise CourseError(f"nothing has been submitted to {inbound} yet")
    report = CollectReport(assignment)
    found: dict[str, list[tuple[str, Path]]] = {}
    for folder in sorted(inbound.iterdir()):
        parts = folder.name.rsplit("+", 3)
        if len(parts) < 3 or parts[1] != assignment or folder.is_symlink() or not folder.is_dir():
            continue
        student, stamp = parts[0], parts[2]
        try:
            check_student_id(student)
            parse_utc(stamp)
        except (CourseError, ValueError) as exc:
            report.errors.append(f"{folder.name}: skipped ({str(exc).split(':')[0]})")
            continue
        if students and student not in students:
            continue
        found.setdefault(student, []).append((stamp, folder))
    for student in students or []:
        if student not in found:
            report.errors.append(f"{student}: no submission of {assignment} in the exchange")
    archive_root = course.state / "archive"
    for student, items in found.items():
        items.sort(key=lambda item: parse_utc(item[0]))
        for i, (stamp, folder) in enumerate(items):
            archived = archive(archive_root, assignment, student, folder)
            owner = _owner(folder)
            warning = ""
            if owner not in (student, _owner_self()):
                warning = f"folder owned by {owner}, not {student}"
            newest = i == len(items) - 1
            report.collected.append(Collected(student, archived, stamp, newest, warning))
            if newest:
                _install(course, assignment, student, archived.path)
    return report


def _owner(path: Path) -> str:
    try:
        return pwd.getpwuid(path.stat().st_uid).pw_name
    except KeyError:
        return str(path.stat().st_uid)


def _owner_self() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


def collect_zips(course: Course, assignment: str, zips: list[Path]) -> CollectReport:
    """Work handed in as files: ``<learner>.zip`` holding the assignment's notebooks."""
    course.require_assignment(assignment)
    report = CollectReport(assignment)
    for path in zips:
        try:
            student = check_student_id(path.stem.removesuffix(f"-{assignment}"))
            with tempfile.TemporaryDirectory(prefix="apprentice-zip-") as tmp:
                _safe_extract(path, Path(tmp))
                root = _content_root(Path(tmp))
                archived = archive(course.state / "archive", assignment, student, root)
                _install(course, assignment, student, archived.path)
                report.collected.append(Collected(student, archived, "", True))
        except CourseError as exc:
            report.errors.append(str(exc))
    return report


def _safe_extract(path: Path, dest: Path) -> None:
    """Extract a zip without trusting it: no absolute or parent paths, no links, bounded size."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_ZIP_FILES:
                raise CourseError(f"{path.name}: more than {MAX_ZIP_FILES} files")
            if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                raise CourseError(
                    f"{path.name}: unpacks to more than {MAX_ZIP_BYTES // 1024 // 1024} MB"
                )
            for member in members:
                name = member.filename
                target = (dest / name).resolve()
                if (
                    name.startswith("/")
                    or ".." in Path(name).parts
                    or not str(target).startswith(str(dest.resolve()))
                ):
                    raise CourseError(f"{path.name}: refuses the path {name!r}")
                if (member.external_attr >> 16) & 0o170000 == 0o120000:
                    raise CourseError(f"{path.name}: refuses the symbolic link {name!r}")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
    except FileNotFoundError:
        raise CourseError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise CourseError(f"{path.name}: is not a readable zip file ({exc})") from None


def _content_root(folder: Path) -> Path:
    """Zips often wrap everything in one folder; grade what is inside it."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(entries) == 1 and entries[0].is_dir() and not any(folder.glob("*.ipynb")):
        return entries[0]
    return folder


def release_feedback(course: Course, assignment: str, *, students: list[str] | None = None) -> Path:
    """Copy generated feedback to the exchange, where learners fetch it (nbgrader's mechanism)."""
    root = exchange_root(course)
    root.mkdir(parents=True, exist_ok=True)
    student = students[0] if students and len(students) == 1 else "*"
    coursedir, config = course.coursedir_for(assignment, student)
    releaser = ExchangeReleaseFeedback(coursedir=coursedir, config=config)
    releaser.log.setLevel(logging.ERROR)
    try:
        releaser.start()
    except ExchangeError as exc:
        raise CourseError(f"could not release feedback for {assignment}: {exc}") from None
    return root / course.course_id / "feedback"
