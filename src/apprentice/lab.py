"""`apprentice lab` (what `make lab` runs): JupyterLab on the course start page.

The start page, curriculum/start-here.ipynb, is generated from the syllabus
(`apprentice syllabus --write-start-page`) and a test keeps the committed copy in sync.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

from .course import Course
from .syllabus import Syllabus

START_PAGE = Path("curriculum") / "start-here.ipynb"


def lab_argv(course: Course, extra: list[str]) -> list[str]:
    jupyter = Path(sys.executable).with_name("jupyter-lab")
    argv = [
        str(jupyter),
        f"--ServerApp.root_dir={course.root}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE.as_posix()}",
    ]
    if os.geteuid() == 0:  # containers and CI machines often run as root
        argv.append("--allow-root")
    return argv + extra


def prepare(course: Course) -> None:
    """The exchange folder must exist before the Assignment List tab can use it."""
    exchange = course.config.Exchange.get("root")
    if exchange and not os.path.isdir(exchange):
        os.makedirs(exchange, exist_ok=True)
        os.chmod(exchange, 0o777)


def start_page(data: Syllabus) -> nbformat.NotebookNode:
    """The notebook JupyterLab opens first: how to work, and every module with its links."""
    intro = f"""# {data.title}: start here

{data.summary}

This course is an apprenticeship.
You learn by doing real work on realistic data, you check yourself as you go, and a mentor reads what you write and talks it through with you.

## How to work through a module

1. **Read the lesson** (`curriculum/NN-.../*.ipynb`). It is already run, so you can read it top to bottom; run its cells again and change them to see what happens.
2. **Make your own copy of the assignment.** In a terminal (File → New → Terminal): `.venv/bin/apprentice start 00-orientation`. Your copy lands in `work/00-orientation/`, which is yours: course updates never touch it.
   In a mentor-led cohort, use the *Assignments* tab instead: your mentor releases each module there and you submit from it.
3. **Do the exercises** in the cells marked `YOUR CODE HERE` or `YOUR ANSWER HERE`, running the test cell under each one.
4. **Self-check everything at once:** `.venv/bin/apprentice check work/00-orientation/orientation-assignment.ipynb` lists every exercise, every failing check and a hint.
5. **Submit** (Assignments tab, or hand your notebook to your mentor). The grader runs your notebook in a sandbox and adds hidden tests on other inputs; your mentor grades the written answers and returns feedback.

Stuck for more than 30 minutes? Ask, and say what you tried, what you expected, what happened, and paste the failing check's message.
"""
    rows = ["| # | module | time | lesson | assignment | needs |", "|---|---|---|---|---|---|"]
    for m in data.modules:
        lesson = ", ".join(f"[{n}]({m.id}/{n})" for n in m.lessons)
        work = ", ".join(f"[{n}](../exercises/{m.id}/{n})" for n in m.assignments)
        needs = ", ".join(p[:2] for p in m.prerequisites) or "–"
        status = "" if m.status == "ready" else " *(draft)*"
        rows.append(
            f"| {m.id[:2]} | **{m.title}**{status} | {m.minutes} min | {lesson} | {work} | {needs} |"
        )
    total = sum(m.minutes for m in data.modules)
    modules = (
        "## Modules\n\n"
        + "\n".join(rows)
        + f"\n\nIn all about {round(total / 60)} hours of study and practice."
    )
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell(intro.strip()),
        nbformat.v4.new_markdown_cell(modules),
    ]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"start-{i}"
    return nb


def write_start_page(course: Course, data: Syllabus) -> Path:
    path = course.root / START_PAGE
    nbformat.write(start_page(data), str(path))
    return path
