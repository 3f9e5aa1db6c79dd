"""Wrong and alternative answers for 05-desired-state (generated from the reference, then reviewed)."""

from textwrap import dedent

WRONG = {
    "plan-answer": [
        (
            "manages undeclared resources: deletes everything not declared",
            dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address.

            Each step is {"address": str, "action": "create" | "update" | "delete" | "no-op",
            "changes": dict}. Undeclared addresses in `actual` get no step. Raises ValueError for
            an `ensure` other than "present" or "absent". Returns new data.
            """
            steps = []
            for address in sorted(desired):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure not in ("present", "absent"):
                    raise ValueError(f"{address}: ensure must be 'present' or 'absent', not {ensure!r}")
                want = {k: v for k, v in spec.items() if k not in META_KEYS}
                if ensure == "absent":
                    action, changes = ("delete" if address in actual else "no-op"), {}
                elif address not in actual:
                    action, changes = "create", want
                else:
                    have = actual[address]
                    changes = {k: v for k, v in want.items() if k not in have or have[k] != v}
                    action = "update" if changes else "no-op"
                steps.append({"address": address, "action": action, "changes": copy.deepcopy(changes)})
            for address in actual:
                if address not in desired:
                    steps.append({"address": address, "action": "delete", "changes": {}})
            return sorted(steps, key=lambda step: step["address"])
        '''),
        ),
        (
            "compares whole resources, so unmanaged attributes trigger updates",
            dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address.

            Each step is {"address": str, "action": "create" | "update" | "delete" | "no-op",
            "changes": dict}. Undeclared addresses in `actual` get no step. Raises ValueError for
            an `ensure` other than "present" or "absent". Returns new data.
            """
            steps = []
            for address in sorted(desired):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure not in ("present", "absent"):
                    raise ValueError(f"{address}: ensure must be 'present' or 'absent', not {ensure!r}")
                want = {k: v for k, v in spec.items() if k not in META_KEYS}
                if ensure == "absent":
                    action, changes = ("delete" if address in actual else "no-op"), {}
                elif address not in actual:
                    action, changes = "create", want
                else:
                    have = actual[address]
                    changes = dict(want) if have != want else {}
                    action = "update" if changes else "no-op"
                steps.append({"address": address, "action": action, "changes": copy.deepcopy(changes)})
            return steps
        '''),
        ),
        (
            "ignores ensure: absent (treats it like present)",
            dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address.

            Each step is {"address": str, "action": "create" | "update" | "delete" | "no-op",
            "changes": dict}. Undeclared addresses in `actual` get no step. Raises ValueError for
            an `ensure` other than "present" or "absent". Returns new data.
            """
            steps = []
            for address in sorted(desired):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure not in ("present", "absent"):
                    raise ValueError(f"{address}: ensure must be 'present' or 'absent', not {ensure!r}")
                want = {k: v for k, v in spec.items() if k not in META_KEYS}
                if False:
                    action, changes = ("delete" if address in actual else "no-op"), {}
                elif address not in actual:
                    action, changes = "create", want
                else:
                    have = actual[address]
                    changes = {k: v for k, v in want.items() if k not in have or have[k] != v}
                    action = "update" if changes else "no-op"
                steps.append({"address": address, "action": action, "changes": copy.deepcopy(changes)})
            return steps
        '''),
        ),
        (
            "keeps meta keys (requires, ensure) as attributes",
            dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address.

            Each step is {"address": str, "action": "create" | "update" | "delete" | "no-op",
            "changes": dict}. Undeclared addresses in `actual` get no step. Raises ValueError for
            an `ensure` other than "present" or "absent". Returns new data.
            """
            steps = []
            for address in sorted(desired):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure not in ("present", "absent"):
                    raise ValueError(f"{address}: ensure must be 'present' or 'absent', not {ensure!r}")
                want = dict(spec)
                if ensure == "absent":
                    action, changes = ("delete" if address in actual else "no-op"), {}
                elif address not in actual:
                    action, changes = "create", want
                else:
                    have = actual[address]
                    changes = {k: v for k, v in want.items() if k not in have or have[k] != v}
                    action = "update" if changes else "no-op"
                steps.append({"address": address, "action": action, "changes": copy.deepcopy(changes)})
            return steps
        '''),
        ),
        (
            "deletes an absent resource even when it is already missing",
            dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address.

            Each step is {"address": str, "action": "create" | "update" | "delete" | "no-op",
            "changes": dict}. Undeclared addresses in `actual` get no step. Raises ValueError for
            an `ensure` other than "present" or "absent". Returns new data.
            """
            steps = []
            for address in sorted(desired):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure not in ("present", "absent"):
                    raise ValueError(f"{address}: ensure must be 'present' or 'absent', not {ensure!r}")
                want = {k: v for k, v in spec.items() if k not in META_KEYS}
                if ensure == "absent":
                    action, changes = "delete", {}
                elif address not in actual:
                    action, changes = "create", want
                else:
                    have = actual[address]
                    changes = {k: v for k, v in want.items() if k not in have or have[k] != v}
                    action = "update" if changes else "no-op"
                steps.append({"address": address, "action": action, "changes": copy.deepcopy(changes)})
            return steps
        '''),
        ),
    ],
    "order-answer": [
        (
            "alphabetical order, ignoring requirements",
            dedent(r'''
        def apply_order(desired):
            """The declared addresses in the order the engine must visit them.

            Present resources come after what they require; absent resources are removed before
            the absent resources they require; ties go to the alphabetically smallest address.
            Raises ValueError for an undeclared requirement, a present resource requiring an
            absent one, or a cycle.
            """
            return sorted(desired)
            import heapq

            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            successors = {a: set() for a in desired}
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if dep not in desired:
                        raise ValueError(f"{address} requires {dep}, which is not declared")
                    if address in present and dep not in present:
                        raise ValueError(f"{address} is present but requires {dep}, which is absent")
                    if address in present:
                        successors[dep].add(address)  # build the dependency first
                    elif dep not in present:
                        successors[address].add(dep)  # tear the dependent down first
            indegree = {a: 0 for a in desired}
            for targets in successors.values():
                for target in targets:
                    indegree[target] += 1
            ready = [a for a, n in indegree.items() if n == 0]
            heapq.heapify(ready)
            order = []
            while ready:
                address = heapq.heappop(ready)
                order.append(address)
                for target in successors[address]:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        heapq.heappush(ready, target)
            if len(order) < len(desired):
                stuck = sorted(a for a, n in indegree.items() if n > 0)
                raise ValueError(f"dependency cycle among {stuck}")
            return order
        '''),
        ),
        (
            "tears down in build-up order (dependency first)",
            dedent(r'''
        def apply_order(desired):
            """The declared addresses in the order the engine must visit them.

            Present resources come after what they require; absent resources are removed before
            the absent resources they require; ties go to the alphabetically smallest address.
            Raises ValueError for an undeclared requirement, a present resource requiring an
            absent one, or a cycle.
            """
            import heapq

            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            successors = {a: set() for a in desired}
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if dep not in desired:
                        raise ValueError(f"{address} requires {dep}, which is not declared")
                    if address in present and dep not in present:
                        raise ValueError(f"{address} is present but requires {dep}, which is absent")
                    if address in present:
                        successors[dep].add(address)  # build the dependency first
                    elif dep not in present:
                        successors[dep].add(address)
            indegree = {a: 0 for a in desired}
            for targets in successors.values():
                for target in targets:
                    indegree[target] += 1
            ready = [a for a, n in indegree.items() if n == 0]
            heapq.heapify(ready)
            order = []
            while ready:
                address = heapq.heappop(ready)
                order.append(address)
                for target in successors[address]:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        heapq.heappush(ready, target)
            if len(order) < len(desired):
                stuck = sorted(a for a, n in indegree.items() if n > 0)
                raise ValueError(f"dependency cycle among {stuck}")
            return order
        '''),
        ),
        (
            "depth-first order without the alphabetical tie-break",
            dedent(r'''
        def apply_order(desired):
            """The declared addresses in the order the engine must visit them."""
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: [] for a in desired}
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if dep not in desired:
                        raise ValueError(f"{address} requires {dep}, which is not declared")
                    if address in present and dep not in present:
                        raise ValueError(f"{address} requires absent {dep}")
                    if address in present:
                        before[address].append(dep)
                    elif dep not in present:
                        before[dep].append(address)
            order, state = [], {}

            def visit(address):
                if state.get(address) == "done":
                    return
                if state.get(address) == "active":
                    raise ValueError(f"dependency cycle through {address}")
                state[address] = "active"
                for first in before[address]:
                    visit(first)
                state[address] = "done"
                order.append(address)

            for address in desired:
                visit(address)
            return order
        '''),
        ),
        (
            "no cycle detection: returns a partial order",
            dedent(r'''
        def apply_order(desired):
            """The declared addresses in the order the engine must visit them.

            Present resources come after what they require; absent resources are removed before
            the absent resources they require; ties go to the alphabetically smallest address.
            Raises ValueError for an undeclared requirement, a present resource requiring an
            absent one, or a cycle.
            """
            import heapq

            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            successors = {a: set() for a in desired}
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if dep not in desired:
                        raise ValueError(f"{address} requires {dep}, which is not declared")
                    if address in present and dep not in present:
                        raise ValueError(f"{address} is present but requires {dep}, which is absent")
                    if address in present:
                        successors[dep].add(address)  # build the dependency first
                    elif dep not in present:
                        successors[address].add(dep)  # tear the dependent down first
            indegree = {a: 0 for a in desired}
            for targets in successors.values():
                for target in targets:
                    indegree[target] += 1
            ready = [a for a, n in indegree.items() if n == 0]
            heapq.heapify(ready)
            order = []
            while ready:
                address = heapq.heappop(ready)
                order.append(address)
                for target in successors[address]:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        heapq.heappush(ready, target)
            return order
        '''),
        ),
        (
            "does not check for undeclared requirements",
            dedent(r'''
        def apply_order(desired):
            """The declared addresses in the order the engine must visit them.

            Present resources come after what they require; absent resources are removed before
            the absent resources they require; ties go to the alphabetically smallest address.
            Raises ValueError for an undeclared requirement, a present resource requiring an
            absent one, or a cycle.
            """
            import heapq

            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            successors = {a: set() for a in desired}
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present and dep not in present:
                        raise ValueError(f"{address} is present but requires {dep}, which is absent")
                    if address in present:
                        successors[dep].add(address)  # build the dependency first
                    elif dep not in present:
                        successors[address].add(dep)  # tear the dependent down first
            indegree = {a: 0 for a in desired}
            for targets in successors.values():
                for target in targets:
                    indegree[target] += 1
            ready = [a for a, n in indegree.items() if n == 0]
            heapq.heapify(ready)
            order = []
            while ready:
                address = heapq.heappop(ready)
                order.append(address)
                for target in successors[address]:
                    indegree[target] -= 1
                    if indegree[target] == 0:
                        heapq.heappush(ready, target)
            if len(order) < len(desired):
                stuck = sorted(a for a, n in indegree.items() if n > 0)
                raise ValueError(f"dependency cycle among {stuck}")
            return order
        '''),
        ),
    ],
    "converge-answer": [
        (
            "modifies actual in place instead of copying",
            dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order; return the new state and what happened.

            Returns {"actual": new state, "changed": [...], "failed": [...], "skipped": [...]}.
            A step whose address is in `fail_on` fails when attempted. Steps blocked by a failure
            (directly or through other blocked resources) are not attempted. Returns new data.
            """
            steps = {step["address"]: step for step in plan(desired, actual)}
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: set() for a in desired}  # what must succeed before each address is touched
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present:
                        before[address].add(dep)
                    elif dep not in present:
                        before[dep].add(address)
            new_actual = actual
            changed, failed, skipped = [], [], []
            blocked = set()  # failed, or waiting on something that failed
            for address in apply_order(desired):
                step = steps[address]
                if before[address] & blocked:
                    blocked.add(address)
                    if step["action"] != "no-op":
                        skipped.append(address)
                    continue
                if step["action"] == "no-op":
                    continue
                if address in fail_on:
                    failed.append(address)
                    blocked.add(address)
                    continue
                if step["action"] == "create":
                    new_actual[address] = copy.deepcopy(step["changes"])
                elif step["action"] == "update":
                    new_actual[address] = {**new_actual[address], **copy.deepcopy(step["changes"])}
                else:
                    del new_actual[address]
                changed.append(address)
            return {"actual": new_actual, "changed": changed, "failed": failed, "skipped": skipped}
        '''),
        ),
        (
            "stops the whole run at the first failure (all or nothing)",
            dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order; return the new state and what happened.

            Returns {"actual": new state, "changed": [...], "failed": [...], "skipped": [...]}.
            A step whose address is in `fail_on` fails when attempted. Steps blocked by a failure
            (directly or through other blocked resources) are not attempted. Returns new data.
            """
            steps = {step["address"]: step for step in plan(desired, actual)}
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: set() for a in desired}  # what must succeed before each address is touched
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present:
                        before[address].add(dep)
                    elif dep not in present:
                        before[dep].add(address)
            new_actual = copy.deepcopy(actual)
            changed, failed, skipped = [], [], []
            blocked = set()  # failed, or waiting on something that failed
            for address in apply_order(desired):
                step = steps[address]
                if before[address] & blocked:
                    blocked.add(address)
                    if step["action"] != "no-op":
                        skipped.append(address)
                    continue
                if step["action"] == "no-op":
                    continue
                if address in fail_on:
                    failed.append(address)
                    blocked.add(address)
                    break
                if step["action"] == "create":
                    new_actual[address] = copy.deepcopy(step["changes"])
                elif step["action"] == "update":
                    new_actual[address] = {**new_actual[address], **copy.deepcopy(step["changes"])}
                else:
                    del new_actual[address]
                changed.append(address)
            return {"actual": new_actual, "changed": changed, "failed": failed, "skipped": skipped}
        '''),
        ),
        (
            "update replaces the whole resource, losing unmanaged attributes",
            dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order; return the new state and what happened.

            Returns {"actual": new state, "changed": [...], "failed": [...], "skipped": [...]}.
            A step whose address is in `fail_on` fails when attempted. Steps blocked by a failure
            (directly or through other blocked resources) are not attempted. Returns new data.
            """
            steps = {step["address"]: step for step in plan(desired, actual)}
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: set() for a in desired}  # what must succeed before each address is touched
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present:
                        before[address].add(dep)
                    elif dep not in present:
                        before[dep].add(address)
            new_actual = copy.deepcopy(actual)
            changed, failed, skipped = [], [], []
            blocked = set()  # failed, or waiting on something that failed
            for address in apply_order(desired):
                step = steps[address]
                if before[address] & blocked:
                    blocked.add(address)
                    if step["action"] != "no-op":
                        skipped.append(address)
                    continue
                if step["action"] == "no-op":
                    continue
                if address in fail_on:
                    failed.append(address)
                    blocked.add(address)
                    continue
                if step["action"] == "create":
                    new_actual[address] = copy.deepcopy(step["changes"])
                elif step["action"] == "update":
                    new_actual[address] = copy.deepcopy(step["changes"])
                else:
                    del new_actual[address]
                changed.append(address)
            return {"actual": new_actual, "changed": changed, "failed": failed, "skipped": skipped}
        '''),
        ),
        (
            "skips only direct dependents of a failure",
            dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order; return the new state and what happened.

            Returns {"actual": new state, "changed": [...], "failed": [...], "skipped": [...]}.
            A step whose address is in `fail_on` fails when attempted. Steps blocked by a failure
            (directly or through other blocked resources) are not attempted. Returns new data.
            """
            steps = {step["address"]: step for step in plan(desired, actual)}
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: set() for a in desired}  # what must succeed before each address is touched
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present:
                        before[address].add(dep)
                    elif dep not in present:
                        before[dep].add(address)
            new_actual = copy.deepcopy(actual)
            changed, failed, skipped = [], [], []
            blocked = set()  # failed, or waiting on something that failed
            for address in apply_order(desired):
                step = steps[address]
                if before[address] & set(failed):
                    if step["action"] != "no-op":
                        skipped.append(address)
                    continue
                if step["action"] == "no-op":
                    continue
                if address in fail_on:
                    failed.append(address)
                    blocked.add(address)
                    continue
                if step["action"] == "create":
                    new_actual[address] = copy.deepcopy(step["changes"])
                elif step["action"] == "update":
                    new_actual[address] = {**new_actual[address], **copy.deepcopy(step["changes"])}
                else:
                    del new_actual[address]
                changed.append(address)
            return {"actual": new_actual, "changed": changed, "failed": failed, "skipped": skipped}
        '''),
        ),
        (
            "ignores fail_on",
            dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order; return the new state and what happened.

            Returns {"actual": new state, "changed": [...], "failed": [...], "skipped": [...]}.
            A step whose address is in `fail_on` fails when attempted. Steps blocked by a failure
            (directly or through other blocked resources) are not attempted. Returns new data.
            """
            steps = {step["address"]: step for step in plan(desired, actual)}
            present = {a for a, spec in desired.items() if spec.get("ensure", "present") != "absent"}
            before = {a: set() for a in desired}  # what must succeed before each address is touched
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if address in present:
                        before[address].add(dep)
                    elif dep not in present:
                        before[dep].add(address)
            new_actual = copy.deepcopy(actual)
            changed, failed, skipped = [], [], []
            blocked = set()  # failed, or waiting on something that failed
            for address in apply_order(desired):
                step = steps[address]
                if before[address] & blocked:
                    blocked.add(address)
                    if step["action"] != "no-op":
                        skipped.append(address)
                    continue
                if step["action"] == "no-op":
                    continue
                if False:
                    failed.append(address)
                    blocked.add(address)
                    continue
                if step["action"] == "create":
                    new_actual[address] = copy.deepcopy(step["changes"])
                elif step["action"] == "update":
                    new_actual[address] = {**new_actual[address], **copy.deepcopy(step["changes"])}
                else:
                    del new_actual[address]
                changed.append(address)
            return {"actual": new_actual, "changed": changed, "failed": failed, "skipped": skipped}
        '''),
        ),
    ],
    "setting-answer": [
        (
            "appends the line: an imperative step, not a state",
            dedent(r'''
        def ensure_setting(text, key, value):
            """Append the setting."""
            if text and not text.endswith("\n"):
                text += "\n"
            return text + f"{key} {value}\n"
        '''),
        ),
        (
            "matches the keyword case-sensitively",
            dedent(r'''
        def ensure_setting(text, key, value):
            """Make the global section of an sshd_config text set `key` to `value` exactly once.

            Returns the new text (lines joined with "\\n", ending with one "\\n").
            """
            def keyword(line):
                words = line.split()
                if not words or words[0].startswith("#"):
                    return None
                return words[0].lower()

            lines = text.splitlines()
            first_match = next((i for i, line in enumerate(lines) if keyword(line) == "match"), len(lines))
            wanted = f"{key} {value}"
            result, written = [], False
            for i, line in enumerate(lines):
                if i == first_match and not written:
                    result.append(wanted)
                    written = True
                if i < first_match and line.split()[:1] == [key]:
                    if not written:
                        result.append(wanted)
                        written = True
                    continue
                result.append(line)
            if not written:
                result.append(wanted)
            return "\n".join(result) + "\n"
        '''),
        ),
        (
            "ignores Match blocks",
            dedent(r'''
        def ensure_setting(text, key, value):
            """Make the global section of an sshd_config text set `key` to `value` exactly once.

            Returns the new text (lines joined with "\\n", ending with one "\\n").
            """
            def keyword(line):
                words = line.split()
                if not words or words[0].startswith("#"):
                    return None
                return words[0].lower()

            lines = text.splitlines()
            first_match = len(lines)
            wanted = f"{key} {value}"
            result, written = [], False
            for i, line in enumerate(lines):
                if i == first_match and not written:
                    result.append(wanted)
                    written = True
                if i < first_match and keyword(line) == key.lower():
                    if not written:
                        result.append(wanted)
                        written = True
                    continue
                result.append(line)
            if not written:
                result.append(wanted)
            return "\n".join(result) + "\n"
        '''),
        ),
        (
            "rewrites every duplicate instead of removing them",
            dedent(r'''
        def ensure_setting(text, key, value):
            """Make the global section of an sshd_config text set `key` to `value` exactly once.

            Returns the new text (lines joined with "\\n", ending with one "\\n").
            """
            def keyword(line):
                words = line.split()
                if not words or words[0].startswith("#"):
                    return None
                return words[0].lower()

            lines = text.splitlines()
            first_match = next((i for i, line in enumerate(lines) if keyword(line) == "match"), len(lines))
            wanted = f"{key} {value}"
            result, written = [], False
            for i, line in enumerate(lines):
                if i == first_match and not written:
                    result.append(wanted)
                    written = True
                if i < first_match and keyword(line) == key.lower():
                    result.append(wanted)
                    written = True
                    continue
                result.append(line)
            if not written:
                result.append(wanted)
            return "\n".join(result) + "\n"
        '''),
        ),
        (
            "treats commented-out lines as settings",
            dedent(r'''
        def ensure_setting(text, key, value):
            """Make the global section of an sshd_config text set `key` to `value` exactly once.

            Returns the new text (lines joined with "\\n", ending with one "\\n").
            """
            def keyword(line):
                words = line.split()
                if not words:
                    return None
                return words[0].lstrip("#").lower()

            lines = text.splitlines()
            first_match = next((i for i, line in enumerate(lines) if keyword(line) == "match"), len(lines))
            wanted = f"{key} {value}"
            result, written = [], False
            for i, line in enumerate(lines):
                if i == first_match and not written:
                    result.append(wanted)
                    written = True
                if i < first_match and keyword(line) == key.lower():
                    if not written:
                        result.append(wanted)
                        written = True
                    continue
                result.append(line)
            if not written:
                result.append(wanted)
            return "\n".join(result) + "\n"
        '''),
        ),
    ],
    "compliance-answer": [
        (
            "linear approximation 1 - λT",
            dedent(r'''
        MINUTES_PER_DAY = 24 * 60


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant (Poisson drift, repair every interval)."""
            x = drift_per_day * interval_minutes / MINUTES_PER_DAY  # expected drift events per interval
            if x == 0:
                return 1.0
            return max(0.0, 1 - x)


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes, within 0.01) whose compliant fraction >= target."""
            if not 0 < target < 1:
                raise ValueError(f"target must be between 0 and 1, not {target}")
            if drift_per_day == 0:
                return math.inf
            low, high = 0.0, 1.0
            while compliant_fraction(drift_per_day, high) > target:
                high *= 2
            for _ in range(200):
                mid = (low + high) / 2
                if compliant_fraction(drift_per_day, mid) >= target:
                    low = mid
                else:
                    high = mid
            return low
        '''),
        ),
        (
            "exp(-λT): the chance of no drift, not the share of time",
            dedent(r'''
        MINUTES_PER_DAY = 24 * 60


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant (Poisson drift, repair every interval)."""
            x = drift_per_day * interval_minutes / MINUTES_PER_DAY  # expected drift events per interval
            if x == 0:
                return 1.0
            return math.exp(-x)


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes, within 0.01) whose compliant fraction >= target."""
            if not 0 < target < 1:
                raise ValueError(f"target must be between 0 and 1, not {target}")
            if drift_per_day == 0:
                return math.inf
            low, high = 0.0, 1.0
            while compliant_fraction(drift_per_day, high) > target:
                high *= 2
            for _ in range(200):
                mid = (low + high) / 2
                if compliant_fraction(drift_per_day, mid) >= target:
                    low = mid
                else:
                    high = mid
            return low
        '''),
        ),
        (
            "forgets to convert minutes to days",
            dedent(r'''
        MINUTES_PER_DAY = 24 * 60


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant (Poisson drift, repair every interval)."""
            x = drift_per_day * interval_minutes  # expected drift events per interval
            if x == 0:
                return 1.0
            return -math.expm1(-x) / x


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes, within 0.01) whose compliant fraction >= target."""
            if not 0 < target < 1:
                raise ValueError(f"target must be between 0 and 1, not {target}")
            if drift_per_day == 0:
                return math.inf
            low, high = 0.0, 1.0
            while compliant_fraction(drift_per_day, high) > target:
                high *= 2
            for _ in range(200):
                mid = (low + high) / 2
                if compliant_fraction(drift_per_day, mid) >= target:
                    low = mid
                else:
                    high = mid
            return low
        '''),
        ),
        (
            "max interval from exp(-λT) = target",
            dedent(r'''
        MINUTES_PER_DAY = 24 * 60


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant (Poisson drift, repair every interval)."""
            x = drift_per_day * interval_minutes / MINUTES_PER_DAY  # expected drift events per interval
            if x == 0:
                return 1.0
            return -math.expm1(-x) / x


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes, within 0.01) whose compliant fraction >= target."""
            if not 0 < target < 1:
                raise ValueError(f"target must be between 0 and 1, not {target}")
            if drift_per_day == 0:
                return math.inf
            return -math.log(target) / drift_per_day * MINUTES_PER_DAY
            low, high = 0.0, 1.0
            while compliant_fraction(drift_per_day, high) > target:
                high *= 2
            for _ in range(200):
                mid = (low + high) / 2
                if compliant_fraction(drift_per_day, mid) >= target:
                    low = mid
                else:
                    high = mid
            return low
        '''),
        ),
        (
            "max interval from the small-λT approximation 1 - λT/2",
            dedent(r'''
        MINUTES_PER_DAY = 24 * 60


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant (Poisson drift, repair every interval)."""
            x = drift_per_day * interval_minutes / MINUTES_PER_DAY  # expected drift events per interval
            if x == 0:
                return 1.0
            return -math.expm1(-x) / x


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes, within 0.01) whose compliant fraction >= target."""
            if not 0 < target < 1:
                raise ValueError(f"target must be between 0 and 1, not {target}")
            if drift_per_day == 0:
                return math.inf
            return 2 * (1 - target) / drift_per_day * MINUTES_PER_DAY
            low, high = 0.0, 1.0
            while compliant_fraction(drift_per_day, high) > target:
                high *= 2
            for _ in range(200):
                mid = (low + high) / 2
                if compliant_fraction(drift_per_day, mid) >= target:
                    low = mid
                else:
                    high = mid
            return low
        '''),
        ),
    ],
    "simulate-answer": [
        (
            "counts an interval with any drift as wholly non-compliant",
            dedent(r'''
        def simulate_compliance(drift_per_day, interval_minutes, days, seed):
            """Simulated fraction of time compliant over round(days * 1440 / interval_minutes) runs."""
            rng = np.random.default_rng(seed)
            n = round(days * 24 * 60 / interval_minutes)
            interval_days = interval_minutes / (24 * 60)
            first_drift = rng.exponential(1 / drift_per_day, size=n)  # days after each agent run
            compliant_time = np.where(first_drift > interval_days, interval_days, 0.0)
            return float(compliant_time.sum() / (n * interval_days))
        '''),
        ),
        (
            "does not cap the first drift at the interval",
            dedent(r'''
        def simulate_compliance(drift_per_day, interval_minutes, days, seed):
            """Simulated fraction of time compliant over round(days * 1440 / interval_minutes) runs."""
            rng = np.random.default_rng(seed)
            n = round(days * 24 * 60 / interval_minutes)
            interval_days = interval_minutes / (24 * 60)
            first_drift = rng.exponential(1 / drift_per_day, size=n)  # days after each agent run
            compliant_time = first_drift
            return float(compliant_time.sum() / (n * interval_days))
        '''),
        ),
        (
            "ignores the seed",
            dedent(r'''
        def simulate_compliance(drift_per_day, interval_minutes, days, seed):
            """Simulated fraction of time compliant over round(days * 1440 / interval_minutes) runs."""
            rng = np.random.default_rng()
            n = round(days * 24 * 60 / interval_minutes)
            interval_days = interval_minutes / (24 * 60)
            first_drift = rng.exponential(1 / drift_per_day, size=n)  # days after each agent run
            compliant_time = np.minimum(first_drift, interval_days)
            return float(compliant_time.sum() / (n * interval_days))
        '''),
        ),
        (
            "returns the non-compliant fraction",
            dedent(r'''
        def simulate_compliance(drift_per_day, interval_minutes, days, seed):
            """Simulated fraction of time compliant over round(days * 1440 / interval_minutes) runs."""
            rng = np.random.default_rng(seed)
            n = round(days * 24 * 60 / interval_minutes)
            interval_days = interval_minutes / (24 * 60)
            first_drift = rng.exponential(1 / drift_per_day, size=n)  # days after each agent run
            compliant_time = np.minimum(first_drift, interval_days)
            return float(1 - compliant_time.sum() / (n * interval_days))
        '''),
        ),
    ],
    "rollout-answer": [
        (
            "pull: nobody is fixed until a full interval has passed",
            dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the whole fleet running the fix `minutes` after it is merged."""
            if strategy["mode"] == "pull":
                return strategy["online"] * (1.0 if minutes >= strategy["interval_minutes"] else 0.0)
            if strategy["mode"] == "push":
                online_hosts = round(strategy["hosts"] * strategy["online"])
                finished = math.floor(minutes / strategy["batch_minutes"]) * strategy["batch_size"]
                return min(finished, online_hosts) / strategy["hosts"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")


        def minutes_to_fix(strategy, target):
            """Fewest minutes until fixed_fraction reaches `target` (math.inf if it never does)."""
            if strategy["mode"] == "pull":
                if target > strategy["online"]:
                    return math.inf
                return strategy["interval_minutes"] * target / strategy["online"]
            if strategy["mode"] == "push":
                needed = math.ceil(target * strategy["hosts"] - 1e-9)
                if needed > round(strategy["hosts"] * strategy["online"]):
                    return math.inf
                return math.ceil(needed / strategy["batch_size"]) * strategy["batch_minutes"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")
        '''),
        ),
        (
            "push: every host in parallel, no batches",
            dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the whole fleet running the fix `minutes` after it is merged."""
            if strategy["mode"] == "pull":
                return strategy["online"] * min(1.0, minutes / strategy["interval_minutes"])
            if strategy["mode"] == "push":
                online_hosts = round(strategy["hosts"] * strategy["online"])
                finished = strategy["hosts"] if minutes >= strategy["batch_minutes"] else 0
                return min(finished, online_hosts) / strategy["hosts"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")


        def minutes_to_fix(strategy, target):
            """Fewest minutes until fixed_fraction reaches `target` (math.inf if it never does)."""
            if strategy["mode"] == "pull":
                if target > strategy["online"]:
                    return math.inf
                return strategy["interval_minutes"] * target / strategy["online"]
            if strategy["mode"] == "push":
                needed = math.ceil(target * strategy["hosts"] - 1e-9)
                if needed > round(strategy["hosts"] * strategy["online"]):
                    return math.inf
                return math.ceil(needed / strategy["batch_size"]) * strategy["batch_minutes"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")
        '''),
        ),
        (
            "push: counts a batch that has only started",
            dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the whole fleet running the fix `minutes` after it is merged."""
            if strategy["mode"] == "pull":
                return strategy["online"] * min(1.0, minutes / strategy["interval_minutes"])
            if strategy["mode"] == "push":
                online_hosts = round(strategy["hosts"] * strategy["online"])
                finished = math.ceil(minutes / strategy["batch_minutes"]) * strategy["batch_size"]
                return min(finished, online_hosts) / strategy["hosts"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")


        def minutes_to_fix(strategy, target):
            """Fewest minutes until fixed_fraction reaches `target` (math.inf if it never does)."""
            if strategy["mode"] == "pull":
                if target > strategy["online"]:
                    return math.inf
                return strategy["interval_minutes"] * target / strategy["online"]
            if strategy["mode"] == "push":
                needed = math.ceil(target * strategy["hosts"] - 1e-9)
                if needed > round(strategy["hosts"] * strategy["online"]):
                    return math.inf
                return math.ceil(needed / strategy["batch_size"]) * strategy["batch_minutes"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")
        '''),
        ),
        (
            "push reaches hosts that are offline",
            dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the whole fleet running the fix `minutes` after it is merged."""
            if strategy["mode"] == "pull":
                return strategy["online"] * min(1.0, minutes / strategy["interval_minutes"])
            if strategy["mode"] == "push":
                online_hosts = strategy["hosts"]
                finished = math.floor(minutes / strategy["batch_minutes"]) * strategy["batch_size"]
                return min(finished, online_hosts) / strategy["hosts"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")


        def minutes_to_fix(strategy, target):
            """Fewest minutes until fixed_fraction reaches `target` (math.inf if it never does)."""
            if strategy["mode"] == "pull":
                if target > strategy["online"]:
                    return math.inf
                return strategy["interval_minutes"] * target / strategy["online"]
            if strategy["mode"] == "push":
                needed = math.ceil(target * strategy["hosts"] - 1e-9)
                if needed > strategy["hosts"]:
                    return math.inf
                return math.ceil(needed / strategy["batch_size"]) * strategy["batch_minutes"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")
        '''),
        ),
        (
            "minutes_to_fix rounds the number of batches down",
            dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the whole fleet running the fix `minutes` after it is merged."""
            if strategy["mode"] == "pull":
                return strategy["online"] * min(1.0, minutes / strategy["interval_minutes"])
            if strategy["mode"] == "push":
                online_hosts = round(strategy["hosts"] * strategy["online"])
                finished = math.floor(minutes / strategy["batch_minutes"]) * strategy["batch_size"]
                return min(finished, online_hosts) / strategy["hosts"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")


        def minutes_to_fix(strategy, target):
            """Fewest minutes until fixed_fraction reaches `target` (math.inf if it never does)."""
            if strategy["mode"] == "pull":
                if target > strategy["online"]:
                    return math.inf
                return strategy["interval_minutes"] * target / strategy["online"]
            if strategy["mode"] == "push":
                needed = math.ceil(target * strategy["hosts"] - 1e-9)
                if needed > round(strategy["hosts"] * strategy["online"]):
                    return math.inf
                return (needed // strategy["batch_size"]) * strategy["batch_minutes"]
            raise ValueError(f"unknown mode {strategy['mode']!r}")
        '''),
        ),
    ],
}

ALTERNATIVE = {
    "plan-answer": [
        dedent(r'''
        def plan(desired, actual):
            """One step per declared address, sorted by address."""
            def step(address):
                spec = desired[address]
                ensure = spec.get("ensure", "present")
                if ensure == "absent":
                    return {"address": address, "action": "delete" if address in actual else "no-op", "changes": {}}
                if ensure != "present":
                    raise ValueError(f"bad ensure {ensure!r} for {address}")
                wanted = {k: copy.deepcopy(v) for k, v in spec.items() if k not in ("requires", "ensure")}
                if address not in actual:
                    return {"address": address, "action": "create", "changes": wanted}
                diff = {k: v for k, v in wanted.items() if actual[address].get(k, object()) != v}
                return {"address": address, "action": "update" if diff else "no-op", "changes": diff}

            return [step(address) for address in sorted(desired)]
        '''),
    ],
    "order-answer": [
        dedent(r'''
        import networkx as nx


        def apply_order(desired):
            """The declared addresses in the order the engine must visit them."""
            def is_present(address):
                return desired[address].get("ensure", "present") == "present"

            graph = nx.DiGraph()
            graph.add_nodes_from(desired)
            for address, spec in desired.items():
                for dep in spec.get("requires", []):
                    if dep not in desired:
                        raise ValueError(f"unknown requirement {dep}")
                    if is_present(address):
                        if not is_present(dep):
                            raise ValueError(f"{address} needs absent {dep}")
                        graph.add_edge(dep, address)
                    elif not is_present(dep):
                        graph.add_edge(address, dep)
            try:
                return list(nx.lexicographical_topological_sort(graph))
            except nx.NetworkXUnfeasible as exc:
                raise ValueError("cycle in requirements") from exc
        '''),
    ],
    "converge-answer": [
        dedent(r'''
        def converge(desired, actual, fail_on=()):
            """Plan, then apply the steps in apply_order."""
            steps = {s["address"]: s for s in plan(desired, actual)}
            absent = {a for a, spec in desired.items() if spec.get("ensure") == "absent"}

            def must_precede(address):
                spec = desired[address]
                if address not in absent:
                    return list(spec.get("requires", []))
                return [a for a in absent if address in desired[a].get("requires", [])]

            state = {a: copy.deepcopy(v) for a, v in actual.items()}
            report = {"changed": [], "failed": [], "skipped": []}
            bad = set()
            for address in apply_order(desired):
                action, changes = steps[address]["action"], steps[address]["changes"]
                if any(p in bad for p in must_precede(address)):
                    bad.add(address)
                    if action != "no-op":
                        report["skipped"].append(address)
                elif action != "no-op" and address in set(fail_on):
                    bad.add(address)
                    report["failed"].append(address)
                elif action == "delete":
                    state.pop(address)
                    report["changed"].append(address)
                elif action in ("create", "update"):
                    merged = dict(state.get(address, {}))
                    merged.update(copy.deepcopy(changes))
                    state[address] = merged
                    report["changed"].append(address)
            return {"actual": state, **report}
        '''),
    ],
    "setting-answer": [
        dedent(r'''
        import re


        def ensure_setting(text, key, value):
            """Make the global section of an sshd_config text set `key` to `value` exactly once."""
            lines = text.splitlines()
            active = re.compile(r"^\s*([^#\s]\S*)")

            def is_key(line, name):
                m = active.match(line)
                return bool(m) and m.group(1).lower() == name.lower()

            cut = next((i for i, line in enumerate(lines) if is_key(line, "match")), len(lines))
            head = [line for line in lines[:cut] if not is_key(line, key)]
            hits = [i for i, line in enumerate(lines[:cut]) if is_key(line, key)]
            if hits:
                position = hits[0]  # the first hit keeps its place among the remaining lines
                head.insert(position, f"{key} {value}")
            else:
                head.append(f"{key} {value}")
            return "\n".join(head + lines[cut:]) + "\n"
        '''),
    ],
    "compliance-answer": [
        dedent(r'''
        from scipy.optimize import brentq


        def compliant_fraction(drift_per_day, interval_minutes):
            """Expected fraction of time a host is compliant."""
            events = drift_per_day * (interval_minutes / 1440)
            return 1.0 if events == 0 else (1 - math.exp(-events)) / events


        def max_interval_minutes(drift_per_day, target):
            """The longest agent interval (minutes) whose compliant fraction >= target."""
            if target <= 0 or target >= 1:
                raise ValueError("target must be strictly between 0 and 1")
            if drift_per_day == 0:
                return float("inf")
            upper = 1440.0
            while compliant_fraction(drift_per_day, upper) > target:
                upper *= 10
            return brentq(lambda m: compliant_fraction(drift_per_day, m) - target, 1e-12, upper, xtol=1e-9)
        '''),
    ],
    "rollout-answer": [
        dedent(r'''
        def fixed_fraction(minutes, strategy):
            """Share of the fleet with the fix after `minutes`."""
            mode = strategy.get("mode")
            if mode == "pull":
                share_run = minutes / strategy["interval_minutes"]
                return strategy["online"] * (share_run if share_run < 1 else 1.0)
            if mode == "push":
                reachable = round(strategy["online"] * strategy["hosts"])
                done = int(minutes // strategy["batch_minutes"]) * strategy["batch_size"]
                return (done if done < reachable else reachable) / strategy["hosts"]
            raise ValueError("mode must be 'pull' or 'push'")


        def minutes_to_fix(strategy, target):
            """Search the batch boundaries (push) or solve directly (pull)."""
            if strategy.get("mode") == "pull":
                return math.inf if target > strategy["online"] else target / strategy["online"] * strategy["interval_minutes"]
            if strategy.get("mode") != "push":
                raise ValueError("mode must be 'pull' or 'push'")
            reachable = round(strategy["online"] * strategy["hosts"])
            for batches in range(0, reachable // strategy["batch_size"] + 2):
                if min(batches * strategy["batch_size"], reachable) >= target * strategy["hosts"] - 1e-9:
                    return batches * strategy["batch_minutes"]
            return math.inf
        '''),
    ],
    "simulate-answer": [
        dedent(r'''
        def simulate_compliance(drift_per_day, interval_minutes, days, seed):
            """Simulate drift events on a timeline and agent runs every interval."""
            rng = np.random.default_rng(seed)
            runs = round(days * 1440 / interval_minutes)
            span = runs * interval_minutes  # minutes
            count = rng.poisson(drift_per_day * span / 1440)
            times = np.sort(rng.uniform(0, span, size=count))
            interval = np.floor(times / interval_minutes).astype(int)
            first = {}
            for t, k in zip(times, interval):
                first.setdefault(k, t - k * interval_minutes)
            broken = sum(interval_minutes - offset for offset in first.values())
            return float(1 - broken / span)
        '''),
    ],
}
