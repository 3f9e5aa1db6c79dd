"""Wrong and alternative answers for 07-threat-modelling-and-least-privilege."""

from textwrap import dedent

WRONG = {
    "crossings-answer": [
        (
            "compares only the direct boundary of each end and lists both",
            dedent("""
            def boundaries_crossed(dfd):
                zone = {e["id"]: e.get("boundary") for e in dfd["elements"]}
                result = {}
                for flow in dfd["flows"]:
                    a, b = zone[flow["source"]], zone[flow["target"]]
                    if a != b:
                        result[flow["id"]] = sorted(x for x in (a, b) if x is not None)
                return result
        """),
        ),
        (
            "ignores nesting: only the innermost boundaries count",
            dedent("""
            def boundaries_crossed(dfd):
                zone = {e["id"]: e.get("boundary") for e in dfd["elements"]}
                result = {}
                for flow in dfd["flows"]:
                    crossed = {zone[flow["source"]], zone[flow["target"]]} - {None}
                    if zone[flow["source"]] != zone[flow["target"]]:
                        result[flow["id"]] = sorted(crossed)
                return result
        """),
        ),
        (
            "uses the union of enclosing boundaries instead of the symmetric difference",
            dedent("""
            def boundaries_crossed(dfd):
                parent = {b["id"]: b.get("parent") for b in dfd["boundaries"]}
                zone = {e["id"]: e.get("boundary") for e in dfd["elements"]}
                def chain(x):
                    out, b = set(), zone[x]
                    while b is not None:
                        out.add(b)
                        b = parent[b]
                    return out
                result = {}
                for flow in dfd["flows"]:
                    a, b = chain(flow["source"]), chain(flow["target"])
                    if a != b:
                        result[flow["id"]] = sorted(a | b)
                return result
        """),
        ),
        (
            "keeps flows that cross nothing, with an empty list",
            dedent("""
            def boundaries_crossed(dfd):
                parent = {b["id"]: b.get("parent") for b in dfd["boundaries"]}
                zone = {e["id"]: e.get("boundary") for e in dfd["elements"]}
                def chain(x):
                    out, b = set(), zone[x]
                    while b is not None:
                        out.add(b)
                        b = parent[b]
                    return out
                return {f["id"]: sorted(chain(f["source"]) ^ chain(f["target"])) for f in dfd["flows"]}
        """),
        ),
    ],
    "stride-answer": [
        (
            "applies all six categories to every element",
            dedent("""
            def stride_candidates(dfd):
                crossing = boundaries_crossed(dfd)
                out = {}
                for f in dfd["flows"]:
                    if f["id"] in crossing:
                        for x in (f["id"], f["source"], f["target"]):
                            out[x] = "STRIDE"
                return out
        """),
        ),
        (
            "includes every element and flow, not only those touching a crossing flow",
            dedent("""
            def stride_candidates(dfd):
                out = {}
                for e in dfd["elements"]:
                    letters = STRIDE_PER_ELEMENT[e["kind"]]
                    if e["kind"] == "store" and e.get("holds_audit_log"):
                        letters = "TRID"
                    out[e["id"]] = letters
                for f in dfd["flows"]:
                    out[f["id"]] = "TID"
                return out
        """),
        ),
        (
            "forgets the extra R for stores that hold audit logs",
            dedent("""
            def stride_candidates(dfd):
                crossing = boundaries_crossed(dfd)
                kinds = {e["id"]: e["kind"] for e in dfd["elements"]}
                out = {}
                for f in dfd["flows"]:
                    if f["id"] in crossing:
                        out[f["id"]] = "TID"
                        for x in (f["source"], f["target"]):
                            out[x] = STRIDE_PER_ELEMENT[kinds[x]]
                return out
        """),
        ),
        (
            "appends R to an audit store's letters instead of keeping STRIDE order",
            dedent("""
            def stride_candidates(dfd):
                crossing = boundaries_crossed(dfd)
                elements = {e["id"]: e for e in dfd["elements"]}
                out = {}
                for f in dfd["flows"]:
                    if f["id"] in crossing:
                        out[f["id"]] = "TID"
                        for x in (f["source"], f["target"]):
                            e = elements[x]
                            letters = STRIDE_PER_ELEMENT[e["kind"]]
                            if e.get("holds_audit_log"):
                                letters += "R"
                            out[x] = letters
                return out
        """),
        ),
    ],
    "rank-answer": [
        (
            "ignores the controls already in the design",
            dedent("""
            def rank_threats(dfd, candidates):
                elements = {e["id"]: e for e in dfd["elements"]}
                flows = {f["id"]: f for f in dfd["flows"]}
                external = {e["id"] for e in dfd["elements"] if e.get("boundary") is None}
                def touching(i):
                    return [flows[i]] if i in flows else [f for f in dfd["flows"] if i in (f["source"], f["target"])]
                def impact(i):
                    item = flows.get(i) or elements[i]
                    if "classification" in item:
                        return CLASSIFICATION_LEVELS[item["classification"]]
                    return max(CLASSIFICATION_LEVELS[f["classification"]] for f in touching(i))
                def exp(i):
                    return 3 if any(f["source"] in external for f in touching(i)) else 2
                rows = [[i, l, impact(i) * exp(i) * 3] for i, ls in candidates.items() for l in ls]
                rows.sort(key=lambda r: (-r[2], r[0], "STRIDE".index(r[1])))
                return rows
        """),
        ),
        (
            "breaks ties alphabetically by letter instead of STRIDE order",
            dedent("""
            def rank_threats(dfd, candidates):
                elements = {e["id"]: e for e in dfd["elements"]}
                flows = {f["id"]: f for f in dfd["flows"]}
                external = {e["id"] for e in dfd["elements"] if e.get("boundary") is None}
                def touching(i):
                    return [flows[i]] if i in flows else [f for f in dfd["flows"] if i in (f["source"], f["target"])]
                def impact(i):
                    item = flows.get(i) or elements[i]
                    if "classification" in item:
                        return CLASSIFICATION_LEVELS[item["classification"]]
                    return max(CLASSIFICATION_LEVELS[f["classification"]] for f in touching(i))
                def exp(i):
                    return 3 if any(f["source"] in external for f in touching(i)) else 2
                def gap(i, l):
                    item = flows.get(i) or elements[i]
                    return 1 if any(l in CONTROL_MITIGATES.get(c, "") for c in item.get("controls", [])) else 3
                rows = [[i, l, impact(i) * exp(i) * gap(i, l)] for i, ls in candidates.items() for l in ls]
                rows.sort(key=lambda r: (-r[2], r[0], r[1]))
                return rows
        """),
        ),
        (
            "counts any boundary crossing as internet exposure",
            dedent("""
            def rank_threats(dfd, candidates):
                elements = {e["id"]: e for e in dfd["elements"]}
                flows = {f["id"]: f for f in dfd["flows"]}
                crossing = boundaries_crossed(dfd)
                def touching(i):
                    return [flows[i]] if i in flows else [f for f in dfd["flows"] if i in (f["source"], f["target"])]
                def impact(i):
                    item = flows.get(i) or elements[i]
                    if "classification" in item:
                        return CLASSIFICATION_LEVELS[item["classification"]]
                    return max(CLASSIFICATION_LEVELS[f["classification"]] for f in touching(i))
                def exp(i):
                    return 3 if any(f["id"] in crossing for f in touching(i)) else 2
                def gap(i, l):
                    item = flows.get(i) or elements[i]
                    return 1 if any(l in CONTROL_MITIGATES.get(c, "") for c in item.get("controls", [])) else 3
                rows = [[i, l, impact(i) * exp(i) * gap(i, l)] for i, ls in candidates.items() for l in ls]
                rows.sort(key=lambda r: (-r[2], r[0], "STRIDE".index(r[1])))
                return rows
        """),
        ),
        (
            "sorts lowest score first",
            dedent("""
            def rank_threats(dfd, candidates):
                elements = {e["id"]: e for e in dfd["elements"]}
                flows = {f["id"]: f for f in dfd["flows"]}
                external = {e["id"] for e in dfd["elements"] if e.get("boundary") is None}
                def touching(i):
                    return [flows[i]] if i in flows else [f for f in dfd["flows"] if i in (f["source"], f["target"])]
                def impact(i):
                    item = flows.get(i) or elements[i]
                    if "classification" in item:
                        return CLASSIFICATION_LEVELS[item["classification"]]
                    return max(CLASSIFICATION_LEVELS[f["classification"]] for f in touching(i))
                def exp(i):
                    return 3 if any(f["source"] in external for f in touching(i)) else 2
                def gap(i, l):
                    item = flows.get(i) or elements[i]
                    return 1 if any(l in CONTROL_MITIGATES.get(c, "") for c in item.get("controls", [])) else 3
                rows = [[i, l, impact(i) * exp(i) * gap(i, l)] for i, ls in candidates.items() for l in ls]
                rows.sort(key=lambda r: (r[2], r[0], "STRIDE".index(r[1])))
                return rows
        """),
        ),
    ],
    "wildcard-answer": [
        (
            "uses fnmatch.fnmatch",
            dedent("""
            import fnmatch

            def wildcard_match(pattern, value, ignore_case):
                if ignore_case:
                    pattern, value = pattern.lower(), value.lower()
                return fnmatch.fnmatch(value, pattern)
        """),
        ),
        (
            "builds a regex without escaping the other characters",
            dedent("""
            import re

            def wildcard_match(pattern, value, ignore_case):
                regex = pattern.replace("*", ".*").replace("?", ".")
                try:
                    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None
                except re.error:
                    return pattern == value
        """),
        ),
        (
            "anchors only the start of the string (re.match)",
            dedent("""
            import re

            def wildcard_match(pattern, value, ignore_case):
                regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
                return re.match(regex, value, re.IGNORECASE if ignore_case else 0) is not None
        """),
        ),
        (
            "always folds case, so resources match case-insensitively",
            dedent("""
            import re

            def wildcard_match(pattern, value, ignore_case):
                regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
                return re.fullmatch(regex, value, re.IGNORECASE | re.DOTALL) is not None
        """),
        ),
    ],
    "evaluate-answer": [
        (
            "first matching statement wins",
            dedent("""
            import ipaddress

            def evaluate(request, policies, boundary=None):
                def L(x):
                    return x if isinstance(x, list) else [x]
                ctx = {k.lower(): v for k, v in request.get("context", {}).items()}
                def holds(op, key, vals):
                    ifx = op.endswith("IfExists")
                    base = op[:-8] if ifx else op
                    neg = base in ("StringNotEquals", "StringNotLike", "NotIpAddress")
                    v = ctx.get(key.lower())
                    if v is None:
                        return ifx or neg
                    def m(e):
                        if base in ("StringEquals", "StringNotEquals"):
                            return v == e
                        if base in ("StringLike", "StringNotLike"):
                            return wildcard_match(e, v, False)
                        if base == "Bool":
                            return v.lower() == str(e).lower()
                        if base in ("IpAddress", "NotIpAddress"):
                            return ipaddress.ip_address(v) in ipaddress.ip_network(e, strict=False)
                        return float(v) < float(e)
                    hit = any(m(e) for e in L(vals))
                    return not hit if neg else hit
                def applies(st):
                    a = any(wildcard_match(p, request["action"], True) for p in L(st.get("Action", st.get("NotAction"))))
                    a = a if "Action" in st else not a
                    r = any(wildcard_match(p, request["resource"], False) for p in L(st.get("Resource", st.get("NotResource"))))
                    r = r if "Resource" in st else not r
                    return a and r and all(holds(op, k, v) for op, kv in st.get("Condition", {}).items() for k, v in kv.items())
                def decide(pols):
                    for p in pols:
                        for st in L(p.get("Statement", [])):
                            if applies(st):
                                return "ExplicitDeny" if st["Effect"] == "Deny" else "Allow"
                    return "ImplicitDeny"
                res = decide(policies)
                if boundary is None:
                    return res
                lim = decide([boundary])
                if "ExplicitDeny" in (res, lim):
                    return "ExplicitDeny"
                return "Allow" if res == lim == "Allow" else "ImplicitDeny"
        """),
        ),
        (
            "treats a missing key as false for every operator, negated ones included",
            dedent("""
            import ipaddress

            def evaluate(request, policies, boundary=None):
                def L(x):
                    return x if isinstance(x, list) else [x]
                ctx = {k.lower(): v for k, v in request.get("context", {}).items()}
                def holds(op, key, vals):
                    ifx = op.endswith("IfExists")
                    base = op[:-8] if ifx else op
                    neg = base in ("StringNotEquals", "StringNotLike", "NotIpAddress")
                    v = ctx.get(key.lower())
                    if v is None:
                        return ifx
                    def m(e):
                        if base in ("StringEquals", "StringNotEquals"):
                            return v == e
                        if base in ("StringLike", "StringNotLike"):
                            return wildcard_match(e, v, False)
                        if base == "Bool":
                            return v.lower() == str(e).lower()
                        if base in ("IpAddress", "NotIpAddress"):
                            return ipaddress.ip_address(v) in ipaddress.ip_network(e, strict=False)
                        return float(v) < float(e)
                    hit = any(m(e) for e in L(vals))
                    return not hit if neg else hit
                def applies(st):
                    a = any(wildcard_match(p, request["action"], True) for p in L(st.get("Action", st.get("NotAction"))))
                    a = a if "Action" in st else not a
                    r = any(wildcard_match(p, request["resource"], False) for p in L(st.get("Resource", st.get("NotResource"))))
                    r = r if "Resource" in st else not r
                    return a and r and all(holds(op, k, v) for op, kv in st.get("Condition", {}).items() for k, v in kv.items())
                def decide(pols):
                    eff = {st["Effect"] for p in pols for st in L(p.get("Statement", [])) if applies(st)}
                    return "ExplicitDeny" if "Deny" in eff else "Allow" if "Allow" in eff else "ImplicitDeny"
                res = decide(policies)
                if boundary is None:
                    return res
                lim = decide([boundary])
                if "ExplicitDeny" in (res, lim):
                    return "ExplicitDeny"
                return "Allow" if res == lim == "Allow" else "ImplicitDeny"
        """),
        ),
        (
            "treats NotAction like Action",
            dedent("""
            import ipaddress

            def evaluate(request, policies, boundary=None):
                def L(x):
                    return x if isinstance(x, list) else [x]
                ctx = {k.lower(): v for k, v in request.get("context", {}).items()}
                def holds(op, key, vals):
                    ifx = op.endswith("IfExists")
                    base = op[:-8] if ifx else op
                    neg = base in ("StringNotEquals", "StringNotLike", "NotIpAddress")
                    v = ctx.get(key.lower())
                    if v is None:
                        return ifx or neg
                    def m(e):
                        if base in ("StringEquals", "StringNotEquals"):
                            return v == e
                        if base in ("StringLike", "StringNotLike"):
                            return wildcard_match(e, v, False)
                        if base == "Bool":
                            return v.lower() == str(e).lower()
                        if base in ("IpAddress", "NotIpAddress"):
                            return ipaddress.ip_address(v) in ipaddress.ip_network(e, strict=False)
                        return float(v) < float(e)
                    hit = any(m(e) for e in L(vals))
                    return not hit if neg else hit
                def applies(st):
                    a = any(wildcard_match(p, request["action"], True) for p in L(st.get("Action", st.get("NotAction"))))
                    r = any(wildcard_match(p, request["resource"], False) for p in L(st.get("Resource", st.get("NotResource"))))
                    r = r if "Resource" in st else not r
                    return a and r and all(holds(op, k, v) for op, kv in st.get("Condition", {}).items() for k, v in kv.items())
                def decide(pols):
                    eff = {st["Effect"] for p in pols for st in L(p.get("Statement", [])) if applies(st)}
                    return "ExplicitDeny" if "Deny" in eff else "Allow" if "Allow" in eff else "ImplicitDeny"
                res = decide(policies)
                if boundary is None:
                    return res
                lim = decide([boundary])
                if "ExplicitDeny" in (res, lim):
                    return "ExplicitDeny"
                return "Allow" if res == lim == "Allow" else "ImplicitDeny"
        """),
        ),
        (
            "ignores IfExists and matches condition key names case-sensitively",
            dedent("""
            import ipaddress

            def evaluate(request, policies, boundary=None):
                def L(x):
                    return x if isinstance(x, list) else [x]
                ctx = request.get("context", {})
                def holds(op, key, vals):
                    base = op.replace("IfExists", "")
                    neg = base in ("StringNotEquals", "StringNotLike", "NotIpAddress")
                    v = ctx.get(key)
                    if v is None:
                        return neg
                    def m(e):
                        if base in ("StringEquals", "StringNotEquals"):
                            return v == e
                        if base in ("StringLike", "StringNotLike"):
                            return wildcard_match(e, v, False)
                        if base == "Bool":
                            return v.lower() == str(e).lower()
                        if base in ("IpAddress", "NotIpAddress"):
                            return ipaddress.ip_address(v) in ipaddress.ip_network(e, strict=False)
                        return float(v) < float(e)
                    hit = any(m(e) for e in L(vals))
                    return not hit if neg else hit
                def applies(st):
                    a = any(wildcard_match(p, request["action"], True) for p in L(st.get("Action", st.get("NotAction"))))
                    a = a if "Action" in st else not a
                    r = any(wildcard_match(p, request["resource"], False) for p in L(st.get("Resource", st.get("NotResource"))))
                    r = r if "Resource" in st else not r
                    return a and r and all(holds(op, k, v) for op, kv in st.get("Condition", {}).items() for k, v in kv.items())
                def decide(pols):
                    eff = {st["Effect"] for p in pols for st in L(p.get("Statement", [])) if applies(st)}
                    return "ExplicitDeny" if "Deny" in eff else "Allow" if "Allow" in eff else "ImplicitDeny"
                res = decide(policies)
                if boundary is None:
                    return res
                lim = decide([boundary])
                if "ExplicitDeny" in (res, lim):
                    return "ExplicitDeny"
                return "Allow" if res == lim == "Allow" else "ImplicitDeny"
        """),
        ),
        (
            "ignores the permissions boundary",
            dedent("""
            import ipaddress

            def evaluate(request, policies, boundary=None):
                def L(x):
                    return x if isinstance(x, list) else [x]
                ctx = {k.lower(): v for k, v in request.get("context", {}).items()}
                def holds(op, key, vals):
                    ifx = op.endswith("IfExists")
                    base = op[:-8] if ifx else op
                    neg = base in ("StringNotEquals", "StringNotLike", "NotIpAddress")
                    v = ctx.get(key.lower())
                    if v is None:
                        return ifx or neg
                    def m(e):
                        if base in ("StringEquals", "StringNotEquals"):
                            return v == e
                        if base in ("StringLike", "StringNotLike"):
                            return wildcard_match(e, v, False)
                        if base == "Bool":
                            return v.lower() == str(e).lower()
                        if base in ("IpAddress", "NotIpAddress"):
                            return ipaddress.ip_address(v) in ipaddress.ip_network(e, strict=False)
                        return float(v) < float(e)
                    hit = any(m(e) for e in L(vals))
                    return not hit if neg else hit
                def applies(st):
                    a = any(wildcard_match(p, request["action"], True) for p in L(st.get("Action", st.get("NotAction"))))
                    a = a if "Action" in st else not a
                    r = any(wildcard_match(p, request["resource"], False) for p in L(st.get("Resource", st.get("NotResource"))))
                    r = r if "Resource" in st else not r
                    return a and r and all(holds(op, k, v) for op, kv in st.get("Condition", {}).items() for k, v in kv.items())
                eff = {st["Effect"] for p in policies for st in L(p.get("Statement", [])) if applies(st)}
                return "ExplicitDeny" if "Deny" in eff else "Allow" if "Allow" in eff else "ImplicitDeny"
        """),
        ),
    ],
    "permissions-answer": [
        (
            "counts refused (AccessDenied) calls as use",
            dedent("""
            def permission_report(policies, catalog, events, principal, since):
                def L(x):
                    return x if isinstance(x, list) else [x]
                def covers(st, a):
                    hit = any(wildcard_match(p, a, True) for p in L(st.get("Action", st.get("NotAction"))))
                    return hit if "Action" in st else not hit
                granted = set()
                for a in catalog:
                    sts = [st for p in policies for st in L(p["Statement"]) if covers(st, a)]
                    if any(st["Effect"] == "Allow" for st in sts) and not any(
                        st["Effect"] == "Deny" and st.get("Resource") == "*" and not st.get("Condition") for st in sts
                    ):
                        granted.add(a)
                canon = {a.lower(): a for a in catalog}
                mine = events[(events["principal"] == principal) & (events["eventTime"] >= since)]
                used = {canon[(s.split(".")[0] + ":" + n).lower()] for s, n in zip(mine["eventSource"], mine["eventName"])
                        if (s.split(".")[0] + ":" + n).lower() in canon}
                return {"granted": sorted(granted), "used": sorted(used), "unused": sorted(granted - used)}
        """),
        ),
        (
            "ignores the time window",
            dedent("""
            def permission_report(policies, catalog, events, principal, since):
                def L(x):
                    return x if isinstance(x, list) else [x]
                def covers(st, a):
                    hit = any(wildcard_match(p, a, True) for p in L(st.get("Action", st.get("NotAction"))))
                    return hit if "Action" in st else not hit
                granted = set()
                for a in catalog:
                    sts = [st for p in policies for st in L(p["Statement"]) if covers(st, a)]
                    if any(st["Effect"] == "Allow" for st in sts) and not any(
                        st["Effect"] == "Deny" and st.get("Resource") == "*" and not st.get("Condition") for st in sts
                    ):
                        granted.add(a)
                canon = {a.lower(): a for a in catalog}
                mine = events[(events["principal"] == principal) & (events["errorCode"] == "")]
                used = {canon[(s.split(".")[0] + ":" + n).lower()] for s, n in zip(mine["eventSource"], mine["eventName"])
                        if (s.split(".")[0] + ":" + n).lower() in canon}
                return {"granted": sorted(granted), "used": sorted(used), "unused": sorted(granted - used)}
        """),
        ),
        (
            "ignores Deny statements when computing what is granted",
            dedent("""
            def permission_report(policies, catalog, events, principal, since):
                def L(x):
                    return x if isinstance(x, list) else [x]
                def covers(st, a):
                    hit = any(wildcard_match(p, a, True) for p in L(st.get("Action", st.get("NotAction"))))
                    return hit if "Action" in st else not hit
                granted = {a for a in catalog
                           if any(st["Effect"] == "Allow" and covers(st, a) for p in policies for st in L(p["Statement"]))}
                canon = {a.lower(): a for a in catalog}
                mine = events[(events["principal"] == principal) & (events["eventTime"] >= since) & (events["errorCode"] == "")]
                used = {canon[(s.split(".")[0] + ":" + n).lower()] for s, n in zip(mine["eventSource"], mine["eventName"])
                        if (s.split(".")[0] + ":" + n).lower() in canon}
                return {"granted": sorted(granted), "used": sorted(used), "unused": sorted(granted - used)}
        """),
        ),
        (
            "lets a conditional Deny remove permissions too",
            dedent("""
            def permission_report(policies, catalog, events, principal, since):
                def L(x):
                    return x if isinstance(x, list) else [x]
                def covers(st, a):
                    hit = any(wildcard_match(p, a, True) for p in L(st.get("Action", st.get("NotAction"))))
                    return hit if "Action" in st else not hit
                granted = set()
                for a in catalog:
                    sts = [st for p in policies for st in L(p["Statement"]) if covers(st, a)]
                    if any(st["Effect"] == "Allow" for st in sts) and not any(st["Effect"] == "Deny" for st in sts):
                        granted.add(a)
                canon = {a.lower(): a for a in catalog}
                mine = events[(events["principal"] == principal) & (events["eventTime"] >= since) & (events["errorCode"] == "")]
                used = {canon[(s.split(".")[0] + ":" + n).lower()] for s, n in zip(mine["eventSource"], mine["eventName"])
                        if (s.split(".")[0] + ":" + n).lower() in canon}
                return {"granted": sorted(granted), "used": sorted(used), "unused": sorted(granted - used)}
        """),
        ),
    ],
    "exposure-answer": [
        (
            "only treats the literal string 0.0.0.0/0 as the internet",
            dedent("""
            def exposure(inventory):
                subnets = {s["id"]: s for s in inventory["subnets"]}
                tables = {t["id"]: t for t in inventory["route_tables"]}
                groups = {g["id"]: g for g in inventory["security_groups"]}
                nacls = {n["id"]: n for n in inventory.get("nacls", [])}
                igws = set(inventory["internet_gateways"])
                def covers(rule, proto, port):
                    return str(rule["protocol"]) == "-1" or (rule["protocol"] == proto and rule["from_port"] <= port <= rule["to_port"])
                def nacl_ok(subnet, proto, port):
                    if subnet.get("nacl") is None:
                        return True
                    for r in sorted(nacls[subnet["nacl"]]["inbound"], key=lambda r: r["rule"]):
                        if r["cidr"] == "0.0.0.0/0" and covers(r, proto, port):
                            return r["action"] == "allow"
                    return False
                out = []
                for res in inventory["resources"]:
                    sub = subnets[res["subnet"]]
                    for proto, port in res["listens"]:
                        if not any(r.get("cidr") == "0.0.0.0/0" and covers(r, proto, port)
                                   for g in res["security_groups"] for r in groups[g]["ingress"]):
                            continue
                        route = any(r["destination"] == "0.0.0.0/0" and r["target"] in igws for r in tables[sub["route_table"]]["routes"])
                        ok = res["public_ip"] and route and nacl_ok(sub, proto, port)
                        out.append([res["id"], proto, port, "exposed" if ok else "latent"])
                return sorted(out)
        """),
        ),
        (
            "ignores route tables and public IPs (an open security group means exposed)",
            dedent("""
            import ipaddress

            def exposure(inventory):
                private = [ipaddress.ip_network(r) for r in PRIVATE_RANGES]
                groups = {g["id"]: g for g in inventory["security_groups"]}
                def internet(c):
                    n = ipaddress.ip_network(c, strict=False)
                    return not any(n.version == p.version and n.subnet_of(p) for p in private)
                def covers(rule, proto, port):
                    return str(rule["protocol"]) == "-1" or (rule["protocol"] == proto and rule["from_port"] <= port <= rule["to_port"])
                out = []
                for res in inventory["resources"]:
                    for proto, port in res["listens"]:
                        if any("cidr" in r and internet(r["cidr"]) and covers(r, proto, port)
                               for g in res["security_groups"] for r in groups[g]["ingress"]):
                            out.append([res["id"], proto, port, "exposed"])
                return sorted(out)
        """),
        ),
        (
            "uses ipaddress is_private instead of the course's private ranges",
            dedent("""
            import ipaddress

            def exposure(inventory):
                subnets = {s["id"]: s for s in inventory["subnets"]}
                tables = {t["id"]: t for t in inventory["route_tables"]}
                groups = {g["id"]: g for g in inventory["security_groups"]}
                nacls = {n["id"]: n for n in inventory.get("nacls", [])}
                igws = set(inventory["internet_gateways"])
                def covers(rule, proto, port):
                    return str(rule["protocol"]) == "-1" or (rule["protocol"] == proto and rule["from_port"] <= port <= rule["to_port"])
                def nacl_ok(sub, proto, port, src):
                    if sub.get("nacl") is None:
                        return True
                    for r in sorted(nacls[sub["nacl"]]["inbound"], key=lambda r: r["rule"]):
                        n = ipaddress.ip_network(r["cidr"])
                        if n.version == src.version and src.subnet_of(n) and covers(r, proto, port):
                            return r["action"] == "allow"
                    return False
                out = []
                for res in inventory["resources"]:
                    sub = subnets[res["subnet"]]
                    for proto, port in res["listens"]:
                        srcs = [ipaddress.ip_network(r["cidr"]) for g in res["security_groups"] for r in groups[g]["ingress"]
                                if "cidr" in r and not ipaddress.ip_network(r["cidr"]).is_private and covers(r, proto, port)]
                        if not srcs:
                            continue
                        ok = any(res["public_ip"] and nacl_ok(sub, proto, port, s) and any(
                            r["destination"] == ("0.0.0.0/0" if s.version == 4 else "::/0") and r["target"] in igws
                            for r in tables[sub["route_table"]]["routes"]) for s in srcs)
                        out.append([res["id"], proto, port, "exposed" if ok else "latent"])
                return sorted(out)
        """),
        ),
        (
            "checks network ACL rules in file order instead of by rule number",
            dedent("""
            import ipaddress

            def exposure(inventory):
                private = [ipaddress.ip_network(r) for r in PRIVATE_RANGES]
                subnets = {s["id"]: s for s in inventory["subnets"]}
                tables = {t["id"]: t for t in inventory["route_tables"]}
                groups = {g["id"]: g for g in inventory["security_groups"]}
                nacls = {n["id"]: n for n in inventory.get("nacls", [])}
                igws = set(inventory["internet_gateways"])
                def internet(n):
                    return not any(n.version == p.version and n.subnet_of(p) for p in private)
                def covers(rule, proto, port):
                    return str(rule["protocol"]) == "-1" or (rule["protocol"] == proto and rule["from_port"] <= port <= rule["to_port"])
                def nacl_ok(sub, proto, port, src):
                    if sub.get("nacl") is None:
                        return True
                    for r in nacls[sub["nacl"]]["inbound"]:
                        n = ipaddress.ip_network(r["cidr"])
                        if n.version == src.version and src.subnet_of(n) and covers(r, proto, port):
                            return r["action"] == "allow"
                    return False
                out = []
                for res in inventory["resources"]:
                    sub = subnets[res["subnet"]]
                    for proto, port in res["listens"]:
                        srcs = [ipaddress.ip_network(r["cidr"]) for g in res["security_groups"] for r in groups[g]["ingress"]
                                if "cidr" in r and internet(ipaddress.ip_network(r["cidr"])) and covers(r, proto, port)]
                        if not srcs:
                            continue
                        ok = any(res["public_ip"] and nacl_ok(sub, proto, port, s) and any(
                            r["destination"] == ("0.0.0.0/0" if s.version == 4 else "::/0") and r["target"] in igws
                            for r in tables[sub["route_table"]]["routes"]) for s in srcs)
                        out.append([res["id"], proto, port, "exposed" if ok else "latent"])
                return sorted(out)
        """),
        ),
    ],
}

ALTERNATIVE = {
    "crossings-answer": [
        dedent("""
        def boundaries_crossed(dfd):
            parent = {b["id"]: b.get("parent") for b in dfd["boundaries"]}
            home = {e["id"]: e.get("boundary") for e in dfd["elements"]}

            def path(element):
                out = []
                b = home[element]
                while b:
                    out.append(b)
                    b = parent[b]
                return out

            crossed = {}
            for f in dfd["flows"]:
                a, b = path(f["source"]), path(f["target"])
                diff = [x for x in a if x not in b] + [x for x in b if x not in a]
                if diff:
                    crossed[f["id"]] = sorted(diff)
            return crossed
    """)
    ],
    "stride-answer": [
        dedent("""
        def stride_candidates(dfd):
            crossing = set(boundaries_crossed(dfd))
            by_id = {e["id"]: e for e in dfd["elements"]}
            out = {}
            for f in (f for f in dfd["flows"] if f["id"] in crossing):
                out[f["id"]] = STRIDE_PER_ELEMENT["flow"]
                for end in (f["source"], f["target"]):
                    e = by_id[end]
                    letters = set(STRIDE_PER_ELEMENT[e["kind"]])
                    if e["kind"] == "store" and e.get("holds_audit_log", False):
                        letters.add("R")
                    out[end] = "".join(c for c in "STRIDE" if c in letters)
            return out
    """)
    ],
    "rank-answer": [
        dedent("""
        import pandas as pd

        def rank_threats(dfd, candidates):
            items = {e["id"]: e for e in dfd["elements"]} | {f["id"]: f for f in dfd["flows"]}
            outside = {e["id"] for e in dfd["elements"] if e.get("boundary") is None}
            rows = []
            for item_id, letters in candidates.items():
                item = items[item_id]
                if item_id in {f["id"] for f in dfd["flows"]}:
                    touching = [item]
                else:
                    touching = [f for f in dfd["flows"] if item_id in (f["source"], f["target"])]
                impact = CLASSIFICATION_LEVELS.get(item.get("classification"), 0) or max(
                    CLASSIFICATION_LEVELS[f["classification"]] for f in touching)
                exposure = 3 if any(f["source"] in outside for f in touching) else 2
                covered = "".join(CONTROL_MITIGATES.get(c, "") for c in item.get("controls", []))
                for letter in letters:
                    rows.append({"id": item_id, "letter": letter, "order": "STRIDE".find(letter),
                                 "score": impact * exposure * (1 if letter in covered else 3)})
            df = pd.DataFrame(rows).sort_values(["score", "id", "order"], ascending=[False, True, True])
            return [[r.id, r.letter, int(r.score)] for r in df.itertuples()]
    """)
    ],
    "wildcard-answer": [
        dedent("""
        import re

        def wildcard_match(pattern, value, ignore_case):
            parts = []
            for ch in pattern:
                if ch == "*":
                    parts.append(".*")
                elif ch == "?":
                    parts.append(".")
                else:
                    parts.append(re.escape(ch))
            flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
            return re.fullmatch("".join(parts), value, flags) is not None
    """)
    ],
    "evaluate-answer": [
        dedent("""
        import ipaddress

        NEGATED = {"StringNotEquals", "StringNotLike", "NotIpAddress"}

        def _listify(x):
            return list(x) if isinstance(x, list) else [x]

        def _compare(op, actual, wanted):
            if op.startswith("String") and op.endswith("Like"):
                return wildcard_match(wanted, actual, ignore_case=False)
            if op.startswith("String"):
                return actual == wanted
            if op == "Bool":
                return actual.lower() == str(wanted).lower()
            if op.endswith("IpAddress"):
                return ipaddress.ip_address(actual) in ipaddress.ip_network(wanted, strict=False)
            if op == "NumericLessThan":
                return float(actual) < float(wanted)
            raise ValueError(op)

        def _condition(op, key, wanted, context):
            base = op.removesuffix("IfExists")
            present = key.lower() in context
            if not present:
                return op.endswith("IfExists") or base in NEGATED
            matched = any(_compare(base, context[key.lower()], w) for w in _listify(wanted))
            return (not matched) if base in NEGATED else matched

        def _matches(st, request, context):
            for field, negfield, value, fold in (("Action", "NotAction", request["action"], True),
                                                  ("Resource", "NotResource", request["resource"], False)):
                if field in st:
                    if not any(wildcard_match(p, value, fold) for p in _listify(st[field])):
                        return False
                elif any(wildcard_match(p, value, fold) for p in _listify(st[negfield])):
                    return False
            return all(_condition(op, k, w, context)
                       for op, block in st.get("Condition", {}).items() for k, w in block.items())

        def _verdict(docs, request, context):
            verdict = "ImplicitDeny"
            for doc in docs:
                for st in _listify(doc.get("Statement", [])):
                    if _matches(st, request, context):
                        if st["Effect"] == "Deny":
                            return "ExplicitDeny"
                        verdict = "Allow"
            return verdict

        def evaluate(request, policies, boundary=None):
            context = {k.lower(): v for k, v in (request.get("context") or {}).items()}
            verdicts = [_verdict(policies, request, context)]
            if boundary is not None:
                verdicts.append(_verdict([boundary], request, context))
            if "ExplicitDeny" in verdicts:
                return "ExplicitDeny"
            return "Allow" if all(v == "Allow" for v in verdicts) else "ImplicitDeny"
    """)
    ],
    "permissions-answer": [
        dedent("""
        def permission_report(policies, catalog, events, principal, since):
            statements = []
            for policy in policies:
                st = policy["Statement"]
                statements.extend(st if isinstance(st, list) else [st])

            def listed(st, key, action):
                pats = st[key] if isinstance(st[key], list) else [st[key]]
                return any(wildcard_match(p, action, ignore_case=True) for p in pats)

            def covers(st, action):
                return listed(st, "Action", action) if "Action" in st else not listed(st, "NotAction", action)

            granted = [a for a in catalog
                       if any(s["Effect"] == "Allow" and covers(s, a) for s in statements)
                       and not any(s["Effect"] == "Deny" and s.get("Resource") == "*" and "Condition" not in s
                                   and covers(s, a) for s in statements)]
            ev = events.query("principal == @principal and eventTime >= @since and errorCode == ''")
            called = (ev["eventSource"].str.split(".").str[0] + ":" + ev["eventName"]).str.lower()
            used = [a for a in catalog if a.lower() in set(called)]
            return {"granted": sorted(granted), "used": sorted(used),
                    "unused": sorted(set(granted) - set(used))}
    """)
    ],
    "exposure-answer": [
        dedent("""
        import ipaddress
        import networkx as nx

        def exposure(inventory):
            priv = [ipaddress.ip_network(p) for p in PRIVATE_RANGES]
            g = nx.DiGraph()
            igws = set(inventory["internet_gateways"])
            for t in inventory["route_tables"]:
                for r in t["routes"]:
                    if r["target"] in igws:
                        g.add_edge(("internet", r["destination"]), t["id"])
            sgs = {s["id"]: s["ingress"] for s in inventory["security_groups"]}
            subnets = {s["id"]: s for s in inventory["subnets"]}
            acls = {a["id"]: sorted(a["inbound"], key=lambda r: r["rule"]) for a in inventory.get("nacls", [])}

            def port_ok(rule, proto, port):
                return str(rule["protocol"]) == "-1" or (proto == rule["protocol"] and rule["from_port"] <= port <= rule["to_port"])

            def acl_ok(acl_id, proto, port, src):
                if not acl_id:
                    return True
                for r in acls[acl_id]:
                    net = ipaddress.ip_network(r["cidr"])
                    if net.version == src.version and src.subnet_of(net) and port_ok(r, proto, port):
                        return r["action"] == "allow"
                return False

            rows = []
            for res in inventory["resources"]:
                subnet = subnets[res["subnet"]]
                for proto, port in res["listens"]:
                    srcs = []
                    for gid in res["security_groups"]:
                        for rule in sgs[gid]:
                            if "cidr" not in rule or not port_ok(rule, proto, port):
                                continue
                            net = ipaddress.ip_network(rule["cidr"], strict=False)
                            if not any(net.version == p.version and net.subnet_of(p) for p in priv):
                                srcs.append(net)
                    if not srcs:
                        continue
                    status = "latent"
                    for src in srcs:
                        default = "0.0.0.0/0" if src.version == 4 else "::/0"
                        routed = g.has_edge(("internet", default), subnet["route_table"])
                        if res["public_ip"] and routed and acl_ok(subnet.get("nacl"), proto, port, src):
                            status = "exposed"
                    rows.append([res["id"], proto, port, status])
            rows.sort()
            return rows
    """)
    ],
}
