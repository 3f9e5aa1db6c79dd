"""The seeded generators of module 10 are deterministic, honest about their labels, use only
reserved values, and the files the course ships are exactly what they produce."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from collections import Counter

import pytest

from apprentice.datasets import audit_log as al
from apprentice.datasets import course_files
from apprentice.datasets import pages as pg

from ..content.harness import REPO

DIGESTS = {
    "lesson": "ee83f993d18d9e71be1bf9b9f580bc500da4f6ba57b26aba90c2c5effd286f83",
    "assignment": "e58926dfb6f72cd588d24b54b073eb21954cab687f50b30df8a2421dfb3cbb32",
    "hidden": "1ad85329be6cb481aeee3f71612fb9591db24923dfc788c146844e7b5a596433",
}
PAGE_DIGESTS = {
    "lesson": "c6c33b519b33246af75d34f4cd3d79e2c48d22f875391ff5aec8be1427f92877",
    "assignment": "803afae384f31fb2a531461d1e7c7649040cf57077fecea683236e293450ae44",
    "hidden": "d37fa2c508b9d004622547ef7cf1f0dc09f572179d6cbd2aca270ea95b94a796",
}
RESERVED = [
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "10.0.0.0/8")
]


@pytest.fixture(scope="module", params=sorted(al.SCENARIOS))
def log(request):
    return request.param, al.generate(al.SCENARIOS[request.param])


def test_the_generator_output_is_pinned(log):
    name, generated = log
    assert al.digest(generated) == DIGESTS[name], (
        f"the {name} audit log changed; if on purpose, regenerate the files "
        "(python -m apprentice.datasets.course_files --write), rerun the lesson and update DIGESTS"
    )
    assert al.digest(al.generate(al.SCENARIOS[name])) == DIGESTS[name], "two runs differ"


def test_the_pages_are_pinned():
    for name, month in pg.MONTHS.items():
        assert pg.digest(pg.generate(month)) == PAGE_DIGESTS[name], f"the {name} pages changed"


def test_the_shipped_files_are_what_the_generators_produce():
    assert course_files.differences(REPO) == [], (
        "solutions/10-detection-and-observability/ differs from the generators: "
        "run python -m apprentice.datasets.course_files --write"
    )


def _actor(ident: dict) -> str:
    kind = ident["type"]
    if kind == "IAMUser":
        return ident["userName"]
    if kind == "AssumedRole":
        return re.search(r":assumed-role/([^/]+)/", ident["arn"]).group(1)
    return "root" if kind == "Root" else ident["invokedBy"]


def test_events_are_the_records_flattened_in_utc(log):
    """An independent reading of the raw records agrees with the flat events the course ships."""
    _, generated = log
    by_id = {e["event_id"]: e for e in generated.events}
    assert len(by_id) == len(generated.records) == len(generated.events)
    for r in generated.records:
        e = by_id[r["eventID"]]
        when = dt.datetime.fromisoformat(r["eventTime"]).astimezone(dt.UTC)
        assert e["time"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert e["actor"] == _actor(r["userIdentity"])
        assert e["access_key"] == (r["userIdentity"].get("accessKeyId") or None)
        assert e["error"] == r.get("errorCode") and e["user_agent"] == r.get("userAgent")
    times = [(e["time"], e["event_id"]) for e in generated.events]
    assert times == sorted(times)
    assert [r["eventTime"] for r in generated.records] != sorted(
        r["eventTime"] for r in generated.records
    )


def test_the_log_has_the_quirks_the_exercises_teach(log):
    name, generated = log
    records = generated.records
    assert any(not r["eventTime"].endswith("Z") for r in records), "some times carry an offset"
    assert any("userAgent" not in r for r in records), "some records lack a user agent"
    assert any("errorCode" in r for r in records) and not any(
        r.get("errorCode") == "" for r in records
    )
    kinds = Counter(r["userIdentity"]["type"] for r in records)
    assert set(kinds) == {"IAMUser", "AssumedRole", "AWSService", "Root"}
    no_context = sum(
        1
        for r in records
        if r["userIdentity"]["type"] == "AssumedRole" and "sessionContext" not in r["userIdentity"]
    )
    blank = sum(1 for r in records if r["userIdentity"].get("accessKeyId") == "")
    if name == "hidden":
        assert no_context == 6 and blank == 5
    else:
        assert no_context == 0 and blank == 0, (
            "the visible log keeps those edge cases for hidden tests"
        )
    assert len(records) < 3000, "a few thousand records at most"


def test_only_reserved_values_appear(log):
    _, generated = log
    text = al.records_jsonl(generated)
    for address in set(re.findall(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", text)):
        ip = ipaddress.ip_address(address)
        assert any(ip in net for net in RESERVED), (
            f"{address} is not a documentation or private address"
        )
    accounts = re.findall(r'arn:aws:[a-z]+::(\d+):|"(?:recipientA|a)ccountId":"(\d+)"', text)
    assert {a or b for a, b in accounts} == {al.ACCOUNT}
    for key in set(re.findall(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", text)):
        assert "EXAMPLE" in key, f"{key} does not look obviously fake"


def test_the_attack_chain_is_labelled_and_in_order(log):
    _, generated = log
    by_id = {e["event_id"]: e for e in generated.events}
    steps = sorted(generated.labels.items(), key=lambda kv: (by_id[kv[0]]["time"], kv[0]))
    assert steps[0][1] == "initial-access"
    assert {s for _, s in steps} == {
        "initial-access",
        "discovery",
        "persistence",
        "defense-evasion",
    }
    first = by_id[steps[0][0]]
    assert first["ip"].startswith("203.0.113.") and first["access_key"].startswith("AKIA")
    assert first["time"] >= generated.scenario.baseline_end, "the attack comes after the baseline"
    created = [by_id[k]["created_key"] for k, s in steps if by_id[k]["name"] == "CreateAccessKey"]
    assert created and all(created), "persistence creates access keys"
    evasion = [by_id[k] for k, s in steps if s == "defense-evasion"]
    assert any(e["name"] in ("StopLogging", "DeleteTrail") and e["error"] is None for e in evasion)
    assert {r for r, _ in generated.alerts} <= {
        "unfamiliar-network",
        "discovery-burst",
        "access-key-created",
        "trail-tampering",
    }


def test_discovery_scores_count_distinct_names_in_a_trailing_window():
    events = [
        {"event_id": "a", "time": "2026-11-02T10:00:00Z", "access_key": "K", "name": "ListUsers"},
        {"event_id": "b", "time": "2026-11-02T10:05:00Z", "access_key": "K", "name": "ListUsers"},
        {
            "event_id": "c",
            "time": "2026-11-02T10:09:59Z",
            "access_key": "K",
            "name": "DescribeVpcs",
        },
        {"event_id": "d", "time": "2026-11-02T10:15:00Z", "access_key": "K", "name": "GetRole"},
        {
            "event_id": "e",
            "time": "2026-11-02T10:15:00Z",
            "access_key": "K",
            "name": "RunInstances",
        },
        {"event_id": "f", "time": "2026-11-02T10:15:00Z", "access_key": None, "name": "ListUsers"},
    ]
    # d: the window (10:05, 10:15] holds DescribeVpcs and GetRole; 10:05 itself is outside
    assert al.discovery_scores(events) == [["a", 1], ["b", 1], ["c", 2], ["d", 2]]


def test_pages_hold_the_edge_cases_the_hidden_tests_use():
    hidden = pg.generate(pg.HIDDEN)
    assert len({p["page_id"] for p in hidden}) == len(hidden)
    times = Counter((p["rule"], p["entity"], p["fired_at"]) for p in hidden)
    assert times[("disk-usage-80", "db-01", "2026-10-20T02:15:00Z")] == 2
    assert ("queue-depth", "email-queue", "2026-10-14T11:00:00Z") in times
    visible = pg.generate(pg.ASSIGNMENT)
    assert not any(p["fired_at"] == "2026-10-20T02:15:00Z" for p in visible)
    assert any(p["fired_at"].startswith("2026-10-27T07") for p in visible), (
        "a morning after the clocks went back"
    )


def test_the_trail_lookalikes_cover_every_case():
    records, cases = al.trail_lookalikes()
    assert len(records) == len(cases) == 15
    assert {r["eventID"] for r in records} == set(cases.values())
    assert sum(c.startswith("fire-") for c in cases) == 6


def test_the_rebuild_command_reports_and_writes(tmp_path, monkeypatch, capsys):
    (tmp_path / "curriculum").mkdir()
    (tmp_path / "curriculum" / "syllabus.yml").write_text("modules: []\n")
    monkeypatch.chdir(tmp_path)
    assert course_files.main([]) == 1
    assert course_files.main(["--write"]) == 0
    assert course_files.main([]) == 0
    written = tmp_path / "solutions" / course_files.MODULE_10 / "hidden" / "trail_cases.json"
    assert json.loads(written.read_text())
    assert course_files.main(["--bogus"]) == 2
    assert "usage" in capsys.readouterr().err
