"""A failing browser test saves a screenshot and names it in its failure message."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ..content.harness import REPO

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(name="browser")]

FAILING = """
def test_a_page_that_is_not_what_we_expect(tab):
    tab.set_content("<h1>hello</h1>")
    assert tab.inner_text("h1") == "goodbye"


def test_a_passing_page(tab):
    tab.set_content("<h1>hello</h1>")
    assert tab.inner_text("h1") == "hello"
"""


def test_a_failing_browser_test_leaves_a_screenshot(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.browser.chromium import chromium, pytest_runtest_makereport, "
        "screenshot_dir, tab  # noqa: F401\n"
    )
    (tmp_path / "test_inner.py").write_text(FAILING)
    base = tmp_path / "base"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--basetemp={base}", "-q"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-2000:]
    assert "1 failed, 1 passed" in result.stdout, result.stdout[-3000:]
    shots = re.findall(r"screenshot: (\S+\.png)", result.stdout)
    assert len(shots) == 1, result.stdout[-3000:]
    path = Path(shots[0])
    assert "not_what_we_expect" in path.name and path.is_relative_to(base)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and path.stat().st_size > 1000
