"""What `apprentice lab` lets JupyterLab write: the learner's own folders, never the course.

``CourseContentsManager`` is jupyter_server's default contents manager with two changes:

- Course material (lessons, the start page, the release, solutions, the tooling, every file at
  the top of the course folder) and grading data (exchange, submitted work, feedback) are
  read-only. The contents API reports them as not writable, so JupyterLab opens them
  read-only and never autosaves them (a lesson can still be run and changed in the browser;
  *Save as…* keeps a copy), and any save, rename or delete of them is refused with a message
  saying where to work. ``--edit-course`` (`apprentice lab --edit-course`) lifts this for
  authors.
- Opening a path inside a learner's working copy, ``<course id>/<module>/...``, that does not
  exist yet creates the copy first (``apprentice.workspace.start``), so the start page's
  assignment links open the learner's own copy, created on first use, exactly where the
  Assignments tab fetches and submits.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web
from traitlets import Bool

from .course import Course, CourseError

COURSE_TREES = {
    "curriculum",
    "exercises",
    "solutions",
    "templates",
    "src",
    "tests",
    "docs",
    "bench",
    ".ci",
    ".git",
}
GRADING_DATA = {
    "exchange",
    "submitted",
    "autograded",
    "feedback",
    "archive",
    "reports",
    ".apprentice",
}


class CourseContentsManager(AsyncLargeFileManager):
    edit_course = Bool(
        False,
        config=True,
        help="Let the lab change course files (for authors editing lessons and solutions).",
    )

    _course_cache: Course | None = None

    def _course(self) -> Course | None:
        if self._course_cache is None:
            try:
                self._course_cache = Course.open(self.root_dir)
            except CourseError:
                return None
        return self._course_cache

    def _copies(self) -> PurePosixPath | None:
        """The working copies' folder as an API path ('infrasec-apprenticeship')."""
        from .workspace import copies_root

        course = self._course()
        if course is None:
            return None
        try:
            rel = copies_root(course).relative_to(Path(self.root_dir).resolve())
        except ValueError:
            return None
        return PurePosixPath(rel.as_posix())

    def protected(self, path: str, *, folder: bool = False) -> bool:
        """Whether ``path`` (an API path) is course material or grading data.

        ``folder``: the path is a folder about to be created (a new top-level folder is the
        learner's own).
        """
        if self.edit_course:
            return False
        parts = PurePosixPath(path.strip("/")).parts
        if not parts:
            return False
        copies = self._copies()
        if copies is not None and parts[: len(copies.parts)] == copies.parts:
            return False
        if parts[0] in COURSE_TREES or parts[0] in GRADING_DATA:
            return True
        if len(parts) == 1:  # a file at the top of the course: README, Makefile, configuration
            return not (folder or os.path.isdir(self._get_os_path(parts[0])))
        return False

    def _refuse(self, path: str, what: str) -> None:
        copies = self._copies()
        where = f"in {copies}/ (your working copies)" if copies else "in a folder of your own"
        message = (
            f"{path} is course material and read-only here, so it cannot be {what}. "
            f"Work {where}, or use File > Save As to keep your own copy."
        )
        raise web.HTTPError(403, message.replace("%", "%%"))

    # -- read side ---------------------------------------------------------------------------------

    def is_writable(self, path):
        return not self.protected(path) and super().is_writable(path)

    async def get(self, path, content=True, type=None, format=None, require_hash=False):
        self._create_working_copy(path)
        return await super().get(
            path, content=content, type=type, format=format, require_hash=require_hash
        )

    def _create_working_copy(self, path: str) -> None:
        copies = self._copies()
        parts = PurePosixPath(path.strip("/")).parts
        if copies is None or len(parts) <= len(copies.parts):
            return
        if parts[: len(copies.parts)] != copies.parts:
            return
        if os.path.exists(self._get_os_path(path.strip("/"))):
            return
        from .workspace import start

        module = parts[len(copies.parts)]
        try:
            start(self._course(), module)
        except (CourseError, OSError) as exc:
            self.log.info("no working copy of %s: %s", module, exc)
        else:
            self.log.info("created the working copy %s/%s", copies, module)

    # -- write side --------------------------------------------------------------------------------

    def _learner_folder(self, folder: str) -> str:
        """Where something new made "in" ``folder`` goes: there, or in the working copies'
        folder when ``folder`` is course material (the launcher's *New notebook* while the file
        browser shows curriculum/, *Duplicate* of a lesson)."""
        folder = folder.strip("/")
        copies = self._copies()
        if copies is None or not self.protected(f"{folder}/new" if folder else "new"):
            return folder
        os.makedirs(self._get_os_path(str(copies)), exist_ok=True)
        return str(copies)

    async def new_untitled(self, path="", type="", ext=""):
        return await super().new_untitled(path=self._learner_folder(path), type=type, ext=ext)

    async def copy(self, from_path, to_path=None):
        if to_path is None:
            to_path = self._learner_folder(from_path.strip("/").rpartition("/")[0])
        elif await self.dir_exists(to_path.strip("/")):
            to_path = self._learner_folder(to_path)
        return await super().copy(from_path, to_path)

    async def save(self, model, path=""):
        folder = model.get("type") == "directory" and not os.path.exists(self._get_os_path(path))
        if self.protected(path, folder=folder):
            self._refuse(path, "saved")
        return await super().save(model, path)

    async def delete_file(self, path):
        if self.protected(path):
            self._refuse(path, "deleted")
        return await super().delete_file(path)

    async def rename_file(self, old_path, new_path):
        for path in (old_path, new_path):
            if self.protected(path):
                self._refuse(path, "renamed or replaced")
        return await super().rename_file(old_path, new_path)

    async def create_checkpoint(self, path):
        if self.protected(path):
            self._refuse(path, "checkpointed")
        return await super().create_checkpoint(path)

    async def restore_checkpoint(self, checkpoint_id, path):
        if self.protected(path):
            self._refuse(path, "restored")
        return await super().restore_checkpoint(checkpoint_id, path)
