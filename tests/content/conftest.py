"""Grade each module's variants once per test session (per xdist worker), on demand."""

from __future__ import annotations

import pytest

from .harness import grade_variants

_CACHE: dict[str, dict] = {}


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    def get(module: str) -> dict[str, dict]:
        if module not in _CACHE:
            _CACHE[module] = grade_variants(module, tmp_path_factory.mktemp(f"course-{module}"))
        return _CACHE[module]

    return get
