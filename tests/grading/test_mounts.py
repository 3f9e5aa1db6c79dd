"""The jail's kernel imports the grader's own copy of the course package."""

from __future__ import annotations

import sys

from apprentice.grading.sandbox import Mounts, Sandbox, bwrap_argv


def _env(argv: list[str]) -> dict[str, str]:
    return {argv[i + 1]: argv[i + 2] for i, a in enumerate(argv) if a == "--setenv"}


def test_a_package_outside_the_venv_is_mounted_and_first_on_the_kernels_path():
    # e.g. an editable install whose .pth points at another checkout than the grader runs
    mounts = Mounts(
        python=sys.executable,
        base_prefix=sys.base_prefix,
        venv=sys.prefix,
        package_dirs=["/srv/course/src"],
        data_files=[],
    )
    argv = bwrap_argv(Sandbox(), slot=0, runtime_dir="/tmp/rt", mounts=mounts, command=["true"])
    assert ["--ro-bind", "/srv/course/src", "/srv/course/src"] == argv[
        argv.index("/srv/course/src") - 1 : argv.index("/srv/course/src") + 2
    ]
    assert _env(argv)["PYTHONPATH"] == "/srv/course/src"


def test_a_package_inside_the_venv_needs_no_path():
    mounts = Mounts(
        python=sys.executable,
        base_prefix=sys.base_prefix,
        venv=sys.prefix,
        package_dirs=[],
        data_files=[],
    )
    argv = bwrap_argv(Sandbox(), slot=0, runtime_dir="/tmp/rt", mounts=mounts, command=["true"])
    assert "PYTHONPATH" not in _env(argv)
