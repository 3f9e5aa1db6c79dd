"""Every pinned fact has a value, a source URL and an as-of date."""

import datetime as dt

import pytest

from apprentice.facts import cite, fact, load


def test_every_fact_is_sourced_and_dated():
    for key, entry in load().items():
        assert str(entry["source"]).startswith(("http://", "https://")), key
        assert isinstance(entry["as_of"], dt.date), f"{key}: as_of must be a date (YYYY-MM-DD)"
        assert entry["as_of"] <= dt.date(2026, 12, 31), key


def test_fact_and_cite():
    assert fact("pandas.version-taught") == "3.x"
    assert cite("pandas.version-taught").endswith("(as of 2026-11-27)")
    with pytest.raises(KeyError, match="no fact named"):
        fact("no.such.fact")
