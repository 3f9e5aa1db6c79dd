"""`apprentice feedback`: per-learner HTML feedback from the autograded notebooks.

nbgrader's GenerateFeedback renders the autograded notebook with the learner's scores and
the mentor's comments. The autograded notebooks this course writes already hold no hidden
test source (test cells keep only their visible part, with the grader's verdict as output)
and no active HTML; ``StripMarkScheme`` also removes the mentor's mark schemes from written
tasks, so feedback can be returned without giving the marking away. grader_config.py puts it
into GenerateFeedback's preprocessors, so plain `nbgrader generate_feedback` does the same.
"""

from __future__ import annotations

import logging
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbgrader.converters import GenerateFeedback
from nbgrader.converters.base import NbGraderException
from traitlets import Bool

from . import notebooks as nbs
from .course import Course, CourseError


class StripMarkScheme(Preprocessor):
    """Remove BEGIN/END MARK SCHEME regions from written-task cells."""

    enabled = Bool(True, help="On by default: feedback must never carry a mark scheme.").tag(
        config=True
    )

    def preprocess_cell(self, cell, resources, index):
        if nbs.is_task(cell) and nbs.BEGIN_MARK_SCHEME in cell.source:
            cell.source = nbs.strip_mark_scheme(cell.source)
        return cell, resources


def generate(course: Course, assignment: str, *, students: list[str] | None = None) -> list[Path]:
    """Write feedback/<student>/<assignment>/*.html for graded learners; returns the files."""
    course.require_assignment(assignment)
    graded = course.folder("autograded")
    available = sorted(p.parent.name for p in graded.glob(f"*/{assignment}") if p.is_dir())
    if students:
        missing = [s for s in students if s not in available]
        if missing:
            raise CourseError(
                f"no graded submission of {assignment} for {', '.join(missing)}: grade first"
            )
    targets = students or available
    if not targets:
        raise CourseError(
            f"nothing graded for {assignment} yet: run `apprentice grade {assignment}` first"
        )
    written: list[Path] = []
    for student in targets:
        coursedir, config = course.coursedir_for(assignment, student)
        config.BaseConverter.force = True
        converter = GenerateFeedback(coursedir=coursedir, config=config)
        converter.log.setLevel(logging.ERROR)
        try:
            converter.start()
        except NbGraderException as exc:
            raise CourseError(f"feedback for {student} on {assignment} failed: {exc}") from None
        written += sorted((course.folder("feedback") / student / assignment).glob("*.html"))
    return written
