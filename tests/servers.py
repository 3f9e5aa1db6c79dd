"""Start and stop real servers for tests: JupyterLab as `apprentice lab` runs it."""

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
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """HTTP against a Jupyter server with token auth (token requests skip XSRF checks)."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token

    def request(self, method: str, path: str, body=None, timeout: float = 300):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def get(self, path: str):
        return self.request("GET", path)

    def json(self, method: str, path: str, body=None):
        status, text = self.request(method, path, body)
        assert 200 <= status < 300, (status, text[:500])
        return json.loads(text)


@contextmanager
def lab(course_root: Path, tmp: Path, *, env: dict | None = None):
    """`apprentice lab` on a free port, serving ``course_root``; yields a Client."""
    port, token = free_port(), secrets.token_hex(16)
    environment = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        **(env or {}),
    )
    apprentice = Path(sys.executable).with_name("apprentice")
    proc = subprocess.Popen(
        [
            str(apprentice),
            "--course-root",
            str(course_root),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
        ],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "lab.log", "wb"),  # noqa: SIM115
        start_new_session=True,
    )
    client = Client(f"http://127.0.0.1:{port}", token)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            status, _ = client.get("/api/status")
            if status == 200:
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None:
            pytest.fail("jupyter lab exited: " + (tmp / "lab.log").read_text()[-2000:])
        time.sleep(0.5)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("jupyter lab did not start within 90 s")
    try:
        yield client
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_coroutine(coroutine):
    """``asyncio.run`` in a thread of its own: in a test process where Playwright's sync API
    already runs an event loop, asyncio.run on the main thread refuses to start."""
    import asyncio
    import threading

    box: dict = {}

    def main() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 -- re-raised on the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]
