"""Find the course root and load its one nbgrader configuration (grader_config.py)."""

from __future__ import annotations

import copy
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_FILE = "grader_config.py"


def _tools_on_path() -> None:
    """nbgrader's Gradebook runs `alembic` from PATH to stamp a new database; from an
    unactivated venv that fails, so put this interpreter's bin folder first."""
    bindir = os.path.dirname(sys.executable)
    path = os.environ.get("PATH", "")
    if bindir not in path.split(os.pathsep):
        os.environ["PATH"] = bindir + (os.pathsep + path if path else "")


_tools_on_path()


# nbgrader's converters and exchange steps share traitlets' default logger; ours get a quiet
# logger of their own instead, so silencing them never silences nbgrader's own apps.
QUIET = logging.getLogger("apprentice.nbgrader")
QUIET.setLevel(logging.CRITICAL)


class CourseError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero."""


def find_root(start: str | os.PathLike | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: $APPRENTICE_COURSE_ROOT or cwd)
    that holds grader_config.py."""
    here = Path(start or os.environ.get("APPRENTICE_COURSE_ROOT") or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise CourseError(
        f"no {CONFIG_FILE} in {here} or above: run this inside the course folder "
        "or pass --course-root"
    )


def load_config(root: Path) -> Config:
    """Load grader_config.py exactly as nbgrader_config.py does for plain nbgrader."""
    try:
        return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    except Exception as exc:  # a syntax error in the config is the user's to fix
        raise CourseError(f"{root / CONFIG_FILE} could not be loaded: {exc}") from exc


@dataclass
class Course:
    """A course root with its configuration and nbgrader's folder model."""

    root: Path
    config: Config

    @classmethod
    def open(cls, root: str | os.PathLike | None = None) -> Course:
        path = find_root(root)
        config = load_config(path)
        return cls(root=path, config=config)

    def coursedir_for(self, assignment: str, student: str = "*", **overrides):
        """A private copy of the configuration aimed at one assignment (and learner), with
        its CourseDirectory: what nbgrader's converters and exchange classes take."""
        from nbgrader.coursedir import CourseDirectory  # imported here: nbgrader is heavy

        config = copy.deepcopy(self.config)
        config.CourseDirectory.assignment_id = assignment
        config.CourseDirectory.student_id = student
        for key, value in overrides.items():
            setattr(config.CourseDirectory, key, value)
        coursedir = CourseDirectory(config=config)
        coursedir.root = str(self.root)
        return coursedir, config

    def _setting(self, name: str, default):
        """A CourseDirectory setting as nbgrader would read it (same defaults)."""
        value = self.config.CourseDirectory.get(name, default)
        return default if value is None else value

    @property
    def course_id(self) -> str:
        return str(self._setting("course_id", ""))

    def folder(self, step: str) -> Path:
        """The folder of an nbgrader step: 'source', 'release', 'submitted', 'autograded', 'feedback'."""
        return self.root / self._setting(f"{step}_directory", step)

    @property
    def source(self) -> Path:
        return self.folder("source")

    @property
    def release(self) -> Path:
        return self.folder("release")

    @property
    def db_url(self) -> str:
        return self._setting("db_url", "") or f"sqlite:///{self.root / 'gradebook.db'}"

    @property
    def state(self) -> Path:
        """Private working folder of the tooling (archive, backups, logs); git-ignored."""
        return self.root / ".apprentice"

    @property
    def secret_paths(self) -> list[str]:
        """What learner code must never see: the configuration, the solutions with hidden
        tests, the gradebook, and the archive and results of every learner."""
        paths = [self.root / CONFIG_FILE, self.source, self.state]
        if self.db_url.startswith("sqlite:///"):
            paths.append(Path(self.db_url.removeprefix("sqlite:///")))
        return [str(p) for p in paths]

    @property
    def ignore(self) -> list[str]:
        return list(
            self._setting("ignore", [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"])
        )

    def assignments(self) -> list[str]:
        """Assignment ids: folders under the source folder."""
        if not self.source.is_dir():
            return []
        return sorted(
            p.name for p in self.source.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def require_assignment(self, assignment: str) -> Path:
        path = self.source / assignment
        if not path.is_dir():
            known = ", ".join(self.assignments()) or "none"
            raise CourseError(f"unknown assignment {assignment!r} (known: {known})")
        return path
