"""`apprentice demo` (what `make demo` runs): a simulated cohort through the whole cycle.

It builds a throwaway course outside the repository, releases modules to its exchange, lets
simulated learners of different skill fetch, work and submit through nbgrader's exchange
(correct answers, the mistakes catalogued in solutions/NN-slug/answers.yml, right answers
written differently, an untouched release, a learner who fell behind, and one hostile
submission), then collects, grades in parallel in the sandbox, grades a few written answers as
a mentor would, generates and returns feedback, lets learners fetch it, and writes the report.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import catalogue
from .course import Course, CourseError
from .exchange import collect, release_feedback, release_to_exchange
from .feedback import generate as generate_feedback
from .grading import gradebook as gbk
from .grading.batch import grade
from .report import data as report_data
from .report.render import render
from .simulate import Learner, copy_course

DEMO_MODULES = ("00-orientation", "02-reliability-math")
NAMES = [
    "ada",
    "grace",
    "linus",
    "margaret",
    "ken",
    "radia",
    "barbara",
    "dennis",
    "frances",
    "edsger",
    "hedy",
    "alan",
]
PROFILES = [
    "steady",
    "mistakes",
    "alternative",
    "fitted",
    "untouched",
    "behind",
    "hostile",
    "mistakes",
]
HOSTILE = (
    "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n"
    "import sqlite3\n"
    "try:\n"
    "    sqlite3.connect('../../../gradebook.db').execute('update grade set manual_score = 99')\n"
    "except Exception as error:\n"
    "    print('blocked:', type(error).__name__)\n"
)
WRITTEN = (
    "Cart and checkout failed from about 09:05 to 09:25 UTC; I would check what changed at 09:05."
)


def _answers(course: Course, learner: Learner, module: str, index: int) -> dict[str, str]:
    """The answer cells this learner would write, by profile."""
    chosen = {}
    first = True
    for gid, entry in catalogue.load(course.source / module).items():
        choice = entry.reference
        if learner.profile == "mistakes" and entry.wrong and (index + len(gid)) % 3:
            choice = entry.wrong[(index + len(gid)) % len(entry.wrong)].source
        elif learner.profile == "fitted" and entry.wrong:
            choice = entry.wrong[-1].source
        elif learner.profile == "alternative" and entry.right:
            choice = entry.right[0].source
        elif learner.profile == "hostile" and first:
            choice = HOSTILE + choice
        first = False
        chosen[gid] = choice
    return chosen


def run(
    repo: Path,
    *,
    directory: Path | None = None,
    learners: int = 6,
    modules: tuple[str, ...] = DEMO_MODULES,
    jobs: int = 2,
    sandbox: bool = True,
    say: Callable[[str], None] = print,
) -> Path:
    """Run the whole cycle; returns the path of the HTML report."""
    if not 2 <= learners <= len(NAMES):
        raise CourseError(f"--learners must be between 2 and {len(NAMES)}")
    folder = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="apprentice-demo-"))
    course = copy_course(repo, folder / "course", list(modules))
    say(f"course: {course.root}")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    cohort = [
        Learner(NAMES[i], folder / "learners" / NAMES[i], PROFILES[i % len(PROFILES)])
        for i in range(learners)
    ]
    # 1. the roster, and the release, with due dates: the first module is due, the second next week
    with gbk.open_gradebook(course.db_url, course.course_id) as gb:
        for learner in cohort:
            gb.update_or_create_student(learner.name, first_name=learner.name.title())
        for i, module in enumerate(modules):
            gb.update_or_create_assignment(
                module, duedate=now + dt.timedelta(days=-1 if i == 0 else 7)
            )
    for module in modules:
        release_to_exchange(course, module)
        say(f"released {module} to the exchange")
    # 2. learners fetch, work and submit through the exchange
    for i, learner in enumerate(cohort):
        learner.home.mkdir(parents=True)
        for module in modules:
            if learner.profile == "behind":
                continue
            learner.fetch(course, module)
            if learner.profile != "untouched":
                written = (
                    WRITTEN if learner.profile in ("steady", "alternative", "mistakes") else None
                )
                learner.answer(
                    course, module, _answers(course, learner, module, i), written=written
                )
            learner.submit(course, module)
        say(
            f"{learner.name} ({learner.profile}) "
            + ("has not started" if learner.profile == "behind" else "submitted")
        )
    # 3. collect and grade
    for module in modules:
        for line in collect(course, module).lines():
            say(line)
        summary = grade(course, module, jobs=jobs, sandbox=sandbox)
        for line in summary.lines():
            say(line)
    # 4. a mentor grades two written answers in the formgrader (simulated here)
    _mentor_grades(
        course, modules[0], [c.name for c in cohort if c.profile in ("steady", "alternative")]
    )
    # 5. feedback back to learners through the exchange
    for module in modules:
        generate_feedback(course, module)
        release_feedback(course, module)
    fetched = 0
    for learner in cohort:
        for module in modules:
            if learner.profile == "behind":
                continue
            fetched += len(learner.fetch_feedback(course, module))
    say(f"learners fetched {fetched} feedback pages")
    # 6. the report
    out = course.root / "reports" / "cohort.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report_data.load(course), "html"), encoding="utf-8")
    (course.root / "reports" / "cohort.txt").write_text(render(report_data.load(course), "table"))
    say(f"report: {out}")
    return out


def _mentor_grades(course: Course, module: str, learners: list[str]) -> None:
    with gbk.open_gradebook(course.db_url, course.course_id) as gb:
        for student in learners:
            for nb in gb.find_submission(module, student).notebooks:
                for grade_row in nb.grades:
                    if grade_row.needs_manual_grade and grade_row.manual_score is None:
                        grade_row.manual_score = round(0.75 * grade_row.max_score)
                        grade_row.needs_manual_grade = False
        gb.db.commit()
