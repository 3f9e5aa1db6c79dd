"""Run one rebuilt notebook: learner cells in the kernel, test cells in the trusted oracle.

The kernel executes setup cells, answer cells and the learner's own cells, in order. When
execution reaches a test cell, the trusted process evaluates the cell's full source (with its
hidden part) against the kernel's state at that moment. The kernel never receives test code.

Once a hidden check has run, the kernel may hold hidden inputs (the arguments of the calls
hidden tests made), so the outputs of learner cells that run afterwards are withheld from the
graded notebook, which is what feedback is made from (see ``oracle.Taint``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode

from .. import notebooks as nbs
from .. import wire
from .kernel import KernelChannel, LoopClient
from .oracle import BUILTIN_EXCEPTIONS, Taint, Verdict, evaluate, run_setup, trusted_namespace
from .sandbox import lock_runtime, runtime_usage

TIMEOUT_ERROR = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": ["CellTimeoutError: the cell did not finish in time and was interrupted"],
}
KEPT_MIME = ("text/plain", "image/png", "image/jpeg")
MAX_OUTPUT_LINES = 400
WITHHELD = (
    "[output withheld from graded feedback: this cell ran after hidden tests had called your "
    "code; run `apprentice check` to see it]\n"
)


@dataclass
class Plan:
    """What the grader knows about a notebook from the course's own files."""

    tests: dict[str, dict]  # grade_id -> {"source", "points", "objectives", "hint"}
    setup: dict[str, str]  # grade_id -> source of locked setup cells
    learner_names: set[str]
    answer_names: dict[str, set[str]] = field(default_factory=dict)  # answer gid -> its names
    unchanged: set[str] = field(default_factory=set)  # functions that must not change arguments
    own_generator: set[str] = field(default_factory=set)  # must not use a global generator


@dataclass
class RunResult:
    nb: NotebookNode
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    status: str = "ok"  # ok | timeout | kernel-died | output-limit | kernel-failed | no-reply
    message: str = ""
    seconds: float = 0.0
    # (cell, seconds): where a slow notebook spent its time
    timings: list = field(default_factory=list)
    full: NotebookNode | None = None  # nb before outputs were withheld: mentors' copy


def not_reached(gid: str, spec: dict, why: str) -> Verdict:
    """The verdict of a test cell that never ran: zero points, and the reason."""
    return Verdict(
        gid,
        spec["points"],
        error=f"not reached: {why}",
        objectives=spec["objectives"],
        hint=spec["hint"],
    )


def plan_from_source(source_nb: NotebookNode) -> Plan:
    tests, setup, names, per_cell, unchanged, own_generator = {}, {}, set(), {}, set(), set()
    for cell in source_nb.cells:
        gid = nbs.grade_id(cell)
        if nbs.is_test(cell):
            meta = nbs.course_meta(cell)
            tests[gid] = {
                "source": cell.source,
                "points": nbs.points(cell),
                "objectives": list(meta.get("objectives", [])),
                "hint": str(meta.get("hint", "")),
            }
        elif nbs.is_setup(cell):
            setup[gid] = cell.source
        elif nbs.is_answer(cell):
            defined = nbs.defined_names(cell.source)
            names |= defined
            per_cell[gid] = defined
            if nbs.course_meta(cell).get("unchanged_arguments"):
                unchanged |= defined
            if nbs.course_meta(cell).get("own_generator"):
                own_generator |= defined
    return Plan(tests, setup, names, per_cell, unchanged, own_generator)


def answer_error(outputs: list, *, tainted: bool) -> str:
    """Why an answer cell did not run cleanly, from its error output ('' if it did)."""
    error = next((o for o in outputs if o.get("output_type") == "error"), None)
    if error is None:
        return ""
    ename = str(error.get("ename", ""))
    if tainted:  # the kernel may hold hidden inputs: name the built-in type only
        return f"its answer cell raised {ename if ename in BUILTIN_EXCEPTIONS else 'an error'}"
    evalue = str(error.get("evalue", ""))[:300]
    if ename in ("SyntaxError", "IndentationError", "TabError"):
        line = re.search(r"line (\d+)", evalue)
        reason = re.sub(r"\s*\([^()]*line \d+\)\s*$", "", evalue)
        where = f" at line {line.group(1)}" if line else ""
        return f"its answer cell has a {ename}{where}: {reason}; fix the cell and run it again"
    return f"its answer cell raised {ename}: {evalue}"


class GradingClient(NotebookClient):
    """nbclient, with test cells routed to the trusted oracle and limits enforced."""

    def __init__(
        self,
        nb,
        *,
        km,
        plan: Plan,
        cell_timeout: float,
        notebook_timeout: float,
        max_output_bytes: int,
        progress=None,
        runtime=None,
        **kw,
    ) -> None:
        super().__init__(
            nb,
            km=km,
            timeout=cell_timeout,
            interrupt_on_timeout=True,
            error_on_timeout=TIMEOUT_ERROR,
            allow_errors=True,
            raise_on_iopub_timeout=False,
            iopub_timeout=10,
            startup_timeout=60,
            shutdown_kernel="immediate",
            skip_cells_with_tag=f"apprentice-never-skip-{os.getpid()}-{time.monotonic_ns()}",
            record_timing=False,
            **kw,
        )
        self.plan = plan
        self.progress = progress  # called with each verdict as it is reached
        self.deadline = time.monotonic() + notebook_timeout
        # every cell's time limit is also cut to what is left of the whole notebook's
        self.timeout_func = lambda cell: max(1, min(cell_timeout, self.deadline - time.monotonic()))
        self.budget = [max_output_bytes]
        self.result = RunResult(nb)
        self.namespace = trusted_namespace()
        self.channel: KernelChannel | None = None
        self.stopped = ""  # why no more cells run
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self.timings: list = []
        self.timed_out = False
        self.taint = Taint()
        self.answer_errors: dict[str, str] = {}  # learner name -> why its answer cell failed
        self.withheld: set[int] = set()  # learner cells that ran after a hidden check
        self.runtime = runtime  # (folder, slot, sandbox) of a jailed kernel, for its quota
        self.watchdog: asyncio.Task | None = None

    async def async_start_new_kernel(self, **kwargs):
        """The kernel's own stdout and stderr go nowhere: learner output travels over ZeroMQ."""
        kwargs.setdefault("stdout", subprocess.DEVNULL)
        kwargs.setdefault("stderr", subprocess.DEVNULL)
        return await super().async_start_new_kernel(**kwargs)

    async def async_execute(self, reset_kc: bool = False, **kwargs):
        """Run the notebook, then always stop the kernel: every process it started goes too."""
        try:
            return await super().async_execute(reset_kc=reset_kc, **kwargs)
        finally:
            if self.watchdog is not None:
                self.watchdog.cancel()
            await self._kill()
            if self.kc is not None:
                self.kc.stop_channels()

    # -- limits ------------------------------------------------------------------------------------
    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] in (
            "stream",
            "display_data",
            "execute_result",
            "error",
            "update_display_data",
        ):
            self.budget[0] -= len(json.dumps(msg["content"]))
            if self.budget[0] < 0:
                if not self.stopped:
                    self._stop("output-limit", "the notebook printed more output than allowed")
                    asyncio.ensure_future(self._kill())
                return None
        return super().process_message(msg, cell, cell_index)

    def _stop(self, status: str, message: str) -> None:
        if not self.stopped:
            self.stopped = message
            self.result.status = status
            self.result.message = message

    async def _kill(self) -> None:
        try:
            await self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 -- the kernel may already be gone
            pass

    async def _async_handle_timeout(self, timeout, cell=None):
        self.timed_out = True
        return await super()._async_handle_timeout(timeout, cell)

    async def _responsive(self) -> bool:
        try:
            self.kc.kernel_info()
            await asyncio.wait_for(self.kc.get_shell_msg(), timeout=10)
            return True
        except Exception:  # noqa: BLE001
            return False

    # -- the trusted side --------------------------------------------------------------------------
    def _channel(self) -> KernelChannel:
        if self.channel is None:
            loop = asyncio.get_running_loop()

            def interrupt() -> None:
                asyncio.run_coroutine_threadsafe(self.km.interrupt_kernel(), loop).result(15)

            self.channel = KernelChannel(
                LoopClient(self.kc, loop),
                timeout=self.timeout,
                max_reply_bytes=wire.MAX_BYTES,
                output_budget=self.budget,
                interrupt=interrupt,
                deadline=self.deadline,
            )
        return self.channel

    async def _in_trusted_thread(self, fn, *args):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, fn, *args)

    async def _watch_runtime(self) -> None:
        """Stop a kernel that writes past the quota of its runtime folder."""
        folder, _, sandbox = self.runtime
        while not self.stopped:
            used, files = runtime_usage(folder)
            if used > sandbox.runtime_kb * 1024 or files > sandbox.runtime_files:
                self._stop(
                    "output-limit",
                    "the notebook wrote more than allowed into the grader's runtime folder",
                )
                await self._kill()
                return
            await asyncio.sleep(0.2)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self.runtime is not None and self.watchdog is None:
            folder, slot, sandbox = self.runtime  # the kernel is up: its sockets exist
            lock_runtime(folder, slot, sandbox)
            self.watchdog = asyncio.ensure_future(self._watch_runtime())
        if cell.cell_type != "code":
            return cell
        gid = nbs.grade_id(cell)
        if time.monotonic() > self.deadline and not self.stopped:
            self._stop("timeout", "the notebook did not finish within the time limit")
        if gid in self.plan.tests:
            t0 = time.monotonic()
            out = await self._grade(cell, gid)
            self.timings.append((gid, round(time.monotonic() - t0, 3)))
            return out
        if self.stopped:
            return cell
        if gid in self.plan.setup:
            setup_source = self.plan.setup[gid]
            error = await self._in_trusted_thread(
                lambda: run_setup(self.namespace, setup_source, name=gid)
            )
            if error:
                self._stop("error", error)
                return cell
        t0 = time.monotonic()
        self.timed_out = False
        tainted = self.taint.hidden_ran
        if tainted:
            self.withheld.add(cell_index)
        try:
            await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            self.timings.append((gid or cell_index, round(time.monotonic() - t0, 3)))
            if gid in self.plan.answer_names:
                why = answer_error(cell.outputs, tainted=tainted)
                for name in self.plan.answer_names[gid]:
                    self.answer_errors.pop(name, None)
                    if why:
                        self.answer_errors[name] = why
        except DeadKernelError:
            self._stop("kernel-died", f"the kernel died while running cell {cell_index + 1}")
            return cell
        except CellTimeoutError:
            self._stop(
                "timeout", f"cell {cell_index + 1} did not finish and could not be interrupted"
            )
            await self._kill()
            return cell
        except ValueError as exc:  # jupyter_client rejects a message with a bad signature
            if "signature" not in str(exc).lower():
                raise
            self._stop("kernel-died", f"the kernel sent a corrupt message in cell {cell_index + 1}")
            await self._kill()
            return cell
        if self.timed_out:
            if self.result.status == "ok":
                self.result.status = "timeout"
                self.result.message = f"cell {cell_index + 1} timed out and was interrupted"
            if not await self._responsive():
                self._stop(
                    "timeout",
                    f"cell {cell_index + 1} ignored the interrupt; the kernel was stopped",
                )
                await self._kill()
        return cell

    async def _grade(self, cell, gid: str):
        spec = self.plan.tests[gid]
        if self.stopped:
            verdict = not_reached(gid, spec, self.stopped)
        else:
            channel = self._channel()
            verdict = await self._in_trusted_thread(
                lambda: evaluate(
                    grade_id=gid,
                    source=spec["source"],
                    max_points=spec["points"],
                    namespace=self.namespace,
                    learner_names=self.plan.learner_names,
                    channel=channel,
                    objectives=spec["objectives"],
                    hint=spec["hint"],
                    taint=self.taint,
                    unchanged=self.plan.unchanged,
                    own_generator=self.plan.own_generator,
                    answer_errors=self.answer_errors,
                    deadline=self.deadline,
                )
            )
            if channel.gone:
                self._stop(channel.gone_status, channel.gone)
            elif channel.no_reply and self.result.status == "ok":
                self.result.status = "no-reply"
                self.result.message = verdict.error
        self.result.verdicts[gid] = verdict
        if self.progress is not None:
            self.progress(verdict)
        cell.outputs = [
            nbformat.v4.new_output(
                "stream", name="stdout", text="\n".join(verdict.summary_lines()) + "\n"
            )
        ]
        cell.execution_count = None
        return cell


def sanitise_outputs(nb: NotebookNode, test_ids: set[str]) -> None:
    """Keep only inert output (plain text and bitmaps), trimmed; no HTML or JavaScript."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.pop("attachments", None)  # learner Markdown itself was cleaned at rebuild
        if cell.cell_type != "code" or nbs.grade_id(cell) in test_ids:
            continue
        kept = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                out["text"] = _trim(out.get("text", ""))
                kept.append(out)
            elif kind in ("display_data", "execute_result"):
                data = {k: v for k, v in out.get("data", {}).items() if k in KEPT_MIME}
                if "text/plain" in data:
                    data["text/plain"] = _trim(data["text/plain"])
                if data:
                    out["data"] = data
                    out["metadata"] = {}
                    kept.append(out)
            elif kind == "error":
                out["traceback"] = [_trim(line) for line in out.get("traceback", [])[-20:]]
                kept.append(out)
        cell.outputs = kept


def _trim(text) -> str:
    if isinstance(text, list):
        text = "".join(text)
    lines = str(text).splitlines(keepends=True)
    if len(lines) > MAX_OUTPUT_LINES:
        lines = lines[:MAX_OUTPUT_LINES] + [
            f"... {len(lines) - MAX_OUTPUT_LINES} more lines not shown\n"
        ]
    return "".join(lines)[:200_000]


def run(
    nb: NotebookNode,
    *,
    km: AsyncKernelManager,
    plan: Plan,
    trusted_dir: Path,
    cell_timeout: float,
    notebook_timeout: float,
    max_output_bytes: int,
    kernel_cwd: Path | None = None,
    progress=None,
    runtime=None,
) -> RunResult:
    """Execute ``nb`` in place and return verdicts for every test cell of the plan."""
    started = time.monotonic()
    import apprentice.grading.headless  # noqa: F401 -- trusted setup code never opens windows

    resources = {"metadata": {"path": str(kernel_cwd)}} if kernel_cwd else {}
    client = GradingClient(
        nb,
        km=km,
        plan=plan,
        cell_timeout=cell_timeout,
        notebook_timeout=notebook_timeout,
        max_output_bytes=max_output_bytes,
        resources=resources,
        progress=progress,
        runtime=runtime,
    )
    previous = os.getcwd()
    os.chdir(trusted_dir)
    try:
        run_sync(client.async_execute)()
    except DeadKernelError:
        client._stop("kernel-died", "the kernel died")
    except RuntimeError as exc:
        if "Kernel died before replying" in str(exc) or "Kernel didn't respond" in str(exc):
            client._stop("kernel-failed", "the learner kernel did not start")
        else:
            raise
    finally:
        os.chdir(previous)
        client.pool.shutdown(wait=False, cancel_futures=True)
    result = client.result
    sanitise_outputs(nb, set(plan.tests))
    result.full = copy.deepcopy(nb)  # for mentors only: the outputs as the learner's code made them
    for index in client.withheld:
        cell = nb.cells[index]
        if cell.get("outputs"):
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=WITHHELD)]
    for gid, spec in plan.tests.items():
        if gid not in result.verdicts:
            why = client.stopped or "the test cell was not reached"
            result.verdicts[gid] = not_reached(gid, spec, why)
    result.seconds = time.monotonic() - started
    result.timings = client.timings
    return result
