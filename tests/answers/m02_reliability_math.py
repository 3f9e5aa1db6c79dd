"""Wrong and alternative answers for 02-reliability-math."""

from textwrap import dedent

WRONG = {
    "availability-answer": [
        (
            "availability as 1 - MTTR/MTBF and a 365-day year",
            dedent("""
            def availability(mtbf_hours, mttr_hours):
                return 1 - mttr_hours / mtbf_hours

            def downtime_minutes(avail, period="year"):
                minutes = {"year": 365 * 24 * 60, "30d": 30 * 24 * 60}
                if period not in minutes:
                    raise ValueError(period)
                return (1 - avail) * minutes[period]

            def max_mttr_hours(target, mtbf_hours):
                return mtbf_hours * (1 - target)
        """),
        ),
        (
            "uses a 365-day year for the downtime budget",
            dedent("""
            def availability(mtbf_hours, mttr_hours):
                return mtbf_hours / (mtbf_hours + mttr_hours)

            def downtime_minutes(avail, period="year"):
                minutes = {"year": 365 * 24 * 60, "30d": 30 * 24 * 60}
                if period not in minutes:
                    raise ValueError(period)
                return (1 - avail) * minutes[period]

            def max_mttr_hours(target, mtbf_hours):
                return mtbf_hours * (1 - target) / target
        """),
        ),
        (
            "returns uptime instead of downtime",
            dedent("""
            def availability(mtbf_hours, mttr_hours):
                return mtbf_hours / (mtbf_hours + mttr_hours)

            def downtime_minutes(avail, period="year"):
                minutes = {"year": 365.25 * 24 * 60, "30d": 30 * 24 * 60}
                if period not in minutes:
                    raise ValueError(period)
                return avail * minutes[period]

            def max_mttr_hours(target, mtbf_hours):
                return mtbf_hours * (1 - target) / target
        """),
        ),
        (
            "approximates the MTTR limit as MTBF x (1 - target)",
            dedent("""
            def availability(mtbf_hours, mttr_hours):
                return mtbf_hours / (mtbf_hours + mttr_hours)

            def downtime_minutes(avail, period="year"):
                minutes = {"year": 365.25 * 24 * 60, "30d": 30 * 24 * 60}
                if period not in minutes:
                    raise ValueError(period)
                return (1 - avail) * minutes[period]

            def max_mttr_hours(target, mtbf_hours):
                return mtbf_hours * (1 - target)
        """),
        ),
        (
            "falls back to a year for unknown periods instead of raising",
            dedent("""
            def availability(mtbf_hours, mttr_hours):
                return mtbf_hours / (mtbf_hours + mttr_hours)

            def downtime_minutes(avail, period="year"):
                days = 30 if period == "30d" else 365.25
                return (1 - avail) * days * 24 * 60

            def max_mttr_hours(target, mtbf_hours):
                return mtbf_hours * (1 - target) / target
        """),
        ),
    ],
    "chains-answer": [
        (
            "averages the availabilities",
            dedent("""
            def serial(availabilities):
                a = list(availabilities)
                return sum(a) / len(a)

            def parallel(availabilities):
                a = list(availabilities)
                result = 1.0
                for x in a:
                    result *= 1 - x
                return 1 - result
        """),
        ),
        (
            "multiplies availabilities for parallel too",
            dedent("""
            import math

            def serial(availabilities):
                return math.prod(availabilities)

            def parallel(availabilities):
                return math.prod(availabilities)
        """),
        ),
        (
            "weakest link for series, best copy for parallel",
            dedent("""
            def serial(availabilities):
                return min(availabilities)

            def parallel(availabilities):
                return max(availabilities)
        """),
        ),
        (
            "adds availabilities in parallel, capped at 1",
            dedent("""
            import math

            def serial(availabilities):
                return math.prod(availabilities)

            def parallel(availabilities):
                return min(1.0, sum(availabilities))
        """),
        ),
    ],
    "k-of-n-answer": [
        (
            "exactly k up instead of at least k",
            dedent("""
            import math

            def k_of_n(a, k, n):
                if not 0 <= k <= n:
                    raise ValueError("k")
                return math.comb(n, k) * a ** k * (1 - a) ** (n - k)
        """),
        ),
        (
            "off by one: more than k up",
            dedent("""
            import math

            def k_of_n(a, k, n):
                if not 0 <= k <= n:
                    raise ValueError("k")
                return sum(math.comb(n, i) * a ** i * (1 - a) ** (n - i) for i in range(k + 1, n + 1))
        """),
        ),
        (
            "treats k components as a plain parallel group",
            dedent("""
            def k_of_n(a, k, n):
                if not 0 <= k <= n:
                    raise ValueError("k")
                return 1 - (1 - a) ** (n - k + 1) if k > 0 else 1.0
        """),
        ),
        (
            "counts k or more failures instead of k or more up",
            dedent("""
            import math

            def k_of_n(a, k, n):
                if not 0 <= k <= n:
                    raise ValueError("k")
                return sum(math.comb(n, i) * (1 - a) ** i * a ** (n - i) for i in range(k, n + 1))
        """),
        ),
        (
            "never checks k against n",
            dedent("""
            import math

            def k_of_n(a, k, n):
                return sum(math.comb(n, i) * a ** i * (1 - a) ** (n - i) for i in range(k, n + 1))
        """),
        ),
    ],
    "nines-answer": [
        (
            "nines via int(-log10(1 - a)) loses a nine to float error",
            dedent("""
            import math

            def nines(avail):
                if not 0 <= avail < 1:
                    raise ValueError(avail)
                return int(-math.log10(1 - avail))

            def extra_nine(target):
                return 1 - (1 - target) / 10

            def dependency_budget_share(target, dependency_availabilities):
                p = 1.0
                for a in dependency_availabilities:
                    p *= a
                return (1 - p) / (1 - target)
        """),
        ),
        (
            "rounds -log10(1 - a) to the nearest integer",
            dedent("""
            import math

            def nines(avail):
                if not 0 <= avail < 1:
                    raise ValueError(avail)
                return round(-math.log10(1 - avail))

            def extra_nine(target):
                return 1 - (1 - target) / 10

            def dependency_budget_share(target, dependency_availabilities):
                p = 1.0
                for a in dependency_availabilities:
                    p *= a
                return (1 - p) / (1 - target)
        """),
        ),
        (
            "counts the 9 characters and appends a 9 to the target",
            dedent("""
            def nines(avail):
                if not 0 <= avail < 1:
                    raise ValueError(avail)
                return str(avail).count("9")

            def extra_nine(target):
                return float(str(target) + "9")

            def dependency_budget_share(target, dependency_availabilities):
                p = 1.0
                for a in dependency_availabilities:
                    p *= a
                return (1 - p) / (1 - target)
        """),
        ),
        (
            "divides the dependencies' unavailability by the target, not the budget",
            dedent("""
            import math

            def nines(avail):
                if not 0 <= avail < 1:
                    raise ValueError(avail)
                return math.floor(-math.log10(1 - avail) + 1e-9)

            def extra_nine(target):
                return 1 - (1 - target) / 10

            def dependency_budget_share(target, dependency_availabilities):
                p = 1.0
                for a in dependency_availabilities:
                    p *= a
                return (1 - p) / target
        """),
        ),
    ],
    "dr-table-answer": [
        (
            "uses the full copy interval as the expected loss",
            dedent("""
            def dr_table(options, failures_per_year, writes_per_second):
                h = failures_per_year * options["rto_minutes"] / 60
                return pd.DataFrame({
                    "option": options["option"],
                    "expected_downtime_hours": h,
                    "expected_lost_writes": failures_per_year * options["copy_interval_seconds"] * writes_per_second,
                    "worst_case_lost_writes": options["copy_interval_seconds"] * writes_per_second,
                    "availability": 1 - h / 8766,
                    "annual_cost_usd": 12 * options["monthly_cost_usd"],
                })
        """),
        ),
        (
            "forgets the failure rate (per failure, not per year)",
            dedent("""
            def dr_table(options, failures_per_year, writes_per_second):
                h = options["rto_minutes"] / 60
                return pd.DataFrame({
                    "option": options["option"],
                    "expected_downtime_hours": h,
                    "expected_lost_writes": options["copy_interval_seconds"] / 2 * writes_per_second,
                    "worst_case_lost_writes": options["copy_interval_seconds"] * writes_per_second,
                    "availability": 1 - h / 8766,
                    "annual_cost_usd": 12 * options["monthly_cost_usd"],
                })
        """),
        ),
        (
            "reads RTO minutes as hours",
            dedent("""
            def dr_table(options, failures_per_year, writes_per_second):
                h = failures_per_year * options["rto_minutes"]
                return pd.DataFrame({
                    "option": options["option"],
                    "expected_downtime_hours": h,
                    "expected_lost_writes": failures_per_year * options["copy_interval_seconds"] / 2 * writes_per_second,
                    "worst_case_lost_writes": options["copy_interval_seconds"] * writes_per_second,
                    "availability": 1 - h / 8766,
                    "annual_cost_usd": 12 * options["monthly_cost_usd"],
                })
        """),
        ),
        (
            "365-day year in the availability column",
            dedent("""
            def dr_table(options, failures_per_year, writes_per_second):
                h = failures_per_year * options["rto_minutes"] / 60
                return pd.DataFrame({
                    "option": options["option"],
                    "expected_downtime_hours": h,
                    "expected_lost_writes": failures_per_year * options["copy_interval_seconds"] / 2 * writes_per_second,
                    "worst_case_lost_writes": options["copy_interval_seconds"] * writes_per_second,
                    "availability": 1 - h / 8760,
                    "annual_cost_usd": 12 * options["monthly_cost_usd"],
                })
        """),
        ),
        (
            "adds the columns to the caller's table (mutates its argument)",
            dedent("""
            def dr_table(options, failures_per_year, writes_per_second):
                options["expected_downtime_hours"] = failures_per_year * options["rto_minutes"] / 60
                options["expected_lost_writes"] = failures_per_year * options["copy_interval_seconds"] / 2 * writes_per_second
                options["worst_case_lost_writes"] = options["copy_interval_seconds"] * writes_per_second
                options["availability"] = 1 - options["expected_downtime_hours"] / 8766
                options["annual_cost_usd"] = 12 * options["monthly_cost_usd"]
                return options[["option", "expected_downtime_hours", "expected_lost_writes",
                                "worst_case_lost_writes", "availability", "annual_cost_usd"]]
        """),
        ),
    ],
    "choose-dr-answer": [
        (
            "cheapest option meeting RTO, ignoring the RPO",
            dedent("""
            def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
                avail = 1 - failures_per_year * options["rto_minutes"] / 60 / 8766
                ok = options[(options["rto_minutes"] <= rto_max_minutes) & (avail >= min_availability)]
                if ok.empty:
                    return None
                return ok.sort_values("monthly_cost_usd")["option"].iloc[0]
        """),
        ),
        (
            "checks the RPO against the expected loss (half the interval)",
            dedent("""
            def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
                avail = 1 - failures_per_year * options["rto_minutes"] / 60 / 8766
                ok = options[(options["rto_minutes"] <= rto_max_minutes)
                             & (options["copy_interval_seconds"] / 60 / 2 <= rpo_max_minutes)
                             & (avail >= min_availability)]
                if ok.empty:
                    return None
                return ok.sort_values(["monthly_cost_usd", "rto_minutes"])["option"].iloc[0]
        """),
        ),
        (
            "strict inequalities: a requirement met exactly counts as failed",
            dedent("""
            def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
                avail = 1 - failures_per_year * options["rto_minutes"] / 60 / 8766
                ok = options[(options["rto_minutes"] < rto_max_minutes)
                             & (options["copy_interval_seconds"] / 60 < rpo_max_minutes)
                             & (avail > min_availability)]
                if ok.empty:
                    return None
                return ok.sort_values(["monthly_cost_usd", "rto_minutes"])["option"].iloc[0]
        """),
        ),
        (
            "compares the copy interval in seconds with an RPO in minutes",
            dedent("""
            def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
                avail = 1 - failures_per_year * options["rto_minutes"] / 60 / 8766
                ok = options[(options["rto_minutes"] <= rto_max_minutes)
                             & (options["copy_interval_seconds"] <= rpo_max_minutes)
                             & (avail >= min_availability)]
                if ok.empty:
                    return None
                return ok.sort_values(["monthly_cost_usd", "rto_minutes"])["option"].iloc[0]
        """),
        ),
        (
            "picks the shortest downtime instead of the cheapest",
            dedent("""
            def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
                avail = 1 - failures_per_year * options["rto_minutes"] / 60 / 8766
                ok = options[(options["rto_minutes"] <= rto_max_minutes)
                             & (options["copy_interval_seconds"] / 60 <= rpo_max_minutes)
                             & (avail >= min_availability)]
                if ok.empty:
                    return None
                return ok.sort_values("rto_minutes")["option"].iloc[0]
        """),
        ),
    ],
    "simulate-answer": [
        (
            "full copy interval lost at every failure",
            dedent("""
            def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
                rng = np.random.default_rng(seed)
                f = rng.poisson(failures_per_year, n_years)
                return pd.DataFrame({"failures": f, "downtime_hours": f * rto_minutes / 60,
                                     "lost_minutes": f * copy_interval_seconds / 60})
        """),
        ),
        (
            "at most one failure a year (Bernoulli instead of Poisson)",
            dedent("""
            def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
                rng = np.random.default_rng(seed)
                f = (rng.random(n_years) < failures_per_year).astype(int)
                lost = f * rng.uniform(0, copy_interval_seconds / 60, n_years)
                return pd.DataFrame({"failures": f, "downtime_hours": f * rto_minutes / 60, "lost_minutes": lost})
        """),
        ),
        (
            "exactly the expected number of failures every year",
            dedent("""
            def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
                rng = np.random.default_rng(seed)
                f = np.full(n_years, int(round(failures_per_year)))
                lost = rng.uniform(0, copy_interval_seconds / 60, (n_years, max(f.max(), 1)))[:, : f.max()].sum(axis=1)
                return pd.DataFrame({"failures": f, "downtime_hours": f * rto_minutes / 60, "lost_minutes": lost})
        """),
        ),
        (
            "ignores the seed (not reproducible)",
            dedent("""
            def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
                rng = np.random.default_rng()
                f = rng.poisson(failures_per_year, n_years)
                u = rng.uniform(0, copy_interval_seconds / 60, int(f.sum()))
                lost = np.bincount(np.repeat(np.arange(n_years), f), weights=u, minlength=n_years)
                return pd.DataFrame({"failures": f, "downtime_hours": f * rto_minutes / 60, "lost_minutes": lost})
        """),
        ),
        (
            "one shared loss draw per year instead of one per failure",
            dedent("""
            def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
                rng = np.random.default_rng(seed)
                f = rng.poisson(failures_per_year, n_years)
                lost = f * rng.uniform(0, copy_interval_seconds / 60, n_years)
                return pd.DataFrame({"failures": f, "downtime_hours": f * rto_minutes / 60, "lost_minutes": lost})
        """),
        ),
    ],
}

ALTERNATIVE = {
    "availability-answer": [
        dedent("""
        def availability(mtbf_hours, mttr_hours):
            return 1 / (1 + mttr_hours / mtbf_hours) if mtbf_hours else 0.0

        def downtime_minutes(avail, period="year"):
            if period == "year":
                days = 365.25
            elif period == "30d":
                days = 30
            else:
                raise ValueError("period must be 'year' or '30d'")
            return (1 - avail) * days * 1440

        def max_mttr_hours(target, mtbf_hours):
            # target = mtbf / (mtbf + mttr)  =>  mttr = mtbf / target - mtbf
            return mtbf_hours / target - mtbf_hours
    """)
    ],
    "chains-answer": [
        dedent("""
        import math

        def serial(availabilities):
            return math.prod(availabilities)

        def parallel(availabilities):
            return 1 - math.prod(1 - a for a in availabilities)
    """)
    ],
    "k-of-n-answer": [
        dedent("""
        from scipy.stats import binom

        def k_of_n(a, k, n):
            if k < 0 or k > n:
                raise ValueError("k must be between 0 and n")
            return float(binom.sf(k - 1, n, a))
    """)
    ],
    "nines-answer": [
        dedent("""
        from decimal import Decimal
        import numpy as np

        def nines(avail):
            if avail < 0 or avail >= 1:
                raise ValueError("availability must be in [0, 1)")
            gap = Decimal(1) - Decimal(str(avail))
            count = 0
            while gap * 10 <= 1:
                gap *= 10
                count += 1
            return count

        def extra_nine(target):
            return target + (1 - target) * 0.9

        def dependency_budget_share(target, dependency_availabilities):
            return float(1 - np.prod(np.asarray(dependency_availabilities, dtype=float))) / (1 - target)
    """)
    ],
    "dr-table-answer": [
        dedent("""
        def dr_table(options, failures_per_year, writes_per_second):
            rows = []
            for r in options.itertuples(index=False):
                down = failures_per_year * r.rto_minutes / 60
                rows.append({
                    "option": r.option,
                    "expected_downtime_hours": down,
                    "expected_lost_writes": failures_per_year * (r.copy_interval_seconds / 2) * writes_per_second,
                    "worst_case_lost_writes": r.copy_interval_seconds * writes_per_second,
                    "availability": 1 - down / (365.25 * 24),
                    "annual_cost_usd": r.monthly_cost_usd * 12,
                })
            return pd.DataFrame(rows)
    """)
    ],
    "choose-dr-answer": [
        dedent("""
        def choose_dr(options, failures_per_year, rto_max_minutes, rpo_max_minutes, min_availability):
            best = None
            for r in options.to_dict("records"):
                avail = 1 - failures_per_year * (r["rto_minutes"] / 60) / 8766
                if r["rto_minutes"] > rto_max_minutes or r["copy_interval_seconds"] > rpo_max_minutes * 60:
                    continue
                if avail < min_availability:
                    continue
                key = (r["monthly_cost_usd"], r["rto_minutes"])
                if best is None or key < best[0]:
                    best = (key, r["option"])
            return None if best is None else best[1]
    """)
    ],
    "simulate-answer": [
        dedent("""
        def simulate_years(failures_per_year, rto_minutes, copy_interval_seconds, n_years, seed):
            rng = np.random.default_rng(seed)
            failures = rng.poisson(lam=failures_per_year, size=n_years)
            cap = int(failures.max()) if n_years else 0
            draws = rng.random((n_years, max(cap, 1))) * (copy_interval_seconds / 60)
            mask = np.arange(max(cap, 1)) < failures[:, None]
            lost = (draws * mask).sum(axis=1)
            return pd.DataFrame({"failures": failures,
                                 "downtime_hours": failures * (rto_minutes / 60),
                                 "lost_minutes": lost})
    """)
    ],
}
