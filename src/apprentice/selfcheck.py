"""`apprentice check NOTEBOOK`: run a learner's notebook as the grader would, visible tests only.

The notebook is matched to its assignment in the course's release (exercises/), rebuilt on
the released template exactly as the grader rebuilds a submission, and executed in a fresh
kernel; its test cells run in this trusted process with the tests the learner already has
(never hidden ones). Every failing check is reported, not only the first.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import labs
from . import notebooks as nbs
from .course import Course, CourseError
from .grading.kernel import kernel_manager
from .grading.oracle import Verdict
from .grading.rebuild import InvalidSubmission, rebuild
from .grading.runner import plan_from_source, run
from .grading.sandbox import default_mounts

HIDDEN_NOTE = (
    "Only visible tests ran. Your mentor's grader also runs hidden tests on other inputs, "
    "so a full score here is necessary, not sufficient."
)


@dataclass
class Report:
    notebook: str
    assignment: str
    status: str
    message: str
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(v.points for v in self.verdicts)

    @property
    def max_score(self) -> float:
        return sum(v.max_points for v in self.verdicts)

    @property
    def all_passed(self) -> bool:
        return self.status == "ok" and all(v.passed for v in self.verdicts)

    def to_json(self) -> dict:
        return {
            "notebook": self.notebook,
            "assignment": self.assignment,
            "status": self.status,
            "message": self.message,
            "score": self.score,
            "max_score": self.max_score,
            "all_passed": self.all_passed,
            "exercises": [
                {
                    "grade_id": v.grade_id,
                    "passed": v.passed,
                    "points": v.points,
                    "max_points": v.max_points,
                    "failures": [c.message for c in v.failing()] + ([v.error] if v.error else []),
                    "hint": "" if v.passed else v.hint,
                    "objectives": v.objectives,
                }
                for v in self.verdicts
            ],
            "note": HIDDEN_NOTE,
        }

    def text(self) -> str:
        lines = [f"{self.assignment} / {self.notebook}: self-check with visible tests"]
        if self.status != "ok":
            lines.append(f"  ! {self.message}")
        for v in self.verdicts:
            mark = "✔" if v.passed else "✘"
            lines.append(f"  {mark} {v.grade_id:<32} {v.points:g}/{v.max_points:g}")
            if not v.passed:
                for check in v.failing():
                    lines.append(f"      - {check.message}")
                if v.error:
                    lines.append(f"      - {v.error}")
                if v.hint:
                    lines.append(f"      hint: {v.hint}")
        passed = sum(v.passed for v in self.verdicts)
        lines.append(
            f"{passed} of {len(self.verdicts)} exercises pass their visible tests "
            f"({self.score:g} of {self.max_score:g} points)."
        )
        lines.append(HIDDEN_NOTE)
        return "\n".join(lines)


def find_release(course: Course, nb: nbs.NotebookNode, name: str) -> tuple[str, Path]:
    """The released notebook this learner notebook was made from."""
    ids = {nbs.grade_id(c) for c in nb.cells if nbs.grade_id(c)}
    if not ids:
        raise CourseError(f"{name}: has no graded cells, so it is not an assignment of this course")
    candidates = sorted(course.release.glob(f"*/{name}"))
    for path in candidates:
        template = nbs.read(path)
        if ids & {nbs.grade_id(c) for c in template.cells if nbs.grade_id(c)}:
            return path.parent.name, path
    raise CourseError(
        f"{name}: does not match any assignment in {course.release} "
        "(keep the file name you fetched or started from)"
    )


def check(
    path: str | Path,
    *,
    course: Course | None = None,
    cell_timeout: float = 60,
    notebook_timeout: float = 600,
) -> Report:
    path = Path(path)
    nb = nbs.read(path)
    course = course or Course.open(path.resolve().parent)
    assignment, template_path = find_release(course, nb, path.name)
    template = nbs.read(template_path)
    try:
        rebuilt = rebuild(template, template, nb)
    except InvalidSubmission as exc:
        raise CourseError(f"{path}: {exc}") from None
    plan = plan_from_source(template)
    for cell in rebuilt.nb.cells:  # value answers are only named in the learner's own code
        if nbs.is_answer(cell):
            plan.learner_names |= nbs.defined_names(cell.source)
    labs.configure(sandbox=None)  # the learner's own artefacts, on the learner's own machine
    with tempfile.TemporaryDirectory(prefix="apprentice-check-") as tmp:
        km = kernel_manager(
            runtime_dir=Path(tmp) / "runtime", sandbox=None, slot=0, mounts=default_mounts()
        )
        result = run(
            rebuilt.nb,
            km=km,
            plan=plan,
            trusted_dir=template_path.parent,
            cell_timeout=cell_timeout,
            notebook_timeout=notebook_timeout,
            max_output_bytes=64 * 1024 * 1024,
            kernel_cwd=path.resolve().parent,
        )
    verdicts = [result.verdicts[gid] for gid in plan.tests]
    return Report(path.name, assignment, result.status, result.message, verdicts)
