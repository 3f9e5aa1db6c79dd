"""`python -m apprentice.labs.ansible`: lays out host trees, runs ansible-playbook twice, reports."""

from __future__ import annotations

import json
import os

import pytest

from apprentice.grading.sandbox import Sandbox, default_mounts
from apprentice.labs import ToolMissing, configure, run_tool
from apprentice.labs import ansible as lab

from ..content.harness import sandbox_available

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: config
      ansible.builtin.copy:
        dest: "{{ tree }}/etc/app.conf"
        content: "port = {{ port }}\\n"
        mode: "0640"
"""
APPEND = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: remove every port line
      ansible.builtin.lineinfile:
        path: "{{ tree }}/etc/app.conf"
        regexp: '^port'
        state: absent
    - name: and add one back
      ansible.builtin.lineinfile:
        path: "{{ tree }}/etc/app.conf"
        line: "port = 2"
"""
START = {
    "name": "one",
    "vars": {"port": 8080},
    "tree": {
        "etc": {"dir": True, "mode": "0755"},
        "etc/app.conf": {"content": "port = 1\n", "mode": "0666"},
    },
}


def test_lay_out_and_snapshot_round_trip(tmp_path):
    lab.lay_out(
        tmp_path / "t",
        {"a/b.txt": {"content": "x", "mode": "0600"}, "a": {"dir": True, "mode": "0750"}},
    )
    snap = lab.snapshot(tmp_path / "t")
    assert snap == {
        "a": {"type": "dir", "mode": "0750"},
        "a/b.txt": {"type": "file", "mode": "0600", "content": "x"},
    }


def test_unsafe_paths_and_modes_are_refused(tmp_path):
    with pytest.raises(ValueError):
        lab.lay_out(tmp_path, {"../up": {"content": ""}})
    with pytest.raises(ValueError):
        lab.lay_out(tmp_path, {"f": {"content": "", "mode": "644; rm"}})


def test_a_bad_starting_state_is_reported_not_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.json").write_text(json.dumps({"tree": {"/etc/passwd": {"content": ""}}}))
    report = lab.converge(tmp_path, "playbook.yml", [tmp_path / "s.json"])
    assert (
        "bad starting state" in report["starts"][0]["error"] and "runs" not in report["starts"][0]
    )


def test_the_fork_lock_excludes_and_releases():
    lock = lab.ForkLock()
    assert lock.acquire() and not lock.acquire(block=False)
    lock.release()
    with lock:
        pass
    assert lab.Unbounded().acquire() is True


@pytest.fixture(params=["jail", "plain"])
def mode(request):
    if request.param == "jail":
        if not sandbox_available():
            if os.environ.get("APPRENTICE_REQUIRE_SANDBOX"):
                pytest.fail("the grading sandbox is required here but does not work")
            pytest.skip("no sandbox on this host")
        configure(sandbox=Sandbox(max_output_mb=8), slot=6, mounts=default_mounts())
    else:
        configure(sandbox=None)
    yield request.param
    configure(sandbox=None)


def _run(playbook, start):
    result = run_tool(
        ["python", "-m", "apprentice.labs.ansible", "playbook.yml", "s.json"],
        files={"playbook.yml": playbook, "s.json": json.dumps(start)},
        timeout=200,
    )
    assert result.returncode == 0, result.output
    return json.loads(result.stdout)["starts"][0]


@pytest.mark.slow
def test_converges_and_reports_both_runs(mode):
    entry = _run(PLAYBOOK, START)
    assert [r["changed"] for r in entry["runs"]] == [1, 0]
    assert entry["final"]["etc/app.conf"] == {
        "type": "file",
        "mode": "0640",
        "content": "port = 8080\n",
    }


@pytest.mark.slow
def test_a_step_that_is_not_idempotent_shows_in_the_second_run(mode):
    entry = _run(APPEND, START)
    assert [r["changed"] for r in entry["runs"]] == [2, 2]
    assert entry["final"]["etc/app.conf"]["content"] == "port = 2\n"


@pytest.mark.slow
def test_ansible_errors_come_back_as_text(mode):
    entry = _run("- hosts: localhost\n  tasks:\n    - ansible.builtin.nosuchmodule: {}\n", START)
    assert entry["runs"][0]["returncode"] != 0 and "nosuchmodule" in entry["runs"][0]["error"]


def test_a_missing_tool_fails_closed():
    configure(sandbox=None)
    with pytest.raises(ToolMissing):
        run_tool(["ansible-playbook-not-installed", "--version"])
