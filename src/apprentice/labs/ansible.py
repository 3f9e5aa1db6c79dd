"""Module 05's Ansible lab: converge a throwaway host tree with a learner's playbook, twice.

Runs inside a lab jail (``run_tool(["python", "-m", "apprentice.labs.ansible", ...])``)::

    python -m apprentice.labs.ansible playbook.yml starts/visible.json [starts/drift.json ...]

For every starting state (a JSON file ``{"tree": {path: entry}, "vars": {...}}``, where an
entry is ``{"content": text, "mode": "0644"}`` for a file or ``{"dir": true, "mode": "0755"}``
for a folder) it lays the tree out under ``hosts/<name>/`` in the scratch folder, runs
``ansible-playbook -c local -i localhost, playbook.yml -e @vars`` (``tree`` is the tree's
absolute path, plus the state's ``vars``) twice, and prints one JSON document: per state the
changed, ok and failed counts of both runs (from a JSON stdout callback), the failing tasks'
messages (trimmed) and the final tree (contents and modes).

Nothing here decides a grade: the test cell that called ``run_tool`` reads the report.
Ansible needs two things the jail does not give an unprivileged uid (a writable /dev/shm for
its multiprocessing locks, and a passwd entry); ``--exec-playbook`` works around both.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

MAX_CONTENT = 64 * 1024  # characters of a file's content in the report
MAX_ENTRIES = 500  # entries of a final tree in the report
MAX_MESSAGE = 600  # characters of one failure message
RUN_TIMEOUT = 60  # seconds for one ansible-playbook run
CALLBACKS = Path(__file__).with_name("ansible_callback")


def _mode(text: str) -> int:
    if not isinstance(text, str) or not text.isdigit() or not set(text) <= set("01234567"):
        raise ValueError(f"a mode is an octal string such as '0644', not {text!r}")
    return int(text, 8)


def _safe(relative: str) -> bool:
    parts = Path(relative).parts
    return bool(parts) and not Path(relative).is_absolute() and ".." not in parts


def lay_out(root: Path, tree: dict) -> None:
    """Create the starting tree: folders first (shallowest first), then files."""
    root.mkdir(parents=True, exist_ok=True)
    entries = sorted(
        tree.items(), key=lambda item: (not item[1].get("dir"), len(Path(item[0]).parts), item[0])
    )
    for relative, entry in entries:
        if not _safe(relative):
            raise ValueError(f"unsafe path in a starting tree: {relative!r}")
        target = root / relative
        if entry.get("dir"):
            target.mkdir(parents=True, exist_ok=True)
            os.chmod(target, _mode(entry.get("mode", "0755")))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(entry.get("content", ""), encoding="utf-8")
            os.chmod(target, _mode(entry.get("mode", "0644")))


def snapshot(root: Path) -> dict:
    """Every entry under ``root`` (not following links): type, mode and file content."""
    found: dict[str, dict] = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            info = os.lstat(path)
            mode = f"{stat.S_IMODE(info.st_mode):04o}"
            if stat.S_ISLNK(info.st_mode):
                found[relative] = {"type": "link", "target": os.readlink(path)}
            elif stat.S_ISDIR(info.st_mode):
                found[relative] = {"type": "dir", "mode": mode}
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    data = handle.read(MAX_CONTENT + 1)
                found[relative] = {
                    "type": "file",
                    "mode": mode,
                    "content": data[:MAX_CONTENT].decode("utf-8", errors="replace"),
                }
            else:
                found[relative] = {"type": "other", "mode": mode}
            if len(found) >= MAX_ENTRIES:
                return found
    return found


def _environment(work: Path) -> dict[str, str]:
    home = work / ".lab-home"
    for sub in ("tmp", "remote", "empty"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    config = home / "ansible.cfg"
    config.write_text("[defaults]\n", encoding="utf-8")
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "USER": "learner",  # the jail has no passwd entry for its uid
        "LOGNAME": "learner",
        "ANSIBLE_CONFIG": str(config),
        "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
        "ANSIBLE_REMOTE_TEMP": str(home / "remote"),
        "ANSIBLE_STDOUT_CALLBACK": "apprentice_json",
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
        "ANSIBLE_COLLECTIONS_PATH": str(home / "empty"),
        "ANSIBLE_ROLES_PATH": str(home / "empty"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_GATHERING": "explicit",
        "ANSIBLE_FORKS": "1",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "ANSIBLE_HOST_KEY_CHECKING": "0",
        "ANSIBLE_LOCALHOST_WARNING": "0",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
        "ANSIBLE_DEPRECATION_WARNINGS": "0",
        "ANSIBLE_SYSTEM_WARNINGS": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _trim(text: str, limit: int = MAX_MESSAGE) -> str:
    text = str(text).strip()
    return text if len(text) <= limit else text[:limit] + " [... trimmed]"


def run_playbook(work: Path, playbook: str, vars_file: Path, env: dict[str, str]) -> dict:
    """One ansible-playbook run; its counts come from the JSON stdout callback."""
    argv = [
        sys.executable,
        "-m",
        "apprentice.labs.ansible",
        "--exec-playbook",
        "-c",
        "local",
        "-i",
        "localhost,",
        playbook,
        "-e",
        f"@{vars_file}",
    ]
    try:
        done = subprocess.run(
            argv,
            cwd=work,
            env=env,
            capture_output=True,
            text=True,  # noqa: S603
            timeout=RUN_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return {
            "returncode": -9,
            "timed_out": True,
            "error": f"ansible-playbook ran longer than {RUN_TIMEOUT} s",
        }
    run: dict = {"returncode": done.returncode}
    report = None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith('{"apprentice_json"'):
            report = json.loads(line)["apprentice_json"]
            break
    if report is None:
        run["error"] = _trim(done.stderr or done.stdout or "ansible-playbook printed nothing", 1500)
        return run
    stats = report["stats"].get("localhost", {})
    run.update(
        {
            key: int(stats.get(key, 0))
            for key in ("ok", "changed", "failures", "unreachable", "skipped")
        }
    )
    run["failed"] = run.pop("failures")
    run["tasks"] = report["tasks"]
    run["failures"] = [
        f"{t['task']}: {_trim(t.get('msg', ''))}"
        for t in report["tasks"]
        if t["status"] in ("failed", "unreachable")
    ]
    if done.returncode and not run["failures"]:
        run["error"] = _trim(done.stderr, 1500)
    return run


def converge(work: Path, playbook: str, starts: list[Path]) -> dict:
    env = _environment(work)
    out = []
    for number, start_file in enumerate(starts):
        start = json.loads(start_file.read_text(encoding="utf-8"))
        name = start.get("name") or start_file.stem
        root = (work / "hosts" / f"{number}-{name}").resolve()
        entry = {"name": name}
        try:
            lay_out(root, start.get("tree") or {})
        except (ValueError, OSError) as exc:
            entry["error"] = f"bad starting state: {exc}"
            out.append(entry)
            continue
        vars_file = work / ".lab-home" / f"vars-{number}.json"
        vars_file.write_text(
            json.dumps({**(start.get("vars") or {}), "tree": str(root)}), encoding="utf-8"
        )
        entry["runs"] = [run_playbook(work, playbook, vars_file, env) for _ in range(2)]
        entry["final"] = snapshot(root)
        out.append(entry)
    return {"starts": out}


class ForkLock:
    """A lock shared by forked processes without POSIX semaphores (no writable /dev/shm).

    fcntl record locks exclude other processes; a thread lock excludes the threads of this one.
    """

    def __init__(self):
        import tempfile
        import threading

        self._file = tempfile.TemporaryFile()
        self._thread = threading.Lock()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self):
        import threading

        self._thread = threading.Lock()

    def acquire(self, block=True, timeout=None):
        import fcntl

        if not self._thread.acquire(block, -1 if timeout is None or not block else timeout):
            return False
        try:
            fcntl.lockf(self._file, fcntl.LOCK_EX if block else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._thread.release()
            return False
        return True

    def release(self):
        import fcntl

        fcntl.lockf(self._file, fcntl.LOCK_UN)
        self._thread.release()

    __enter__ = acquire

    def __exit__(self, *exc):
        self.release()


class Unbounded:
    """Stands in for a queue's BoundedSemaphore(SEM_VALUE_MAX): it never blocks."""

    def acquire(self, block=True, timeout=None):
        return True

    def release(self):
        pass


def exec_playbook(args: list[str]) -> int:
    """ansible-playbook in this process, with multiprocessing locks that work in the jail."""
    import multiprocessing

    try:
        multiprocessing.get_context("fork").Lock()
    except OSError:  # no usable /dev/shm: sem_open fails with EACCES
        import ansible.utils.multiprocessing as amp

        amp.context.Lock = ForkLock
        amp.context.BoundedSemaphore = lambda value=1: Unbounded()
    from ansible.cli.playbook import main as playbook_main

    sys.argv = ["ansible-playbook", *args]
    return playbook_main(sys.argv) or 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--exec-playbook"]:
        return exec_playbook(argv[1:])
    if len(argv) < 2:
        print(
            "usage: python -m apprentice.labs.ansible PLAYBOOK START.json [START.json ...]",
            file=sys.stderr,
        )
        return 2
    work = Path.cwd()
    report = converge(work, argv[0], [Path(a) for a in argv[1:]])
    sys.stdout.write(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
