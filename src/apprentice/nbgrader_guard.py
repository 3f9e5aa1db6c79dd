"""nbgrader's own autograding, in this course, is the jailed engine.

Stock ``nbgrader autograde`` (and the formgrader's *Autograde* button, which calls the same
converter through nbgrader's API) runs learner code unjailed, as the mentor's account, in the
course folder, and would overwrite the engine's verdicts. grader_config.py calls ``install``,
so every nbgrader process that loads this course's configuration grades through
``apprentice.grading.batch.grade`` instead: sandboxed, with the trusted oracle, recorded the
same way. Where the sandbox does not work it refuses with one line naming `apprentice grade`.
"""

from __future__ import annotations

import sys


def install() -> None:
    """Route nbgrader's Autograde converter to the engine (idempotent; a no-op until nbgrader's
    converters are imported, which every nbgrader app and the formgrader do before loading
    their configuration)."""
    module = sys.modules.get("nbgrader.converters.autograde")
    if module is None or getattr(module.Autograde, "_apprentice_engine", False):
        return
    module.Autograde.start = _start
    module.Autograde._apprentice_engine = True


def _start(self) -> None:
    from nbgrader.converters.base import NbGraderException

    from .course import Course, CourseError
    from .grading.batch import grade
    from .grading.sandbox import SandboxUnavailable

    assignment = self.coursedir.assignment_id
    student = self.coursedir.student_id
    if not assignment or "*" in assignment:
        raise NbGraderException(
            "in this course, grade one assignment at a time: apprentice grade ASSIGNMENT"
        )
    try:
        course = Course.open(self.coursedir.root)
        if not course.config.Sandbox.get("enabled", True):
            raise SandboxUnavailable("c.Sandbox.enabled is False")
        summary = grade(
            course,
            assignment,
            students=None if student in ("", "*") else [student],
            force=bool(self.force),
            jobs=1,
            sandbox=True,
        )
    except SandboxUnavailable as exc:
        message = (
            f"refused: nbgrader autograde would run learner code outside the grading jail, and "
            f"the jail does not work here ({exc}); fix it (apprentice doctor) and use "
            "`apprentice grade`"
        )
        self.log.error(message)
        raise NbGraderException(message) from None
    except CourseError as exc:
        self.log.error(str(exc))
        raise NbGraderException(str(exc)) from None
    for line in summary.lines():
        self.log.warning(line)
    if summary.failed:
        problems = "; ".join(f"{o.student}: {o.status}" for o in summary.failed)
        raise NbGraderException(f"graded in the jail, with problems: {problems}")
