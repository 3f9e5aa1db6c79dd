"""apprentice.oscal: OSCAL documents as plain dicts, validated with compliance-trestle's models."""

from __future__ import annotations

import copy
import json

import pytest

from apprentice.oscal import is_valid, model_class, validate

from .content.harness import REPO

CATALOG = json.loads((REPO / "solutions/11-security-review/nist-800-53r5-subset.json").read_text())
PROFILE = json.loads((REPO / "solutions/11-security-review/baseline-moderate.json").read_text())
POAM = {
    "plan-of-action-and-milestones": {
        "uuid": "0b6a3f0e-6c1f-4a57-9a51-2d2d1f3c9a10",
        "metadata": {
            "title": "t",
            "last-modified": "2026-12-01T00:00:00Z",
            "version": "1",
            "oscal-version": "1.2.1",
        },
        "risks": [
            {
                "uuid": "2b6a3f0e-6c1f-4a57-9a51-2d2d1f3c9a10",
                "title": "r",
                "description": "d",
                "statement": "s",
                "status": "open",
                "deadline": "2027-01-01T23:59:59Z",
            }
        ],
        "poam-items": [
            {
                "uuid": "3b6a3f0e-6c1f-4a57-9a51-2d2d1f3c9a10",
                "title": "x",
                "description": "y",
                "related-risks": [{"risk-uuid": "2b6a3f0e-6c1f-4a57-9a51-2d2d1f3c9a10"}],
            }
        ],
    }
}


def test_the_shipped_catalog_and_profile_are_valid_oscal():
    assert validate(CATALOG, "catalog") == []
    assert validate(PROFILE, "profile") == []
    lesson = json.loads(
        (REPO / "curriculum/11-security-review/nist-800-53r5-subset.json").read_text()
    )
    assert lesson == CATALOG, "the lesson's catalog is a copy of the assignment's"


def test_the_catalog_subset_holds_the_controls_the_module_needs():
    ids = set()

    def walk(controls):
        for control in controls:
            ids.add(control["id"])
            assert control["parts"][0]["name"] == "statement" and control["parts"][0]["prose"]
            walk(control.get("controls", []))

    for group in CATALOG["catalog"]["groups"]:
        walk(group["controls"])
    needed = "ac-2 ac-6 au-2 au-6 cm-2 cm-3 cm-6 ia-2 ia-2.1 ia-5 ra-5 sa-11 sc-7 sc-8 sc-28 si-4 ir-4 cp-9"
    assert set(needed.split()) <= ids
    selected = set(PROFILE["profile"]["imports"][0]["include-controls"][0]["with-ids"])
    assert selected <= ids and len(selected) == 46


def test_a_valid_poam_passes():
    assert validate(POAM, "plan-of-action-and-milestones") == []
    assert is_valid(POAM, "plan-of-action-and-milestones")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.__setitem__("uuid", "not-a-uuid"), "uuid"),
        (lambda d: d["metadata"].__setitem__("last-modified", "2026-12-01T00:00:00"), "timezone"),
        (lambda d: d.__setitem__("poam-items", []), "poam-items"),
        (lambda d: d.__setitem__("colour", "red"), "colour"),
        (lambda d: d.__setitem__("poam_items", d.pop("poam-items")), "not an OSCAL JSON name"),
        (lambda d: d["metadata"].__setitem__("remarks", None), "null"),
        (lambda d: d["risks"][0].__setitem__("status", "not a token"), "status"),
    ],
    ids=[
        "uuid",
        "naive-datetime",
        "empty-items",
        "unknown-key",
        "python-name",
        "null",
        "bad-token",
    ],
)
def test_invalid_poams_are_rejected_with_a_path(change, expected):
    document = copy.deepcopy(POAM)
    change(document["plan-of-action-and-milestones"])
    problems = validate(document, "plan-of-action-and-milestones")
    assert problems and any(expected in problem for problem in problems), problems
    assert all(problem.startswith("plan-of-action-and-milestones") for problem in problems)


def test_the_root_key_must_be_the_model_name():
    assert "exactly one top-level key" in validate({"catalog": {}, "x": 1}, "catalog")[0]
    assert "JSON object" in validate([1], "catalog")[0]
    body = POAM["plan-of-action-and-milestones"]
    assert validate(body, "plan-of-action-and-milestones")


def test_unknown_model_names_are_refused():
    with pytest.raises(KeyError, match="unknown OSCAL model"):
        model_class("spreadsheet")
