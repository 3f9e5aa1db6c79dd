"""How well the exercises discriminate, measured on answers written by someone else.

A reviewer who reads only exercises/ and the lessons writes, per answer cell, right answers
in different styles and plausible wrong ones, into one YAML file per module:

    error-rate-answer:
      right:
        - why: counts with a loop
          source: |
            def error_rate(log): ...
      wrong:
        - why: counts 4xx as errors
          source: |
            def error_rate(log): ...

Each answer is graded on its own through the real engine (sandboxed), the other cells holding
the reference solution. A wrong answer is caught when the tests of its own cell lose points;
a right answer is kept when the notebook earns full marks. Prints per module both ratios and
lists what slipped through.

    .venv/bin/python bench/discrimination.py ANSWERS_DIR [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import yaml
from _cohort import REPO

from apprentice import notebooks as nbs
from apprentice.grading.batch import grade
from apprentice.simulate import copy_course, write_submission


def tests_of(module: str) -> dict[str, set[str]]:
    """answer grade_id -> the test cells that use the names it defines."""
    names, uses = {}, {}
    for path in nbs.assignment_notebooks(REPO / "solutions" / module):
        for cell in nbs.read(path).cells:
            if nbs.is_answer(cell):
                names[nbs.grade_id(cell)] = nbs.defined_names(cell.source)
            elif nbs.is_test(cell):
                uses[nbs.grade_id(cell)] = nbs.used_names(cell.source)
    return {a: {t for t, used in uses.items() if names[a] & used} for a in names}


def measure(module: str, entries: dict, jobs: int, tmp: Path) -> dict:
    course = copy_course(REPO, tmp / module, [module])
    own = tests_of(module)
    cases = {}
    for gid, spec in entries.items():
        if gid not in own:
            raise SystemExit(f"{module}: {gid} is not an answer cell")
        for kind in ("wrong", "right"):
            for k, item in enumerate(spec.get(kind) or [], start=1):
                student = f"{kind}-{gid}-{k}"
                cases[student] = (kind, gid, item.get("why", ""))
                write_submission(course, module, student, {gid: item["source"]})
    grade(course, module, jobs=jobs)
    out = {"wrong": 0, "caught": 0, "right": 0, "kept": 0, "missed": [], "rejected": []}
    for student, (kind, gid, why) in cases.items():
        result = json.loads((course.state / "results" / module / f"{student}.json").read_text())
        verdicts = [v for nb in result["notebooks"].values() for v in nb.get("verdicts", [])]
        if kind == "wrong":
            out["wrong"] += 1
            mine = [v for v in verdicts if v["grade_id"] in own[gid]]
            if sum(v["points"] for v in mine) < sum(v["max_points"] for v in mine):
                out["caught"] += 1
            else:
                out["missed"].append(f"{gid}: {why}")
        else:
            out["right"] += 1
            if verdicts and all(v["points"] == v["max_points"] for v in verdicts):
                out["kept"] += 1
            else:
                failing = [v["grade_id"] for v in verdicts if v["points"] < v["max_points"]]
                out["rejected"].append(f"{gid}: {why} (lost points in {failing})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", type=Path, help="folder of <module-id>.yml files")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    totals = {"wrong": 0, "caught": 0, "right": 0, "kept": 0}
    print(f"{'module':<40} {'wrong caught':>14} {'right kept':>12}")
    with tempfile.TemporaryDirectory(prefix="bench-discrimination-") as tmp:
        for path in sorted(args.answers.glob("*.yml")):
            module = path.stem
            row = measure(module, yaml.safe_load(path.read_text()) or {}, args.jobs, Path(tmp))
            for key in totals:
                totals[key] += row[key]
            print(
                f"{module:<40} {row['caught']:>4}/{row['wrong']:<4} {row['caught'] / max(row['wrong'], 1):5.0%}"
                f" {row['kept']:>4}/{row['right']:<4} {row['kept'] / max(row['right'], 1):4.0%}",
                flush=True,
            )
            for line in row["missed"]:
                print(f"    wrong answer kept full marks: {line}")
            for line in row["rejected"]:
                print(f"    right answer lost points: {line}")
    print(
        f"{'all':<40} {totals['caught']:>4}/{totals['wrong']:<4} "
        f"{totals['caught'] / max(totals['wrong'], 1):5.0%} {totals['kept']:>4}/{totals['right']:<4} "
        f"{totals['kept'] / max(totals['right'], 1):4.0%}"
    )


if __name__ == "__main__":
    main()
