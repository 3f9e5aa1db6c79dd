"""Run Sigma rules over a JSON-lines log: pySigma's SQLite backend on an in-memory table.

    python -m apprentice.labs.sigma RULE.yml LOG.jsonl [--id-field eventID]

prints one JSON document on stdout and exits 0 when the rules converted and ran:

    {"ok": true, "records": 1442, "matched": ["<id>", ...], "unknown_fields": [...],
     "rules": [{"title": ..., "level": ..., "queries": ["SELECT ..."], "matched": [...]}]}

or, when the rules are not valid Sigma (a YAML error, a missing condition, an unknown
modifier, a correlation rule where a detection rule was expected), exits 1 with

    {"ok": false, "error": "<one line saying what is wrong>"}

Exit status 2 means the command was used wrongly (a missing file, a log line that is not a JSON
object); that is the course's fault, not the learner's.

How the log becomes a table: every record is flattened, nested objects into dotted column
names (``userIdentity.sessionContext.sessionIssuer.userName``), lists into their JSON text,
booleans into ``'true'``/``'false'``; a field a record lacks is NULL. Columns are TEXT with
``COLLATE NOCASE``, because Sigma compares strings without regard to case. A field the rule
names that no record has is added as an empty column, so the rule runs and matches nothing
through it, and is reported in ``unknown_fields``: usually a typo.

The rule text is untrusted learner input: run this only inside the grading jail. It is parsed
with YAML's safe loader by pySigma, converted to SQL by the backend (which quotes every value),
and the SQL runs against a private in-memory database.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

MAX_RULE_BYTES = 64 * 1024
MAX_RULES = 20
MAX_REGEX_INPUT = 10_000
TABLE = "logs"


class LabError(Exception):
    """The learner's rule cannot be used; the message says why, in one line."""


@dataclass
class Converted:
    title: str
    level: str | None
    queries: list[str]
    fields: list[str]
    matched: list[str] = field(default_factory=list)


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def flatten(record: dict, prefix: str = "") -> dict:
    """A record as one level of dotted keys: nested objects recurse, lists become JSON text."""
    out: dict = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            if value:
                out.update(flatten(value, name + "."))
            else:
                out[name] = None
        elif isinstance(value, list):
            out[name] = json.dumps(value, separators=(",", ":"), sort_keys=True)
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = value
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _regexp(pattern: str, value) -> int:
    if value is None:
        return 0
    text = str(value)[:MAX_REGEX_INPUT]
    try:
        return 1 if re.search(pattern, text) else 0
    except re.error:
        return 0


def load(records: list[dict]) -> tuple[sqlite3.Connection, set[str]]:
    """An in-memory SQLite database with one table of the flattened records."""
    rows = [flatten(r) for r in records]
    columns: dict[str, None] = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, None)
    db = sqlite3.connect(":memory:")
    db.create_function("regexp", 2, _regexp, deterministic=True)
    names = list(columns) or ["_empty"]
    if len({n.lower() for n in names}) != len(names):
        raise ValueError("the log has two fields that differ only in case")
    db.execute(
        f"CREATE TABLE {TABLE} ("
        + ", ".join(f"{_quote(n)} TEXT COLLATE NOCASE" for n in names)
        + ")"
    )
    placeholders = ", ".join("?" for _ in names)
    db.executemany(
        f"INSERT INTO {TABLE} VALUES ({placeholders})",
        [[row.get(n) for n in names] for row in rows],
    )
    return db, {n.lower() for n in names}


def convert(rule_text: str) -> list[Converted]:
    """Parse and convert Sigma rules to SQLite queries; LabError says what is wrong."""
    # Imported here so that `--help` and errors in the caller do not pay for pySigma.
    from sigma.backends.sqlite import sqliteBackend
    from sigma.collection import SigmaCollection
    from sigma.exceptions import SigmaError
    from sigma.rule import SigmaRule

    if len(rule_text.encode("utf-8")) > MAX_RULE_BYTES:
        raise LabError(f"the rule text is larger than {MAX_RULE_BYTES // 1024} KiB")
    if not rule_text.strip():
        raise LabError("the rule text is empty")
    try:
        collection = SigmaCollection.from_yaml(rule_text)
        rules = list(collection.rules)
        if not rules:
            raise LabError("the text holds no Sigma rule")
        if len(rules) > MAX_RULES:
            raise LabError(f"the text holds {len(rules)} rules; this lab takes at most {MAX_RULES}")
        backend = sqliteBackend()
        out = []
        for rule in rules:
            if not isinstance(rule, SigmaRule):
                raise LabError(
                    f"{type(rule).__name__} found: this lab converts detection rules only"
                )
            queries = backend.convert_rule(rule)
            out.append(
                Converted(
                    title=str(rule.title),
                    level=str(rule.level.name).lower() if rule.level else None,
                    queries=[str(q) for q in queries],
                    fields=backend.required_fields(rule),
                )
            )
        return out
    except LabError:
        raise
    except SigmaError as exc:
        if "Keyword search" in str(exc):
            raise LabError(
                "keyword (field-less) search is not supported in this lab: "
                "name the field each value belongs to"
            ) from None
        raise LabError(f"not valid Sigma: {_one_line(exc)}") from None
    except Exception as exc:  # noqa: BLE001 -- YAML errors and pySigma's own bugs alike
        raise LabError(f"not valid Sigma: {type(exc).__name__}: {_one_line(exc)}") from None


def run(rule_text: str, records: list[dict], *, id_field: str = "eventID") -> dict:
    """Convert the rules and run them over the records; the JSON document the command prints."""
    try:
        converted = convert(rule_text)
    except LabError as exc:
        return {"ok": False, "error": str(exc)}
    db, columns = load(records)
    if id_field.lower() not in columns:
        raise ValueError(f"no record has the id field {id_field!r}")
    unknown = sorted({f for c in converted for f in c.fields if f.lower() not in columns})
    for name in unknown:
        db.execute(f"ALTER TABLE {TABLE} ADD COLUMN {_quote(name)} TEXT COLLATE NOCASE")
        columns.add(name.lower())
    matched: set[str] = set()
    for c in converted:
        hits: set[str] = set()
        for query in c.queries:
            try:
                rows = db.execute(f"SELECT {_quote(id_field)} FROM ({query})").fetchall()
            except sqlite3.Error as exc:
                return {"ok": False, "error": f"the converted query failed in SQLite: {exc}"}
            hits.update(str(r[0]) for r in rows if r[0] is not None)
        c.matched = sorted(hits)
        matched |= hits
    return {
        "ok": True,
        "records": len(records),
        "matched": sorted(matched),
        "unknown_fields": unknown,
        "rules": [
            {"title": c.title, "level": c.level, "queries": c.queries, "matched": c.matched}
            for c in converted
        ],
    }


def read_jsonl(text: str) -> list[dict]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number} is not JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise ValueError(f"line {number} is not a JSON object")
        records.append(record)
    return records


USAGE = "usage: python -m apprentice.labs.sigma RULE.yml LOG.jsonl [--id-field NAME]"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    id_field = "eventID"
    if "--id-field" in args:
        i = args.index("--id-field")
        if i + 1 >= len(args):
            print(USAGE, file=sys.stderr)
            return 2
        id_field = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2 or any(a.startswith("-") for a in args):
        print(USAGE, file=sys.stderr)
        return 2
    rule_path, log_path = map(Path, args)
    try:
        rule_text = rule_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read the rule {rule_path}: {exc}", file=sys.stderr)
        return 2
    try:
        records = read_jsonl(log_path.read_text(encoding="utf-8"))
        result = run(rule_text, records, id_field=id_field)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"cannot use the log {log_path}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, sort_keys=True))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
