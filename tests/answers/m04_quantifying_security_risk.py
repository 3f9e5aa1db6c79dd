"""Wrong and alternative answers for 04-quantifying-security-risk.

Each string replaces a whole answer cell of
solutions/04-quantifying-security-risk/quantifying-security-risk-assignment.ipynb.
The setup cell has imported math, numpy as np, pandas as pd and scipy.stats as stats.
"""

from textwrap import dedent

WRONG = {
    "lognormal-answer": [
        (
            "treats the 90% interval as plus or minus one sigma",
            dedent("""
            def lognormal_from_90ci(low, high):
                if not 0 < low < high:
                    raise ValueError("need 0 < low < high")
                mu = (math.log(low) + math.log(high)) / 2
                sigma = (math.log(high) - math.log(low)) / 2
                return mu, sigma
        """),
        ),
        (
            "uses log10 instead of the natural log",
            dedent("""
            def lognormal_from_90ci(low, high):
                if not 0 < low < high:
                    raise ValueError("need 0 < low < high")
                mu = (math.log10(low) + math.log10(high)) / 2
                sigma = (math.log10(high) - math.log10(low)) / (2 * 1.6448536269514722)
                return mu, sigma
        """),
        ),
        (
            "uses 1.96, the z of a 95% interval, for a 90% interval",
            dedent("""
            def lognormal_from_90ci(low, high):
                if not 0 < low < high:
                    raise ValueError("need 0 < low < high")
                mu = (math.log(low) + math.log(high)) / 2
                sigma = (math.log(high) - math.log(low)) / (2 * 1.96)
                return mu, sigma
        """),
        ),
        (
            "fits a normal to the raw amounts instead of their logs",
            dedent("""
            def lognormal_from_90ci(low, high):
                if not 0 < low < high:
                    raise ValueError("need 0 < low < high")
                mu = (low + high) / 2
                sigma = (high - low) / (2 * 1.6448536269514722)
                return mu, sigma
        """),
        ),
        (
            "accepts an empty or reversed interval without complaint",
            dedent("""
            def lognormal_from_90ci(low, high):
                mu = (math.log(low) + math.log(high)) / 2
                sigma = (math.log(high) - math.log(low)) / (2 * stats.norm.ppf(0.95))
                return mu, sigma
        """),
        ),
    ],
    "poisson-answer": [
        (
            "treats the rate as the probability of one event (Bernoulli)",
            dedent("""
            def poisson_at_least(rate, k):
                if k <= 0:
                    return 1.0
                if k == 1:
                    return min(rate, 1.0)
                return 0.0
        """),
        ),
        (
            "returns the probability of exactly k events",
            dedent("""
            def poisson_at_least(rate, k):
                return math.exp(-rate) * rate**k / math.factorial(k)
        """),
        ),
        (
            "returns more than k instead of at least k",
            dedent("""
            def poisson_at_least(rate, k):
                below = sum(math.exp(-rate) * rate**i / math.factorial(i) for i in range(k + 1))
                return 1.0 - below
        """),
        ),
        (
            "uses 1 - e^-rate whatever k is",
            dedent("""
            def poisson_at_least(rate, k):
                if k <= 0:
                    return 1.0
                return 1.0 - math.exp(-rate)
        """),
        ),
    ],
    "ale-answer": [
        (
            "reports the median loss as the mean",
            dedent("""
            def annualized_loss(rate, low, high):
                mu, sigma = lognormal_from_90ci(low, high)
                return rate * math.exp(mu)
        """),
        ),
        (
            "uses the midpoint of the interval as the mean loss",
            dedent("""
            def annualized_loss(rate, low, high):
                return rate * (low + high) / 2
        """),
        ),
        (
            "multiplies by the chance of at least one event instead of the rate",
            dedent("""
            def annualized_loss(rate, low, high):
                mu, sigma = lognormal_from_90ci(low, high)
                return (1 - math.exp(-rate)) * math.exp(mu + sigma**2 / 2)
        """),
        ),
        (
            "forgets the half in the lognormal mean",
            dedent("""
            def annualized_loss(rate, low, high):
                mu, sigma = lognormal_from_90ci(low, high)
                return rate * math.exp(mu + sigma**2)
        """),
        ),
        (
            "treats the 90% interval as plus or minus one sigma",
            dedent("""
            def annualized_loss(rate, low, high):
                mu = (math.log(low) + math.log(high)) / 2
                sigma = (math.log(high) - math.log(low)) / 2
                return rate * math.exp(mu + sigma**2 / 2)
        """),
        ),
    ],
    "simulate-answer": [
        (
            "draws at most one event per year (Bernoulli instead of Poisson)",
            dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng(seed)
                totals = np.zeros(n_years)
                for row in scenarios.itertuples(index=False):
                    mu, sigma = lognormal_from_90ci(row.low, row.high)
                    happens = rng.random(n_years) < row.rate
                    totals += happens * rng.lognormal(mu, sigma, size=n_years)
                return totals
        """),
        ),
        (
            "treats the 90% interval as plus or minus one sigma",
            dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng(seed)
                totals = np.zeros(n_years)
                for row in scenarios.itertuples(index=False):
                    mu = (np.log(row.low) + np.log(row.high)) / 2
                    sigma = (np.log(row.high) - np.log(row.low)) / 2
                    counts = rng.poisson(row.rate, size=n_years)
                    amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                    totals += np.bincount(np.repeat(np.arange(n_years), counts), weights=amounts, minlength=n_years)
                return totals
        """),
        ),
        (
            "gives every event the median loss (no spread)",
            dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng(seed)
                totals = np.zeros(n_years)
                for row in scenarios.itertuples(index=False):
                    mu, sigma = lognormal_from_90ci(row.low, row.high)
                    counts = rng.poisson(row.rate, size=n_years)
                    totals += counts * math.exp(mu)
                return totals
        """),
        ),
        (
            "ignores the seed (unseeded generator)",
            dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng()
                totals = np.zeros(n_years)
                for row in scenarios.itertuples(index=False):
                    mu, sigma = lognormal_from_90ci(row.low, row.high)
                    counts = rng.poisson(row.rate, size=n_years)
                    amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                    totals += np.bincount(np.repeat(np.arange(n_years), counts), weights=amounts, minlength=n_years)
                return totals
        """),
        ),
        (
            "draws one loss per year and multiplies it by the number of events",
            dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng(seed)
                totals = np.zeros(n_years)
                for row in scenarios.itertuples(index=False):
                    mu, sigma = lognormal_from_90ci(row.low, row.high)
                    counts = rng.poisson(row.rate, size=n_years)
                    totals += counts * rng.lognormal(mu, sigma, size=n_years)
                return totals
        """),
        ),
    ],
    "lec-answer": [
        (
            "counts years at or above t (>= instead of >)",
            dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                return np.array([np.mean(losses >= t) for t in thresholds])


            def tolerance_breaches(annual_losses, tolerance):
                table = tolerance.sort_values("loss")
                probs = exceedance_probability(annual_losses, table["loss"].to_numpy())
                return [float(x) for x in table["loss"].to_numpy()[probs > table["max_probability"].to_numpy()]]
        """),
        ),
        (
            "returns the CDF P(loss <= t) instead of the exceedance",
            dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                return np.array([np.mean(losses <= t) for t in thresholds])


            def tolerance_breaches(annual_losses, tolerance):
                table = tolerance.sort_values("loss")
                probs = exceedance_probability(annual_losses, table["loss"].to_numpy())
                return [float(x) for x in table["loss"].to_numpy()[probs > table["max_probability"].to_numpy()]]
        """),
        ),
        (
            "divides by loss years only, dropping the years without loss",
            dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                losses = losses[losses > 0]
                return np.array([np.mean(losses > t) for t in thresholds])


            def tolerance_breaches(annual_losses, tolerance):
                table = tolerance.sort_values("loss")
                probs = exceedance_probability(annual_losses, table["loss"].to_numpy())
                return [float(x) for x in table["loss"].to_numpy()[probs > table["max_probability"].to_numpy()]]
        """),
        ),
        (
            "counts a probability equal to the limit as a breach",
            dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                return np.array([np.mean(losses > t) for t in thresholds])


            def tolerance_breaches(annual_losses, tolerance):
                table = tolerance.sort_values("loss")
                probs = exceedance_probability(annual_losses, table["loss"].to_numpy())
                return [float(x) for x in table["loss"].to_numpy()[probs >= table["max_probability"].to_numpy()]]
        """),
        ),
        (
            "returns the losses that are within tolerance",
            dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                return np.array([np.mean(losses > t) for t in thresholds])


            def tolerance_breaches(annual_losses, tolerance):
                table = tolerance.sort_values("loss")
                probs = exceedance_probability(annual_losses, table["loss"].to_numpy())
                return [float(x) for x in table["loss"].to_numpy()[probs <= table["max_probability"].to_numpy()]]
        """),
        ),
    ],
    "control-answer": [
        (
            "sign error: net benefit is cost minus risk reduction",
            dedent("""
            def control_value(before, after, annual_cost):
                before = np.asarray(before, dtype=float)
                after = np.asarray(after, dtype=float)
                if len(before) != len(after) or annual_cost <= 0:
                    raise ValueError("bad input")
                reduction = before.mean() - after.mean()
                net = annual_cost - reduction
                return {"ale_before": before.mean(), "ale_after": after.mean(), "risk_reduction": reduction,
                        "net_benefit": net, "rosi": net / annual_cost,
                        "p_pays_off": float(np.mean(before - after >= annual_cost))}


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)
                counts = rng.poisson(rate, size=n_years)
                amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                kept = rng.random(int(counts.sum())) < residual
                year = np.repeat(np.arange(n_years), counts)
                return {"before": np.bincount(year, weights=amounts, minlength=n_years),
                        "after": np.bincount(year, weights=amounts * kept, minlength=n_years)}
        """),
        ),
        (
            "ROSI as risk reduction over cost, without taking the cost off",
            dedent("""
            def control_value(before, after, annual_cost):
                before = np.asarray(before, dtype=float)
                after = np.asarray(after, dtype=float)
                if len(before) != len(after) or annual_cost <= 0:
                    raise ValueError("bad input")
                reduction = before.mean() - after.mean()
                return {"ale_before": before.mean(), "ale_after": after.mean(), "risk_reduction": reduction,
                        "net_benefit": reduction - annual_cost, "rosi": reduction / annual_cost,
                        "p_pays_off": float(np.mean(before - after >= annual_cost))}


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)
                counts = rng.poisson(rate, size=n_years)
                amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                kept = rng.random(int(counts.sum())) < residual
                year = np.repeat(np.arange(n_years), counts)
                return {"before": np.bincount(year, weights=amounts, minlength=n_years),
                        "after": np.bincount(year, weights=amounts * kept, minlength=n_years)}
        """),
        ),
        (
            "judges payoff from the averages only (single-point ALE)",
            dedent("""
            def control_value(before, after, annual_cost):
                before = np.asarray(before, dtype=float)
                after = np.asarray(after, dtype=float)
                if len(before) != len(after) or annual_cost <= 0:
                    raise ValueError("bad input")
                reduction = before.mean() - after.mean()
                net = reduction - annual_cost
                return {"ale_before": before.mean(), "ale_after": after.mean(), "risk_reduction": reduction,
                        "net_benefit": net, "rosi": net / annual_cost,
                        "p_pays_off": 1.0 if net >= 0 else 0.0}


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)
                counts = rng.poisson(rate, size=n_years)
                amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                kept = rng.random(int(counts.sum())) < residual
                year = np.repeat(np.arange(n_years), counts)
                return {"before": np.bincount(year, weights=amounts, minlength=n_years),
                        "after": np.bincount(year, weights=amounts * kept, minlength=n_years)}
        """),
        ),
        (
            "simulates the years with the control independently of the years without",
            dedent("""
            def control_value(before, after, annual_cost):
                before = np.asarray(before, dtype=float)
                after = np.asarray(after, dtype=float)
                if len(before) != len(after) or annual_cost <= 0:
                    raise ValueError("bad input")
                reduction = before.mean() - after.mean()
                net = reduction - annual_cost
                return {"ale_before": before.mean(), "ale_after": after.mean(), "risk_reduction": reduction,
                        "net_benefit": net, "rosi": net / annual_cost,
                        "p_pays_off": float(np.mean(before - after >= annual_cost))}


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)

                def years(r):
                    counts = rng.poisson(r, size=n_years)
                    amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                    return np.bincount(np.repeat(np.arange(n_years), counts), weights=amounts, minlength=n_years)

                return {"before": years(rate), "after": years(rate * residual)}
        """),
        ),
        (
            "scales every loss by the residual instead of dropping blocked events",
            dedent("""
            def control_value(before, after, annual_cost):
                before = np.asarray(before, dtype=float)
                after = np.asarray(after, dtype=float)
                if len(before) != len(after) or annual_cost <= 0:
                    raise ValueError("bad input")
                reduction = before.mean() - after.mean()
                net = reduction - annual_cost
                return {"ale_before": before.mean(), "ale_after": after.mean(), "risk_reduction": reduction,
                        "net_benefit": net, "rosi": net / annual_cost,
                        "p_pays_off": float(np.mean(before - after >= annual_cost))}


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)
                counts = rng.poisson(rate, size=n_years)
                amounts = rng.lognormal(mu, sigma, size=int(counts.sum()))
                before = np.bincount(np.repeat(np.arange(n_years), counts), weights=amounts, minlength=n_years)
                return {"before": before, "after": before * residual}
        """),
        ),
    ],
    "auth-answer": [
        (
            "multiplies the block rates of all classes into one rate",
            dedent("""
            def expected_compromises(attempts, success, block):
                overall_block = float(np.prod([block[c] for c in attempts]))
                return {c: attempts[c] * success[c] * (1 - overall_block) for c in attempts}


            def compare_auth_methods(attempts, success, methods):
                baseline = sum(attempts[c] * success[c] for c in attempts)
                table = pd.DataFrame({m: expected_compromises(attempts, success, b) for m, b in methods.items()}).T
                table = table[list(attempts)]
                table["total"] = table.sum(axis=1)
                table["risk_reduction"] = 1 - table["total"] / baseline
                return table
        """),
        ),
        (
            "applies one average block rate to every class",
            dedent("""
            def expected_compromises(attempts, success, block):
                average = sum(block[c] for c in attempts) / len(attempts)
                return {c: attempts[c] * success[c] * (1 - average) for c in attempts}


            def compare_auth_methods(attempts, success, methods):
                baseline = sum(attempts[c] * success[c] for c in attempts)
                table = pd.DataFrame({m: expected_compromises(attempts, success, b) for m, b in methods.items()}).T
                table = table[list(attempts)]
                table["total"] = table.sum(axis=1)
                table["risk_reduction"] = 1 - table["total"] / baseline
                return table
        """),
        ),
        (
            "ignores how many attempts each class makes",
            dedent("""
            def expected_compromises(attempts, success, block):
                return {c: success[c] * (1 - block[c]) for c in attempts}


            def compare_auth_methods(attempts, success, methods):
                baseline = sum(success[c] for c in attempts)
                table = pd.DataFrame({m: expected_compromises(attempts, success, b) for m, b in methods.items()}).T
                table = table[list(attempts)]
                table["total"] = table.sum(axis=1)
                table["risk_reduction"] = 1 - table["total"] / baseline
                return table
        """),
        ),
        (
            "uses the block rate as the share that gets through",
            dedent("""
            def expected_compromises(attempts, success, block):
                return {c: attempts[c] * success[c] * block[c] for c in attempts}


            def compare_auth_methods(attempts, success, methods):
                baseline = sum(attempts[c] * success[c] for c in attempts)
                table = pd.DataFrame({m: expected_compromises(attempts, success, b) for m, b in methods.items()}).T
                table = table[list(attempts)]
                table["total"] = table.sum(axis=1)
                table["risk_reduction"] = 1 - table["total"] / baseline
                return table
        """),
        ),
        (
            "reports the unweighted mean block rate as the risk reduction",
            dedent("""
            def expected_compromises(attempts, success, block):
                return {c: attempts[c] * success[c] * (1 - block[c]) for c in attempts}


            def compare_auth_methods(attempts, success, methods):
                table = pd.DataFrame({m: expected_compromises(attempts, success, b) for m, b in methods.items()}).T
                table = table[list(attempts)]
                table["total"] = table.sum(axis=1)
                table["risk_reduction"] = [sum(b[c] for c in attempts) / len(attempts) for b in methods.values()]
                return table
        """),
        ),
    ],
}

ALTERNATIVE = {
    "lognormal-answer": [
        dedent("""
            from statistics import NormalDist


            def lognormal_from_90ci(low, high):
                if low <= 0 or high <= low:
                    raise ValueError("the interval must satisfy 0 < low < high")
                z = NormalDist().inv_cdf(0.95)
                log_low, log_high = np.log([low, high])
                return (log_low + log_high) / 2, (log_high - log_low) / (2 * z)
        """),
        dedent('''
            def lognormal_from_90ci(low, high):
                """Rounded z of 1.645, as many textbooks print it."""
                if not (low > 0 and high > low):
                    raise ValueError("bad interval")
                return math.log(math.sqrt(low * high)), math.log(high / low) / 3.29
        '''),
    ],
    "poisson-answer": [
        dedent("""
            def poisson_at_least(rate, k):
                return float(stats.poisson.sf(k - 1, rate))
        """),
        dedent("""
            def poisson_at_least(rate, k):
                term = math.exp(-rate)  # P(N = 0)
                cdf = 0.0
                for i in range(k):
                    cdf += term
                    term *= rate / (i + 1)
                return 1.0 - cdf
        """),
    ],
    "ale-answer": [
        dedent("""
            def annualized_loss(rate, low, high):
                mu, sigma = lognormal_from_90ci(low, high)
                return rate * stats.lognorm(sigma, scale=np.exp(mu)).mean()
        """),
    ],
    "simulate-answer": [
        dedent("""
            def simulate_annual_losses(scenarios, n_years, seed):
                rng = np.random.default_rng(seed)
                fits = [lognormal_from_90ci(lo, hi) for lo, hi in zip(scenarios["low"], scenarios["high"])]
                mus = np.array([m for m, _ in fits], dtype=float)
                sigmas = np.array([s for _, s in fits], dtype=float)
                counts = rng.poisson(scenarios["rate"].to_numpy(dtype=float), size=(n_years, len(scenarios)))
                year_idx, scen_idx = np.nonzero(counts)
                reps = counts[year_idx, scen_idx]
                year_of_event = np.repeat(year_idx, reps)
                scen_of_event = np.repeat(scen_idx, reps)
                z = rng.standard_normal(len(year_of_event))
                losses = np.exp(mus[scen_of_event] + sigmas[scen_of_event] * z)
                totals = np.zeros(n_years)
                np.add.at(totals, year_of_event, losses)
                return totals
        """),
    ],
    "lec-answer": [
        dedent("""
            def exceedance_probability(annual_losses, thresholds):
                losses = np.asarray(annual_losses, dtype=float)
                t = np.asarray(thresholds, dtype=float)
                return (losses[None, :] > t[:, None]).mean(axis=1)


            def tolerance_breaches(annual_losses, tolerance):
                out = []
                for loss, limit in zip(tolerance["loss"], tolerance["max_probability"]):
                    if exceedance_probability(annual_losses, [loss])[0] > limit:
                        out.append(float(loss))
                return sorted(out)
        """),
    ],
    "control-answer": [
        dedent('''
            def control_value(before, after, annual_cost):
                b = np.asarray(before, dtype=float)
                a = np.asarray(after, dtype=float)
                if len(b) != len(a):
                    raise ValueError("before and after differ in length")
                if not annual_cost > 0:
                    raise ValueError("annual_cost must be positive")
                avoided = b - a
                saved = avoided.mean()
                return dict(
                    ale_before=b.mean(),
                    ale_after=a.mean(),
                    risk_reduction=saved,
                    net_benefit=saved - annual_cost,
                    rosi=(saved - annual_cost) / annual_cost,
                    p_pays_off=(avoided >= annual_cost).mean(),
                )


            def simulate_with_control(rate, low, high, residual, n_years, seed):
                """Binomial thinning: keep the first k of each year's events, k ~ Binomial(count, residual)."""
                rng = np.random.default_rng(seed)
                mu, sigma = lognormal_from_90ci(low, high)
                counts = rng.poisson(rate, size=n_years)
                kept = rng.binomial(counts, residual)
                n_events = int(counts.sum())
                losses = rng.lognormal(mu, sigma, size=n_events)
                year = np.repeat(np.arange(n_years), counts)
                starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
                position = np.arange(n_events) - np.repeat(starts, counts)
                through = position < np.repeat(kept, counts)
                before = np.bincount(year, weights=losses, minlength=n_years)
                after = np.bincount(year, weights=np.where(through, losses, 0.0), minlength=n_years)
                return {"before": before, "after": after}
        '''),
    ],
    "auth-answer": [
        dedent("""
            def expected_compromises(attempts, success, block):
                out = {}
                for attack, n in attempts.items():
                    out[attack] = n * success[attack] - n * success[attack] * block[attack]
                return out


            def compare_auth_methods(attempts, success, methods):
                classes = list(attempts)
                baseline = sum(attempts[c] * success[c] for c in classes)
                records = []
                for name, block in methods.items():
                    per_class = expected_compromises(attempts, success, block)
                    total = sum(per_class.values())
                    records.append([per_class[c] for c in classes] + [total, 1 - total / baseline])
                return pd.DataFrame(records, index=list(methods), columns=classes + ["total", "risk_reduction"])
        """),
    ],
}
