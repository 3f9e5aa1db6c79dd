"""Seeded delivery records for module 12: a year of one team's deployments, changes and incidents.

``team_year`` plays a team's release process forward through a year and returns three tables,
the raw material of DORA's software delivery metrics:

- ``deploys``: one row per pipeline run that tried to reach production: ``deploy_id``,
  ``deployed_at`` (UTC), ``status`` (``"succeeded"`` or ``"aborted"``: the pipeline stopped
  before production) and ``remediates`` (the incident a rollback or hotfix was made for, else
  missing);
- ``changes``: one row per commit that reached production: ``change_id``, ``deploy_id`` and
  ``committed_at`` (UTC). A few commits carry a clock-skewed time later than their deploy;
- ``incidents``: ``incident_id``, ``caused_by`` (the deploy that caused it, or missing for
  external causes such as a provider outage), ``started_at`` and ``resolved_at`` (UTC).

The model: commits arrive on working days; the team deploys at fixed slots (for example every
weekday at 15:00, or Fridays at 16:00) whatever is pending; a pipeline run sometimes aborts and
the changes wait for the next slot; every change carries the same small chance of breaking
production, so a deploy of ``n`` changes fails with probability ``1 - (1 - p)**n``; a failed
deploy causes an incident (occasionally two), which a rollback or hotfix deploy ends, and the
search for the bad change takes longer the more changes a deploy carried. External incidents
happen too; some of them are also ended by a deploy. Same seed, same year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

HOUR = pd.Timedelta(hours=1)


@dataclass(frozen=True)
class Team:
    """How a team ships: when it deploys and how risky and how quick to repair its changes are."""

    deploy_days: tuple[int, ...] = (0, 1, 2, 3, 4)  # weekdays, Monday = 0
    deploy_hours: tuple[float, ...] = (15.0,)  # UTC hours of the deploy slots on those days
    commits_per_day: float = 6.0  # on working days, between 09:00 and 18:00 UTC
    fail_per_change: float = 0.02  # chance that one change breaks production
    recovery_median_hours: float = 1.0  # for a deploy of one change
    abort_rate: float = 0.05  # pipeline runs that stop before production
    external_incidents: float = 3.0  # expected per year, not caused by a deploy
    skew_share: float = 0.003  # commits whose recorded time is later than their deploy


FRIDAY_TEAM = Team(deploy_days=(4,), deploy_hours=(16.0,))
DAILY_TEAM = Team()
ON_DEMAND_TEAM = Team(deploy_hours=(10.0, 11.5, 13.0, 14.5, 16.0))


def team_year(
    seed: int, team: Team = DAILY_TEAM, *, start: str = "2026-01-05", days: int = 364
) -> dict[str, pd.DataFrame]:
    """A year (``days`` from ``start``, UTC) of one team's deploys, changes and incidents."""
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp(start, tz="UTC")
    end = t0 + pd.Timedelta(days=days)
    commits = _commit_times(rng, t0, days, team.commits_per_day)
    slots = [
        t0 + pd.Timedelta(days=d, hours=h)
        for d in range(days)
        if (t0 + pd.Timedelta(days=d)).weekday() in team.deploy_days
        for h in team.deploy_hours
    ]
    deploys, changes, incidents = [], [], []
    pending: list[pd.Timestamp] = []
    next_commit = 0
    for slot in slots:
        while next_commit < len(commits) and commits[next_commit] < slot:
            pending.append(commits[next_commit])
            next_commit += 1
        if not pending:
            continue
        deployed_at = slot + pd.Timedelta(minutes=float(rng.uniform(15, 40)))
        deploy_id = f"d{len(deploys) + 1:04d}"
        if rng.random() < team.abort_rate:
            deploys.append((deploy_id, deployed_at.floor("s"), "aborted", None))
            continue
        deploys.append((deploy_id, deployed_at.floor("s"), "succeeded", None))
        for committed in pending:
            changes.append((deploy_id, committed))
        n = len(pending)
        pending = []
        if rng.random() < 1 - (1 - team.fail_per_change) ** n:
            count = 2 if rng.random() < 0.15 else 1
            for _ in range(count):
                began = deployed_at + pd.Timedelta(minutes=float(rng.exponential(30)))
                hours = team.recovery_median_hours * (1 + math.log(n)) * rng.lognormal(0, 0.6)
                resolved = began + hours * HOUR
                incident_id = f"i{len(incidents) + 1:03d}"
                incidents.append((incident_id, deploy_id, began.floor("s"), resolved.floor("s")))
                fix_at = resolved - pd.Timedelta(minutes=5)
                fix_id = f"d{len(deploys) + 1:04d}"
                deploys.append((fix_id, fix_at.floor("s"), "succeeded", incident_id))
                if rng.random() < 0.5:  # a hotfix commit; otherwise a rollback with no new change
                    made = fix_at - pd.Timedelta(minutes=float(rng.uniform(10, 40)))
                    changes.append((fix_id, made))
    for _ in range(rng.poisson(team.external_incidents * days / 364)):
        began = t0 + pd.Timedelta(days=float(rng.uniform(0, days)))
        resolved = began + float(rng.lognormal(math.log(3), 0.7)) * HOUR
        incident_id = f"i{len(incidents) + 1:03d}"
        incidents.append((incident_id, None, began.floor("s"), resolved.floor("s")))
        if rng.random() < 0.35:  # a configuration change deployed to work around the outage
            fix_at = resolved - pd.Timedelta(minutes=5)
            deploys.append(
                (f"d{len(deploys) + 1:04d}", fix_at.floor("s"), "succeeded", incident_id)
            )
    deploys_df = pd.DataFrame(deploys, columns=["deploy_id", "deployed_at", "status", "remediates"])
    deploys_df = deploys_df[deploys_df["deployed_at"] < end]
    deploys_df = deploys_df.sort_values(["deployed_at", "deploy_id"], ignore_index=True)
    deployed = dict(zip(deploys_df["deploy_id"], deploys_df["deployed_at"], strict=True))
    change_rows = []
    for k, (deploy_id, committed) in enumerate(changes, start=1):
        if deploy_id not in deployed:
            continue
        if rng.random() < team.skew_share:  # a rebased commit whose recorded time is too late
            committed = deployed[deploy_id] + pd.Timedelta(minutes=float(rng.uniform(1, 90)))
        change_rows.append((f"c{k:05d}", deploy_id, committed.floor("s")))
    changes_df = pd.DataFrame(change_rows, columns=["change_id", "deploy_id", "committed_at"])
    incidents_df = pd.DataFrame(
        incidents, columns=["incident_id", "caused_by", "started_at", "resolved_at"]
    )
    incidents_df = incidents_df[incidents_df["started_at"] < end]
    incidents_df = incidents_df.sort_values("started_at", ignore_index=True)
    return {"deploys": deploys_df, "changes": changes_df, "incidents": incidents_df}


def _commit_times(rng, t0: pd.Timestamp, days: int, per_day: float) -> list[pd.Timestamp]:
    times = []
    for d in range(days):
        day = t0 + pd.Timedelta(days=d)
        if day.weekday() >= 5:
            continue
        for hour in np.sort(rng.uniform(9, 18, rng.poisson(per_day))):
            times.append(day + float(hour) * HOUR)
    return times
