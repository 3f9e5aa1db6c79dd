"""The security suites again, as a normal account: the way a mentor's laptop or a JupyterHub
grading account runs the grader.

Run as root (as CI is), this test creates a throwaway unprivileged account, uses the hub's
shared install (``apprentice.hub.install``: a venv from the system Python, since this host's
default Python lives in a folder only root can read, with the same pinned lock), copies the
course and its tests into a folder that account owns, runs the adversarial suite, the
trust-boundary suite and the formgrader cycle (grade, formgrader save, feedback) as that
account in rootless sandbox mode, and removes the account afterwards. Run as a normal account, those suites already run as one, so it is skipped.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from ..content.harness import REPO

pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="multiuser")]
ACCOUNT = "apprentice-ci"
SYSTEM_PYTHON = "/usr/bin/python3"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
SUITES = [
    "tests/grading/test_adversarial.py",
    "tests/grading/test_trust_boundary.py",
    "tests/test_formgrader.py",
]
COPY = ["grader_config.py", "nbgrader_config.py", "conftest.py", "pyproject.toml", "README.md"]
TREES = ["src", "tests", "solutions", "exercises", "curriculum"]


def _run(argv, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw)


def shared_venv() -> Path:
    """The hub test's shared install (``apprentice.hub.install``: a venv from the system
    Python with the pinned lock and the course package, readable by every account)."""
    from apprentice.hub import install

    from ..hub.test_hub import shared_install

    return install(shared_install(), REPO, say=lambda *_: None)


@pytest.fixture(scope="module")
def account():
    if os.geteuid() != 0:
        pytest.skip("already running as a normal account: the suites themselves run rootless")
    if not Path(SYSTEM_PYTHON).exists():
        pytest.fail(f"{SYSTEM_PYTHON} is missing: install Debian's python3 (python3-venv)")
    try:
        pwd.getpwnam(ACCOUNT)
    except KeyError:
        _run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                "--comment",
                "apprentice test account, removed after tests",
                ACCOUNT,
            ]
        )
    try:
        yield pwd.getpwnam(ACCOUNT)
    finally:
        subprocess.run(["pkill", "-KILL", "-u", ACCOUNT], capture_output=True)
        subprocess.run(["userdel", ACCOUNT], capture_output=True)


@pytest.fixture(scope="module")
def run_as_account(account):
    venv = shared_venv()
    work = Path(tempfile.mkdtemp(prefix="apprentice-nonroot-", dir="/tmp"))
    try:
        repo = work / "repo"
        repo.mkdir()
        for name in COPY:
            shutil.copy2(REPO / name, repo / name)
        skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", ".pytest_cache")
        for tree in TREES:
            shutil.copytree(REPO / tree, repo / tree, ignore=skip)
        home = work / "home"
        home.mkdir()
        os.chmod(work, 0o755)
        subprocess.run(
            ["chown", "-R", f"{account.pw_uid}:{account.pw_gid}", str(repo), str(home)], check=True
        )
        env = {
            "HOME": str(home),
            "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "APPRENTICE_REQUIRE_SANDBOX": "1",
            "TMPDIR": "/tmp",
        }
        result = subprocess.run(
            [
                RUNUSER,
                "-u",
                ACCOUNT,
                "--",
                "env",
                "-i",
                *(f"{k}={v}" for k, v in env.items()),
                str(venv / "bin/python"),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-q",
                "-n",
                "2",
                "--dist",
                "loadgroup",
                "-o",
                "addopts=",
                "-rfEs",
                *SUITES,
            ],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=1500,
        )
        yield result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_security_suites_pass_as_a_normal_account(run_as_account):
    out = run_as_account.stdout + run_as_account.stderr
    assert run_as_account.returncode == 0, out[-6000:]
    passed = re.search(r"(\d+) passed", out)
    assert passed and int(passed.group(1)) >= 60, out[-3000:]
    assert not re.search(r"\d+ (skipped|failed|error)", out), out[-3000:]


SAVE_AS_ACCOUNT = """
import sys
from apprentice.course import Course
from apprentice.feedback import generate
from apprentice.grading import gradebook as gbk
course = Course.open(sys.argv[1])
with gbk.open_gradebook(course.db_url, course.course_id) as gb:
    for nb in gb.find_submission("00-orientation", "ada").notebooks:
        for grade in nb.grades:
            if grade.cell.name == "incident-note":
                grade.manual_score = 3.0
                grade.needs_manual_grade = False
    gb.db.commit()
made = generate(course, "00-orientation")
print("saved", made.done, made.errors)
"""


def test_after_root_grades_the_owners_formgrader_can_save_grades(account, tmp_path):
    from apprentice.grading.batch import grade
    from apprentice.simulate import write_submission

    from ..content.harness import make_course

    venv = shared_venv()
    base = Path(tempfile.mkdtemp(prefix="apprentice-owned-", dir="/tmp"))
    try:
        os.chmod(base, 0o755)
        course = make_course(base / "course")
        write_submission(course, "00-orientation", "ada", {})
        subprocess.run(
            ["chown", "-R", f"{account.pw_uid}:{account.pw_gid}", str(course.root)], check=True
        )
        summary = grade(course, "00-orientation")  # as root
        assert [o.status for o in summary.outcomes] == ["ok"]
        for path in (course.root / "gradebook.db", course.state, course.folder("autograded")):
            assert path.stat().st_uid == account.pw_uid, path
        owned = [p for p in course.state.rglob("*") if p.lstat().st_uid != account.pw_uid]
        assert not owned, owned[:5]
        result = subprocess.run(
            [
                RUNUSER,
                "-u",
                ACCOUNT,
                "--",
                str(venv / "bin/python"),
                "-c",
                SAVE_AS_ACCOUNT,
                str(course.root),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            env={"HOME": str(base), "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "saved ['ada'] []" in result.stdout, result.stdout
    finally:
        shutil.rmtree(base, ignore_errors=True)
