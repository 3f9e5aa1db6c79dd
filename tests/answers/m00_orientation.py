"""Wrong and alternative answers for 00-orientation (see CONTRIBUTING.md section 5)."""

from textwrap import dedent

_FACTS = {
    "self_check_runs_hidden_tests": False,
    "visible_checks_passing_guarantees_full_marks": False,
    "grader_runs_the_notebook_top_to_bottom_in_a_fresh_kernel": True,
    "a_test_cell_needs_all_its_checks_to_pass": True,
    "printing_a_warning_costs_points": False,
    "written_answers_are_graded_by_a_mentor": True,
}


def _facts(**changes):
    return f"grading_facts = {dict(_FACTS, **changes)!r}\n"


WRONG = {
    "grading-facts-answer": [
        (
            "believes self-check also runs the hidden tests",
            _facts(self_check_runs_hidden_tests=True),
        ),
        (
            "believes passing the visible checks guarantees full marks",
            _facts(visible_checks_passing_guarantees_full_marks=True),
        ),
        (
            "believes the grader reuses the kernel state from the order cells were run",
            _facts(grader_runs_the_notebook_top_to_bottom_in_a_fresh_kernel=False),
        ),
        (
            "believes a warning on stderr costs points (it did in stock nbgrader)",
            _facts(printing_a_warning_costs_points=True),
        ),
    ],
    "error-rate-answer": [
        (
            "counts client errors (4xx) as failures",
            dedent("""
            def error_rate(log):
                if len(log) == 0:
                    return 0.0
                return float((log["status"] >= 400).mean())
        """),
        ),
        (
            "uses > 500 and misses status 500 itself",
            dedent("""
            def error_rate(log):
                if len(log) == 0:
                    return 0.0
                return float((log["status"] > 500).mean())
        """),
        ),
        (
            "returns a percentage instead of a fraction",
            dedent("""
            def error_rate(log):
                if len(log) == 0:
                    return 0.0
                return 100 * float((log["status"] >= 500).mean())
        """),
        ),
        (
            "forgets the empty log (division by zero gives NaN)",
            dedent("""
            def error_rate(log):
                return float((log["status"] >= 500).sum() / len(log)) if len(log) else float("nan")
        """),
        ),
    ],
    "errors-by-endpoint-answer": [
        (
            "counts 4xx responses as errors",
            dedent("""
            def errors_by_endpoint(log):
                t = log.assign(error=log["status"] >= 400).groupby("endpoint").agg(
                    requests=("status", "size"), errors=("error", "sum"))
                t["error_rate"] = t["errors"] / t["requests"]
                return t.reset_index().sort_values(["error_rate", "endpoint"], ascending=[False, True]).set_index("endpoint")
        """),
        ),
        (
            "sorts best first instead of worst first",
            dedent("""
            def errors_by_endpoint(log):
                t = log.assign(error=log["status"] >= 500).groupby("endpoint").agg(
                    requests=("status", "size"), errors=("error", "sum"))
                t["error_rate"] = t["errors"] / t["requests"]
                return t.sort_values("error_rate")
        """),
        ),
        (
            "filters to the errors first, so endpoints without errors disappear",
            dedent("""
            def errors_by_endpoint(log):
                failed = log[log["status"] >= 500]
                t = pd.DataFrame({"requests": log.groupby("endpoint").size(),
                                  "errors": failed.groupby("endpoint").size()}).dropna()
                t["errors"] = t["errors"].astype(int)
                t["error_rate"] = t["errors"] / t["requests"]
                return t.reset_index(names="endpoint").sort_values(["error_rate", "endpoint"], ascending=[False, True]).set_index("endpoint")
        """),
        ),
        (
            "ignores the tie-break on endpoint name",
            dedent("""
            def errors_by_endpoint(log):
                t = log.assign(error=log["status"] >= 500).groupby("endpoint").agg(
                    requests=("status", "size"), errors=("error", "sum"))
                t["error_rate"] = t["errors"] / t["requests"]
                return t.sort_values(["error_rate", "endpoint"], ascending=False)
        """),
        ),
    ],
    "latency-summary-answer": [
        (
            "reports the mean as the median",
            dedent("""
            def latency_summary(log):
                latency = log["latency_ms"]
                return {"mean": float(latency.mean()), "p50": float(latency.mean()),
                        "p95": float(latency.quantile(0.95)), "p99": float(latency.quantile(0.99))}
        """),
        ),
        (
            "hand-rolls percentiles by indexing the sorted list (nearest rank, off by one)",
            dedent("""
            def latency_summary(log):
                values = sorted(log["latency_ms"])
                n = len(values)
                pick = lambda q: float(values[min(n - 1, int(q * n))])
                return {"mean": sum(values) / n, "p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99)}
        """),
        ),
        (
            "measures only successful requests",
            dedent("""
            def latency_summary(log):
                latency = log.loc[log["status"] < 500, "latency_ms"]
                return {"mean": float(latency.mean()), "p50": float(latency.quantile(0.5)),
                        "p95": float(latency.quantile(0.95)), "p99": float(latency.quantile(0.99))}
        """),
        ),
    ],
    "requests-per-minute-answer": [
        (
            "groups by minute, which drops the minutes without requests",
            dedent("""
            def requests_per_minute(log):
                return log.groupby(log["ts"].dt.floor("min")).size()
        """),
        ),
        (
            "counts only successful requests",
            dedent("""
            def requests_per_minute(log):
                ok = log[log["status"] < 400]
                return ok.set_index("ts").resample("min").size()
        """),
        ),
        (
            "builds the minute range with an open end and loses the last minute",
            dedent("""
            def requests_per_minute(log):
                minutes = pd.date_range(log["ts"].min().floor("min"), log["ts"].max().floor("min"),
                                        freq="min", inclusive="left")
                counts = log.groupby(log["ts"].dt.floor("min")).size()
                return counts.reindex(minutes, fill_value=0)
        """),
        ),
    ],
    "minutes-over-answer": [
        (
            "uses >= so a minute exactly at the threshold is listed",
            dedent("""
            def minutes_over(log, threshold):
                g = log.set_index("ts").resample("min")["status"]
                rate = g.apply(lambda s: (s >= 500).sum()) / g.size().where(g.size() > 0)
                return list(rate[rate >= threshold].index)
        """),
        ),
        (
            "counts client errors (4xx) too",
            dedent("""
            def minutes_over(log, threshold):
                g = log.set_index("ts").resample("min")["status"]
                rate = g.apply(lambda s: (s >= 400).sum()) / g.size().where(g.size() > 0)
                return list(rate[rate > threshold].index)
        """),
        ),
        (
            "divides each minute's errors by the average requests per minute",
            dedent("""
            def minutes_over(log, threshold):
                g = log.set_index("ts").resample("min")["status"]
                errors = g.apply(lambda s: (s >= 500).sum())
                rate = errors / g.size().mean()
                return list(rate[(rate > threshold) & (g.size() > 0)].index)
        """),
        ),
        (
            "compares a percentage with a fraction",
            dedent("""
            def minutes_over(log, threshold):
                g = log.set_index("ts").resample("min")["status"]
                rate = 100 * g.apply(lambda s: (s >= 500).sum()) / g.size().where(g.size() > 0)
                return list(rate[rate > threshold].index)
        """),
        ),
    ],
}

ALTERNATIVE = {
    "grading-facts-answer": [
        "grading_facts = dict(\n"
        "    written_answers_are_graded_by_a_mentor=True,\n"
        "    printing_a_warning_costs_points=False,\n"
        "    a_test_cell_needs_all_its_checks_to_pass=True,\n"
        "    grader_runs_the_notebook_top_to_bottom_in_a_fresh_kernel=True,\n"
        "    visible_checks_passing_guarantees_full_marks=False,\n"
        "    self_check_runs_hidden_tests=False,\n"
        ")\n"
    ],
    "error-rate-answer": [
        dedent("""
        def error_rate(log):
            total = len(log)
            return log["status"].ge(500).sum() / total if total else 0.0
    """)
    ],
    "errors-by-endpoint-answer": [
        dedent("""
        def errors_by_endpoint(log):
            rows = []
            for endpoint, part in log.groupby("endpoint"):
                errors = int((part["status"] >= 500).sum())
                rows.append((endpoint, len(part), errors, errors / len(part)))
            rows.sort(key=lambda r: (-r[3], r[0]))
            table = pd.DataFrame(rows, columns=["endpoint", "requests", "errors", "error_rate"])
            return table.set_index("endpoint")
    """)
    ],
    "latency-summary-answer": [
        dedent("""
        import numpy as np

        def latency_summary(log):
            values = log["latency_ms"].to_numpy(dtype=float)
            p50, p95, p99 = np.percentile(values, [50, 95, 99])
            return {"mean": values.mean(), "p50": p50, "p95": p95, "p99": p99}
    """)
    ],
    "requests-per-minute-answer": [
        dedent("""
        def requests_per_minute(log):
            minute = log["ts"].dt.floor("min")
            full = pd.date_range(minute.min(), minute.max(), freq="min")
            return minute.value_counts().reindex(full, fill_value=0)
    """)
    ],
    "minutes-over-answer": [
        dedent("""
        def minutes_over(log, threshold):
            per_minute = log.assign(minute=log["ts"].dt.floor("min"), bad=log["status"] >= 500)
            stats = per_minute.groupby("minute")["bad"].agg(["sum", "size"])
            rate = stats["sum"] / stats["size"]
            return [t for t, r in rate.items() if r > threshold]
    """)
    ],
}
