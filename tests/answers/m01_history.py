"""Wrong and alternative answers for 01-history."""

from textwrap import dedent

WRONG = {
    "parse-events-answer": [
        (
            "treats every date as a single day: end equals start whatever the precision",
            dedent("""
            def parse_events(events):
                out = events.copy()
                out["start"] = pd.to_datetime(out["date_str"], format="ISO8601")
                out["end"] = out["start"]
                return out
        """),
        ),
        (
            "approximates a month as 30 days and a year as 364 days",
            dedent("""
            def parse_events(events):
                parts = {"year": 1, "month": 2, "day": 3}
                starts, ends = [], []
                for date_str, precision in zip(events["date_str"], events["precision"]):
                    if precision not in parts or len(date_str.split("-")) != parts[precision]:
                        raise ValueError(date_str)
                    start = pd.Timestamp(date_str)
                    starts.append(start)
                    ends.append(start + pd.Timedelta(days={"year": 364, "month": 30, "day": 0}[precision]))
                out = events.copy()
                out["start"] = pd.DatetimeIndex(starts)
                out["end"] = pd.DatetimeIndex(ends)
                return out
        """),
        ),
        (
            "uses pd.to_datetime(errors='coerce'), which silently turns mixed-precision dates into NaT",
            dedent("""
            def parse_events(events):
                out = events.copy()
                out["start"] = pd.to_datetime(out["date_str"], errors="coerce")
                out["end"] = out["start"] + pd.offsets.MonthEnd(0)
                return out
        """),
        ),
        (
            "adds the columns to the caller's DataFrame instead of a copy",
            dedent("""
            def parse_events(events):
                parts = {"year": 1, "month": 2, "day": 3}
                starts, ends = [], []
                for date_str, precision in zip(events["date_str"], events["precision"]):
                    if precision not in parts or len(date_str.split("-")) != parts[precision]:
                        raise ValueError(date_str)
                    start = pd.Timestamp(date_str)
                    end = {"year": start + pd.offsets.YearEnd(0), "month": start + pd.offsets.MonthEnd(0),
                           "day": start}[precision]
                    starts.append(start)
                    ends.append(end)
                events["start"] = pd.DatetimeIndex(starts)
                events["end"] = pd.DatetimeIndex(ends)
                return events
        """),
        ),
        (
            "never checks that the date has the shape its precision announces",
            dedent("""
            def parse_events(events):
                starts, ends = [], []
                for date_str, precision in zip(events["date_str"], events["precision"]):
                    start = pd.Timestamp(date_str)
                    if precision == "year":
                        end = start + pd.offsets.YearEnd(0)
                    elif precision == "month":
                        end = start + pd.offsets.MonthEnd(0)
                    else:
                        end = start
                    starts.append(start)
                    ends.append(end)
                out = events.copy()
                out["start"] = pd.DatetimeIndex(starts)
                out["end"] = pd.DatetimeIndex(ends)
                return out
        """),
        ),
    ],
    "order-events-answer": [
        (
            "sorts by start only, so a vague date can come before a precise one on the same start",
            dedent("""
            def order_events(events):
                return events.sort_values("start", kind="stable").reset_index(drop=True)


            def compare_events(events, a, b):
                table = events.set_index("key")
                if a not in table.index or b not in table.index:
                    raise KeyError(a if a not in table.index else b)
                if table.loc[a, "end"] < table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "end"] < table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
        (
            "breaks ties by putting the longer interval first",
            dedent("""
            def order_events(events):
                return events.sort_values(["start", "end"], ascending=[True, False], kind="stable").reset_index(drop=True)


            def compare_events(events, a, b):
                table = events.set_index("key")
                if a not in table.index or b not in table.index:
                    raise KeyError(a if a not in table.index else b)
                if table.loc[a, "end"] < table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "end"] < table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
        (
            "keeps the old index instead of numbering the timeline 0..n-1",
            dedent("""
            def order_events(events):
                return events.sort_values(["start", "end"], kind="stable")


            def compare_events(events, a, b):
                table = events.set_index("key")
                if a not in table.index or b not in table.index:
                    raise KeyError(a if a not in table.index else b)
                if table.loc[a, "end"] < table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "end"] < table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
        (
            "sorts the caller's table in place",
            dedent("""
            def order_events(events):
                events.sort_values(["start", "end"], kind="stable", inplace=True)
                events.reset_index(drop=True, inplace=True)
                return events


            def compare_events(events, a, b):
                table = events.set_index("key")
                if a not in table.index or b not in table.index:
                    raise KeyError(a if a not in table.index else b)
                if table.loc[a, "end"] < table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "end"] < table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
        (
            "compare_events compares start dates only, so a vague date looks earlier",
            dedent("""
            def order_events(events):
                return events.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


            def compare_events(events, a, b):
                table = events.set_index("key")
                if table.loc[a, "start"] < table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "start"] < table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
        (
            "compare_events calls two events on the same day 'before' (<= instead of <)",
            dedent("""
            def order_events(events):
                return events.sort_values(["start", "end"], kind="stable").reset_index(drop=True)


            def compare_events(events, a, b):
                table = events.set_index("key")
                if a not in table.index or b not in table.index:
                    raise KeyError(a if a not in table.index else b)
                if table.loc[a, "end"] <= table.loc[b, "start"]:
                    return "before"
                if table.loc[b, "end"] <= table.loc[a, "start"]:
                    return "after"
                return "uncertain"
        """),
        ),
    ],
    "classify-tool-answer": [
        (
            "thinks Ansible needs an agent on every host",
            dedent("""
            def classify_tool(name):
                taxonomy = {
                    "cfengine": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "puppet": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "chef": {"model": "pull", "agent": True, "style": "mixed", "scope": "os-config"},
                    "ansible": {"model": "push", "agent": True, "style": "mixed", "scope": "os-config"},
                    "terraform": {"model": "push", "agent": False, "style": "declarative", "scope": "provisioning"},
                }
                return dict(taxonomy[name.strip().lower()])
        """),
        ),
        (
            "puts Terraform in the configuration-management box (scope os-config)",
            dedent("""
            def classify_tool(name):
                taxonomy = {
                    "cfengine": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "puppet": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "chef": {"model": "pull", "agent": True, "style": "mixed", "scope": "os-config"},
                    "ansible": {"model": "push", "agent": False, "style": "mixed", "scope": "os-config"},
                    "terraform": {"model": "push", "agent": False, "style": "declarative", "scope": "os-config"},
                }
                return dict(taxonomy[name.strip().lower()])
        """),
        ),
        (
            "calls Chef imperative, ignoring that its resources converge",
            dedent("""
            def classify_tool(name):
                taxonomy = {
                    "cfengine": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "puppet": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "chef": {"model": "pull", "agent": True, "style": "imperative", "scope": "os-config"},
                    "ansible": {"model": "push", "agent": False, "style": "mixed", "scope": "os-config"},
                    "terraform": {"model": "push", "agent": False, "style": "declarative", "scope": "provisioning"},
                }
                return dict(taxonomy[name.strip().lower()])
        """),
        ),
        (
            "looks names up exactly as typed, so ' ansible ' is unknown",
            dedent("""
            def classify_tool(name):
                taxonomy = {
                    "CFEngine": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "Puppet": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "Chef": {"model": "pull", "agent": True, "style": "mixed", "scope": "os-config"},
                    "Ansible": {"model": "push", "agent": False, "style": "mixed", "scope": "os-config"},
                    "Terraform": {"model": "push", "agent": False, "style": "declarative", "scope": "provisioning"},
                }
                return dict(taxonomy[name])
        """),
        ),
        (
            "returns None for an unknown tool instead of raising KeyError",
            dedent("""
            def classify_tool(name):
                taxonomy = {
                    "cfengine": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "puppet": {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"},
                    "chef": {"model": "pull", "agent": True, "style": "mixed", "scope": "os-config"},
                    "ansible": {"model": "push", "agent": False, "style": "mixed", "scope": "os-config"},
                    "terraform": {"model": "push", "agent": False, "style": "declarative", "scope": "provisioning"},
                }
                return taxonomy.get(name.strip().lower())
        """),
        ),
    ],
    "scale-answer": [
        (
            "rounds to the nearest person instead of up",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return round(hosts * minutes_per_host / (hours_per_week * 60 * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return math.ceil(fixed_hours_per_week * 60 / saving)
        """),
        ),
        (
            "ignores the cap on operational work",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return math.ceil(hosts * minutes_per_host / (hours_per_week * 60))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return math.ceil(fixed_hours_per_week * 60 / saving)
        """),
        ),
        (
            "forgets that a week has hours and the work is in minutes",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return math.ceil(hosts * minutes_per_host / (hours_per_week * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return math.ceil(fixed_hours_per_week / saving)
        """),
        ),
        (
            "accepts any ops_cap and negative inputs without complaint",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                return math.ceil(hosts * minutes_per_host / (hours_per_week * 60 * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return math.ceil(fixed_hours_per_week * 60 / saving)
        """),
        ),
        (
            "rounds the break-even fleet down, so automation has not yet paid off",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return math.ceil(hosts * minutes_per_host / (hours_per_week * 60 * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return int(fixed_hours_per_week * 60 // saving)
        """),
        ),
        (
            "demands strictly cheaper automation, one host too many at an exact break-even",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return math.ceil(hosts * minutes_per_host / (hours_per_week * 60 * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return None
                return int(fixed_hours_per_week * 60 // saving) + 1
        """),
        ),
        (
            "returns 0 instead of None when automation never pays off",
            dedent("""
            def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
                if hosts < 0 or minutes_per_host < 0 or hours_per_week <= 0 or not 0 < ops_cap <= 1:
                    raise ValueError("bad input")
                return math.ceil(hosts * minutes_per_host / (hours_per_week * 60 * ops_cap))


            def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
                saving = manual_minutes - automated_minutes
                if saving <= 0:
                    return 0
                return math.ceil(fixed_hours_per_week * 60 / saving)
        """),
        ),
    ],
    "causes-answer": [
        (
            "swaps the two DevOps answers: small deploys for the wall, ownership for release fear",
            dedent("""
            MATCHES = {"C1": "R6", "C2": "R3", "C3": "R8", "C4": "R4", "C5": "R9",
                       "C6": "R1", "C7": "R7", "C8": "R2", "C9": "R5"}
        """),
        ),
        (
            "answers the worm with network sensors and host-by-host patching with a coordination centre",
            dedent("""
            MATCHES = {"C1": "R8", "C2": "R3", "C3": "R6", "C4": "R1", "C5": "R9",
                       "C6": "R4", "C7": "R7", "C8": "R2", "C9": "R5"}
        """),
        ),
        (
            "takes SRE as the answer to release fear and DevOps tooling as the answer to linear headcount",
            dedent("""
            MATCHES = {"C1": "R6", "C2": "R3", "C3": "R8", "C4": "R9", "C5": "R1",
                       "C6": "R4", "C7": "R7", "C8": "R2", "C9": "R5"}
        """),
        ),
        (
            "confuses configuration management of hosts with provisioning of cloud resources",
            dedent("""
            MATCHES = {"C1": "R6", "C2": "R5", "C3": "R8", "C4": "R1", "C5": "R9",
                       "C6": "R4", "C7": "R7", "C8": "R2", "C9": "R3"}
        """),
        ),
    ],
    "anachronisms-answer": [
        (
            "flags a response from the same year as its cause",
            dedent("""
            def anachronisms(matches, cause_years, response_years):
                return sorted(c for c, r in matches.items() if response_years[r] <= cause_years[c])
        """),
        ),
        (
            "compares in the wrong direction (flags responses that come after their cause)",
            dedent("""
            def anachronisms(matches, cause_years, response_years):
                return sorted(c for c, r in matches.items() if response_years[r] > cause_years[c])
        """),
        ),
        (
            "returns the ids in the matching's order, not sorted",
            dedent("""
            def anachronisms(matches, cause_years, response_years):
                return [c for c, r in matches.items() if response_years[r] < cause_years[c]]
        """),
        ),
        (
            "returns the response ids instead of the cause ids",
            dedent("""
            def anachronisms(matches, cause_years, response_years):
                return sorted(r for c, r in matches.items() if response_years[r] < cause_years[c])
        """),
        ),
    ],
    "route-ticket-answer": [
        (
            "forgets the pager rule, so pager requests on shared platforms land on InfraSec",
            dedent("""
            def route_ticket(ticket):
                system = ticket["system"].strip().lower()
                ask = ticket["ask"].strip().lower()
                if system not in {"laptop", "office-saas", "service", "cloud-platform", "ci-cd", "observability"}:
                    raise ValueError(system)
                if ask not in {"fix", "access", "change", "review", "pager", "risk-decision"}:
                    raise ValueError(ask)
                if ask in {"review", "risk-decision"}:
                    return "infrasec"
                if system in {"laptop", "office-saas"}:
                    return "it"
                if system == "service":
                    return "owning-team"
                return "infrasec"
        """),
        ),
        (
            "applies the IT rule before reviews, so a laptop or SaaS review goes to IT",
            dedent("""
            def route_ticket(ticket):
                system = ticket["system"].strip().lower()
                ask = ticket["ask"].strip().lower()
                if system not in {"laptop", "office-saas", "service", "cloud-platform", "ci-cd", "observability"}:
                    raise ValueError(system)
                if ask not in {"fix", "access", "change", "review", "pager", "risk-decision"}:
                    raise ValueError(ask)
                if ask == "pager":
                    return "owning-team"
                if system in {"laptop", "office-saas"}:
                    return "it"
                if ask in {"review", "risk-decision"}:
                    return "infrasec"
                if system == "service":
                    return "owning-team"
                return "infrasec"
        """),
        ),
        (
            "sends every access request to IT, as if InfraSec were the IT group",
            dedent("""
            def route_ticket(ticket):
                system = ticket["system"].strip().lower()
                ask = ticket["ask"].strip().lower()
                if system not in {"laptop", "office-saas", "service", "cloud-platform", "ci-cd", "observability"}:
                    raise ValueError(system)
                if ask not in {"fix", "access", "change", "review", "pager", "risk-decision"}:
                    raise ValueError(ask)
                if ask == "pager":
                    return "owning-team"
                if ask in {"review", "risk-decision"}:
                    return "infrasec"
                if ask == "access" or system in {"laptop", "office-saas"}:
                    return "it"
                if system == "service":
                    return "owning-team"
                return "infrasec"
        """),
        ),
        (
            "compares the raw form values, so ' Service ' or 'PAGER' is rejected",
            dedent("""
            def route_ticket(ticket):
                system = ticket["system"]
                ask = ticket["ask"]
                if system not in {"laptop", "office-saas", "service", "cloud-platform", "ci-cd", "observability"}:
                    raise ValueError(system)
                if ask not in {"fix", "access", "change", "review", "pager", "risk-decision"}:
                    raise ValueError(ask)
                if ask == "pager":
                    return "owning-team"
                if ask in {"review", "risk-decision"}:
                    return "infrasec"
                if system in {"laptop", "office-saas"}:
                    return "it"
                if system == "service":
                    return "owning-team"
                return "infrasec"
        """),
        ),
        (
            "sends anything unrecognised to InfraSec instead of rejecting it",
            dedent("""
            def route_ticket(ticket):
                system = ticket["system"].strip().lower()
                ask = ticket["ask"].strip().lower()
                if ask == "pager":
                    return "owning-team"
                if ask in {"review", "risk-decision"}:
                    return "infrasec"
                if system in {"laptop", "office-saas"}:
                    return "it"
                if system == "service":
                    return "owning-team"
                return "infrasec"
        """),
        ),
    ],
}

ALTERNATIVE = {
    "parse-events-answer": [
        dedent("""
        import re

        def parse_events(events):
            freq = {"year": "Y", "month": "M", "day": "D"}
            shape = {"year": r"\\d{4}", "month": r"\\d{4}-\\d{2}", "day": r"\\d{4}-\\d{2}-\\d{2}"}
            starts, ends = [], []
            for date_str, precision in zip(events["date_str"], events["precision"]):
                if precision not in freq or not re.fullmatch(shape[precision], str(date_str)):
                    raise ValueError(f"{date_str!r} is not a {precision!r} date")
                period = pd.Period(date_str, freq=freq[precision])
                starts.append(period.start_time.normalize())
                ends.append(period.end_time.normalize())
            out = events.copy()
            out["start"] = pd.to_datetime(pd.Series(starts, index=events.index))
            out["end"] = pd.to_datetime(pd.Series(ends, index=events.index))
            return out
    """)
    ],
    "order-events-answer": [
        dedent("""
        def order_events(events):
            starts = list(events["start"])
            ends = list(events["end"])
            positions = sorted(range(len(events)), key=lambda i: (starts[i], ends[i]))
            result = events.iloc[positions].copy()
            result.index = range(len(result))
            return result


        def compare_events(events, a, b):
            rows = {row["key"]: (row["start"], row["end"]) for row in events.to_dict("records")}
            a_start, a_end = rows[a]
            b_start, b_end = rows[b]
            if a_end < b_start:
                return "before"
            if b_end < a_start:
                return "after"
            return "uncertain"
    """)
    ],
    "classify-tool-answer": [
        dedent("""
        def classify_tool(name):
            key = name.strip().lower()
            if key in ("cfengine", "puppet"):
                return {"model": "pull", "agent": True, "style": "declarative", "scope": "os-config"}
            if key == "chef":
                return {"model": "pull", "agent": True, "style": "mixed", "scope": "os-config"}
            if key == "ansible":
                return {"model": "push", "agent": False, "style": "mixed", "scope": "os-config"}
            if key == "terraform":
                return {"model": "push", "agent": False, "style": "declarative", "scope": "provisioning"}
            raise KeyError(name)
    """)
    ],
    "scale-answer": [
        dedent("""
        from fractions import Fraction

        def admins_needed(hosts, minutes_per_host, hours_per_week=40, ops_cap=1.0):
            if min(hosts, minutes_per_host) < 0:
                raise ValueError("negative input")
            if hours_per_week <= 0 or ops_cap <= 0 or ops_cap > 1:
                raise ValueError("hours_per_week must be positive and ops_cap in (0, 1]")
            work = Fraction(hosts) * Fraction(minutes_per_host)
            capacity = Fraction(hours_per_week) * 60 * Fraction(str(ops_cap))
            return int(-(-work // capacity))


        def break_even_hosts(manual_minutes, automated_minutes, fixed_hours_per_week):
            if automated_minutes >= manual_minutes:
                return None
            hosts = 0
            while hosts * automated_minutes + fixed_hours_per_week * 60 > hosts * manual_minutes:
                hosts += 1
            return hosts
    """)
    ],
    "causes-answer": [
        dedent("""
        causes = ["C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9"]
        responses = ["R6", "R3", "R8", "R1", "R9", "R4", "R7", "R2", "R5"]
        MATCHES = dict(zip(causes, responses))
    """)
    ],
    "anachronisms-answer": [
        dedent("""
        def anachronisms(matches, cause_years, response_years):
            found = []
            for cause, response in matches.items():
                if cause_years[cause] > response_years[response]:
                    found.append(cause)
            found.sort()
            return found
    """)
    ],
    "route-ticket-answer": [
        dedent("""
        SYSTEM_QUEUE = {"laptop": "it", "office-saas": "it", "service": "owning-team",
                        "cloud-platform": "infrasec", "ci-cd": "infrasec", "observability": "infrasec"}
        ASK_OVERRIDE = {"pager": "owning-team", "review": "infrasec", "risk-decision": "infrasec",
                        "fix": None, "access": None, "change": None}

        def route_ticket(ticket):
            system = " ".join(str(ticket["system"]).split()).lower()
            ask = " ".join(str(ticket["ask"]).split()).lower()
            if system not in SYSTEM_QUEUE or ask not in ASK_OVERRIDE:
                raise ValueError(f"cannot route system={ticket['system']!r} ask={ticket['ask']!r}")
            return ASK_OVERRIDE[ask] or SYSTEM_QUEUE[system]
    """)
    ],
}
