"""`apprentice report`: the cohort report as a terminal table, CSV, JSON or a one-file HTML page.

The HTML page is rendered by a Jinja2 template with autoescaping, so learner text in it
(ids, statuses, messages) is always escaped and cannot run; it embeds its figures as PNG data
and carries a content security policy that allows nothing else, so it opens in any browser,
offline, without a server.
"""

from __future__ import annotations

import base64
import io
import json
import math

import jinja2
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import data  # noqa: E402

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("apprentice.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def _sections(cohort: data.Cohort) -> dict[str, pd.DataFrame]:
    return {
        "scores": data.score_table(cohort),
        "pending": data.score_table(cohort, "pending_points"),
        "mastery": data.mastery(cohort),
        "most_failed": data.most_failed(cohort),
        "pace": data.pace(cohort),
        "manual_queue": data.manual_queue(cohort),
        "failures": data.failures(cohort),
    }


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None where pandas has NaN (JSON has no NaN)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def as_json(cohort: data.Cohort) -> str:
    s = _sections(cohort)
    mastery = s["mastery"]
    out = {
        "as_of": cohort.as_of.isoformat(timespec="seconds"),
        "learners": cohort.learners,
        "scores": _records(cohort.scores[data.SCORE_FIELDS]),
        "mastery": [
            {
                "learner": learner,
                "module": module,
                "objective": objective,
                "mastery": round(float(value), 3),
            }
            for learner, row in mastery.iterrows()
            for (module, objective), value in row.items()
            if not (isinstance(value, float) and math.isnan(value))
        ]
        if not mastery.empty
        else [],
        "most_failed": _records(s["most_failed"]),
        "pace": _records(s["pace"]),
        "manual_queue": _records(s["manual_queue"]),
        "failures": _records(s["failures"]),
    }
    return json.dumps(out, indent=2, default=str)


def as_csv(cohort: data.Cohort) -> str:
    """One tidy table: a row per learner, module and objective, module scores repeated."""
    mastery = data.mastery(cohort)
    rows = []
    for r in cohort.scores.itertuples():
        module = cohort.syllabus.module(r.module) if r.module in cohort.syllabus.ids() else None
        objectives = module.objective_ids() if module else []
        for objective in objectives or [""]:
            value = np.nan
            if (
                objective
                and not mastery.empty
                and (r.module, objective) in mastery.columns
                and r.learner in mastery.index
            ):
                value = mastery.loc[r.learner, (r.module, objective)]
            row = {field: getattr(r, field) for field in data.SCORE_FIELDS}
            rows.append(
                row
                | {
                    "objective": objective,
                    "mastery": "" if pd.isna(value) else round(float(value), 3),
                }
            )
    frame = pd.DataFrame(rows, columns=[*data.SCORE_FIELDS, "objective", "mastery"])
    from ..export import defuse

    return frame.map(defuse).to_csv(index=False, quoting=1, lineterminator="\n")


def as_table(cohort: data.Cohort) -> str:
    s = _sections(cohort)
    parts = [
        f"Cohort report, {len(cohort.learners)} learners, as of {cohort.as_of:%Y-%m-%d %H:%M} UTC"
    ]

    def block(title: str, frame: pd.DataFrame, empty: str) -> None:
        parts.append(f"\n== {title} ==")
        keep_index = not isinstance(frame.index, pd.RangeIndex)  # learner ids, not row numbers
        parts.append(frame.to_string(index=keep_index) if not frame.empty else empty)

    block(
        "Score per module (% of the points graded; written answers pending are not zeros)",
        s["scores"].round(0),
        "no graded submissions yet",
    )
    if not s["mastery"].empty:
        compact = s["mastery"].copy()
        compact.columns = [f"{m[:2]}:{o}" for m, o in compact.columns]
        block("Mastery per objective (share of checks passed)", compact.round(2), "")
    block("Checks most failed (discuss these next session)", s["most_failed"], "none failed")
    block("Pace (minutes of the syllabus done / expected by now)", s["pace"], "no learners")
    block("Waiting for manual grading", s["manual_queue"], "nothing waiting")
    block("Submissions that did not grade cleanly", s["failures"], "none")
    return "\n".join(parts) + "\n"


# --- HTML -------------------------------------------------------------------------------------------


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(
        buffer, format="png", dpi=110, bbox_inches="tight", pil_kwargs={"compress_level": 3}
    )
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


ANNOTATE_CELLS = 600  # write values into heatmap cells up to this many (beyond: unreadable, slow)


def _heatmap(
    table: pd.DataFrame,
    *,
    title: str,
    vmax: float,
    fmt: str,
    xlabels: list[str],
    marked: pd.DataFrame | None = None,
) -> str | None:
    """A learners × columns heatmap; cells where ``marked`` is positive carry a star."""
    if table.empty:
        return None
    values = table.to_numpy(dtype=float)
    rows, cols = values.shape
    fig, ax = plt.subplots(
        figsize=(
            max(4.5, (0.55 if cols <= 30 else 0.3) * cols + 2.5),
            max(2.2, (0.42 if rows <= 30 else 0.2) * rows + 1.2),
        )
    )
    masked = np.ma.masked_invalid(values)
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#e5e5e5")
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(cols), xlabels, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(rows), list(table.index), fontsize=8 if rows <= 30 else 6)
    if values.size <= ANNOTATE_CELLS:
        for (i, j), value in np.ndenumerate(values):
            if not math.isnan(value):
                ax.text(j - 0.12, i, format(value, fmt), ha="center", va="center", fontsize=7)
    if marked is not None:
        flags = marked.reindex(index=table.index, columns=table.columns).fillna(0).to_numpy(float)
        at_i, at_j = np.nonzero(flags > 0)
        if len(at_i):  # one scatter for every pending cell: cheap at any size
            ax.scatter(at_j + 0.3, at_i, marker="*", s=40, c="black")
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.03)
    return _png(fig)


def pace_figure(pace: pd.DataFrame):
    """Minutes done per learner against minutes expected, with the shortfall drawn, so a
    learner who has done nothing still has a visible (red) bar; None without learners."""
    if pace.empty:
        return None
    fig, ax = plt.subplots(figsize=(7.5, max(2.2, 0.38 * len(pace) + 1.2)))
    done = pace["minutes_done"].astype(float).to_numpy()
    expected = float(pace["minutes_expected"].max())
    shortfall = np.clip(expected - done, 0, None)
    behind = pace["behind"].astype(bool).to_numpy()
    y = np.arange(len(pace))
    ax.barh(y, done, color=["#c44e52" if b else "#4c72b0" for b in behind], label="done")
    ax.barh(
        y,
        shortfall,
        left=done,
        color="none",
        edgecolor=["#c44e52" if b else "#9aa7bd" for b in behind],
        hatch="//",
        label="still to do by now",
    )
    for i, (d, b) in enumerate(zip(done, behind, strict=True)):
        ax.text(
            max(d, expected) + 0.01 * max(expected, 1),
            i,
            f"{d:.0f} of {expected:.0f} min" + (" · behind" if b else ""),
            va="center",
            fontsize=7,
            color="#b03030" if b else "#333",
        )
    ax.set_yticks(y, list(pace["learner"]), fontsize=8)
    for label, b in zip(ax.get_yticklabels(), behind, strict=True):
        if b:
            label.set_color("#b03030")
            label.set_fontweight("bold")
    if expected:
        ax.axvline(data.BEHIND_SHARE * expected, color="grey", linestyle=":", label="behind below")
    ax.set_xlim(0, max(expected, float(done.max()), 1) * 1.35)
    ax.set_xlabel("minutes of the syllabus completed")
    ax.invert_yaxis()
    ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3)
    ax.set_title("Pace: red learners are behind", fontsize=10)
    return fig


def _text(value) -> tuple[str, bool]:
    """A table cell as text, and whether it is a number (right-aligned)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–", False
    if isinstance(value, bool | np.bool_):
        return ("yes" if value else "no"), False
    if isinstance(value, int | float | np.integer | np.floating):
        return f"{float(value):g}", True
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)), False
    return str(value), False


def _table(frame: pd.DataFrame) -> dict:
    """Columns and rows for the template: no index column, every value as text."""
    rows = [
        [dict(zip(("text", "num"), _text(v), strict=True)) for v in row]
        for row in frame.itertuples(index=False, name=None)
    ]
    return {"columns": [str(c) for c in frame.columns], "rows": rows}


def _score_rows(scores: pd.DataFrame, pending: pd.DataFrame) -> dict:
    """The score table with the learner as a column and "pending" where a mentor is due."""
    if scores.empty:
        return {"columns": [], "rows": []}
    rows = []
    for learner, row in scores.iterrows():
        cells = [{"text": str(learner), "num": False}]
        for module, value in row.items():
            text, num = _text(round(value, 1) if isinstance(value, float) else value)
            waiting = pending.at[learner, module] if module in pending.columns else 0
            if waiting and not pd.isna(waiting):
                text = f"{text} (+{waiting:g} pending)"
            cells.append({"text": text, "num": num})
        rows.append(cells)
    return {"columns": ["learner", *map(str, scores.columns)], "rows": rows}


def as_html(cohort: data.Cohort, *, title: str) -> str:
    s = _sections(cohort)
    scores = s["scores"]
    mastery = s["mastery"]
    pace_fig = pace_figure(s["pace"])
    figures = {
        "scores": _heatmap(
            scores,
            title="Score per module: % of the points graded so far (star: written answers pending)",
            vmax=100,
            fmt=".0f",
            xlabels=list(scores.columns),
            marked=s["pending"],
        ),
        "mastery": _heatmap(
            mastery,
            title="Mastery per objective (share of checks passed)",
            vmax=1,
            fmt=".1f",
            xlabels=[f"{m[:2]}:{o}" for m, o in mastery.columns],
        ),
        "pace": _png(pace_fig) if pace_fig is not None else None,
    }
    pace = s["pace"]
    return TEMPLATES.get_template("cohort.html").render(
        title=title,
        as_of=f"{cohort.as_of:%Y-%m-%d %H:%M}",
        learners=len(cohort.learners),
        released=len(cohort.released),
        waiting=int(cohort.scores["manual_pending"].gt(0).sum()) if len(cohort.scores) else 0,
        behind=pace[pace["behind"]]["learner"].tolist() if not pace.empty else [],
        figures=figures,
        tables={
            "scores": _score_rows(scores, s["pending"]),
            "most_failed": _table(s["most_failed"]),
            "pace": _table(pace),
            "manual_queue": _table(s["manual_queue"]),
            "failures": _table(s["failures"]),
        },
    )


def render(
    cohort: data.Cohort, fmt: str, *, title: str = "InfraSec Apprenticeship: cohort report"
) -> str:
    if fmt == "json":
        return as_json(cohort)
    if fmt == "csv":
        return as_csv(cohort)
    if fmt == "html":
        return as_html(cohort, title=title)
    return as_table(cohort)
