"""The benign side of the simulated account: engineers, CI, the auditor, services and admins.

Each function adds one kind of everyday activity to a :class:`~.cloudtrail.Builder`, and tags
the calls that the team's detection pipeline alerts on (false positives, mostly).
"""

from __future__ import annotations

import datetime as dt

from .cloudtrail import (
    ACCOUNT,
    AUDIT_APIS,
    AUDITOR,
    BROWSER,
    HUMAN_READS,
    HUMAN_WRITES,
    HUMANS,
    ROTATOR,
    TERRAFORM,
    TERRAFORM_APIS,
    Builder,
    day_start,
    iso,
)


def humans(b: Builder) -> None:
    s = b.s
    for day in range(s.days):
        if day_start(s, day).weekday() >= 5:
            continue
        for name in HUMANS:
            if b.rng.random() < 0.1:
                continue  # a day off
            start = b.at(day, b.rng.uniform(7.0, 9.5))
            office = b.rng.random() < (0.3 if name == "dan" else 0.65)
            travelling = s.travel[0] == name and s.travel[1] == day
            mfa = "No" if name == "erin" else "Yes"
            eid = b.call(
                start,
                b.user(name, None),
                "signin.amazonaws.com",
                "ConsoleLogin",
                ip=b.where(name, office, travelling),
                agent=BROWSER,
                event_type="AwsConsoleSignIn",
                response={"ConsoleLogin": "Success"},
                extra={"additionalEventData": {"MFAUsed": mfa, "MobileVersion": "No"}},
            )
            if travelling:
                b.tag(eid, "unfamiliar-network")
            for _ in range(b.rng.randint(5, 12)):
                t = start + dt.timedelta(seconds=b.rng.randint(60, 8 * 3600))
                pool = HUMAN_WRITES if b.rng.random() < 0.2 else HUMAN_READS
                source, api = b.rng.choice(pool)
                region = "eu-west-1" if b.rng.random() < 0.15 else "us-east-1"
                b.call(
                    t,
                    b.user(name, b.keys[name]),
                    source,
                    api,
                    ip=b.where(name, office, travelling),
                    agent=b.agent[name],
                    region=region,
                    error=b.denied(0.06),
                )


def ci_and_auditor(b: Builder) -> None:
    s = b.s
    for day in range(s.days):
        if day_start(s, day).weekday() < 5:
            for _ in range(b.rng.randint(2, 4)):
                t = b.at(day, b.rng.uniform(8, 18))
                run = b.rng.randint(4000, 9999)
                ident = b.role("ci-deployer", f"gha-{run}", b.session_key())
                ip = f"10.20.1.{b.rng.randint(10, 250)}"
                apis = b.rng.sample(TERRAFORM_APIS, b.rng.randint(4, 23))
                calls = []
                for api in apis:
                    calls += [api] * b.rng.randint(1, 3)
                b.rng.shuffle(calls)
                calls.insert(0, ("sts.amazonaws.com", "GetCallerIdentity"))
                for i, (source, api) in enumerate(calls):
                    b.call(
                        t + dt.timedelta(seconds=2 * i + b.rng.randint(0, 2)),
                        ident,
                        source,
                        api,
                        ip=ip,
                        agent=TERRAFORM,
                    )
                end = t + dt.timedelta(seconds=2 * len(calls) + 20)
                for source, api in b.rng.sample(
                    [
                        ("ecs.amazonaws.com", "RegisterTaskDefinition"),
                        ("ecs.amazonaws.com", "UpdateService"),
                        ("s3.amazonaws.com", "PutBucketTagging"),
                    ],
                    b.rng.randint(1, 2),
                ):
                    b.call(end, ident, source, api, ip=ip, agent=TERRAFORM)
                    end += dt.timedelta(seconds=b.rng.randint(3, 30))
        for hour in (0, 6, 12, 18):
            t = b.at(day, hour + b.rng.uniform(0.05, 0.2))
            ident = b.role(
                "config-auditor", f"audit-{b.rng.randint(100000, 999999)}", b.session_key()
            )
            ip = f"10.20.5.{b.rng.randint(10, 60)}"
            for i, (source, api) in enumerate(b.rng.sample(AUDIT_APIS, b.rng.randint(6, 10))):
                b.call(
                    t + dt.timedelta(seconds=5 * i + b.rng.randint(0, 4)),
                    ident,
                    source,
                    api,
                    ip=ip,
                    agent=AUDITOR,
                )
        for hour in (3, 11, 19):
            t = b.at(day, hour + b.rng.uniform(0, 1))
            svc = {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"}
            name = b.rng.choice(["RunInstances", "TerminateInstances"])
            b.call(
                t,
                svc,
                "ec2.amazonaws.com",
                name,
                ip="autoscaling.amazonaws.com",
                agent="autoscaling.amazonaws.com",
            )


def admin_events(b: Builder) -> None:
    s = b.s
    # a user creates a second key for themself (no userName parameter: their own key)
    who, day = s.own_key
    t = b.at(day, 10.5)
    new = b.new_key()
    eid = b.call(
        t,
        b.user(who, b.keys[who]),
        "iam.amazonaws.com",
        "CreateAccessKey",
        ip=f"198.51.100.{b.rng.randint(20, 29)}",
        agent=b.agent[who],
        response={
            "accessKey": {
                "accessKeyId": new,
                "status": "Active",
                "userName": who,
                "createDate": iso(t),
            }
        },
    )
    b.tag(eid, "access-key-created")
    b.keys[who] = new
    # the rotation job replaces a user's key: a key made for another user, by a role
    who, day = s.rotate
    t = b.at(day, 5.5)
    ident = b.role("key-rotator", f"rotate-{b.rng.randint(1000, 9999)}", b.session_key())
    new = b.new_key()
    eid = b.call(
        t,
        ident,
        "iam.amazonaws.com",
        "CreateAccessKey",
        ip="10.20.7.31",
        agent=ROTATOR,
        params={"userName": who},
        response={
            "accessKey": {
                "accessKeyId": new,
                "status": "Active",
                "userName": who,
                "createDate": iso(t),
            }
        },
    )
    b.tag(eid, "access-key-created")
    b.call(
        t + dt.timedelta(minutes=3),
        ident,
        "iam.amazonaws.com",
        "DeleteAccessKey",
        ip="10.20.7.31",
        agent=ROTATOR,
        params={"userName": who, "accessKeyId": b.keys[who]},
    )
    b.keys[who] = new
    # the trail administrator: a change in the baseline, then maintenance of two other trails
    admin = b.role("trail-admin", "change-4471", b.session_key())
    b.call(
        b.at(3, 13.2),
        admin,
        "cloudtrail.amazonaws.com",
        "UpdateTrail",
        ip="10.20.9.14",
        agent=b.agent["alice"],
        params={"name": "org-trail", "isMultiRegionTrail": True},
    )
    admin = b.role("trail-admin", "change-4502", b.session_key())
    t = b.at(s.trail_admin_day, 14.0)
    eid = b.call(
        t,
        admin,
        "cloudtrail.amazonaws.com",
        "StopLogging",
        ip="10.20.9.14",
        agent=b.agent["alice"],
        params={"name": "sandbox-trail"},
    )
    b.tag(eid, "trail-tampering")
    b.call(
        t + dt.timedelta(minutes=4),
        admin,
        "cloudtrail.amazonaws.com",
        "StartLogging",
        ip="10.20.9.14",
        agent=b.agent["alice"],
        params={"name": "sandbox-trail"},
    )
    eid = b.call(
        t + dt.timedelta(minutes=9),
        admin,
        "cloudtrail.amazonaws.com",
        "DeleteTrail",
        ip="10.20.9.14",
        agent=b.agent["alice"],
        params={"name": "old-trail"},
    )
    b.tag(eid, "trail-tampering")
    # the root user signs in once, on a weekend
    root = {
        "type": "Root",
        "principalId": ACCOUNT,
        "arn": f"arn:aws:iam::{ACCOUNT}:root",
        "accountId": ACCOUNT,
    }
    t = b.at(s.root_day, 10.2)
    b.call(
        t,
        root,
        "signin.amazonaws.com",
        "ConsoleLogin",
        ip="198.51.100.5",
        agent=BROWSER,
        event_type="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        extra={"additionalEventData": {"MFAUsed": "Yes", "MobileVersion": "No"}},
    )
    b.call(
        t + dt.timedelta(minutes=2),
        root,
        "iam.amazonaws.com",
        "GetAccountSummary",
        ip="198.51.100.5",
        agent=BROWSER,
    )
