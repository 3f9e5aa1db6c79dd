"""Immutable copies of submissions, addressed by content hash, with the grader's receipt time.

Grading always reads from the archive, never from the mutable submitted/ folder, and the
receipt time is the moment the grader first saw that exact content, not a time the learner
wrote into ``timestamp.txt`` (which is kept, but is not part of the content hash).

A submission is refused, for that learner only, when it holds more than ``MAX_FILES`` files or
more than ``MAX_TOTAL_BYTES`` in all (apparent sizes, so a sparse file counts in full).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..course import CourseError

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
MAX_FILES = 200
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
CLAIMED_TIME = "timestamp.txt"  # written by the learner's side; informational only


def printable(text: str, limit: int = 80) -> str:
    """A learner-controlled name made safe to print on a mentor's terminal or page:
    undecodable bytes and control characters (terminal escape sequences) become '?'."""
    safe = "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else "?" for ch in str(text)
    )
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def check_student_id(student: str) -> str:
    if not STUDENT_ID.match(student) or ".." in student:
        raise CourseError(
            f"learner id {printable(student)!r} is not allowed: use letters, digits and "
            ". _ @ + - (at most 64)"
        )
    return student


@dataclass(frozen=True)
class Archived:
    student: str
    assignment: str
    sha256: str
    received_at: dt.datetime
    path: Path
    skipped: tuple[str, ...] = ()  # files left out (links, oversize, special files)


def _files(folder: Path) -> tuple[list[Path], list[str]]:
    keep, skipped, total = [], [], 0
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = [
            d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(root, d))
        ]
        for name in names:
            path = Path(root) / name
            rel = printable(str(path.relative_to(folder)), 200)
            info = path.lstat()
            if stat.S_ISREG(info.st_mode):
                total += info.st_size  # apparent size: a sparse file counts in full
            if not stat.S_ISREG(info.st_mode):
                skipped.append(f"{rel} (not a regular file)")
            elif info.st_size > MAX_FILE_BYTES:
                skipped.append(f"{rel} (over {MAX_FILE_BYTES // 1024 // 1024} MB)")
            elif name.startswith("."):
                skipped.append(f"{rel} (hidden file)")
            else:
                keep.append(path)
        if len(keep) > MAX_FILES:
            raise CourseError(
                f"{printable(str(folder), 200)}: more than {MAX_FILES} files; "
                "is this really a submission?"
            )
    if total > MAX_TOTAL_BYTES:
        raise CourseError(
            f"{printable(str(folder), 200)}: {total // 1024 // 1024} MB in all, over the "
            f"{MAX_TOTAL_BYTES // 1024 // 1024} MB limit for one submission"
        )
    return sorted(keep), skipped


def _digest(folder: Path, files: list[Path]) -> str:
    whole = hashlib.sha256()
    for path in files:
        if path.parent == folder and path.name == CLAIMED_TIME:
            continue  # the learner's claimed time is not content
        rel = os.fsencode(path.relative_to(folder))
        with open(
            path, "rb", opener=lambda p, f: os.open(p, f | getattr(os, "O_NOFOLLOW", 0))
        ) as fh:
            content = hashlib.file_digest(fh, "sha256").hexdigest()
        whole.update(rel + b"\0" + content.encode() + b"\n")
    return whole.hexdigest()


def archive(
    root: Path, assignment: str, student: str, folder: Path, *, now: dt.datetime | None = None
) -> Archived:
    """Store ``folder`` under ``root/<assignment>/<student>/<sha256>`` once; return its record."""
    check_student_id(student)
    files, skipped = _files(folder)
    sha = _digest(folder, files)
    dest = root / assignment / student / sha
    receipt = dest / ".receipt.json"
    if receipt.is_file():
        data = json.loads(receipt.read_text())
        return Archived(
            student,
            assignment,
            sha,
            dt.datetime.fromisoformat(data["received_at"]),
            dest,
            tuple(data.get("skipped", [])),
        )
    received = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=dest.parent))
    for path in files:
        target = staging / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target, follow_symlinks=False)
        os.chmod(target, 0o444)
    (staging / ".receipt.json").write_text(
        json.dumps(
            {
                "received_at": received.isoformat(),
                "sha256": sha,
                "student": student,
                "assignment": assignment,
                "files": [str(p.relative_to(folder)) for p in files],
                "skipped": skipped,
            },
            indent=1,
        )
    )
    os.chmod(staging / ".receipt.json", 0o444)
    try:
        staging.rename(dest)
    except OSError:  # archived concurrently with identical content
        shutil.rmtree(staging, ignore_errors=True)
        return archive(root, assignment, student, folder, now=now)
    for sub in sorted((p for p in dest.rglob("*") if p.is_dir()), reverse=True):
        os.chmod(sub, 0o555)
    os.chmod(dest, 0o555)
    return Archived(student, assignment, sha, received, dest, tuple(skipped))


def write_receipt_time(folder: Path, received: dt.datetime) -> None:
    """What nbgrader reads as the submission's time (the formgrader compares it with the
    gradebook): the grader's receipt time, never the learner's claim."""
    stamp = folder / CLAIMED_TIME
    text = received.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    if stamp.is_symlink() or (stamp.exists() and not stamp.is_file()):
        raise CourseError(f"{printable(str(stamp), 200)}: is not a regular file")
    if not stamp.exists() or stamp.read_text(errors="replace") != text:
        stamp.write_text(text)
