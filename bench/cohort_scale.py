"""Grading, reporting and exporting as the cohort grows, measured in one run.

1. Grades 10, 50 and 100 learners of one module (`apprentice grade --jobs 2`, sandboxed),
   each size in a fresh process, and prints per size: wall time, time per learner, the peak
   memory of the grading process and of the largest worker, and the gradebook's size.
   Targets: time per learner flat (within 15 % from 10 to 100), peak memory independent of
   the cohort's size.
2. Fills a gradebook with 100 learners times every module (recorded through the engine's own
   `gradebook.record`, as grading would) and times `apprentice report` and `apprentice export`
   on it. Target: each under 10 s.

    .venv/bin/python bench/cohort_scale.py [--module 00-orientation] [--sizes 10 50 100]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _cohort import REPO, course_with_submissions
from click.testing import CliRunner

from apprentice import notebooks as nbs
from apprentice import syllabus
from apprentice.cli import cli
from apprentice.grading import gradebook
from apprentice.grading.archive import archive
from apprentice.grading.batch import grade, release_template
from apprentice.grading.runner import plan_from_source
from apprentice.simulate import copy_course, write_submission


def one_size(module: str, size: int, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        course = course_with_submissions(Path(tmp) / "course", module, size, identical=True)
        started = time.perf_counter()
        summary = grade(course, module, jobs=jobs)
        seconds = time.perf_counter() - started
        workers = [
            json.loads(p.read_text()).get("peak_rss_mb", 0)
            for p in (course.state / "results" / module).glob("*.json")
        ]
        return {
            "size": size,
            "seconds": seconds,
            "ok": sum(o.status == "ok" for o in summary.outcomes),
            "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_mb": max(workers),
            "gradebook_kb": (course.root / "gradebook.db").stat().st_size / 1024,
        }


def fill(course, learners: int) -> None:
    """Record a graded submission of every module for every learner, as the engine would."""
    modules = syllabus.load(REPO).ids()
    for module in modules:
        release_template(course, module)
        plans = {
            p.name: plan_from_source(nbs.read(p))
            for p in nbs.assignment_notebooks(course.source / module)
        }
        sub = write_submission(course, module, "template-learner", {})
        for i in range(learners):
            student = f"learner{i:03d}"
            archived = archive(course.state / "archive", module, student, sub)
            result = {"engine": "bench", "notebooks": {}}
            for name, plan in plans.items():
                verdicts = [
                    {
                        "grade_id": gid,
                        "points": spec["points"] if (i + len(gid)) % 4 else 0.0,
                        "max_points": spec["points"],
                        "passed": bool((i + len(gid)) % 4),
                        "error": "",
                        "objectives": spec["objectives"],
                        "hint": "",
                        "checks": [
                            {
                                "line": 1,
                                "hidden": True,
                                "passed": bool((i + len(gid)) % 4),
                                "message": "",
                                "shown": "",
                            }
                        ],
                    }
                    for gid, spec in plan.tests.items()
                ]
                result["notebooks"][name] = {
                    "status": "ok",
                    "message": "",
                    "verdicts": verdicts,
                    "answered": {},
                    "written": {},
                }
            gradebook.record(
                db_url=course.db_url,
                course_id=course.course_id,
                archived=archived,
                result=result,
                sandboxed=True,
            )


def report_and_export(learners: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        course = copy_course(REPO, Path(tmp) / "course")
        started = time.perf_counter()
        fill(course, learners)
        filled = time.perf_counter() - started
        runner = CliRunner()
        out = {"learners": learners, "modules": len(syllabus.load(REPO).ids()), "fill": filled}
        for name, args in (
            ("report", ["report", "--format", "html", "--out", str(Path(tmp) / "r.html")]),
            ("export", ["export", "--to", str(Path(tmp) / "grades.csv")]),
        ):
            started = time.perf_counter()
            result = runner.invoke(cli, ["--course-root", str(course.root), *args])
            out[name] = time.perf_counter() - started
            assert result.exit_code == 0, result.output
        out["rows"] = sum(1 for _ in open(Path(tmp) / "grades.csv")) - 1
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="00-orientation")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report-learners", type=int, default=100)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.module, args.one, args.jobs)))
        return
    print(f"grading {args.module}, --jobs {args.jobs}, sandboxed, each size in a fresh process")
    print(
        f"{'learners':>8} {'wall':>8} {'per learner':>12} {'grader peak':>12} {'worker peak':>12} {'gradebook':>10}"
    )
    rows = []
    for size in args.sizes:
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    str(size),
                    "--module",
                    args.module,
                    "--jobs",
                    str(args.jobs),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        row = json.loads(out)
        rows.append(row)
        print(
            f"{size:>8} {row['seconds']:7.1f}s {row['seconds'] / size:11.2f}s "
            f"{row['parent_mb']:10.0f}MB {row['worker_mb']:10.0f}MB {row['gradebook_kb']:8.0f}KB"
            + ("" if row["ok"] == size else f"  ({row['ok']} ok)"),
            flush=True,
        )
    first, last = rows[0], rows[-1]
    drift = (last["seconds"] / last["size"]) / (first["seconds"] / first["size"]) - 1
    print(
        f"time per learner from {first['size']} to {last['size']}: {drift:+.1%} (target within ±15%)"
    )
    print(
        f"grader peak memory from {first['size']} to {last['size']}: {first['parent_mb']:.0f} -> {last['parent_mb']:.0f} MB"
    )
    rep = report_and_export(args.report_learners)
    print(
        f"report of {rep['learners']} learners x {rep['modules']} modules: {rep['report']:.1f} s; "
        f"export: {rep['export']:.1f} s ({rep['rows']} rows) (target < 10 s each)"
    )


if __name__ == "__main__":
    main()
