"""The gradebook read with a few set-based queries, for the report and the export.

nbgrader's objects compute each submission's score, maximum and flags with a query of their
own, so reading a cohort through them costs one round trip per learner and assignment (and
more per notebook and grade). Here each table is read once, joined in the database: the cost
of a report or an export does not grow with the number of queries, only with the rows. The
numbers are nbgrader's own definitions (``nbgrader.api``): a grade's score is its manual
score if set, else its auto score, else 0, plus extra credit; a submission's score is the sum
of its grades' scores; an assignment's maximum is the sum of its graded and task cells'
maxima.
"""

from __future__ import annotations

from nbgrader.api import (
    Assignment,
    BaseCell,
    Grade,
    GradeCell,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
    TaskCell,
)
from sqlalchemy import case, func, literal_column, select

_assignment = Assignment.__table__
_student = Student.__table__
_source_notebook = Notebook.__table__
_submission = SubmittedAssignment.__table__
_notebook = SubmittedNotebook.__table__
_grade = Grade.__table__
_cell = BaseCell.__table__
_grade_cell = GradeCell.__table__
_task_cell = TaskCell.__table__

_extra = case(
    (_grade.c.extra_credit.is_not(None), _grade.c.extra_credit), else_=literal_column("0.0")
)
GRADE_SCORE = case(
    (_grade.c.manual_score.is_not(None), _grade.c.manual_score + _extra),
    (_grade.c.auto_score.is_not(None), _grade.c.auto_score + _extra),
    else_=literal_column("0.0"),
)


def students(session) -> list[dict]:
    """Every learner on the roster, in nbgrader's order (last name, first name)."""
    query = select(
        _student.c.id, _student.c.first_name, _student.c.last_name, _student.c.email
    ).order_by(_student.c.last_name, _student.c.first_name, _student.c.id)
    return [dict(row) for row in session.execute(query).mappings()]


def assignments(session) -> list[dict]:
    """name, duedate, max_score of every assignment, in nbgrader's order (due date, name)."""
    graded = (
        select(
            _cell.c.notebook_id,
            func.sum(func.coalesce(_grade_cell.c.max_score, _task_cell.c.max_score, 0.0)).label(
                "max_score"
            ),
        )
        .select_from(_cell)
        .outerjoin(_grade_cell, _grade_cell.c.id == _cell.c.id)
        .outerjoin(_task_cell, _task_cell.c.id == _cell.c.id)
        .group_by(_cell.c.notebook_id)
        .subquery()
    )
    notebook = _source_notebook
    per_assignment = (
        select(
            notebook.c.assignment_id,
            func.sum(func.coalesce(graded.c.max_score, 0.0)).label("max_score"),
        )
        .select_from(notebook)
        .outerjoin(graded, graded.c.notebook_id == notebook.c.id)
        .group_by(notebook.c.assignment_id)
        .subquery()
    )
    query = (
        select(
            _assignment.c.name,
            _assignment.c.duedate,
            func.coalesce(per_assignment.c.max_score, 0.0).label("max_score"),
        )
        .select_from(_assignment)
        .outerjoin(per_assignment, per_assignment.c.assignment_id == _assignment.c.id)
        .order_by(_assignment.c.duedate, _assignment.c.name)
    )
    return [dict(row) for row in session.execute(query).mappings()]


def submissions(session) -> list[dict]:
    """One row per submitted assignment: assignment, student, timestamp, score (nbgrader's
    sum of grade scores), late_penalty, needs_manual (grades waiting for a mentor), and
    pending_points (the maximum points of written answers waiting for a mentor)."""
    manual_kind = (_task_cell.c.id.is_not(None)) | (_grade_cell.c.cell_type == "markdown")
    waiting = _grade.c.needs_manual_grade & manual_kind
    grades = (
        select(
            _notebook.c.assignment_id.label("submission_id"),
            func.coalesce(func.sum(GRADE_SCORE), 0.0).label("score"),
            func.sum(case((_grade.c.needs_manual_grade, 1), else_=0)).label("needs_manual"),
            func.sum(
                case(
                    (waiting, func.coalesce(_grade_cell.c.max_score, _task_cell.c.max_score, 0.0)),
                    else_=0.0,
                )
            ).label("pending_points"),
        )
        .select_from(_grade)
        .join(_notebook, _notebook.c.id == _grade.c.notebook_id)
        .outerjoin(_grade_cell, _grade_cell.c.id == _grade.c.cell_id)
        .outerjoin(_task_cell, _task_cell.c.id == _grade.c.cell_id)
        .group_by(_notebook.c.assignment_id)
        .subquery()
    )
    penalties = (
        select(
            _notebook.c.assignment_id.label("submission_id"),
            func.coalesce(func.sum(_notebook.c.late_submission_penalty), 0.0).label("penalty"),
        )
        .group_by(_notebook.c.assignment_id)
        .subquery()
    )
    query = (
        select(
            _assignment.c.name.label("assignment"),
            _submission.c.student_id.label("student"),
            _submission.c.timestamp,
            func.coalesce(grades.c.score, 0.0).label("score"),
            func.coalesce(grades.c.needs_manual, 0).label("needs_manual"),
            func.coalesce(grades.c.pending_points, 0.0).label("pending_points"),
            func.coalesce(penalties.c.penalty, 0.0).label("late_penalty"),
        )
        .select_from(_submission)
        .join(_assignment, _assignment.c.id == _submission.c.assignment_id)
        .outerjoin(grades, grades.c.submission_id == _submission.c.id)
        .outerjoin(penalties, penalties.c.submission_id == _submission.c.id)
    )
    return [dict(row) for row in session.execute(query).mappings()]


def written_grades(session) -> list[dict]:
    """Every grade of a written task (a task cell) a mentor has given: assignment, student,
    grade_id, manual_score, max_score."""
    query = (
        select(
            _assignment.c.name.label("assignment"),
            _submission.c.student_id.label("student"),
            _cell.c.name.label("grade_id"),
            _grade.c.manual_score,
            _task_cell.c.max_score,
        )
        .select_from(_grade)
        .join(_task_cell, _task_cell.c.id == _grade.c.cell_id)
        .join(_cell, _cell.c.id == _grade.c.cell_id)
        .join(_notebook, _notebook.c.id == _grade.c.notebook_id)
        .join(_submission, _submission.c.id == _notebook.c.assignment_id)
        .join(_assignment, _assignment.c.id == _submission.c.assignment_id)
        .where(_grade.c.manual_score.is_not(None))
    )
    return [dict(row) for row in session.execute(query).mappings()]
