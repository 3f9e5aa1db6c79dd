"""Repository-wide pytest hooks.

- Lesson notebooks run under nbval; each notebook's cells share one kernel, so all of them must
  run on the same xdist worker. Grouping by notebook path keeps them together under
  ``--dist loadgroup`` (the content checks group themselves by module the same way).
- Tests build courses in temporary folders and must never write into the repository: the
  session fails if files appear in the tree that were not there when it started.
"""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# Course content is data, not tests: module 08 ships a sample repository with test-like files.
collect_ignore_glob = ["curriculum/*/*/**", "solutions/**", "exercises/**", "templates/**"]
NOISE = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints", ".ruff_cache")


@pytest.hookimpl(tryfirst=True)  # before xdist turns the marks into node-id suffixes
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(getattr(item, "path", item.fspath))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(name=f"nbval-{path}"))


def _tree_state() -> set[str]:
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {line for line in out.splitlines() if not any(n in line for n in NOISE)}


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller, not each xdist worker
        session.config._tree_before = _tree_state()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_tree_before", None)
    if before is None:
        return
    appeared = sorted(_tree_state() - before)
    if appeared:
        print("\nTests wrote into the repository tree:\n  " + "\n  ".join(appeared[:20]))
        session.exitstatus = 1
