"""An apprentice's week in Chromium: start page, lesson, own copy, tests, Validate, submit, feedback.

The tests share one tab and run in order, as one learner's session: each step starts where the
previous one left the lab. In between, the mentor's side (collect, grade in the sandbox,
feedback) runs through the course's own functions.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest

from apprentice import notebooks as nbs
from apprentice.exchange import collect, release_feedback
from apprentice.feedback import generate as generate_feedback
from apprentice.grading.batch import grade
from apprentice.release import release
from apprentice.simulate import reference_answers

from .chromium import new_tab
from .conftest import AUTOSAVE_SECONDS

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
LESSON = "orientation.ipynb"
OTHER = "02-reliability-math"
WRITTEN = "Checkout and cart failed from 09:05 to 09:25 UTC; I would ask what changed at 09:05."
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="browser")]


@pytest.fixture(scope="module")
def learner(chromium, screenshot_dir):
    tab = new_tab(chromium)
    yield tab
    tab.close()


def panel(page):
    """The notebook in the current main-area tab."""
    return page.locator(".jp-NotebookPanel:visible")


def copies(served):
    return served.course.root / served.course.course_id


def prompts(page) -> list[str]:
    return [t.strip() for t in panel(page).locator(".jp-InputArea-prompt").all_text_contents()]


def run_all(page, setup_cell: int = 1) -> None:
    """Run → Run All Cells, and wait until the kernel has finished (or stopped at an error)."""
    before = panel(page).locator(".jp-Cell").nth(setup_cell).locator(".jp-InputArea-prompt")
    old = before.text_content().strip()
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        shown = prompts(page)
        now = before.text_content().strip()
        if now not in (old, "[*]:") and not any("*" in p for p in shown):
            return
        time.sleep(0.5)
    pytest.fail(f"Run All Cells did not finish within 180 s: prompts {prompts(page)}")


def errors(page, cell: int | None = None):
    scope = panel(page) if cell is None else panel(page).locator(".jp-Cell").nth(cell)
    return scope.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")


def replace_text(page, cell, text: str) -> None:
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def open_assignments_tab(page):
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Nbgrader$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Assignment List$")).click()
    page.locator("#fetched_assignments_list").wait_for()


def item(page, listing: str, module: str):
    return page.locator(f"#{listing}_assignments_list .list_item", has_text=module)


def test_the_start_page_and_a_lesson_with_its_figures(served, learner):
    page = learner
    page.goto(served.url("/"))
    page.get_by_role("heading", name=re.compile("start here")).wait_for()
    assert page.url.split("?")[0].endswith("/lab/tree/curriculum/start-here.ipynb"), page.url
    page.get_by_role("link", name=LESSON, exact=True).click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=LESSON).wait_for()
    figures = panel(page).locator(".jp-OutputArea-output img")
    figures.first.wait_for(state="attached")
    assert figures.count() >= 2, "the lesson's two figures are shown"
    for i in range(figures.count()):
        figures.nth(i).scroll_into_view_if_needed()
        width = figures.nth(i).evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 100, f"figure {i} of the lesson did not load"
    assert panel(page).get_by_text("notebook is read-only").is_visible()


def test_a_lesson_can_be_changed_and_run_but_is_never_saved(served, learner):
    page = learner
    lesson = served.course.root / "curriculum" / MODULE / LESSON
    before = lesson.read_bytes()
    first_code = panel(page).locator(".jp-CodeCell").first
    first_code.scroll_into_view_if_needed()
    first_code.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("\nprint('my experiment')")
    page.keyboard.press("Shift+Enter")
    first_code.get_by_text("my experiment", exact=True).last.wait_for()
    time.sleep(AUTOSAVE_SECONDS * 3)  # well past autosave
    page.keyboard.press("Control+s")
    page.get_by_text(re.compile(r"is read-only\. Use .Save as")).first.wait_for()
    assert lesson.read_bytes() == before, "the lab changed a lesson"


def test_the_assignment_link_opens_the_learners_own_copy(served, learner):
    page = learner
    mine = copies(served) / MODULE / NOTEBOOK
    assert not mine.exists()
    page.locator(".lm-TabBar-tab", has_text="start-here.ipynb").click()
    page.get_by_role("link", name=NOTEBOOK, exact=True).click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=NOTEBOOK).wait_for()
    assert mine.is_file(), "opening the assignment link makes the working copy"
    assert page.url.split("?")[0].endswith(
        f"/lab/tree/{served.course.course_id}/{MODULE}/{NOTEBOOK}"
    )
    assert not panel(page).get_by_text("notebook is read-only").is_visible()


def test_answer_run_the_tests_and_validate(served, learner):
    page = learner
    course = served.course
    released = nbs.read(course.release / MODULE / NOTEBOOK)
    answers = reference_answers(course, MODULE)
    index = {nbs.grade_id(c): i for i, c in enumerate(released.cells) if nbs.grade_id(c)}
    written = next(i for i, c in enumerate(released.cells) if "answer_for" in nbs.course_meta(c))
    cells = panel(page).locator(".jp-Notebook .jp-Cell")
    cells.nth(len(released.cells) - 1).wait_for(state="attached")
    assert cells.count() == len(released.cells)
    # a wrong answer: its test cell says what is wrong
    wrong = "def error_rate(log):\n    return 0.5\n"
    for gid, source in answers.items():
        replace_text(page, cells.nth(index[gid]), wrong if gid == "error-rate-answer" else source)
    cells.nth(written).scroll_into_view_if_needed()
    cells.nth(written).dblclick()
    replace_text(page, cells.nth(written), WRITTEN)
    page.keyboard.press("Shift+Enter")
    run_all(page)
    failing = errors(page)
    assert failing.count() == 1, failing.all_text_contents()[:2]
    assert errors(page, index["error-rate-tests"]).count() == 1, "the wrong answer fails its tests"
    assert "AssertionError" in failing.first.text_content()
    # the right answer: every test cell passes
    replace_text(page, cells.nth(index["error-rate-answer"]), answers["error-rate-answer"])
    run_all(page)
    assert errors(page).count() == 0, errors(page).all_text_contents()[:2]
    tests = [i for gid, i in index.items() if gid.endswith("-tests")]
    shown = prompts(page)
    assert all(re.fullmatch(r"\[\d+\]:", shown[i]) for i in tests), "every test cell ran"
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    mine = copies(served) / MODULE / NOTEBOOK
    while time.monotonic() < deadline:
        saved = nbs.read(mine)
        kept = {nbs.grade_id(c): c.source for c in saved.cells if nbs.grade_id(c) in answers}
        # an autosave may have written an earlier state: wait for the one with every answer
        if kept == answers and WRITTEN in (
            c.source for c in saved.cells if "answer_for" in nbs.course_meta(c)
        ):
            break
        time.sleep(0.5)
    else:
        pytest.fail("the working copy was not saved")
    assert {nbs.grade_id(c): c.source for c in saved.cells if nbs.grade_id(c) in answers} == answers
    panel(page).get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_text("Success! Your notebook passes all the tests.").wait_for(timeout=180_000)
    dialog.get_by_role("button", name="Ok").click()


def test_fetch_from_the_assignments_tab_lands_where_the_start_page_links(served, learner):
    page = learner
    open_assignments_tab(page)
    item(page, "fetched", MODULE).get_by_text("Submit", exact=True).wait_for()
    item(page, "released", OTHER).get_by_text("Fetch", exact=True).click()
    item(page, "fetched", OTHER).get_by_text("Submit", exact=True).wait_for()
    fetched = copies(served) / OTHER / "reliability-math-assignment.ipynb"
    assert fetched.is_file()
    nb = nbs.read(fetched)
    nb.cells.append(nbformat.v4.new_markdown_cell("my notes on the warm replica"))
    nbs.write(nb, fetched)
    page.locator(".lm-TabBar-tab", has_text="start-here.ipynb").click()
    page.get_by_role("link", name=fetched.name, exact=True).click()
    page.locator(".lm-TabBar-tab.lm-mod-current", has_text=fetched.name).wait_for()
    panel(page).locator("p", has_text="my notes on the warm replica").wait_for()


def test_submit_sends_the_work_and_feedback_comes_back(served, learner):
    page = learner
    course = served.course
    page.locator(".lm-TabBar-tab", has_text="Assignments").click()
    item(page, "fetched", MODULE).get_by_text("Submit", exact=True).click()
    item(page, "submitted", MODULE).wait_for(timeout=120_000)
    # the mentor collects, grades in the sandbox and returns feedback
    report = collect(course, MODULE)
    assert not report.errors, report.errors
    (student,) = {c.student for c in report.collected}
    sent = nbs.read(course.folder("submitted") / student / MODULE / NOTEBOOK)
    answers = reference_answers(course, MODULE)
    assert {
        nbs.grade_id(c): c.source for c in sent.cells if nbs.grade_id(c) in answers
    } == answers, "the submission holds the learner's answers, not the blank release"
    summary = grade(course, MODULE, students=[student], jobs=1, sandbox=True)
    (outcome,) = summary.outcomes
    assert outcome.status == "ok" and outcome.score == 11, summary.lines()
    assert generate_feedback(course, MODULE, students=[student]).done == [student]
    assert release_feedback(course, MODULE, students=[student]).done
    page.locator("#refresh_assignments_list").click()
    item(page, "submitted", MODULE).get_by_text("Fetch Feedback", exact=True).click()
    item(page, "submitted", MODULE).get_by_text(re.compile("view feedback", re.I)).wait_for()
    pages = list((copies(served) / MODULE / "feedback").rglob("*.html"))
    assert pages and "BEGIN HIDDEN" not in pages[0].read_text()


def test_the_session_left_the_course_as_it_was(served, learner):
    page = learner
    time.sleep(AUTOSAVE_SECONDS * 2)
    assert served.git_status() == "", "the browser session changed tracked files"
    assert release(served.course, [MODULE, OTHER], check=True) == []
    assert page.get_by_text(re.compile("official Jupyter news")).count() == 0
