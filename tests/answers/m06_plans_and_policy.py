"""Wrong and alternative answers for 06-plans-and-policy (generated from the reference, then reviewed)."""

from textwrap import dedent

WRONG = {
    "load-plan-answer": [
        (
            "rejects only the exact string 2.0",
            dedent(r'''
        def load_plan(text):
            """Parse `terraform show -json` output; raise ValueError unless its major format version is supported."""
            try:
                plan = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON document: {exc}") from exc
            if not isinstance(plan, dict):
                raise ValueError("a plan must be a JSON object (terraform show -json <planfile>)")
            version = plan.get("format_version")
            if not isinstance(version, str):
                raise ValueError("no format_version string: is this terraform show -json output?")
            parts = version.split(".")
            if False:
                raise ValueError(f"malformed format_version {version!r}: expected MAJOR.MINOR")
            if version == "2.0":
                raise ValueError(f"unsupported plan format_version {version}: this reader understands "
                                 f"major version {SUPPORTED_MAJOR} only")
            return plan
        '''),
        ),
        (
            "accepts only the versions it has seen (1.0, 1.1, 1.2)",
            dedent(r'''
        def load_plan(text):
            """Parse `terraform show -json` output; raise ValueError unless its major format version is supported."""
            try:
                plan = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON document: {exc}") from exc
            if not isinstance(plan, dict):
                raise ValueError("a plan must be a JSON object (terraform show -json <planfile>)")
            version = plan.get("format_version")
            if not isinstance(version, str):
                raise ValueError("no format_version string: is this terraform show -json output?")
            parts = version.split(".")
            if len(parts) != 2 or not all(part.isdigit() for part in parts):
                raise ValueError(f"malformed format_version {version!r}: expected MAJOR.MINOR")
            if version not in ("1.0", "1.1", "1.2"):
                raise ValueError(f"unsupported plan format_version {version}: this reader understands "
                                 f"major version {SUPPORTED_MAJOR} only")
            return plan
        '''),
        ),
        (
            "checks the major version with startswith('1')",
            dedent(r'''
        def load_plan(text):
            """Parse `terraform show -json` output; raise ValueError unless its major format version is supported."""
            try:
                plan = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON document: {exc}") from exc
            if not isinstance(plan, dict):
                raise ValueError("a plan must be a JSON object (terraform show -json <planfile>)")
            version = plan.get("format_version")
            if not isinstance(version, str):
                raise ValueError("no format_version string: is this terraform show -json output?")
            parts = version.split(".")
            if len(parts) != 2 or not all(part.isdigit() for part in parts):
                raise ValueError(f"malformed format_version {version!r}: expected MAJOR.MINOR")
            if not version.startswith(str(SUPPORTED_MAJOR)):
                raise ValueError(f"unsupported plan format_version {version}: this reader understands "
                                 f"major version {SUPPORTED_MAJOR} only")
            return plan
        '''),
        ),
        (
            "no version check at all",
            dedent(r'''
        def load_plan(text):
            """Parse terraform show -json output."""
            return json.loads(text)
        '''),
        ),
        (
            "compares the version as a float below 2",
            dedent(r'''
        def load_plan(text):
            """Parse terraform show -json output."""
            plan = json.loads(text)
            if not isinstance(plan, dict) or "format_version" not in plan:
                raise ValueError("not a plan")
            if float(plan["format_version"]) >= 2:
                raise ValueError(f"unsupported format_version {plan['format_version']}")
            return plan
        '''),
        ),
    ],
    "summary-answer": [
        (
            "counts a replacement as a change",
            dedent(r'''
        def summarize_plan(plan):
            """Counts {"add", "change", "destroy", "replace", "read"} the way Terraform's CLI reports a plan."""
            counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0, "read": 0}
            for rc in plan.get("resource_changes") or []:
                actions = (rc.get("change") or {}).get("actions") or []
                if rc.get("mode") == "data":
                    counts["read"] += actions == ["read"]
                elif "create" in actions and "delete" in actions:
                    counts["replace"] += 1
                    counts["change"] += 1
                elif actions == ["create"]:
                    counts["add"] += 1
                elif actions == ["update"]:
                    counts["change"] += 1
                elif actions == ["delete"]:
                    counts["destroy"] += 1
            return counts
        '''),
        ),
        (
            "recognises only delete-then-create as a replacement",
            dedent(r'''
        def summarize_plan(plan):
            """Counts {"add", "change", "destroy", "replace", "read"} the way Terraform's CLI reports a plan."""
            counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0, "read": 0}
            for rc in plan.get("resource_changes") or []:
                actions = (rc.get("change") or {}).get("actions") or []
                if rc.get("mode") == "data":
                    counts["read"] += actions == ["read"]
                elif actions == ["delete", "create"]:
                    counts["replace"] += 1
                    counts["add"] += 1
                    counts["destroy"] += 1
                elif actions == ["create"]:
                    counts["add"] += 1
                elif actions == ["update"]:
                    counts["change"] += 1
                elif actions == ["delete"]:
                    counts["destroy"] += 1
            return counts
        '''),
        ),
        (
            "counts a replacement only under replace",
            dedent(r'''
        def summarize_plan(plan):
            """Counts {"add", "change", "destroy", "replace", "read"} the way Terraform's CLI reports a plan."""
            counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0, "read": 0}
            for rc in plan.get("resource_changes") or []:
                actions = (rc.get("change") or {}).get("actions") or []
                if rc.get("mode") == "data":
                    counts["read"] += actions == ["read"]
                elif "create" in actions and "delete" in actions:
                    counts["replace"] += 1
                elif actions == ["create"]:
                    counts["add"] += 1
                elif actions == ["update"]:
                    counts["change"] += 1
                elif actions == ["delete"]:
                    counts["destroy"] += 1
            return counts
        '''),
        ),
        (
            "counts data-source reads as changes",
            dedent(r'''
        def summarize_plan(plan):
            """Counts {"add", "change", "destroy", "replace", "read"} the way Terraform's CLI reports a plan."""
            counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0, "read": 0}
            for rc in plan.get("resource_changes") or []:
                actions = (rc.get("change") or {}).get("actions") or []
                if rc.get("mode") == "data":
                    counts["change"] += actions == ["read"]
                elif "create" in actions and "delete" in actions:
                    counts["replace"] += 1
                    counts["add"] += 1
                    counts["destroy"] += 1
                elif actions == ["create"]:
                    counts["add"] += 1
                elif actions == ["update"]:
                    counts["change"] += 1
                elif actions == ["delete"]:
                    counts["destroy"] += 1
            return counts
        '''),
        ),
        (
            "crashes when resource_changes is missing",
            dedent(r'''
        def summarize_plan(plan):
            """Counts {"add", "change", "destroy", "replace", "read"} the way Terraform's CLI reports a plan."""
            counts = {"add": 0, "change": 0, "destroy": 0, "replace": 0, "read": 0}
            for rc in plan["resource_changes"]:
                actions = (rc.get("change") or {}).get("actions") or []
                if rc.get("mode") == "data":
                    counts["read"] += actions == ["read"]
                elif "create" in actions and "delete" in actions:
                    counts["replace"] += 1
                    counts["add"] += 1
                    counts["destroy"] += 1
                elif actions == ["create"]:
                    counts["add"] += 1
                elif actions == ["update"]:
                    counts["change"] += 1
                elif actions == ["delete"]:
                    counts["destroy"] += 1
            return counts
        '''),
        ),
    ],
    "risky-answer": [
        (
            "only plain deletes, not replacements",
            dedent(r'''
        def risky_changes(plan):
            """Changes that delete a stateful resource (deletes and both replace orders), in plan order."""
            risky = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") == "managed" and rc.get("type") in STATEFUL_TYPES and actions == ["delete"]:
                    risky.append({
                        "address": rc["address"],
                        "type": rc["type"],
                        "actions": list(actions),
                        "reason": rc.get("action_reason"),
                        "replace_paths": copy.deepcopy(change.get("replace_paths") or []),
                    })
            return risky
        '''),
        ),
        (
            "recognises replacement only as delete-then-create",
            dedent(r'''
        def risky_changes(plan):
            """Changes that delete a stateful resource (deletes and both replace orders), in plan order."""
            risky = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") == "managed" and rc.get("type") in STATEFUL_TYPES and (actions == ["delete"] or actions == ["delete", "create"]):
                    risky.append({
                        "address": rc["address"],
                        "type": rc["type"],
                        "actions": list(actions),
                        "reason": rc.get("action_reason"),
                        "replace_paths": copy.deepcopy(change.get("replace_paths") or []),
                    })
            return risky
        '''),
        ),
        (
            "takes the type from the start of the address",
            dedent(r'''
        def risky_changes(plan):
            """Changes that delete a stateful resource (deletes and both replace orders), in plan order."""
            risky = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") == "managed" and rc["address"].split(".")[0] in STATEFUL_TYPES and "delete" in actions:
                    risky.append({
                        "address": rc["address"],
                        "type": rc["type"],
                        "actions": list(actions),
                        "reason": rc.get("action_reason"),
                        "replace_paths": copy.deepcopy(change.get("replace_paths") or []),
                    })
            return risky
        '''),
        ),
        (
            "flags every change to a stateful type",
            dedent(r'''
        def risky_changes(plan):
            """Changes that delete a stateful resource (deletes and both replace orders), in plan order."""
            risky = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") == "managed" and rc.get("type") in STATEFUL_TYPES and actions != ["no-op"]:
                    risky.append({
                        "address": rc["address"],
                        "type": rc["type"],
                        "actions": list(actions),
                        "reason": rc.get("action_reason"),
                        "replace_paths": copy.deepcopy(change.get("replace_paths") or []),
                    })
            return risky
        '''),
        ),
        (
            "KeyError when action_reason is absent",
            dedent(r'''
        def risky_changes(plan):
            """Changes that delete a stateful resource (deletes and both replace orders), in plan order."""
            risky = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") == "managed" and rc.get("type") in STATEFUL_TYPES and "delete" in actions:
                    risky.append({
                        "address": rc["address"],
                        "type": rc["type"],
                        "actions": list(actions),
                        "reason": rc["action_reason"],
                        "replace_paths": copy.deepcopy(change.get("replace_paths") or []),
                    })
            return risky
        '''),
        ),
    ],
    "drift-answer": [
        (
            "compares set attributes in order",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []
                for child in module.get("child_modules") or []:
                    yield from _state_resources(child)

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if False:
                    return _canonical(expected or []) == _canonical(actual or [])
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                if resource.get("mode") != "managed":
                    continue
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], values.get("id"))
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(set(values) & set(live_values)):
                    if not _same(attribute, values[attribute], live_values[attribute]):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values[attribute])})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
        (
            "ignores child modules",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if attribute in SET_ATTRIBUTES:
                    return _canonical(expected or []) == _canonical(actual or [])
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                if resource.get("mode") != "managed":
                    continue
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], values.get("id"))
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(set(values) & set(live_values)):
                    if not _same(attribute, values[attribute], live_values[attribute]):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values[attribute])})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
        (
            "treats data sources as infrastructure",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []
                for child in module.get("child_modules") or []:
                    yield from _state_resources(child)

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if attribute in SET_ATTRIBUTES:
                    return _canonical(expected or []) == _canonical(actual or [])
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], values.get("id"))
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(set(values) & set(live_values)):
                    if not _same(attribute, values[attribute], live_values[attribute]):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values[attribute])})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
        (
            "matches live objects by address instead of cloud id",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []
                for child in module.get("child_modules") or []:
                    yield from _state_resources(child)

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if attribute in SET_ATTRIBUTES:
                    return _canonical(expected or []) == _canonical(actual or [])
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                if resource.get("mode") != "managed":
                    continue
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], resource["address"])
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(set(values) & set(live_values)):
                    if not _same(attribute, values[attribute], live_values[attribute]):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values[attribute])})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
        (
            "reports attributes the live dump does not return",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []
                for child in module.get("child_modules") or []:
                    yield from _state_resources(child)

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if attribute in SET_ATTRIBUTES:
                    return _canonical(expected or []) == _canonical(actual or [])
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                if resource.get("mode") != "managed":
                    continue
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], values.get("id"))
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(values):
                    if not _same(attribute, values[attribute], live_values.get(attribute)):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values.get(attribute))})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
        (
            "null and an empty list differ",
            dedent(r'''
        def detect_drift(state, live):
            """Differences between recorded state and a live inventory, one record per (address, attribute)."""
            def _state_resources(module):
                yield from module.get("resources") or []
                for child in module.get("child_modules") or []:
                    yield from _state_resources(child)

            def _canonical(value):
                if isinstance(value, dict):
                    return {k: _canonical(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            def _same(attribute, expected, actual):
                if attribute in SET_ATTRIBUTES:
                    return _canonical(expected) == _canonical(actual)
                return expected == actual

            found = {(o["type"], o["id"]): o.get("attributes") or {} for o in live.get("objects") or []}
            root = (state.get("values") or {}).get("root_module") or {}
            records = []
            for resource in _state_resources(root):
                if resource.get("mode") != "managed":
                    continue
                values = resource.get("values") or {}
                base = {"address": resource["address"], "type": resource["type"]}
                key = (resource["type"], values.get("id"))
                if key not in found:
                    records.append({**base, "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                live_values = found[key]
                for attribute in sorted(set(values) & set(live_values)):
                    if not _same(attribute, values[attribute], live_values[attribute]):
                        records.append({**base, "attribute": attribute,
                                        "expected": copy.deepcopy(values[attribute]),
                                        "actual": copy.deepcopy(live_values[attribute])})
            return sorted(records, key=lambda r: (r["address"], r["attribute"]))
        '''),
        ),
    ],
    "exposure-answer": [
        (
            "every drift increases exposure",
            dedent(r'''
        def exposure_increasing(drift):
            """All drift is exposure."""
            return [dict(record) for record in drift]
        '''),
        ),
        (
            "any change to an ingress list counts, removals included",
            dedent(r'''
        def exposure_increasing(drift):
            """The drift records that widen access or switch a protection off, in their original order."""
            def _canonical_item(value):
                """Every list sorted, so that set-like lists compare in any order."""
                if isinstance(value, dict):
                    return {k: _canonical_item(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical_item(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            exposing = []
            for record in drift:
                attribute, expected, actual = record["attribute"], record["expected"], record["actual"]
                if attribute in SAFE_WHEN_TRUE:
                    hit = expected is True and actual is not True
                elif attribute in EXPOSED_WHEN_TRUE:
                    hit = actual is True and expected is not True
                elif attribute == "acl":
                    hit = actual in PUBLIC_ACLS and expected not in PUBLIC_ACLS
                elif attribute in WIDENING_ATTRIBUTES:
                    before = [_canonical_item(item) for item in expected or []]
                    hit = _canonical_item(expected or []) != _canonical_item(actual or [])
                else:
                    hit = False
                if hit:
                    exposing.append(copy.deepcopy(record))
            return exposing
        '''),
        ),
        (
            "a protection counts as off only when it is False, not null",
            dedent(r'''
        def exposure_increasing(drift):
            """The drift records that widen access or switch a protection off, in their original order."""
            def _canonical_item(value):
                """Every list sorted, so that set-like lists compare in any order."""
                if isinstance(value, dict):
                    return {k: _canonical_item(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical_item(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            exposing = []
            for record in drift:
                attribute, expected, actual = record["attribute"], record["expected"], record["actual"]
                if attribute in SAFE_WHEN_TRUE:
                    hit = expected is True and actual is False
                elif attribute in EXPOSED_WHEN_TRUE:
                    hit = actual is True and expected is not True
                elif attribute == "acl":
                    hit = actual in PUBLIC_ACLS and expected not in PUBLIC_ACLS
                elif attribute in WIDENING_ATTRIBUTES:
                    before = [_canonical_item(item) for item in expected or []]
                    hit = any(_canonical_item(item) not in before for item in actual or [])
                else:
                    hit = False
                if hit:
                    exposing.append(copy.deepcopy(record))
            return exposing
        '''),
        ),
        (
            "spots public ACLs by the word 'public'",
            dedent(r'''
        def exposure_increasing(drift):
            """The drift records that widen access or switch a protection off, in their original order."""
            def _canonical_item(value):
                """Every list sorted, so that set-like lists compare in any order."""
                if isinstance(value, dict):
                    return {k: _canonical_item(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical_item(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            exposing = []
            for record in drift:
                attribute, expected, actual = record["attribute"], record["expected"], record["actual"]
                if attribute in SAFE_WHEN_TRUE:
                    hit = expected is True and actual is not True
                elif attribute in EXPOSED_WHEN_TRUE:
                    hit = actual is True and expected is not True
                elif attribute == "acl":
                    hit = "public" in str(actual) and "public" not in str(expected)
                elif attribute in WIDENING_ATTRIBUTES:
                    before = [_canonical_item(item) for item in expected or []]
                    hit = any(_canonical_item(item) not in before for item in actual or [])
                else:
                    hit = False
                if hit:
                    exposing.append(copy.deepcopy(record))
            return exposing
        '''),
        ),
        (
            "counts deletion_protection switched off as exposure",
            dedent(r'''
        def exposure_increasing(drift):
            """The drift records that widen access or switch a protection off, in their original order."""
            def _canonical_item(value):
                """Every list sorted, so that set-like lists compare in any order."""
                if isinstance(value, dict):
                    return {k: _canonical_item(v) for k, v in value.items()}
                if isinstance(value, list):
                    return sorted((_canonical_item(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
                return value

            exposing = []
            for record in drift:
                attribute, expected, actual = record["attribute"], record["expected"], record["actual"]
                if attribute in SAFE_WHEN_TRUE | {"deletion_protection", "multi_az"}:
                    hit = expected is True and actual is not True
                elif attribute in EXPOSED_WHEN_TRUE:
                    hit = actual is True and expected is not True
                elif attribute == "acl":
                    hit = actual in PUBLIC_ACLS and expected not in PUBLIC_ACLS
                elif attribute in WIDENING_ATTRIBUTES:
                    before = [_canonical_item(item) for item in expected or []]
                    hit = any(_canonical_item(item) not in before for item in actual or [])
                else:
                    hit = False
                if hit:
                    exposing.append(copy.deepcopy(record))
            return exposing
        '''),
        ),
    ],
    "policy-answer": [
        (
            "checks from_port == 22 only",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = low == 22
                elif protocol in ("tcp", "6"):
                    reaches_22 = low == 22
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("after") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "searches for the string 0.0.0.0/0 anywhere in the resource",
            dedent(r'''
        def policy_findings(plan):
            """String search, the quick way."""
            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(change.get("actions") or [])):
                    continue
                after = change.get("after") or {}
                unknown = change.get("after_unknown") or {}
                rtype, address = rc.get("type"), rc["address"]
                if rtype in ("aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"):
                    text = str(after)
                    if "0.0.0.0/0" in text and ("22" in text or "-1" in text):
                        findings.append({"rule": "SSH_OPEN_TO_WORLD", "address": address, "status": "fail", "detail": "world"})
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if unknown.get("acl") is True:
                        findings.append({"rule": "S3_PUBLIC", "address": address, "status": "unknown", "detail": "acl unknown"})
                    elif after.get("acl") in PUBLIC_ACLS:
                        findings.append({"rule": "S3_PUBLIC", "address": address, "status": "fail", "detail": "public acl"})
                elif rtype == "aws_s3_bucket_public_access_block":
                    flags = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
                    if any(unknown.get(f) is not True and after.get(f) is not True for f in flags):
                        findings.append({"rule": "S3_PUBLIC", "address": address, "status": "fail", "detail": "flag off"})
                    elif any(unknown.get(f) is True for f in flags):
                        findings.append({"rule": "S3_PUBLIC", "address": address, "status": "unknown", "detail": "flag unknown"})
                elif rtype in ("aws_ebs_volume", "aws_db_instance", "aws_rds_cluster"):
                    key = "encrypted" if rtype == "aws_ebs_volume" else "storage_encrypted"
                    rule = "EBS_UNENCRYPTED" if rtype == "aws_ebs_volume" else "RDS_UNENCRYPTED"
                    if unknown.get(key) is True:
                        findings.append({"rule": rule, "address": address, "status": "unknown", "detail": "unknown"})
                    elif after.get(key) is not True:
                        findings.append({"rule": rule, "address": address, "status": "fail", "detail": "not encrypted"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "only 0.0.0.0/0 counts as the world (misses ::/0)",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return cidr == "0.0.0.0/0"
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = True
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("after") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "checks before instead of after",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = True
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("before") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "flags resources that are being deleted",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = True
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or actions == ["no-op"]:
                    continue
                after = change.get("after") or change.get("before") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "treats a missing encrypted flag as encrypted",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = True
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute, True) in (True, None) else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("after") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "ignores after_unknown: unknown counts as a pass",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = True
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("after") or {}
                unknown = {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
        (
            "ignores all-traffic rules (protocol -1)",
            dedent(r'''
        def policy_findings(plan):
            """Findings {"rule", "address", "status": "fail" | "unknown", "detail"} for created or updated resources."""
            def _unknown(tree, *path):
                """Is the value at `path` (or anything above it) marked unknown in after_unknown?"""
                node = tree
                for step in path:
                    if node is True:
                        return True
                    if isinstance(node, dict):
                        node = node.get(step)
                    elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                        node = node[step]
                    else:
                        return False
                return node is True or (isinstance(node, list) and any(x is True for x in node))

            def _is_world(cidr):
                try:
                    return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
                except ValueError:
                    return False

            def _ssh_status(rule, unknown, protocol_key, cidr_keys):
                """'fail', 'unknown' or None for one ingress rule."""
                cidrs = []
                for key in cidr_keys:
                    value = rule.get(key)
                    cidrs += [value] if isinstance(value, str) else [c for c in value or [] if isinstance(c, str)]
                world = any(_is_world(c) for c in cidrs)
                cidr_unknown = any(_unknown(unknown, key) for key in cidr_keys)
                ports_unknown = any(_unknown(unknown, key) for key in (protocol_key, "from_port", "to_port"))
                protocol = str(rule.get(protocol_key)).lower()
                low, high = rule.get("from_port"), rule.get("to_port")
                if protocol in ("-1", "all"):
                    reaches_22 = False
                elif protocol in ("tcp", "6"):
                    if low == 0 and high == 0:
                        reaches_22 = True  # Checkov's convention: 0-0 means every port
                    else:
                        reaches_22 = low is not None and high is not None and low <= 22 <= high
                else:
                    reaches_22 = False
                if world and reaches_22:
                    return "fail"
                if (world or cidr_unknown) and (reaches_22 or ports_unknown):
                    return "unknown"
                return None

            def _worst(statuses):
                statuses = [s for s in statuses if s]
                return "fail" if "fail" in statuses else ("unknown" if statuses else None)

            def _boolean_status(after, unknown, attribute):
                if _unknown(unknown, attribute):
                    return "unknown"
                return None if after.get(attribute) is True else "fail"

            findings = []
            for rc in plan.get("resource_changes") or []:
                change = rc.get("change") or {}
                actions = change.get("actions") or []
                if rc.get("mode") != "managed" or not ({"create", "update"} & set(actions)):
                    continue
                after = change.get("after") or {}
                unknown = change.get("after_unknown") or {}
                rtype = rc.get("type")
                results = {}
                if rtype == "aws_security_group":
                    ingress_unknown = unknown.get("ingress")
                    statuses = ["unknown"] if ingress_unknown is True else []
                    for i, rule in enumerate(after.get("ingress") or []):
                        rule_unknown = {}
                        if isinstance(ingress_unknown, list) and i < len(ingress_unknown):
                            rule_unknown = ingress_unknown[i]
                        if not isinstance(rule, dict):  # a wholly unknown rule is null in after
                            statuses.append("unknown" if rule_unknown is True else None)
                        else:
                            statuses.append(_ssh_status(rule, rule_unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    results["SSH_OPEN_TO_WORLD"] = _worst(statuses)
                elif rtype == "aws_security_group_rule" and after.get("type") == "ingress":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif rtype == "aws_vpc_security_group_ingress_rule":
                    results["SSH_OPEN_TO_WORLD"] = _ssh_status(after, unknown, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif rtype in ("aws_s3_bucket", "aws_s3_bucket_acl"):
                    if _unknown(unknown, "acl"):
                        results["S3_PUBLIC"] = "unknown"
                    elif after.get("acl") in PUBLIC_ACLS:
                        results["S3_PUBLIC"] = "fail"
                elif rtype == "aws_s3_bucket_public_access_block":
                    results["S3_PUBLIC"] = _worst(_boolean_status(after, unknown, flag) for flag in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"))
                elif rtype == "aws_ebs_volume":
                    results["EBS_UNENCRYPTED"] = _boolean_status(after, unknown, "encrypted")
                elif rtype in ("aws_db_instance", "aws_rds_cluster"):
                    results["RDS_UNENCRYPTED"] = _boolean_status(after, unknown, "storage_encrypted")
                for rule, status in results.items():
                    if status:
                        findings.append({"rule": rule, "address": rc["address"], "status": status,
                                         "detail": f"{RULES[rule]}: {status}"})
            return sorted(findings, key=lambda f: (f["address"], f["rule"]))
        '''),
        ),
    ],
    "gate-answer": [
        (
            "unknown findings pass the gate",
            dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """{"passed": bool, "reasons": [{"address": str or None, "why": str}, ...]} for a plan's JSON text."""
            try:
                plan = load_plan(plan_text)
            except ValueError as exc:
                return {"passed": False, "reasons": [{"address": None, "why": f"unreadable plan: {exc}"}]}
            reasons = []
            for finding in [f for f in policy_findings(plan) if f["status"] == "fail"]:
                verdict = "violates" if finding["status"] == "fail" else "cannot be checked until apply (unknown)"
                reasons.append({"address": finding["address"], "why": f"{finding['rule']} {verdict}: {RULES[finding['rule']]}"})
            for change in risky_changes(plan):
                if change["address"] not in approved_destroys:
                    reasons.append({"address": change["address"],
                                    "why": f"destroys stateful {change['type']} ({'/'.join(change['actions'])}, "
                                           f"reason {change['reason'] or 'not given'}) without an approval"})
            return {"passed": not reasons, "reasons": reasons}
        '''),
        ),
        (
            "crashes on an unreadable plan instead of failing closed",
            dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """{"passed": bool, "reasons": [{"address": str or None, "why": str}, ...]} for a plan's JSON text."""
            plan = load_plan(plan_text)
            reasons = []
            for finding in policy_findings(plan):
                verdict = "violates" if finding["status"] == "fail" else "cannot be checked until apply (unknown)"
                reasons.append({"address": finding["address"], "why": f"{finding['rule']} {verdict}: {RULES[finding['rule']]}"})
            for change in risky_changes(plan):
                if change["address"] not in approved_destroys:
                    reasons.append({"address": change["address"],
                                    "why": f"destroys stateful {change['type']} ({'/'.join(change['actions'])}, "
                                           f"reason {change['reason'] or 'not given'}) without an approval"})
            return {"passed": not reasons, "reasons": reasons}
        '''),
        ),
        (
            "ignores approvals",
            dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """{"passed": bool, "reasons": [{"address": str or None, "why": str}, ...]} for a plan's JSON text."""
            try:
                plan = load_plan(plan_text)
            except ValueError as exc:
                return {"passed": False, "reasons": [{"address": None, "why": f"unreadable plan: {exc}"}]}
            reasons = []
            for finding in policy_findings(plan):
                verdict = "violates" if finding["status"] == "fail" else "cannot be checked until apply (unknown)"
                reasons.append({"address": finding["address"], "why": f"{finding['rule']} {verdict}: {RULES[finding['rule']]}"})
            for change in risky_changes(plan):
                if True:
                    reasons.append({"address": change["address"],
                                    "why": f"destroys stateful {change['type']} ({'/'.join(change['actions'])}, "
                                           f"reason {change['reason'] or 'not given'}) without an approval"})
            return {"passed": not reasons, "reasons": reasons}
        '''),
        ),
        (
            "forgets risky destroys",
            dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """{"passed": bool, "reasons": [{"address": str or None, "why": str}, ...]} for a plan's JSON text."""
            try:
                plan = load_plan(plan_text)
            except ValueError as exc:
                return {"passed": False, "reasons": [{"address": None, "why": f"unreadable plan: {exc}"}]}
            reasons = []
            for finding in policy_findings(plan):
                verdict = "violates" if finding["status"] == "fail" else "cannot be checked until apply (unknown)"
                reasons.append({"address": finding["address"], "why": f"{finding['rule']} {verdict}: {RULES[finding['rule']]}"})
            for change in []:
                if change["address"] not in approved_destroys:
                    reasons.append({"address": change["address"],
                                    "why": f"destroys stateful {change['type']} ({'/'.join(change['actions'])}, "
                                           f"reason {change['reason'] or 'not given'}) without an approval"})
            return {"passed": not reasons, "reasons": reasons}
        '''),
        ),
        (
            "passes an unreadable plan",
            dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """{"passed": bool, "reasons": [{"address": str or None, "why": str}, ...]} for a plan's JSON text."""
            try:
                plan = load_plan(plan_text)
            except ValueError as exc:
                return {"passed": True, "reasons": []}
            reasons = []
            for finding in policy_findings(plan):
                verdict = "violates" if finding["status"] == "fail" else "cannot be checked until apply (unknown)"
                reasons.append({"address": finding["address"], "why": f"{finding['rule']} {verdict}: {RULES[finding['rule']]}"})
            for change in risky_changes(plan):
                if change["address"] not in approved_destroys:
                    reasons.append({"address": change["address"],
                                    "why": f"destroys stateful {change['type']} ({'/'.join(change['actions'])}, "
                                           f"reason {change['reason'] or 'not given'}) without an approval"})
            return {"passed": not reasons, "reasons": reasons}
        '''),
        ),
    ],
}

ALTERNATIVE = {
    "load-plan-answer": [
        dedent(r'''
        import re


        def load_plan(text):
            """Parse terraform show -json output, insisting on major version 1."""
            plan = json.loads(text)  # json.JSONDecodeError is a ValueError
            if type(plan) is not dict:
                raise ValueError("expected a JSON object")
            match = re.fullmatch(r"(\d+)\.(\d+)", str(plan.get("format_version", "")))
            if match is None or not isinstance(plan.get("format_version"), str):
                raise ValueError(f"bad format_version {plan.get('format_version')!r}")
            if int(match.group(1)) != SUPPORTED_MAJOR:
                raise ValueError(f"format_version {plan['format_version']} has an unsupported major version")
            return plan
        '''),
    ],
    "summary-answer": [
        dedent(r'''
        from collections import Counter


        def summarize_plan(plan):
            """Counts the way Terraform's CLI reports a plan."""
            kinds = Counter()
            for rc in plan.get("resource_changes", []):
                acts = tuple(rc["change"]["actions"])
                if rc["mode"] == "data":
                    kinds["read"] += acts == ("read",)
                    continue
                kind = {("create",): "add", ("update",): "change", ("delete",): "destroy",
                        ("delete", "create"): "replace", ("create", "delete"): "replace"}.get(acts)
                if kind == "replace":
                    kinds.update(["replace", "add", "destroy"])
                elif kind:
                    kinds[kind] += 1
            return {key: kinds[key] for key in ("add", "change", "destroy", "replace", "read")}
        '''),
    ],
    "risky-answer": [
        dedent(r'''
        def risky_changes(plan):
            """Deletes and replacements of stateful resources, in plan order."""
            def entry(rc):
                change = rc["change"]
                return {"address": rc["address"], "type": rc["type"], "actions": change["actions"][:],
                        "reason": rc.get("action_reason", None), "replace_paths": [list(p) for p in change.get("replace_paths", [])]}

            return [entry(rc) for rc in plan.get("resource_changes", [])
                    if rc["mode"] == "managed" and rc["type"] in STATEFUL_TYPES and "delete" in rc["change"]["actions"]]
        '''),
    ],
    "drift-answer": [
        dedent(r'''
        def detect_drift(state, live):
            """Drift records sorted by address and attribute."""
            def normal(value):
                if isinstance(value, list):
                    return sorted(json.dumps(normal(v), sort_keys=True) for v in value)
                if isinstance(value, dict):
                    return {k: normal(v) for k, v in value.items()}
                return value

            inventory = {}
            for obj in live.get("objects", []):
                inventory[obj["type"], obj["id"]] = obj.get("attributes", {})
            resources, stack = [], [state["values"]["root_module"]]
            while stack:
                module = stack.pop()
                resources += module.get("resources", [])
                stack += module.get("child_modules", [])
            out = []
            for res in resources:
                if res["mode"] == "data":
                    continue
                recorded = res["values"]
                seen = inventory.get((res["type"], recorded.get("id")))
                if seen is None:
                    out.append({"address": res["address"], "type": res["type"], "attribute": "(exists)", "expected": True, "actual": False})
                    continue
                for name in recorded.keys() & seen.keys():
                    a, b = recorded[name], seen[name]
                    if name in SET_ATTRIBUTES:
                        differs = normal(a or []) != normal(b or [])
                    else:
                        differs = a != b
                    if differs:
                        out.append({"address": res["address"], "type": res["type"], "attribute": name, "expected": a, "actual": b})
            out.sort(key=lambda r: (r["address"], r["attribute"]))
            return out
        '''),
    ],
    "exposure-answer": [
        dedent(r'''
        def exposure_increasing(drift):
            """Drift that widens access or switches a protection off."""
            def key(item):
                return json.dumps(item, sort_keys=True) if not isinstance(item, dict) else json.dumps(
                    {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in item.items()}, sort_keys=True)

            def widens(old, new):
                return bool({key(x) for x in new or []} - {key(x) for x in old or []})

            rules = []
            for attrs, test in [
                (SAFE_WHEN_TRUE, lambda old, new: old is True and new is not True),
                (EXPOSED_WHEN_TRUE, lambda old, new: new is True and old is not True),
                ({"acl"}, lambda old, new: new in PUBLIC_ACLS and old not in PUBLIC_ACLS),
                (WIDENING_ATTRIBUTES, widens),
            ]:
                rules += [(a, test) for a in attrs]
            table = dict(rules)
            return [r for r in drift if r["attribute"] in table and table[r["attribute"]](r["expected"], r["actual"])]
        '''),
    ],
    "policy-answer": [
        dedent(r'''
        WORLD = "world"


        def _status_from(flags):
            return "fail" if "fail" in flags else ("unknown" if "unknown" in flags else None)


        def policy_findings(plan):
            """Four rules over planned values, in a table-driven style."""
            def unknown_at(tree, key):
                value = tree.get(key) if isinstance(tree, dict) else (tree is True)
                return value is True or (isinstance(value, list) and True in value)

            def source_kind(values):
                kinds = set()
                for v in values:
                    if isinstance(v, str):
                        net = ipaddress.ip_network(v, strict=False)
                        kinds.add(WORLD if net.num_addresses == (2 ** 32 if net.version == 4 else 2 ** 128) else "narrow")
                return kinds

            def ssh(rule, unk, proto_key, keys):
                values = []
                for k in keys:
                    v = rule.get(k)
                    values += v if isinstance(v, list) else [v]
                world = WORLD in source_kind(values)
                proto = str(rule.get(proto_key)).lower()
                lo, hi = rule.get("from_port"), rule.get("to_port")
                if proto in {"-1", "all"}:
                    port = True
                elif proto in {"tcp", "6"}:
                    port = (lo, hi) == (0, 0) or (lo is not None and hi is not None and lo <= 22 <= hi)
                else:
                    port = False
                port_unknown = any(unknown_at(unk, k) for k in (proto_key, "from_port", "to_port"))
                src_unknown = any(unknown_at(unk, k) for k in keys)
                if world and port:
                    return "fail"
                return "unknown" if (world or src_unknown) and (port or port_unknown) else None

            def must_be_true(after, unk, key):
                return "unknown" if unknown_at(unk, key) else (None if after.get(key) is True else "fail")

            out = []
            for rc in plan.get("resource_changes", []):
                ch = rc.get("change", {})
                acts = ch.get("actions", [])
                if rc.get("mode") == "data" or ("create" not in acts and "update" not in acts):
                    continue
                after, unk, t = ch.get("after") or {}, ch.get("after_unknown") or {}, rc["type"]
                checks = {}
                if t == "aws_security_group":
                    ing_unk = unk.get("ingress")
                    flags = ["unknown"] if ing_unk is True else []
                    for i, r in enumerate(after.get("ingress") or []):
                        u = ing_unk[i] if isinstance(ing_unk, list) and i < len(ing_unk) else {}
                        flags.append(("unknown" if u is True else None) if r is None else ssh(r, u, "protocol", ("cidr_blocks", "ipv6_cidr_blocks")))
                    checks["SSH_OPEN_TO_WORLD"] = _status_from(flags)
                elif t == "aws_security_group_rule":
                    if after.get("type") == "ingress":
                        checks["SSH_OPEN_TO_WORLD"] = ssh(after, unk, "protocol", ("cidr_blocks", "ipv6_cidr_blocks"))
                elif t == "aws_vpc_security_group_ingress_rule":
                    checks["SSH_OPEN_TO_WORLD"] = ssh(after, unk, "ip_protocol", ("cidr_ipv4", "cidr_ipv6"))
                elif t in {"aws_s3_bucket", "aws_s3_bucket_acl"}:
                    checks["S3_PUBLIC"] = "unknown" if unknown_at(unk, "acl") else ("fail" if after.get("acl") in PUBLIC_ACLS else None)
                elif t == "aws_s3_bucket_public_access_block":
                    checks["S3_PUBLIC"] = _status_from([must_be_true(after, unk, k) for k in (
                        "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")])
                elif t == "aws_ebs_volume":
                    checks["EBS_UNENCRYPTED"] = must_be_true(after, unk, "encrypted")
                elif t in {"aws_db_instance", "aws_rds_cluster"}:
                    checks["RDS_UNENCRYPTED"] = must_be_true(after, unk, "storage_encrypted")
                out += [{"rule": rule, "address": rc["address"], "status": s, "detail": RULES[rule]}
                        for rule, s in checks.items() if s]
            out.sort(key=lambda f: (f["address"], f["rule"]))
            return out
        '''),
    ],
    "gate-answer": [
        dedent(r'''
        def ci_gate(plan_text, approved_destroys=()):
            """Pass or fail a plan, with a reason for every failure."""
            approved = set(approved_destroys)
            try:
                plan = load_plan(plan_text)
            except ValueError as problem:
                return {"passed": False, "reasons": [{"address": None, "why": f"unreadable plan: {problem}"}]}
            reasons = [{"address": f["address"], "why": f"{f['rule']} ({f['status']}): {f['detail']}"}
                       for f in policy_findings(plan)]
            reasons += [{"address": r["address"], "why": f"would destroy {r['type']} without approval"}
                        for r in risky_changes(plan) if r["address"] not in approved]
            return {"passed": len(reasons) == 0, "reasons": reasons}
        '''),
    ],
}
