"""Grade one submission in its own process: ``python -m apprentice.grading.worker JOB.json``.

The parent (apprentice grade) gives each submission its own worker so that nothing one
learner's notebook does can stop or slow the grading of the next, and it holds the only
connection that writes the gradebook. The worker writes ``result.json`` and the autograded
notebooks into its job folder; it never touches the gradebook or the course files.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from traitlets import Float, Integer
from traitlets.config import Configurable

from .. import labs
from .. import notebooks as nbs
from ..course import Course
from .kernel import kernel_manager
from .rebuild import InvalidSubmission, rebuild
from .runner import plan_from_source, run
from .sandbox import Sandbox, default_mounts
from .status import worst

ENGINE = "apprentice-trusted-oracle/2"
MENTOR_COPY = "mentor"  # the graded notebook with every output, for mentors only


class Grader(Configurable):
    """Time limits of the grading engine (c.Grader.* in grader_config.py)."""

    notebook_timeout = Float(600, help="Wall-clock limit for one submission, seconds.").tag(
        config=True
    )
    cell_timeout = Float(60, help="Limit per cell and per call into learner code, seconds.").tag(
        config=True
    )
    memory_mb = Integer(
        6144, help="Address-space limit of the trusted worker process (RLIMIT_AS), MiB."
    ).tag(config=True)
    max_open_files = Integer(1024, help="Open files of the trusted worker (RLIMIT_NOFILE).").tag(
        config=True
    )


def data_files(folder: Path) -> list[Path]:
    """Released files other than notebooks: the learner's kernel may read these."""
    return sorted(
        p for p in folder.iterdir() if p.suffix != ".ipynb" and not p.name.startswith(".")
    )


def grade_notebook(
    *,
    name: str,
    source_dir: Path,
    template_dir: Path,
    submission_dir: Path,
    out_dir: Path,
    sandbox: Sandbox | None,
    slot: int,
    grader: Grader,
    deadline: float,
) -> dict:
    """Grade one notebook of a submission; returns its part of result.json."""
    source_nb = nbs.read(source_dir / name)
    template_nb = nbs.read(template_dir / name)
    plan = plan_from_source(source_nb)
    record: dict = {"status": "ok", "message": "", "verdicts": [], "answered": {}, "written": {}}
    path = submission_dir / name
    if not path.exists() and not path.is_symlink():
        record.update(status="missing", message=f"{name} was not submitted")
        return record
    try:
        submitted = nbs.read(path)
        rebuilt = rebuild(template_nb, source_nb, submitted)
    except (nbs.NotebookError, InvalidSubmission) as exc:
        text = str(exc).replace(str(submission_dir) + "/", "")
        record.update(status="invalid-notebook", message=text)
        return record
    record["answered"] = rebuilt.answered
    record["written"] = rebuilt.written
    mounts = default_mounts(data_files(template_dir))
    labs.configure(sandbox=sandbox, slot=slot, mounts=default_mounts())
    with tempfile.TemporaryDirectory(prefix="apprentice-kernel-") as tmp:
        kernel_cwd = None
        if sandbox is None:  # even unjailed, learner code never runs in the course folder
            kernel_cwd = Path(tmp) / "work"
            kernel_cwd.mkdir()
            for item in mounts.data_files:
                copy = shutil.copytree if item.is_dir() else shutil.copy2
                copy(item, kernel_cwd / item.name)
        km = kernel_manager(
            runtime_dir=Path(tmp) / "runtime", sandbox=sandbox, slot=slot, mounts=mounts
        )
        log = out_dir / f"{name}.progress.jsonl"

        def reached(verdict) -> None:  # kept if the worker is killed before it finishes
            with open(log, "a") as handle:
                handle.write(json.dumps(verdict.to_json()) + "\n")

        result = run(
            rebuilt.nb,
            km=km,
            plan=plan,
            trusted_dir=source_dir,
            cell_timeout=grader.cell_timeout,
            notebook_timeout=max(1.0, deadline - time.monotonic()),
            max_output_bytes=(sandbox or Sandbox()).max_output_mb * 1024 * 1024,
            kernel_cwd=kernel_cwd,
            progress=reached,
            runtime=(Path(tmp) / "runtime", slot, sandbox) if sandbox else None,
        )
    nbs.write(rebuilt.nb, out_dir / name)
    if result.full is not None:
        nbs.write(result.full, out_dir / MENTOR_COPY / name)
    record.update(
        status=result.status,
        message=result.message,
        seconds=round(result.seconds, 2),
        verdicts=[v.to_json() for v in result.verdicts.values()],
        slowest_cells=sorted(result.timings, key=lambda t: -t[1])[:5],
    )
    return record


def main(job_path: str) -> int:
    run_job(json.loads(Path(job_path).read_text()))
    return 0


def limit_worker(grader: Grader) -> None:
    """The trusted side is bounded too: memory, CPU time (a little over the wall-clock limit)
    and open files, whatever a learner's replies make it do."""
    cpu = int(grader.notebook_timeout) + 60
    for kind, value in (
        (resource.RLIMIT_AS, grader.memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_NOFILE, grader.max_open_files),
    ):
        soft, hard = resource.getrlimit(kind)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(kind, (value, hard))


def run_job(job: dict) -> None:
    """Grade the submission a job describes; always leaves result.json in its out_dir."""
    out_dir = Path(job["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result: dict = {"engine": ENGINE, "status": "error", "message": "", "notebooks": {}}
    try:
        course = Course.open(job["course_root"])
        grader = Grader(config=course.config)
        limit_worker(grader)
        sandbox = Sandbox(config=course.config) if job["sandbox"] else None
        deadline = started + grader.notebook_timeout - 5
        template_dir = Path(job["template_dir"])
        source_dir = course.source / job["assignment"]
        for nb_path in nbs.assignment_notebooks(template_dir):
            result["notebooks"][nb_path.name] = grade_notebook(
                name=nb_path.name,
                source_dir=source_dir,
                template_dir=template_dir,
                submission_dir=Path(job["submission_dir"]),
                out_dir=out_dir,
                sandbox=sandbox,
                slot=job["slot"],
                grader=grader,
                deadline=deadline,
            )
        statuses = [nb["status"] for nb in result["notebooks"].values()]
        result["status"] = worst(statuses)
        messages = [
            f"{n}: {nb['message']}" for n, nb in result["notebooks"].items() if nb["message"]
        ]
        result["message"] = "; ".join(messages)
    except MemoryError:
        result["status"] = "error"
        result["message"] = "grader limit: the trusted side ran out of its memory limit"
    except Exception as exc:  # noqa: BLE001 -- report any grader fault as an explicit status
        result["status"] = "error"
        result["message"] = f"grader error: {type(exc).__name__}: {exc}"
        result["traceback"] = traceback.format_exc()[-4000:]
    result["seconds"] = round(time.monotonic() - started, 2)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    (out_dir / "result.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
