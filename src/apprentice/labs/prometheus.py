"""Input series and unit-test files for Prometheus rules labs, graded with ``promtool test rules``.

A lab asks for a Prometheus rules file; a test cell builds a promtool unit-test file with these
helpers and runs it with ``run_tool`` (CONTRIBUTING.md section 4b). The helpers are plain
functions of plain data, so lessons and setup cells can use them too:

- ``request_series`` turns a per-step error ratio (steady traffic with incidents) into the two
  counters ``http_requests_total{job, code}`` a Prometheus server would scrape once a step;
- ``counter_series`` is one counter with any labels, from its increments;
- ``minutes_series`` does the same for a per-minute DataFrame with ``total`` and ``bad`` columns
  (missing minutes add nothing to the counters, as a real counter behaves);
- ``alert_checks`` writes ``promql_expr_test`` entries asking whether an alert of a severity is
  firing at given minutes, whatever the label layout of the rules that raise it;
- ``promtool_tests`` assembles the unit-test file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import yaml

METRIC = "http_requests_total"


def compress(values: Sequence[int]) -> str:
    """promtool's expanding notation for a list of integers: runs of equal steps become ``a+bxn``."""
    values = [int(v) for v in values]
    out, i, n = [], 0, len(values)
    while i < n:
        if i == n - 1:
            out.append(str(values[i]))
            break
        step = values[i + 1] - values[i]
        j = i + 1
        while j + 1 < n and values[j + 1] - values[j] == step:
            j += 1
        out.append(f"{values[i]}{'+' if step >= 0 else '-'}{abs(step)}x{j - i}")
        i = j + 1
    return " ".join(out)


def expand(notation: str) -> list[int]:
    """The inverse of ``compress`` (for tests): ``'0+5x2 12'`` is ``[0, 5, 10, 12]``."""
    out = []
    for token in notation.split():
        if "x" in token:
            head, times = token.split("x")
            sign = "+" if "+" in head[1:] else "-"
            start, step = head.rsplit(sign, 1)
            step = int(step) if sign == "+" else -int(step)
            out.extend(int(start) + k * step for k in range(int(times) + 1))
        else:
            out.append(int(token))
    return out


def _labels(job: str, code: str, instance: str | None) -> str:
    extra = f',instance="{instance}"' if instance else ""
    return f'{METRIC}{{job="{job}",code="{code}"{extra}}}'


def counter_series(labels: str, increments: Iterable[int]) -> dict:
    """One counter for promtool's ``input_series``: it starts at 0 and grows by each increment in turn."""
    cumulative = np.concatenate([[0], np.cumsum(np.asarray(list(increments), dtype=np.int64))])
    return {"series": labels, "values": compress(cumulative.tolist())}


def request_series(
    steps: int,
    incidents: Iterable[tuple[int, int, float]] = (),
    *,
    rpm: int = 1000,
    baseline_error: float = 0.0,
    job: str = "checkout",
    good_code: str = "200",
    bad_code: str = "500",
    instance: str | None = None,
) -> list[dict]:
    """Two counters sampled once a step for ``steps`` steps: ``rpm`` requests a step, of which a
    share ``error_ratio`` fail with ``bad_code`` during each incident ``(first_step, steps, error_ratio)``
    and ``baseline_error`` otherwise. The first sample (0) comes before the first step's requests."""
    ratio = np.full(steps, float(baseline_error))
    for first, length, error_ratio in incidents:
        ratio[first : first + length] = error_ratio
    bad = np.rint(rpm * ratio).astype(np.int64)
    return [
        counter_series(_labels(job, good_code, instance), rpm - bad),
        counter_series(_labels(job, bad_code, instance), bad),
    ]


def minutes_series(
    minutes, *, job: str = "checkout", good_code: str = "200", bad_code: str = "500"
) -> list[dict]:
    """Counters for a per-minute DataFrame (columns ``total`` and ``bad``, a DatetimeIndex of minutes,
    rows possibly missing): sample k is taken at the end of minute k - 1 after the first row's minute."""
    full = minutes[["total", "bad"]].resample("min").sum()
    bad = full["bad"].to_numpy(dtype=np.int64)
    good = full["total"].to_numpy(dtype=np.int64) - bad
    return [
        counter_series(_labels(job, good_code, None), good),
        counter_series(_labels(job, bad_code, None), bad),
    ]


def _firing(alertname: str, severity: str) -> str:
    return (
        f'clamp_max(count(ALERTS{{alertname="{alertname}",severity="{severity}",'
        'alertstate="firing"}), 1)'
    )


def alert_checks(
    alertname: str,
    severity: str,
    *,
    firing_at: Iterable[int] = (),
    silent_at: Iterable[int] = (),
    unit: str = "m",
) -> list[dict]:
    """``promql_expr_test`` entries: at each time in ``firing_at`` at least one alert ``alertname``
    with label ``severity`` is firing, and at each time in ``silent_at`` none is (times in minutes
    from the first sample, or in ``unit``)."""
    expr = _firing(alertname, severity)
    tests = [
        {
            "expr": expr,
            "eval_time": f"{int(t)}{unit}",
            "exp_samples": [{"labels": "{}", "value": 1}],
        }
        for t in firing_at
    ]
    tests += [{"expr": expr, "eval_time": f"{int(t)}{unit}", "exp_samples": []} for t in silent_at]
    return tests


def promtool_tests(
    groups: Iterable[dict], *, rule_file: str = "rules.yml", evaluation_interval: str = "1m"
) -> str:
    """A promtool unit-test file: each group is a dict with ``input_series``, ``promql_expr_test``
    and optionally ``interval`` (the step between input samples, default the evaluation interval)."""
    tests = []
    for group in groups:
        entry = {
            "interval": group.get("interval", evaluation_interval),
            "input_series": group["input_series"],
        }
        entry["promql_expr_test"] = group["promql_expr_test"]
        tests.append(entry)
    doc = {"rule_files": [rule_file], "evaluation_interval": evaluation_interval, "tests": tests}
    return yaml.safe_dump(doc, sort_keys=False, width=10_000)
