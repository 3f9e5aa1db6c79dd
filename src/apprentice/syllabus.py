"""The syllabus: curriculum/syllabus.yml is the one source of module order, objectives and minutes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from .course import CourseError

SYLLABUS_PATH = Path("curriculum") / "syllabus.yml"


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    status: str
    prerequisites: list[str]
    teaching_minutes: int
    exercise_minutes: int
    objectives: list[Objective]
    lessons: list[str]
    assignments: list[str]

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes

    def objective_ids(self) -> list[str]:
        return [o.id for o in self.objectives]


@dataclass(frozen=True)
class Syllabus:
    course_id: str
    title: str
    summary: str
    modules: list[Module] = field(default_factory=list)

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        known = ", ".join(m.id for m in self.modules)
        raise CourseError(f"unknown module {module_id!r} (syllabus lists: {known})")

    def ids(self) -> list[str]:
        return [m.id for m in self.modules]

    def to_json(self) -> dict:
        """Machine-readable form: everything in the file plus total minutes per module."""
        modules = []
        for m in self.modules:
            entry = asdict(m)
            entry["minutes"] = {
                "teaching": m.teaching_minutes,
                "exercises": m.exercise_minutes,
                "total": m.minutes,
            }
            del entry["teaching_minutes"], entry["exercise_minutes"]
            modules.append(entry)
        return {
            "course": {"id": self.course_id, "title": self.title, "summary": self.summary},
            "total_minutes": sum(m.minutes for m in self.modules),
            "modules": modules,
        }


def schema() -> dict:
    text = resources.files("apprentice").joinpath("syllabus.schema.json").read_text("utf-8")
    return json.loads(text)


def parse(data: dict, *, where: str = "syllabus.yml") -> Syllabus:
    """Validate syllabus data against the schema and the cross-field rules, then build it."""
    try:
        jsonschema.validate(data, schema())
    except jsonschema.ValidationError as exc:
        path = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise CourseError(f"{where}: {path}: {exc.message}") from None
    modules: list[Module] = []
    seen: set[str] = set()
    for raw in data["modules"]:
        mid = raw["id"]
        if mid in seen:
            raise CourseError(f"{where}: module {mid} is listed twice")
        for prereq in raw["prerequisites"]:
            if prereq not in seen:
                raise CourseError(
                    f"{where}: module {mid} needs {prereq}, which must be listed before it"
                )
        objective_ids = [o["id"] for o in raw["objectives"]]
        if len(set(objective_ids)) != len(objective_ids):
            raise CourseError(f"{where}: module {mid} repeats an objective id")
        seen.add(mid)
        modules.append(
            Module(
                id=mid,
                title=raw["title"],
                summary=" ".join(raw["summary"].split()),
                status=raw["status"],
                prerequisites=list(raw["prerequisites"]),
                teaching_minutes=raw["minutes"]["teaching"],
                exercise_minutes=raw["minutes"]["exercises"],
                objectives=[Objective(o["id"], o["text"]) for o in raw["objectives"]],
                lessons=list(raw["lessons"]),
                assignments=list(raw["assignments"]),
            )
        )
    numbers = [m.id[:2] for m in modules]
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        raise CourseError(f"{where}: module numbers must be unique and in order: {numbers}")
    course = data["course"]
    return Syllabus(course["id"], course["title"], " ".join(course["summary"].split()), modules)


def load(root: Path) -> Syllabus:
    path = Path(root) / SYLLABUS_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path} is missing") from None
    except yaml.YAMLError as exc:
        raise CourseError(f"{path} is not valid YAML: {exc}") from None
    return parse(data, where=str(path))


def folder_problems(syllabus: Syllabus, root: Path) -> list[str]:
    """Every way the folders on disk disagree with the syllabus (empty when consistent)."""
    root = Path(root)
    problems: list[str] = []
    listed = set(syllabus.ids())
    for tree in ("curriculum", "solutions", "exercises"):
        base = root / tree
        on_disk = {p.name for p in base.iterdir() if p.is_dir()} if base.is_dir() else set()
        on_disk -= {"__pycache__", ".ipynb_checkpoints"}
        for extra in sorted(on_disk - listed):
            problems.append(f"{tree}/{extra}/ is not in the syllabus")
        for missing in sorted(listed - on_disk):
            problems.append(f"{tree}/{missing}/ is missing (the syllabus lists it)")
    for m in syllabus.modules:
        for lesson in m.lessons:
            if not (root / "curriculum" / m.id / lesson).is_file():
                problems.append(f"curriculum/{m.id}/{lesson} is listed but missing")
        for nb in m.assignments:
            for tree in ("solutions", "exercises"):
                if not (root / tree / m.id / nb).is_file():
                    problems.append(f"{tree}/{m.id}/{nb} is listed but missing")
        if not (root / "curriculum" / m.id / "mentor-guide.md").is_file():
            problems.append(f"curriculum/{m.id}/mentor-guide.md is missing")
        for tree, listed_nbs in (("curriculum", m.lessons), ("solutions", m.assignments)):
            folder = root / tree / m.id
            if folder.is_dir():
                for nb in sorted(folder.glob("*.ipynb")):
                    if nb.name not in listed_nbs:
                        problems.append(f"{tree}/{m.id}/{nb.name} is not listed in the syllabus")
    return problems


def table(syllabus: Syllabus) -> str:
    """A plain-text table of the course for the terminal."""
    rows = [("module", "title", "status", "minutes", "objectives", "needs")]
    for m in syllabus.modules:
        rows.append(
            (
                m.id,
                m.title if len(m.title) <= 58 else m.title[:55] + "...",
                m.status,
                f"{m.teaching_minutes}+{m.exercise_minutes}",
                str(len(m.objectives)),
                ", ".join(p[:2] for p in m.prerequisites) or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    total = sum(m.minutes for m in syllabus.modules)
    lines.append(f"\n{len(syllabus.modules)} modules, {total // 60} h {total % 60} min in all")
    return "\n".join(lines)
