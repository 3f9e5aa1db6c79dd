"""A synthetic cloud audit log: CloudTrail-shaped records with a labelled attack chain.

Module 10 (detection and observability) reads it. One :class:`Scenario` describes a small
company's account over a few days: five engineers who sign in to the console and use the CLI,
a CI role that runs Terraform, a configuration auditor, an autoscaling service, a key-rotation
job and a trail administrator, and one attacker who uses an engineer's leaked access key.
:func:`generate` turns it into

- ``records``: the raw records as a merged export would hold them (CloudTrail field names,
  nested ``userIdentity``, optional fields missing rather than empty, and one collector that
  wrote ``eventTime`` in its host's local time with an offset), in delivery order;
- ``events``: the same calls, flat, in UTC and time order (what Exercise 1 asks a learner to
  produce), so later exercises do not depend on a learner's parser;
- ``labels``: the attacker's events, each with its step of the chain;
- ``alerts``: what the course's detection pipeline raised (rule, event id).

Only reserved values are used: documentation address ranges (RFC 5737), a private build
network, account 123456789012 and access key ids that contain ``EXAMPLE``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import random
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

ACCOUNT = "123456789012"
UTC = dt.UTC

# Discovery calls: reading what exists. Every name starts with List, Describe or Get.
RECON_APIS = [
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "ListRoles"),
    ("iam.amazonaws.com", "ListGroups"),
    ("iam.amazonaws.com", "ListPolicies"),
    ("iam.amazonaws.com", "ListAttachedUserPolicies"),
    ("iam.amazonaws.com", "ListAccessKeys"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
    ("iam.amazonaws.com", "ListMFADevices"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("s3.amazonaws.com", "GetBucketAcl"),
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeRegions"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeSnapshots"),
    ("ec2.amazonaws.com", "DescribeKeyPairs"),
    ("cloudtrail.amazonaws.com", "DescribeTrails"),
    ("cloudtrail.amazonaws.com", "GetTrailStatus"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("secretsmanager.amazonaws.com", "ListSecrets"),
    ("kms.amazonaws.com", "ListKeys"),
    ("logs.amazonaws.com", "DescribeLogGroups"),
    ("guardduty.amazonaws.com", "ListDetectors"),
]
TERRAFORM_APIS = [
    ("ec2.amazonaws.com", "DescribeVpcs"),
    ("ec2.amazonaws.com", "DescribeSubnets"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeLaunchTemplates"),
    ("iam.amazonaws.com", "GetRole"),
    ("iam.amazonaws.com", "GetRolePolicy"),
    ("iam.amazonaws.com", "ListAttachedRolePolicies"),
    ("iam.amazonaws.com", "ListRolePolicies"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("s3.amazonaws.com", "GetBucketAcl"),
    ("s3.amazonaws.com", "GetBucketVersioning"),
    ("s3.amazonaws.com", "GetBucketEncryption"),
    ("ecs.amazonaws.com", "DescribeServices"),
    ("ecs.amazonaws.com", "DescribeTaskDefinition"),
    ("ecs.amazonaws.com", "DescribeClusters"),
    ("elasticloadbalancing.amazonaws.com", "DescribeLoadBalancers"),
    ("elasticloadbalancing.amazonaws.com", "DescribeTargetGroups"),
    ("elasticloadbalancing.amazonaws.com", "DescribeListeners"),
    ("logs.amazonaws.com", "DescribeLogGroups"),
    ("kms.amazonaws.com", "DescribeKey"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("secretsmanager.amazonaws.com", "DescribeSecret"),
    ("ec2.amazonaws.com", "DescribeRouteTables"),
    ("ec2.amazonaws.com", "DescribeInternetGateways"),
    ("ec2.amazonaws.com", "DescribeNatGateways"),
    ("ec2.amazonaws.com", "DescribeNetworkAcls"),
    ("ec2.amazonaws.com", "DescribeVpcEndpoints"),
    ("iam.amazonaws.com", "GetPolicy"),
    ("iam.amazonaws.com", "GetPolicyVersion"),
    ("iam.amazonaws.com", "GetInstanceProfile"),
    ("route53.amazonaws.com", "GetHostedZone"),
    ("route53.amazonaws.com", "ListResourceRecordSets"),
    ("acm.amazonaws.com", "DescribeCertificate"),
    ("cloudwatch.amazonaws.com", "DescribeAlarms"),
    ("sns.amazonaws.com", "GetTopicAttributes"),
    ("sqs.amazonaws.com", "GetQueueAttributes"),
]
AUDIT_APIS = [
    ("cloudtrail.amazonaws.com", "DescribeTrails"),
    ("cloudtrail.amazonaws.com", "GetTrailStatus"),
    ("cloudtrail.amazonaws.com", "GetEventSelectors"),
    ("iam.amazonaws.com", "GetAccountPasswordPolicy"),
    ("iam.amazonaws.com", "GetAccountSummary"),
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "GenerateCredentialReport"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("s3.amazonaws.com", "GetBucketPublicAccessBlock"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeFlowLogs"),
    ("kms.amazonaws.com", "ListKeys"),
    ("config.amazonaws.com", "DescribeConfigurationRecorders"),
]
HUMAN_READS = [
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ecs.amazonaws.com", "DescribeServices"),
    ("ecs.amazonaws.com", "ListTasks"),
    ("logs.amazonaws.com", "DescribeLogGroups"),
    ("logs.amazonaws.com", "FilterLogEvents"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("cloudwatch.amazonaws.com", "DescribeAlarms"),
    ("cloudwatch.amazonaws.com", "GetMetricData"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
]
HUMAN_WRITES = [
    ("ec2.amazonaws.com", "RunInstances"),
    ("ec2.amazonaws.com", "CreateTags"),
    ("ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"),
    ("ecs.amazonaws.com", "UpdateService"),
    ("s3.amazonaws.com", "PutBucketTagging"),
    ("logs.amazonaws.com", "PutRetentionPolicy"),
    ("cloudwatch.amazonaws.com", "PutMetricAlarm"),
]
DISCOVERY_PREFIXES = ("List", "Describe", "Get")

HUMANS = ("alice", "bob", "carol", "dan", "erin")
CLI_AGENT = (
    "aws-cli/2.17.{minor} md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6"
)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0"
AUDITOR = "aws-sdk-go-v2/1.32.2 os/linux lang/go#1.23.2 api/config#1.29.1"
ROTATOR = "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1 lang/python#3.12.7 exec-env/AWS_Lambda_python3.12"


def long_term_key(name: str) -> str:
    """A readable, obviously fake long-term access key id: AKIA + 16 characters."""
    return "AKIA" + (name.upper() + "EXAMPLEKEY0000000")[:16]


@dataclass(frozen=True)
class Attack:
    """The attacker's chain: a leaked key, reconnaissance, a new key, logging stopped."""

    victim: str = "dan"
    start: str = "2026-11-10T02:14:07Z"
    ips: tuple[str, str] = ("203.0.113.77", "203.0.113.78")
    user_agent: str = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.8 lang/python#3.12.3"
    recon_calls: int = 24
    # "other-user": a key for an existing user; "new-user": CreateUser, then a key for it
    persistence: str = "other-user"
    target: str = "alice"
    second_key_for: str | None = None  # the new key creates one more key, for this user
    evasion: str = "StopLogging"  # or "DeleteTrail"
    failed_evasion_first: bool = True  # the leaked key tries first and is denied
    new_key_first_call: str = "evasion"  # "evasion" or "identity" (GetCallerIdentity first)


@dataclass(frozen=True)
class Scenario:
    seed: int
    start: str = "2026-11-02"  # a Monday; every time in the log is UTC
    days: int = 10
    baseline_days: int = 5
    collector_offset: str = "+01:00"  # the second collector's local offset
    collector_share: float = 0.2
    attack: Attack = field(default_factory=Attack)
    travel: tuple[str, int, str] = ("bob", 7, "203.0.113.140")  # user, day index, address
    rotate: tuple[str, int] = ("alice", 7)  # the rotation job replaces this user's key that day
    own_key: tuple[str, int] = ("carol", 2)  # this user creates a key for themself that day
    trail_admin_day: int = 8
    root_day: int = 6
    # edge cases for parsers: role sessions without sessionContext, empty accessKeyId
    missing_session_context: int = 0
    empty_key_ids: int = 0
    recon_threshold: int = 20

    @property
    def baseline_end(self) -> str:
        return _iso(_day(self, self.baseline_days))


@dataclass
class AuditLog:
    scenario: Scenario
    records: list[dict]
    events: list[dict]
    labels: dict[str, str]
    alerts: list[list[str]]


def _day(s: Scenario, n: int) -> dt.datetime:
    return dt.datetime.fromisoformat(s.start).replace(tzinfo=UTC) + dt.timedelta(days=n)


def _iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


class _Builder:
    """Collects calls as raw records and flat events at the same time."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.rng = random.Random(s.seed)
        self.records: list[tuple[dt.datetime, dict]] = []
        self.events: list[dict] = []
        self.labels: dict[str, str] = {}
        self.tags: dict[str, list[str]] = {}
        self.keys = {name: long_term_key(name) for name in HUMANS}
        self.home = {name: f"192.0.2.{11 + i}" for i, name in enumerate(HUMANS)}
        self.agent = {name: CLI_AGENT.format(minor=10 + i) for i, name in enumerate(HUMANS)}

    # -- identities ---------------------------------------------------------------------------
    def user(self, name: str, key: str | None) -> dict:
        ident = {
            "type": "IAMUser",
            "principalId": "AIDA" + (name.upper() + "EXAMPLEUSERID000")[:16],
            "arn": f"arn:aws:iam::{ACCOUNT}:user/{name}",
            "accountId": ACCOUNT,
        }
        if key is not None:
            ident["accessKeyId"] = key
        ident["userName"] = name
        return ident

    def role(self, role: str, session: str, key: str) -> dict:
        role_id = "AROA" + (role.upper().replace("-", "") + "EXAMPLEROLE00000")[:16]
        return {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}",
            "accountId": ACCOUNT,
            "accessKeyId": key,
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": role_id,
                    "arn": f"arn:aws:iam::{ACCOUNT}:role/{role}",
                    "accountId": ACCOUNT,
                    "userName": role,
                },
                "attributes": {"creationDate": "", "mfaAuthenticated": "false"},
            },
        }

    def session_key(self) -> str:
        return "ASIAEXAMPLE" + "".join(
            self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ234567") for _ in range(9)
        )

    def new_key(self) -> str:
        return "AKIAEXAMPLE" + "".join(
            self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ234567") for _ in range(9)
        )

    # -- one call -----------------------------------------------------------------------------
    def call(
        self,
        t: dt.datetime,
        ident: dict,
        source: str,
        name: str,
        *,
        ip: str,
        agent: str | None,
        region: str = "us-east-1",
        error: str | None = None,
        params: dict | None = None,
        response: dict | None = None,
        event_type: str = "AwsApiCall",
        extra: dict | None = None,
        step: str | None = None,
    ) -> str:
        t = t.replace(microsecond=0)
        event_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        if agent is not None and step is None and self.rng.random() < 0.02:
            agent = None  # some exports drop the user agent
        ident = json.loads(json.dumps(ident))
        if ident["type"] == "AssumedRole":
            ident["sessionContext"]["attributes"]["creationDate"] = _iso(
                t - dt.timedelta(minutes=2)
            )
        record = {"eventVersion": "1.10", "userIdentity": ident}
        if self.rng.random() < self.s.collector_share:
            sign = -1 if self.s.collector_offset.startswith("-") else 1
            hours, minutes = self.s.collector_offset[1:].split(":")
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * sign
            record["eventTime"] = t.astimezone(dt.timezone(offset)).isoformat()
        else:
            record["eventTime"] = _iso(t)
        record["eventSource"] = source
        record["eventName"] = name
        record["awsRegion"] = region
        record["sourceIPAddress"] = ip
        if agent is not None:
            record["userAgent"] = agent
        if error is not None:
            record["errorCode"] = error
            if error == "AccessDenied":
                record["errorMessage"] = (
                    f"User: {ident['arn']} is not authorized to perform: "
                    f"{source.split('.')[0]}:{name}"
                )
        record["requestParameters"] = params
        record["responseElements"] = response
        if extra:
            record.update(extra)
        record["requestID"] = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        record["eventID"] = event_id
        record["readOnly"] = name.startswith(DISCOVERY_PREFIXES)
        record["eventType"] = event_type
        record["managementEvent"] = True
        record["recipientAccountId"] = ACCOUNT
        record["eventCategory"] = "Management"
        jitter = dt.timedelta(seconds=self.rng.randint(0, 900))
        self.records.append((t + jitter, record))

        if ident["type"] == "IAMUser":
            actor = ident["userName"]
        elif ident["type"] == "AssumedRole":
            actor = ident["sessionContext"]["sessionIssuer"]["userName"]
        elif ident["type"] == "Root":
            actor = "root"
        else:
            actor = ident["invokedBy"]
        created = None
        if isinstance(response, dict) and isinstance(response.get("accessKey"), dict):
            created = response["accessKey"].get("accessKeyId")
        self.events.append(
            {
                "event_id": event_id,
                "time": _iso(t),
                "source": source,
                "name": name,
                "actor": actor,
                "actor_type": ident["type"],
                "access_key": ident.get("accessKeyId") or None,
                "ip": ip,
                "user_agent": agent,
                "region": region,
                "error": error,
                "target_user": (params or {}).get("userName") if isinstance(params, dict) else None,
                "created_key": created,
            }
        )
        if step is not None:
            self.labels[event_id] = step
        return event_id

    def tag(self, event_id: str, rule: str) -> None:
        self.tags.setdefault(event_id, []).append(rule)

    def denied(self, p: float) -> str | None:
        return "AccessDenied" if self.rng.random() < p else None

    def where(self, name: str, office: bool, travelling: bool) -> str:
        if travelling:
            return self.s.travel[2]
        return f"198.51.100.{self.rng.randint(20, 29)}" if office else self.home[name]

    def at(self, day: int, hour: float) -> dt.datetime:
        return _day(self.s, day) + dt.timedelta(seconds=round(hour * 3600))


def _humans(b: _Builder) -> None:
    s = b.s
    for day in range(s.days):
        if _day(s, day).weekday() >= 5:
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


def _ci_and_auditor(b: _Builder) -> None:
    s = b.s
    for day in range(s.days):
        if _day(s, day).weekday() < 5:
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


def _admin_events(b: _Builder) -> None:
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
                "createDate": _iso(t),
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
                "createDate": _iso(t),
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


def _attack(b: _Builder) -> None:
    a = b.s.attack
    t = _parse(a.start)
    key = b.keys[a.victim]
    me = b.user(a.victim, key)
    ip1, ip2 = a.ips

    def step(seconds: tuple[int, int]) -> dt.datetime:
        nonlocal t
        t = t + dt.timedelta(seconds=b.rng.randint(*seconds))
        return t

    first = b.call(
        t,
        me,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        ip=ip1,
        agent=a.user_agent,
        step="initial-access",
    )
    b.tag(first, "unfamiliar-network")
    apis = b.rng.sample(RECON_APIS, min(a.recon_calls, len(RECON_APIS)))
    while len(apis) < a.recon_calls:
        apis.append(b.rng.choice(RECON_APIS))
    for source, api in apis:
        b.call(
            step((4, 25)),
            me,
            source,
            api,
            ip=ip1,
            agent=a.user_agent,
            error=b.denied(0.2),
            step="discovery",
        )
    if a.failed_evasion_first:
        eid = b.call(
            step((20, 60)),
            me,
            "cloudtrail.amazonaws.com",
            a.evasion,
            ip=ip1,
            agent=a.user_agent,
            error="AccessDenied",
            params={"name": "org-trail"},
            step="defense-evasion",
        )
        b.tag(eid, "trail-tampering")
    target = a.target
    if a.persistence == "new-user":
        b.call(
            step((20, 90)),
            me,
            "iam.amazonaws.com",
            "CreateUser",
            ip=ip1,
            agent=a.user_agent,
            params={"userName": target},
            response={"user": {"userName": target, "arn": f"arn:aws:iam::{ACCOUNT}:user/{target}"}},
            step="persistence",
        )
    new = b.new_key()
    eid = b.call(
        step((20, 90)),
        me,
        "iam.amazonaws.com",
        "CreateAccessKey",
        ip=ip1,
        agent=a.user_agent,
        params={"userName": target},
        response={
            "accessKey": {
                "accessKeyId": new,
                "status": "Active",
                "userName": target,
                "createDate": _iso(t),
            }
        },
        step="persistence",
    )
    b.tag(eid, "access-key-created")
    actor_key, actor = new, target
    if a.second_key_for:
        step((300, 900))
        ident = b.user(actor, actor_key)
        eid = b.call(
            t,
            ident,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            ip=ip2,
            agent=a.user_agent,
            step="discovery",
        )
        b.tag(eid, "unfamiliar-network")
        newer = b.new_key()
        eid = b.call(
            step((30, 120)),
            ident,
            "iam.amazonaws.com",
            "CreateAccessKey",
            ip=ip2,
            agent=a.user_agent,
            params={"userName": a.second_key_for},
            response={
                "accessKey": {
                    "accessKeyId": newer,
                    "status": "Active",
                    "userName": a.second_key_for,
                    "createDate": _iso(t),
                }
            },
            step="persistence",
        )
        b.tag(eid, "access-key-created")
        actor_key, actor = newer, a.second_key_for
    step((600, 1500))
    ident = b.user(actor, actor_key)
    if a.new_key_first_call == "identity":
        eid = b.call(
            t,
            ident,
            "sts.amazonaws.com",
            "GetCallerIdentity",
            ip=ip2,
            agent=a.user_agent,
            step="discovery",
        )
        b.tag(eid, "unfamiliar-network")
        step((10, 40))
    eid = b.call(
        t,
        ident,
        "cloudtrail.amazonaws.com",
        a.evasion,
        ip=ip2,
        agent=a.user_agent,
        params={"name": "org-trail"},
        step="defense-evasion",
    )
    if a.new_key_first_call != "identity":
        b.tag(eid, "unfamiliar-network")
    b.tag(eid, "trail-tampering")
    for source, api in b.rng.sample(RECON_APIS[8:11], 3):
        b.call(step((5, 20)), ident, source, api, ip=ip2, agent=a.user_agent, step="discovery")


def _edge_cases(b: _Builder) -> None:
    """Parser edge cases: drop sessionContext from some role records, blank some key ids."""
    roles = [r for _, r in b.records if r["userIdentity"]["type"] == "AssumedRole"]
    for record in b.rng.sample(roles, b.s.missing_session_context):
        del record["userIdentity"]["sessionContext"]
    consoles = [
        r
        for _, r in b.records
        if r["eventName"] == "ConsoleLogin" and r["userIdentity"]["type"] == "IAMUser"
    ]
    for record in b.rng.sample(consoles, b.s.empty_key_ids):
        ident = record["userIdentity"]
        record["userIdentity"] = {
            **{k: v for k, v in ident.items() if k != "userName"},
            "accessKeyId": "",
            "userName": ident["userName"],
        }


def discovery_scores(events: list[dict], window_minutes: int = 10) -> list[list]:
    """[event_id, score] for every discovery call made with an access key.

    The score of a call is the number of distinct discovery API names the same access key
    called in the window (t - window, t], the call itself included.
    """
    window = dt.timedelta(minutes=window_minutes)
    by_key: dict[str, list[tuple[dt.datetime, str, str]]] = {}
    for e in events:
        if e["access_key"] and e["name"].startswith(DISCOVERY_PREFIXES):
            by_key.setdefault(e["access_key"], []).append(
                (_parse(e["time"]), e["event_id"], e["name"])
            )
    out = []
    for calls in by_key.values():
        calls.sort()
        for t, event_id, _ in calls:
            names = {n for u, _, n in calls if t - window < u <= t}
            out.append([event_id, len(names)])
    return sorted(out)


def generate(scenario: Scenario) -> AuditLog:
    b = _Builder(scenario)
    _humans(b)
    _ci_and_auditor(b)
    _admin_events(b)
    # the leaked key was used normally during the baseline: make sure it was
    _attack(b)
    _edge_cases(b)
    events = sorted(b.events, key=lambda e: (e["time"], e["event_id"]))
    records = [r for _, r in sorted(b.records, key=lambda x: (x[0], x[1]["eventID"]))]
    alerts = [[rule, eid] for eid, rules in b.tags.items() for rule in rules]
    scores = dict((eid, score) for eid, score in discovery_scores(events))
    for e in events:
        if scores.get(e["event_id"], 0) >= scenario.recon_threshold:
            alerts.append(["discovery-burst", e["event_id"]])
    return AuditLog(scenario, records, events, dict(sorted(b.labels.items())), sorted(alerts))


def trail_lookalikes(seed: int = 404) -> tuple[list[dict], dict[str, str]]:
    """Hand-picked CloudTrail calls around trails, for grading a trail-tampering rule.

    Returns the raw records and a map from a case name to its event id. Cases starting with
    ``fire-`` should be caught by a rule for "someone stopped or deleted a trail, unless the
    trail-admin role did it from the build network"; cases starting with ``quiet-`` should not.
    """
    s = Scenario(seed=seed, collector_share=0.3)
    b = _Builder(s)
    t = dt.datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    attacker = b.user("erin", long_term_key("erin"))
    admin = b.role("trail-admin", "change-4711", b.session_key())
    ci = b.role("ci-deployer", "gha-5150", b.session_key())
    auditor = b.role("config-auditor", "audit-424242", b.session_key())
    ua = "aws-cli/2.17.12 md/awscrt#0.21.2 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6"
    trail = {"name": "org-trail"}
    cases = [
        ("fire-delete-by-attacker", attacker, "DeleteTrail", "203.0.113.60", None),
        ("fire-failed-stop-by-attacker", attacker, "StopLogging", "203.0.113.60", "AccessDenied"),
        ("fire-admin-outside-build-network", admin, "StopLogging", "203.0.113.61", None),
        ("fire-other-role-inside-build-network", ci, "StopLogging", "10.20.1.77", None),
        ("fire-admin-delete-outside-build-network", admin, "DeleteTrail", "192.0.2.44", None),
        ("quiet-admin-stop-in-build-network", admin, "StopLogging", "10.20.9.15", None),
        ("quiet-admin-delete-in-build-network", admin, "DeleteTrail", "10.20.200.3", None),
        ("quiet-start-logging", attacker, "StartLogging", "203.0.113.60", None),
        ("quiet-update-trail", attacker, "UpdateTrail", "203.0.113.60", None),
        ("quiet-create-trail", admin, "CreateTrail", "10.20.9.15", None),
        ("quiet-describe-trails", auditor, "DescribeTrails", "10.20.5.20", None),
        ("quiet-trail-status", auditor, "GetTrailStatus", "10.20.5.20", None),
        ("quiet-lookup-events", attacker, "LookupEvents", "203.0.113.60", None),
        ("quiet-event-selectors", attacker, "PutEventSelectors", "203.0.113.60", None),
    ]
    ids = {}
    for i, (case, ident, name, ip, error) in enumerate(cases):
        ids[case] = b.call(
            t + dt.timedelta(minutes=7 * i),
            ident,
            "cloudtrail.amazonaws.com",
            name,
            ip=ip,
            agent=ua,
            error=error,
            params=trail,
        )
    records = [r for _, r in sorted(b.records, key=lambda x: (x[0], x[1]["eventID"]))]
    return records, ids


# -- files --------------------------------------------------------------------------------------


def records_jsonl(log: AuditLog) -> str:
    return "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in log.records)


def events_jsonl(log: AuditLog) -> str:
    return "".join(json.dumps(e, separators=(",", ":")) + "\n" for e in log.events)


def labels_csv(log: AuditLog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["event_id", "step"])
    writer.writerows(sorted(log.labels.items()))
    return out.getvalue()


def alerts_csv(log: AuditLog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rule", "event_id"])
    writer.writerows(log.alerts)
    return out.getvalue()


def files(log: AuditLog, stem: str = "audit") -> dict[str, str]:
    """File name -> text of everything a module ships for one log."""
    return {
        f"{stem}_log.jsonl": records_jsonl(log),
        f"{stem}_events.jsonl": events_jsonl(log),
        f"{stem}_labels.csv": labels_csv(log),
        f"{stem}_alerts.csv": alerts_csv(log),
    }


def write(log: AuditLog, directory: Path, stem: str = "audit") -> None:
    for name, text in files(log, stem).items():
        (Path(directory) / name).write_text(text, encoding="utf-8")


def digest(log: AuditLog) -> str:
    """sha256 over every file of the log: pins the generator's output in tests."""
    h = hashlib.sha256()
    for name, text in sorted(files(log).items()):
        h.update(name.encode() + b"\0" + text.encode() + b"\0")
    return h.hexdigest()


# -- the scenarios the course ships ------------------------------------------------------------

LESSON = Scenario(seed=2024)
ASSIGNMENT = Scenario(seed=1010)
HIDDEN = Scenario(
    seed=7331,
    start="2026-11-16",
    days=9,
    baseline_days=4,
    collector_offset="-05:00",
    collector_share=0.25,
    attack=Attack(
        victim="carol",
        start="2026-11-21T22:41:53Z",
        ips=("203.0.113.9", "203.0.113.10"),
        user_agent="aws-cli/1.29.0 Python/3.10.12 Linux/5.15.0 botocore/1.31.0",
        recon_calls=22,
        persistence="new-user",
        target="svc-backup",
        second_key_for="erin",
        evasion="DeleteTrail",
        failed_evasion_first=False,
        new_key_first_call="identity",
    ),
    travel=("erin", 5, "203.0.113.200"),
    rotate=("bob", 4),
    own_key=("dan", 1),
    trail_admin_day=6,
    root_day=5,
    missing_session_context=6,
    empty_key_ids=5,
)

SCENARIOS = {"lesson": LESSON, "assignment": ASSIGNMENT, "hidden": HIDDEN}


def scenario(name: str, **changes) -> Scenario:
    return replace(SCENARIOS[name], **changes)
