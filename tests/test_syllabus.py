"""Content check 5g: the syllabus follows its schema and agrees with the folders."""

from __future__ import annotations

import copy

import pytest
import yaml

from apprentice import syllabus as syl
from apprentice.course import CourseError

from .content.harness import REPO


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((REPO / syl.SYLLABUS_PATH).read_text())


def test_the_syllabus_is_valid_and_matches_the_folders():
    data = syl.load(REPO)
    assert data.ids()[0] == "00-orientation"
    assert syl.folder_problems(data, REPO) == []


def test_every_module_has_objectives_minutes_and_notebooks():
    for module in syl.load(REPO).modules:
        assert module.objectives and module.minutes >= 30, module.id
        assert module.lessons and module.assignments, module.id


def test_folder_problems_are_reported(tmp_path, raw):
    data = syl.parse(raw)
    (tmp_path / "curriculum" / "99-stray").mkdir(parents=True)
    problems = syl.folder_problems(data, tmp_path)
    assert "curriculum/99-stray/ is not in the syllabus" in problems
    assert f"solutions/{data.modules[0].id}/ is missing (the syllabus lists it)" in problems


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["modules"][0].pop("objectives"), "'objectives' is a required property"),
        (lambda d: d["modules"][0].update(status="finished"), "status"),
        (lambda d: d["modules"][0].update(id="2-bad"), "modules/0/id"),
        (lambda d: d["modules"].append(copy.deepcopy(d["modules"][0])), "listed twice"),
        (lambda d: d["modules"][0].update(prerequisites=["99-later"]), "must be listed before it"),
        (
            lambda d: d["modules"][0]["objectives"].append(dict(d["modules"][0]["objectives"][0])),
            "repeats an objective id",
        ),
    ],
)
def test_schema_and_rules_reject_bad_entries(raw, mutate, message):
    data = copy.deepcopy(raw)
    mutate(data)
    with pytest.raises(CourseError, match=message):
        syl.parse(data)


def test_json_output_carries_objective_ids_and_minutes():
    data = syl.load(REPO).to_json()
    first = data["modules"][0]
    assert first["id"] == "00-orientation"
    assert {o["id"] for o in first["objectives"]} >= {"workflow", "percentiles"}
    assert first["minutes"]["total"] == first["minutes"]["teaching"] + first["minutes"]["exercises"]
    assert data["total_minutes"] == sum(m["minutes"]["total"] for m in data["modules"])


def test_readme_module_table_matches_the_syllabus():
    readme = (REPO / "README.md").read_text()
    for module in syl.load(REPO).modules:
        row = f"| {module.id[:2]} | {module.title} | {module.minutes} min |"
        assert row in readme, f"README.md should list: {row}"
