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


def test_no_fact_is_pinned_twice():
    """YAML keeps the last of two equal keys silently; a second pin must fail instead."""
    from pathlib import Path

    import yaml

    import apprentice

    seen, repeated = set(), []
    text = (Path(apprentice.__file__).parent / "facts.yml").read_text()
    for node, _ in yaml.compose(text).value:
        if node.value in seen:
            repeated.append(node.value)
        seen.add(node.value)
    assert not repeated, f"facts pinned more than once: {repeated}"
