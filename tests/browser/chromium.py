"""Debian's Chromium driven by Playwright, and a screenshot of every failing browser test.

Playwright's own browser download cannot work offline, so the tests launch /usr/bin/chromium
(installed by `make sandbox`) with a fresh profile. A missing browser fails the test with the
command that installs it; it never skips.

When a test fails, every Playwright page it used is saved as a PNG under the session's
temporary folder, and the failure message names the file.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("APPRENTICE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",  # required as root; the pages are the course's own
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 60_000


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """One Chromium for the session, with a fresh user-data-dir; yields its browser context."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make sandbox` (Debian package chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def new_tab(context) -> Page:
    """A new tab that answers JupyterLab's "File Changed" dialog with Overwrite.

    JupyterLab raises that dialog when a save's PUT takes longer than half a second and the
    file's time on disk then looks newer than the copy in the browser (jupyterlab/jupyterlab
    issues 7743 and 17365), which a loaded 2-core machine makes happen now and then. Nothing
    else writes the files these tests open, and every test checks what was saved on disk.
    """
    tab = context.new_page()
    dialog = tab.locator(".jp-Dialog", has_text="has changed on disk")
    tab.add_locator_handler(
        dialog, lambda found: found.get_by_role("button", name="Overwrite").click()
    )
    return tab


@pytest.fixture
def tab(chromium, screenshot_dir):
    """A new tab for one test (closed afterwards)."""
    tab = new_tab(chromium)
    yield tab
    tab.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when not in ("setup", "call") or not report.failed:
        return
    pages = [v for v in getattr(item, "funcargs", {}).values() if isinstance(v, Page)]
    folder = item.funcargs.get("screenshot_dir") if hasattr(item, "funcargs") else None
    folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="screenshots-"))
    saved = []
    for i, tab in enumerate(pages):
        if tab.is_closed():
            continue
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)[:80]
        path = folder / f"{name}-{i}.png"
        try:
            tab.screenshot(path=str(path), full_page=True, timeout=15_000)
        except Exception as exc:  # a crashed page must not hide the real failure
            saved.append(f"(no screenshot of {tab.url}: {exc})")
            continue
        saved.append(f"screenshot: {path} ({tab.url})")
    if saved and hasattr(report.longrepr, "addsection"):
        report.longrepr.addsection("browser", "\n".join(saved))
    elif saved:
        report.sections.append(("browser", "\n".join(saved)))
