"""The course's catalogue of answers: per module, plausible wrong answers and differently
written correct ones (tests/answers/mNN_slug.py, CONTRIBUTING.md section 5).

The content checks grade them to prove that tests discriminate; `apprentice demo` uses them
to simulate learners who make those mistakes.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def path(repo: Path, module: str) -> Path:
    return Path(repo) / "tests" / "answers" / ("m" + module.replace("-", "_") + ".py")


def load(repo: Path, module: str) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """(WRONG, ALTERNATIVE) of a module, keyed by answer grade id; empty when there is no file."""
    file = path(repo, module)
    if not file.is_file():
        return {}, {}
    spec = importlib.util.spec_from_file_location(f"course_answers_{file.stem}", file)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    alternative = {
        k: (v if isinstance(v, list) else [v]) for k, v in getattr(mod, "ALTERNATIVE", {}).items()
    }
    return dict(getattr(mod, "WRONG", {})), alternative
