"""The cohort as tables: scores, mastery per objective, most-failed checks, pace, queues.

Everything is read from nbgrader's gradebook (scores, manual grades, due dates), the course's
own status and verdict tables in the same database (grading status, per-test-cell verdicts
with their objective ids) and the syllabus (objectives, minutes). Every function here is a
plain function of those frames, so the text, CSV, JSON and HTML reports agree by construction.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import select

from .. import notebooks as nbs
from ..course import Course, CourseError
from ..grading import gradebook as gbk
from ..grading.status import worst
from ..syllabus import Syllabus
from ..syllabus import load as load_syllabus
from . import query

BEHIND_SHARE = 0.75  # a learner is behind below this share of the minutes expected by now
DONE_SHARE = 0.5  # a module counts as done with at least half of its autograded points
SCORE_FIELDS = [
    "learner",
    "module",
    "score",
    "max_score",
    "percent",  # of the points graded so far (written answers waiting count as pending)
    "status",
    "manual_pending",  # grades waiting for a mentor
    "pending_points",  # points of written answers waiting for a mentor
]
MOST_FAILED_FIELDS = [
    "module",
    "grade_id",
    "failed",
    "attempted",
    "fail_rate",
    "hidden_only",
    "objectives",
]


@dataclass
class Cohort:
    syllabus: Syllabus
    scores: pd.DataFrame  # SCORE_FIELDS, message, received_at
    checks: pd.DataFrame  # learner, module, grade_id, kind, passed, points, max_points, objectives
    released: pd.DataFrame  # module, duedate, minutes
    as_of: dt.datetime
    roster: list[str]  # every learner in the gradebook, with or without submissions

    @property
    def learners(self) -> list[str]:
        return sorted(set(self.roster) | set(self.scores["learner"]))


def _task_objectives(course: Course, module: str) -> dict[str, list[str]]:
    """Objective ids on written-task cells, read from the module's source notebooks."""
    out = {}
    for path in nbs.assignment_notebooks(course.source / module):
        for cell in nbs.read(path).cells:
            if nbs.is_task(cell):
                out[nbs.grade_id(cell)] = list(nbs.course_meta(cell).get("objectives", []))
    return out


def load(course: Course, *, as_of: dt.datetime | None = None) -> Cohort:
    """Read the gradebook of ``course`` into a Cohort (raises CourseError when there is none).

    A handful of set-based queries (``report.query``), whatever the size of the cohort.
    """
    syllabus = load_syllabus(course.root)
    url = course.db_url
    if gbk.state(url) == "missing":  # a file or a database server alike
        raise CourseError(
            f"no gradebook at {gbk.where(url)}: grade an assignment first (apprentice grade)"
        )
    minutes = {m.id: m.minutes for m in syllabus.modules}
    score_rows, check_rows, released = [], [], []
    with gbk.open_gradebook(url, course.course_id) as gb:
        session = gb.db
        roster = [student["id"] for student in query.students(session)]
        statuses = gbk.statuses(gb)
        for row in session.execute(select(gbk.verdict_table)).mappings():
            check_rows.append(
                {
                    "learner": row["student"],
                    "module": row["assignment"],
                    "grade_id": row["grade_id"],
                    "kind": "test",
                    "passed": bool(row["passed"]),
                    "points": row["points"],
                    "max_points": row["max_points"],
                    "objectives": json.loads(row["objectives"]),
                    "failed_visible": row["failed_visible"],
                    "failed_hidden": row["failed_hidden"],
                }
            )
        assignments = query.assignments(session)
        maximum = {a["name"]: a["max_score"] for a in assignments}
        tasks = {}
        for assignment in assignments:
            name = assignment["name"]
            released.append(
                {"module": name, "duedate": assignment["duedate"], "minutes": minutes.get(name, 0)}
            )
            tasks[name] = _task_objectives(course, name) if (course.source / name).is_dir() else {}
        for grade in query.written_grades(session):
            check_rows.append(
                {
                    "learner": grade["student"],
                    "module": grade["assignment"],
                    "grade_id": grade["grade_id"],
                    "kind": "written",
                    "passed": grade["manual_score"] >= 0.5 * grade["max_score"],
                    "points": grade["manual_score"],
                    "max_points": grade["max_score"],
                    "objectives": tasks.get(grade["assignment"], {}).get(grade["grade_id"], []),
                    "failed_visible": 0,
                    "failed_hidden": 0,
                }
            )
        for sub in query.submissions(session):
            module, learner = sub["assignment"], sub["student"]
            rows = statuses.get((module, learner), [])
            status = worst(r["status"] for r in rows) if rows else "not graded"
            top = maximum.get(module, 0.0)
            score = min(max(sub["score"], 0.0), top) if top else 0.0
            graded = top - sub["pending_points"]
            score_rows.append(
                {
                    "learner": learner,
                    "module": module,
                    "score": round(score, 4),
                    "max_score": top,
                    # of the points graded so far: written answers waiting are not zeros
                    "percent": round(100 * min(score, graded) / graded, 1)
                    if graded > 0
                    else np.nan,
                    "status": status,
                    "manual_pending": int(sub["needs_manual"]),
                    "pending_points": sub["pending_points"],
                    "message": "; ".join(r["message"] for r in rows if r["message"]),
                    "received_at": sub["timestamp"],
                }
            )
    scores = pd.DataFrame(score_rows, columns=[*SCORE_FIELDS, "message", "received_at"])
    checks = pd.DataFrame(
        check_rows,
        columns=[
            "learner",
            "module",
            "grade_id",
            "kind",
            "passed",
            "points",
            "max_points",
            "objectives",
            "failed_visible",
            "failed_hidden",
        ],
    )
    return Cohort(
        syllabus,
        scores,
        checks,
        pd.DataFrame(released, columns=["module", "duedate", "minutes"]),
        as_of or dt.datetime.now(dt.UTC).replace(tzinfo=None),
        roster,
    )


def score_table(cohort: Cohort, field: str = "percent") -> pd.DataFrame:
    """Learners × modules: percent of the points graded so far (NaN where nothing was
    submitted); ``field="pending_points"`` gives the written points still waiting."""
    if cohort.scores.empty:
        return pd.DataFrame()
    order = [m for m in cohort.syllabus.ids() if m in set(cohort.scores["module"])]
    order += sorted(set(cohort.scores["module"]) - set(order))
    table = cohort.scores.pivot(index="learner", columns="module", values=field)
    return table.reindex(index=pd.Index(cohort.learners, name="learner"), columns=order)


def mastery(cohort: Cohort) -> pd.DataFrame:
    """Learners × (module, objective): share of that objective's checks the learner passed.

    Every learner has a row (NaN where nothing citing the objective was graded yet)."""
    if cohort.checks.empty:
        return pd.DataFrame()
    rows = cohort.checks.explode("objectives").dropna(subset=["objectives"])
    rows = rows.assign(objective=rows["objectives"], passed=rows["passed"].astype(float))
    table = rows.pivot_table(
        index="learner", columns=["module", "objective"], values="passed", aggfunc="mean"
    )
    order = [
        (m.id, o.id)
        for m in cohort.syllabus.modules
        for o in m.objectives
        if (m.id, o.id) in table.columns
    ]
    return table.reindex(
        index=pd.Index(cohort.learners, name="learner"),
        columns=pd.MultiIndex.from_tuples(order, names=["module", "objective"]),
    )


def most_failed(cohort: Cohort, *, top: int = 10) -> pd.DataFrame:
    """The autograded checks the most learners failed: what to discuss in the next session."""
    tests = cohort.checks[cohort.checks["kind"] == "test"]
    if tests.empty:
        return pd.DataFrame(columns=MOST_FAILED_FIELDS)
    grouped = tests.groupby(["module", "grade_id"])
    table = pd.DataFrame(
        {
            "failed": grouped["passed"].apply(lambda s: int((~s.astype(bool)).sum())),
            "attempted": grouped.size(),
            "hidden_only": grouped.apply(
                lambda g: int(((g["failed_visible"] == 0) & (g["failed_hidden"] > 0)).sum()),
                include_groups=False,
            ),
            "objectives": grouped["objectives"].first().apply(", ".join),
        }
    ).reset_index()
    table["fail_rate"] = (table["failed"] / table["attempted"]).round(3)
    table = table[table["failed"] > 0].sort_values(
        ["failed", "fail_rate", "module", "grade_id"], ascending=[False, False, True, True]
    )
    return table.head(top).reset_index(drop=True)[MOST_FAILED_FIELDS]


PACE_FIELDS = [
    "learner",
    "modules_submitted",
    "modules_done",
    "minutes_done",
    "minutes_expected",
    "behind",
    "missing",
    "below_half",
]


def pace(cohort: Cohort) -> pd.DataFrame:
    """Per learner: minutes of the syllabus done against minutes expected by now.

    Expected: every released module whose due date has passed, or every released module when
    none has a due date. Done: a submission with at least half of the module's autograded
    points. A learner is behind below 75 % of the expected minutes. ``missing`` lists the
    expected modules the learner has not submitted; ``below_half`` the graded ones that do not
    count as done yet.
    """
    released = cohort.released
    due = released[released["duedate"].notna()]
    if len(due):
        expected_modules = set(due[due["duedate"] <= cohort.as_of]["module"])
    else:
        expected_modules = set(released["module"])
    minutes = {m.id: m.minutes for m in cohort.syllabus.modules}
    position = {m: i for i, m in enumerate(cohort.syllabus.ids())}

    def listed(modules: set[str]) -> str:
        return ", ".join(sorted(modules, key=lambda m: (position.get(m, len(position)), m)))

    expected = sum(minutes.get(m, 0) for m in expected_modules)
    tests = cohort.checks[cohort.checks["kind"] == "test"]
    auto = tests.groupby(["learner", "module"])[["points", "max_points"]].sum()
    rows = []
    for learner in cohort.learners:
        mine = cohort.scores[cohort.scores["learner"] == learner]
        submitted = set(mine[mine["status"] != "missing"]["module"])
        graded = set(mine[~mine["status"].isin(["missing", "not graded"])]["module"])
        done = {
            m
            for m in submitted
            if (learner, m) in auto.index
            and auto.loc[(learner, m), "points"]
            >= DONE_SHARE * auto.loc[(learner, m), "max_points"]
        }
        done_minutes = sum(minutes.get(m, 0) for m in done)
        rows.append(
            {
                "learner": learner,
                "modules_submitted": len(submitted),
                "modules_done": len(done),
                "minutes_done": done_minutes,
                "minutes_expected": expected,
                "behind": bool(expected and done_minutes < BEHIND_SHARE * expected),
                "missing": listed(expected_modules - submitted),
                "below_half": listed(graded - done),
            }
        )
    return pd.DataFrame(rows, columns=PACE_FIELDS)


def manual_queue(cohort: Cohort) -> pd.DataFrame:
    queue = cohort.scores[cohort.scores["manual_pending"] > 0]
    return (
        queue[["learner", "module", "manual_pending", "pending_points"]]
        .sort_values(["module", "learner"])
        .reset_index(drop=True)
    )


def failures(cohort: Cohort) -> pd.DataFrame:
    bad = cohort.scores[~cohort.scores["status"].isin(["ok"])]
    return (
        bad[["learner", "module", "status", "message"]]
        .sort_values(["module", "learner"])
        .reset_index(drop=True)
    )


def anonymize(cohort: Cohort) -> Cohort:
    """Replace learner ids by learner-01, learner-02, ... in an order that reveals nothing."""
    learners = cohort.learners
    shuffled = sorted(learners, key=lambda _: secrets.token_bytes(8))
    names = {real: f"learner-{i + 1:02d}" for i, real in enumerate(shuffled)}
    scores = cohort.scores.assign(learner=cohort.scores["learner"].map(names))
    scores["message"] = ""  # messages can quote a learner's notebook
    checks = cohort.checks.assign(learner=cohort.checks["learner"].map(names))
    return Cohort(
        cohort.syllabus,
        scores,
        checks,
        cohort.released,
        cohort.as_of,
        [names[r] for r in cohort.roster],
    )
