"""The course's catalogue of answers: per module, plausible wrong answers written as mutations
of the reference solution, and right answers written differently (CONTRIBUTING.md section 5).

It lives next to the assignment, in ``solutions/NN-slug/answers.yml``, and is never released.
The content checks grade every entry to prove that the tests discriminate; `apprentice demo`
uses the same entries to simulate learners who make those mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import notebooks as nbs
from .course import CourseError

FILE = "answers.yml"


@dataclass(frozen=True)
class Entry:
    why: str
    source: str  # the whole answer cell a learner with this answer would submit


@dataclass
class Answers:
    """One answer cell: its reference solution and the catalogued wrong and right answers."""

    grade_id: str
    notebook: str
    reference: str
    wrong: list[Entry] = field(default_factory=list)
    right: list[Entry] = field(default_factory=list)


def mutate(reference: str, changes: list[tuple[str, str]], *, where: str = "") -> str:
    """Apply ``[old, new]`` replacements in order; each ``old`` must occur exactly once."""
    text = reference
    for old, new in changes:
        count = text.count(old) if old else 0
        if count != 1:
            found = "does not occur" if count == 0 else f"occurs {count} times"
            raise CourseError(
                f"{where}: the mutation's old text {old[:60]!r} {found} in the reference "
                "solution; update the catalogue to follow the solution"
            )
        text = text.replace(old, new)
    if text == reference:
        raise CourseError(f"{where}: the mutation leaves the reference solution unchanged")
    return text


def references(source_dir: Path) -> dict[str, tuple[str, str]]:
    """answer grade_id -> (notebook name, completed reference answer) of an assignment."""
    out = {}
    for path in nbs.assignment_notebooks(source_dir):
        for cell in nbs.read(path).cells:
            if nbs.is_answer(cell):
                out[nbs.grade_id(cell)] = (path.name, nbs.completed_answer(cell.source))
    return out


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CourseError(f"{where}: expected a non-empty text")
    return value


def load(source_dir: Path) -> dict[str, Answers]:
    """The catalogue of the assignment in ``source_dir`` (empty when it has none)."""
    source_dir = Path(source_dir)
    refs = references(source_dir)
    path = source_dir / FILE
    out = {gid: Answers(gid, nb, ref) for gid, (nb, ref) in refs.items()}
    if not path.is_file():
        return out
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CourseError(f"{path}: is not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise CourseError(f"{path}: expected a mapping of answer grade ids")
    for gid, spec in data.items():
        where = f"{path.parent.name}/{FILE} {gid}"
        if gid not in out:
            raise CourseError(f"{where}: is not an autograded answer cell of the assignment")
        if not isinstance(spec, dict) or set(spec) - {"wrong", "right"}:
            raise CourseError(f"{where}: expected the keys 'wrong' and 'right'")
        for k, item in enumerate(spec.get("wrong") or [], start=1):
            here = f"{where} wrong {k}"
            if not isinstance(item, dict) or set(item) != {"why", "replace"}:
                raise CourseError(f"{here}: a wrong answer has 'why' and 'replace' (a mutation)")
            pairs = item["replace"]
            if not isinstance(pairs, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p)
                for p in pairs
            ):
                raise CourseError(f"{here}: 'replace' is a list of [old, new] text pairs")
            source = mutate(out[gid].reference, [tuple(p) for p in pairs], where=here)
            out[gid].wrong.append(Entry(_text(item["why"], here), source))
        for k, item in enumerate(spec.get("right") or [], start=1):
            here = f"{where} right {k}"
            if not isinstance(item, dict) or set(item) != {"why", "source"}:
                raise CourseError(f"{here}: a right answer has 'why' and 'source'")
            out[gid].right.append(Entry(_text(item["why"], here), _text(item["source"], here)))
    return out
