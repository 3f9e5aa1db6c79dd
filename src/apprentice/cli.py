"""The `apprentice` command: a thin click layer over plain functions, one module per verb."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from functools import wraps

import click

from . import __version__
from .course import Course, CourseError
from .notebooks import NotebookError

USER_ERRORS: tuple[type[Exception], ...] = (CourseError, NotebookError)


def _user_errors(fn):
    """Turn errors a user can cause into one line on stderr and exit status 1."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        from .grading.sandbox import SandboxUnavailable

        try:
            return fn(*args, **kwargs)
        except (*USER_ERRORS, SandboxUnavailable) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper


def _course(ctx: click.Context) -> Course:
    return Course.open(ctx.obj.get("root"))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apprentice")
@click.option(
    "--course-root",
    type=click.Path(file_okay=False),
    default=None,
    help="The course folder (default: the folder holding grader_config.py, from here up).",
)
@click.pass_context
def cli(ctx: click.Context, course_root: str | None) -> None:
    """Tools for the InfraSec apprenticeship: learners self-check, mentors release and grade."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = course_root


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output with objective ids.")
@click.option("--write-start-page", is_flag=True, help="Regenerate curriculum/start-here.ipynb.")
@click.pass_context
@_user_errors
def syllabus(ctx: click.Context, as_json: bool, write_start_page: bool) -> None:
    """Print the course: modules in order, minutes, objectives.

    \b
    Example:
      apprentice syllabus
      apprentice syllabus --json | jq '.modules[].objectives[].id'
    """
    from . import syllabus as syl

    course = _course(ctx)
    data = syl.load(course.root)
    if write_start_page:
        from .lab import write_start_page as write

        click.echo(f"wrote {write(course, data)}")
        return
    if as_json:
        click.echo(json.dumps(data.to_json(), indent=2))
    else:
        click.echo(syl.table(data))


@cli.command()
@click.argument("modules", nargs=-1)
@click.option(
    "--check", is_flag=True, help="Write nothing; fail if exercises/ differs from a fresh build."
)
@click.option(
    "--to-exchange", is_flag=True, help="Also publish the release to the exchange for learners."
)
@click.pass_context
@_user_errors
def release(ctx: click.Context, modules: tuple[str, ...], check: bool, to_exchange: bool) -> None:
    """Build exercises/ from solutions/ with nbgrader (all modules by default).

    With --to-exchange the committed release is published to the exchange (after checking it
    matches solutions/), so learners can fetch it from JupyterLab's Assignments tab.

    \b
    Example:
      apprentice release 02-reliability-math
      apprentice release --check
      apprentice release 02-reliability-math --to-exchange
    """
    from .release import release as do_release

    course = _course(ctx)
    if to_exchange:
        from .exchange import release_to_exchange

        if not modules:
            raise CourseError(
                "name the modules to publish: apprentice release MODULE --to-exchange"
            )
        drift = do_release(course, list(modules), check=True)
        if drift:
            raise CourseError(
                f"exercises/ is out of date ({drift[0]}): run `apprentice release {' '.join(modules)}` first"
            )
        for module in modules:
            click.echo(f"published {module} to {release_to_exchange(course, module)}")
        return
    drift = do_release(course, list(modules) or None, check=check)
    if check:
        if drift:
            click.echo(
                "exercises/ is out of date; run `apprentice release` and commit the result:",
                err=True,
            )
            for item in drift:
                click.echo(f"  {item}", err=True)
            sys.exit(1)
        click.echo("exercises/ matches solutions/")
    else:
        names = ", ".join(modules) if modules else "all modules"
        click.echo(f"released {names} into {course.release}")


@cli.command()
@click.argument("notebook", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.pass_context
@_user_errors
def check(ctx: click.Context, notebook: str, as_json: bool) -> None:
    """Self-check a notebook with its visible tests; exit 0 when all pass.

    \b
    Example:
      apprentice check infrasec-apprenticeship/02-reliability-math/reliability-math-assignment.ipynb
    """
    from .selfcheck import check as do_check

    # without --course-root, the course is the one the notebook is in
    course = _course(ctx) if ctx.obj.get("root") else None
    # what the course's setup and test cells print on the trusted side is not the report
    with contextlib.redirect_stdout(io.StringIO()):
        report = do_check(notebook, course=course)
    click.echo(json.dumps(report.to_json(), indent=2) if as_json else report.text())
    sys.exit(0 if report.all_passed else 1)


@cli.command()
@click.argument("module")
@click.pass_context
@_user_errors
def start(ctx: click.Context, module: str) -> None:
    """Make (or complete) your working copy of a module; never overwrites your work.

    The copy is where JupyterLab's Assignments tab fetches and submits:
    <course id>/MODULE/ in the course folder.

    \b
    Example:
      apprentice start 01-history
    """
    from .workspace import start as do_start

    course = _course(ctx)
    started = do_start(course, module)
    rel = _shown(started.folder, course)
    if started.moved_from:
        click.echo(f"  moved your work from {_shown(started.moved_from, course)}/ into {rel}/")
    for name in started.copied:
        click.echo(f"  + {rel}/{name}")
    for name in started.kept:
        click.echo(f"  = {rel}/{name} (yours, kept)")
    if started.also:
        click.echo(
            f"  ! {_shown(started.also, course)}/ also holds work on {module}; "
            f"keep one copy: the Assignments tab submits {rel}/",
            err=True,
        )
    click.echo(f"work on {module} in {rel}/; self-check with `apprentice check {rel}/<notebook>`")


def _shown(path, course: Course) -> str:
    try:
        return str(path.relative_to(course.root))
    except ValueError:
        return str(path)


@cli.command()
@click.argument("assignment")
@click.option("--student", "students", multiple=True, help="Grade only this learner (repeatable).")
@click.option(
    "--force", is_flag=True, help="Regrade submissions already graded with the same content."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Submissions graded at the same time, each in its own process.",
)
@click.option(
    "--no-sandbox",
    is_flag=True,
    help="Run learner code WITHOUT the jail (trusted submissions only).",
)
@click.pass_context
@_user_errors
def grade(
    ctx: click.Context,
    assignment: str,
    students: tuple[str, ...],
    force: bool,
    jobs: int,
    no_sandbox: bool,
) -> None:
    """Autograde submitted/ work into the gradebook, securely.

    \b
    Example:
      apprentice grade 02-reliability-math --jobs 2
      apprentice grade 02-reliability-math --student ada --force
    """
    from .grading.batch import grade as do_grade

    course = _course(ctx)
    if no_sandbox:
        click.echo(
            "WARNING: --no-sandbox runs learner code with YOUR permissions: it can read the "
            "gradebook and hidden tests, change course files, use the network and outlive "
            "grading. Use it only for submissions you trust.",
            err=True,
        )
    progress = _progress_bar(assignment) if sys.stderr.isatty() else _progress_lines
    summary = do_grade(
        course,
        assignment,
        students=list(students) or None,
        force=force,
        jobs=jobs,
        sandbox=not no_sandbox,
        progress=progress,
    )
    for line in summary.lines():
        click.echo(line)
    sys.exit(1 if summary.failed else 0)


def _progress_bar(assignment: str):
    """A progress bar on a terminal."""
    bar = None

    def progress(outcome, done, total):
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=f"grading {assignment}", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    return progress


def _progress_lines(outcome, done, total):
    """One line per learner as each finishes, for logs (cron, CI, a JupyterHub service)."""
    click.echo(
        f"[{done}/{total}] {outcome.student} {outcome.score:g}/{outcome.max_score:g} "
        f"{outcome.status} {outcome.seconds:.1f}s",
        err=True,
    )


@cli.command()
@click.pass_context
@_user_errors
def doctor(ctx: click.Context) -> None:
    """Check this host: the grading sandbox, the course configuration, the gradebook.

    \b
    Example:
      apprentice doctor
    """
    from .doctor import diagnose

    course = _course(ctx)
    ok, lines = diagnose(course)
    for passed, text in lines:
        click.echo(f"{'✔' if passed else '✘'} {text}")
    sys.exit(0 if ok else 1)


@cli.command()
@click.option(
    "--to",
    "out",
    type=click.Path(dir_okay=False),
    default="-",
    show_default=True,
    help="CSV file to write ('-' for standard output).",
)
@click.option(
    "--assignment", "assignments", multiple=True, help="Only this assignment (repeatable)."
)
@click.pass_context
@_user_errors
def export(ctx: click.Context, out: str, assignments: tuple[str, ...]) -> None:
    """Export grades as properly quoted CSV with each submission's grading status.

    \b
    Example:
      apprentice export --to grades.csv
    """
    from .export import export_csv

    course = _course(ctx)
    text = export_csv(course.db_url, course.course_id, assignments=list(assignments) or None)
    if out == "-":
        click.echo(text, nl=False)
    else:
        with open(out, "w", newline="", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"wrote {out}")


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.option(
    "--edit-course",
    is_flag=True,
    help="Let the lab change course files (authors); learners never need this.",
)
@click.pass_context
@_user_errors
def lab(ctx: click.Context, edit_course: bool) -> None:
    """Start JupyterLab on the course start page (what `make lab` runs).

    Course files open read-only; your work goes in your working copies (<course id>/MODULE/).
    Extra options go to jupyter lab.

    \b
    Example:
      apprentice lab --no-browser --port 8899
      apprentice lab --edit-course        # authors: edit lessons and solutions in the lab
    """
    import os

    from .lab import lab_argv, lab_environment, prepare

    course = _course(ctx)
    prepare(course)
    argv = lab_argv(course, list(ctx.args), edit_course=edit_course)
    os.chdir(course.root)
    os.execve(argv[0], argv, lab_environment())


@cli.command()
@click.argument("assignment")
@click.option(
    "--zip",
    "zips",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Collect work handed in as LEARNER.zip instead of from the exchange (repeat per file).",
)
@click.option("--student", "students", multiple=True, help="Only this learner (repeatable).")
@click.pass_context
@_user_errors
def collect(
    ctx: click.Context, assignment: str, zips: tuple[str, ...], students: tuple[str, ...]
) -> None:
    """Archive submissions (every one, never overwriting) and put the newest in submitted/.

    \b
    Example:
      apprentice collect 02-reliability-math
      apprentice collect 02-reliability-math --zip ada.zip --zip grace.zip
    """
    from pathlib import Path

    from .exchange import collect as from_exchange
    from .exchange import collect_zips

    course = _course(ctx)
    if zips:
        report = collect_zips(course, assignment, [Path(z) for z in zips])
    else:
        report = from_exchange(course, assignment, students=list(students) or None)
    for line in report.lines():
        click.echo(line)
    sys.exit(1 if report.errors else 0)


@cli.command()
@click.argument("assignment")
@click.option("--student", "students", multiple=True, help="Only this learner (repeatable).")
@click.option("--no-release", is_flag=True, help="Generate the HTML files but do not publish them.")
@click.pass_context
@_user_errors
def feedback(
    ctx: click.Context, assignment: str, students: tuple[str, ...], no_release: bool
) -> None:
    """Generate per-learner feedback (no hidden tests, no mark schemes) and return it.

    \b
    Example:
      apprentice feedback 02-reliability-math
    """
    from .feedback import generate

    course = _course(ctx)
    chosen = list(students) or None
    made = generate(course, assignment, students=chosen)
    click.echo(f"generated feedback for {len(made.done)} learners in {course.folder('feedback')}")
    problems = list(made.errors)
    if not no_release:
        from .exchange import exchange_root, release_feedback

        released = release_feedback(course, assignment, students=made.done or None)
        if made.done:
            click.echo(
                f"released feedback of {len(released.done)} learners to "
                f"{exchange_root(course) / course.course_id / 'feedback'}"
            )
        problems += released.errors
    for line in problems:
        click.echo(f"  ✘ {line}")
    sys.exit(1 if problems else 0)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "html"]),
    default="table",
    show_default=True,
)
@click.option(
    "--out", type=click.Path(dir_okay=False), default=None, help="Write here instead of printing."
)
@click.option("--anonymize", is_flag=True, help="Replace learner ids (for sharing the report).")
@click.pass_context
@_user_errors
def report(ctx: click.Context, fmt: str, out: str | None, anonymize: bool) -> None:
    """Cohort report: scores, mastery per objective, most-failed checks, pace, queues.

    \b
    Example:
      apprentice report
      apprentice report --format html --out reports/cohort.html
      apprentice report --format csv --anonymize > cohort.csv
    """
    from pathlib import Path

    from .report import data
    from .report.render import render

    course = _course(ctx)
    cohort = data.load(course)
    if anonymize:
        cohort = data.anonymize(cohort)
    text = render(cohort, fmt)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to build the throwaway cohort (default: a new temporary folder).",
)
@click.option(
    "--learners", type=int, default=6, show_default=True, help="Simulated learners (2-12)."
)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option(
    "--no-sandbox", is_flag=True, help="Grade without the jail (hosts without bubblewrap)."
)
@click.pass_context
@_user_errors
def demo(
    ctx: click.Context, directory: str | None, learners: int, jobs: int, no_sandbox: bool
) -> None:
    """Run a simulated cohort through release, submit, collect, grade, feedback and report.

    \b
    Example:
      apprentice demo --learners 8
    """
    from pathlib import Path

    from .demo import run

    course = _course(ctx)
    path = run(
        course.root,
        directory=Path(directory) if directory else None,
        learners=learners,
        jobs=jobs,
        sandbox=not no_sandbox,
        say=click.echo,
    )
    click.echo(f"open {path} in a browser (no server needed)")


@cli.command()
@click.option(
    "--roster",
    type=click.Path(dir_okay=False, exists=True),
    default="hub/roster.yml",
    show_default=True,
    help="The cohort: learners, mentors and the grading account.",
)
@click.option(
    "--prefix",
    type=click.Path(file_okay=False),
    default="/srv/infrasec",
    show_default=True,
    help="Where the hub's install, course folder, lessons, exchange and state go.",
)
@click.option("--venv", default=None, help="The shared install (default: PREFIX/venv).")
@click.option("--ip", default="127.0.0.1", show_default=True, help="Address the hub listens on.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--hub-port", type=int, default=8081, show_default=True)
@click.option("--proxy-api-port", type=int, default=8001, show_default=True)
@click.option("--service-port", type=int, default=9999, show_default=True)
@click.option(
    "--auth",
    type=click.Choice(["shared-password", "pam"]),
    default="shared-password",
    show_default=True,
    help="One password for the cohort (trying it out), or each account's system password.",
)
@click.option("--home-base", default="", help="Folder for new accounts' homes (default /home).")
@click.option("--setup-only", is_flag=True, help="Lay out the host, then stop (no hub).")
@click.pass_context
@_user_errors
def hub(ctx: click.Context, roster: str, setup_only: bool, **options) -> None:
    """Start JupyterHub for a cohort on this host (as root; what `make hub` runs).

    \b
    Example:
      sudo .venv/bin/apprentice hub --roster hub/roster.yml
    """
    from pathlib import Path

    from . import hub as hubs

    course = _course(ctx)
    cohort = hubs.Roster.load(Path(roster))
    settings = hubs.settings_for(course.root, cohort, **options)
    cluster, _ = hubs.deploy(course.root, cohort, settings, say=click.echo)
    if setup_only:
        cluster.stop()
        click.echo(f"hub: laid out in {settings.prefix}")
        return
    sys.exit(hubs.serve(course.root, settings, cluster, say=click.echo))


def main() -> None:
    cli(prog_name="apprentice")
