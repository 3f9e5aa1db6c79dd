"""A mentor in Chromium: manual grading in the formgrader with the mark scheme, then the report.

Two learners' submissions are graded in the sandbox first. The mentor opens the formgrader
from JupyterLab's Nbgrader menu, reads a written answer beside its mark scheme, gives points
and a comment, and finds them in the gradebook; the cohort report opens from its file with
every figure.
"""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

from apprentice import notebooks as nbs
from apprentice.grading.batch import grade
from apprentice.report import data
from apprentice.report.render import render
from apprentice.simulate import write_submission

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment"
MEMO = "incident-note"
WRITTEN = "Cart and checkout failed 09:05-09:25 UTC with 503s; browsing kept working."
COMMENT = "Clear timeline. Next time quote the error counts from your functions."
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="browser")]


@pytest.fixture(scope="module")
def cohort(served):
    course = served.course
    write_submission(course, MODULE, "ada", {}, written=WRITTEN)
    wrong = {"error-rate-answer": "def error_rate(log):\n    return 0.5\n"}
    write_submission(course, MODULE, "grace", wrong)
    summary = grade(course, MODULE, students=["ada", "grace"], jobs=2, sandbox=True)
    assert [o.status for o in summary.outcomes] == ["ok", "ok"], summary.lines()
    return served


def show_names(formgrader) -> None:
    """The list of submissions hides names until asked; wait for its rows first."""
    formgrader.get_by_role("link", name=re.compile(r"^Submission #")).first.wait_for()
    formgrader.get_by_text("Show All Names").click()


def _mark_scheme(course) -> str:
    source = nbs.read(course.source / MODULE / f"{NOTEBOOK}.ipynb")
    cell = next(c for c in source.cells if nbs.grade_id(c) == MEMO)
    scheme = cell.source.split("### BEGIN MARK SCHEME", 1)[1]
    first = next(line for line in scheme.splitlines() if line.strip())
    return re.sub(r"[*_`]", "", first).lstrip("- ").strip()  # as the rendered Markdown reads


def _memo(course):
    db = sqlite3.connect(course.root / "gradebook.db")
    try:
        return db.execute(
            "select g.manual_score, c.manual_comment from grade g "
            "join comment c on c.notebook_id = g.notebook_id and c.cell_id = g.cell_id "
            "join base_cell bc on bc.id = g.cell_id "
            "join submitted_notebook sn on sn.id = g.notebook_id "
            "join submitted_assignment sa on sa.id = sn.assignment_id "
            "where bc.name = ? and sa.student_id = 'ada'",
            (MEMO,),
        ).fetchone()
    finally:
        db.close()


def test_formgrader_grading_with_the_mark_scheme(cohort, tab):
    page, course = tab, cohort.course
    page.goto(cohort.url("/lab"))
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Formgrader$")).click()
    formgrader = page.frame_locator("iframe").first
    formgrader.get_by_role("link", name="Manual Grading").click()
    formgrader.get_by_role("link", name=MODULE).click()
    formgrader.get_by_role("link", name=NOTEBOOK).click()
    show_names(formgrader)
    formgrader.get_by_role("link", name="ada", exact=True).click()
    scheme = formgrader.get_by_text(_mark_scheme(course)[:60])
    scheme.wait_for()
    assert scheme.is_visible(), "the mark scheme is shown to the mentor"
    formgrader.get_by_text(WRITTEN).wait_for()
    score = formgrader.locator(f"#{MEMO}")
    score.scroll_into_view_if_needed()
    score.fill("3")
    score.press("Tab")
    deadline = time.monotonic() + 60  # the score's save re-renders the cell: let it land first
    while time.monotonic() < deadline and _memo(course)[0] != 3.0:
        time.sleep(0.5)
    comment = formgrader.locator(f"#{MEMO}-comment")
    comment.fill(COMMENT)
    comment.press("Tab")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _memo(course) != (3.0, COMMENT):
        time.sleep(0.5)
    assert _memo(course) == (3.0, COMMENT), "the formgrader saved the points and the comment"
    # the gradebook shows them: back to the list of submissions
    formgrader.get_by_role("link", name=NOTEBOOK).first.click()
    show_names(formgrader)
    row = formgrader.locator("tr", has=formgrader.get_by_role("link", name="ada", exact=True))
    row.get_by_text("14 / 15").first.wait_for()  # 11 autograded + the mentor's 3
    assert "3 / 4" in row.inner_text(), row.inner_text()  # the task's score


def test_the_cohort_report_renders_its_figures(cohort, tab, tmp_path):
    page = tab
    out = tmp_path / "cohort.html"
    out.write_text(render(data.load(cohort.course), "html"), encoding="utf-8")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(out.as_uri())
    page.get_by_role("heading", name="Pace").wait_for()
    images = page.locator("img")
    assert images.count() == 3
    for i in range(images.count()):
        width = images.nth(i).evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 200, f"figure {images.nth(i).get_attribute('alt')} did not render"
    assert not problems, problems
    for learner in ("ada", "grace"):
        assert page.get_by_role("cell", name=learner, exact=True).count() >= 1
