"""The mentor's side of nbgrader's exchange: release assignments, collect work, return feedback.

Release and feedback go through nbgrader's own filesystem exchange classes, so learners fetch
and submit from JupyterLab's Assignments tab (or `nbgrader fetch_assignment` / `submit`) on one
machine or on JupyterHub alike. Collecting is ours, because nbgrader's `collect --update`
deletes the previous copy: here every submission found in the exchange, or handed in as a zip,
is archived by content hash first, and only then does the newest become the copy in
``submitted/`` that grading reads.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default import ExchangeReleaseAssignment, ExchangeReleaseFeedback

from .course import QUIET, Course, CourseError
from .grading.archive import (
    Archived,
    archive,
    check_student_id,
    printable,
    write_receipt_time,
)
from .permissions import secure

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
    root = ensure_root(course)
    coursedir, config = course.coursedir_for(assignment)
    config.ExchangeReleaseAssignment.force = True
    releaser = ExchangeReleaseAssignment(coursedir=coursedir, config=config)
    releaser.log = QUIET
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


@dataclass
class CollectReport:
    assignment: str
    collected: list[Collected] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for item in sorted(self.collected, key=lambda c: (c.student, c.archived.received_at)):
            mark = "→ submitted/" if item.newest else "  archived  "
            out.append(
                f"  {mark} {item.student:<20} {item.archived.sha256[:12]}  "
                f"received {item.archived.received_at:%Y-%m-%d %H:%M:%S}Z"
            )
        out += [f"  ✘ {error}" for error in self.errors]
        learners = len({c.student for c in self.collected})
        out.insert(
            0,
            f"{self.assignment}: {len(self.collected)} submissions from {learners} learners "
            f"archived; {len(self.errors)} problems",
        )
        return out


def _install(course: Course, archived: Archived) -> None:
    """Make the archived copy the learner's submission in submitted/ (the archive keeps the
    older ones), stamped with the grader's receipt time."""
    dest = course.folder("submitted") / archived.student / archived.assignment
    staging = dest.parent / f".{archived.assignment}.incoming"
    if staging.exists():
        shutil.rmtree(staging)
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(
        archived.path, staging, symlinks=True, ignore=shutil.ignore_patterns(".receipt.json")
    )
    for path in staging.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    staging.chmod(0o755)
    write_receipt_time(staging, archived.received_at)
    if dest.exists():
        shutil.rmtree(dest)
    staging.rename(dest)


def _account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def collect(course: Course, assignment: str, *, students: list[str] | None = None) -> CollectReport:
    """Archive every submission of ``assignment`` in the exchange; install each learner's newest.

    Each inbound folder is checked on its own: a folder whose name, owner, size or files are
    not acceptable is reported and skipped, and everyone else is collected. A folder is
    attributed to a learner only when that learner's account owns it (or, on a one-account
    machine, the account collecting). The newest submission is the one the grader received
    last (its archive receipt time; for folders first seen in the same run, the one the
    filesystem changed last), never the time the learner's side claims.
    """
    course.require_assignment(assignment)
    secure(course)
    inbound = exchange_root(course) / course.course_id / "inbound"
    if not inbound.is_dir():
        raise CourseError(f"nothing has been submitted to {inbound} yet")
    report = CollectReport(assignment)
    me = _account(os.getuid())
    found: dict[str, list[tuple[Archived, int, str]]] = {}
    for folder in sorted(inbound.iterdir()):
        name = printable(folder.name)
        parts = folder.name.split("+")
        if len(parts) < 3 or parts[1] != assignment:
            continue
        student = parts[0]
        try:
            check_student_id(student)
            if students and student not in students:
                continue
            info = folder.lstat()
            if not stat.S_ISDIR(info.st_mode):
                raise CourseError("not a folder")
            owner = _account(info.st_uid)
            if owner not in (student, me):
                raise CourseError(f"owned by {printable(owner)}, not by {student}")
            archived = archive(course.state / "archive", assignment, student, folder)
        except (CourseError, OSError, ValueError) as exc:
            report.errors.append(f"{name}: skipped ({printable(str(exc), 200)})")
            continue
        found.setdefault(student, []).append((archived, info.st_ctime_ns, parts[2][:40]))
    for student in students or []:
        if student not in found:
            report.errors.append(f"{student}: no submission of {assignment} in the exchange")
    for student, items in found.items():
        items.sort(key=lambda item: (item[0].received_at, item[1]))
        newest = items[-1][0]
        for archived, _, claimed in items:
            report.collected.append(
                Collected(student, archived, printable(claimed), archived is newest)
            )
        try:
            _install(course, newest)
        except (CourseError, OSError) as exc:
            report.errors.append(f"{student}: not installed in submitted/ ({exc})")
    return report


def collect_zips(course: Course, assignment: str, zips: list[Path]) -> CollectReport:
    """Work handed in as files: ``<learner>.zip`` holding the assignment's notebooks."""
    course.require_assignment(assignment)
    secure(course)
    report = CollectReport(assignment)
    for path in zips:
        try:
            student = check_student_id(path.stem.removesuffix(f"-{assignment}"))
            with tempfile.TemporaryDirectory(prefix="apprentice-zip-") as tmp:
                _safe_extract(path, Path(tmp))
                root = _content_root(Path(tmp))
                archived = archive(course.state / "archive", assignment, student, root)
                _install(course, archived)
                report.collected.append(Collected(student, archived, "", True))
        except CourseError as exc:
            report.errors.append(printable(str(exc), 300))
        except (OSError, ValueError, UnicodeError, zipfile.LargeZipFile) as exc:
            report.errors.append(
                f"{printable(path.name)}: could not be collected ({type(exc).__name__}: "
                f"{printable(str(exc), 120)})"
            )
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
            left = MAX_ZIP_BYTES  # headers can lie about sizes: count what really comes out
            for member in members:
                name = member.filename
                shown = printable(name)
                if "\x00" in name or name.startswith("/") or ".." in Path(name).parts:
                    raise CourseError(f"{path.name}: refuses the path {shown!r}")
                target = (dest / name).resolve()
                if not target.is_relative_to(dest.resolve()):
                    raise CourseError(f"{path.name}: refuses the path {shown!r}")
                if (member.external_attr >> 16) & 0o170000 == 0o120000:
                    raise CourseError(f"{path.name}: refuses the symbolic link {shown!r}")
                if member.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as out:
                    while chunk := src.read(1024 * 1024):
                        left -= len(chunk)
                        if left < 0:
                            raise CourseError(
                                f"{path.name}: unpacks to more than "
                                f"{MAX_ZIP_BYTES // 1024 // 1024} MB"
                            )
                        out.write(chunk)
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


@dataclass
class StepReport:
    """What a per-learner step did: who it worked for, and a one-line reason for each other."""

    done: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def release_feedback(
    course: Course, assignment: str, *, students: list[str] | None = None
) -> StepReport:
    """Copy each learner's generated feedback to the exchange, where they fetch it (nbgrader's
    mechanism), one learner at a time: one learner's problem never stops the others."""
    course.require_assignment(assignment)
    ensure_root(course)
    base = course.folder("feedback")
    available = sorted(p.parent.name for p in base.glob(f"*/{assignment}") if p.is_dir())
    report = StepReport()
    for student in students or available:
        folder = base / student / assignment
        if not list(folder.glob("*.html")):
            report.errors.append(f"{student}: no feedback generated for {assignment}")
            continue
        if not (folder / "submission_secret.txt").is_file():
            report.errors.append(
                f"{student}: feedback not released: the submission has no "
                "submission_secret.txt (it was not submitted through the exchange); "
                f"hand over {folder.relative_to(course.root)}/ directly"
            )
            continue
        coursedir, config = course.coursedir_for(assignment, student)
        releaser = ExchangeReleaseFeedback(coursedir=coursedir, config=config)
        releaser.log = QUIET
        try:
            releaser.start()
        except (ExchangeError, OSError, ValueError) as exc:
            report.errors.append(f"{student}: feedback not released ({printable(str(exc), 200)})")
            continue
        report.done.append(student)
    return report


def ensure_root(course: Course) -> Path:
    """The exchange folder, created world-writable with the sticky bit (mode 1777), so every
    learner can submit and nobody can remove or rename another's files."""
    root = exchange_root(course)
    if not root.exists():
        root.mkdir(parents=True)
    if root.is_symlink() or not root.is_dir():
        raise CourseError(f"{root}: the exchange must be a folder")
    if root.stat().st_uid == os.getuid() and root.stat().st_mode & 0o7777 != 0o1777:
        root.chmod(0o1777)
    return root
