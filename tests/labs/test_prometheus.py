"""Series and test files for Prometheus labs: counters are right, and promtool reads what we write."""

from __future__ import annotations

import shutil
import subprocess

import pandas as pd
import pytest
import yaml

from apprentice.labs.prometheus import (
    alert_checks,
    compress,
    counter_series,
    expand,
    minutes_series,
    promtool_tests,
    request_series,
)

RULES = """groups:
- name: t
  rules:
  - alert: Burn
    expr: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) > 0.05
    labels: {severity: page}
"""


@pytest.mark.parametrize(
    "values",
    [[0], [0, 1], [0, 5, 10, 12, 12, 12, 3], [7, 7, 7], list(range(0, 1000, 3)), [5, 3, 1, 10]],
)
def test_compress_round_trips(values):
    assert expand(compress(values)) == values


def test_request_series_counts_good_and_bad():
    good, bad = request_series(
        10, [(4, 3, 0.25)], rpm=100, baseline_error=0.01, bad_code="503", instance="a"
    )
    assert good["series"] == 'http_requests_total{job="checkout",code="200",instance="a"}'
    assert bad["series"] == 'http_requests_total{job="checkout",code="503",instance="a"}'
    g, b = expand(good["values"]), expand(bad["values"])
    assert len(g) == len(b) == 11 and g[0] == b[0] == 0
    steps_bad = [b[i + 1] - b[i] for i in range(10)]
    assert steps_bad == [1, 1, 1, 1, 25, 25, 25, 1, 1, 1]
    assert all(g[i + 1] - g[i] + steps_bad[i] == 100 for i in range(10))


def test_minutes_series_fills_missing_minutes_with_no_increment():
    idx = pd.DatetimeIndex(["2026-10-01 00:00", "2026-10-01 00:01", "2026-10-01 00:04"], tz="UTC")
    minutes = pd.DataFrame({"total": [10, 20, 5], "bad": [1, 0, 5]}, index=idx)
    good, bad = minutes_series(minutes)
    assert expand(good["values"]) == [0, 9, 29, 29, 29, 29]
    assert expand(bad["values"]) == [0, 1, 1, 1, 1, 6]


def test_counter_series_and_checks_make_a_valid_test_file():
    text = promtool_tests(
        [
            {
                "input_series": [counter_series("up", [1, 1])],
                "promql_expr_test": alert_checks("A", "page", firing_at=[3], silent_at=[1]),
            }
        ],
        evaluation_interval="10m",
    )
    doc = yaml.safe_load(text)
    assert doc["evaluation_interval"] == "10m" and doc["tests"][0]["interval"] == "10m"
    checks = doc["tests"][0]["promql_expr_test"]
    assert [c["eval_time"] for c in checks] == ["3m", "1m"]
    assert (
        checks[0]["exp_samples"] == [{"labels": "{}", "value": 1}]
        and checks[1]["exp_samples"] == []
    )


@pytest.mark.skipif(
    shutil.which("promtool") is None, reason="promtool is not installed (make installs it)"
)
def test_promtool_agrees(tmp_path):
    series = request_series(40, [(20, 10, 0.5)], rpm=100)
    fires = alert_checks("Burn", "page", firing_at=[22, 29], silent_at=[19, 40])
    (tmp_path / "rules.yml").write_text(RULES)
    (tmp_path / "tests.yml").write_text(
        promtool_tests([{"input_series": series, "promql_expr_test": fires}])
    )
    run = subprocess.run(
        ["promtool", "test", "rules", "tests.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    wrong = alert_checks("Burn", "page", firing_at=[19])
    (tmp_path / "tests.yml").write_text(
        promtool_tests([{"input_series": series, "promql_expr_test": wrong}])
    )
    run = subprocess.run(
        ["promtool", "test", "rules", "tests.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 1 and "got: nil" in run.stdout + run.stderr
