"""The learner's *Submit* (JupyterLab's Assignments tab, `nbgrader submit`), with one guard.

It submits the working copy, ``<course id>/<module>/`` (see ``apprentice.workspace``), exactly
as nbgrader's own exchange does. It refuses only when that copy is still the untouched
release while the learner's work sits in ``work/<module>/``, where earlier versions of
`apprentice start` put it: sending the blank release there would lose the work silently.
grader_config.py selects it with ``c.ExchangeFactory.submit``.
"""

from __future__ import annotations

import os
from pathlib import Path

from nbgrader.exchange.default import ExchangeSubmit

from .workspace import LEGACY_DIR, has_work, untouched


class GuardedSubmit(ExchangeSubmit):
    def copy_files(self):
        self.init_release()  # sets release_path: the exchange's copy of the release
        release = Path(self.release_path)
        here = Path(self.src_path)
        legacy = Path(os.path.abspath(self.assignment_dir)) / LEGACY_DIR / here.name
        if untouched(here, release) and has_work(legacy, release):
            self.fail(
                f"{self.coursedir.assignment_id} was not submitted: {here} is the untouched "
                f"release, but your work is in {legacy}. Run `apprentice start "
                f"{self.coursedir.assignment_id}` to move it into {here}, then submit again."
            )
        if untouched(here, release):
            self.log.warning(
                "Submitting %s unchanged: none of its notebooks differs from the release", here
            )
        return super().copy_files()
