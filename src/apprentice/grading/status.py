"""The grading statuses of a submitted notebook, from best to worst, and what each one means.

The worker reports them, the gradebook stores them, and the export and the cohort report show
them; this small module is the one place they are defined, so none of those has to import
another's dependencies to agree on them.
"""

from __future__ import annotations

SEVERITY = [
    "ok",
    "missing",
    "no-reply",
    "timeout",
    "stopped",
    "output-limit",
    "kernel-died",
    "kernel-failed",
    "invalid-notebook",
    "refused",
    "error",
]
# a result that regrading the same content would not change: no need to grade it again
FINAL = {"ok", "missing", "timeout", "output-limit", "kernel-died", "no-reply", "invalid-notebook"}
# the notebook was not graded at all: its scores are left for a mentor, never set to zero
NOT_GRADED = {"invalid-notebook", "error", "kernel-failed", "refused"}
# "refused": the submission itself was not accepted (too large, too many files, unreadable)
# "stopped": the grading process was killed or crashed part way; the verdicts it had reached
# are kept and the rest score 0 (not FINAL: grading the same content again may finish)


def worst(statuses) -> str:
    """The most severe of ``statuses`` ("ok" when there are none)."""
    return max(statuses, key=SEVERITY.index, default="ok")
