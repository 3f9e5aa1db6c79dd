"""Module 06's Rego lab: evaluate a learner's Rego policy on a Terraform plan, with regopy.

Runs inside a lab jail (``run_tool(["python", "-m", "apprentice.labs.rego", ...])``)::

    python -m apprentice.labs.rego POLICY.rego INPUT.json QUERY

regopy embeds OPA's Rego (Microsoft's rego-cpp) in the process, so no OPA server or binary is
needed. Prints one JSON document: ``{"ok": true, "result": <value of the query>}`` or
``{"ok": false, "error": <the interpreter's own messages, trimmed>}``. An undefined query
gives ``{"ok": true, "result": null, "undefined": true}``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

MAX_POLICY = 50_000  # characters
MAX_ERROR = 3000


def _captured(call):
    """Run ``call()`` while file descriptors 1 and 2 go to a file (rego-cpp prints its errors)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            value, error = call(), None
        except Exception as exc:  # noqa: BLE001 -- reported as the policy's error
            value, error = None, exc
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
        sink.seek(0)
        printed = sink.read(MAX_ERROR * 2).decode("utf-8", errors="replace")
    return value, error, printed


def _trim(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_ERROR else text[:MAX_ERROR] + "\n[... trimmed]"


def evaluate(policy: str, document: str, query: str) -> dict:
    try:
        from regopy import Interpreter
    except ImportError:
        return {"ok": False, "missing": True, "error": "regopy is not installed"}
    if len(policy) > MAX_POLICY:
        return {"ok": False, "error": f"the policy is longer than {MAX_POLICY} characters"}
    try:
        json.loads(document)
    except ValueError as exc:
        return {"ok": False, "error": f"the input is not JSON: {exc}"}
    rego = Interpreter()

    def run():
        rego.add_module("policy.rego", policy)
        rego.set_input_term(document)
        return rego.query(query)

    output, error, printed = _captured(run)
    if error is not None:
        return {"ok": False, "error": _trim(printed or str(error))}
    text = str(output)
    if not output.ok():
        return {"ok": False, "error": _trim(printed + "\n" + text)}
    try:
        parsed = json.loads(text)
    except ValueError:
        if text.strip() in ("", "undefined", "{}"):
            return {"ok": True, "result": None, "undefined": True}
        return {"ok": False, "error": _trim(text)}
    expressions = parsed.get("expressions") if isinstance(parsed, dict) else None
    if not expressions:
        return {"ok": True, "result": None, "undefined": True}
    return {"ok": True, "result": expressions[0]}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) != 3:
        print("usage: python -m apprentice.labs.rego POLICY.rego INPUT.json QUERY", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as handle:
        policy = handle.read()
    with open(argv[1], encoding="utf-8") as handle:
        document = handle.read()
    report = evaluate(policy, document, argv[2])
    sys.stdout.write(json.dumps(report))
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
