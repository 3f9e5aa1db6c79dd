"""`apprentice report`: the cohort report as a terminal table, CSV, JSON or a one-file HTML page.

The HTML page embeds its figures as PNG data and carries a content security policy that
allows nothing else, so it opens in any browser, offline, without a server, and learner text
in it (statuses, messages) is escaped and cannot run.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from . import data  # noqa: E402


def _sections(cohort: data.Cohort) -> dict[str, pd.DataFrame]:
    return {
        "scores": data.score_table(cohort),
        "mastery": data.mastery(cohort),
        "most_failed": data.most_failed(cohort),
        "pace": data.pace(cohort),
        "manual_queue": data.manual_queue(cohort),
        "failures": data.failures(cohort),
    }


def as_json(cohort: data.Cohort) -> str:
    s = _sections(cohort)
    mastery = s["mastery"]
    out = {
        "as_of": cohort.as_of.isoformat(timespec="seconds"),
        "learners": cohort.learners,
        "scores": cohort.scores[data.SCORE_FIELDS].to_dict("records"),
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
        "most_failed": s["most_failed"].to_dict("records"),
        "pace": s["pace"].to_dict("records"),
        "manual_queue": s["manual_queue"].to_dict("records"),
        "failures": s["failures"].to_dict("records"),
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
        parts.append(frame.to_string() if not frame.empty else empty)

    block("Score per module (% of points)", s["scores"].round(0), "no graded submissions yet")
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
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _heatmap(
    table: pd.DataFrame, *, title: str, vmax: float, fmt: str, xlabels: list[str]
) -> str | None:
    if table.empty:
        return None
    values = table.to_numpy(dtype=float)
    fig, ax = plt.subplots(
        figsize=(max(4.5, 0.55 * values.shape[1] + 2.5), max(2.2, 0.42 * values.shape[0] + 1.2))
    )
    masked = np.ma.masked_invalid(values)
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#e5e5e5")
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=vmax, aspect="auto")
    ax.set_xticks(range(values.shape[1]), xlabels, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(values.shape[0]), list(table.index), fontsize=8)
    for (i, j), value in np.ndenumerate(values):
        if not math.isnan(value):
            ax.text(j, i, format(value, fmt), ha="center", va="center", fontsize=7)
    ax.set_title(title, fontsize=10)
    fig.colorbar(image, ax=ax, fraction=0.03)
    return _png(fig)


def _pace_chart(pace: pd.DataFrame) -> str | None:
    if pace.empty:
        return None
    fig, ax = plt.subplots(figsize=(7, max(2.2, 0.35 * len(pace) + 1)))
    colors = ["#c44e52" if behind else "#4c72b0" for behind in pace["behind"]]
    ax.barh(pace["learner"], pace["minutes_done"], color=colors)
    expected = int(pace["minutes_expected"].max())
    ax.axvline(expected, color="black", linestyle="--", label=f"expected by now ({expected} min)")
    ax.axvline(data.BEHIND_SHARE * expected, color="grey", linestyle=":", label="behind below this")
    ax.set_xlabel("minutes of the syllabus completed")
    ax.invert_yaxis()
    ax.legend(fontsize=8, frameon=False)
    ax.set_title("Pace: red bars are behind", fontsize=10)
    return _png(fig)


def _html_table(frame: pd.DataFrame, empty: str) -> str:
    if frame.empty:
        return f"<p class='empty'>{html.escape(empty)}</p>"
    return frame.to_html(
        escape=True, border=0, classes="grid", na_rep="–", float_format=lambda x: f"{x:g}"
    )


CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table.grid{border-collapse:collapse;font-size:.85rem}table.grid td,table.grid th{border:1px solid #ddd;padding:3px 8px}
.empty{color:#666}img{max-width:100%}.note{color:#555;font-size:.9rem}
"""


def as_html(cohort: data.Cohort, *, title: str) -> str:
    s = _sections(cohort)
    scores = s["scores"]
    mastery = s["mastery"]
    figures = {
        "scores": _heatmap(
            scores, title="Score per module (%)", vmax=100, fmt=".0f", xlabels=list(scores.columns)
        ),
        "mastery": _heatmap(
            mastery,
            title="Mastery per objective (share of checks passed)",
            vmax=1,
            fmt=".1f",
            xlabels=[f"{m[:2]}:{o}" for m, o in mastery.columns],
        ),
        "pace": _pace_chart(s["pace"]),
    }

    def figure(key: str) -> str:
        return (
            f"<p><img alt='{key}' src='data:image/png;base64,{figures[key]}'></p>"
            if figures[key]
            else ""
        )

    behind = s["pace"][s["pace"]["behind"]]["learner"].tolist() if not s["pace"].empty else []
    summary = (
        f"{len(cohort.learners)} learners · {len(cohort.released)} modules released · "
        f"{int(cohort.scores['manual_pending'].gt(0).sum()) if len(cohort.scores) else 0} submissions waiting "
        f"for manual grading · behind: {', '.join(behind) or 'nobody'}"
    )
    body = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title><style>{CSS}</style></head><body>
<h1>{html.escape(title)}</h1>
<p class="note">As of {cohort.as_of:%Y-%m-%d %H:%M} UTC. {html.escape(summary)}</p>
<h2>Scores per module</h2>{figure("scores")}{_html_table(scores.round(1), "no graded submissions yet")}
<h2>Mastery per learning objective</h2>
<p class="note">Share of the checks citing each objective that the learner passed (autograded test cells, and written answers once a mentor has graded them). Grey: not attempted yet.</p>
{figure("mastery")}
<h2>Checks most failed across the cohort</h2>
<p class="note">What to discuss in the next session. <em>hidden_only</em>: learners who passed every visible check but failed hidden ones, a sign of answers fitted to the example.</p>
{_html_table(s["most_failed"], "no failed checks")}
<h2>Pace</h2>{figure("pace")}{_html_table(s["pace"], "no learners")}
<h2>Waiting for manual grading</h2>{_html_table(s["manual_queue"], "nothing waiting")}
<h2>Submissions that did not grade cleanly</h2>{_html_table(s["failures"], "none")}
</body></html>
"""
    return body


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
