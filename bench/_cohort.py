"""Shared setup for the benchmarks: a throwaway course with a batch of submissions."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.content.harness import _write_submission, make_course, variants  # noqa: E402


def course_with_submissions(root: Path, module: str, count: int):
    """A course under ``root`` with ``count`` submissions of ``module``: solutions, wrong answers,
    alternatives and untouched releases, cycled."""
    course = make_course(root)
    kinds = list(variants(module).items())
    for i in range(count):
        name, injected = kinds[i % len(kinds)]
        _write_submission(course.root, module, f"learner{i:02d}-{name}", injected)
    return course


def copy_course(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True)
    return dest
