"""Grading speed against stock nbgrader and against the floor, measured side by side per module.

For each module, one course holds the same submissions three times over, and this run times
  A. stock `nbgrader autograde MODULE` (sequential, unsandboxed, as nbgrader ships: the course's
     routing of nbgrader autograde to the jailed engine is removed from the stock copy),
  B. `apprentice grade MODULE --jobs J` (sandboxed, trusted verdicts, one process per submission),
  F. the floor: the same submissions, each the notebook nbgrader grades (its tests in place),
     executed by nbclient in a fresh kernel with no grading at all, one after another; the
     floor of J jobs is that time divided by J.
It prints per module both times, the speed-up A/B and B against the floor F/J.
Targets on 2 cores with --jobs 2: speed-up >= 2.0x on every module, B <= 1.3x the floor.

    .venv/bin/python bench/grade_speed.py --all [--submissions 8] [--jobs 2]
    .venv/bin/python bench/grade_speed.py --module 04-quantifying-security-risk
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _cohort import REPO, copy_course, course_with_submissions
from nbclient import NotebookClient

from apprentice import notebooks as nbs
from apprentice import syllabus
from apprentice.course import Course
from apprentice.grading.batch import grade


def _stock(root: Path) -> None:
    """Stock nbgrader: drop the course's routing of `nbgrader autograde` to the engine."""
    config = root / "grader_config.py"
    text = config.read_text()
    config.write_text(
        re.sub(r"^__import__\(\"apprentice\.nbgrader_guard\".*$", "", text, flags=re.M)
    )


def floor_seconds(course: Course, module: str) -> float:
    """Execute every submission as the notebook nbgrader grades, no grading, sequentially."""
    total = 0.0
    for folder in sorted((course.folder("submitted")).iterdir()):
        for source_path in nbs.assignment_notebooks(course.source / module):
            source = nbs.read(source_path)
            submitted = nbs.read(folder / module / source_path.name)
            answers = {nbs.grade_id(c): c.source for c in submitted.cells if nbs.is_answer(c)}
            for cell in source.cells:
                if nbs.grade_id(cell) in answers:
                    cell.source = answers[nbs.grade_id(cell)]
            started = time.perf_counter()
            client = NotebookClient(
                source,
                timeout=120,
                allow_errors=True,
                resources={"metadata": {"path": str(course.source / module)}},
            )
            client.execute()
            total += time.perf_counter() - started
    return total


def measure(module: str, submissions: int, jobs: int, tmp: Path) -> dict:
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    base = course_with_submissions(tmp / module / "base", module, submissions, identical=True).root
    stock = copy_course(base, tmp / module / "stock")
    ours = copy_course(base, tmp / module / "ours")
    _stock(stock)
    subprocess.run(
        [bindir / "nbgrader", "generate_assignment", module, "--force"],
        cwd=stock,
        env=env,
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    subprocess.run(
        [bindir / "nbgrader", "autograde", module, "--force"],
        cwd=stock,
        env=env,
        capture_output=True,
    )
    stock_s = time.perf_counter() - started
    course = Course.open(ours)
    started = time.perf_counter()
    summary = grade(course, module, jobs=jobs)
    ours_s = time.perf_counter() - started
    floor = floor_seconds(Course.open(base), module) / jobs
    ok = sum(o.status == "ok" for o in summary.outcomes)
    return {"module": module, "stock": stock_s, "ours": ours_s, "floor": floor, "ok": ok}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="a module id (repeatable)")
    parser.add_argument("--all", action="store_true", help="every module of the syllabus")
    parser.add_argument("--submissions", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    modules = (
        syllabus.load(REPO).ids() if args.all else (args.module or ["04-quantifying-security-risk"])
    )
    print(
        f"{args.submissions} identical correct submissions per module; B with --jobs {args.jobs}; "
        f"floor = nbclient execution time / {args.jobs}"
    )
    print(f"{'module':<40} {'A stock':>8} {'B ours':>8} {'floor':>8} {'A/B':>6} {'B/floor':>8}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        for module in modules:
            row = measure(module, args.submissions, args.jobs, Path(tmp))
            rows.append(row)
            print(
                f"{module:<40} {row['stock']:7.1f}s {row['ours']:7.1f}s {row['floor']:7.1f}s "
                f"{row['stock'] / row['ours']:5.2f}x {row['ours'] / row['floor']:7.2f}x"
                + ("" if row["ok"] == args.submissions else f"  ({row['ok']} graded ok)"),
                flush=True,
            )
    worst_speed = min(r["stock"] / r["ours"] for r in rows)
    worst_floor = max(r["ours"] / r["floor"] for r in rows)
    print(
        f"worst speed-up {worst_speed:.2f}x (target >= 2.00x); "
        f"worst ratio to the floor {worst_floor:.2f}x (target <= 1.30x)"
    )


if __name__ == "__main__":
    main()
