"""Simulated courses and learners: what `apprentice demo`, the benchmarks and the tests use.

- ``copy_course`` builds a throwaway course outside the repository from its configuration,
  solutions, release and syllabus;
- ``filled`` and ``write_submission`` produce the notebook a learner with given answers would
  hand in (answers from the course's catalogue, ``apprentice.catalogue``);
- ``Learner`` fetches, submits and fetches feedback through nbgrader's own exchange, as a
  learner's JupyterLab *Assignments* tab does.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import catalogue
from . import notebooks as nbs
from .course import QUIET, Course, CourseError

WRITTEN = "A written answer, to be graded by a mentor."


def copy_course(
    repo: Path, root: Path, modules: list[str] | None = None, *, lessons: bool = False
) -> Course:
    """A new course at ``root``: the repository's configuration, solutions, release and syllabus.

    ``lessons`` also copies the chosen modules' lessons and the start page, for a course a
    browser opens.
    """
    repo, root = Path(repo).resolve(), Path(root)
    if root.resolve().is_relative_to(repo):
        raise CourseError(f"{root} is inside the repository; simulated courses live elsewhere")
    if root.exists() and any(root.iterdir()):
        raise CourseError(f"{root} already exists and is not empty; choose an empty folder")
    root.mkdir(parents=True, exist_ok=True)
    for name in ("grader_config.py", "nbgrader_config.py"):
        shutil.copy2(repo / name, root / name)
    chosen = modules or sorted(p.name for p in (repo / "solutions").iterdir() if p.is_dir())
    skip = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for tree in ("solutions", "exercises"):
        for module in chosen:
            shutil.copytree(repo / tree / module, root / tree / module, ignore=skip)
    (root / "curriculum").mkdir()
    shutil.copy2(repo / "curriculum" / "syllabus.yml", root / "curriculum" / "syllabus.yml")
    if lessons:
        shutil.copy2(repo / "curriculum" / "start-here.ipynb", root / "curriculum")
        for module in chosen:
            shutil.copytree(repo / "curriculum" / module, root / "curriculum" / module, ignore=skip)
    os.environ.pop("APPRENTICE_DB_URL", None)
    return Course.open(root)


def reference_answers(course: Course, module: str) -> dict[str, str]:
    """answer grade_id -> the reference solution, as a learner who solved it would write it."""
    return {gid: ref for gid, (_, ref) in catalogue.references(course.source / module).items()}


def filled(
    course: Course,
    module: str,
    notebook: str,
    answers: dict[str, str] | None,
    *,
    written: str | None = WRITTEN,
) -> nbformat.NotebookNode:
    """The released notebook with ``answers`` in its answer cells (``None``: left untouched).

    Answer cells not named in ``answers`` get the reference solution; written-answer cells
    get ``written`` (``None`` leaves them as released).
    """
    nb = nbs.read(course.release / module / notebook)
    if answers is None:
        return nb
    reference = reference_answers(course, module)
    for cell in nb.cells:
        gid = nbs.grade_id(cell)
        if gid in reference:
            cell.source = answers.get(gid, reference[gid])
        elif written is not None and "answer_for" in nbs.course_meta(cell):
            cell.source = written
    return nb


def write_submission(
    course: Course,
    module: str,
    student: str,
    answers: dict[str, str] | None,
    *,
    written: str | None = WRITTEN,
) -> Path:
    """Put a learner's submission of ``module`` straight into submitted/ (no exchange)."""
    folder = course.folder("submitted") / student / module
    folder.mkdir(parents=True)
    for path in nbs.assignment_notebooks(course.release / module):
        nbs.write(filled(course, module, path.name, answers, written=written), folder / path.name)
    return folder


@dataclass
class Learner:
    """A learner with a home folder of their own, working through nbgrader's exchange."""

    name: str
    home: Path
    profile: str = "steady"

    def _step(self, cls, course: Course, module: str) -> None:
        from nbgrader.auth import Authenticator

        coursedir, config = course.coursedir_for(module, self.name)
        config.Exchange.assignment_dir = str(self.home)
        config.Exchange.cache = str(self.home / ".nbgrader-cache")
        coursedir.root = str(self.home)
        step = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
        step.log = QUIET
        step.start()

    def folder(self, course: Course, module: str) -> Path:
        """Where the Assignments tab puts a fetched module."""
        return self.home / course.course_id / module

    def fetch(self, course: Course, module: str) -> Path:
        from nbgrader.exchange.default import ExchangeFetchAssignment

        self.home.mkdir(parents=True, exist_ok=True)
        self._step(ExchangeFetchAssignment, course, module)
        return self.folder(course, module)

    def answer(self, course: Course, module: str, answers: dict[str, str], **kw) -> None:
        """Write ``answers`` into the fetched notebooks (see ``filled``)."""
        for path in nbs.assignment_notebooks(self.folder(course, module)):
            nbformat.write(filled(course, module, path.name, answers, **kw), str(path))

    def submit(self, course: Course, module: str) -> None:
        from nbgrader.exchange.default import ExchangeSubmit

        self._step(ExchangeSubmit, course, module)

    def fetch_feedback(self, course: Course, module: str) -> list[Path]:
        from nbgrader.exchange.default import ExchangeFetchFeedback

        self._step(ExchangeFetchFeedback, course, module)
        return sorted((self.folder(course, module) / "feedback").rglob("*.html"))
