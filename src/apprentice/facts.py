"""Pinned facts from standards and studies: one YAML file, read-only, each entry dated and sourced.

Lessons, assignments and tests read numbers that move (OWASP parameters, SRE Workbook
thresholds, study results) from here, so an update is a data change, not a rewrite.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import yaml

REQUIRED_KEYS = {"value", "source", "as_of"}


@cache
def load() -> dict[str, dict[str, Any]]:
    """Return every fact entry, keyed by its dotted name."""
    text = resources.files("apprentice").joinpath("facts.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    for key, entry in data.items():
        missing = REQUIRED_KEYS - set(entry or {})
        if missing:
            raise ValueError(f"facts.yml: entry {key!r} lacks {', '.join(sorted(missing))}")
    return data


def fact(key: str) -> Any:
    """The pinned value of a fact, e.g. ``fact("sre-workbook.page-fast")["burn_rate"]``."""
    try:
        return load()[key]["value"]
    except KeyError:
        raise KeyError(f"no fact named {key!r} in facts.yml") from None


def cite(key: str) -> str:
    """A short citation for a fact: its source URL and the date it was checked."""
    entry = load()[key]
    as_of = entry["as_of"]
    if isinstance(as_of, dt.date):
        as_of = as_of.isoformat()
    return f"{entry['source']} (as of {as_of})"
