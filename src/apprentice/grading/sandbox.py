"""The jail a learner's kernel runs in: bubblewrap, an unprivileged uid, rlimits, no network.

Two modes, chosen by who runs the grader:
- root (the usual grading host and CI): bwrap sets up mount, pid, net, ipc and uts namespaces
  with real root, then ``setpriv`` drops to a dedicated uid per grading slot with no
  capabilities and ``no_new_privs`` before the kernel starts, and ``prlimit`` caps memory,
  CPU time, processes (counted per uid, so per slot), file size and open files;
- rootless (a mentor's laptop): bwrap creates an unprivileged user namespace as well; the
  kernel keeps the grader's uid but sees none of its files.

Inside, the kernel sees a read-only /usr, the Python it needs, the course's package code,
its own runtime folder (the ZeroMQ sockets and connection file), the assignment's released
data files (read-only) and two size-capped private tmpfs folders: /home/learner (its working
directory) and /tmp. The course root, the gradebook, solutions, other learners' work and the
graded notebook itself are not there. If the jail cannot be built, grading refuses.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from traitlets import Bool, Integer
from traitlets.config import Configurable

HOME = "/home/learner"


class SandboxUnavailable(Exception):
    """The jail cannot be created on this host; grading must not fall back silently."""


class Sandbox(Configurable):
    """Limits and switches of the learner jail (set as c.Sandbox.* in grader_config.py)."""

    enabled = Bool(True, help="Run learner kernels in the bubblewrap jail.").tag(config=True)
    memory_mb = Integer(3072, help="Address-space limit of the kernel (RLIMIT_AS), MiB.").tag(
        config=True
    )
    cpu_seconds = Integer(300, help="CPU time limit of the kernel (RLIMIT_CPU), seconds.").tag(
        config=True
    )
    max_processes = Integer(64, help="Processes and threads of the jail uid (RLIMIT_NPROC).").tag(
        config=True
    )
    max_file_mb = Integer(64, help="Largest file the kernel may write (RLIMIT_FSIZE), MiB.").tag(
        config=True
    )
    max_open_files = Integer(256, help="Open file descriptors (RLIMIT_NOFILE).").tag(config=True)
    scratch_mb = Integer(256, help="Size of each private tmpfs (/home/learner and /tmp), MiB.").tag(
        config=True
    )
    max_output_mb = Integer(8, help="Output a notebook may produce while it runs, MiB.").tag(
        config=True
    )
    runtime_kb = Integer(
        1024, help="Quota on what the kernel may write into its runtime folder, KiB in all."
    ).tag(config=True)
    runtime_files = Integer(32, help="Quota on files in the kernel's runtime folder.").tag(
        config=True
    )
    first_uid = Integer(
        61000, help="Jailed kernels run as first_uid + slot when graded as root."
    ).tag(config=True)

    def uid(self, slot: int) -> int:
        return self.first_uid + slot


@dataclass
class Mounts:
    """What the kernel may read: the interpreter, the venv, the course package, data files."""

    python: str
    base_prefix: str
    venv: str
    package_dirs: list[str]
    data_files: list[Path] = field(default_factory=list)


def default_mounts(data_files: list[Path] | None = None) -> Mounts:
    import apprentice

    package_root = str(Path(apprentice.__file__).resolve().parent.parent)
    venv = str(Path(sys.prefix).resolve())
    base = str(Path(sys.base_prefix).resolve())
    dirs = [] if package_root.startswith(venv + os.sep) else [package_root]
    return Mounts(
        python=os.path.join(sys.prefix, "bin", "python"),
        base_prefix=base,
        venv=venv,
        package_dirs=dirs,
        data_files=list(data_files or []),
    )


def lifted_address_space() -> str:
    """The RLIMIT_AS value (for prlimit) of a run without an address-space limit: this
    process's hard limit, which an unprivileged process may always raise its soft limit to."""
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    return "unlimited" if hard == resource.RLIM_INFINITY else str(hard)


def is_root() -> bool:
    return os.geteuid() == 0


def _parents(path: str) -> list[str]:
    parts = Path(path).parts
    return [str(Path(*parts[: i + 1])) for i in range(1, len(parts) - 1)]


def bwrap_argv(
    sandbox: Sandbox,
    *,
    slot: int,
    runtime_dir: str,
    mounts: Mounts,
    command: list[str],
    address_space: bool = True,
) -> list[str]:
    """The full command line that runs ``command`` inside the jail.

    ``address_space=False`` sets no address-space limit (RLIMIT_AS) for a lab tool whose
    allocator reserves far more than it uses (regopy's snmalloc asks for about 1 TiB): the jail
    gets the caller's hard limit, so a soft limit the caller set on itself (the grading worker
    caps its own) is not inherited either; ``run_tool`` then bounds the jail's resident memory
    from outside instead.
    """
    bwrap = shutil.which("bwrap") or "bwrap"
    root = is_root()
    argv = [bwrap, "--die-with-parent", "--new-session"]
    if root:
        argv += [
            "--unshare-ipc",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-uts",
            "--unshare-cgroup-try",
        ]
    else:
        # A user namespace of its own (bubblewrap only forbids nested ones inside a namespace
        # it was told to create: --disable-userns needs an explicit --unshare-user).
        argv += ["--unshare-all", "--unshare-user"]
        if _supports_disable_userns():
            argv.append("--disable-userns")
    argv += [
        "--ro-bind",
        "/usr",
        "/usr",
        "--symlink",
        "usr/bin",
        "/bin",
        "--symlink",
        "usr/sbin",
        "/sbin",
        "--symlink",
        "usr/lib",
        "/lib",
    ]
    if os.path.isdir("/usr/lib64"):
        argv += ["--symlink", "usr/lib64", "/lib64"]
    argv += ["--perms", "0755", "--dir", "/etc"]
    argv += ["--ro-bind-try", "/etc/alternatives", "/etc/alternatives"]
    argv += ["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    argv += ["--ro-bind-try", "/etc/fonts", "/etc/fonts"]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    scratch = str(sandbox.scratch_mb * 1024 * 1024)
    argv += ["--perms", "1777", "--size", scratch, "--tmpfs", "/tmp"]
    # POSIX shared memory (Python's multiprocessing locks use it): private and size-capped too
    argv += ["--perms", "1777", "--size", scratch, "--tmpfs", "/dev/shm"]
    made: set[str] = {"/", "/usr", "/tmp", "/proc", "/dev", "/dev/shm"}
    for path in [mounts.base_prefix, mounts.venv, *mounts.package_dirs, runtime_dir]:
        for parent in _parents(path):
            if parent not in made and not parent.startswith("/usr/"):
                argv += ["--perms", "0755", "--dir", parent]
                made.add(parent)
        made.add(path)
    for path in [mounts.base_prefix, mounts.venv, *mounts.package_dirs]:
        argv += ["--ro-bind", path, path]
    argv += ["--bind", runtime_dir, runtime_dir]
    argv += ["--perms", "0777" if root else "0755", "--size", scratch, "--tmpfs", HOME]
    for data in mounts.data_files:
        argv += ["--ro-bind", str(data), f"{HOME}/{data.name}"]
    argv += ["--chdir", HOME, "--clearenv"]
    env = {
        "HOME": HOME,
        "PATH": f"{mounts.venv}/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython",
        "JUPYTER_RUNTIME_DIR": "/tmp/jupyter",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if mounts.package_dirs:
        # the kernel imports the very code the grader runs (mounted read-only above), not
        # whatever an editable install's .pth file in the venv points at right now
        env["PYTHONPATH"] = os.pathsep.join(mounts.package_dirs)
    for key, value in env.items():
        argv += ["--setenv", key, value]
    argv.append("--")
    if root:
        uid = str(sandbox.uid(slot))
        argv += [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    argv += ["prlimit"]
    if address_space:
        argv.append(f"--as={sandbox.memory_mb * 1024 * 1024}")
    else:
        argv.append(f"--as={lifted_address_space()}")
    argv += [
        f"--cpu={sandbox.cpu_seconds}",
        f"--nproc={sandbox.max_processes}",
        f"--fsize={sandbox.max_file_mb * 1024 * 1024}",
        f"--nofile={sandbox.max_open_files}",
        "--core=0",
        "--",
    ]
    return argv + command


_DISABLE_USERNS: bool | None = None


def _supports_disable_userns() -> bool:
    """bubblewrap >= 0.8 can forbid nested user namespaces inside the jail."""
    global _DISABLE_USERNS
    if _DISABLE_USERNS is None:
        try:
            out = subprocess.run(["bwrap", "--help"], capture_output=True, text=True, timeout=10)
            _DISABLE_USERNS = "--disable-userns" in out.stdout
        except (OSError, subprocess.TimeoutExpired):
            _DISABLE_USERNS = False
    return _DISABLE_USERNS


def prepare_runtime(runtime_dir: Path, slot: int, sandbox: Sandbox) -> None:
    """The kernel creates its ZeroMQ sockets here, so the jail uid must own it."""
    runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(runtime_dir.parent, 0o711)
    if is_root():
        os.chown(runtime_dir, sandbox.uid(slot), sandbox.uid(slot))


def lock_runtime(runtime_dir: Path, slot: int, sandbox: Sandbox) -> None:
    """Once the kernel has created its sockets, it may create nothing more there: as root the
    folder and the connection file go back to root, readable (not writable) by the jail's
    group. (Rootless, the kernel keeps the grader's uid, so the runtime quota is watched.)"""
    if not is_root():
        return
    gid = sandbox.uid(slot)
    for path in [*runtime_dir.iterdir(), runtime_dir]:
        if path.is_symlink():
            continue
        os.chown(path, 0, gid)
        if path == runtime_dir:
            os.chmod(path, 0o750)
        elif path.is_file():
            os.chmod(path, 0o640)


def runtime_usage(runtime_dir: Path) -> tuple[int, int]:
    """(bytes, files) in the kernel's runtime folder, links and sockets included."""
    total = count = 0
    for root, dirs, files in os.walk(runtime_dir):
        for name in [*dirs, *files]:
            count += 1
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total, count


def hand_over(path: Path, slot: int, sandbox: Sandbox) -> None:
    """Let the jailed kernel read a file the grader wrote (its connection file)."""
    if is_root():
        os.chown(path, sandbox.uid(slot), sandbox.uid(slot))


@dataclass
class Probe:
    ok: bool
    mode: str
    lines: list[tuple[bool, str]]

    @property
    def reason(self) -> str:
        failed = [text for passed, text in self.lines if not passed]
        return failed[0] if failed else "sandbox works"


PROBE_SCRIPT = r"""
import os, socket, sys
checks = []
checks.append(("runs as an unprivileged user", os.getuid() != 0))
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    net = False
except OSError:
    net = True
checks.append(("has no network", net))
hidden = [p for p in sys.argv[1:] if os.path.exists(p)]
checks.append(("cannot see the course folder, gradebook or grader files", not hidden))
try:
    open("/usr/probe-write", "w")
    ro = False
except OSError:
    ro = True
checks.append(("cannot write to the system", ro))
checks.append(("sees only its own processes", len([p for p in os.listdir("/proc") if p.isdigit()]) < 8))
for text, passed in checks:
    print(("PASS " if passed else "FAIL ") + text)
"""


def probe(sandbox: Sandbox, *, secret_paths: list[str] | None = None) -> Probe:
    """Start a throwaway jail and check what it can and cannot do (``apprentice doctor``)."""
    import tempfile

    mode = "root" if is_root() else "rootless"
    lines: list[tuple[bool, str]] = []
    bwrap = shutil.which("bwrap")
    if not bwrap:
        lines.append(
            (
                False,
                "bubblewrap (bwrap) is not installed: `sudo apt-get install bubblewrap` or `make sandbox`",
            )
        )
        return Probe(False, mode, lines)
    version = subprocess.run([bwrap, "--version"], capture_output=True, text=True).stdout.strip()
    lines.append((True, f"{version} found at {bwrap}"))
    for tool in ("setpriv", "prlimit") if is_root() else ("prlimit",):
        found = shutil.which(tool)
        lines.append(
            (bool(found), f"{tool} {'found' if found else 'missing (package util-linux)'}")
        )
        if not found:
            return Probe(False, mode, lines)
    mounts = default_mounts()
    with tempfile.TemporaryDirectory(prefix="apprentice-probe-") as tmp:
        runtime = Path(tmp) / "runtime"
        prepare_runtime(runtime, 0, sandbox)
        argv = bwrap_argv(
            sandbox,
            slot=0,
            runtime_dir=str(runtime),
            mounts=mounts,
            command=[mounts.python, "-c", PROBE_SCRIPT, *(secret_paths or [])],
        )
        try:
            out = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            lines.append((False, "the jail did not start within 60 s"))
            return Probe(False, mode, lines)
    if out.returncode != 0 and "PASS" not in out.stdout and "FAIL" not in out.stdout:
        detail = (out.stderr.strip().splitlines() or ["no message"])[-1]
        lines.append((False, f"bubblewrap could not build the jail: {detail}"))
        return Probe(False, mode, lines)
    lines.append((True, f"the jail starts ({mode} mode)"))
    for row in out.stdout.splitlines():
        if row.startswith(("PASS ", "FAIL ")):
            lines.append((row.startswith("PASS"), "jailed code " + row[5:]))
    limits = (
        f"limits: {sandbox.memory_mb} MiB memory, {sandbox.cpu_seconds} s CPU, "
        f"{sandbox.max_processes} processes, {sandbox.max_file_mb} MiB files, "
        f"{sandbox.max_open_files} open files, {sandbox.scratch_mb} MiB scratch"
    )
    lines.append((True, limits))
    if not is_root():
        release = tuple(int(p) for p in re.findall(r"\d+", os.uname().release)[:2])
        per_jail = release >= (5, 14)
        lines.append(
            (
                True,
                "rootless mode: each jail has a user namespace of its own, so its process limit "
                "counts only its own processes"
                if per_jail
                else "rootless mode on Linux before 5.14: the process limit counts every "
                "process of your account, so one learner's fork bomb can slow the others",
            )
        )
    ok = all(passed for passed, _ in lines)
    return Probe(ok, mode, lines)


def require(sandbox: Sandbox, *, secret_paths: list[str] | None = None) -> Probe:
    """Fail closed: raise SandboxUnavailable with the first reason when the jail does not work."""
    result = probe(sandbox, secret_paths=secret_paths)
    if not result.ok:
        raise SandboxUnavailable(
            f"the grading sandbox does not work on this host: {result.reason} "
            "(run `apprentice doctor` for details, or `--no-sandbox` for trusted work only)"
        )
    return result
