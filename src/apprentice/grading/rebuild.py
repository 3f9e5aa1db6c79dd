"""Rebuild a submission on the trusted template instead of trusting what the learner sent.

The template is the release nbgrader generated from the course's source. From the submission
we take only what belongs to the learner: the code of answer cells, written answers, the
learner's own extra cells, and cells the template leaves editable. Every instruction, setup
and test cell, all nbgrader metadata, tags and the kernelspec come from the template. So a
deleted, renamed, retyped or re-tagged test cell is simply put back, and a ``skip-execution``
tag has nothing to attach to. Submissions that are ambiguous (a grade id used twice) or claim
an unknown metadata schema are rejected as invalid, for that learner only.

Learner-written Markdown (written answers, the learner's own notes) is rendered and cleaned
here (``apprentice.sanitize``), once, so every later view of the notebook shows it as text.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import nbformat
from nbformat import NotebookNode

from .. import notebooks as nbs
from ..sanitize import markdown as clean_markdown

KNOWN_SCHEMAS = {1, 2, 3}


class InvalidSubmission(Exception):
    """The submission is a notebook but cannot be graded fairly; one line says why."""


@dataclass
class Rebuilt:
    nb: NotebookNode
    answered: dict[str, bool] = field(default_factory=dict)  # answer grade_id -> changed from stub
    written: dict[str, bool] = field(default_factory=dict)  # task grade_id -> wrote something
    extra_cells: int = 0


def _check(submitted: NotebookNode) -> None:
    seen: set[str] = set()
    for cell in submitted.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        if not isinstance(meta, dict):
            raise InvalidSubmission("a cell's nbgrader metadata is not an object")
        version = meta.get("schema_version", 3)
        if type(version) is not int or version not in KNOWN_SCHEMAS:
            raise InvalidSubmission(
                "a cell claims an nbgrader schema version this grader does not know"
            )
        if meta.get("grade") or meta.get("solution") or meta.get("locked") or meta.get("task"):
            gid = meta.get("grade_id")
            if not isinstance(gid, str) or not gid:
                continue  # an unnamed grade cell is just an extra learner cell
            if gid in seen:
                raise InvalidSubmission("a grade id appears in more than one cell")
            seen.add(gid)


def _learner_cell(cell: NotebookNode) -> NotebookNode | None:
    """A learner's own cell, with every piece of metadata dropped."""
    if cell.cell_type == "code":
        return nbformat.v4.new_code_cell(str(cell.get("source", "")))
    if cell.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(clean_markdown(str(cell.get("source", ""))))
    return None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def rebuild(template: NotebookNode, source: NotebookNode, submitted: NotebookNode) -> Rebuilt:
    """Merge the learner's work into a fresh copy of the template (see module docstring)."""
    _check(submitted)
    source_by_id = {nbs.grade_id(c): c for c in source.cells if nbs.grade_id(c)}
    keys = []
    for cell in template.cells:
        gid = nbs.grade_id(cell)
        keys.append(("grade", gid) if gid else ("cell", cell.get("id")))
    position = {key: i for i, key in enumerate(keys) if key[1]}

    by_key: dict[tuple, NotebookNode] = {}
    extras: dict[int, list[NotebookNode]] = {}
    anchor = -1
    for cell in submitted.cells:
        gid = nbs.grade_id(cell)
        key = ("grade", gid) if gid and ("grade", gid) in position else ("cell", cell.get("id"))
        if key in position and key not in by_key:
            by_key[key] = cell
            anchor = position[key]
            continue
        own = _learner_cell(cell)
        if own is not None:
            extras.setdefault(anchor, []).append(own)

    out = copy.deepcopy(template)
    out.cells = []
    result = Rebuilt(out)
    result.extra_cells = sum(len(v) for v in extras.values())
    out.cells.extend(extras.get(-1, []))
    for i, (key, tcell) in enumerate(zip(keys, template.cells, strict=True)):
        cell = copy.deepcopy(tcell)
        mine = by_key.get(key)
        gid = nbs.grade_id(tcell)
        if nbs.is_answer(tcell):
            text = str(mine.get("source", "")) if mine is not None else tcell.source
            result.answered[gid] = not _same(text, tcell.source)
            cell.source = text
        elif nbs.is_task(tcell):
            cell.source = source_by_id[gid].source if gid in source_by_id else tcell.source
        elif "answer_for" in nbs.course_meta(tcell):
            text = str(mine.get("source", "")) if mine is not None else tcell.source
            task = nbs.course_meta(tcell)["answer_for"]
            wrote = bool(text.strip()) and not _same(text, tcell.source)
            result.written[task] = result.written.get(task, False) or wrote
            cell.source = clean_markdown(text) if cell.cell_type == "markdown" else text
        elif nbs.is_manual_answer(tcell):
            text = str(mine.get("source", "")) if mine is not None else tcell.source
            result.written[gid] = not _same(text, tcell.source) and bool(text.strip())
            cell.source = clean_markdown(text)
        elif tcell.cell_type == "code" and not nbs.meta(tcell) and mine is not None:
            cell.source = str(mine.get("source", ""))  # an editable scratch cell of the template
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        out.cells.append(cell)
        out.cells.extend(extras.get(i, []))
    for i, tcell in enumerate(template.cells):
        task = (
            nbs.grade_id(tcell) if nbs.is_task(tcell) else nbs.course_meta(tcell).get("answer_for")
        )
        if task:
            wrote = any(c.cell_type == "markdown" and c.source.strip() for c in extras.get(i, []))
            result.written[task] = result.written.get(task, False) or wrote
    return result
