"""`apprentice hub` (what `make hub` runs): a JupyterHub for a cohort on one host.

Run as root, it lays out everything under one prefix (default /srv/infrasec) and starts the
hub with the repository's hub/jupyterhub_config.py:

- ``venv/``: the shared install, built from the system Python (/usr/bin/python3, which every
  account can read) with the pinned lock and this course's package; single-user servers, the
  formgrader service, learners' kernels and the grading jail all run from it;
- ``course/``: the course folder (configuration, solutions, release, syllabus), owned by the
  grading account and closed to everyone else (mode 700); gradebook and learner work live here;
- ``lessons/``: the lessons and the start page, read-only for everyone (mentor guides, solutions
  and hidden tests are not in it); each learner's home gets a ``lessons`` link to it;
- ``exchange/``: nbgrader's exchange, mode 1777;
- ``etc/jupyter/``: the global configuration every learner server loads (JUPYTER_CONFIG_PATH);
- ``postgres/``: the gradebook's PostgreSQL cluster (peer authentication over a socket);
- ``state/``: the hub's own database, cookie secret, password and settings (root only).

Accounts (learners, mentors and the grading account) are created on the host when missing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from .course import Course, CourseError
from .permissions import secure
from .postgres import SERVER_ACCOUNT, Cluster

SYSTEM_PYTHON = "/usr/bin/python3"
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")  # portable account names, valid learner ids too
COURSE_FILES = ["grader_config.py", "nbgrader_config.py"]
COURSE_TREES = ["solutions", "exercises", "curriculum"]
MENTOR_ONLY = ["mentor-guide.md"]  # never copied to the lessons learners see
PACKAGE_FILES = ["pyproject.toml", "README.md", "src"]


@dataclass
class Roster:
    learners: list[str]
    mentors: list[str]
    grader: str = "grader-infrasec"

    @classmethod
    def load(cls, path: Path) -> Roster:
        try:
            data = yaml.safe_load(Path(path).read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CourseError(f"{path}: cannot read the roster ({exc})") from None
        roster = cls(
            learners=[str(n) for n in data.get("learners") or []],
            mentors=[str(n) for n in data.get("mentors") or []],
            grader=str(data.get("grader") or cls.grader),
        )
        names = [*roster.learners, *roster.mentors, roster.grader]
        bad = [n for n in names if not NAME.match(n) or n in ("root", SERVER_ACCOUNT)]
        if bad:
            raise CourseError(
                f"{path}: {bad[0]!r} cannot be an account name (lowercase letters, digits, - _)"
            )
        if len(set(names)) != len(names):
            raise CourseError(f"{path}: a name appears twice (learners, mentors and grader)")
        if not roster.learners or not roster.mentors:
            raise CourseError(f"{path}: list at least one learner and one mentor")
        return roster


@dataclass
class Settings:
    """What hub/jupyterhub_config.py reads (state/settings.json)."""

    prefix: str
    venv: str
    course_id: str
    learners: list[str]
    mentors: list[str]
    grader: str
    proxy: str
    ip: str = "127.0.0.1"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    service_port: int = 9999
    auth: str = "shared-password"  # or "pam": the accounts' own system passwords
    home_base: str = ""  # where new accounts' homes go (useradd --base-dir); "" = /home
    paths: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        p = Path(self.prefix)
        self.paths = {
            "course": str(p / "course"),
            "lessons": str(p / "lessons"),
            "exchange": str(p / "exchange"),
            "etc": str(p / "etc" / "jupyter"),
            "postgres": str(p / "postgres"),
            "state": str(p / "state"),
            "password": str(p / "state" / "password"),
            "grader_home": str(p / "home" / self.grader),
        }


def _run(argv: list[str], **kw) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise CourseError(
            f"{' '.join(argv[:4])} failed: {(result.stderr or result.stdout).strip()[-500:]}"
        )
    return result.stdout


def _tree_hash(repo: Path, names: list[str]) -> str:
    digest = hashlib.sha256()
    for name in names:
        root = repo / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(str(path.relative_to(repo)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def install(venv: Path, repo: Path, *, say=print) -> Path:
    """The shared install: a venv from the system Python with the pinned lock (reinstalled
    only when the lock changes) and this course's package (only when its source changes).
    One process at a time builds it (a file lock next to it); the others wait and reuse it."""
    if not Path(SYSTEM_PYTHON).exists():
        raise CourseError(f"{SYSTEM_PYTHON} is missing: install Debian's python3 and python3-venv")
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return _install(venv, repo, say)


def _install(venv: Path, repo: Path, say) -> Path:
    lock = repo / "requirements.lock"
    lock_stamp = venv / f".lock-{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}"
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    pip += ["--disable-pip-version-check", "--no-deps"]
    if not lock_stamp.exists():
        say(f"hub: building the shared install in {venv} (a few minutes, once per lock)")
        shutil.rmtree(venv, ignore_errors=True)
        _run([SYSTEM_PYTHON, "-m", "venv", str(venv)])
        _run([*pip, "--require-hashes", "-r", str(lock)], timeout=1800)
        lock_stamp.touch()
    package_stamp = venv / ".package"
    wanted = _tree_hash(repo, PACKAGE_FILES)
    if not package_stamp.is_file() or package_stamp.read_text() != wanted:
        say(f"hub: installing the course package into {venv}")
        with tempfile.TemporaryDirectory(prefix="apprentice-package-") as tmp:
            for name in PACKAGE_FILES:  # built from a copy: nothing is written into the repo
                src, dst = repo / name, Path(tmp) / name
                if src.is_dir():
                    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    shutil.copy2(src, dst)
            _run([*pip, "--no-build-isolation", "--force-reinstall", tmp], timeout=600)
        package_stamp.write_text(wanted)
        _run(["chmod", "-R", "a+rX,go-w", str(venv)])
    return venv


def ensure_account(name: str, *, system: bool = False, home: Path | None = None, base: str = ""):
    """The account ``name``, created when missing (with a home and a bash shell)."""
    try:
        found = pwd.getpwnam(name)
    except KeyError:
        pass
    else:
        if found.pw_uid == 0:
            raise CourseError(f"{name} is a root account: it cannot be in a cohort")
        return found
    argv = ["useradd", "--user-group", "--create-home", "--shell", "/bin/bash"]
    argv += ["--comment", "InfraSec apprenticeship hub account"]
    if system:
        argv.append("--system")
    if home is not None:
        home.parent.mkdir(parents=True, exist_ok=True)
        argv += ["--home-dir", str(home)]
    elif base:
        Path(base).mkdir(parents=True, exist_ok=True)
        argv += ["--base-dir", base]
    _run([*argv, name])
    return pwd.getpwnam(name)


def _copy_public(src: Path, dst: Path) -> None:
    """A read-only copy for every account: root-owned, dirs 755, files 644, links left out."""
    patterns = shutil.ignore_patterns(*MENTOR_ONLY, "__pycache__", ".ipynb_checkpoints", "hidden")

    def skip(folder: str, names: list[str]) -> set[str]:
        links = {n for n in names if os.path.islink(os.path.join(folder, n))}
        return set(patterns(folder, names)) | links

    shutil.copytree(src, dst, ignore=skip)


def publish_lessons(repo: Path, lessons: Path) -> None:
    """Lessons, start page and released exercises, replaced as a whole (atomically)."""
    staging = lessons.with_name(lessons.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for tree in ("curriculum", "exercises"):
        _copy_public(repo / tree, staging / tree)
    for path in [staging, *staging.rglob("*")]:
        os.chown(path, 0, 0, follow_symlinks=False)
        path.chmod(0o755 if path.is_dir() else 0o644)
    old = lessons.with_name(lessons.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if lessons.exists():
        lessons.rename(old)
    staging.rename(lessons)
    shutil.rmtree(old, ignore_errors=True)


def site_config(settings: Settings, db_url: str) -> str:
    return (
        '"""This course folder\'s place on the hub: written by `apprentice hub`; never in git."""\n'
        "import os\n\n"
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {settings.paths['exchange']!r}\n"
        f'c.CourseDirectory.db_url = os.environ.get("APPRENTICE_DB_URL", {db_url!r})\n'
    )


def prepare_course(repo: Path, settings: Settings, grader, db_url: str) -> Course:
    """The grading account's course folder: course files from the repository, replaced on
    every start; the gradebook and learners' work in it are kept."""
    root = Path(settings.paths["course"])
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o700)
    for name in COURSE_FILES:
        shutil.copy2(repo / name, root / name)
    for tree in COURSE_TREES:
        staging = root / f".{tree}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(repo / tree, staging, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.rmtree(root / tree, ignore_errors=True)
        staging.rename(root / tree)
    (root / "site_config.py").write_text(site_config(settings, db_url))
    _run(["chown", "-R", f"{grader.pw_uid}:{grader.pw_gid}", str(root)])
    course = Course.open(root)
    secure(course)  # solutions/, the state folder, submitted/ ... owner-only
    return course


def deploy(repo: Path, roster: Roster, settings: Settings, *, say=print) -> tuple[Cluster, str]:
    """Everything the hub needs, idempotent: run again after a course or roster change."""
    if os.geteuid() != 0:
        raise CourseError("the hub must be started as root (it starts servers as each account)")
    prefix = Path(settings.prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    install(Path(settings.venv), repo, say=say)
    grader = ensure_account(roster.grader, system=True, home=Path(settings.paths["grader_home"]))
    for name in [*roster.learners, *roster.mentors]:
        ensure_account(name, base=settings.home_base)
    state = Path(settings.paths["state"])
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    state.chmod(0o700)
    exchange = Path(settings.paths["exchange"])
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o1777)
    etc = Path(settings.paths["etc"])
    etc.mkdir(parents=True, exist_ok=True)
    for name in ("nbgrader_config.py", "jupyter_server_config.py"):
        shutil.copy2(repo / "hub" / name, etc / name)
        (etc / name).chmod(0o644)
    (etc / "labconfig").mkdir(exist_ok=True)
    shutil.copy2(repo / "hub" / "page_config.json", etc / "labconfig" / "page_config.json")
    _run(["chmod", "-R", "a+rX", str(prefix / "etc")])
    publish_lessons(repo, Path(settings.paths["lessons"]))
    cluster = Cluster(Path(settings.paths["postgres"]), SERVER_ACCOUNT).start()
    db_url = cluster.ensure_database(roster.grader, "gradebook")
    prepare_course(repo, settings, grader, db_url)
    password = Path(settings.paths["password"])
    if os.environ.get("APPRENTICE_HUB_PASSWORD"):
        password.write_text(os.environ["APPRENTICE_HUB_PASSWORD"])
    elif not password.is_file():
        password.write_text(secrets.token_urlsafe(12))
    password.chmod(0o600)
    (state / "settings.json").write_text(json.dumps(asdict(settings), indent=1))
    return cluster, db_url


def serve(repo: Path, settings: Settings, cluster: Cluster, *, say=print) -> int:
    """Run JupyterHub in the foreground until it stops or is told to (SIGINT, SIGTERM); the
    hub stops the servers it started, then the gradebook's PostgreSQL stops."""
    state = Path(settings.paths["state"])
    env = {
        "PATH": f"{settings.venv}/bin:/usr/local/bin:/usr/bin:/bin",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "HOME": str(state),
        "APPRENTICE_HUB_SETTINGS": str(state / "settings.json"),
    }
    argv = [f"{settings.venv}/bin/jupyterhub", "-f", str(repo / "hub" / "jupyterhub_config.py")]
    say(f"hub: http://{settings.ip}:{settings.port}/ (password: {settings.paths['password']})")
    log = open(state / "jupyterhub.log", "ab")  # noqa: SIM115 -- lives as long as the hub
    proc = subprocess.Popen(argv, cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT)

    def forward(signum, _frame):
        proc.send_signal(signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, forward)
    try:
        return proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
        cluster.stop()
        log.close()


def settings_for(repo: Path, roster: Roster, **options) -> Settings:
    course = Course.open(repo)
    prefix = Path(options.pop("prefix"))
    venv = options.pop("venv", None) or str(prefix / "venv")
    proxy = repo / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists():
        raise CourseError(f"{proxy} is missing: run `make hub` (it installs the hub's proxy)")
    return Settings(
        prefix=str(prefix),
        venv=str(venv),
        course_id=course.course_id,
        learners=roster.learners,
        mentors=roster.mentors,
        grader=roster.grader,
        proxy=str(proxy),
        **options,
    )


__all__ = ["Roster", "Settings", "install", "deploy", "serve", "settings_for"]
