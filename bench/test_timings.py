"""How long each part of `make test` takes, measured one part after another in one run.

.venv/bin/python bench/test_timings.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARTS = [
    (
        "tooling (wire, rebuild, archive, export, CLI, syllabus, lessons' anatomy)",
        ["tests", "-m", "not slow", "--ignore=tests/content"],
    ),
    (
        "content anatomy (answers complete, no leaks, release in sync)",
        ["tests/content", "-m", "not slow"],
    ),
    (
        "content grading (full marks, zero marks, wrong answers, alternatives)",
        ["tests/content", "-m", "slow"],
    ),
    ("adversarial grading suite A01-A36", ["tests/grading"]),
    (
        "mentor cycle, self-check and JupyterLab",
        ["tests/test_cycle.py", "tests/test_selfcheck.py", "tests/test_lab.py"],
    ),
    ("lessons under nbval (strict)", ["--nbval", "--nbval-current-env", "curriculum"]),
]


def main() -> None:
    total = 0.0
    for label, args in PARTS:
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-q",
                "-n",
                "2",
                "--dist",
                "loadgroup",
                *args,
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        total += seconds
        last = (result.stdout.strip().splitlines() or ["?"])[-1]
        print(f"{seconds:7.1f} s  {label}: {last}")
    print(f"{total:7.1f} s  in all (make test runs the parts together, so it takes less)")


if __name__ == "__main__":
    main()
