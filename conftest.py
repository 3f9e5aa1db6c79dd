"""Repository-wide pytest hooks.

Lesson notebooks run under nbval; each notebook's cells share one kernel, so all of them must
run on the same xdist worker. Grouping by notebook path keeps them together under
``--dist loadgroup`` (the content checks group themselves by module the same way).
"""

import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(getattr(item, "path", item.fspath))
        if path.endswith(".ipynb"):
            item.add_marker(pytest.mark.xdist_group(name=f"nbval-{path}"))
