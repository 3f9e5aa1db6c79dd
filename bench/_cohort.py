"""Shared setup for the benchmarks: a throwaway course with a batch of submissions."""

from __future__ import annotations

import shutil
from pathlib import Path

from apprentice import catalogue
from apprentice.simulate import copy_course as new_course
from apprentice.simulate import write_submission

REPO = Path(__file__).resolve().parents[1]


def kinds(module: str) -> list[tuple[str, dict[str, str] | None]]:
    """Submissions a cohort hands in: the reference, each wrong and right answer, the release."""
    out: list[tuple[str, dict[str, str] | None]] = [("solution", {})]
    for gid, entry in catalogue.load(REPO / "solutions" / module).items():
        out += [(f"wrong-{gid}-{k}", {gid: e.source}) for k, e in enumerate(entry.wrong, 1)]
        out += [(f"right-{gid}-{k}", {gid: e.source}) for k, e in enumerate(entry.right, 1)]
    return out + [("release", None)]


def course_with_submissions(root: Path, module: str, count: int, *, identical: bool = False):
    """A course under ``root`` with ``count`` submissions of ``module``: the reference only
    (``identical``), or the catalogue's answers cycled."""
    course = new_course(REPO, root, [module])
    choices = [("solution", {})] if identical else kinds(module)
    for i in range(count):
        name, injected = choices[i % len(choices)]
        write_submission(course, module, f"learner{i:03d}", injected)
    return course


def copy_course(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest, symlinks=True)
    return dest
