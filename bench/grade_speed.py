"""Parallel grading against stock nbgrader, measured side by side in one run.

Builds one course with the same submissions twice and times
  A. stock `nbgrader autograde MODULE` (sequential, unsandboxed, as nbgrader ships), and
  B. `apprentice grade MODULE --jobs 2` (sandboxed, trusted test verdicts, one process per submission),
then prints both times and the speed-up B over A. Target: at least 2x with --jobs 2 on 2 cores.

    .venv/bin/python bench/grade_speed.py [--module 00-orientation] [--submissions 12] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _cohort import copy_course, course_with_submissions

from apprentice.course import Course
from apprentice.grading.batch import grade


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="00-orientation")
    parser.add_argument("--submissions", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        base = course_with_submissions(Path(tmp) / "base", args.module, args.submissions).root
        stock = copy_course(base, Path(tmp) / "stock")
        ours = copy_course(base, Path(tmp) / "ours")

        subprocess.run(
            [bindir / "nbgrader", "generate_assignment", args.module, "--force"],
            cwd=stock,
            env=env,
            check=True,
            capture_output=True,
        )
        started = time.perf_counter()
        subprocess.run(
            [bindir / "nbgrader", "autograde", args.module, "--force"],
            cwd=stock,
            env=env,
            capture_output=True,
        )
        stock_seconds = time.perf_counter() - started

        course = Course.open(ours)
        started = time.perf_counter()
        summary = grade(course, args.module, jobs=args.jobs)
        ours_seconds = time.perf_counter() - started
    graded = sum(not o.skipped for o in summary.outcomes)
    print(f"submissions: {args.submissions} of {args.module} ({graded} graded by apprentice)")
    print(f"A  stock nbgrader autograde, sequential, unsandboxed: {stock_seconds:7.1f} s")
    print(f"B  apprentice grade --jobs {args.jobs}, sandboxed:        {ours_seconds:7.1f} s")
    print(
        f"speed-up B over A: {stock_seconds / ours_seconds:.2f}x (target >= 2.00x with --jobs 2 on 2 cores)"
    )


if __name__ == "__main__":
    main()
