"""Decide test verdicts in the trusted process.

A test cell's source (visible and hidden parts, from the course's own files) runs here, never
in the learner's kernel. Names that the assignment's answer cells define are fetched from the
kernel at the moment the test runs: functions become proxies that call into the kernel with
plain data, variables arrive as their plain-data values. Every top-level ``assert`` is one
check (so is a top-level loop of asserts); all of them run, so a learner sees every failing
visible check, not just the first.

What a learner may see of a check (``Check.shown``) is decided here, from trusted text only:
- a hidden check shows the plain string literal its author wrote as its message (the
  requirement it tests), never an evaluated message, an input or an expected value;
- a visible check shows its evaluated message until the first hidden check of the notebook
  has run (``Taint``); from then on the learner's kernel may hold hidden inputs, so values
  its code returned are left out of the message (``got …``) and its exceptions are named
  only by their built-in type.
"""

from __future__ import annotations

import ast
import builtins
import time
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .. import wire
from ..notebooks import hidden_lines
from .kernel import CallTimeout, KernelChannel, KernelGone

MUTABLE = (list, dict, set, np.ndarray, pd.DataFrame, pd.Series)
ELIDED = "…"
BUILTIN_EXCEPTIONS = {
    name
    for name, cls in vars(builtins).items()
    if isinstance(cls, type) and issubclass(cls, BaseException)
}


@dataclass
class Check:
    """One top-level statement of a test cell that can fail."""

    line: int
    hidden: bool
    passed: bool
    message: str = ""  # in full, for mentors
    shown: str = ""  # what the learner may see (see the module docstring)

    def public(self) -> dict:
        return {**asdict(self), "message": self.shown}


@dataclass
class Taint:
    """Whether the learner's kernel may have received anything derived from hidden tests."""

    hidden_ran: bool = False


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
        """What the learner may see: each failing check's shown message, and the counts."""
        visible = [c for c in self.checks if not c.hidden]
        hidden = [c for c in self.checks if c.hidden]
        lines = []
        if self.error:
            lines.append(f"✘ not graded: {self.error}")
        for check in self.failing(hidden=False):
            lines.append(f"✘ {check.shown}")
        for check in self.failing(hidden=True):
            lines.append(f"✘ hidden check: {check.shown}")
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
                    f"✘ {failed_hidden} of {len(hidden)} hidden checks failed "
                    "(hidden checks try other inputs and edge cases)"
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
    """A learner function seen from the trusted side: calls run in the kernel, on copies.

    The kernel decodes its own copy of every argument, so nothing a learner function does can
    change a trusted value. With ``unchanged`` the kernel also reports whether the call changed
    its copy; each such call is recorded in ``violations`` for the test to fail.
    """

    def __init__(
        self,
        channel: KernelChannel,
        name: str,
        *,
        unchanged: bool = False,
        own_generator: bool = False,
        violations=None,
    ) -> None:
        self._channel = channel
        self._unchanged = unchanged
        self._own_generator = own_generator
        self._violations = violations if violations is not None else []
        self.__name__ = name

    def __repr__(self) -> str:
        return f"<learner function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        check = self._unchanged and any(isinstance(a, MUTABLE) for a in (*args, *kwargs.values()))
        value, changed, drew_global = self._channel.call(
            self.__name__, args, kwargs, check_unchanged=check, check_random=self._own_generator
        )
        if changed:
            self._violations.append(
                f"{self.__name__}() changed the {changed} it was given: the task says to leave "
                "its input unchanged (work on a copy)"
            )
        if drew_global:
            self._violations.append(
                f"{self.__name__}() used a global random generator (np.random.seed, "
                "np.random.<distribution>, scipy's rvs without random_state, or the random "
                "module): the task says to draw only from a generator built from the seed, "
                "np.random.default_rng(seed), so that it changes nothing outside the function"
            )
        return value


def trusted_namespace() -> dict:
    """A fresh module-like namespace for instructor code (``run_tool`` for lab checks)."""
    from ..labs import run_tool

    return {
        "__name__": "__grader__",
        "__builtins__": builtins,
        "display": lambda *args, **kwargs: None,
        "run_tool": run_tool,
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


def _kind(exc: BaseException) -> str:
    """An exception named by its built-in type only (learner classes can carry any name)."""
    name = type(exc).__name__
    return name if name in BUILTIN_EXCEPTIONS else "an error"


def _template(statement: ast.Assert, lines: list[str]) -> str:
    """A visible assert's message with every interpolated value left out."""
    msg = statement.msg
    if isinstance(msg, ast.Constant) and isinstance(msg.value, str):
        return msg.value
    if isinstance(msg, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else ELIDED for part in msg.values
        )
    return "check failed: " + _segment(lines, statement)


def _hidden_requirement(statement: ast.stmt) -> str:
    """The requirement a hidden assert names: its plain string literal message."""
    if isinstance(statement, ast.Assert):
        msg = statement.msg
        if isinstance(msg, ast.Constant) and isinstance(msg.value, str) and msg.value.strip():
            return msg.value
        return "a hidden check failed"
    return "a hidden check could not run"


def _shown(
    statement: ast.stmt,
    lines: list[str],
    *,
    hidden: bool,
    tainted: bool,
    message: str,
    exc: BaseException | None,
) -> str:
    if hidden:
        text = _hidden_requirement(statement)
        if exc is not None and not isinstance(exc, AssertionError):
            text += f" ({_kind(exc)})"
        return text
    if not tainted:
        return message
    if isinstance(statement, ast.Assert) and isinstance(exc, AssertionError):
        return _template(statement, lines)
    if isinstance(exc, NotImplementedError):
        return _describe(exc)
    return f"{_segment(lines, statement)} failed ({_kind(exc) if exc else 'an error'})"


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
    taint: Taint | None = None,
    unchanged: set[str] | None = None,
    own_generator: set[str] | None = None,
    answer_errors: dict[str, str] | None = None,
    deadline: float | None = None,
) -> Verdict:
    """Run one test cell in the trusted namespace against the learner's kernel.

    ``unchanged``: learner functions whose calls must leave their arguments unchanged;
    ``own_generator``: learner functions that must not use a global random generator;
    ``answer_errors``: for names an answer cell failed to define, why (shown instead of a bare
    NameError).
    """
    taint = taint if taint is not None else Taint()
    verdict = Verdict(grade_id, max_points, objectives=list(objectives or []), hint=hint)
    hidden = hidden_lines(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        verdict.error = f"the test cell does not parse (line {exc.lineno}); tell your mentor"
        return verdict
    violations: list[str] = []
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
        if kind == "function":
            namespace[name] = RemoteFunction(
                channel,
                name,
                unchanged=name in (unchanged or ()),
                own_generator=name in (own_generator or ()),
                violations=violations,
            )
        else:
            namespace[name] = value

    lines = source.splitlines()
    for statement in tree.body:
        if deadline is not None and time.monotonic() > deadline:
            verdict.error = "not finished: the notebook ran out of its time limit"
            return verdict
        is_hidden = statement.lineno in hidden
        if is_hidden:
            taint.hidden_ran = True
        tainted = taint.hidden_ran
        code = compile(ast.Module(body=[statement], type_ignores=[]), f"<test:{grade_id}>", "exec")
        failure: BaseException | None = None
        missing = None
        try:
            exec(code, namespace)  # noqa: S102 -- instructor test code from the course's own files
        except KernelGone as exc:
            verdict.error = str(exc)
            return verdict
        except BaseException as exc:  # noqa: BLE001 -- anything else fails the check
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            failure = exc
        for text in dict.fromkeys(violations):
            verdict.checks.append(Check(statement.lineno, is_hidden, False, text, text))
        violations.clear()
        if failure is None:
            if _is_check(statement):
                verdict.checks.append(Check(statement.lineno, is_hidden, True))
            continue
        if isinstance(failure, AssertionError):
            message = str(failure) or "assert " + _segment(lines, statement)
        else:
            message = _describe(failure)
            if isinstance(failure, NameError) and failure.name in (answer_errors or {}):
                missing = failure.name
                message = f"{missing} is not defined: {answer_errors[missing]}"
        shown = _shown(
            statement, lines, hidden=is_hidden, tainted=tainted, message=message, exc=failure
        )
        if missing and not is_hidden:
            shown = message  # built from the grader's own record of the answer cell
        verdict.checks.append(Check(statement.lineno, is_hidden, False, message, shown))
        if not isinstance(statement, ast.Assert) and not isinstance(failure, AssertionError):
            break  # later statements depend on this one
    if not verdict.checks:
        verdict.error = "the test cell has no checks; tell your mentor"
    return verdict


def _is_check(statement: ast.stmt) -> bool:
    """A top-level assert, or a loop, ``if``, ``with`` or ``try`` with asserts inside (a cell
    that checks a table of cases in a ``for`` loop has checks even with no top-level assert)."""
    if isinstance(statement, ast.Assert):
        return True
    compound = ast.For | ast.AsyncFor | ast.While | ast.If | ast.With | ast.AsyncWith | ast.Try
    return isinstance(statement, compound) and any(
        isinstance(node, ast.Assert) for node in ast.walk(statement)
    )


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
