"""Submissions are archived once per content, read-only, with the grader's receipt time."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from apprentice.course import CourseError
from apprentice.grading.archive import archive


def test_same_content_same_archive_and_receipt(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.ipynb").write_text("{}")
    (sub / "timestamp.txt").write_text("2001-01-01 00:00:00")
    first = archive(tmp_path / "arc", "m", "ada", sub, now=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    again = archive(tmp_path / "arc", "m", "ada", sub, now=dt.datetime(2026, 4, 1, tzinfo=dt.UTC))
    assert first.sha256 == again.sha256 and again.received_at == first.received_at
    assert first.received_at.year == 2026, "the learner's timestamp.txt is not the receipt time"
    stored = first.path / "a.ipynb"
    assert stored.read_text() == "{}"
    assert oct(stored.stat().st_mode & 0o777) == "0o444"
    (sub / "a.ipynb").write_text('{"changed": 1}')
    changed = archive(tmp_path / "arc", "m", "ada", sub)
    assert changed.sha256 != first.sha256 and (first.path / "a.ipynb").read_text() == "{}"


def test_links_special_and_hidden_files_are_left_out(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "work.ipynb").write_text("{}")
    secret = tmp_path / "gradebook.db"
    secret.write_text("secret")
    os.symlink(secret, sub / "linked.ipynb")
    os.mkfifo(sub / "pipe")
    (sub / ".hidden").write_text("x")
    result = archive(tmp_path / "arc", "m", "bob", sub)
    names = sorted(p.name for p in result.path.iterdir() if p.name != ".receipt.json")
    assert names == ["work.ipynb"]
    assert any("linked.ipynb" in s for s in result.skipped)
    assert any("pipe" in s for s in result.skipped)


@pytest.mark.parametrize("student", ["../etc", "a/b", "", ".hidden", "x" * 65, "ada lovelace"])
def test_unsafe_learner_ids_are_refused(tmp_path, student):
    (tmp_path / "sub").mkdir()
    with pytest.raises(CourseError, match="not allowed"):
        archive(tmp_path / "arc", "m", student, tmp_path / "sub")
