"""CloudTrail-shaped records, built one call at a time (the building blocks of ``audit_log``).

:class:`Builder` writes each call twice: as the raw record a merged export would hold (nested
``userIdentity``, optional fields missing, some times in a collector's local offset) and as
the flat, UTC event the course's pipeline makes of it. The API catalogues and user agents
here are what the simulated people and jobs call with.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

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


def day_start(s, n: int) -> dt.datetime:
    return dt.datetime.fromisoformat(s.start).replace(tzinfo=UTC) + dt.timedelta(days=n)


def iso(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


class Builder:
    """Collects calls as raw records and flat events at the same time."""

    def __init__(self, s) -> None:  # s: audit_log.Scenario
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
            ident["sessionContext"]["attributes"]["creationDate"] = iso(t - dt.timedelta(minutes=2))
        record = {"eventVersion": "1.10", "userIdentity": ident}
        if self.rng.random() < self.s.collector_share:
            sign = -1 if self.s.collector_offset.startswith("-") else 1
            hours, minutes = self.s.collector_offset[1:].split(":")
            offset = dt.timedelta(hours=int(hours), minutes=int(minutes)) * sign
            record["eventTime"] = t.astimezone(dt.timezone(offset)).isoformat()
        else:
            record["eventTime"] = iso(t)
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
                "time": iso(t),
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
        return day_start(self.s, day) + dt.timedelta(seconds=round(hour * 3600))
