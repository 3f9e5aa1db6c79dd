"""`run_tool`: the field's tools run in a fresh jail, bounded, and fail closed when missing."""

from __future__ import annotations

import os

import pytest

from apprentice.grading.sandbox import Sandbox, default_mounts
from apprentice.labs import ToolFailed, ToolMissing, configure, run_tool

from ..content.harness import REPO, sandbox_available

RULES = """groups:
- name: availability
  rules:
  - alert: Down
    expr: up == 0
    for: 2m
"""
SERIES = """rule_files: [rules.yml]
evaluation_interval: 1m
tests:
- interval: 1m
  input_series:
  - series: 'up{job="api"}'
    values: '0 0 0 0 0'
  alert_rule_test:
  - eval_time: 4m
    alertname: Down
    exp_alerts:
    - exp_labels: {job: api}
"""


@pytest.fixture(params=["jail", "plain"])
def mode(request):
    if request.param == "jail":
        if not sandbox_available():
            if os.environ.get("APPRENTICE_REQUIRE_SANDBOX"):
                pytest.fail("the grading sandbox is required here but does not work")
            pytest.skip("no sandbox on this host")
        configure(sandbox=Sandbox(max_output_mb=8), slot=5, mounts=default_mounts())
    else:
        configure(sandbox=None)
    yield request.param
    configure(sandbox=None)


def test_a_real_tool_runs_on_the_files_given(mode):
    result = run_tool(
        ["promtool", "test", "rules", "tests.yml"], files={"rules.yml": RULES, "tests.yml": SERIES}
    )
    assert result.returncode == 0, result.output
    broken = run_tool(
        ["promtool", "test", "rules", "tests.yml"],
        files={"rules.yml": RULES.replace("for: 2m", "for: 9m"), "tests.yml": SERIES},
    )
    assert broken.returncode == 1 and "Down" in broken.output


def test_files_come_back_only_when_collected_and_bounded(mode):
    script = "open('out.txt','w').write('x' * 5_000_000); open('other.txt','w').write('y')"
    result = run_tool(["python", "-c", script], collect=["out.txt", "../escape", "missing.txt"])
    assert set(result.files) == {"out.txt"}
    assert len(result.files["out.txt"]) == 2 * 1024 * 1024


def test_a_tool_that_runs_too_long_is_stopped(mode):
    result = run_tool(["python", "-c", "import time; time.sleep(60)"], timeout=2)
    assert result.timed_out and result.returncode != 0


def test_a_missing_tool_fails_closed(mode):
    with pytest.raises(ToolMissing, match="apprentice doctor"):
        run_tool(["no-such-lab-tool", "--version"])


def test_output_is_trimmed(mode):
    result = run_tool(["python", "-c", "print('z' * 1_000_000)"])
    assert len(result.stdout) == 64 * 1024 and len(result.output) < 2100


def test_the_jail_hides_the_grader_and_the_network(mode):
    if mode != "jail":
        pytest.skip("only the jail promises this")
    script = (
        "import os, socket\n"
        f"print(any(os.path.exists(p) for p in {[str(REPO / 'grader_config.py'), str(REPO / 'solutions')]!r}))\n"
        "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=2); print('net')\n"
        "except OSError:\n    print('no net')\n"
    )
    result = run_tool(["python", "-c", script])
    assert result.stdout.split() == ["False", "no", "net"]


def test_bad_arguments_are_refused():
    configure(sandbox=None)
    with pytest.raises(TypeError):
        run_tool("promtool test")
    with pytest.raises(TypeError):
        run_tool(["promtool"], files={"rules.yml": b"bytes"})
    result = run_tool(["python", "-c", "pass"], files={"../up.txt": "x"})
    assert result.returncode == 2 and "bad file name" in result.stderr
    assert ToolFailed
