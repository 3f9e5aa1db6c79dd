"""A cohort on JupyterHub, end to end, as `make hub` runs it.

Run as root (as CI is), this starts `apprentice hub` on 127.0.0.1 with a roster of two learners,
a mentor and a grading account, all real accounts created for the test (useradd) and removed
after. The hub spawns each learner's server as that account (LocalProcessSpawner) from the
shared install, and the formgrader as a service running as the grading account; the gradebook
is PostgreSQL (Debian's server, a cluster of the hub's own, run as the `postgres` account).

- the mentor, in the formgrader service's terminal (the grading account), releases a module;
- both learners find the lessons and the start page, then fetch and submit through the
  Assignments tab's REST API on their own servers;
- the mentor collects, grades (in the jail, as the grading account, not root), saves a manual
  grade through the formgrader service, releases feedback and runs the report;
- both learners fetch their feedback.
Run as a normal account the hub cannot start servers as other accounts, so it is skipped.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from apprentice.course import Course
from apprentice.postgres import tool
from apprentice.simulate import filled

from ..content.harness import REPO
from ..servers import free_port, run_coroutine

pytestmark = [pytest.mark.slow, pytest.mark.sandbox, pytest.mark.xdist_group(name="hub")]

MODULE = "00-orientation"
NOTEBOOK = "orientation-assignment.ipynb"
GRADER = "hubt-grader"
MENTOR = "hubt-mentor"
LEARNERS = ["hubt-ada", "hubt-grace"]
ACCOUNTS = [*LEARNERS, MENTOR, GRADER]
PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
WRITTEN = "The outage started at 09:05 UTC and was fixed by rolling back."


def _remove_accounts() -> None:
    for name in ACCOUNTS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        time.sleep(0.2)
        subprocess.run(["userdel", name], capture_output=True)


class Http:
    """Requests to the hub's public address, as one hub user (token) or as nobody."""

    def __init__(self, base: str, token: str = "") -> None:
        self.base, self.token = base, token

    def request(self, method: str, path: str, body=None, *, form: dict | None = None):
        headers = {}
        data = None
        if self.token:
            headers["Authorization"] = f"token {self.token}"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=300) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def json(self, method: str, path: str, body=None, *, form=None):
        status, text = self.request(method, path, body, form=form)
        assert status in (200, 201), (method, path, status, text[:800])
        return json.loads(text) if text else None


class Hub:
    def __init__(self, base: str, password: str, prefix: Path, log: Path) -> None:
        self.base, self.password, self.prefix, self.log = base, password, prefix, log
        self.course_id = Course.open(REPO).course_id

    def login(self, user: str) -> Http:
        """A token for ``user``, got with the user's own name and password (the hub's
        authenticator decides), as a script of theirs would."""
        token = Http(self.base).json(
            "POST",
            f"/hub/api/users/{user}/tokens",
            {"auth": {"username": user, "password": self.password}, "note": "hub test"},
        )["token"]
        return Http(self.base, token)

    def tail(self) -> str:
        text = ""
        for path in (self.log, self.prefix / "state" / "jupyterhub.log"):
            if path.is_file():
                text += f"--- {path}\n" + path.read_text(errors="replace")[-8000:]
        return text


def terminal(
    hub: Hub, user: Http, command: str, *, server: str = "", timeout: float = 600
) -> tuple[int, str]:
    """Run ``command`` in a terminal, as a mentor does in the formgrader service (File > New >
    Terminal in /services/<course>/lab), or on ``server`` (a learner's /user/<name>):
    returns its exit status and output."""
    started = time.monotonic()
    try:
        return _terminal(hub, user, command, server or f"/services/{hub.course_id}", timeout)
    finally:
        print(f"{time.monotonic() - started:6.1f}s  {command}")


def _terminal(hub: Hub, mentor: Http, command: str, server: str, timeout: float):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    name = mentor.json("POST", f"{server}/api/terminals", {})["name"]
    url = hub.base.replace("http://", "ws://") + f"{server}/terminals/websocket/{name}"

    async def run() -> str:
        ws = await websocket_connect(
            HTTPRequest(url, headers={"Authorization": f"token {mentor.token}"})
        )
        # the marker is split in the command, so only its output matches
        await ws.write_message(json.dumps(["stdin", f"{command}; echo __DO''NE__$?\r"]))
        out = ""
        deadline = time.monotonic() + timeout
        while not re.search(r"__DONE__\d+", out):
            left = deadline - time.monotonic()
            msg = await asyncio.wait_for(ws.read_message(), max(left, 0.1))
            if msg is None:
                break
            kind, *data = json.loads(msg)
            if kind == "stdout":
                out += data[0]
        ws.close()
        return out

    try:
        out = run_coroutine(run())
    finally:
        mentor.request("DELETE", f"{server}/api/terminals/{name}")
    found = re.search(r"__DONE__(\d+)", out)
    assert found, f"{command}: no exit status in terminal output:\n{out[-3000:]}"
    clean = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", out)
    # typed before the shell is ready, the command is echoed twice (by the terminal, then by
    # readline): the output follows the last echo
    return int(found.group(1)), clean.rsplit("__DO''NE__$?", 1)[-1]


def shared_install() -> Path:
    """Where the test's hub keeps its shared install (the non-root suite uses it too), cached
    across runs by the lock's hash: building it takes minutes."""
    lock = hashlib.sha256((REPO / "requirements.lock").read_bytes()).hexdigest()[:12]
    return Path(f"/var/tmp/apprentice-hub-venv-{lock}")


def hub_venv() -> tuple[Path, int]:
    """The shared install, and a lock held while the test runs: one hub test on this host at
    a time, since they share it and the account names."""
    handle = os.open("/var/tmp/apprentice-hub-test.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return shared_install(), handle


def _wait(what: str, check, hub: Hub, proc, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"apprentice hub exited ({proc.returncode}) while {what}:\n{hub.tail()}")
        try:
            value = check()
            if value:
                return value
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"timed out while {what}:\n{hub.tail()}")


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the hub starts servers as other accounts: run as root (CI does)")
    if not PROXY.exists():
        pytest.fail(f"{PROXY} is missing: `make test` installs it (npm configurable-http-proxy)")
    venv, lock = hub_venv()
    _remove_accounts()  # left over by a run that was killed
    base = Path(tempfile.mkdtemp(prefix="apprentice-hub-", dir="/tmp"))
    os.chmod(base, 0o755)  # every account walks through to its home and the hub's folders
    proc = None
    try:
        roster = base / "roster.yml"
        roster.write_text(
            f"grader: {GRADER}\nmentors: [{MENTOR}]\nlearners: [{', '.join(LEARNERS)}]\n"
        )
        port, password = free_port(), secrets.token_urlsafe(16)
        ports = [free_port() for _ in range(3)]
        log = base / "apprentice-hub.log"
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("apprentice")),
                "--course-root",
                str(REPO),
                "hub",
                f"--roster={roster}",
                f"--prefix={base / 'srv'}",
                f"--venv={venv}",
                f"--home-base={base / 'home'}",
                f"--port={port}",
                f"--hub-port={ports[0]}",
                f"--proxy-api-port={ports[1]}",
                f"--service-port={ports[2]}",
            ],
            env={**os.environ, "APPRENTICE_HUB_PASSWORD": password},
            stdout=open(log, "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        running = Hub(f"http://127.0.0.1:{port}", password, base / "srv", log)
        _wait(
            "starting the hub",
            lambda: Http(running.base).request("GET", "/hub/api/")[0] == 200,
            running,
            proc,
            seconds=900,  # the first run on a host builds the shared install
        )
        running.proc = proc
        yield running
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # the hub stops its servers, then PostgreSQL
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        _remove_accounts()
        data = base / "srv" / "postgres" / "data"
        if (data / "postmaster.pid").exists():  # the hub died before stopping it
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    "pg_ctl",
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "stop",
                ],
                capture_output=True,
            )
        shutil.rmtree(base, ignore_errors=True)
        os.close(lock)


def _start_servers(hub: Hub, users: dict[str, Http]) -> None:
    for name, client in users.items():
        status, text = client.request("POST", f"/hub/api/users/{name}/server")
        assert status in (201, 202), (name, status, text[:500])


def _wait_for_servers(hub: Hub, users: dict[str, Http]) -> None:
    def ready():
        return all(
            json.loads(c.request("GET", f"/hub/api/users/{n}")[1])["servers"]
            .get("", {})
            .get("ready")
            for n, c in users.items()
        )

    _wait("starting the learners' servers", ready, hub, hub.proc, seconds=120)


def _answer(hub: Hub, name: str, client: Http, answers) -> None:
    """Write answers into the fetched notebook through the learner's own server."""
    path = f"/user/{name}/api/contents/{hub.course_id}/{MODULE}/{NOTEBOOK}"
    fetched = client.json("GET", path)
    nb = filled(Course.open(REPO), MODULE, NOTEBOOK, answers, written=WRITTEN)
    nb.metadata = nbformat.from_dict(fetched["content"]["metadata"])
    client.json("PUT", path, {"type": "notebook", "format": "json", "content": nb})


@pytest.fixture(scope="module")
def cohort(hub):
    """The weekly cycle on the hub; every step's answer, for the tests below to check."""
    try:
        return _cycle(hub)
    except AssertionError as exc:
        pytest.fail(f"{exc}\n{hub.tail()}")


def _cycle(hub: Hub) -> dict:
    mentor = hub.login(MENTOR)
    learners = {name: hub.login(name) for name in LEARNERS}
    seen: dict = {"learners": {}}
    _start_servers(hub, learners)  # they start while the mentor releases the module
    seen["whoami"] = terminal(hub, mentor, "id -un; pwd; command -v apprentice")
    seen["release"] = terminal(hub, mentor, f"apprentice release {MODULE} --to-exchange")
    _wait_for_servers(hub, learners)
    course = hub.course_id
    for name, client in learners.items():
        got = seen["learners"][name] = {}
        got["start_page"] = client.request(
            "GET", f"/user/{name}/api/contents/lessons/curriculum/start-here.ipynb"
        )
        got["lesson"] = client.request(
            "GET", f"/user/{name}/api/contents/lessons/curriculum/{MODULE}/orientation.ipynb"
        )
        got["lesson_folder"] = client.json(
            "GET", f"/user/{name}/api/contents/lessons/curriculum/{MODULE}"
        )
        got["landing"] = client.request("GET", f"/user/{name}/")
        got["own_formgrader"] = client.request("GET", f"/user/{name}/formgrader/")
        got["shell"] = terminal(
            hub, client, "id -un; command -v apprentice", server=f"/user/{name}"
        )
        got["listed"] = client.json("GET", f"/user/{name}/assignments?course_id={course}")
        args = {"course_id": course, "assignment_id": MODULE}
        got["fetch"] = client.json("POST", f"/user/{name}/assignments/fetch", form=args)
        _answer(hub, name, client, {} if name == LEARNERS[0] else None)
        got["submit"] = client.json("POST", f"/user/{name}/assignments/submit", form=args)
        got["formgrader"] = client.request("GET", f"/services/{course}/formgrader/")
    seen["collect"] = terminal(hub, mentor, f"apprentice collect {MODULE}")
    seen["grade"] = terminal(hub, mentor, f"apprentice grade {MODULE} --jobs 2")
    socket = hub.prefix / "postgres" / "socket"
    seen["rows"] = terminal(
        hub,
        mentor,
        f"{tool('psql')} -h {socket} -d gradebook -Atc "
        '"select student, status, sandboxed from apprentice_status order by student"',
    )
    api = f"/services/{course}/formgrader/api"
    notebooks = mentor.json("GET", f"{api}/submitted_notebooks/{MODULE}/{Path(NOTEBOOK).stem}")
    ada = next(n for n in notebooks if n["student"] == LEARNERS[0])
    grades = mentor.json("GET", f"{api}/grades?submission_id={ada['id']}")
    memo = next(g for g in grades if g["name"] == "incident-note")
    seen["saved"] = mentor.json("PUT", f"{api}/grade/{memo['id']}", {"manual_score": 3})
    seen["page"] = mentor.request("GET", f"/services/{course}/formgrader/submissions/{ada['id']}/")
    seen["feedback"] = terminal(hub, mentor, f"apprentice feedback {MODULE}")
    for name, client in learners.items():
        got = seen["learners"][name]
        args = {"course_id": course, "assignment_id": MODULE}
        got["fetch_feedback"] = client.json(
            "POST", f"/user/{name}/assignments/fetch_feedback", form=args
        )
        folder = f"/user/{name}/api/contents/{course}/{MODULE}/feedback"
        stamps = client.json("GET", folder)["content"]
        got["feedback_html"] = [
            client.json(
                "GET", f"{folder}/{urllib.parse.quote(stamp['name'])}/{Path(NOTEBOOK).stem}.html"
            )["content"]
            for stamp in stamps
        ]
    seen["report"] = terminal(hub, mentor, "apprentice report --format json --out report.json")
    seen["report_json"] = json.loads((hub.prefix / "course" / "report.json").read_text())
    return seen


def test_mentors_work_in_the_formgrader_service_as_the_grading_account(hub, cohort):
    status, out = cohort["whoami"]
    assert status == 0, out
    lines = out.split()
    assert lines[:2] == [GRADER, str(hub.prefix / "course")], out
    assert lines[2].startswith("/var/tmp/apprentice-hub-venv-"), out  # the shared install
    status, out = cohort["release"]
    assert status == 0 and f"published {MODULE}" in out, out


def test_learners_get_the_lessons_and_the_start_page_read_only(cohort):
    for name, got in cohort["learners"].items():
        status, text = got["start_page"]
        assert status == 200, (name, text[:300])
        page = json.loads(text)
        assert page["writable"] is False
        assert "start here" in json.dumps(page["content"]["cells"][0]), name
        assert got["lesson"][0] == 200, got["lesson"]
        names = {item["name"] for item in got["lesson_folder"]["content"]}
        assert "orientation.ipynb" in names and "mentor-guide.md" not in names, names
        status, text = got["landing"]
        assert status == 200 and "start-here.ipynb" in text, (name, status)  # the default URL
        config = json.loads(
            re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', text, re.S).group(1)
        )
        disabled = config["disabledExtensions"]
        assert "@jupyter/nbgrader:formgrader" in disabled, disabled  # mentors' tools, not theirs
        assert "@jupyter/nbgrader:create-assignment" in disabled, disabled
        assert got["own_formgrader"][0] == 404, name
        status, out = got["shell"]  # a terminal as themselves, with the course's tools
        assert status == 0 and out.split()[0] == name, out
        assert out.split()[1].startswith("/var/tmp/apprentice-hub-venv-"), out


def test_learners_fetch_and_submit_through_their_servers(cohort):
    for name, got in cohort["learners"].items():
        listed = got["listed"]
        assert listed["success"], listed
        assert [a["assignment_id"] for a in listed["value"]] == [MODULE], listed
        assert got["fetch"]["success"], got["fetch"]
        assert got["submit"]["success"], got["submit"]
        status, _ = got["formgrader"]
        assert status == 403, (name, status)  # learners cannot open the formgrader service


def test_the_mentor_collects_and_grades_as_the_grading_account_in_the_jail(hub, cohort):
    status, out = cohort["collect"]
    assert status == 0 and "2 submissions from 2 learners" in out, out
    status, out = cohort["grade"]
    assert status == 0, out
    assert "2 graded" in out and "0 with problems" in out, out
    assert re.search(rf"{LEARNERS[0]}\s+\S+\s+ok", out), out
    assert "WITHOUT the sandbox" not in out
    status, out = cohort["rows"]  # the grading account reads its gradebook, peer-authenticated
    assert status == 0, out
    assert re.findall(r"hubt-\w+\|ok\|t", out) == [f"{n}|ok|t" for n in LEARNERS], out
    course = hub.prefix / "course"
    grader = pwd.getpwnam(GRADER).pw_uid
    assert course.stat().st_uid == grader and course.stat().st_mode & 0o077 == 0
    for path in (course / ".apprentice", course / "autograded", course / "solutions"):
        assert path.stat().st_uid == grader and path.stat().st_mode & 0o077 == 0, path
    owners = {p.stat().st_uid for p in (course / "autograded").rglob("*")}
    assert owners == {grader}, owners  # written by the grading account, never by root


def test_a_manual_grade_saved_in_the_formgrader_service_reaches_the_learner(cohort):
    assert cohort["saved"]["manual_score"] == 3 and not cohort["saved"]["needs_manual_grade"]
    status, page = cohort["page"]
    assert status == 200 and "09:05 UTC" in page
    status, out = cohort["feedback"]
    assert status == 0 and "released feedback of 2 learners" in out, out
    for name, got in cohort["learners"].items():
        assert got["fetch_feedback"]["success"], got["fetch_feedback"]
        assert len(got["feedback_html"]) == 1, name
        html = got["feedback_html"][0]
        assert "MARK SCHEME" not in html and "HIDDEN TESTS" not in html
    ada = cohort["learners"][LEARNERS[0]]["feedback_html"][0]
    assert "09:05 UTC" in ada


def test_the_report_reads_the_postgresql_gradebook(cohort):
    status, out = cohort["report"]
    assert status == 0, out
    scores = {row["learner"]: row for row in cohort["report_json"]["scores"]}
    assert set(scores) == set(LEARNERS), scores
    assert scores[LEARNERS[0]]["score"] > scores[LEARNERS[1]]["score"]
    assert scores[LEARNERS[0]]["manual_pending"] == 0


def test_the_exchange_lets_learners_submit_but_not_read_each_other(hub, cohort):
    assert (hub.prefix / "exchange").stat().st_mode & 0o7777 == 0o1777
    inbound = hub.prefix / "exchange" / hub.course_id / "inbound"
    assert inbound.stat().st_mode & 0o007 == 0o003  # others may add, never list
    owners = {pwd.getpwuid(p.stat().st_uid).pw_name for p in inbound.iterdir()}
    assert owners == set(LEARNERS), owners  # each submission is its learner's own
