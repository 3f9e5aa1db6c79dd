"""A course in a temporary folder, under git, served by `apprentice lab`, for Chromium to drive.

The course is a copy of the repository's (two modules, with their lessons and the start
page), committed to a git repository of its own with the repository's .gitignore, so a test
can ask `git status` whether a browser session changed any tracked file. Both modules are
released to the course's exchange, as a mentor would before a session.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from apprentice.course import Course
from apprentice.exchange import release_to_exchange
from apprentice.simulate import copy_course

from ..content.harness import REPO
from ..servers import Client, lab
from .chromium import chromium, pytest_runtest_makereport, screenshot_dir, tab  # noqa: F401

MODULES = ["00-orientation", "02-reliability-math"]
AUTOSAVE_SECONDS = 2
# Settings of the test's own JupyterLab user (a fresh JUPYTER_CONFIG_DIR): autosave every two
# seconds, so a test can wait past it, and every cell in the DOM, so cells can be found by index.
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosaveInterval": AUTOSAVE_SECONDS
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


@dataclass
class Served:
    course: Course
    client: Client
    tmp: Path

    def url(self, path: str = "/lab") -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.client.base}{path}{sep}token={self.client.token}"

    def git_status(self) -> str:
        return subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=self.course.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    course = copy_course(REPO, tmp / "course", MODULES, lessons=True)
    (course.root / ".gitignore").write_text((REPO / ".gitignore").read_text())
    _git(course.root, "init", "-q")
    _git(course.root, "add", "-A")
    _git(course.root, "commit", "-q", "-m", "the course as released")
    for module in MODULES:
        release_to_exchange(course, module)
    settings = tmp / "config" / "lab" / "user-settings"
    for name, value in USER_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    with lab(course.root, tmp) as client:
        yield Served(course, client, tmp)
