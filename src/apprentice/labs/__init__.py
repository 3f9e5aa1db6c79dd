"""Lab checks: run one of the field's real tools on what a learner wrote, in a fresh jail.

A test cell calls ``run_tool(argv, files=..., timeout=..., collect=...)`` (CONTRIBUTING.md
section 4b). The tool runs in a new bubblewrap jail built like the one that runs the learner's
kernel (no network, the sandbox's limits, an unprivileged uid), in a private size-capped
scratch folder holding only ``files``. A small bootstrap inside the jail writes the files,
runs the tool with a time limit and reports the exit status, the output (trimmed) and the
files named in ``collect`` as one JSON document on its standard output, which the trusted
side reads with a size limit. Nothing the tool does can reach the grader's files.

When grading runs without the jail (``apprentice check`` on a learner's own machine, or a
mentor's ``--no-sandbox``), the tool runs as a plain process in a temporary folder, with the
same time and output limits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_REPORT_BYTES = 8 * 1024 * 1024  # what the trusted side reads from a tool run
MAX_TEXT = 64 * 1024  # stdout and stderr kept, each
MAX_FILE = 2 * 1024 * 1024  # a collected file
MISSING = 127
DEFAULT_MEMORY_MB = 3072  # resident-memory cap of a tool run without the jail's RLIMIT_AS


class ToolMissing(Exception):
    """The lab's tool is not installed on this host: the check fails closed."""


class ToolFailed(Exception):
    """The jail or the bootstrap did not produce a report (time limit, crash, garbage)."""


@dataclass
class ToolResult:
    returncode: int
    stdout: str
    stderr: str
    files: dict[str, str] = field(default_factory=dict)
    timed_out: bool = False

    @property
    def output(self) -> str:
        """stdout and stderr together, trimmed to a size that fits a check's message."""
        text = (self.stdout + ("\n" if self.stdout and self.stderr else "") + self.stderr).strip()
        return text if len(text) <= 2000 else text[:2000] + "\n[... trimmed]"


@dataclass
class _Context:
    sandbox: object | None = None  # grading.sandbox.Sandbox, or None: run unjailed
    slot: int = 0
    mounts: object | None = None


_CONTEXT = _Context()


def configure(*, sandbox=None, slot: int = 0, mounts=None) -> None:
    """Set how ``run_tool`` runs tools in this process (the grading worker sets the jail)."""
    _CONTEXT.sandbox, _CONTEXT.slot, _CONTEXT.mounts = sandbox, slot, mounts


def tool_path(name: str) -> str | None:
    """Where a lab tool is: the venv's bin folder first, then the system's."""
    venv_bin = os.path.join(sys.prefix, "bin")
    return shutil.which(name, path=os.pathsep.join([venv_bin, "/usr/bin", "/bin"]))


def _missing(name: str) -> ToolMissing:
    return ToolMissing(
        f"the lab tool {name!r} is not installed on this host, so this check cannot pass: "
        "run `make` to install the course's tools, and `apprentice doctor` to see them"
    )


def _read_bounded(stream, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ToolFailed("the tool run reported more than the grader reads")
        chunks.append(chunk)


def run_tool(
    argv: list[str],
    *,
    files: dict[str, str] | None = None,
    timeout: float = 30,
    collect: tuple[str, ...] | list[str] = (),
    address_space_limit: bool = True,
) -> ToolResult:
    """Run ``argv`` on ``files`` in a fresh jail; see the module docstring.

    ``address_space_limit=False`` is for a tool whose allocator reserves address space it
    never uses (regopy): the jail then has no RLIMIT_AS, not even one this process set on
    itself (the grading worker caps its own), and the resident memory of all its processes
    together is watched from outside instead, the run killed above the sandbox's memory limit.
    """
    if isinstance(argv, str) or not argv or not all(isinstance(a, str) for a in argv):
        raise TypeError("run_tool needs a command as a list of strings")
    files = dict(files or {})
    for name, text in files.items():
        if not isinstance(text, str):
            raise TypeError(
                f"run_tool: the content of {name!r} must be text, not {type(text).__name__}"
            )
    path = tool_path(argv[0])
    if path is None:
        raise _missing(argv[0])
    request = {
        "argv": [path, *argv[1:]],
        "files": files,
        "collect": list(collect),
        "timeout": float(timeout),
        "max_text": MAX_TEXT,
        "max_file": MAX_FILE,
    }
    with tempfile.TemporaryDirectory(prefix="apprentice-tool-") as tmp:
        bootstrap = [sys.executable, "-m", "apprentice.labs.bootstrap"]
        sandbox = _CONTEXT.sandbox
        if sandbox is not None:
            from ..grading.sandbox import bwrap_argv, default_mounts, prepare_runtime

            runtime = Path(tmp) / "runtime"
            prepare_runtime(runtime, _CONTEXT.slot, sandbox)
            mounts = _CONTEXT.mounts or default_mounts()
            command = bwrap_argv(
                sandbox,
                slot=_CONTEXT.slot,
                runtime_dir=str(runtime),
                mounts=mounts,
                command=[mounts.python, "-m", "apprentice.labs.bootstrap"],
                address_space=address_space_limit,
            )
            cwd, env = tmp, None
        else:
            work = Path(tmp) / "work"
            work.mkdir()
            command, cwd = bootstrap, str(work)
            env = {
                "PATH": os.pathsep.join([os.path.join(sys.prefix, "bin"), "/usr/bin", "/bin"]),
                "HOME": str(work),
                "LANG": "C.UTF-8",
                "TMPDIR": str(work),
            }
        process = subprocess.Popen(  # noqa: S603 -- a fixed command line built above
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        if sandbox is None and not address_space_limit:
            _lift_address_space(process.pid)  # before the request: the tool is not started yet
        try:
            process.stdin.write(json.dumps(request).encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rss_limit = None
            if not address_space_limit:
                rss_limit = getattr(sandbox, "memory_mb", DEFAULT_MEMORY_MB)
            raw = _read_with_deadline(process, timeout + 20, rss_limit_mb=rss_limit)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
    try:
        report = json.loads(raw)
    except ValueError:
        raise ToolFailed(f"running {argv[0]} did not produce a report (the jail failed)") from None
    if not isinstance(report, dict):
        raise ToolFailed(f"running {argv[0]} produced a malformed report")
    if report.get("missing"):
        raise _missing(argv[0])
    collected = report.get("files") if isinstance(report.get("files"), dict) else {}
    return ToolResult(
        returncode=int(report.get("returncode", -1))
        if type(report.get("returncode")) is int
        else -1,
        stdout=str(report.get("stdout", ""))[:MAX_TEXT],
        stderr=str(report.get("stderr", ""))[:MAX_TEXT],
        files={str(k): str(v)[:MAX_FILE] for k, v in collected.items() if k in set(collect)},
        timed_out=bool(report.get("timed_out")),
    )


def _lift_address_space(pid: int) -> None:
    """Raise the RLIMIT_AS of an unjailed run's bootstrap to its hard limit, so the tool it
    starts does not inherit a limit this process set on itself (the grading worker's)."""
    import resource

    prlimit = getattr(resource, "prlimit", None)  # Linux only; elsewhere nothing to lift
    if prlimit is None:
        return
    try:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        prlimit(pid, resource.RLIMIT_AS, (hard, hard))
    except (OSError, ValueError):
        pass


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, MiB (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                ppid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    pages, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as statm:
                pages += int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
        todo.extend(children.get(current, []))
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _read_with_deadline(
    process: subprocess.Popen, seconds: float, *, rss_limit_mb: float | None = None
) -> bytes:
    import threading
    import time

    out: list[bytes] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            out.append(_read_bounded(process.stdout, MAX_REPORT_BYTES))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    deadline = time.monotonic() + seconds
    while reader.is_alive() and time.monotonic() < deadline:
        reader.join(min(0.1, max(0.0, deadline - time.monotonic())))
        if rss_limit_mb is not None and reader.is_alive():
            if _tree_rss_mb(process.pid) > rss_limit_mb:
                process.kill()
                reader.join(5)
                raise ToolFailed(f"the tool used more than {rss_limit_mb:.0f} MiB of memory")
    if reader.is_alive():
        process.kill()
        reader.join(5)
        raise ToolFailed(f"the tool did not finish within {seconds:.0f} s")
    if errors:
        raise errors[0]
    return out[0] if out else b""


__all__ = ["ToolFailed", "ToolMissing", "ToolResult", "configure", "run_tool", "tool_path"]
