"""The seeded delivery records of module 12: pinned output and the invariants the exercises rely on."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from apprentice.delivery import DAILY_TEAM, FRIDAY_TEAM, ON_DEMAND_TEAM, Team, team_year

START, END = pd.Timestamp("2026-01-05", tz="UTC"), pd.Timestamp("2027-01-04", tz="UTC")


def _digest(frame: pd.DataFrame) -> str:
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()


def test_the_friday_year_is_pinned():
    # The lesson's numbers and the assignment's visible tests are computed from this year.
    year = team_year(2026, FRIDAY_TEAM)
    assert {name: len(frame) for name, frame in year.items()} == {
        "deploys": 72,
        "changes": 1624,
        "incidents": 21,
    }
    assert year["incidents"]["caused_by"].isna().sum() == 2  # external: DORA leaves them out
    assert (year["deploys"]["status"] == "aborted").sum() == 3
    assert _digest(year["deploys"]) == (
        "78efa6090aa98be54c52f98514b40d84a5b3a178d9f417d2f9e84c5b4db228b0"
    )
    assert _digest(year["changes"]) == (
        "37d223ec274f999856696853a483c6e41597efdec8ad96dba52cc746e96a82fc"
    )
    assert _digest(year["incidents"]) == (
        "ac675aabad5bf5d3a0970521bd8b659bb0371e0e28326a84120cad81bdf86025"
    )


def test_the_hidden_test_year_is_pinned():
    year = team_year(11)
    assert [len(frame) for frame in year.values()] == [292, 1519, 37]
    assert _digest(year["incidents"]) == (
        "6f3c46b64cc99c9c006261d6c8ec7536d36af4988239ed582689c7dbbcf0a885"
    )


def test_same_seed_same_year_and_other_seeds_differ():
    a, b, c = team_year(5), team_year(5), team_year(6)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert not a["deploys"].equals(c["deploys"])


@pytest.mark.parametrize(
    "team", [FRIDAY_TEAM, DAILY_TEAM, ON_DEMAND_TEAM], ids=["friday", "daily", "on-demand"]
)
def test_records_are_consistent(team):
    year = team_year(3, team)
    deploys, changes, incidents = year["deploys"], year["changes"], year["incidents"]
    for frame, column in [
        (deploys, "deployed_at"),
        (changes, "committed_at"),
        (incidents, "started_at"),
    ]:
        assert str(frame[column].dt.tz) == "UTC"
    assert deploys["deployed_at"].is_monotonic_increasing
    assert deploys["deployed_at"].between(START, END, inclusive="left").all()
    assert set(deploys["status"]) == {"succeeded", "aborted"}
    assert deploys["deploy_id"].is_unique and changes["change_id"].is_unique
    succeeded = set(deploys.loc[deploys["status"] == "succeeded", "deploy_id"])
    # changes ship only with runs that reached production; causes and fixes point at real rows
    assert set(changes["deploy_id"]) <= succeeded
    assert set(incidents["caused_by"].dropna()) <= succeeded
    assert set(deploys["remediates"].dropna()) <= set(incidents["incident_id"])
    assert deploys.loc[deploys["status"] == "aborted", "remediates"].isna().all()
    assert (incidents["resolved_at"] > incidents["started_at"]).all()
    skewed = changes.merge(deploys, on="deploy_id")
    assert (skewed["committed_at"] >= skewed["deployed_at"]).sum() <= 0.01 * len(changes)


def test_planned_deploys_happen_only_in_the_team_slots():
    team = Team(deploy_days=(1, 3), deploy_hours=(11.0,))
    deploys = team_year(4, team)["deploys"]
    planned = deploys[deploys["remediates"].isna()]
    assert set(planned["deployed_at"].dt.day_of_week) <= {1, 3}
    assert set(planned["deployed_at"].dt.hour) == {11}


def test_bigger_batches_fail_more_often_per_deployment():
    # Same changes and the same risk per change: the Friday train fails more often per deployment.
    def fail_rate(team):
        year = team_year(2026, team)
        ok = year["deploys"][year["deploys"]["status"] == "succeeded"]
        return year["incidents"]["caused_by"].dropna().nunique() / len(ok)

    assert fail_rate(FRIDAY_TEAM) > fail_rate(DAILY_TEAM) > fail_rate(ON_DEMAND_TEAM)
