"""What the sandbox costs: the same submissions graded with and without the jail, in one run.

Prints both times and the ratio (target: the sandbox costs at most 15 %, a ratio <= 1.15).
Jobs run one at a time so the two measurements see the same machine.

    .venv/bin/python bench/sandbox_cost.py [--module 00-orientation] [--submissions 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _cohort import copy_course, course_with_submissions

from apprentice.course import Course
from apprentice.grading.batch import grade


def timed(root: Path, module: str, sandbox: bool) -> float:

    course = Course.open(root)
    started = time.perf_counter()
    grade(course, module, jobs=1, sandbox=sandbox, force=True)
    return time.perf_counter() - started


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", default="00-orientation")
    parser.add_argument("--submissions", type=int, default=8)
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternating rounds; the best of each is kept"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sandbox-") as tmp:
        base = course_with_submissions(Path(tmp) / "base", args.module, args.submissions).root
        jailed_root = copy_course(base, Path(tmp) / "jailed")
        plain_root = copy_course(base, Path(tmp) / "plain")
        jailed, plain = [], []
        for _ in range(args.rounds):  # alternate, so drift in machine load hits both alike
            plain.append(timed(plain_root, args.module, sandbox=False))
            jailed.append(timed(jailed_root, args.module, sandbox=True))
    print(f"{args.submissions} submissions of {args.module}, {args.rounds} rounds, best of each:")
    print(
        f"  without sandbox: {min(plain):6.1f} s   (rounds: {', '.join(f'{t:.1f}' for t in plain)})"
    )
    print(
        f"  with sandbox:    {min(jailed):6.1f} s   (rounds: {', '.join(f'{t:.1f}' for t in jailed)})"
    )
    print(f"sandbox cost ratio: {min(jailed) / min(plain):.3f} (target <= 1.15)")


if __name__ == "__main__":
    main()
