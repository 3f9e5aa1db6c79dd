"""Reading notebooks defensively: every bad file is one clear line, never a traceback."""

from __future__ import annotations

import os
import re

import nbformat
import pytest

from apprentice import notebooks as nbs


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"not json", "invalid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[1, 2]", "not a notebook (no list of cells)"),
        (b'{"cells": [], "nbformat": 3}', "nbformat 3 is not supported"),
        (b"[" * 100_000, "nested too deeply"),
        (
            b'{"cells": [{"cell_type": "bogus"}], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
            "not a valid notebook",
        ),
    ],
)
def test_bad_files_give_one_line_reasons(tmp_path, content, message):
    path = tmp_path / "work.ipynb"
    path.write_bytes(content)
    with pytest.raises(nbs.NotebookError, match=re.escape(message)) as info:
        nbs.read(path)
    assert "\n" not in str(info.value) and "work.ipynb" in str(info.value)


def test_missing_oversized_links_and_folders(tmp_path):
    with pytest.raises(nbs.NotebookError, match="no such notebook"):
        nbs.read(tmp_path / "missing.ipynb")
    big = tmp_path / "big.ipynb"
    big.write_bytes(b" " * 2048)
    with pytest.raises(nbs.NotebookError, match="over the 0 MB limit"):
        nbs.read(big, max_bytes=1024)
    target = tmp_path / "real.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), str(target))
    os.symlink(target, tmp_path / "link.ipynb")
    with pytest.raises(nbs.NotebookError, match="symbolic link"):
        nbs.read(tmp_path / "link.ipynb")
    (tmp_path / "dir.ipynb").mkdir()
    with pytest.raises(nbs.NotebookError, match="not a regular file"):
        nbs.read(tmp_path / "dir.ipynb")


def test_sources_helpers():
    source = "a = f(1)\nassert a == 2\n### BEGIN HIDDEN TESTS\nassert f(3) == 4\n### END HIDDEN TESTS\nb = 1"
    assert nbs.hidden_lines(source) == {3, 4, 5}
    answer = "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION"
    assert nbs.completed_answer(answer) == "def f(x):\n    return x + 1"
    assert nbs.defined_names(
        "import os\ndef f(): pass\nx, (y, *z) = 1, (2, 3)\nclass C: pass\nw: int = 1\nv += 1"
    ) == {"f", "x", "y", "z", "C", "w", "v"}
    assert nbs.used_names("assert f(x) == y") == {"f", "x", "y"}
    assert (
        nbs.strip_mark_scheme("prompt\n### BEGIN MARK SCHEME\nsecret\n### END MARK SCHEME\n")
        == "prompt\n"
    )
