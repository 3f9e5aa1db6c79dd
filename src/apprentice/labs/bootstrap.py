"""Runs inside a lab jail: write the files, run the tool, report one JSON document.

Reads a request from standard input (see ``apprentice.labs.run_tool``), works in the current
folder (the jail's private scratch folder) and prints the report on standard output.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path


def _safe_name(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _read(path: Path, limit: int) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read(limit).decode("utf-8", errors="replace")


def main() -> int:
    request = json.loads(sys.stdin.read())
    work = Path.cwd()
    for name, text in request["files"].items():
        if not _safe_name(name):
            print(json.dumps({"returncode": 2, "stdout": "", "stderr": f"bad file name {name!r}"}))
            return 0
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    argv = request["argv"]
    if shutil.which(argv[0]) is None:
        print(json.dumps({"missing": True, "returncode": 127, "stdout": "", "stderr": ""}))
        return 0
    limit = int(request["max_text"])
    timed_out = False
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            code = subprocess.run(  # noqa: S603 -- the lab's own command line
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                cwd=work,
                timeout=float(request["timeout"]),
            ).returncode
        except subprocess.TimeoutExpired:
            code, timed_out = -9, True
        out.seek(0)
        err.seek(0)
        stdout = out.read(limit).decode("utf-8", errors="replace")
        stderr = err.read(limit).decode("utf-8", errors="replace")
    files = {}
    for name in request["collect"]:
        if _safe_name(name):
            text = _read(work / name, int(request["max_file"]))
            if text is not None:
                files[name] = text
    report = {
        "returncode": code,
        "stdout": stdout,
        "stderr": stderr,
        "files": files,
        "timed_out": timed_out,
    }
    sys.stdout.write(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
