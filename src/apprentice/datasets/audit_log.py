"""A synthetic cloud audit log: CloudTrail-shaped records with a labelled attack chain.

Module 10 (detection and observability) reads it. One :class:`Scenario` describes a small
company's account over a few days: five engineers who sign in to the console and use the CLI,
a CI role that runs Terraform, a configuration auditor, an autoscaling service, a key-rotation
job and a trail administrator, and one attacker who uses an engineer's leaked access key.
:func:`generate` turns it into

- ``records``: the raw records as a merged export would hold them (CloudTrail field names,
  nested ``userIdentity``, optional fields missing rather than empty, and one collector that
  wrote ``eventTime`` in its host's local time with an offset), in delivery order;
- ``events``: the same calls, flat, in UTC and time order (what Exercise 1 asks a learner to
  produce), so later exercises do not depend on a learner's parser;
- ``labels``: the attacker's events, each with its step of the chain;
- ``alerts``: what the course's detection pipeline raised (rule, event id).

Only reserved values are used: documentation address ranges (RFC 5737), a private build
network, account 123456789012 and access key ids that contain ``EXAMPLE``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field

from . import activity
from .cloudtrail import (
    ACCOUNT,
    DISCOVERY_PREFIXES,
    RECON_APIS,
    UTC,
    Builder,
    day_start,
    iso,
    long_term_key,
    parse,
)


@dataclass(frozen=True)
class Attack:
    """The attacker's chain: a leaked key, reconnaissance, a new key, logging stopped."""

    victim: str = "dan"
    start: str = "2026-11-10T02:14:07Z"
    ips: tuple[str, str] = ("203.0.113.77", "203.0.113.78")
    user_agent: str = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8 lang/python#3.12.3"
    recon_calls: int = 24
    # "other-user": a key for an existing user; "new-user": CreateUser, then a key for it
    persistence: str = "other-user"
    target: str = "alice"
    second_key_for: str | None = None  # the new key creates one more key, for this user
    evasion: str = "StopLogging"  # or "DeleteTrail"
    failed_evasion_first: bool = True  # the leaked key tries first and is denied
    new_key_first_call: str = "evasion"  # "evasion" or "identity" (GetCallerIdentity first)


@dataclass(frozen=True)
class Scenario:
    seed: int
    start: str = "2026-11-02"  # a Monday; every time in the log is UTC
    days: int = 10
    baseline_days: int = 5
    collector_offset: str = "+01:00"  # the second collector's local offset
    collector_share: float = 0.2
    attack: Attack = field(default_factory=Attack)
    travel: tuple[str, int, str] = ("bob", 7, "203.0.113.140")  # user, day index, address
    rotate: tuple[str, int] = ("alice", 7)  # the rotation job replaces this user's key that day
    own_key: tuple[str, int] = ("carol", 2)  # this user creates a key for themself that day
    trail_admin_day: int = 8
    root_day: int = 6
    # edge cases for parsers: role sessions without sessionContext, empty accessKeyId
    missing_session_context: int = 0
    empty_key_ids: int = 0
    recon_threshold: int = 20

    @property
    def baseline_end(self) -> str:
        return iso(day_start(self, self.baseline_days))


@dataclass
class AuditLog:
    scenario: Scenario
    records: list[dict]
    events: list[dict]
    labels: dict[str, str]
    alerts: list[list[str]]


def _attack(b: Builder) -> None:
    a = b.s.attack
    t = parse(a.start)
    key = b.keys[a.victim]
    me = b.user(a.victim, key)
    ip1, ip2 = a.ips

    def step(seconds: tuple[int, int]) -> dt.datetime:
        nonlocal t
        t = t + dt.timedelta(seconds=b.rng.randint(*seconds))
        return t

    first = b.call(
        t,
        me,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        ip=ip1,
        agent=a.user_agent,
        step="initial-access",
    )
    b.tag(first, "unfamiliar-network")
    apis = b.rng.sample(RECON_APIS, min(a.recon_calls, len(RECON_APIS)))
    while len(apis) < a.recon_calls:
        apis.append(b.rng.choice(RECON_APIS))
    for source, api in apis:
        b.call(
            step((4, 25)),
            me,
            source,
            api,
            ip=ip1,
            agent=a.user_agent,
            error=b.denied(0.2),
            step="discovery",
        )
    if a.failed_evasion_first:
        eid = b.call(
            step((20, 60)),
            me,
            "cloudtrail.amazonaws.com",
            a.evasion,
            ip=ip1,
            agent=a.user_agent,
            error="AccessDenied",
            params={"name": "org-trail"},
            step="defense-evasion",
        )
        b.tag(eid, "trail-tampering")
    target = a.target
    if a.persistence == "new-user":
        b.call(
            step((20, 90)),
            me,
            "iam.amazonaws.com",
            "CreateUser",
            ip=ip1,
            agent=a.user_agent,
            params={"userName": target},
            response={"user": {"userName": target, "arn": f"arn:aws:iam::{ACCOUNT}:user/{target}"}},
            step="persistence",
        )
    new = b.new_key()
    eid = b.call(
        step((20, 90)),
        me,
        "iam.amazonaws.com",
        "CreateAccessKey",
        ip=ip1,
        agent=a.user_agent,
        params={"userName": target},
        response={
            "accessKey": {
                "accessKeyId": new,
                "status": "Active",
                "userName": target,
                "createDate": iso(t),
            }
        },
        step="persistence",
    )
    b.tag(eid, "access-key-created")
    actor_key, actor = new, target
    if a.second_key_for:
        step((300, 900))
        ident = b.user(actor, actor_key)
        eid = b.call(
            t,
            ident,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            ip=ip2,
            agent=a.user_agent,
            step="discovery",
        )
        b.tag(eid, "unfamiliar-network")
        newer = b.new_key()
        eid = b.call(
            step((30, 120)),
            ident,
            "iam.amazonaws.com",
            "CreateAccessKey",
            ip=ip2,
            agent=a.user_agent,
            params={"userName": a.second_key_for},
            response={
                "accessKey": {
                    "accessKeyId": newer,
                    "status": "Active",
                    "userName": a.second_key_for,
                    "createDate": iso(t),
                }
            },
            step="persistence",
        )
        b.tag(eid, "access-key-created")
        actor_key, actor = newer, a.second_key_for
    step((600, 1500))
    ident = b.user(actor, actor_key)
    if a.new_key_first_call == "identity":
        eid = b.call(
            t,
            ident,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            ip=ip2,
            agent=a.user_agent,
            step="discovery",
        )
        b.tag(eid, "unfamiliar-network")
        step((10, 40))
    eid = b.call(
        t,
        ident,
        "cloudtrail.amazonaws.com",
        a.evasion,
        ip=ip2,
        agent=a.user_agent,
        params={"name": "org-trail"},
        step="defense-evasion",
    )
    if a.new_key_first_call != "identity":
        b.tag(eid, "unfamiliar-network")
    b.tag(eid, "trail-tampering")
    for source, api in b.rng.sample(RECON_APIS[8:11], 3):
        b.call(step((5, 20)), ident, source, api, ip=ip2, agent=a.user_agent, step="discovery")


def _edge_cases(b: Builder) -> None:
    """Parser edge cases: drop sessionContext from some role records, blank some key ids."""
    roles = [r for _, r in b.records if r["userIdentity"]["type"] == "AssumedRole"]
    for record in b.rng.sample(roles, b.s.missing_session_context):
        del record["userIdentity"]["sessionContext"]
    consoles = [
        r
        for _, r in b.records
        if r["eventName"] == "ConsoleLogin" and r["userIdentity"]["type"] == "IAMUser"
    ]
    for record in b.rng.sample(consoles, b.s.empty_key_ids):
        ident = record["userIdentity"]
        record["userIdentity"] = {
            **{k: v for k, v in ident.items() if k != "userName"},
            "accessKeyId": "",
            "userName": ident["userName"],
        }


def discovery_scores(events: list[dict], window_minutes: int = 10) -> list[list]:
    """[event_id, score] for every discovery call made with an access key.

    The score of a call is the number of distinct discovery API names the same access key
    called in the window (t - window, t], the call itself included.
    """
    window = dt.timedelta(minutes=window_minutes)
    by_key: dict[str, list[tuple[dt.datetime, str, str]]] = {}
    for e in events:
        if e["access_key"] and e["name"].startswith(DISCOVERY_PREFIXES):
            by_key.setdefault(e["access_key"], []).append(
                (parse(e["time"]), e["event_id"], e["name"])
            )
    out = []
    for calls in by_key.values():
        calls.sort()
        for t, event_id, _ in calls:
            names = {n for u, _, n in calls if t - window < u <= t}
            out.append([event_id, len(names)])
    return sorted(out)


def generate(scenario: Scenario) -> AuditLog:
    b = Builder(scenario)
    activity.humans(b)
    activity.ci_and_auditor(b)
    activity.admin_events(b)
    # the leaked key was used normally during the baseline: make sure it was
    _attack(b)
    _edge_cases(b)
    events = sorted(b.events, key=lambda e: (e["time"], e["event_id"]))
    records = [r for _, r in sorted(b.records, key=lambda x: (x[0], x[1]["eventID"]))]
    alerts = [[rule, eid] for eid, rules in b.tags.items() for rule in rules]
    scores = dict((eid, score) for eid, score in discovery_scores(events))
    for e in events:
        if scores.get(e["event_id"], 0) >= scenario.recon_threshold:
            alerts.append(["discovery-burst", e["event_id"]])
    return AuditLog(scenario, records, events, dict(sorted(b.labels.items())), sorted(alerts))


def trail_lookalikes(seed: int = 404) -> tuple[list[dict], dict[str, str]]:
    """Hand-picked CloudTrail calls around trails, for grading a trail-tampering rule.

    Returns the raw records and a map from a case name to its event id. Cases starting with
    ``fire-`` should be caught by a rule for "someone stopped or deleted a trail, unless the
    trail-admin role did it from the build network"; cases starting with ``quiet-`` should not.
    """
    s = Scenario(seed=seed, collector_share=0.3)
    b = Builder(s)
    t = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    attacker = b.user("erin", long_term_key("erin"))
    admin = b.role("trail-admin", "change-4711", b.session_key())
    ci = b.role("ci-deployer", "gha-5150", b.session_key())
    auditor = b.role("config-auditor", "audit-424242", b.session_key())
    ua = "aws-cli/2.17.12 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6"
    trail = {"name": "org-trail"}
    cases = [
        ("fire-delete-by-attacker", attacker, "DeleteTrail", "203.0.113.60", None),
        ("fire-failed-stop-by-attacker", attacker, "StopLogging", "203.0.113.60", "AccessDenied"),
        ("fire-admin-outside-build-network", admin, "StopLogging", "203.0.113.61", None),
        ("fire-other-role-inside-build-network", ci, "StopLogging", "10.20.1.77", None),
        ("fire-admin-delete-outside-build-network", admin, "DeleteTrail", "192.0.2.44", None),
        ("quiet-admin-stop-in-build-network", admin, "StopLogging", "10.20.9.15", None),
        ("quiet-admin-delete-in-build-network", admin, "DeleteTrail", "10.20.200.3", None),
        ("quiet-start-logging", attacker, "StartLogging", "203.0.113.60", None),
        ("quiet-update-trail", attacker, "UpdateTrail", "203.0.113.60", None),
        ("quiet-create-trail", admin, "CreateTrail", "10.20.9.15", None),
        ("quiet-describe-trails", auditor, "DescribeTrails", "10.20.5.20", None),
        ("quiet-trail-status", auditor, "GetTrailStatus", "10.20.5.20", None),
        ("quiet-lookup-events", attacker, "LookupEvents", "203.0.113.60", None),
        ("quiet-event-selectors", attacker, "PutEventSelectors", "203.0.113.60", None),
        # Last, so the earlier cases keep their ids: the trail-admin role in 10.0.0.0/8 but
        # outside the build network 10.20.0.0/16 (catches a planned change written as 10.0.0.0/8).
        ("fire-admin-elsewhere-in-private-network", admin, "StopLogging", "10.30.4.12", None),
    ]
    ids = {}
    for i, (case, ident, name, ip, error) in enumerate(cases):
        ids[case] = b.call(
            t + dt.timedelta(minutes=7 * i),
            ident,
            "cloudtrail.amazonaws.com",
            name,
            ip=ip,
            agent=ua,
            error=error,
            params=trail,
        )
    records = [r for _, r in sorted(b.records, key=lambda x: (x[0], x[1]["eventID"]))]
    return records, ids


# -- files --------------------------------------------------------------------------------------


def records_jsonl(log: AuditLog) -> str:
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in log.records)


def events_jsonl(log: AuditLog) -> str:
    return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in log.events)


def labels_csv(log: AuditLog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["event_id", "step"])
    writer.writerows(sorted(log.labels.items()))
    return out.getvalue()


def alerts_csv(log: AuditLog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rule", "event_id"])
    writer.writerows(log.alerts)
    return out.getvalue()


def files(log: AuditLog, stem: str = "audit") -> dict[str, str]:
    """File name -> text of everything a module ships for one log."""
    return {
        f"{stem}_log.jsonl": records_jsonl(log),
        f"{stem}_events.jsonl": events_jsonl(log),
        f"{stem}_labels.csv": labels_csv(log),
        f"{stem}_alerts.csv": alerts_csv(log),
    }


def digest(log: AuditLog) -> str:
    """sha256 over every file of the log: pins the generator's output in tests."""
    h = hashlib.sha256()
    for name, text in sorted(files(log).items()):
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


# -- the scenarios the course ships ------------------------------------------------------------

LESSON = Scenario(seed=2024)
ASSIGNMENT = Scenario(seed=1010)
HIDDEN = Scenario(
    seed=7331,
    start="2026-11-16",
    days=9,
    baseline_days=4,
    collector_offset="-05:00",
    collector_share=0.25,
    attack=Attack(
        victim="carol",
        start="2026-11-21T22:41:53Z",
        ips=("203.0.113.9", "203.0.113.10"),
        user_agent="aws-cli/1.29.0 Python/3.10.12 Linux/5.15.0 botocore/1.31.0",
        recon_calls=22,
        persistence="new-user",
        target="svc-backup",
        second_key_for="erin",
        evasion="DeleteTrail",
        failed_evasion_first=False,
        new_key_first_call="identity",
    ),
    travel=("erin", 5, "203.0.113.200"),
    rotate=("bob", 4),
    own_key=("dan", 1),
    trail_admin_day=6,
    root_day=5,
    missing_session_context=6,
    empty_key_ids=5,
)

SCENARIOS = {"lesson": LESSON, "assignment": ASSIGNMENT, "hidden": HIDDEN}
