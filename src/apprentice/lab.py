"""`apprentice lab` (what `make lab` runs): JupyterLab on the course start page.

The start page, curriculum/start-here.ipynb, is generated from the syllabus
(`apprentice syllabus --write-start-page`) and a test keeps the committed copy in sync.

The lab never edits the course: ``apprentice.labcontents.CourseContentsManager`` serves course
files read-only and creates a learner's working copy when one of its paths is first opened, so
the start page's assignment links open the learner's own copy. Terminals get the course's
tools on PATH, and JupyterLab's first-run prompts (news, update checks) are off.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import nbformat

from .course import Course
from .syllabus import Syllabus
from .workspace import copies_root

START_PAGE = Path("curriculum") / "start-here.ipynb"
SETTINGS = Path(__file__).with_name("labsettings")


def lab_argv(course: Course, extra: list[str], *, edit_course: bool = False) -> list[str]:
    jupyter = Path(sys.executable).with_name("jupyter-lab")
    argv = [
        str(jupyter),
        f"--ServerApp.root_dir={course.root}",
        f"--LabApp.default_url=/lab/tree/{START_PAGE.as_posix()}",
        "--ServerApp.contents_manager_class=apprentice.labcontents.CourseContentsManager",
        # defaults for the lab's settings: no news prompt, no update checks (overrides.json)
        f"--LabApp.app_settings_dir={SETTINGS}",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    ]
    if edit_course:
        argv.append("--CourseContentsManager.edit_course=True")
    bash = shutil.which("bash")
    if bash:  # a login shell would reset PATH from /etc/profile and lose .venv/bin
        shell = [bash, "--rcfile", str(SETTINGS / "terminal.bashrc"), "-i"]
        argv.append(f"--ServerApp.terminado_settings=shell_command={json.dumps(shell)}")
    if os.geteuid() == 0:  # containers and CI machines often run as root
        argv.append("--allow-root")
    return argv + extra


def lab_environment() -> dict[str, str]:
    """The server's environment: this interpreter's bin folder first on PATH (for terminals)."""
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, APPRENTICE_BIN=bindir)
    path = env.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        env["PATH"] = bindir + (os.pathsep + path if path else "")
    return env


def prepare(course: Course) -> None:
    """The exchange folder must exist before the Assignment List tab can use it, and the
    learner's folder of working copies before the file browser can show it."""
    exchange = course.config.Exchange.get("root")
    if exchange and not os.path.isdir(exchange):
        os.makedirs(exchange, exist_ok=True)
        os.chmod(exchange, 0o777)
    copies_root(course).mkdir(parents=True, exist_ok=True)


def start_page(data: Syllabus, copies: str) -> nbformat.NotebookNode:
    """The notebook JupyterLab opens first: how to work, and every module with its links.

    ``copies`` is the folder of the learner's working copies, relative to the course root
    (``<course id>``, see ``apprentice.workspace.copies_root``).
    """
    intro = f"""# {data.title}: start here

{data.summary}

This course is an apprenticeship.
You learn by doing real work on realistic data, you check yourself as you go, and a mentor reads what you write and talks it through with you.

## How to work through a module

1. **Read the lesson** (the *lesson* links below). It is already run, so you can read it top to bottom; run its cells again and change them to see what happens. Lessons open read-only, so your experiments never change the course; to keep one, use File → Save As… into `{copies}/`.
2. **Open the assignment** (the *assignment* links below). The link opens **your own copy** in `{copies}/NN-.../`, made the first time you open it. It is the same copy the *Assignments* tab fetches and submits, and course updates never overwrite it. (In a terminal, `apprentice start 00-orientation` makes the same copy.)
3. **Do the exercises** in the cells marked `YOUR CODE HERE` or `YOUR ANSWER HERE`, running the test cell under each one.
4. **Self-check everything at once:** in a terminal (File → New → Terminal), `apprentice check {copies}/00-orientation/orientation-assignment.ipynb` lists every exercise, every failing check and a hint. The *Validate* button in the notebook's toolbar runs the visible tests too.
5. **Submit** from the *Assignments* tab (Nbgrader → Assignment List) once your mentor has released the module there, or hand your notebook to your mentor. The grader runs your notebook in a sandbox and adds hidden tests on other inputs; your mentor grades the written answers and returns feedback, which you fetch from the same tab.

Stuck for more than 30 minutes? Ask, and say what you tried, what you expected, what happened, and paste the failing check's message.
"""
    rows = ["| # | module | time | lesson | assignment | needs |", "|---|---|---|---|---|---|"]
    for m in data.modules:
        lesson = ", ".join(f"[{n}]({m.id}/{n})" for n in m.lessons)
        work = ", ".join(f"[{n}](../{copies}/{m.id}/{n})" for n in m.assignments)
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


def copies_folder(course: Course) -> str:
    """The working copies' folder relative to the course root, as the start page links it."""
    return Path(os.path.relpath(copies_root(course), course.root)).as_posix()


def write_start_page(course: Course, data: Syllabus) -> Path:
    path = course.root / START_PAGE
    nbformat.write(start_page(data, copies_folder(course)), str(path))
    return path
