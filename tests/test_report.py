"""A report a mentor can trust: who is behind shows, every learner shows, words mean what they say.

Part one builds cohorts as tables (no gradebook) and checks the report's rules: the pace
chart draws a bar for a learner who has done nothing, every learner has a row of mastery,
"missing" means not submitted, written answers waiting for a mentor are pending and not
zero, and the HTML is rendered by an autoescaping template with no pandas index columns.

Part two fills a real gradebook through the grading engine's own ``gradebook.record`` and
checks that the report and the export, read with a few set-based queries, give exactly what
nbgrader's objects give, with the same number of queries for 3 learners as for 12.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from apprentice import notebooks as nbs
from apprentice import syllabus as syl
from apprentice.export import rows as export_rows
from apprentice.grading import gradebook
from apprentice.grading.archive import archive
from apprentice.grading.batch import release_template
from apprentice.grading.runner import plan_from_source
from apprentice.report import data
from apprentice.report.render import TEMPLATES, pace_figure, render
from apprentice.simulate import copy_course, write_submission

from .content.harness import REPO

A, B = "00-orientation", "02-reliability-math"
NOW = dt.datetime(2026, 12, 1, 12, 0)


# --- part one: the report's rules on a cohort made of tables ------------------------------------


def _check(learner, module, grade_id, passed, objectives, kind="test"):
    return {
        "learner": learner,
        "module": module,
        "grade_id": grade_id,
        "kind": kind,
        "passed": passed,
        "points": 2.0 if passed else 0.0,
        "max_points": 2.0,
        "objectives": objectives,
        "failed_visible": 0 if passed else 1,
        "failed_hidden": 0,
    }


def _score(learner, module, score, *, status="ok", pending_points=0.0, max_score=15.0):
    graded = max_score - pending_points
    return {
        "learner": learner,
        "module": module,
        "score": score,
        "max_score": max_score,
        "percent": round(100 * score / graded, 1),
        "status": status,
        "manual_pending": 1 if pending_points else 0,
        "pending_points": pending_points,
        "message": "",
        "received_at": NOW,
    }


@pytest.fixture
def cohort():
    """ada did module 00 well; bob handed it in under half; cid is on the roster and handed in
    nothing; dee did it well and her written answer waits for a mentor; <b>eve</b> has a
    name a browser would run."""
    checks = []
    for learner, passed in (("ada", True), ("bob", False), ("dee", True), ("<b>eve</b>", True)):
        checks.append(_check(learner, A, "error-rate-tests", passed, ["pandas-basics"]))
        checks.append(_check(learner, A, "latency-summary-tests", passed, ["percentiles"]))
    scores = [
        _score("ada", A, 15.0),
        _score("bob", A, 2.0),
        _score("dee", A, 11.0, pending_points=4.0),
        _score("<b>eve</b>", A, 11.0, status="<script>alert(1)</script>"),
    ]
    released = pd.DataFrame(
        [
            {"module": A, "duedate": NOW - dt.timedelta(days=1), "minutes": 75},
            {"module": B, "duedate": NOW + dt.timedelta(days=6), "minutes": 125},
        ]
    )
    return data.Cohort(
        syl.load(REPO),
        pd.DataFrame(scores, columns=[*data.SCORE_FIELDS, "message", "received_at"]),
        pd.DataFrame(checks),
        released,
        NOW,
        ["ada", "bob", "cid", "dee", "<b>eve</b>"],
    )


def test_missing_means_not_submitted_and_below_half_is_its_own_column(cohort):
    pace = data.pace(cohort).set_index("learner")
    assert pace.loc["cid", "missing"] == A and pace.loc["cid", "below_half"] == ""
    assert pace.loc["bob", "missing"] == "" and pace.loc["bob", "below_half"] == A
    assert pace.loc["ada", "missing"] == "" and pace.loc["ada", "below_half"] == ""
    assert pace["behind"].to_dict() == {
        "ada": False,
        "bob": True,
        "cid": True,
        "dee": False,
        "<b>eve</b>": False,
    }
    assert (pace["minutes_expected"] == 75).all(), "only module 00 is due"


def test_the_pace_chart_draws_the_learners_who_are_behind(cohort):
    pace = data.pace(cohort)
    fig = pace_figure(pace)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_width() > 0]
    for i, row in pace.iterrows():
        at = [b for b in bars if abs(b.get_y() + b.get_height() / 2 - i) < 0.01]
        assert sum(b.get_width() for b in at) >= row["minutes_expected"], row["learner"]
    labels = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert labels["cid"] != labels["ada"], "learners who are behind stand out"
    texts = [t.get_text() for t in ax.texts]
    assert "0 of 75 min · behind" in texts


def test_every_learner_has_a_row_in_the_mastery_table(cohort):
    table = data.mastery(cohort)
    assert list(table.index) == cohort.learners
    assert table.loc["cid"].isna().all() and table.loc["ada", (A, "pandas-basics")] == 1.0


def test_written_answers_waiting_are_pending_not_zero(cohort):
    scores = data.score_table(cohort)
    assert scores.loc["dee", A] == 100.0, "11 of the 11 points graded so far"
    assert pd.isna(scores.loc["cid", A])
    page = render(cohort, "html")
    assert re.search(r"<td class=\"num\">100 \(\+4 pending\)</td>", page), "dee's row says pending"
    queue = data.manual_queue(cohort)
    assert queue.to_dict("records") == [
        {"learner": "dee", "module": A, "manual_pending": 1, "pending_points": 4.0}
    ]
    report = json.loads(render(cohort, "json"))
    dee = next(r for r in report["scores"] if r["learner"] == "dee")
    assert dee["pending_points"] == 4.0 and dee["percent"] == 100.0


def test_the_html_is_an_escaped_template_without_index_columns(cohort):
    page = render(cohort, "html")
    assert TEMPLATES.autoescape is True
    assert "<b>eve</b>" not in page and "&lt;b&gt;eve&lt;/b&gt;" in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page
    assert "default-src 'none'; img-src data:; style-src 'unsafe-inline'" in page
    assert page.count("data:image/png;base64,") == 3
    for header in re.findall(r"<thead><tr>(.*?)</tr></thead>", page):
        cells = re.findall(r"<th>(.*?)</th>", header)
        assert cells and all(cells), f"a header cell is empty (an index column?): {header}"
        assert cells[0] in ("learner", "module"), header
    text = render(cohort, "table")
    assert not re.search(r"^\s*0\s+\S", text.split("== Pace")[1], re.M), "no row numbers"


def test_json_is_valid_without_nan(cohort):
    extra = _score("fay", A, 0.0, status="not graded")
    extra["percent"] = float("nan")
    cohort.scores.loc[len(cohort.scores)] = extra
    text = render(cohort, "json")
    assert "NaN" not in text
    assert next(r for r in json.loads(text)["scores"] if r["learner"] == "fay")["percent"] is None


# --- part two: a real gradebook, read set-based ----------------------------------------------------


def _fill(course, learners: int, modules=(A, B)) -> None:
    """Graded submissions recorded as the engine records them; a written answer graded for
    some, a late penalty for one, a learner on the roster with no submission."""
    for module in modules:
        release_template(course, module)
        plans = {
            p.name: plan_from_source(nbs.read(p))
            for p in nbs.assignment_notebooks(course.source / module)
        }
        tasks = [
            nbs.grade_id(c)
            for p in nbs.assignment_notebooks(course.source / module)
            for c in nbs.read(p).cells
            if nbs.is_task(c)
        ]
        sub = write_submission(course, module, f"template-{module}", {})
        for i in range(learners):
            student = f"learner{i:03d}"
            archived = archive(course.state / "archive", module, student, sub)
            result = {"engine": "test", "notebooks": {}}
            for name, plan in plans.items():
                result["notebooks"][name] = {
                    "status": "ok" if i % 5 else "timeout",
                    "message": "" if i % 5 else "the notebook ran out of time",
                    "verdicts": [
                        {
                            "grade_id": gid,
                            "points": spec["points"] if (i + len(gid)) % 3 else 0.0,
                            "max_points": spec["points"],
                            "passed": bool((i + len(gid)) % 3),
                            "error": "",
                            "objectives": spec["objectives"],
                            "hint": "",
                            "checks": [],
                        }
                        for gid, spec in plan.tests.items()
                    ],
                    "answered": {},
                    "written": dict.fromkeys(tasks, True),
                }
            gradebook.record(
                db_url=course.db_url,
                course_id=course.course_id,
                archived=archived,
                result=result,
                sandboxed=True,
            )
    with gradebook.open_gradebook(course.db_url, course.course_id) as gb:
        gb.update_or_create_student("zoe-no-work", first_name="Zoe", last_name="Absent")
        gb.update_or_create_student("learner001", first_name="Ann", last_name="Zed")
        for i, sub in enumerate(gb.assignment_submissions(modules[0])):
            for nb in sub.notebooks:
                if i == 0:
                    nb.late_submission_penalty = 1.5
                for grade in nb.grades:
                    if grade.needs_manual_grade and i % 2:
                        grade.manual_score = 0.5 * grade.max_score
                        grade.extra_credit = 1.0 if i == 1 else None
                        grade.needs_manual_grade = False
        gb.db.commit()


def _orm_rows(course) -> list[dict]:
    """What the export gave when it asked nbgrader's objects, learner by learner."""
    out = []
    with gradebook.open_gradebook(course.db_url, course.course_id) as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                except Exception:
                    continue
                out.append(
                    {
                        "assignment": assignment.name,
                        "student_id": student.id,
                        "score": round(min(max(sub.score, 0.0), assignment.max_score), 4),
                        "raw_score": round(
                            min(sub.score, assignment.max_score) + sub.late_submission_penalty, 4
                        ),
                        "late_submission_penalty": sub.late_submission_penalty,
                        "max_score": assignment.max_score,
                        "needs_manual_grade": bool(sub.needs_manual_grade),
                        "pending": sum(
                            bool(g.needs_manual_grade) for n in sub.notebooks for g in n.grades
                        ),
                    }
                )
    return out


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(Engine, "before_cursor_execute", self)


@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory):
    made = {}
    for size in (3, 12):
        course = copy_course(REPO, tmp_path_factory.mktemp(f"report-{size}") / "course", [A, B])
        _fill(course, size)
        made[size] = course
    return made


@pytest.mark.slow
def test_export_and_report_match_nbgraders_objects(gradebooks):
    course = gradebooks[12]
    truth = _orm_rows(course)
    with gradebook.open_gradebook(course.db_url, course.course_id) as gb:
        got = export_rows(gb)
    keys = ["assignment", "student_id", "score", "raw_score", "late_submission_penalty"]
    keys += ["max_score", "needs_manual_grade"]
    assert [{k: r[k] for k in keys} for r in got] == [{k: r[k] for k in keys} for r in truth]
    assert any(r["late_submission_penalty"] for r in got) and any(
        r["needs_manual_grade"] for r in got
    )
    assert [r["student_id"] for r in got[:2]] == ["learner000", "learner002"]  # Zed sorts last
    cohort = data.load(course)
    scores = {(r.learner, r.module): r for r in cohort.scores.itertuples()}
    for row in truth:
        mine = scores[(row["student_id"], row["assignment"])]
        assert (mine.score, mine.max_score, mine.manual_pending) == (
            row["score"],
            row["max_score"],
            row["pending"],
        )
    assert "zoe-no-work" in cohort.learners and "zoe-no-work" in set(data.mastery(cohort).index)
    statuses = {r["student_id"]: r["status"] for r in got if r["assignment"] == A}
    assert statuses["learner000"] == "timeout" and statuses["learner002"] == "ok"


@pytest.mark.slow
def test_report_and_export_take_the_same_queries_for_any_cohort(gradebooks):
    counts = {}
    for size, course in gradebooks.items():
        with Queries() as report:
            render(data.load(course), "html")
        with Queries() as export, gradebook.open_gradebook(course.db_url, course.course_id) as gb:
            assert len(export_rows(gb)) == 2 * size
        counts[size] = (report.count, export.count)
    assert counts[3] == counts[12], counts
