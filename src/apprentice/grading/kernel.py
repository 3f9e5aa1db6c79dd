"""Start a learner kernel (jailed or not) and talk to it over a plain-data channel.

``KernelChannel`` is what trusted test code uses to reach learner code: ``get(name)`` reads
a learner variable or learns that it is a function, ``call(name, args, kwargs)`` runs a
learner function in the kernel. Requests and replies are JSON of plain data (apprentice.wire);
the kernel can lie in a reply, but a lie is only a wrong value: it never runs in the grader.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
import zmq.asyncio
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpec

from .. import wire
from .sandbox import Mounts, Sandbox, bwrap_argv, hand_over, prepare_runtime

KERNEL_COMMAND = ["-m", "ipykernel_launcher", "-f", "{connection_file}"]
MAX_MESSAGE_BYTES = wire.MAX_BYTES + 4 * 1024 * 1024  # one frame of one kernel message


class KernelGone(Exception):
    """The kernel died, stopped answering, or was stopped for exceeding a limit."""

    def __init__(self, message: str, status: str = "kernel-died") -> None:
        super().__init__(message)
        self.status = status


class CallTimeout(Exception):
    """A learner function did not return within the time limit."""


class LearnerError(Exception):
    """A learner function raised an exception that has no safe built-in equivalent."""


def kernel_manager(
    *,
    runtime_dir: Path,
    sandbox: Sandbox | None,
    slot: int,
    mounts: Mounts,
) -> AsyncKernelManager:
    """A kernel manager whose kernel runs in the jail (``sandbox``) or as a plain process."""
    python = mounts.python
    command = [python, *KERNEL_COMMAND]
    if sandbox is not None:
        prepare_runtime(runtime_dir, slot, sandbox)
        argv = bwrap_argv(
            sandbox, slot=slot, runtime_dir=str(runtime_dir), mounts=mounts, command=command
        )
    else:
        runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        argv = command
    context = zmq.asyncio.Context()
    # A message larger than this from the kernel is dropped with its connection before it is
    # parsed: a learner's 300 MB print never reaches the grader's memory.
    context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
    km = AsyncKernelManager(transport="ipc", ip=str(runtime_dir / "ipc"), context=context)
    km.connection_file = str(runtime_dir / "kernel.json")
    km._kernel_spec = KernelSpec(
        argv=argv,
        language="python",
        display_name="learner kernel (jailed)" if sandbox else "learner kernel",
        interrupt_mode="message",
        resource_dir=str(runtime_dir),
        env={} if sandbox else _plain_env(),
    )
    km.write_connection_file()
    if sandbox is not None:
        hand_over(Path(km.connection_file), slot, sandbox)
    return km


def _plain_env() -> dict[str, str]:
    """An unjailed kernel (self-check, --no-sandbox) still gets a tidy, non-interactive env."""
    return {
        "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    }


@dataclass
class Reply:
    ok: bool
    payload: dict
    buffers: list = field(default_factory=list)


class LoopClient:
    """The notebook's own asynchronous kernel client, driven from the trusted grader thread.

    Using the client that runs the notebook (rather than a second subscriber) means every
    message the kernel publishes is read once: a second client would receive, and have to
    parse and discard, every reply of every call as well.
    """

    def __init__(self, kc, loop: asyncio.AbstractEventLoop) -> None:
        self.kc = kc
        self.loop = loop

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def execute(self, code: str, **kwargs) -> str:
        async def send() -> str:
            return self.kc.execute(code, **kwargs)

        return self._run(send())

    def send(self, msg_type: str, content: dict, buffers=None) -> str:
        """Send a shell message (comm_open, comm_msg), with binary buffers, and return its id."""

        async def send() -> str:
            msg = self.kc.session.msg(msg_type, content)
            self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=buffers or None)
            return msg["header"]["msg_id"]

        return self._run(send())

    def get_iopub_msg(self, timeout: float) -> dict:
        return self._run(self.kc.get_iopub_msg(timeout=timeout))

    def is_alive(self) -> bool:
        return bool(self._run(self.kc.is_alive()))


class KernelChannel:
    """Blocking request/reply with the learner kernel, used from the trusted grader thread."""

    def __init__(
        self,
        client: LoopClient,
        *,
        timeout: float,
        max_reply_bytes: int,
        output_budget: list[int],
        interrupt,
        deadline: float | None = None,
    ) -> None:
        self.client = client
        self.timeout = timeout
        self.deadline = deadline  # the whole notebook's time limit (monotonic clock)
        self.max_reply_bytes = max_reply_bytes
        self.output_budget = output_budget  # shared, mutable: bytes the notebook may still print
        self.interrupt = interrupt  # callable that interrupts the kernel (thread-safe)
        self.gone: str | None = None
        self.gone_status = "kernel-died"
        self.no_reply = False
        self.comm_id: str | None = None
        self.comm_tried = False

    # -- protocol -----------------------------------------------------------------------------
    def _open_comm(self) -> None:
        """Switch to comm messages, about three times faster per call than executing code.

        If the notebook's code broke the kernel's comm machinery, calls keep going as code.
        """
        self.comm_tried = True
        code = "__import__('apprentice.wire', fromlist=['register']).register(globals())"
        try:
            self._wait_idle(self.client.execute(code, silent=True, store_history=False))
            comm_id = secrets.token_hex(16)
            content = {"comm_id": comm_id, "target_name": wire.COMM_TARGET, "data": {}}
            self._wait_idle(self.client.send("comm_open", content))
        except (CallTimeout, KernelGone):
            if self.gone:
                raise
            return
        self.comm_id = comm_id

    def _wait_idle(self, msg_id: str) -> None:
        self._collect(msg_id, nonce="")

    def _request(self, request: dict, payload=None) -> Reply:
        """Send one request; ``payload`` is a value to pass (arguments), sent as JSON plus
        binary buffers over the comm, or as JSON alone over the fallback."""
        if self.gone:
            raise KernelGone(self.gone, self.gone_status)
        if not self.comm_tried:
            self._open_comm()
        nonce = secrets.token_hex(8)
        buffers: list = []
        if payload is not None:
            if self.comm_id:
                request["payload"], buffers = wire.pack(payload)
            else:
                request["payload"] = wire.encode(payload)
        request = {**request, "nonce": nonce}
        text = json.dumps(request)
        if self.comm_id:
            msg_id = self.client.send(
                "comm_msg", {"comm_id": self.comm_id, "data": {"request": text}}, buffers
            )
        else:
            code = f"__import__('apprentice.wire', fromlist=['serve']).serve(globals(), {json.dumps(text)})"
            msg_id = self.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        reply = self._collect(msg_id, nonce)
        if reply is None:
            self.no_reply = True
            raise KernelGone(
                "the notebook did not answer the grader: its code changed how the kernel runs "
                "cells or replaced the grader's helper",
                "no-reply",
            )
        return Reply(bool(reply.get("ok")), reply, reply.pop("$buffers", []))

    def _collect(self, msg_id: str, nonce: str) -> dict | None:
        """Read the kernel's messages for one request until it is idle; return the reply."""
        deadline = time.monotonic() + self.timeout
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        reply: dict | None = None
        idle = False
        interrupted = False
        while not idle:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if interrupted:
                    self.gone = "the kernel stopped responding (it ignored an interrupt)"
                    self.gone_status = "timeout"
                    raise KernelGone(self.gone, "timeout")
                self.interrupt()
                interrupted = True
                deadline = time.monotonic() + 10
                continue
            try:
                msg = self.client.get_iopub_msg(timeout=min(remaining, 1.0))
            except ValueError as exc:  # a message with a bad signature: the kernel is corrupt
                self.gone = f"the kernel sent a corrupt message ({str(exc)[:40]})"
                raise KernelGone(self.gone, "kernel-died") from None
            except queue.Empty:
                if not self._alive():
                    self.gone = "the kernel died"
                    raise KernelGone(self.gone, "kernel-died") from None
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            content = msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "comm_msg" and content.get("comm_id") == self.comm_id and reply is None:
                text = (content.get("data") or {}).get("reply")
                reply = self._parse(text, nonce) if nonce else None
                if reply is not None and reply.get("ok"):
                    reply["$buffers"] = list(msg.get("buffers") or [])
            elif kind in ("stream", "display_data", "execute_result", "error"):
                data = content.get("data", {}) if kind == "display_data" else {}
                if reply is None and wire.MIME in data and nonce:
                    reply = self._parse(data[wire.MIME], nonce)
                    if reply is not None:
                        continue  # the grader's own traffic is not learner output
                self.output_budget[0] -= len(json.dumps(content))
                if self.output_budget[0] < 0:
                    self.gone = "the notebook produced more output than allowed"
                    self.gone_status = "output-limit"
                    raise KernelGone(self.gone, "output-limit")
        if interrupted:
            raise CallTimeout(f"did not finish within {self.timeout:.0f} s and was interrupted")
        return reply

    def _parse(self, text, nonce: str) -> dict | None:
        if not isinstance(text, str) or len(text) > self.max_reply_bytes:
            return {"ok": False, "error": {"type": "WireError", "message": "reply too large"}}
        try:
            payload = json.loads(text)
        except ValueError:
            return {"ok": False, "error": {"type": "WireError", "message": "reply is not JSON"}}
        if not isinstance(payload, dict) or payload.get("nonce") != nonce:
            return None
        payload.pop("$buffers", None)  # only the message's own frames are buffers
        return payload

    def _alive(self) -> bool:
        try:
            return self.client.is_alive()
        except Exception:  # noqa: BLE001
            return False

    # -- what trusted test code uses ------------------------------------------------------------
    def get(self, name: str):
        """('function', None) or ('value', decoded) or raise NameError."""
        reply = self._request({"op": "get", "name": name})
        if not reply.ok:
            err = reply.payload.get("error") or {}
            if err.get("type") == "NameError":
                raise NameError(err.get("message") or f"name {name!r} is not defined")
            raise wire.WireError(f"{name}: {err.get('message', 'could not be read')}")
        if reply.payload.get("kind") == "function":
            return "function", None
        value = reply.payload.get("value")
        if not isinstance(value, str):
            raise wire.WireError(f"{name}: malformed reply")
        return "value", wire.decode(value, max_bytes=self.max_reply_bytes, buffers=reply.buffers)

    def call(
        self,
        name: str,
        args: tuple,
        kwargs: dict,
        *,
        check_unchanged: bool = False,
        check_random: bool = False,
    ):
        """Call a learner function on copies of ``args``; returns (value, what it changed,
        whether it used a global random generator).

        With ``check_unchanged`` the kernel compares its copies before and after the call and
        reports which arguments the call changed ('' when none); with ``check_random`` it
        reports whether the call drew from (or reseeded) NumPy's or Python's global generator.
        """
        request = {
            "op": "call",
            "name": name,
            "check_unchanged": check_unchanged,
            "check_random": check_random,
        }
        reply = self._request(request, payload=(list(args), dict(kwargs)))
        payload = reply.payload
        if not reply.ok:
            err = payload.get("error") or {}
            if payload.get("raised"):
                raise learner_exception(name, err)
            raise wire.WireError(f"{name}(): {err.get('message', 'failed')}")
        value = wire.decode(
            _text(payload.get("value")), max_bytes=self.max_reply_bytes, buffers=reply.buffers
        )
        changed = _changed(payload.get("changed"), len(args), set(kwargs))
        return value, changed, check_random and payload.get("global_random") is True


def _changed(reported, positional: int, keywords: set[str]) -> str:
    """What the kernel says a call changed, as trusted text ('' for nothing or nonsense)."""
    if not isinstance(reported, list):
        return ""
    names = [
        f"argument {item + 1}" if isinstance(item, int) else f"argument {item}"
        for item in reported[:16]
        if (type(item) is int and 0 <= item < positional)
        or (isinstance(item, str) and item in keywords)
    ]
    return ", ".join(names)


def _text(value) -> str:
    if not isinstance(value, str):
        raise wire.WireError("malformed reply")
    return value


_SAFE_EXCEPTIONS = {
    name: cls
    for name, cls in vars(__import__("builtins")).items()
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, Warning)
}


def learner_exception(name: str, err: dict) -> Exception:
    """Rebuild the learner's exception as a fresh built-in one (never their class)."""
    kind = str(err.get("type", "Exception"))[:80]
    message = str(err.get("message", ""))[:500]
    bases = err.get("bases") if isinstance(err.get("bases"), list) else []
    # a library's subclass (pandas' DateParseError is a ValueError) maps to its built-in base
    candidates = [kind, *(str(b)[:80] for b in bases[:12])]
    cls = next((_SAFE_EXCEPTIONS[c] for c in candidates if c in _SAFE_EXCEPTIONS), LearnerError)
    text = f"{name}() raised {kind}: {message}" if message else f"{name}() raised {kind}"
    try:
        exc = cls(text)
    except Exception:  # noqa: BLE001 -- some built-ins take other arguments
        exc = LearnerError(text)
    exc.learner_type = kind
    return exc
