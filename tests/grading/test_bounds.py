"""The trusted side is bounded too, whatever a learner's kernel sends or does.

Hostile learners of module 00 replace the kernel's side of the grader's channel with one that
sends crafted replies (a string array wide enough to need gigabytes, ten thousand keys that
share one hash, a lazy range of a trillion labels), print 300 MB in one message, make every
call take most of the per-call limit so that only the whole-notebook deadline stops them, and
fill the kernel's runtime folder. One more learner's worker is killed from outside while it
grades. Each case asserts that the bound held, that the verdicts already reached were kept with
an explicit status, and that the honest learners graded after it still earn full marks.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from apprentice.grading.batch import grade
from apprentice.simulate import reference_answers, write_submission

from ..content.harness import make_course, sandbox_available

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
FULL = 11.0
pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="bounds")]

CRAFTED = """
import json as _json
import apprentice.wire as _wire
_honest = _wire.answer
def _crafted(namespace, request_text, buffers=(), *, binary=False):
    request = _json.loads(request_text)
    if request.get("name") != "error_rate" or request.get("op") != "call":
        return _honest(namespace, request_text, buffers, binary=binary)
    return {"nonce": request["nonce"], "ok": True, "value": VALUE}, []
_wire.answer = _crafted
"""

VALUES = {
    "b01-wide-strings": json.dumps(
        {"$ndarray": {"dtype": "<U999999", "shape": [3000], "data": ["x"] * 3000}}
    ),
    "b02-hash-collisions": json.dumps({"$set": [k * (2**61 - 1) for k in range(1, 10_001)]}),
    "b03-lazy-range": json.dumps(
        {
            "$series": {
                "values": {"kind": "numpy", "dtype": "int64", "shape": [0], "data": []},
                "index": {"$rangeindex": {"start": 0, "stop": 10**12, "step": 1, "name": None}},
                "name": None,
            }
        }
    ),
}


def _with(ref: dict, gid: str, prefix: str) -> dict:
    return {gid: prefix + ref[gid]}


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    if not sandbox_available():
        pytest.fail("the grading sandbox is required: apprentice doctor")
    course = make_course(tmp_path_factory.mktemp("bounds") / "course")
    with open(course.root / "grader_config.py", "a") as handle:
        handle.write("\nc.Grader.cell_timeout = 6\nc.Grader.notebook_timeout = 25\n")
    course = type(course).open(course.root)
    ref = reference_answers(course, MODULE)
    for student, value in VALUES.items():
        write_submission(
            course,
            MODULE,
            student,
            _with(ref, "error-rate-answer", f"VALUE = {value!r}\n" + CRAFTED),
        )
    write_submission(
        course,
        MODULE,
        "b04-giant-print",
        _with(ref, "error-rate-answer", "print('x' * 300_000_000)\n"),
    )
    slow = ref["error-rate-answer"].replace(
        "    if len(log) == 0:", "    __import__('time').sleep(5)\n    if len(log) == 0:"
    )
    write_submission(course, MODULE, "b05-deadline", {"error-rate-answer": slow})
    fill = (
        "import sys, os\n"
        "folder = os.path.dirname(sys.argv[sys.argv.index('-f') + 1])\n"
        "written = 0\n"
        "try:\n"
        "    for i in range(64):\n"
        "        with open(os.path.join(folder, f'fill-{i}'), 'wb') as handle:\n"
        "            handle.write(b'0' * 1024 * 1024)\n"
        "        written += 1\n"
        "        __import__('time').sleep(0.05)\n"
        "except OSError as error:\n"
        "    print('refused after', written, type(error).__name__)\n"
    )
    write_submission(course, MODULE, "b06-runtime-fill", _with(ref, "error-rate-answer", fill))
    for i in range(2):
        write_submission(course, MODULE, f"b{i}9-zz-control", {})
    summary = grade(course, MODULE, jobs=2)
    results = {
        o.student: json.loads((course.state / "results" / MODULE / f"{o.student}.json").read_text())
        for o in summary.outcomes
    }
    return {
        "course": course,
        "outcomes": {o.student: o for o in summary.outcomes},
        "results": results,
    }


def _verdict(bounded, student, gid):
    nb = bounded["results"][student]["notebooks"][NOTEBOOK]
    return next(v for v in nb["verdicts"] if v["grade_id"] == gid)


def test_honest_learners_after_the_hostile_ones_keep_full_marks(bounded):
    for i in range(2):
        outcome = bounded["outcomes"][f"b{i}9-zz-control"]
        assert (outcome.status, outcome.score) == ("ok", FULL)


@pytest.mark.parametrize(
    ("student", "why"),
    [
        ("b01-wide-strings", "string array too wide"),
        ("b02-hash-collisions", "share a hash value"),
        ("b03-lazy-range", "too many index labels"),
    ],
)
def test_crafted_replies_are_refused_before_they_are_built(bounded, student, why):
    rate = _verdict(bounded, student, "error-rate-tests")
    messages = " ".join(c["message"] for c in rate["checks"] if not c["passed"])
    assert not rate["passed"] and why in messages, messages
    result = bounded["results"][student]
    assert result["peak_rss_mb"] < 1500, "the grader did not build what the reply asked for"
    assert bounded["outcomes"][student].status == "ok"
    assert _verdict(bounded, student, "latency-summary-tests")["passed"]


def test_a_giant_message_never_reaches_the_graders_memory(bounded):
    result = bounded["results"]["b04-giant-print"]
    assert result["peak_rss_mb"] < 1500, result["peak_rss_mb"]
    assert _verdict(bounded, "b04-giant-print", "grading-facts-tests")["passed"]
    assert bounded["outcomes"]["b04-giant-print"].status != "ok"


def test_the_whole_notebook_deadline_stops_slow_calls_and_keeps_verdicts(bounded):
    outcome = bounded["outcomes"]["b05-deadline"]
    assert outcome.status == "timeout", outcome
    assert _verdict(bounded, "b05-deadline", "grading-facts-tests")["passed"]
    later = _verdict(bounded, "b05-deadline", "minutes-over-tests")
    assert later["points"] == 0 and later["error"]
    assert outcome.score >= 1


def test_the_runtime_folder_has_a_quota(bounded):
    outcome = bounded["outcomes"]["b06-runtime-fill"]
    mentor = bounded["course"].state / "results" / MODULE / "b06-runtime-fill" / NOTEBOOK
    printed = mentor.read_text() if mentor.exists() else ""
    refused = "refused after" in printed
    stopped = outcome.status == "output-limit" and "runtime folder" in outcome.message
    assert refused or stopped, (outcome, printed[-500:])
    if refused:
        count = int(printed.split("refused after ")[1].split()[0])
        assert count <= 1  # as root, the folder is locked before any learner code runs


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_a_killed_worker_keeps_the_verdicts_it_reached(tmp_path):
    if not sandbox_available():
        pytest.fail("the grading sandbox is required: apprentice doctor")
    import multiprocessing.forkserver as forkserver

    course = make_course(tmp_path / "course")
    ref = reference_answers(course, MODULE)
    slow = ref["minutes-over-answer"] + "\n__import__('time').sleep(60)\n"
    write_submission(course, MODULE, "killed", {"minutes-over-answer": slow})
    killed = []

    def kill_when_graded_halfway():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            server = getattr(forkserver._forkserver, "_forkserver_pid", None)
            logs = list(_progress_logs())
            if server and logs and len(logs[0].read_text().splitlines()) >= 3:
                for child in _children(server):
                    os.kill(child, signal.SIGKILL)
                    killed.append(child)
            time.sleep(0.2)

    thread = threading.Thread(target=kill_when_graded_halfway, daemon=True)
    thread.start()
    summary = grade(course, MODULE)
    thread.join(5)
    assert killed, "the test did not get to kill the worker"
    outcome = summary.outcomes[0]
    assert outcome.status == "stopped" and "killed" in outcome.message, outcome
    result = json.loads((course.state / "results" / MODULE / "killed.json").read_text())
    verdicts = {v["grade_id"]: v for v in result["notebooks"][NOTEBOOK]["verdicts"]}
    assert verdicts["grading-facts-tests"]["passed"] and verdicts["error-rate-tests"]["passed"]
    assert verdicts["minutes-over-tests"]["points"] == 0
    assert "not reached" in verdicts["minutes-over-tests"]["error"]
    assert outcome.score >= 3, "the points of the cells graded before the kill are kept"


def _progress_logs():
    import tempfile
    from pathlib import Path

    yield from Path(tempfile.gettempdir()).glob("apprentice-grade-*/jobs/killed/*.progress.jsonl")
