"""The data files the course ships that these generators produce, and a command to rebuild them.

    python -m apprentice.datasets.course_files           # say which files differ
    python -m apprentice.datasets.course_files --write   # rewrite them

``tests/datasets/`` checks that the files in the repository are exactly what this produces.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import audit_log, pages

MODULE_10 = "10-detection-and-observability"


def module_10() -> dict[str, str]:
    """Path (relative to solutions/<module>/) -> text, for every generated file of module 10."""
    out: dict[str, str] = {}
    for prefix, scenario in (("", audit_log.ASSIGNMENT), ("hidden/", audit_log.HIDDEN)):
        log = audit_log.generate(scenario)
        for name, text in audit_log.files(log).items():
            out[prefix + name] = text
    out["pages.csv"] = pages.to_csv(pages.generate(pages.ASSIGNMENT))
    out["hidden/pages.csv"] = pages.to_csv(pages.generate(pages.HIDDEN))
    records, cases = audit_log.trail_lookalikes()
    out["hidden/trail_lookalikes.jsonl"] = "".join(
        json.dumps(r, separators=(",", ":")) + "\n" for r in records
    )
    out["hidden/trail_cases.json"] = json.dumps(cases, indent=1, sort_keys=True) + "\n"
    return out


def differences(root: Path) -> list[str]:
    """Generated files of module 10 that are missing or differ under ``root``."""
    base = Path(root) / "solutions" / MODULE_10
    return [
        name
        for name, text in module_10().items()
        if not (base / name).is_file() or (base / name).read_text(encoding="utf-8") != text
    ]


def write(root: Path) -> list[str]:
    base = Path(root) / "solutions" / MODULE_10
    written = []
    for name, text in module_10().items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path.cwd()
    if not (root / "curriculum" / "syllabus.yml").is_file():
        print(
            "run this from the repository root (curriculum/syllabus.yml not found)", file=sys.stderr
        )
        return 2
    if args == ["--write"]:
        for name in write(root):
            print(f"wrote solutions/{MODULE_10}/{name}")
        return 0
    if args:
        print("usage: python -m apprentice.datasets.course_files [--write]", file=sys.stderr)
        return 2
    stale = differences(root)
    for name in stale:
        print(f"differs: solutions/{MODULE_10}/{name}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
