"""A synthetic month of pages for an on-call rotation (module 10, alert hygiene).

Each page has an id, the alerting rule, the entity it fired for, the time it fired (UTC) and
what the person on call did about it (``none`` when nothing needed doing). The month mixes
rules worth waking someone for with the usual noise: a disk rule that always clears itself,
a CPU rule nobody acts on, and queues that flap and page again every quarter of an hour.
The team works in Europe/Berlin, and October holds the end of summer time (25 October), so
"was this page out of hours?" needs the time-zone database, not a fixed offset.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import random
from dataclasses import dataclass

UTC = dt.UTC


@dataclass(frozen=True)
class Month:
    seed: int
    start: str = "2026-10-01"
    days: int = 31
    storms: int = 5  # flapping queue alerts that page again and again
    incidents: int = 7  # real checkout incidents
    edge_cases: bool = False  # pages exactly 30 minutes apart, at 17:00 local, same second


def _iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(month: Month) -> list[dict]:
    rng = random.Random(month.seed)
    t0 = dt.datetime.fromisoformat(month.start).replace(tzinfo=UTC)
    pages: list[tuple[dt.datetime, str, str, str]] = []

    def at(day: int, hour: float) -> dt.datetime:
        return t0 + dt.timedelta(days=day, seconds=round(hour * 3600))

    def anytime() -> dt.datetime:
        return at(rng.randrange(month.days), rng.uniform(0, 24))

    hosts = [f"web-{i:02d}" for i in range(1, 9)] + ["db-01", "db-02", "batch-01"]
    for _ in range(rng.randint(34, 42)):  # always clears itself after log rotation
        pages.append((anytime(), "disk-usage-80", rng.choice(hosts), "none"))
    for _ in range(rng.randint(22, 30)):  # nobody has ever acted on it
        pages.append((anytime(), "cpu-high-90", rng.choice(hosts), "none"))
    nodes = [f"node-{c}" for c in "abcdefgh"]
    for _ in range(rng.randint(14, 20)):
        action = "fixed" if rng.random() < 0.25 else "none"
        pages.append((anytime(), "node-not-ready", rng.choice(nodes), action))
    for _ in range(month.incidents):  # real incidents re-page while they last
        t = anytime()
        pages.append((t, "checkout-slo-burn", "checkout", rng.choice(["fixed", "escalated"])))
        for _ in range(rng.randint(1, 3)):
            t += dt.timedelta(minutes=rng.randint(6, 24))
            pages.append((t, "checkout-slo-burn", "checkout", "none"))
    for _ in range(month.storms):
        queue = rng.choice(["billing-queue", "email-queue"])
        t = anytime()
        pages.append((t, "queue-depth", queue, rng.choice(["fixed", "none"])))
        for _ in range(rng.randint(4, 9)):
            t += dt.timedelta(minutes=rng.randint(8, 26))
            pages.append((t, "queue-depth", queue, "none"))
        t += dt.timedelta(minutes=rng.randint(45, 90))  # it comes back later: a new page
        pages.append((t, "queue-depth", queue, "none"))
    for domain in ("shop.example.com", "api.example.com", "status.example.com"):
        pages.append((anytime(), "cert-expiry-7d", domain, "fixed"))
    pages.append((anytime(), "trail-tampering", "org-trail", "escalated"))
    pages.append((anytime(), "trail-tampering", "sandbox-trail", "none"))
    pages.append((anytime(), "root-login", "123456789012", "escalated"))
    # Mornings after the clocks went back (25 October): 07:xx UTC is 08:xx in Berlin, before
    # work; afternoons before it: 15:xx UTC is 17:xx in Berlin, after work.
    for day, hour in ((26, 7.4), (27, 7.8), (28, 7.1), (20, 15.3), (22, 15.7)):
        if day < month.days:
            pages.append((at(day, hour), "node-not-ready", rng.choice(nodes), "none"))
    if month.edge_cases:
        t = at(13, 10.5)  # a Wednesday morning in summer time
        pages.append((t, "queue-depth", "email-queue", "fixed"))
        pages.append((t + dt.timedelta(minutes=30), "queue-depth", "email-queue", "none"))
        pages.append((t + dt.timedelta(minutes=61), "queue-depth", "email-queue", "none"))
        pages.append((t + dt.timedelta(minutes=61), "queue-depth", "billing-queue", "none"))
        pages.append((at(15, 15.0), "node-not-ready", "node-a", "fixed"))  # 17:00 in Berlin
        pages.append((at(15, 7.0), "node-not-ready", "node-b", "fixed"))  # 09:00 in Berlin
        same = at(19, 2.25)
        pages.append((same, "disk-usage-80", "db-01", "none"))
        pages.append((same, "disk-usage-80", "db-01", "none"))
    order = sorted(range(len(pages)), key=lambda i: (pages[i][0], i))
    ids = {
        i: f"P{month.seed % 100:02d}{n + 1:04d}"
        for n, i in enumerate(rng.sample(order, len(order)))
    }
    rows = [
        {
            "page_id": ids[i],
            "rule": pages[i][1],
            "entity": pages[i][2],
            "fired_at": _iso(pages[i][0]),
            "action": pages[i][3],
        }
        for i in order
        if pages[i][0] < t0 + dt.timedelta(days=month.days)
    ]
    return rows


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, ["page_id", "rule", "entity", "fired_at", "action"], lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def digest(rows: list[dict]) -> str:
    return hashlib.sha256(to_csv(rows).encode()).hexdigest()


LESSON = Month(seed=2024)
ASSIGNMENT = Month(seed=1010)
HIDDEN = Month(seed=7331, storms=6, incidents=5, edge_cases=True)
MONTHS = {"lesson": LESSON, "assignment": ASSIGNMENT, "hidden": HIDDEN}
