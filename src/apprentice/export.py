"""Grade export as CSV a spreadsheet can open safely.

Unlike nbgrader's default exporter, every field is quoted by the csv module, a text field
that a spreadsheet would run as a formula (= + - @ tab, carriage return) is defused with a
leading apostrophe, and each row carries the grading status, so a submission that failed to
grade never looks like a real zero. ``SafeCsvExportPlugin`` makes plain `nbgrader export`
produce the same file.
"""

from __future__ import annotations

import csv
import io

from nbgrader.api import Gradebook
from nbgrader.plugins import ExportPlugin

from .grading import gradebook as gbk
from .grading.status import worst

COLUMNS = [
    "assignment",
    "duedate",
    "student_id",
    "last_name",
    "first_name",
    "email",
    "received_at",
    "raw_score",
    "late_submission_penalty",
    "score",
    "max_score",
    "status",
    "needs_manual_grade",
    "message",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value) -> object:
    """A text field that would start a spreadsheet formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rows(
    gb: Gradebook, *, assignments: list[str] | None = None, students: list[str] | None = None
) -> list[dict]:
    """One row per submission, read with a few set-based queries (``report.query``), in
    nbgrader's order: assignments by due date and name, learners by last and first name."""
    from .report import query

    gbk.metadata.create_all(gb.engine)
    statuses = gbk.statuses(gb)
    session = gb.db
    roster = query.students(session)
    position = {student["id"]: i for i, student in enumerate(roster)}
    people = {student["id"]: student for student in roster}
    submitted: dict[str, list[dict]] = {}
    for sub in query.submissions(session):
        submitted.setdefault(sub["assignment"], []).append(sub)
    out = []
    for assignment in query.assignments(session):
        name, top = assignment["name"], assignment["max_score"]
        if assignments and name not in assignments:
            continue
        here = sorted(
            submitted.get(name, []), key=lambda sub: position.get(sub["student"], len(position))
        )
        for sub in here:
            student = people.get(sub["student"], {})
            if students and sub["student"] not in students:
                continue
            graded = statuses.get((name, sub["student"]), [])
            status = worst(r["status"] for r in graded) if graded else "not graded by apprentice"
            message = "; ".join(r["message"] for r in graded if r["message"])
            out.append(
                {
                    "assignment": name,
                    "duedate": assignment["duedate"].isoformat() if assignment["duedate"] else "",
                    "student_id": sub["student"],
                    "last_name": student.get("last_name") or "",
                    "first_name": student.get("first_name") or "",
                    "email": student.get("email") or "",
                    "received_at": sub["timestamp"].isoformat() if sub["timestamp"] else "",
                    "raw_score": round(min(sub["score"], top) + sub["late_penalty"], 4),
                    "late_submission_penalty": sub["late_penalty"],
                    "score": round(min(max(sub["score"], 0.0), top), 4),
                    "max_score": top,
                    "status": status,
                    "needs_manual_grade": bool(sub["needs_manual"]),
                    "message": message,
                }
            )
    return out


def to_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: defuse(v) for k, v in record.items()})
    return buffer.getvalue()


def export_csv(
    db_url: str,
    course_id: str,
    *,
    assignments: list[str] | None = None,
    students: list[str] | None = None,
) -> str:
    with gbk.open_gradebook(db_url, course_id) as gb:
        return to_csv(rows(gb, assignments=assignments, students=students))


class SafeCsvExportPlugin(ExportPlugin):
    """`nbgrader export` through the safe exporter (set in grader_config.py)."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        records = rows(
            gradebook,
            assignments=[str(a) for a in self.assignment] or None,
            students=[str(s) for s in self.student] or None,
        )
        with open(dest, "w", newline="", encoding="utf-8") as handle:
            handle.write(to_csv(records))
        self.log.info("Exported %d rows to %s", len(records), dest)
