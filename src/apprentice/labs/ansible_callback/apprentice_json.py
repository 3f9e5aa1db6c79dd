"""A stdout callback for the course's Ansible lab: one line of JSON with counts and task results.

ansible-core ships no JSON stdout callback (``json`` lives in the ansible.posix collection),
so the lab brings this small one. It prints ``{"apprentice_json": {"tasks": [...], "stats": {...}}}``.
"""

from __future__ import annotations

import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: apprentice_json
    type: stdout
    short_description: one JSON line with task results and per-host stats
    description: Used by the course's Ansible lab (apprentice.labs.ansible).
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "stdout"
    CALLBACK_NAME = "apprentice_json"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tasks = []

    def _record(self, result, status):
        task = result._task
        outcome = result._result if isinstance(result._result, dict) else {}
        self._tasks.append(
            {
                "task": task.get_name(),
                "action": task.action,
                "status": status,
                "changed": bool(outcome.get("changed", False)),
                "msg": str(outcome.get("msg", ""))[:600],
            }
        )

    def v2_runner_on_ok(self, result):
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "ignored" if ignore_errors else "failed")

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        summary = {host: stats.summarize(host) for host in sorted(stats.processed)}
        self._display.display(
            json.dumps({"apprentice_json": {"tasks": self._tasks, "stats": summary}})
        )
