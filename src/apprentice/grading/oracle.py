"""Decide test verdicts in the trusted process.

A test cell's source (visible and hidden parts, from the course's own files) runs here, never
in the learner's kernel. Names that the assignment's answer cells define are fetched from the
kernel at the moment the test runs: functions become proxies that call into the kernel with
plain data, variables arrive as their plain-data values. Every top-level ``assert`` is one
check; all of them run, so a learner sees every failing visible check, not just the first.
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .. import wire
from ..notebooks import hidden_lines
from .kernel import CallTimeout, KernelChannel, KernelGone

MUTABLE = (list, dict, set, np.ndarray, pd.DataFrame, pd.Series)


@dataclass
class Check:
    """One top-level statement of a test cell that can fail."""

    line: int
    hidden: bool
    passed: bool
    message: str = ""

    def public(self) -> dict:
        data = asdict(self)
        if self.hidden:
            data["message"] = ""
        return data


@dataclass
class Verdict:
    grade_id: str
    max_points: float
    checks: list[Check] = field(default_factory=list)
    error: str = ""  # why the cell could not be evaluated at all (kernel gone, ...)
    objectives: list[str] = field(default_factory=list)
    hint: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def points(self) -> float:
        return self.max_points if self.passed else 0.0

    def failing(self, *, hidden: bool | None = None) -> list[Check]:
        return [c for c in self.checks if not c.passed and (hidden is None or c.hidden == hidden)]

    def summary_lines(self) -> list[str]:
        """What the learner may see: visible failures in full, hidden ones as a count."""
        visible = [c for c in self.checks if not c.hidden]
        hidden = [c for c in self.checks if c.hidden]
        lines = []
        if self.error:
            lines.append(f"✘ not graded: {self.error}")
        for check in self.failing(hidden=False):
            lines.append(f"✘ {check.message}")
        passed_visible = sum(c.passed for c in visible)
        if visible:
            lines.append(
                f"{'✔' if passed_visible == len(visible) else '•'} "
                f"{passed_visible} of {len(visible)} visible checks passed"
            )
        if hidden:
            failed_hidden = len(self.failing(hidden=True))
            if failed_hidden:
                lines.append(
                    f"✘ {failed_hidden} of {len(hidden)} hidden checks failed: "
                    "your answer does not yet work for other inputs"
                )
            else:
                lines.append(f"✔ all {len(hidden)} hidden checks passed")
        if not self.passed and self.hint:
            lines.append(f"hint: {self.hint}")
        lines.append(f"score: {self.points:g} / {self.max_points:g}")
        return lines

    def to_json(self, *, public: bool = False) -> dict:
        return {
            "grade_id": self.grade_id,
            "points": self.points,
            "max_points": self.max_points,
            "passed": self.passed,
            "error": self.error,
            "objectives": self.objectives,
            "hint": self.hint,
            "checks": [c.public() if public else asdict(c) for c in self.checks],
        }


class RemoteFunction:
    """A learner function seen from the trusted side: calls run in the kernel."""

    def __init__(self, channel: KernelChannel, name: str) -> None:
        self._channel = channel
        self.__name__ = name

    def __repr__(self) -> str:
        return f"<learner function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        mutable = any(isinstance(a, MUTABLE) for a in (*args, *kwargs.values()))
        value, new_args, new_kwargs = self._channel.call(
            self.__name__, args, kwargs, return_args=mutable
        )
        if mutable:
            for old, new in zip(args, new_args or [], strict=False):
                mirror(old, new)
            for key, old in kwargs.items():
                if new_kwargs and key in new_kwargs:
                    mirror(old, new_kwargs[key])
        return value


def mirror(old, new) -> None:
    """Copy a mutation made in the kernel back onto the trusted argument object."""
    try:
        if wire.encode(old) == wire.encode(new):
            return
    except wire.WireError:
        return
    if isinstance(old, list) and isinstance(new, list):
        old[:] = new
    elif isinstance(old, dict) and isinstance(new, dict):
        old.clear()
        old.update(new)
    elif isinstance(old, set) and isinstance(new, set):
        old.clear()
        old.update(new)
    elif isinstance(old, np.ndarray) and isinstance(new, np.ndarray):
        if old.shape == new.shape and old.flags.writeable:
            old[...] = new
    elif isinstance(old, pd.DataFrame | pd.Series) and type(new) is type(old):
        old._update_inplace(new)


def trusted_namespace() -> dict:
    """A fresh module-like namespace for instructor code."""
    return {
        "__name__": "__grader__",
        "__builtins__": builtins,
        "display": lambda *args, **kwargs: None,
    }


def run_setup(namespace: dict, source: str, *, name: str) -> str:
    """Run an instructor setup cell on the trusted side; returns an error text or ''."""
    try:
        code = compile(source, f"<setup:{name}>", "exec")
        exec(code, namespace)  # noqa: S102 -- instructor code from the course's own files
    except Exception as exc:  # noqa: BLE001
        return f"setup cell {name} failed on the grader: {type(exc).__name__}: {exc}"
    return ""


def _describe(exc: BaseException) -> str:
    text = str(exc)
    if isinstance(exc, NotImplementedError) or "NotImplementedError" in text:
        return "not answered yet (the function still raises NotImplementedError)"
    if isinstance(exc, NameError):
        return f"{text}: run or complete the cell that defines it"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def evaluate(
    *,
    grade_id: str,
    source: str,
    max_points: float,
    namespace: dict,
    learner_names: set[str],
    channel: KernelChannel,
    objectives: list[str] | None = None,
    hint: str = "",
) -> Verdict:
    """Run one test cell in the trusted namespace against the learner's kernel."""
    verdict = Verdict(grade_id, max_points, objectives=list(objectives or []), hint=hint)
    hidden = hidden_lines(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        verdict.error = f"the test cell does not parse (line {exc.lineno}); tell your mentor"
        return verdict
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for name in sorted(used & learner_names):
        namespace.pop(name, None)
        try:
            kind, value = channel.get(name)
        except NameError:
            continue  # the test then fails with a NameError naming it
        except KernelGone as exc:
            verdict.error = str(exc)
            return verdict
        except (CallTimeout, wire.WireError) as exc:
            namespace[name] = _Unreadable(name, str(exc))
            continue
        namespace[name] = RemoteFunction(channel, name) if kind == "function" else value

    lines = source.splitlines()
    for statement in tree.body:
        is_hidden = statement.lineno in hidden
        code = compile(ast.Module(body=[statement], type_ignores=[]), f"<test:{grade_id}>", "exec")
        try:
            exec(code, namespace)  # noqa: S102 -- instructor test code from the course's own files
        except KernelGone as exc:
            verdict.error = str(exc)
            return verdict
        except AssertionError as exc:
            message = str(exc) or "assert " + _segment(lines, statement)
            verdict.checks.append(Check(statement.lineno, is_hidden, False, message))
            continue
        except BaseException as exc:  # noqa: BLE001 -- anything else fails the check, then the cell
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            verdict.checks.append(Check(statement.lineno, is_hidden, False, _describe(exc)))
            if not isinstance(statement, ast.Assert):
                break  # later statements depend on this one
            continue
        if isinstance(statement, ast.Assert):
            verdict.checks.append(Check(statement.lineno, is_hidden, True))
    if not verdict.checks:
        verdict.error = "the test cell has no checks; tell your mentor"
    return verdict


def _segment(lines: list[str], statement: ast.stmt) -> str:
    text = " ".join(line.strip() for line in lines[statement.lineno - 1 : statement.end_lineno])
    text = text.removeprefix("assert ").strip()
    return text if len(text) <= 160 else text[:157] + "..."


class _Unreadable:
    """Stands in for a learner value that could not be brought over; any use fails clearly."""

    def __init__(self, name: str, reason: str) -> None:
        self._why = f"{name} could not be read from your notebook: {reason}"

    def __getattr__(self, item):
        raise TypeError(self._why)

    def __call__(self, *args, **kwargs):
        raise TypeError(self._why)

    def __eq__(self, other):
        raise TypeError(self._why)

    __hash__ = None

    def __bool__(self):
        raise TypeError(self._why)

    def __iter__(self):
        raise TypeError(self._why)

    def __len__(self):
        raise TypeError(self._why)
