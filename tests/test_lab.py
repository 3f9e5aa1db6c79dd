"""`make lab` really serves JupyterLab on the course start page with nbgrader's extensions."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .content.harness import REPO

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        APPRENTICE_EXCHANGE=str(tmp / "exchange"),
        APPRENTICE_DB_URL=f"sqlite:///{tmp / 'gradebook.db'}",
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
    )
    apprentice = Path(sys.executable).with_name("apprentice")
    proc = subprocess.Popen(
        [
            str(apprentice),
            "--course-root",
            str(REPO),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            get(f"{base}/api/status?token={token}")
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if proc.poll() is not None:
                pytest.fail("jupyter lab exited: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("jupyter lab did not start within 90 s")
    yield base, token
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def test_lab_opens_on_the_start_page(server):
    base, token = server
    with urllib.request.urlopen(f"{base}/?token={token}", timeout=10) as response:
        assert response.status == 200
        assert "/lab/tree/curriculum/start-here.ipynb" in response.geturl(), response.geturl()
    status, body = get(f"{base}/api/contents/curriculum/start-here.ipynb?token={token}")
    assert json.loads(body)["content"]["cells"][0]["source"].startswith("# InfraSec Apprenticeship")


def test_nbgrader_lab_and_server_extensions_are_enabled(server):
    base, token = server
    status, body = get(f"{base}/lab/api/extensions?token={token}")
    extensions = {e["name"]: e for e in json.loads(body)}
    nbgrader = extensions["jupyter-nbgrader"]  # the @jupyter/nbgrader lab extension
    assert nbgrader["enabled"] and nbgrader["installed"] and nbgrader["status"] == "ok"
    status, page = get(f"{base}/formgrader?token={token}")
    assert status == 200 and "formgrade" in page.lower()
    status, body = get(f"{base}/assignments?course_id=infrasec-apprenticeship&token={token}")
    assert status == 200 and json.loads(body)["success"]
