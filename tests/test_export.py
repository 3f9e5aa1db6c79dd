"""The CSV export is quoted, defuses spreadsheet formulas and carries the grading status."""

from __future__ import annotations

import csv
import io

from apprentice.export import COLUMNS, defuse, to_csv


def test_formulas_are_defused_and_fields_quoted():
    assert defuse('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    for start in "=+-@\t\r":
        assert defuse(start + "1").startswith("'")
    assert defuse("ada") == "ada" and defuse(3.5) == 3.5
    record = dict.fromkeys(COLUMNS, "")
    record.update(
        student_id="ada",
        last_name="=cmd|' /C calc'!A0",
        first_name="Lovelace, Ada",
        message='line "quoted"\nnext',
        score=3.0,
        status="kernel-died",
    )
    text = to_csv([record])
    assert text.splitlines()[0].startswith('"assignment","duedate","student_id"')
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["last_name"].startswith("'=") and row["first_name"] == "Lovelace, Ada"
    assert row["message"] == 'line "quoted"\nnext' and row["status"] == "kernel-died"
