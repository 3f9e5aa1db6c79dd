"""Validate OSCAL JSON documents held as plain dicts, with compliance-trestle's OSCAL models.

Trestle's pydantic models check structure, required fields, types, UUID and token patterns
and time zones. Two things they let through are checked here as well, because a document a
reviewer hands to someone else must be OSCAL JSON as written, not as Python would spell it:

- the document is wrapped in exactly one root key naming its model
  (``{"plan-of-action-and-milestones": {...}}``);
- every key is OSCAL's JSON name (``poam-items``), never the Python field name
  (``poam_items``), which the models also accept on input.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

ROOTS = {
    "catalog": ("trestle.oscal.catalog", "Catalog"),
    "profile": ("trestle.oscal.profile", "Profile"),
    "system-security-plan": ("trestle.oscal.ssp", "SystemSecurityPlan"),
    "assessment-plan": ("trestle.oscal.assessment_plan", "AssessmentPlan"),
    "assessment-results": ("trestle.oscal.assessment_results", "AssessmentResults"),
    "plan-of-action-and-milestones": ("trestle.oscal.poam", "PlanOfActionAndMilestones"),
}


def model_class(root: str) -> type:
    """The trestle model class for an OSCAL root name such as ``"catalog"``."""
    if root not in ROOTS:
        raise KeyError(f"unknown OSCAL model {root!r}; expected one of {sorted(ROOTS)}")
    module_name, class_name = ROOTS[root]
    module = __import__(module_name, fromlist=[class_name])
    return getattr(module, class_name)


def _key_paths(value: Any, prefix: str = "", *, nulls: set[str] | None = None) -> set[str]:
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if item is None and nulls is not None:
                nulls.add(path)
                continue
            paths.add(path)
            paths |= _key_paths(item, path, nulls=nulls)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            paths |= _key_paths(item, f"{prefix}[{index}]", nulls=nulls)
    return paths


def validate(document: Any, root: str) -> list[str]:
    """Problems that make ``document`` an invalid OSCAL ``root`` document; [] when it is valid.

    Each problem is one line naming where it is (``poam-items[0].uuid``) and what is wrong.
    """
    if not isinstance(document, dict):
        return [f"an OSCAL document is a JSON object, got {type(document).__name__}"]
    if list(document) != [root]:
        return [
            f"an OSCAL {root} document has exactly one top-level key, {root!r}; got {sorted(document)}"
        ]
    body = document[root]
    cls = model_class(root)
    try:
        model = cls.model_validate(body)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"])
            problems.append(f"{root}.{where}: {error['msg']}")
        return problems
    written = model.model_dump(by_alias=True, exclude_none=True, mode="json")
    nulls: set[str] = set()
    unknown = sorted(_key_paths(body, nulls=nulls) - _key_paths(written))
    problems = [
        f"{root}.{path}: null is not an OSCAL value; leave the key out" for path in sorted(nulls)
    ]
    problems += [
        f"{root}.{path}: not an OSCAL JSON name (OSCAL writes names in lower case with hyphens)"
        for path in unknown
    ]
    return problems


def is_valid(document: Any, root: str) -> bool:
    """True when :func:`validate` finds no problem."""
    return not validate(document, root)
