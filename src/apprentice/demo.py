"""`apprentice demo` (what `make demo` runs): a simulated cohort through the whole cycle.

It builds a throwaway course outside the repository, releases modules to its exchange, lets
simulated learners of different skill fetch, work and submit through nbgrader's exchange
(correct answers, the mistakes listed in tests/answers, differently-written correct answers,
an untouched release, a learner who fell behind, and one hostile submission), then collects,
grades in parallel in the sandbox, grades a few written answers as a mentor would, generates
and returns feedback, lets learners fetch it, and writes the cohort report.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.auth import Authenticator
from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeFetchFeedback, ExchangeSubmit

from . import answers as course_answers
from . import notebooks as nbs
from .course import Course, CourseError
from .exchange import collect, release_feedback, release_to_exchange
from .feedback import generate as generate_feedback
from .grading import gradebook as gbk
from .grading.batch import grade
from .report import data as report_data
from .report.render import render

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


@dataclass
class Learner:
    name: str
    profile: str
    home: Path


def build_course(repo: Path, folder: Path, modules: tuple[str, ...]) -> Course:
    if folder.resolve().is_relative_to(repo.resolve()):
        raise CourseError(
            f"{folder} is inside the repository; the demo builds its cohort elsewhere"
        )
    root = folder / "course"
    if root.exists():
        raise CourseError(f"{root} already exists; choose an empty --dir")
    root.mkdir(parents=True)
    for name in ("grader_config.py", "nbgrader_config.py"):
        shutil.copy2(repo / name, root / name)
    for tree in ("solutions", "exercises"):
        for module in modules:
            shutil.copytree(repo / tree / module, root / tree / module)
    (root / "curriculum").mkdir()
    shutil.copy2(repo / "curriculum" / "syllabus.yml", root / "curriculum" / "syllabus.yml")
    return Course.open(root)


def _learner_config(course: Course, learner: Learner, module: str):
    """What the learner's own nbgrader would use: their home, their cache, the course's exchange."""
    coursedir, config = course.coursedir_for(module, learner.name)
    config.Exchange.assignment_dir = str(learner.home)
    config.Exchange.cache = str(learner.home / ".nbgrader-cache")
    coursedir.root = str(learner.home)
    return coursedir, config


def _exchange_step(cls, course: Course, learner: Learner, module: str) -> None:
    coursedir, config = _learner_config(course, learner, module)
    step = cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)
    step.log.setLevel(logging.ERROR)
    step.start()


def _work(course: Course, repo: Path, learner: Learner, module: str, index: int) -> None:
    """Edit the fetched notebooks the way this learner would."""
    folder = learner.home / course.course_id / module
    wrong, alternative = course_answers.load(repo, module)
    solutions = {}
    for path in nbs.assignment_notebooks(course.source / module):
        for cell in nbs.read(path).cells:
            if nbs.is_answer(cell):
                solutions[nbs.grade_id(cell)] = nbs.completed_answer(cell.source)
    for path in nbs.assignment_notebooks(folder):
        nb = nbs.read(path)
        first_answer = True
        for cell in nb.cells:
            gid = nbs.grade_id(cell)
            if gid in solutions:
                choice = solutions[gid]
                if learner.profile == "mistakes" and wrong.get(gid) and (index + len(gid)) % 3:
                    choice = wrong[gid][(index + len(gid)) % len(wrong[gid])][1]
                elif learner.profile == "fitted" and wrong.get(gid):
                    choice = wrong[gid][-1][1]
                elif learner.profile == "alternative" and alternative.get(gid):
                    choice = alternative[gid][0]
                elif learner.profile == "hostile" and first_answer:
                    choice = HOSTILE + choice
                first_answer = False
                cell.source = choice
            elif "answer_for" in nbs.course_meta(cell) and learner.profile in (
                "steady",
                "alternative",
                "mistakes",
            ):
                cell.source = WRITTEN
        nbformat.write(nb, str(path))


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
    course = build_course(repo, folder, modules)
    say(f"course: {course.root}")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    cohort = [
        Learner(NAMES[i], PROFILES[i % len(PROFILES)], folder / "learners" / NAMES[i])
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
            _exchange_step(ExchangeFetchAssignment, course, learner, module)
            if learner.profile != "untouched":
                _work(course, repo, learner, module, i)
            _exchange_step(ExchangeSubmit, course, learner, module)
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
            _exchange_step(ExchangeFetchFeedback, course, learner, module)
            fetched += len(
                list((learner.home / course.course_id / module / "feedback").rglob("*.html"))
            )
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
