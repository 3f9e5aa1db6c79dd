"""`apprentice feedback`: per-learner HTML feedback from the autograded notebooks.

nbgrader's GenerateFeedback renders the autograded notebook with the learner's scores and
the mentor's comments. The autograded notebooks this course writes already hold no hidden
test source (test cells keep only their visible part, with the grader's verdict as output)
and no active HTML; ``StripMarkScheme`` also removes the mentor's mark schemes from written
tasks, so feedback can be returned without giving the marking away. grader_config.py puts it
into GenerateFeedback's preprocessors, so plain `nbgrader generate_feedback` does the same.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from nbgrader.converters import GenerateFeedback
from nbgrader.converters.base import NbGraderException
from traitlets import Bool

from . import notebooks as nbs
from .course import QUIET, Course, CourseError
from .exchange import StepReport
from .permissions import secure


class StripMarkScheme(Preprocessor):
    """Remove BEGIN/END MARK SCHEME regions from written-task cells."""

    enabled = Bool(True, help="On by default: feedback must never carry a mark scheme.").tag(
        config=True
    )

    def preprocess_cell(self, cell, resources, index):
        if nbs.is_task(cell) and nbs.BEGIN_MARK_SCHEME in cell.source:
            cell.source = nbs.strip_mark_scheme(cell.source)
        return cell, resources


def generate(course: Course, assignment: str, *, students: list[str] | None = None) -> StepReport:
    """Write feedback/<student>/<assignment>/*.html for each graded learner, one at a time:
    a learner whose work could not be graded gets a one-line reason, the others their pages."""
    course.require_assignment(assignment)
    secure(course)
    graded = course.folder("autograded")
    available = sorted(p.parent.name for p in graded.glob(f"*/{assignment}") if p.is_dir())
    targets = students or available
    if not targets:
        raise CourseError(
            f"nothing graded for {assignment} yet: run `apprentice grade {assignment}` first"
        )
    report = StepReport()
    for student in targets:
        folder = graded / student / assignment
        if student not in available:
            report.errors.append(f"{student}: no graded submission of {assignment}: grade first")
            continue
        if not nbs.assignment_notebooks(folder):
            report.errors.append(
                f"{student}: no graded notebook of {assignment} (see `apprentice grade` for why)"
            )
            continue
        coursedir, config = course.coursedir_for(assignment, student)
        config.BaseConverter.force = True
        converter = GenerateFeedback(coursedir=coursedir, config=config)
        converter.log = QUIET
        try:
            converter.start()
        except (NbGraderException, OSError, ValueError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            report.errors.append(f"{student}: feedback failed ({first[:200]})")
            continue
        report.done.append(student)
    secure(course)  # nbgrader creates feedback/ with its own permissions
    return report
