"""semgrep for labs: run a learner's rule in a lab jail and read its findings.

Two halves:

- ``python -m apprentice.labs.semgrep ARGS`` runs *inside* the jail (``run_tool`` starts it).
  The jail's ``/etc`` holds no CA bundle, and semgrep's HTTP layer (mirage ``ca-certs``) loads
  one at start-up even with ``--metrics=off``, failing with "ca-certs: no trust anchor file
  found, looked into /etc/ssl/certs/ca-certificates.crt, ...". This entry point points
  ``SSL_CERT_FILE`` at the CA bundle the course venv already ships (certifi), switches metrics
  and the version check off, and replaces itself with semgrep. The jail has no network, so the
  bundle is only there to let semgrep start.
- ``scan(rule, files, targets)`` runs on the trusted side (a test cell): it calls ``run_tool``
  with the rule as ``rule.yml`` next to ``files``, parses semgrep's JSON and returns the
  findings as sorted ``(path, line)`` pairs, with semgrep's errors, so a check compares them
  with labels the trusted side holds.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field

RULE_FILE = "rule.yml"
OFFLINE_FLAGS = ["--metrics=off", "--disable-version-check", "--jobs=1"]


def _ca_bundle() -> str | None:
    try:
        import certifi
    except ImportError:
        return None
    path = certifi.where()
    return path if os.path.isfile(path) else None


def main(argv: list[str]) -> int:
    """Exec semgrep with ``argv`` and an environment it can start in (jail side)."""
    semgrep = shutil.which("semgrep", path=os.path.join(sys.prefix, "bin")) or shutil.which(
        "semgrep"
    )
    if semgrep is None:
        print("semgrep is not installed in this environment", file=sys.stderr)
        return 127
    env = dict(os.environ)
    bundle = _ca_bundle()
    if bundle and not env.get("SSL_CERT_FILE"):
        env["SSL_CERT_FILE"] = bundle
    env["SEMGREP_SEND_METRICS"] = "off"
    env["SEMGREP_ENABLE_VERSION_CHECK"] = "0"
    env.setdefault("HOME", os.getcwd())
    env.setdefault("XDG_CONFIG_HOME", os.path.join(env["HOME"], ".config"))
    args = list(argv)
    for flag in OFFLINE_FLAGS:
        if flag not in args:
            args.insert(0, flag)
    os.execve(semgrep, [semgrep, *args], env)
    return 0  # not reached


@dataclass
class Scan:
    """What semgrep reported for one rule on one set of files."""

    returncode: int
    findings: list[tuple[str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    output: str = ""

    @property
    def ok(self) -> bool:
        """semgrep ran the rule (exit 0: no findings, 1: findings) and reported no errors."""
        return self.returncode in (0, 1) and not self.errors


def parse(stdout: str) -> tuple[list[tuple[str, int]], list[str]]:
    """Findings ``(path, line)`` (sorted, one per match start) and error messages."""
    try:
        report = json.loads(stdout)
    except ValueError:
        return [], ["semgrep did not print a JSON report"]
    if not isinstance(report, dict):
        return [], ["semgrep printed something that is not a report"]
    findings = set()
    for result in report.get("results") or []:
        try:
            findings.add((str(result["path"]), int(result["start"]["line"])))
        except (KeyError, TypeError, ValueError):
            continue
    errors = []
    for error in report.get("errors") or []:
        if isinstance(error, dict):
            text = error.get("message") or error.get("long_msg") or error.get("type") or error
            errors.append(" ".join(str(text).split())[:300])
        else:
            errors.append(str(error)[:300])
    return sorted(findings), errors


def scan(
    rule: str, files: dict[str, str], targets: list[str] | None = None, *, timeout: float = 60
) -> Scan:
    """Run ``rule`` (semgrep YAML text) on ``files`` in a fresh lab jail (trusted side)."""
    from . import run_tool

    if not isinstance(rule, str):
        raise TypeError(f"the rule must be YAML text, not {type(rule).__name__}")
    if RULE_FILE in files:
        raise ValueError(f"{RULE_FILE} is reserved for the rule")
    targets = list(targets) if targets else sorted(files)
    result = run_tool(
        ["python", "-m", "apprentice.labs.semgrep", "--config", RULE_FILE, "--json", *targets],
        files={RULE_FILE: rule, **files},
        timeout=timeout,
        # semgrep's engine reserves more address space than it uses (killed under RLIMIT_AS
        # when several jails run at once); resident memory is bounded from outside instead
        address_space_limit=False,
    )
    findings, errors = parse(result.stdout)
    if result.timed_out:
        errors.append(f"semgrep did not finish within {timeout:.0f} s")
    return Scan(result.returncode, findings, errors, result.output)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
