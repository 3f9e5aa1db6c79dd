"""`apprentice grade`: grade the submissions of an assignment into nbgrader's gradebook.

For every learner: archive the submission (content hash, receipt time), grade it in its own
worker process with a wall-clock limit (several at once with ``jobs``), then record the
result in one transaction. Before the batch the gradebook is backed up; a batch that was
interrupted resumes where it stopped, because a submission already graded with the same
content is skipped unless ``force`` is given.
"""

from __future__ import annotations

import ast
import fcntl
import json
import multiprocessing
import multiprocessing.forkserver
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import notebooks as nbs
from ..course import Course, CourseError
from ..release import generate
from . import gradebook
from .archive import Archived, archive, check_student_id
from .sandbox import Sandbox, SandboxUnavailable, require
from .status import FINAL, worst
from .worker import Grader, run_job

_CONTEXT: multiprocessing.context.BaseContext | None = None
GRADER_MODULES = [
    "apprentice.grading.headless",
    "apprentice.grading.worker",
    "apprentice.grading.batch",
    "apprentice.facts",
]


def course_imports(course: Course, assignment: str) -> list[str]:
    """Modules the assignment's instructor cells import (they run on the trusted side)."""
    found: set[str] = set()
    for path in nbs.assignment_notebooks(course.source / assignment):
        for cell in nbs.read(path).cells:
            if nbs.is_setup(cell) or nbs.is_test(cell):
                try:
                    tree = ast.parse(cell.source)
                except SyntaxError:
                    continue
                for node in ast.walk(tree):
                    if isinstance(node, ast.Import):
                        found.update(alias.name for alias in node.names)
                    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                        found.add(node.module)
    return sorted(found)


def _context(preload: list[str] | None = None):
    """Workers fork from a server that has already imported the grader and the libraries the
    assignment's instructor cells use: fast, and each submission still gets a fresh process.
    (The server lives as long as this process; the first batch decides what it preloads.)"""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(GRADER_MODULES + list(preload or []))
    return _CONTEXT


SLOT_DIR = Path(tempfile.gettempdir()) / "apprentice-grading-slots"


class Slot:
    """A grading slot (and so a jail uid) no other job on this host is using right now,
    held with an advisory lock so that concurrent batches, even in other processes, never
    share a uid (the process limit counts per uid)."""

    def __init__(self, folder: Path, limit: int = 64) -> None:
        self.folder = folder
        self.limit = limit
        self.handle = None

    def __enter__(self) -> int:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            self.folder.chmod(0o1777)  # shared by every course and user on this host
        while True:
            for number in range(self.limit):
                handle = open(self.folder / f"{number}.lock", "w")  # noqa: SIM115
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    continue
                self.handle = handle
                return number
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


@dataclass
class Outcome:
    student: str
    status: str
    message: str = ""
    score: float = 0.0
    max_score: float = 0.0
    skipped: bool = False
    needs_manual: bool = False
    seconds: float = 0.0


@dataclass
class Summary:
    assignment: str
    outcomes: list[Outcome] = field(default_factory=list)
    backup: Path | None = None
    sandboxed: bool = True

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status not in ("ok", "missing")]

    def lines(self) -> list[str]:
        graded = [o for o in self.outcomes if not o.skipped]
        out = [
            f"{self.assignment}: {len(graded)} graded, "
            f"{sum(o.skipped for o in self.outcomes)} unchanged since last grading, "
            f"{len(self.failed)} with problems, "
            f"{sum(o.needs_manual for o in self.outcomes)} waiting for manual grading"
        ]
        for o in sorted(self.outcomes, key=lambda o: o.student):
            mark = "=" if o.skipped else ("✔" if o.status == "ok" else "✘")
            detail = f"  {o.message}" if o.message and o.status != "ok" else ""
            manual = "  (written answer to grade)" if o.needs_manual else ""
            out.append(
                f"  {mark} {o.student:<20} {o.score:g}/{o.max_score:g}  {o.status}{detail}{manual}"
            )
        if self.backup:
            out.append(f"gradebook backed up to {self.backup}")
        if not self.sandboxed:
            out.append(
                "WARNING: graded WITHOUT the sandbox: learner code ran with your permissions"
            )
        return out


def submissions(course: Course, assignment: str, students: list[str] | None) -> dict[str, Path]:
    """Learner id -> submitted folder; one-line errors for unknown learners or none at all."""
    base = course.folder("submitted")
    found = {}
    if base.is_dir():
        for folder in sorted(base.iterdir()):
            if (folder / assignment).is_dir() and not folder.is_symlink():
                found[folder.name] = folder / assignment
    if students:
        for student in students:
            check_student_id(student)
            if student not in found:
                raise CourseError(
                    f"no submission of {assignment} from learner {student!r} in {base}"
                )
        return {s: found[s] for s in students}
    if not found:
        raise CourseError(f"no submissions of {assignment} in {base}: collect them first")
    for student in found:
        check_student_id(student)
    return found


def _notebook_names(template: Path) -> list[str]:
    return [p.name for p in nbs.assignment_notebooks(template)]


def grade(
    course: Course,
    assignment: str,
    *,
    students: list[str] | None = None,
    force: bool = False,
    jobs: int = 1,
    sandbox: bool = True,
    progress: Callable[[Outcome, int, int], None] | None = None,
) -> Summary:
    course.require_assignment(assignment)
    found = submissions(course, assignment, students)
    _context(course_imports(course, assignment))
    multiprocessing.forkserver.ensure_running()  # loads the grader while the batch is prepared
    config_sandbox = Sandbox(config=course.config)
    use_sandbox = sandbox and config_sandbox.enabled
    if use_sandbox:
        require(config_sandbox, secret_paths=course.secret_paths)
    grader = Grader(config=course.config)
    summary = Summary(assignment, sandboxed=use_sandbox)
    summary.backup = gradebook.backup(course.db_url, course.state / "backups")
    gradebook.ensure_schema(course.db_url)
    state = course.state
    state.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="apprentice-grade-") as tmp:
        template = generate(course, assignment, Path(tmp) / "release", db_url=course.db_url)
        names = _notebook_names(template)
        todo: list[Archived] = []
        graded = gradebook.previous(course.db_url, course.course_id, assignment)
        for student, folder in found.items():
            archived = archive(state / "archive", assignment, student, folder)
            before = graded.get(student, [])
            unchanged = (
                before
                and all(r["sha256"] == archived.sha256 and r["status"] in FINAL for r in before)
                and {r["notebook"] for r in before} == set(names)
            )
            if unchanged and not force:
                score = sum(r["score"] for r in before)
                top = sum(r["max_score"] for r in before)
                status = worst(r["status"] for r in before)
                summary.outcomes.append(Outcome(student, status, "", score, top, skipped=True))
                continue
            todo.append(archived)

        def run(archived: Archived) -> tuple[Archived, dict, Path, float]:
            with Slot(SLOT_DIR) as slot:
                return _run_worker(
                    course, archived, Path(tmp), template, names, slot, use_sandbox, grader
                )

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(run, a) for a in todo]
            # results are recorded here, one at a time, while the pool grades the next ones
            for done, future in enumerate(as_completed(futures), start=1):
                archived, result, out_dir, seconds = future.result()
                outcome = _record(
                    course, archived, result, out_dir, template, names, use_sandbox, seconds
                )
                summary.outcomes.append(outcome)
                if progress:
                    progress(outcome, done, len(todo))
    return summary


def _run_worker(
    course: Course,
    archived: Archived,
    tmp: Path,
    template: Path,
    names: list[str],
    slot: int,
    use_sandbox: bool,
    grader: Grader,
) -> tuple[Archived, dict, Path, float]:
    """Grade one submission in a fresh worker process with a wall-clock limit."""
    started = time.monotonic()
    out_dir = tmp / "jobs" / archived.student
    job = {
        "course_root": str(course.root),
        "assignment": archived.assignment,
        "student": archived.student,
        "submission_dir": str(archived.path),
        "template_dir": str(template),
        "out_dir": str(out_dir),
        "sandbox": use_sandbox,
        "slot": slot,
    }
    process = _context().Process(target=run_job, args=(job,), daemon=True)
    process.start()
    process.join(grader.notebook_timeout + 30)
    if process.is_alive():
        process.kill()
        process.join(10)
        result = {
            "status": "timeout",
            "message": "the submission did not finish within the time limit",
            "notebooks": {},
        }
    else:
        try:
            result = json.loads((out_dir / "result.json").read_text())
        except (OSError, ValueError):
            result = {
                "status": "error",
                "message": f"the grading process ended with code {process.exitcode}",
                "notebooks": {},
            }
    for name in names:  # a notebook the worker did not report still gets an explicit status
        result["notebooks"].setdefault(
            name,
            {
                "status": result["status"] if result["status"] != "ok" else "error",
                "message": result.get("message", ""),
            },
        )
    return archived, result, out_dir, time.monotonic() - started


def _record(
    course: Course,
    archived: Archived,
    result: dict,
    out_dir: Path,
    template: Path,
    names: list[str],
    use_sandbox: bool,
    seconds: float,
) -> Outcome:
    """Write one result to the gradebook and publish its autograded notebooks."""
    scores = gradebook.with_retry(
        lambda: gradebook.record(
            db_url=course.db_url,
            course_id=course.course_id,
            archived=archived,
            result=result,
            sandboxed=use_sandbox,
        )
    )
    _publish(course, archived, out_dir, template, names)
    _save_result(course, archived, result)
    status = worst([nb["status"] for nb in result["notebooks"].values()])
    messages = [nb.get("message") for nb in result["notebooks"].values() if nb.get("message")]
    needs_manual = any(any(nb.get("written", {}).values()) for nb in result["notebooks"].values())
    return Outcome(
        archived.student,
        status,
        "; ".join(messages),
        sum(score for score, _ in scores.values()),
        sum(top for _, top in scores.values()),
        needs_manual=needs_manual,
        seconds=seconds,
    )


def _publish(
    course: Course, archived: Archived, out_dir: Path, template: Path, names: list[str]
) -> None:
    """Replace the learner's autograded/ folder (what the formgrader and feedback read)."""
    dest = course.folder("autograded") / archived.student / archived.assignment
    staging = dest.parent / f".{archived.assignment}.new"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name in names:
        if (out_dir / name).is_file():
            shutil.copy2(out_dir / name, staging / name)
    for item in template.iterdir():  # the released data files, as the learner had them
        if item.suffix != ".ipynb" and item.is_file():
            shutil.copy2(item, staging / item.name)
    (staging / "timestamp.txt").write_text(archived.received_at.isoformat())
    # the secret lets nbgrader release feedback to the learner
    secret = archived.path / "submission_secret.txt"
    if secret.is_file() and secret.stat().st_size < 200:
        shutil.copyfile(secret, staging / "submission_secret.txt")
    if dest.exists():
        shutil.rmtree(dest)
    staging.rename(dest)


def _save_result(course: Course, archived: Archived, result: dict) -> None:
    """The full verdicts (hidden check messages included) for mentors' reports; never learners'."""
    folder = course.state / "results" / archived.assignment
    folder.mkdir(parents=True, exist_ok=True)
    record = {**result, "sha256": archived.sha256, "received_at": archived.received_at.isoformat()}
    (folder / f"{archived.student}.json").write_text(json.dumps(record, indent=1))


__all__ = ["grade", "Summary", "Outcome", "SandboxUnavailable"]
