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
import hashlib
import json
import multiprocessing
import multiprocessing.forkserver
import os
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import notebooks as nbs
from ..course import Course, CourseError
from ..permissions import secure
from ..release import generate
from . import gradebook
from .archive import Archived, archive, check_student_id, printable, write_receipt_time
from .sandbox import Sandbox, SandboxUnavailable, is_root, require
from .status import FINAL, worst
from .worker import MENTOR_COPY, Grader, run_job

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
                    tree = nbs.parse_python(cell.source)
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


def slot_folder(course: Course) -> Path:
    """Where grading slots are locked: never a shared temporary folder.

    As root the slots pick jail uids, which are host-wide, so their locks live in a folder of
    root's own under /run; otherwise in the course's private state folder.
    """
    if is_root() and Path("/run").is_dir() and os.access("/run", os.W_OK):
        return Path("/run/apprentice-grading-slots")
    return course.state / "slots"


def _private_folder(folder: Path) -> None:
    """Create ``folder`` owner-only, or refuse one that is a link or someone else's."""
    try:
        folder.mkdir(mode=0o700, parents=True)
    except FileExistsError:
        pass
    info = folder.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise CourseError(f"{folder}: the grading-slot folder must be a real folder, not a link")
    if info.st_uid != os.geteuid():
        raise CourseError(
            f"{folder}: the grading-slot folder belongs to uid {info.st_uid}, not to you; "
            "remove it or grade as its owner"
        )
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)


class Slot:
    """A grading slot (and so a jail uid) no other job is using right now, held with an
    advisory lock so that concurrent batches, even in other processes, never share a uid
    (the process limit counts per uid). Waiting for a free slot has a time limit."""

    def __init__(self, folder: Path, *, limit: int = 64, wait: float = 600) -> None:
        self.folder = folder
        self.limit = limit
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> int:
        _private_folder(self.folder)
        deadline = time.monotonic() + self.wait
        while True:
            for number in range(self.limit):
                path = self.folder / f"{number}.lock"
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                self.fd = fd
                return number
            if time.monotonic() > deadline:
                raise CourseError(
                    f"every grading slot stayed busy for {self.wait:.0f} s (other batches are "
                    "grading on this host); try again when they finish"
                )
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


@dataclass
class Outcome:
    student: str
    status: str
    message: str = ""
    score: float = 0.0
    max_score: float = 0.0
    skipped: bool = False  # unchanged since it was graded (``graded_at``); not graded again
    needs_manual: bool = False
    seconds: float = 0.0
    graded_at: str = ""


@dataclass
class Summary:
    assignment: str
    outcomes: list[Outcome] = field(default_factory=list)
    backup: Path | None = None
    sandboxed: bool = True

    @property
    def failed(self) -> list[Outcome]:
        """Every submission whose grading ended in a status other than ok (a missing notebook,
        a timeout, a crash, an invalid or refused submission, a grader error)."""
        return [o for o in self.outcomes if o.status != "ok"]

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
            when = f"  (not regraded: unchanged since {o.graded_at})" if o.skipped else ""
            out.append(
                f"  {mark} {o.student:<20} {o.score:g}/{o.max_score:g}  "
                f"{o.status}{detail}{manual}{when}"
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


def release_template(course: Course, assignment: str) -> Path:
    """The assignment's release as nbgrader generates it, with its cells recorded in the
    gradebook: generated again only when the source changed (kept under .apprentice/)."""
    source = course.source / assignment
    digest = hashlib.sha256()
    for path in sorted(
        p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(os.fsencode(path.relative_to(source)) + b"\0" + path.read_bytes())
    digest.update(generate.__module__.encode())
    key = digest.hexdigest()[:24]
    cached = course.state / "templates" / assignment / key
    if (
        cached.is_dir()
        and gradebook.template_digest(course.db_url, course.course_id, assignment) == key
    ):
        return cached
    course.state.mkdir(mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="apprentice-release-", dir=course.state) as tmp:
        built = generate(course, assignment, Path(tmp) / "release", db_url=course.db_url)
        if cached.exists():
            shutil.rmtree(cached)
        cached.parent.mkdir(parents=True, exist_ok=True)
        built.rename(cached)
    gradebook.set_template_digest(course.db_url, course.course_id, assignment, key)
    return cached


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
    secure(course)
    found = submissions(course, assignment, students)
    _context(course_imports(course, assignment))
    multiprocessing.forkserver.ensure_running()  # loads the grader while the batch is prepared
    config_sandbox = Sandbox(config=course.config)
    use_sandbox = sandbox and config_sandbox.enabled
    grader = Grader(config=course.config)
    summary = Summary(assignment, sandboxed=use_sandbox)
    state = course.state
    state.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=1) as side:
        # the sandbox probe starts a jail of its own: let it run while the batch is prepared
        probed = side.submit(require, config_sandbox, secret_paths=course.secret_paths)
        if not use_sandbox:
            probed.cancel()
        summary.backup = gradebook.backup(course.db_url, course.state / "backups")
        gradebook.ensure_schema(course.db_url)
        template = release_template(course, assignment)
        if use_sandbox:
            probed.result()  # SandboxUnavailable: grading refuses
    with tempfile.TemporaryDirectory(prefix="apprentice-grade-") as tmp:
        names = _notebook_names(template)
        todo: list[Archived] = []
        graded = gradebook.previous(course.db_url, course.course_id, assignment)
        for student, folder in found.items():
            try:
                archived = archive(state / "archive", assignment, student, folder)
                write_receipt_time(folder, archived.received_at)
            except (CourseError, OSError) as exc:
                summary.outcomes.append(Outcome(student, "refused", printable(str(exc), 300)))
                continue
            before = graded.get(student, [])
            unchanged = (
                before
                and all(r["sha256"] == archived.sha256 and r["status"] in FINAL for r in before)
                and {r["notebook"] for r in before} == set(names)
            )
            if unchanged and not force:
                summary.outcomes.append(
                    Outcome(
                        student,
                        worst(r["status"] for r in before),
                        "; ".join(r["message"] for r in before if r["message"]),
                        sum(r["score"] for r in before),
                        sum(r["max_score"] for r in before),
                        skipped=True,
                        graded_at=f"{max(r['graded_at'] for r in before):%Y-%m-%d %H:%M}Z",
                    )
                )
                continue
            todo.append(archived)

        slots = slot_folder(course)

        def run(archived: Archived) -> tuple[Archived, dict, Path, float]:
            with Slot(slots, wait=grader.notebook_timeout) as slot:
                return _run_worker(
                    course, archived, Path(tmp), template, names, slot, use_sandbox, grader
                )

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(run, a): a for a in todo}
            # results are recorded here, one at a time, while the pool grades the next ones
            for done, future in enumerate(as_completed(futures), start=1):
                archived = futures[future]
                try:
                    archived, result, out_dir, seconds = future.result()
                    outcome = _record(
                        course, archived, result, out_dir, template, names, use_sandbox, seconds
                    )
                except Exception as exc:  # noqa: BLE001 -- one learner never stops the batch
                    outcome = Outcome(
                        archived.student,
                        "error",
                        f"grader error: {type(exc).__name__}: {printable(str(exc), 200)}",
                    )
                summary.outcomes.append(outcome)
                if progress:
                    progress(outcome, done, len(todo))
    secure(course)  # autograded/ and the gradebook may be new
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
    result = None
    if process.is_alive():
        process.kill()
        process.join(10)
        status, why = "timeout", "the submission did not finish within the time limit"
    else:
        try:
            result = json.loads((out_dir / "result.json").read_text())
        except (OSError, ValueError):
            status, why = "error", _death(process.exitcode)
    if result is None:  # killed or crashed: keep every verdict it reached
        result = {"engine": "", "status": status, "message": why, "notebooks": {}}
        for name in names:
            reached = _reached(out_dir / f"{name}.progress.jsonl")
            if reached:
                count = len(reached)
                reached += _not_reached(course, archived.assignment, name, reached, why)
                result["notebooks"][name] = {
                    "status": "timeout" if status == "timeout" else "stopped",
                    "message": f"{why}; {count} test cells were graded before it stopped",
                    "verdicts": reached,
                    "answered": {},
                    "written": {},
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


def _death(code: int | None) -> str:
    if code is not None and code < 0 and -code == signal.SIGXCPU:
        return "grader limit: the trusted side used up its CPU time"
    if code is not None and code < 0:
        return f"the grading process was killed ({signal.Signals(-code).name})"
    return f"the grading process ended with code {code}"


def _not_reached(course: Course, assignment: str, name: str, reached: list[dict], why: str):
    """Zero-point verdicts for the test cells a stopped worker never got to."""
    from .runner import not_reached, plan_from_source

    plan = plan_from_source(nbs.read(course.source / assignment / name))
    done = {v.get("grade_id") for v in reached}
    return [
        not_reached(gid, spec, why).to_json() for gid, spec in plan.tests.items() if gid not in done
    ]


def _reached(path: Path) -> list[dict]:
    """Verdicts a worker wrote as it went (the last line may be cut short by a kill)."""
    found = []
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            found.append(json.loads(line))
        except ValueError:
            break
    return found


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
    _save_result(course, archived, result, out_dir)
    status = worst([nb["status"] for nb in result["notebooks"].values()])
    messages = [nb.get("message") for nb in result["notebooks"].values() if nb.get("message")]
    return Outcome(
        archived.student,
        status,
        "; ".join(messages),
        sum(score for score, _, _ in scores.values()),
        sum(top for _, top, _ in scores.values()),
        needs_manual=any(manual for _, _, manual in scores.values()),
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
    write_receipt_time(staging, archived.received_at)
    # the secret lets nbgrader release feedback to the learner
    secret = archived.path / "submission_secret.txt"
    if secret.is_file() and secret.stat().st_size < 200:
        shutil.copyfile(secret, staging / "submission_secret.txt")
    if dest.exists():
        shutil.rmtree(dest)
    staging.rename(dest)


def _save_result(course: Course, archived: Archived, result: dict, out_dir: Path) -> None:
    """The full verdicts (hidden check messages included) and the graded notebook with every
    output, for mentors' reports and questions; never learners'."""
    folder = course.state / "results" / archived.assignment
    folder.mkdir(parents=True, exist_ok=True)
    record = {**result, "sha256": archived.sha256, "received_at": archived.received_at.isoformat()}
    (folder / f"{archived.student}.json").write_text(json.dumps(record, indent=1))
    full = out_dir / MENTOR_COPY
    if full.is_dir():
        dest = folder / archived.student
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(full, dest)


__all__ = ["grade", "Summary", "Outcome", "SandboxUnavailable"]
