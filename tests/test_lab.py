"""`make lab` serves JupyterLab on the start page, with nbgrader's extensions, and never edits the course.

A real `apprentice lab` serves a copy of the course (one module, its lesson, the start page).
Through the contents API, as JupyterLab calls it: course files are reported read-only and
every way of changing them is refused; a path in a learner's working copy creates the copy on
first use and never overwrites it afterwards; new files made "in" a course folder land in the
learner's folder. A terminal has `apprentice` on PATH, and the first-run news prompt is off.
"""

from __future__ import annotations

import asyncio
import json
import sys
import urllib.request
from pathlib import Path

import pytest

from apprentice.simulate import copy_course

from .content.harness import REPO
from .servers import lab, run_coroutine

MODULE = "00-orientation"
NAME = "orientation-assignment.ipynb"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(name="lab")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    course = copy_course(REPO, tmp / "course", [MODULE], lessons=True)
    with lab(course.root, tmp) as client:
        yield client, course


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for tree in ("curriculum", "exercises", "solutions")
        for p in sorted((root / tree).rglob("*"))
        if p.is_file()
    } | {p.name: p.read_bytes() for p in root.glob("*.py")}


def test_lab_opens_on_the_start_page(server):
    client, _ = server
    with urllib.request.urlopen(f"{client.base}/?token={client.token}", timeout=30) as response:
        assert response.status == 200
        assert "/lab/tree/curriculum/start-here.ipynb" in response.geturl(), response.geturl()
    page = client.json("GET", "/api/contents/curriculum/start-here.ipynb")
    assert page["content"]["cells"][0]["source"].startswith("# InfraSec Apprenticeship")


def test_nbgrader_lab_and_server_extensions_are_enabled(server):
    client, course = server
    extensions = {e["name"]: e for e in client.json("GET", "/lab/api/extensions")}
    nbgrader = extensions["jupyter-nbgrader"]  # the @jupyter/nbgrader lab extension
    assert nbgrader["enabled"] and nbgrader["installed"] and nbgrader["status"] == "ok"
    status, page = client.get("/formgrader")
    assert status == 200 and "formgrade" in page.lower()
    status, body = client.get(f"/assignments?course_id={course.course_id}")
    assert status == 200 and json.loads(body)["success"]


def test_course_files_are_read_only(server):
    client, course = server
    before = snapshot(course.root)
    for path in (
        "curriculum/start-here.ipynb",
        f"curriculum/{MODULE}/orientation.ipynb",
        f"exercises/{MODULE}/{NAME}",
    ):
        model = client.json("GET", f"/api/contents/{path}")
        assert model["writable"] is False, path
        status, body = client.request("PUT", f"/api/contents/{path}", model)
        assert status == 403 and "course material" in json.loads(body)["message"], (status, body)
        status, _ = client.request("DELETE", f"/api/contents/{path}")
        assert status == 403, path
        status, _ = client.request("PATCH", f"/api/contents/{path}", {"path": "moved.ipynb"})
        assert status == 403, path
        status, _ = client.request("POST", f"/api/contents/{path}/checkpoints")
        assert status == 403, path
    text = {"type": "file", "format": "text", "content": "x"}
    for path in ("grader_config.py", "README.md", f"curriculum/{MODULE}/new.txt"):
        status, _ = client.request("PUT", f"/api/contents/{path}", text)
        assert status == 403, path
    status, _ = client.request(
        "PATCH", f"/api/contents/{course.course_id}", {"path": "curriculum/mine"}
    )
    assert status == 403
    assert snapshot(course.root) == before
    assert not (course.root / "README.md").exists()


def test_new_files_in_a_course_folder_land_in_the_learners_folder(server):
    client, course = server
    made = client.json("POST", f"/api/contents/curriculum/{MODULE}", {"type": "notebook"})
    assert made["path"].startswith(f"{course.course_id}/Untitled"), made["path"]
    copied = client.json(
        "POST", "/api/contents/curriculum", {"copy_from": f"curriculum/{MODULE}/orientation.ipynb"}
    )
    assert copied["path"] == f"{course.course_id}/orientation.ipynb", copied["path"]
    assert copied["writable"] is True
    own = {"type": "file", "format": "text", "content": "my notes"}
    status, _ = client.request("PUT", "/api/contents/notes", {"type": "directory"})
    assert status in (200, 201)
    status, _ = client.request("PUT", "/api/contents/notes/todo.txt", own)
    assert status in (200, 201) and (course.root / "notes" / "todo.txt").read_text() == "my notes"


def test_opening_a_working_copy_creates_it_once_and_never_overwrites(server):
    client, course = server
    path = f"{course.course_id}/{MODULE}/{NAME}"
    assert not (course.root / path).exists()
    model = client.json("GET", f"/api/contents/{path}")
    assert model["writable"] is True and (course.root / path).is_file()
    assert (course.root / course.course_id / MODULE / "requests-2026-03-17.csv").is_file()
    model["content"]["cells"][4]["source"] = "grading_facts = {}  # my answer"
    saved = client.json("PUT", f"/api/contents/{path}", model)
    assert saved["writable"] is True
    again = client.json("GET", f"/api/contents/{path}")
    assert again["content"]["cells"][4]["source"] == "grading_facts = {}  # my answer"
    status, _ = client.get(f"/api/contents/{course.course_id}/99-nothing/x.ipynb")
    assert status == 404


def test_a_terminal_has_apprentice_on_path(server):
    client, _ = server
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    name = client.json("POST", "/api/terminals")["name"]
    url = client.base.replace("http://", "ws://") + f"/terminals/websocket/{name}"

    async def run() -> str:
        request = HTTPRequest(url, headers={"Authorization": f"token {client.token}"})
        ws = await websocket_connect(request)
        ws.write_message(json.dumps(["stdin", "command -v apprentice; echo DONE-$((40+2))\r"]))
        out = ""
        while "DONE-42" not in out:
            message = await asyncio.wait_for(ws.read_message(), timeout=60)
            assert message is not None, out
            kind, *rest = json.loads(message)
            if kind == "stdout":
                out += rest[0]
        ws.close()
        return out

    try:
        out = run_coroutine(run())
    finally:
        client.request("DELETE", f"/api/terminals/{name}")
    assert str(Path(sys.executable).with_name("apprentice")) in out, out


def test_first_run_prompts_are_off(server):
    client, _ = server
    settings = client.json("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    defaults = {k: v.get("default") for k, v in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false", defaults  # JupyterLab's own default asks
    assert defaults["checkForUpdates"] is False, defaults
