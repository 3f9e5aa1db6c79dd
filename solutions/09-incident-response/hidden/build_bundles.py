"""Authoring tool for module 09: writes the incident bundles, the on-call history and the
labelled postmortems that the lesson and the assignment read.

Run it from the repository root after changing a story; it is deterministic (seeded), so the
files it writes only change when this script does:

    .venv/bin/python solutions/09-incident-response/hidden/build_bundles.py

It lives under hidden/ because it also writes the hidden fixtures (bundle-b, the hidden
labelled postmortems): nbgrader never releases this folder. Every host and domain is a
reserved example name (example.com, *.example.internal).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[3]
SOLUTION = ROOT / "solutions" / "09-incident-response"
LESSON = ROOT / "curriculum" / "09-incident-response"
HIDDEN = SOLUTION / "hidden"


def write_csv(frame: pd.DataFrame, *folders_and_name: tuple[Path, str]) -> None:
    for folder, name in folders_and_name:
        folder.mkdir(parents=True, exist_ok=True)
        frame.to_csv(folder / name, index=False, lineterminator="\n")


def write_json(data, *folders_and_name: tuple[Path, str]) -> None:
    for folder, name in folders_and_name:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(
            json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )


# --- metrics -------------------------------------------------------------------------------------


def metrics(seed, start, minutes, rpm_from, rpm_to, shape):
    """Per-minute checkout requests and errors; `shape` maps minute offsets to error ratios."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start, tz="UTC")
    rate = np.linspace(rpm_from, rpm_to, minutes)
    requests = rng.poisson(rate)
    p = np.full(minutes, 0.0015)
    for (a, b), value in shape.items():
        p[a:b] = value if np.isscalar(value) else np.linspace(value[0], value[1], b - a)
    errors = rng.binomial(requests, p)
    stamps = [int((t0 + pd.Timedelta(minutes=i)).timestamp()) for i in range(minutes)]
    return pd.DataFrame({"timestamp": stamps, "requests": requests, "errors": errors})


# --- bundle A: checkout, night of 24-25 October 2026 (EU clocks go back at 01:00 UTC) ----------


def bundle_a():
    pages = pd.DataFrame(
        [
            [
                "PG-88231",
                "INC-1025-1",
                "checkout",
                "CheckoutErrorBudgetBurnFast",
                "high",
                "2026-10-25T00:41:30Z",
                "2026-10-25T00:42:48Z",
                "2026-10-25T01:44:00Z",
                "Amara Okafor",
            ],
            [
                "PG-88232",
                "INC-1025-1",
                "payments-gateway",
                "PaymentsGatewayUpstreamTimeouts",
                "high",
                "2026-10-25T00:44:02Z",
                "",
                "2026-10-25T01:40:11Z",
                "Amara Okafor",
            ],
            [
                "PG-88233",
                "INC-1025-1",
                "checkout",
                "CheckoutErrorBudgetBurnSlow",
                "high",
                "2026-10-25T00:58:40Z",
                "2026-10-25T00:59:05Z",
                "2026-10-25T01:50:00Z",
                "Amara Okafor",
            ],
            [
                "PG-88234",
                "NOISE-1025",
                "batch",
                "DiskUsageWarning",
                "low",
                "2026-10-25T01:10:00Z",
                "2026-10-25T01:16:30Z",
                "2026-10-25T01:20:00Z",
                "Amara Okafor",
            ],
        ],
        columns=[
            "page_id",
            "incident_id",
            "service",
            "alert",
            "urgency",
            "created_at",
            "acknowledged_at",
            "resolved_at",
            "responder",
        ],
    )
    deploys = pd.DataFrame(
        [
            [
                "D-5100",
                "payments-gateway",
                "4.17.3",
                "deploy",
                "production",
                "2026-10-22T10:02:00-04:00",
                "2026-10-22T10:15:31-04:00",
                "payments-gateway 4.17.3: retry budget metrics",
            ],
            [
                "D-5101",
                "checkout",
                "7.14.0",
                "deploy",
                "production",
                "2026-10-24T14:05:12-04:00",
                "2026-10-24T14:19:40-04:00",
                "checkout 7.14.0: new address form",
            ],
            [
                "D-5102",
                "inventory",
                "3.9.1",
                "deploy",
                "production",
                "2026-10-24T19:50:03-04:00",
                "2026-10-24T19:58:12-04:00",
                "inventory 3.9.1: cache warm-up on start",
            ],
            [
                "D-5103",
                "payments-gateway",
                "4.18.0",
                "deploy",
                "production",
                "2026-10-24T20:20:41-04:00",
                "2026-10-24T20:31:09-04:00",
                "payments-gateway 4.18.0: connection pool max idle 50 -> 5, TLS session reuse off",
            ],
            [
                "D-5104",
                "checkout",
                "7.15.0",
                "deploy",
                "staging",
                "2026-10-24T20:29:10-04:00",
                "2026-10-24T20:33:02-04:00",
                "checkout 7.15.0: saved carts (staging)",
            ],
            [
                "D-5105",
                "search",
                "2.3.1",
                "deploy",
                "production",
                "2026-10-24T20:33:10-04:00",
                "2026-10-24T20:40:45-04:00",
                "search 2.3.1: synonym list update",
            ],
            [
                "D-5106",
                "inventory",
                "3.9.2",
                "deploy",
                "production",
                "2026-10-24T20:41:55-04:00",
                "2026-10-24T20:49:30-04:00",
                "inventory 3.9.2: fix cache warm-up log level",
            ],
            [
                "D-5107",
                "checkout",
                "config-0412",
                "config",
                "production",
                "2026-10-24T21:12:00-04:00",
                "2026-10-24T21:12:40-04:00",
                "checkout config: payment client timeout 2s -> 5s",
            ],
            [
                "D-5108",
                "payments-gateway",
                "4.17.3",
                "rollback",
                "production",
                "2026-10-24T21:31:02-04:00",
                "2026-10-24T21:37:20-04:00",
                "payments-gateway rollback 4.18.0 -> 4.17.3",
            ],
        ],
        columns=[
            "deploy_id",
            "service",
            "version",
            "kind",
            "environment",
            "started_at",
            "finished_at",
            "change",
        ],
    )
    zone = "Europe/Berlin"
    chat = pd.DataFrame(
        [
            [
                "2026-10-25 02:43:05",
                zone,
                "Amara Okafor",
                "Acked the checkout burn-rate page. Checkout errors are around 8% and climbing.",
            ],
            [
                "2026-10-25 02:46:30",
                zone,
                "Amara Okafor",
                "Declaring an incident; I am incident commander for now. Live doc: https://docs.example.internal/incidents/2026-10-25-checkout",
            ],
            ["2026-10-25 02:49:12", zone, "Jonas Weber", "Joining. I can be ops lead."],
            [
                "2026-10-25 02:50:02",
                zone,
                "Amara Okafor",
                "Jonas is ops lead. Lucía, can you take communications and the status page?",
            ],
            [
                "2026-10-25 02:53:40",
                zone,
                "Lucía Fernández",
                "Comms lead here. Drafting the first status page update.",
            ],
            [
                "2026-10-25 02:56:18",
                zone,
                "Jonas Weber",
                "payments-gateway 4.18.0 went to production at 02:20 our time and checkout errors began at 02:34. Looking at the gateway.",
            ],
            [
                "2026-10-25 02:59:10",
                zone,
                "Lucía Fernández",
                "Status page is up: customers may see failed payments at checkout.",
            ],
            [
                "2026-10-25 02:04:12",
                zone,
                "Jonas Weber",
                "Gateway connection pool is exhausted: max idle connections is 5 since 4.18.0, it was 50.",
            ],
            [
                "2026-10-25 02:12:30",
                zone,
                "Amara Okafor",
                "Checkout's payment client timeout raised to 5s as a stopgap; no improvement yet.",
            ],
            [
                "2026-10-25 02:18:45",
                zone,
                "Jonas Weber",
                "Proposing a rollback of payments-gateway to 4.17.3. IC, ok?",
            ],
            [
                "2026-10-25 02:19:20",
                zone,
                "Amara Okafor",
                "Approved, roll back. Lucía, please update the status page: cause identified.",
            ],
            ["2026-10-25 02:31:10", zone, "Jonas Weber", "Rollback of payments-gateway started."],
            [
                "2026-10-25 02:39:00",
                zone,
                "Jonas Weber",
                "Checkout error ratio is back under 1%. Holding.",
            ],
            ["2026-10-25 02:52:30", zone, "Lucía Fernández", "Status page moved to monitoring."],
            [
                "2026-10-25 03:36:20",
                zone,
                "Lucía Fernández",
                "Status page marked resolved after 30 minutes at normal error rates.",
            ],
            [
                "2026-10-25 03:41:00",
                zone,
                "Amara Okafor",
                "Closing the incident. I keep the pager until 07:00 UTC; Jonas owns the postmortem draft, due Friday.",
            ],
        ],
        columns=["time", "zone", "author", "text"],
    )
    status = pd.DataFrame(
        [
            [
                "Oct 24, 2026 - 17:58 PDT",
                "investigating",
                "We are investigating failed payments at checkout on shop.example.com.",
            ],
            [
                "Oct 24, 2026 - 18:25 PDT",
                "identified",
                "The cause has been identified in a payment dependency and a fix is being applied.",
            ],
            [
                "Oct 24, 2026 - 18:52 PDT",
                "monitoring",
                "A fix has been applied and checkout is working normally. We are monitoring.",
            ],
            ["Oct 24, 2026 - 19:35 PDT", "resolved", "This incident has been resolved."],
        ],
        columns=["posted", "state", "message"],
    )
    # 22:00 to 04:00 UTC; minute 0 is 22:00. Impact 00:34 (154) to 01:38 (218).
    shape = {
        (72, 74): 0.06,  # a two-minute blip at 23:12: too short to be an incident
        (154, 160): (0.05, 0.11),
        (160, 184): (0.11, 0.16),
        (184, 185): 0.004,  # one quiet minute inside the incident (01:04)
        (185, 211): (0.15, 0.13),
        (211, 218): (0.12, 0.05),
    }
    m = metrics(2510, "2026-10-24 22:00", 360, 620, 260, shape)
    service = {
        "service": "checkout",
        "depends_on": ["payments-gateway", "inventory", "session-store"],
        "incident_id": "INC-1025-1",
        "slo": 0.999,
        "slo_window_days": 30,
        "window_requests": 18_400_000,
        "error_threshold": 0.02,
        "min_minutes": 3,
    }
    return {
        "pages": pages,
        "deploys": deploys,
        "chat": chat,
        "status": status,
        "metrics": m,
        "service": service,
    }


# --- bundle B (hidden): search, 1 November 2026 (US clocks go back at 06:00 and 09:00 UTC) -----


def bundle_b():
    pages = pd.DataFrame(
        [
            [
                "PG-90410",
                "INC-1101-2",
                "search",
                "SearchLatencyP99High",
                "high",
                "2026-11-01T05:47:09.512Z",
                "2026-11-01T05:51:40Z",
                "2026-11-01T06:40:00Z",
                "Lucía Fernández",
            ],
            [
                "PG-90411",
                "INC-1101-2",
                "search",
                "SearchErrorBudgetBurnFast",
                "high",
                "2026-11-01T05:49:30Z",
                "2026-11-01T05:50:02Z",
                "2026-11-01T06:41:00Z",
                "Lucía Fernández",
            ],
        ],
        columns=[
            "page_id",
            "incident_id",
            "service",
            "alert",
            "urgency",
            "created_at",
            "acknowledged_at",
            "resolved_at",
            "responder",
        ],
    )
    deploys = pd.DataFrame(
        [
            [
                "D-6200",
                "search-index",
                "9.1.0",
                "deploy",
                "production",
                "2026-11-01T05:02:10+01:00",
                "2026-11-01T05:20:44+01:00",
                "search-index 9.1.0: shard rebalancing",
            ],
            [
                "D-6201",
                "search",
                "2.4.0",
                "deploy",
                "production",
                "2026-11-01T06:44:00+01:00",
                "2026-11-01T06:52:10+01:00",
                "search 2.4.0: query rewriting",
            ],
            [
                "D-6202",
                "checkout",
                "7.16.0",
                "deploy",
                "production",
                "2026-11-01T06:38:00+01:00",
                "2026-11-01T06:45:00+01:00",
                "checkout 7.16.0: saved carts",
            ],
            [
                "D-6203",
                "search-index",
                "9.0.4",
                "rollback",
                "production",
                "2026-11-01T07:12:00+01:00",
                "2026-11-01T07:20:00+01:00",
                "search-index rollback 9.1.0 -> 9.0.4",
            ],
        ],
        columns=[
            "deploy_id",
            "service",
            "version",
            "kind",
            "environment",
            "started_at",
            "finished_at",
            "change",
        ],
    )
    zone = "America/New_York"
    chat = pd.DataFrame(
        [
            ["2026-11-01 01:50:20", zone, "Lucía Fernández", "Acked. Search p99 is at 4 seconds."],
            ["2026-11-01 01:55:00", zone, "Lucía Fernández", "Declaring an incident, I am IC."],
            ["2026-11-01 01:58:30", zone, "Sam Chen", "I will be ops lead."],
            [
                "2026-11-01 01:05:10",
                zone,
                "Sam Chen",
                "Shard rebalancing in search-index 9.1.0 is moving hot shards during peak.",
            ],
            ["2026-11-01 01:12:40", zone, "Lucía Fernández", "Roll back search-index, please."],
            ["2026-11-01 01:59:59", zone, "Sam Chen", "Latency normal for 30 minutes."],
            ["2026-11-01 02:10:00", zone, "Lucía Fernández", "Closing the incident."],
        ],
        columns=["time", "zone", "author", "text"],
    )
    status = pd.DataFrame(
        [
            ["Oct 31, 2026 - 22:56 PDT", "investigating", "Search is slow for some customers."],
            ["Oct 31, 2026 - 23:30 PDT", "resolved", "A fix is in place and search is fast again."],
            [
                "Nov 1, 2026 - 01:50 PDT",
                "investigating",
                "Search is slow again for some customers.",
            ],
            ["Nov 1, 2026 - 01:20 PST", "resolved", "This incident has been resolved."],
        ],
        columns=["posted", "state", "message"],
    )
    shape = {(100, 145): (0.04, 0.09), (145, 150): 0.01, (150, 160): 0.03}
    m = metrics(1101, "2026-11-01 04:00", 240, 300, 380, shape)
    return {"pages": pages, "deploys": deploys, "chat": chat, "status": status, "metrics": m}


# --- on-call history: four weeks of a naive round-robin rotation ---------------------------------

PEOPLE = {
    "Amara Okafor": "Europe/Berlin",
    "Sam Chen": "America/Los_Angeles",
    "Priya Raman": "Asia/Kolkata",
    "Lucía Fernández": "America/New_York",
    "Jonas Weber": "Europe/Berlin",
    "Dana Kim": "America/Los_Angeles",
}


def oncall_history(seed=1012):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-10-12 07:00", tz="UTC")
    names = list(PEOPLE)
    shifts = []
    for i in range(56):
        s = start + pd.Timedelta(hours=12 * i)
        person = names[i % len(names)]
        shifts.append(
            [
                s.strftime("%Y-%m-%dT%H:%MZ"),
                (s + pd.Timedelta(hours=12)).strftime("%Y-%m-%dT%H:%MZ"),
                person,
                PEOPLE[person],
            ]
        )
    # Sam and Amara swapped on 24 October, so Amara (Berlin) held the pager that night
    for i, person in ((24, "Sam Chen"), (25, "Amara Okafor")):
        shifts[i][2:] = [person, PEOPLE[person]]
    rotation = pd.DataFrame(shifts, columns=["start", "end", "person", "zone"])

    rows = []
    counter = 0

    def page(t, alert, service, incident, actionable, urgency="high"):
        nonlocal counter
        counter += 1
        rows.append([f"PG-{70000 + counter}", t, alert, service, incident, actionable, urgency])

    # real incidents: more of them when traffic is high (12:00-22:00 UTC)
    alerts = [
        ("CheckoutErrorBudgetBurnFast", "checkout"),
        ("PaymentsGatewayUpstreamTimeouts", "payments-gateway"),
        ("SearchLatencyP99High", "search"),
        ("InventorySyncLag", "inventory"),
        ("SessionStoreEvictions", "session-store"),
        ("CheckoutErrorBudgetBurnSlow", "checkout"),
    ]
    end = start + pd.Timedelta(days=28)
    t = start
    k = 0
    while True:
        t = t + pd.Timedelta(hours=float(rng.exponential(16)))
        if t >= end:
            break
        hour = t.hour + t.minute / 60
        if not (10 <= hour < 23) and rng.random() < 0.55:
            continue  # quieter at night
        k += 1
        incident = f"INC-{t:%m%d}-{k}"
        alert, service = alerts[int(rng.integers(len(alerts)))]
        n = 1 + int(rng.poisson(0.9))
        for j in range(n):
            page(
                t + pd.Timedelta(minutes=float(j * rng.uniform(4, 25))),
                alert if j == 0 else alerts[int(rng.integers(len(alerts)))][0],
                service,
                incident,
                True,
            )
    # the bundle's incident, as the paging system recorded it
    for when, alert in [
        ("2026-10-25 00:41:30", "CheckoutErrorBudgetBurnFast"),
        ("2026-10-25 00:44:02", "PaymentsGatewayUpstreamTimeouts"),
        ("2026-10-25 00:58:40", "CheckoutErrorBudgetBurnSlow"),
    ]:
        page(pd.Timestamp(when, tz="UTC"), alert, "checkout", "INC-1025-1", True)
    # noise: a nightly backup fills a disk on batch-01 for a while; nobody needs to act
    for day in range(28):
        if rng.random() < 0.65:
            t0 = start.normalize() + pd.Timedelta(
                days=day, hours=3, minutes=float(rng.uniform(0, 50))
            )
            for j in range(1 + int(rng.integers(3))):
                page(
                    t0 + pd.Timedelta(minutes=12 * j),
                    "DiskUsageWarning",
                    "batch",
                    f"NOISE-{t0:%m%d}",
                    False,
                    "low",
                )
    # noise: a certificate-expiry warning that re-fires every morning for a week
    for day in range(9, 16):
        t0 = start.normalize() + pd.Timedelta(days=day, hours=9, minutes=5)
        page(t0, "CertificateExpiresIn30Days", "edge", "NOISE-CERT", False, "low")
    pages = pd.DataFrame(
        rows,
        columns=[
            "page_id",
            "created_at",
            "alert",
            "service",
            "incident_id",
            "actionable",
            "urgency",
        ],
    )
    pages = pages.sort_values("created_at", kind="stable").reset_index(drop=True)
    pages["page_id"] = [f"PG-{70001 + i}" for i in range(len(pages))]
    pages["created_at"] = pages["created_at"].map(lambda x: x.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return pages, rotation


# --- labelled postmortems -------------------------------------------------------------------------

FIRST = ["Amara", "Jonas", "Lucía", "Sam", "Priya", "Dana", "Mateus", "Ines"]
LAST = ["Okafor", "Weber", "Fernández", "Chen", "Raman", "Kim", "Costa", "Duarte"]
TEAMS = ["payments", "storefront", "search", "platform"]
SERVICES = ["checkout", "payments-gateway", "inventory", "search", "session-store", "edge"]

NEUTRAL = [
    "{first} acknowledged the page at {hm} UTC.",
    "{full} rolled back {svc} to the previous release.",
    "{first} noticed the error ratio rising on the dashboard and declared an incident.",
    "{first} failed over the primary database to the replica in {mins} minutes.",
    "{first} was paged, but the page went to a phone number that was no longer in use.",
    "{first}'s change to the pool size had been reviewed and approved by two people.",
    "{full} asked the {team} team for help and they joined within {mins} minutes.",
    "{first} confirmed that nobody forgot a step: the checklist itself had no item for the pool size.",
    "In the review, {full} proposed that we should have a canary stage for configuration changes.",
    "{first} took over as incident commander at {hm} UTC with an explicit handoff.",
]
NEUTRAL_SYSTEM = [
    "The deploy failed to start on two of six hosts.",
    "The alert threshold was tuned for a busier service, so the page came late.",
    "The runbook for {svc} did not mention the connection pool.",
    "Monitoring failed to page because the notification policy had expired.",
    "A wrong default in {svc} shipped because no test covered it.",
    "Nothing in the deploy pipeline compared the new pool size with the old one.",
    "The status page was updated {mins} minutes after the first page.",
    "Retries from {svc} doubled the load on the gateway.",
]
BLAME = [
    "{first} forgot to check the connection pool settings before deploying.",
    "The outage happened because {full} was careless with the configuration.",
    "{first} should have known better than to deploy on a Saturday night.",
    "{full} ignored the warning from the configuration linter.",
    "It was {first}'s fault that the rollback took {mins} minutes.",
    "{first} failed to follow the deploy checklist.",
    "Root cause: human error by {full}.",
    "{first} didn't bother to read the runbook.",
    "{first} made a sloppy change to the load balancer.",
    "The {team} team was careless and shipped an untested change.",
    "The {team} team failed to review the change properly.",
]
BLAME_UNNAMED = [  # blame that a list of names cannot see
    "The on-call engineer should have noticed the alert sooner.",
    "Somebody on the night shift clearly did not care.",
]


def postmortems(seed, n, blame_places):
    rng = np.random.default_rng(seed)
    out, labels = [], {}
    for i in range(n):
        pick = rng.choice(len(FIRST), size=3, replace=False)
        people = [f"{FIRST[j]} {LAST[j]}" for j in pick]
        team = TEAMS[int(rng.integers(len(TEAMS)))]
        svc = SERVICES[int(rng.integers(len(SERVICES)))]

        def fill(template, pick=pick, team=team, svc=svc):
            j = pick[int(rng.integers(3))]
            return template.format(
                first=FIRST[j],
                full=f"{FIRST[j]} {LAST[j]}",
                team=team,
                svc=svc,
                hm=f"{int(rng.integers(24)):02d}:{int(rng.integers(60)):02d}",
                mins=int(rng.integers(4, 50)),
            )

        def neutral():
            # the tricky sentences (a name next to "forgot", "failed" or "should have") are rarer
            weights = np.array([0.25 if k in (3, 7, 8) else 1.0 for k in range(len(NEUTRAL))])
            return fill(NEUTRAL[int(rng.choice(len(NEUTRAL), p=weights / weights.sum()))])

        issues = set()
        day = pd.Timestamp("2026-09-01") + pd.Timedelta(days=int(rng.integers(80)))
        pm = {
            "id": f"PM-{seed % 100:02d}{i + 1:02d}",
            "title": f"{svc} errors on {day:%Y-%m-%d}",
            "people": people,
            "teams": [team, "platform" if team != "platform" else "storefront"],
            "summary": f"{svc} failed requests for {int(rng.integers(10, 120))} minutes. "
            + fill(NEUTRAL_SYSTEM[int(rng.integers(len(NEUTRAL_SYSTEM)))]),
            "impact": f"About {int(rng.integers(1, 30))}% of {svc} requests failed; {int(rng.integers(100, 9000))} customers saw errors.",
            "timeline": [
                {
                    "time": f"{day:%Y-%m-%d}T{int(rng.integers(10, 20)):02d}:{int(rng.integers(60)):02d}Z",
                    "event": neutral(),
                }
                for _ in range(int(rng.integers(3, 6)))
            ],
            "contributing_factors": [
                fill(NEUTRAL_SYSTEM[int(rng.integers(len(NEUTRAL_SYSTEM)))])
                for _ in range(int(rng.integers(1, 3)))
            ],
            "action_items": [],
        }
        pm["timeline"].sort(key=lambda e: e["time"])
        # a few neutral sentences that name people, including the tricky ones
        pm["contributing_factors"].append(neutral())
        for k in range(int(rng.integers(1, 4))):
            owner = people[int(rng.integers(3))]
            due = (day + pd.Timedelta(days=int(rng.integers(7, 40)))).strftime("%Y-%m-%d")
            pm["action_items"].append(
                {"action": f"Add a check for {svc} setting {k + 1}", "owner": owner, "due": due}
            )
        # structural problems
        if rng.random() < 0.2:
            kind = int(rng.integers(3))
            if kind == 0:
                del pm["impact"]
            elif kind == 1:
                pm["impact"] = "   "
            else:
                pm["impact"] = None
            issues.add("missing-impact")
        if rng.random() < 0.2:
            if rng.random() < 0.5:
                del pm["timeline"]
            else:
                pm["timeline"] = []
            issues.add("missing-timeline")
        if rng.random() < 0.3:
            item = pm["action_items"][int(rng.integers(len(pm["action_items"])))]
            kind = int(rng.integers(3))
            if kind == 0:
                del item["owner"]
            elif kind == 1:
                item["owner"] = ""
            else:
                item["owner"] = None
            issues.add("action-without-owner")
        if rng.random() < 0.3:
            item = pm["action_items"][int(rng.integers(len(pm["action_items"])))]
            kind = int(rng.integers(4))
            if kind == 0:
                del item["due"]
            elif kind == 1:
                item["due"] = ""
            elif kind == 2:
                item["due"] = ["soon", "next sprint", "Q4", "ASAP", "TBD"][int(rng.integers(5))]
            else:
                item["due"] = None
            issues.add("action-without-due-date")
        r = rng.random()
        if r < 0.42:
            where = blame_places[int(rng.integers(len(blame_places)))]
            if where == "timeline" and not pm.get("timeline"):
                where = "factors"
            sentence = fill(BLAME[int(rng.integers(len(BLAME)))])
            if where == "summary":
                pm["summary"] += " " + sentence
            elif where == "timeline":
                pm["timeline"][int(rng.integers(len(pm["timeline"])))]["event"] += " " + sentence
            elif where == "action":
                pm["action_items"][0]["action"] += ". " + sentence
            else:
                pm["contributing_factors"].insert(0, sentence)
            issues.add("blame")
        elif r < 0.48:
            pm["contributing_factors"].append(BLAME_UNNAMED[int(rng.integers(len(BLAME_UNNAMED)))])
            issues.add("blame")
        out.append(pm)
        labels[pm["id"]] = sorted(issues)
    return {"postmortems": out, "labels": labels}


def main() -> None:
    a = bundle_a()
    for name in ("pages", "deploys", "chat", "status", "metrics"):
        write_csv(a[name], (SOLUTION / "bundle", f"{name}.csv"), (LESSON / "bundle", f"{name}.csv"))
    write_json(
        a["service"], (SOLUTION / "bundle", "service.json"), (LESSON / "bundle", "service.json")
    )
    b = bundle_b()
    for name in ("pages", "deploys", "chat", "status", "metrics"):
        write_csv(b[name], (HIDDEN / "bundle-b", f"{name}.csv"))
    pages, rotation = oncall_history()
    write_csv(pages, (SOLUTION, "oncall-pages.csv"), (LESSON, "oncall-pages.csv"))
    write_csv(rotation, (SOLUTION, "oncall-rotation.csv"), (LESSON, "oncall-rotation.csv"))
    visible = postmortems(2026, 30, ["factors", "factors", "factors", "summary"])
    write_json(visible, (SOLUTION, "postmortems.json"), (LESSON, "postmortems.json"))
    write_json(
        postmortems(4242, 30, ["factors", "summary", "timeline", "action"]),
        (HIDDEN, "postmortems.json"),
    )


if __name__ == "__main__":
    main()
