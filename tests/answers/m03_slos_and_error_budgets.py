"""Wrong and alternative answers for 03-slos-and-error-budgets."""

from textwrap import dedent

WRONG = {
    "per-minute-answer": [
        (
            "drops the UTC offsets: local New York times are read as UTC",
            dedent("""
            def per_minute(log, start, end):
                user = log[log["path"] != "/healthz"]
                t = pd.to_datetime(user["timestamp"].str[:19]).dt.tz_localize("UTC")
                counts = pd.DataFrame({"minute": t.dt.floor("min"), "total": 1,
                                       "bad": (user["status"] >= 500).astype(int)}).groupby("minute")[["total", "bad"]].sum()
                idx = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="min", inclusive="left")
                return counts.reindex(idx, fill_value=0).astype(int)
        """),
        ),
        (
            "leaves out minutes without traffic (no reindex)",
            dedent("""
            def per_minute(log, start, end):
                user = log[log["path"] != "/healthz"]
                t = pd.to_datetime(user["timestamp"], utc=True, format="ISO8601")
                keep = (t >= pd.Timestamp(start)) & (t < pd.Timestamp(end))
                return pd.DataFrame({"minute": t[keep].dt.floor("min"), "total": 1,
                                     "bad": (user.loc[keep, "status"] >= 500).astype(int)}).groupby("minute")[["total", "bad"]].sum()
        """),
        ),
        (
            "counts client errors (4xx) as bad",
            dedent("""
            def per_minute(log, start, end):
                user = log[log["path"] != "/healthz"]
                t = pd.to_datetime(user["timestamp"], utc=True, format="ISO8601")
                counts = pd.DataFrame({"minute": t.dt.floor("min"), "total": 1,
                                       "bad": (user["status"] >= 400).astype(int)}).groupby("minute")[["total", "bad"]].sum()
                idx = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="min", inclusive="left")
                return counts.reindex(idx, fill_value=0).astype(int)
        """),
        ),
        (
            "keeps the load balancer's health checks in the SLI",
            dedent("""
            def per_minute(log, start, end):
                t = pd.to_datetime(log["timestamp"], utc=True, format="ISO8601")
                counts = pd.DataFrame({"minute": t.dt.floor("min"), "total": 1,
                                       "bad": (log["status"] >= 500).astype(int)}).groupby("minute")[["total", "bad"]].sum()
                idx = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="min", inclusive="left")
                return counts.reindex(idx, fill_value=0).astype(int)
        """),
        ),
    ],
    "budget-answer": [
        (
            "burn rate divided by the SLO instead of the error budget",
            dedent("""
            import math

            def error_budget(slo, total_events):
                return (1 - slo) * total_events

            def burn_rate(bad, total, slo):
                return 0.0 if total == 0 else (bad / total) / slo

            def budget_consumed(burn, window_hours, period_hours=720):
                return burn * window_hours / period_hours

            def hours_to_exhaustion(burn, period_hours=720):
                return math.inf if burn <= 0 else period_hours / burn
        """),
        ),
        (
            "'14.4x exhausts the budget in 2 hours': days reported as hours",
            dedent("""
            import math

            def error_budget(slo, total_events):
                return (1 - slo) * total_events

            def burn_rate(bad, total, slo):
                return 0.0 if total == 0 else (bad / total) / (1 - slo)

            def budget_consumed(burn, window_hours, period_hours=720):
                return burn * window_hours / period_hours

            def hours_to_exhaustion(burn, period_hours=720):
                return math.inf if burn <= 0 else (period_hours / 24) / burn
        """),
        ),
        (
            "error budget as SLO x events (the good events, not the bad)",
            dedent("""
            import math

            def error_budget(slo, total_events):
                return slo * total_events

            def burn_rate(bad, total, slo):
                return 0.0 if total == 0 else (bad / total) / (1 - slo)

            def budget_consumed(burn, window_hours, period_hours=720):
                return burn * window_hours / period_hours

            def hours_to_exhaustion(burn, period_hours=720):
                return math.inf if burn <= 0 else period_hours / burn
        """),
        ),
        (
            "budget consumed with the period in days and the window in hours",
            dedent("""
            import math

            def error_budget(slo, total_events):
                return (1 - slo) * total_events

            def burn_rate(bad, total, slo):
                return 0.0 if total == 0 else (bad / total) / (1 - slo)

            def budget_consumed(burn, window_hours, period_hours=720):
                return burn * window_hours / (period_hours / 24)

            def hours_to_exhaustion(burn, period_hours=720):
                return math.inf if burn <= 0 else period_hours / burn
        """),
        ),
    ],
    "window-burn-answer": [
        (
            "rolling window by row count: wrong when minutes are missing",
            dedent("""
            def window_burn_rate(minutes, slo, window):
                n = int(pd.Timedelta(window) / pd.Timedelta("1min"))
                sums = minutes[["bad", "total"]].rolling(n, min_periods=1).sum()
                return (sums["bad"] / sums["total"]).fillna(0.0) / (1 - slo)
        """),
        ),
        (
            "averages the per-minute error ratios instead of dividing sums",
            dedent("""
            def window_burn_rate(minutes, slo, window):
                ratio = (minutes["bad"] / minutes["total"]).fillna(0.0)
                return ratio.rolling(window).mean() / (1 - slo)
        """),
        ),
        (
            "divides by the SLO instead of the error budget",
            dedent("""
            def window_burn_rate(minutes, slo, window):
                sums = minutes[["bad", "total"]].rolling(window).sum()
                return (sums["bad"] / sums["total"]).fillna(0.0) / slo
        """),
        ),
        (
            "leaves NaN where a window has no traffic",
            dedent("""
            def window_burn_rate(minutes, slo, window):
                sums = minutes[["bad", "total"]].rolling(window).sum()
                return sums["bad"] / sums["total"] / (1 - slo)
        """),
        ),
    ],
    "alerts-answer": [
        (
            "OR instead of AND across the two windows of a pair",
            dedent("""
            def burn_rate_alerts(minutes, slo, policy):
                def burn(w):
                    s = minutes[["bad", "total"]].rolling(w).sum()
                    return (s["bad"] / s["total"]).fillna(0.0) / (1 - slo)
                out = pd.DataFrame(index=minutes.index)
                for r in policy:
                    f = (burn(r["long_window"]) > r["burn_rate"]) | (burn(r["short_window"]) > r["burn_rate"])
                    out[r["severity"]] = (out[r["severity"]] | f) if r["severity"] in out.columns else f
                return out.astype(bool)
        """),
        ),
        (
            "long window only: alerts keep firing long after recovery",
            dedent("""
            def burn_rate_alerts(minutes, slo, policy):
                def burn(w):
                    s = minutes[["bad", "total"]].rolling(w).sum()
                    return (s["bad"] / s["total"]).fillna(0.0) / (1 - slo)
                out = pd.DataFrame(index=minutes.index)
                for r in policy:
                    f = burn(r["long_window"]) > r["burn_rate"]
                    out[r["severity"]] = (out[r["severity"]] | f) if r["severity"] in out.columns else f
                return out.astype(bool)
        """),
        ),
        (
            "windows by row count: wrong when minutes are missing",
            dedent("""
            def burn_rate_alerts(minutes, slo, policy):
                def burn(w):
                    n = int(pd.Timedelta(w) / pd.Timedelta("1min"))
                    s = minutes[["bad", "total"]].rolling(n, min_periods=1).sum()
                    return (s["bad"] / s["total"]).fillna(0.0) / (1 - slo)
                out = pd.DataFrame(index=minutes.index)
                for r in policy:
                    f = (burn(r["long_window"]) > r["burn_rate"]) & (burn(r["short_window"]) > r["burn_rate"])
                    out[r["severity"]] = (out[r["severity"]] | f) if r["severity"] in out.columns else f
                return out.astype(bool)
        """),
        ),
        (
            "burn rate divided by the SLO: nothing ever fires",
            dedent("""
            def burn_rate_alerts(minutes, slo, policy):
                def burn(w):
                    s = minutes[["bad", "total"]].rolling(w).sum()
                    return (s["bad"] / s["total"]).fillna(0.0) / slo
                out = pd.DataFrame(index=minutes.index)
                for r in policy:
                    f = (burn(r["long_window"]) > r["burn_rate"]) & (burn(r["short_window"]) > r["burn_rate"])
                    out[r["severity"]] = (out[r["severity"]] | f) if r["severity"] in out.columns else f
                return out.astype(bool)
        """),
        ),
        (
            "the last rule of a severity overwrites the earlier ones",
            dedent("""
            def burn_rate_alerts(minutes, slo, policy):
                def burn(w):
                    s = minutes[["bad", "total"]].rolling(w).sum()
                    return (s["bad"] / s["total"]).fillna(0.0) / (1 - slo)
                out = pd.DataFrame(index=minutes.index)
                for r in policy:
                    out[r["severity"]] = (burn(r["long_window"]) > r["burn_rate"]) & (burn(r["short_window"]) > r["burn_rate"])
                return out.astype(bool)
        """),
        ),
    ],
    "detection-answer": [
        (
            "detection from the short window (the fast one)",
            dedent("""
            import math

            def detection_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * (1 - slo)
                return math.inf if error_rate <= need else short_minutes * need / error_rate

            def reset_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * (1 - slo)
                return 0.0 if error_rate <= need else short_minutes * (1 - need / error_rate)
        """),
        ),
        (
            "never returns inf: ignores that the full window may stay below the threshold",
            dedent("""
            def detection_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                return long_minutes * burn_threshold * (1 - slo) / error_rate

            def reset_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * (1 - slo)
                return 0.0 if error_rate <= need else short_minutes * (1 - need / error_rate)
        """),
        ),
        (
            "reset from the long window, as if the alert had no short window",
            dedent("""
            import math

            def detection_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * (1 - slo)
                return math.inf if error_rate <= need else long_minutes * need / error_rate

            def reset_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * (1 - slo)
                return 0.0 if error_rate <= need else long_minutes * (1 - need / error_rate)
        """),
        ),
        (
            "threshold times the SLO instead of times the error budget",
            dedent("""
            import math

            def detection_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * slo
                return math.inf if error_rate <= need else long_minutes * need / error_rate

            def reset_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
                need = burn_threshold * slo
                return 0.0 if error_rate <= need else short_minutes * (1 - need / error_rate)
        """),
        ),
    ],
    "quality-answer": [
        (
            "precision counted in alert minutes instead of episodes",
            dedent("""
            def alert_quality(alert, incidents, grace_minutes=0):
                on = alert.to_numpy(dtype=bool)
                starts = alert.index[on & ~np.r_[False, on[:-1]]]
                lasts = alert.index[on & ~np.r_[on[1:], False]]
                one = pd.Timedelta(minutes=1)
                good_minutes = np.zeros(len(alert), dtype=bool)
                det, res = [], []
                for inc in incidents.itertuples(index=False):
                    hit = np.flatnonzero((starts >= inc.start) & (starts < inc.end + pd.Timedelta(minutes=grace_minutes)))
                    for i in hit:
                        good_minutes |= (alert.index >= starts[i]) & (alert.index <= lasts[i])
                    det.append((starts[hit[0]] + one - inc.start) / one if len(hit) else None)
                    res.append((lasts[hit[-1]] + one - inc.end) / one if len(hit) else None)
                n_on = on.sum()
                return {"episodes": int(len(starts)),
                        "precision": float(good_minutes.sum() / n_on) if n_on else math.nan,
                        "recall": sum(d is not None for d in det) / len(incidents) if len(incidents) else math.nan,
                        "detection_minutes": det, "reset_minutes": res}
        """),
        ),
        (
            "off by one minute: uses the row labels as the alert times",
            dedent("""
            def alert_quality(alert, incidents, grace_minutes=0):
                on = alert.to_numpy(dtype=bool)
                starts = alert.index[on & ~np.r_[False, on[:-1]]]
                lasts = alert.index[on & ~np.r_[on[1:], False]]
                one = pd.Timedelta(minutes=1)
                belongs = np.zeros(len(starts), dtype=bool)
                det, res = [], []
                for inc in incidents.itertuples(index=False):
                    hit = np.flatnonzero((starts >= inc.start) & (starts < inc.end + pd.Timedelta(minutes=grace_minutes)))
                    belongs[hit] = True
                    det.append((starts[hit[0]] - inc.start) / one if len(hit) else None)
                    res.append((lasts[hit[-1]] - inc.end) / one if len(hit) else None)
                n = len(starts)
                return {"episodes": int(n), "precision": float(belongs.sum() / n) if n else math.nan,
                        "recall": sum(d is not None for d in det) / len(incidents) if len(incidents) else math.nan,
                        "detection_minutes": det, "reset_minutes": res}
        """),
        ),
        (
            "precision and recall swapped",
            dedent("""
            def alert_quality(alert, incidents, grace_minutes=0):
                on = alert.to_numpy(dtype=bool)
                starts = alert.index[on & ~np.r_[False, on[:-1]]]
                lasts = alert.index[on & ~np.r_[on[1:], False]]
                one = pd.Timedelta(minutes=1)
                belongs = np.zeros(len(starts), dtype=bool)
                det, res = [], []
                for inc in incidents.itertuples(index=False):
                    hit = np.flatnonzero((starts >= inc.start) & (starts < inc.end + pd.Timedelta(minutes=grace_minutes)))
                    belongs[hit] = True
                    det.append((starts[hit[0]] + one - inc.start) / one if len(hit) else None)
                    res.append((lasts[hit[-1]] + one - inc.end) / one if len(hit) else None)
                n = len(starts)
                return {"episodes": int(n),
                        "recall": float(belongs.sum() / n) if n else math.nan,
                        "precision": sum(d is not None for d in det) / len(incidents) if len(incidents) else math.nan,
                        "detection_minutes": det, "reset_minutes": res}
        """),
        ),
        (
            "credits an episode that was already running before the incident",
            dedent("""
            def alert_quality(alert, incidents, grace_minutes=0):
                on = alert.to_numpy(dtype=bool)
                starts = alert.index[on & ~np.r_[False, on[:-1]]]
                lasts = alert.index[on & ~np.r_[on[1:], False]]
                one = pd.Timedelta(minutes=1)
                belongs = np.zeros(len(starts), dtype=bool)
                det, res = [], []
                for inc in incidents.itertuples(index=False):
                    hit = np.flatnonzero((lasts >= inc.start) & (starts < inc.end + pd.Timedelta(minutes=grace_minutes)))
                    belongs[hit] = True
                    det.append((starts[hit[0]] + one - inc.start) / one if len(hit) else None)
                    res.append((lasts[hit[-1]] + one - inc.end) / one if len(hit) else None)
                n = len(starts)
                return {"episodes": int(n), "precision": float(belongs.sum() / n) if n else math.nan,
                        "recall": sum(d is not None for d in det) / len(incidents) if len(incidents) else math.nan,
                        "detection_minutes": det, "reset_minutes": res}
        """),
        ),
    ],
    "policy-answer": [
        (
            "budget from the SLO instead of 1 - SLO",
            dedent("""
            def policy_decisions(minutes, slo, incidents):
                budget = slo * minutes["total"].sum()
                spent = minutes["bad"].sum() / budget
                post = []
                for i, (a, b) in enumerate(zip(incidents["start"], incidents["end"])):
                    if minutes.loc[(minutes.index >= a) & (minutes.index < b), "bad"].sum() > 0.2 * budget:
                        post.append(i)
                return {"budget_spent": float(spent), "freeze": bool(spent >= 1), "postmortems": post}
        """),
        ),
        (
            "postmortem when an incident is 20% of all failures, not of the budget",
            dedent("""
            def policy_decisions(minutes, slo, incidents):
                budget = (1 - slo) * minutes["total"].sum()
                spent = minutes["bad"].sum() / budget
                post = []
                for i, (a, b) in enumerate(zip(incidents["start"], incidents["end"])):
                    if minutes.loc[(minutes.index >= a) & (minutes.index < b), "bad"].sum() > 0.2 * minutes["bad"].sum():
                        post.append(i)
                return {"budget_spent": float(spent), "freeze": bool(spent >= 1), "postmortems": post}
        """),
        ),
        (
            "counts the incident's end minute (label slicing includes it)",
            dedent("""
            def policy_decisions(minutes, slo, incidents):
                budget = (1 - slo) * minutes["total"].sum()
                spent = minutes["bad"].sum() / budget
                post = []
                for i, (a, b) in enumerate(zip(incidents["start"], incidents["end"])):
                    if minutes.loc[a:b, "bad"].sum() > 0.2 * budget:
                        post.append(i)
                return {"budget_spent": float(spent), "freeze": bool(spent >= 1), "postmortems": post}
        """),
        ),
        (
            "freezes at 20% of the budget (mixes up the two thresholds)",
            dedent("""
            def policy_decisions(minutes, slo, incidents):
                budget = (1 - slo) * minutes["total"].sum()
                spent = minutes["bad"].sum() / budget
                post = []
                for i, (a, b) in enumerate(zip(incidents["start"], incidents["end"])):
                    if minutes.loc[(minutes.index >= a) & (minutes.index < b), "bad"].sum() > 0.2 * budget:
                        post.append(i)
                return {"budget_spent": float(spent), "freeze": bool(spent >= 0.2), "postmortems": post}
        """),
        ),
    ],
}

ALTERNATIVE = {
    "per-minute-answer": [
        dedent("""
        def per_minute(log, start, end):
            df = log.loc[log["path"].ne("/healthz")].copy()
            df["t"] = pd.to_datetime(df["timestamp"], format="ISO8601", utc=True)
            df = df[(df["t"] >= pd.Timestamp(start)) & (df["t"] < pd.Timestamp(end))]
            df["total"] = 1
            df["bad"] = df["status"].ge(500).astype("int64")
            out = df.set_index("t")[["total", "bad"]].resample("min").sum()
            full = pd.date_range(start, end, freq="min", inclusive="left")
            return out.reindex(full, fill_value=0)
    """)
    ],
    "budget-answer": [
        dedent("""
        def error_budget(slo, total_events):
            return total_events - slo * total_events

        def burn_rate(bad, total, slo):
            if not total:
                return 0.0
            budget_ratio = 1 - slo
            return bad / (total * budget_ratio)

        def budget_consumed(burn, window_hours, period_hours=720):
            return (window_hours / period_hours) * burn

        def hours_to_exhaustion(burn, period_hours=720):
            return float("inf") if burn == 0 else period_hours / burn
    """)
    ],
    "window-burn-answer": [
        dedent("""
        def window_burn_rate(minutes, slo, window):
            # put every minute back (zeros where rows are missing), roll by rows, then keep the original rows
            full = minutes[["bad", "total"]].resample("min").sum()
            n = int(pd.Timedelta(window) / pd.Timedelta("1min"))
            sums = full.rolling(n, min_periods=1).sum().reindex(minutes.index)
            burn = sums["bad"].div(sums["total"].where(sums["total"] > 0)) / (1 - slo)
            return burn.fillna(0.0)
    """)
    ],
    "alerts-answer": [
        dedent("""
        def burn_rate_alerts(minutes, slo, policy):
            cache = {}

            def burn(window):
                if window not in cache:
                    bad = minutes["bad"].rolling(window).sum()
                    total = minutes["total"].rolling(window).sum()
                    cache[window] = (bad / total.where(total > 0)).fillna(0) / (1 - slo)
                return cache[window]

            columns = {}
            for rule in policy:
                t = rule["burn_rate"]
                fires = burn(rule["long_window"]).gt(t) & burn(rule["short_window"]).gt(t)
                columns[rule["severity"]] = columns.get(rule["severity"], False) | fires
            return pd.DataFrame(columns, index=minutes.index).astype(bool)
    """)
    ],
    "detection-answer": [
        dedent("""
        import math

        def detection_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
            # the long window's burn rate when full is error_rate / (1 - slo)
            if error_rate / (1 - slo) <= burn_threshold:
                return math.inf
            return burn_threshold * (1 - slo) * long_minutes / error_rate

        def reset_minutes(error_rate, slo, long_minutes, short_minutes, burn_threshold):
            if error_rate / (1 - slo) <= burn_threshold:
                return 0.0
            window = min(long_minutes, short_minutes)
            return window - burn_threshold * (1 - slo) * window / error_rate
    """)
    ],
    "quality-answer": [
        dedent("""
        def alert_quality(alert, incidents, grace_minutes=0):
            s = alert.astype(bool)
            run_id = (s != s.shift(fill_value=False)).cumsum()
            runs = s[s].index.to_series().groupby(run_id[s]).agg(["min", "max"])
            minute = pd.Timedelta("1min")
            matched = set()
            detection, reset = [], []
            for start, end in zip(incidents["start"], incidents["end"]):
                mine = runs[(runs["min"] >= start) & (runs["min"] < end + grace_minutes * minute)]
                matched.update(mine.index)
                if mine.empty:
                    detection.append(None)
                    reset.append(None)
                else:
                    detection.append(float((mine["min"].iloc[0] + minute - start) / minute))
                    reset.append(float((mine["max"].iloc[-1] + minute - end) / minute))
            episodes = len(runs)
            return {
                "episodes": episodes,
                "precision": len(matched) / episodes if episodes else float("nan"),
                "recall": (len(incidents) - detection.count(None)) / len(incidents) if len(incidents) else float("nan"),
                "detection_minutes": detection,
                "reset_minutes": reset,
            }
    """)
    ],
    "policy-answer": [
        dedent("""
        def policy_decisions(minutes, slo, incidents):
            budget = minutes["total"].sum() * (1 - slo)
            result = {"budget_spent": float(minutes["bad"].sum() / budget), "postmortems": []}
            result["freeze"] = result["budget_spent"] >= 1.0
            times = minutes.index
            for k, row in enumerate(incidents.itertuples(index=False)):
                inside = minutes["bad"][(times >= row.start) & (times < row.end)]
                if inside.sum() / budget > POSTMORTEM_SHARE:
                    result["postmortems"].append(k)
            return result
    """)
    ],
}
