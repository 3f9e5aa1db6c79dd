"""The semgrep lab helper: semgrep starts inside the jail, findings come back as (path, line)."""

from __future__ import annotations

import json
import os

import pytest

from apprentice.grading.sandbox import Sandbox, default_mounts
from apprentice.labs import configure, semgrep

from ..content.harness import sandbox_available

RULE = """
rules:
  - id: token-compared-with-eq
    languages: [python]
    severity: WARNING
    message: $T compared with ==
    patterns:
      - pattern: $X == $T
      - metavariable-regex:
          metavariable: $T
          regex: .*token$
"""
CODE = {
    "app/auth.py": "def check(a, s):\n    # s.token == a\n    return a == s.token\n",
    "app/views.py": 'MSG = "token == x"\n\n\ndef v(u):\n    return u.status == "ok"\n',
    "other.py": "def f(x, api_token):\n    if x == api_token:\n        return 1\n    return x == 2\n",
}


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


def test_a_rule_finds_code_not_comments_or_strings(mode):
    result = semgrep.scan(RULE, CODE)
    assert result.ok, result.output
    assert result.findings == [("app/auth.py", 3), ("other.py", 2)]


def test_only_the_named_targets_are_scanned(mode):
    result = semgrep.scan(RULE, CODE, ["other.py"])
    assert result.ok, result.output
    assert result.findings == [("other.py", 2)]


def test_a_broken_rule_is_reported_not_silently_empty(mode):
    broken = semgrep.scan("rules:\n  - id: x\n    pattern: $X ==\n", CODE)
    assert not broken.ok
    assert broken.findings == []
    assert broken.errors


def test_arguments_are_checked():
    with pytest.raises(TypeError):
        semgrep.scan(b"rules: []", CODE)
    with pytest.raises(ValueError, match="reserved"):
        semgrep.scan(RULE, {semgrep.RULE_FILE: "x"})


def test_parse_merges_matches_on_one_line_and_sorts():
    report = {
        "results": [
            {"path": "b.py", "start": {"line": 4}},
            {"path": "a.py", "start": {"line": 9}},
            {"path": "b.py", "start": {"line": 4}},
            {"path": "a.py"},
        ],
        "errors": [{"message": "  Invalid   rule\n schema "}, "plain text"],
    }
    findings, errors = semgrep.parse(json.dumps(report))
    assert findings == [("a.py", 9), ("b.py", 4)]
    assert errors == ["Invalid rule schema", "plain text"]


def test_parse_of_something_that_is_not_a_report():
    assert semgrep.parse("not json") == ([], ["semgrep did not print a JSON report"])
    assert semgrep.parse("[1, 2]")[1] == ["semgrep printed something that is not a report"]


def test_the_entry_point_fails_cleanly_without_semgrep(monkeypatch, capsys):
    monkeypatch.setattr(semgrep.shutil, "which", lambda *a, **k: None)
    assert semgrep.main(["--version"]) == 127
    assert "not installed" in capsys.readouterr().err
