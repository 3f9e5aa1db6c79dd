"""The Sigma lab helper: flattening, conversion with pySigma's SQLite backend, clear errors for
invalid rules, its command line, and a run inside the grading jail through run_tool."""

from __future__ import annotations

import json
import os

import pytest

from apprentice.datasets import audit_log as al
from apprentice.grading.sandbox import Sandbox, default_mounts
from apprentice.labs import configure, run_tool
from apprentice.labs import sigma as lab

from ..content.harness import sandbox_available

RULE = """
title: Trail stopped or deleted outside a planned change
logsource:
    product: aws
    service: cloudtrail
detection:
    selection:
        eventSource: cloudtrail.amazonaws.com
        eventName:
            - StopLogging
            - DeleteTrail
    planned_change:
        userIdentity.sessionContext.sessionIssuer.userName: trail-admin
        sourceIPAddress|cidr: 10.20.0.0/16
    condition: selection and not planned_change
level: high
"""


def _record(
    event_id, name, *, ip="203.0.113.5", role=None, source="cloudtrail.amazonaws.com", **extra
):
    ident = {
        "type": "IAMUser",
        "userName": "mallory",
        "arn": "arn:aws:iam::123456789012:user/mallory",
    }
    if role:
        ident = {
            "type": "AssumedRole",
            "arn": f"arn:aws:sts::123456789012:assumed-role/{role}/s1",
            "sessionContext": {"sessionIssuer": {"type": "Role", "userName": role}},
        }
    return {
        "eventID": event_id,
        "eventSource": source,
        "eventName": name,
        "sourceIPAddress": ip,
        "userIdentity": ident,
        **extra,
    }


LOG = [
    _record("stop", "StopLogging"),
    _record("denied", "StopLogging", errorCode="AccessDenied"),
    _record("delete", "DeleteTrail"),
    _record("planned", "StopLogging", ip="10.20.9.14", role="trail-admin"),
    _record("admin-away", "StopLogging", ip="192.0.2.8", role="trail-admin"),
    _record("ci", "StopLogging", ip="10.20.1.2", role="ci-deployer"),
    _record("start", "StartLogging"),
    _record("describe", "DescribeTrails"),
    _record("elsewhere", "StopLogging", source="example.amazonaws.com"),
]


def test_flatten_makes_dotted_columns_json_lists_and_text_booleans():
    flat = lab.flatten(
        {"a": {"b": {"c": 1}, "d": []}, "e": [1, {"f": 2}], "g": True, "h": None, "i": {}}
    )
    assert flat == {"a.b.c": 1, "a.d": "[]", "e": '[1,{"f":2}]', "g": "true", "h": None, "i": None}


def test_the_rule_matches_only_what_it_should():
    report = lab.run(RULE, LOG)
    assert report["ok"] and report["unknown_fields"] == []
    assert report["matched"] == ["admin-away", "ci", "delete", "denied", "stop"]
    assert report["records"] == len(LOG)
    (only,) = report["rules"]
    assert only["level"] == "high" and only["queries"][0].startswith("SELECT * FROM logs WHERE")


def test_matching_ignores_case_and_regex_and_wildcards_work():
    rule = RULE.replace("- StopLogging", "- stoplogging").replace("- DeleteTrail", "- DELETE*")
    assert lab.run(rule, LOG)["matched"] == ["admin-away", "ci", "delete", "denied", "stop"]
    regex = "title: r\nlogsource: {product: aws}\ndetection:\n  s:\n    eventName|re: '^(Stop|Start)Logging$'\n  condition: s\n"
    assert lab.run(regex, LOG)["matched"] == [
        "admin-away",
        "ci",
        "denied",
        "elsewhere",
        "planned",
        "start",
        "stop",
    ]


def test_a_field_no_record_has_is_reported_and_matches_nothing():
    report = lab.run(RULE.replace("eventName:", "eventNmae:"), LOG)
    assert report["ok"] and report["matched"] == [] and report["unknown_fields"] == ["eventNmae"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("title: x\n  bad: [\n", "not valid Sigma"),
        ("title: x\nlogsource: {product: aws}\ndetection:\n  s:\n    eventName: A\n", "condition"),
        (
            "title: x\nlogsource: {product: aws}\ndetection:\n  s:\n    eventName|nosuch: A\n  condition: s\n",
            "nosuch",
        ),
        (
            "title: x\nlogsource: {product: aws}\ndetection:\n  s:\n    eventName: A\n  condition: s and t\n",
            "not defined",
        ),
        (
            "title: x\nlogsource: {product: aws}\ndetection:\n  k:\n    - StopLogging\n  condition: k\n",
            "keyword",
        ),
        ("x" * (lab.MAX_RULE_BYTES + 1), "larger than"),
    ],
)
def test_invalid_rules_give_a_one_line_reason(text, message):
    report = lab.run(text, LOG)
    assert report["ok"] is False and message in report["error"]
    assert "\n" not in report["error"]


def test_correlation_rules_are_refused():
    text = (
        RULE
        + """---
title: many stops
correlation:
    type: event_count
    rules: [trail_rule]
    group-by: [sourceIPAddress]
    timespan: 1h
    condition: {gte: 2}
"""
    )
    text = text.replace("title: Trail stopped", "name: trail_rule\ntitle: Trail stopped", 1)
    report = lab.run(text, LOG)
    assert report["ok"] is False and "detection rules only" in report["error"]


def test_the_command_prints_json_and_exits_by_outcome(tmp_path, capsys):
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in LOG))
    rule = tmp_path / "rule.yml"
    rule.write_text(RULE)
    assert lab.main([str(rule), str(log)]) == 0
    assert json.loads(capsys.readouterr().out)["matched"] == [
        "admin-away",
        "ci",
        "delete",
        "denied",
        "stop",
    ]
    rule.write_text("title: only a title\n")
    assert lab.main([str(rule), str(log)]) == 1
    assert json.loads(capsys.readouterr().out)["ok"] is False
    assert lab.main([str(rule)]) == 2
    assert lab.main([str(rule), str(tmp_path / "missing.jsonl")]) == 2
    log.write_text("[1, 2]\n")
    assert lab.main([str(tmp_path / "rule.yml"), str(log)]) == 2
    assert "not a JSON object" in capsys.readouterr().err
    log.write_text(json.dumps({"other": 1}) + "\n")
    rule.write_text(RULE)
    assert lab.main([str(rule), str(log), "--id-field", "eventID"]) == 2


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


def test_run_tool_runs_the_helper_on_the_assignment_log(mode):
    log = al.generate(al.ASSIGNMENT)
    text = al.records_jsonl(log)
    result = run_tool(
        ["python", "-m", "apprentice.labs.sigma", "rule.yml", "log.jsonl"],
        files={"rule.yml": RULE, "log.jsonl": text},
        timeout=60,
    )
    assert result.returncode == 0, result.output
    report = json.loads(result.stdout)
    attack = sorted(k for k, v in log.labels.items() if v == "defense-evasion")
    assert report["matched"] == attack
    broken = run_tool(
        ["python", "-m", "apprentice.labs.sigma", "rule.yml", "log.jsonl"],
        files={"rule.yml": "title: [", "log.jsonl": text},
    )
    assert broken.returncode == 1 and json.loads(broken.stdout)["ok"] is False
