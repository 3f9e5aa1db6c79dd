"""`python -m apprentice.labs.rego`: Rego evaluated with regopy, errors reported as text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from apprentice.grading.sandbox import Sandbox, default_mounts
from apprentice.labs import ToolFailed, configure, run_tool
from apprentice.labs import rego as lab

from ..content.harness import sandbox_available

POLICY = """package course.plan

import rego.v1

deny contains rc.address if {
\tsome rc in input.resource_changes
\tnot rc.change.after.encrypted == true
}
"""
PLAN = {
    "resource_changes": [
        {"address": "a", "change": {"after": {}}},
        {"address": "b", "change": {"after": {"encrypted": True}}},
    ]
}


def test_a_query_returns_its_value():
    assert lab.evaluate(POLICY, json.dumps(PLAN), "data.course.plan.deny") == {
        "ok": True,
        "result": ["a"],
    }


def test_an_undefined_query_is_not_an_error():
    report = lab.evaluate(POLICY, json.dumps(PLAN), "data.course.plan.nothing")
    assert report["ok"] and report["result"] is None and report["undefined"]


def test_rego_errors_come_back_as_rego_prints_them():
    report = lab.evaluate("package x\n deny[ {", "{}", "data.x.deny")
    assert not report["ok"] and "unclosed" in report["error"] and "policy.rego" in report["error"]


def test_bad_input_and_huge_policies_are_refused():
    assert not lab.evaluate(POLICY, "{not json", "data.course.plan.deny")["ok"]
    assert "longer" in lab.evaluate("#" * 60_000, "{}", "data.x")["error"]


@pytest.fixture(params=["jail", "plain"])
def mode(request):
    if request.param == "jail":
        if not sandbox_available():
            if os.environ.get("APPRENTICE_REQUIRE_SANDBOX"):
                pytest.fail("the grading sandbox is required here but does not work")
            pytest.skip("no sandbox on this host")
        configure(sandbox=Sandbox(max_output_mb=8), slot=7, mounts=default_mounts())
    else:
        configure(sandbox=None)
    yield request.param
    configure(sandbox=None)


def test_runs_through_run_tool(mode):
    result = run_tool(
        ["python", "-m", "apprentice.labs.rego", "p.rego", "i.json", "data.course.plan.deny"],
        files={"p.rego": POLICY, "i.json": json.dumps(PLAN)},
        address_space_limit=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout) == {"ok": True, "result": ["a"]}
    broken = run_tool(
        ["python", "-m", "apprentice.labs.rego", "p.rego", "i.json", "data.x"],
        files={"p.rego": "package x\n deny[ {", "i.json": "{}"},
        address_space_limit=False,
    )
    assert broken.returncode == 1 and "unclosed" in json.loads(broken.stdout)["error"]


def test_the_address_space_limit_is_why_regopy_needs_the_flag(mode):
    if mode != "jail":
        pytest.skip("only the jail sets RLIMIT_AS")
    capped = run_tool(
        ["python", "-m", "apprentice.labs.rego", "p.rego", "i.json", "data.course.plan.deny"],
        files={"p.rego": POLICY, "i.json": json.dumps(PLAN)},
    )
    assert capped.returncode != 0 and "snmalloc" in capped.output


def test_without_the_address_space_limit_resident_memory_is_still_bounded(mode):
    hog = "x = bytearray(1)\nwhile True:\n    x += bytes(256 * 2**20)\n"
    with pytest.raises(ToolFailed, match="MiB of memory"):
        run_tool(
            ["python", "hog.py"],
            files={"hog.py": hog},
            timeout=60,
            address_space_limit=False,
        )


def test_an_address_space_limit_inherited_from_the_caller_is_lifted(mode):
    """The grading worker caps its own RLIMIT_AS (``Grader.memory_mb``) and its children inherit
    it: ``address_space_limit=False`` must lift that limit too, or regopy fails in real grading."""
    script = textwrap.dedent(
        f"""
        import json, resource, sys
        from apprentice.grading.sandbox import Sandbox, default_mounts
        from apprentice.labs import configure, run_tool

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (6 * 2**30, hard))
        if {mode == "jail"!r}:
            configure(sandbox=Sandbox(max_output_mb=8), slot=7, mounts=default_mounts())
        argv = ["python", "-m", "apprentice.labs.rego", "p.rego", "i.json", "data.course.plan.deny"]
        files = {{"p.rego": sys.argv[1], "i.json": sys.argv[2]}}
        print(run_tool(argv, files=files, timeout=60, address_space_limit=False).stdout)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, POLICY, json.dumps(PLAN)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stdout.strip().splitlines()
    assert lines and json.loads(lines[-1]) == {"ok": True, "result": ["a"]}, (
        done.stdout + done.stderr
    )
