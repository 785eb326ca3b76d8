"""Generate a deterministic, realistic Terraform corpus for the benchmarks.

The corpus looks like a company's infrastructure monorepo, cut into "repositories":
each has reusable modules (``modules/<name>/``: ``main.tf``, ``variables.tf``,
``outputs.tf``, ``versions.tf``, sometimes ``locals.tf``/``data.tf``/``iam.tf``) and
environments (``envs/<env>/``) that call them, plus registry modules, with a
``terraform.tfvars``. Most modules are ordinary infrastructure (VPCs, IAM, RDS,
EKS-like clusters, buckets, queues, Lambda, DNS, ECS); about one in seven is an edge
stack (CloudFront with several origins and behaviors, ALBs with security groups and
listener rules, API Gateway, WAF). File sizes follow real repositories (measured on
terraform-aws-modules' eks, vpc and cloudfront repositories: median under 1 KB, a
long tail to ~60 KB, about 4.3 files per folder).

Scale 1 is about 1,000 files and 4 MB; scale N has N times as many repositories, and
repository ``i`` is the same at every scale (so 4x holds 1x), which makes the
scaling table compare like with like.

    python bench/gen_corpus.py --scale 1 [--out DIR]   # prints the folder

Nothing here is committed: the corpus is written to a cache folder
(``$XDG_CACHE_HOME/edgelint-bench/corpus-v<GEN>-<scale>x``) and reused while the
generator version is unchanged.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
from pathlib import Path

GEN_VERSION = 1
REPOS_PER_SCALE = 29  # about 1,000 files and 4 MB at scale 1
EDGE_SHARE = 0.15  # share of modules that are edge stacks
REGIONS = ("eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2")
ENVS = ("dev", "staging", "prod", "sandbox")
WORDS = ("core", "shop", "billing", "search", "auth", "media", "data", "ledger", "notify", "catalog",
         "orders", "users", "portal", "reports", "ingest", "events", "assets", "checkout", "inventory", "ml")
REGISTRY_MODULES = (
    ("vpc", "terraform-aws-modules/vpc/aws", "~> 5.0"),
    ("s3_bucket", "terraform-aws-modules/s3-bucket/aws", "~> 4.1"),
    ("rds", "terraform-aws-modules/rds/aws", "~> 6.5"),
    ("iam_role", "terraform-aws-modules/iam/aws//modules/iam-assumable-role", "~> 5.39"),
    ("sg", "terraform-aws-modules/security-group/aws", "~> 5.1"),
)


def default_root(scale: float) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "edgelint-bench" / f"corpus-v{GEN_VERSION}-{_scale_name(scale)}x"


def _scale_name(scale: float) -> str:
    return str(int(scale)) if float(scale).is_integer() else str(scale)


# --- small HCL writers -----------------------------------------------------------------


def q(s: str) -> str:
    return json.dumps(s)


def hcl_value(v, indent: int = 2) -> str:
    pad = " " * indent
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, str):
        return q(v)
    if isinstance(v, list):
        if all(not isinstance(i, (dict, list)) for i in v) and len(v) <= 4:
            return "[" + ", ".join(hcl_value(i, indent) for i in v) + "]"
        inner = ",\n".join(pad + "  " + hcl_value(i, indent + 2) for i in v)
        return "[\n" + inner + ",\n" + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        width = max(len(_key(k)) for k in v)
        inner = "\n".join(f"{pad}  {_key(k):<{width}} = {hcl_value(i, indent + 2)}" for k, i in v.items())
        return "{\n" + inner + "\n" + pad + "}"
    raise TypeError(type(v))


def _key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isalnum() and not k[0].isdigit() else q(k)


class Raw:
    """An HCL expression written as it is (references, function calls)."""

    def __init__(self, text: str):
        self.text = text


def block(head: str, body: list, indent: int = 0) -> str:
    """``body``: (name, value) attributes, nested ``("block", head, body)``, or comments."""
    pad = " " * indent
    lines = [f"{pad}{head} {{"]
    attrs = [b for b in body if isinstance(b, tuple) and len(b) == 2]
    width = max((len(a[0]) for a in attrs), default=0)
    previous_was_block = False
    for item in body:
        if isinstance(item, str):  # a comment line
            lines.append(f"{pad}  # {item}")
        elif len(item) == 2:
            if previous_was_block:
                lines.append("")
            name, value = item
            lines.append(f"{pad}  {name:<{width}} = {hcl_value(value, indent + 2)}")
            previous_was_block = False
        else:
            _, nested_head, nested_body = item
            lines.append("")
            lines.append(block(nested_head, nested_body, indent + 2))
            previous_was_block = True
    lines.append(f"{pad}}}")
    return "\n".join(lines)


def resource(type_: str, name: str, body: list) -> str:
    return block(f"resource {q(type_)} {q(name)}", body)


def data(type_: str, name: str, body: list) -> str:
    return block(f"data {q(type_)} {q(name)}", body)


def nested(head: str, body: list) -> tuple:
    return ("block", head, body)


# --- one module folder ------------------------------------------------------------------


class ModuleWriter:
    """Accumulates the blocks of one module folder and the variables they use."""

    def __init__(self, rnd: random.Random, name: str):
        self.rnd = rnd
        self.name = name
        self.main: list[str] = []
        self.extra: dict[str, list[str]] = {}
        self.variables: dict[str, tuple[str, object]] = {}
        self.outputs: list[tuple[str, str]] = []
        self.locals: dict[str, object] = {}

    def var(self, name: str, type_: str = "string", default=None, *, required: bool = False) -> Raw:
        if name not in self.variables:
            self.variables[name] = (type_, None if required else default)
        return Raw(f"var.{name}")

    def tags(self, extra: dict | None = None) -> Raw:
        self.locals.setdefault("common_tags", Raw(
            'merge(var.tags, {\n    Module      = "' + self.name + '"\n    Environment = var.environment\n'
            '    ManagedBy   = "terraform"\n  })'))
        self.var("tags", "map(string)", {})
        self.var("environment", "string", "dev")
        if extra:
            return Raw("merge(local.common_tags, " + hcl_value(extra, 2) + ")")
        return Raw("local.common_tags")

    def add(self, text: str, file: str = "main.tf") -> None:
        (self.main if file == "main.tf" else self.extra.setdefault(file, [])).append(text)

    def size(self) -> int:
        return sum(len(t) + 2 for part in (self.main, *self.extra.values()) for t in part)

    def files(self) -> dict[str, str]:
        out: dict[str, str] = {"main.tf": "\n\n".join(self.main) + "\n"}
        for file, parts in self.extra.items():
            out[file] = "\n\n".join(parts) + "\n"
        if self.locals:
            out["locals.tf"] = block("locals", list(self.locals.items())) + "\n"
        out["variables.tf"] = self._variables()
        if self.outputs:
            out["outputs.tf"] = "\n\n".join(
                block(f"output {q(n)}", [("description", f"The {n.replace('_', ' ')}."), ("value", Raw(v))])
                for n, v in self.outputs) + "\n"
        out["versions.tf"] = VERSIONS
        return out

    def _variables(self) -> str:
        parts = []
        for name, (type_, default) in sorted(self.variables.items()):
            words = name.replace("_", " ")
            body: list = [("description", f"{words.capitalize()} for the {self.name} module. Set it per environment "
                                          f"in terraform.tfvars; see the module README for how {words} is used."),
                          ("type", Raw(type_))]
            if default is not None:
                body.append(("default", default))
            if name == "environment":
                body.append(nested("validation", [
                    ("condition", Raw(f'contains(["dev", "staging", "prod", "sandbox"], var.{name})')),
                    ("error_message", "Environment must be one of dev, staging, prod, sandbox.")]))
            parts.append(block(f"variable {q(name)}", body))
        return "\n\n".join(parts) + "\n"


VERSIONS = """terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40"
    }
  }
}
"""


# --- ordinary infrastructure ------------------------------------------------------------


def vpc(m: ModuleWriter, i: int) -> None:
    n = f"main{i}" if i else "main"
    m.add(resource("aws_vpc", n, [
        ("cidr_block", m.var("cidr_block", "string", "10.0.0.0/16")),
        ("enable_dns_support", True), ("enable_dns_hostnames", True),
        ("tags", m.tags({"Name": Raw(f'"${{var.environment}}-{m.name}"')}))]))
    azs = m.rnd.randint(2, 3)
    for tier, newbits in (("public", 8), ("private", 4)):
        m.add(resource("aws_subnet", f"{tier}{i}", [
            ("count", azs), ("vpc_id", Raw(f"aws_vpc.{n}.id")),
            ("cidr_block", Raw(f"cidrsubnet(aws_vpc.{n}.cidr_block, {newbits}, count.index + {10 if tier == 'private' else 0})")),
            ("availability_zone", Raw("element(var.azs, count.index)")),
            ("map_public_ip_on_launch", tier == "public"),
            ("tags", m.tags({"Tier": tier}))]))
    m.var("azs", "list(string)", ["eu-west-1a", "eu-west-1b", "eu-west-1c"])
    m.add(resource("aws_internet_gateway", f"this{i}", [("vpc_id", Raw(f"aws_vpc.{n}.id")), ("tags", m.tags())]))
    m.add(resource("aws_eip", f"nat{i}", [("count", Raw(f"var.single_nat_gateway ? 1 : {azs}")), ("domain", "vpc")]))
    m.var("single_nat_gateway", "bool", True)
    m.add(resource("aws_nat_gateway", f"this{i}", [
        ("count", Raw(f"var.single_nat_gateway ? 1 : {azs}")),
        ("allocation_id", Raw(f"aws_eip.nat{i}[count.index].id")),
        ("subnet_id", Raw(f"aws_subnet.public{i}[count.index].id")),
        ("depends_on", Raw(f"[aws_internet_gateway.this{i}]"))]))
    m.add(resource("aws_route_table", f"private{i}", [
        ("vpc_id", Raw(f"aws_vpc.{n}.id")),
        nested("route", [("cidr_block", "0.0.0.0/0"), ("nat_gateway_id", Raw(f"aws_nat_gateway.this{i}[0].id"))]),
        ("tags", m.tags({"Tier": "private"}))]))
    m.add(resource("aws_route_table_association", f"private{i}", [
        ("for_each", Raw(f"{{ for idx, s in aws_subnet.private{i} : idx => s.id }}")),
        ("subnet_id", Raw("each.value")), ("route_table_id", Raw(f"aws_route_table.private{i}.id"))]))
    m.add(resource("aws_flow_log", f"this{i}", [
        ("vpc_id", Raw(f"aws_vpc.{n}.id")), ("traffic_type", "ALL"),
        ("log_destination", Raw("var.flow_log_bucket_arn")), ("log_destination_type", "s3")]))
    m.var("flow_log_bucket_arn", required=True)
    m.outputs += [(f"vpc_id{i or ''}", f"aws_vpc.{n}.id"), (f"private_subnet_ids{i or ''}", f"aws_subnet.private{i}[*].id")]


def iam(m: ModuleWriter, i: int) -> None:
    svc = m.rnd.choice(("lambda", "ecs-tasks", "ec2", "states", "events"))
    m.add(resource("aws_iam_role", f"service{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{svc}-{i}"')),
        ("assume_role_policy", Raw("jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n"
                                   "      Effect    = \"Allow\"\n      Action    = \"sts:AssumeRole\"\n"
                                   f"      Principal = {{ Service = \"{svc}.amazonaws.com\" }}\n    }}]\n  }})")),
        ("max_session_duration", 3600), ("tags", m.tags())]), "iam.tf")
    actions = m.rnd.sample(["s3:GetObject", "s3:PutObject", "s3:ListBucket", "sqs:SendMessage", "sqs:ReceiveMessage",
                            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "kms:Decrypt",
                            "logs:CreateLogStream", "logs:PutLogEvents", "secretsmanager:GetSecretValue"], 4)
    m.add(data("aws_iam_policy_document", f"access{i}", [
        nested("statement", [("sid", f"Access{i}"), ("effect", "Allow"), ("actions", actions),
                             ("resources", Raw("var.resource_arns"))]),
        nested("statement", [("sid", "DenyInsecureTransport"), ("effect", "Deny"), ("actions", ["*"]),
                             ("resources", ["*"]),
                             nested("condition", [("test", "Bool"), ("variable", "aws:SecureTransport"),
                                                  ("values", ["false"])])])]), "iam.tf")
    m.var("resource_arns", "list(string)", [])
    m.add(resource("aws_iam_policy", f"access{i}", [
        ("name_prefix", f"{m.name}-{i}-"), ("policy", Raw(f"data.aws_iam_policy_document.access{i}.json"))]), "iam.tf")
    m.add(resource("aws_iam_role_policy_attachment", f"access{i}", [
        ("role", Raw(f"aws_iam_role.service{i}.name")), ("policy_arn", Raw(f"aws_iam_policy.access{i}.arn"))]), "iam.tf")
    m.add(resource("aws_iam_policy", f"heredoc{i}", [
        ("name", f"{m.name}-logs-{i}"),
        ("policy", Raw('<<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [\n        {\n'
                       '          "Effect": "Allow",\n          "Action": ["logs:CreateLogGroup", "logs:PutLogEvents"],\n'
                       '          "Resource": "arn:aws:logs:*:*:*"\n        }\n      ]\n    }\n  EOT'))]), "iam.tf")
    m.outputs.append((f"role_arn{i or ''}", f"aws_iam_role.service{i}.arn"))


def security_group(m: ModuleWriter, name: str, port: int, cidrs: list) -> None:
    m.add(resource("aws_security_group", name, [
        ("name_prefix", f"{m.name}-{name}-"), ("description", f"{name} access"),
        ("vpc_id", m.var("vpc_id", required=True)),
        nested("ingress", [("description", "from the VPC"), ("from_port", port), ("to_port", port),
                           ("protocol", "tcp"), ("cidr_blocks", cidrs)]),
        nested("egress", [("from_port", 0), ("to_port", 0), ("protocol", "-1"), ("cidr_blocks", ["0.0.0.0/0"])]),
        nested("lifecycle", [("create_before_destroy", True)]),
        ("tags", m.tags())]))


def rds(m: ModuleWriter, i: int) -> None:
    engine = m.rnd.choice((("postgres", "16.3", 5432), ("mysql", "8.0.36", 3306)))
    security_group(m, f"db{i}", engine[2], ["10.0.0.0/8"])
    m.add(resource("aws_db_subnet_group", f"this{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')), ("subnet_ids", m.var("subnet_ids", "list(string)", required=True))]))
    m.add(resource("aws_db_parameter_group", f"this{i}", [
        ("family", f"{engine[0]}{engine[1].split('.')[0]}"),
        nested('dynamic "parameter"', [("for_each", Raw("var.db_parameters")),
                                       nested("content", [("name", Raw("parameter.key")), ("value", Raw("parameter.value"))])])]))
    m.var("db_parameters", "map(string)", {"log_min_duration_statement": "500"})
    m.add(resource("aws_db_instance", f"this{i}", [
        ("identifier", Raw(f'"${{var.environment}}-{m.name}-{i}"')), ("engine", engine[0]), ("engine_version", engine[1]),
        ("instance_class", m.var("instance_class", "string", "db.t4g.medium")),
        ("allocated_storage", 50), ("max_allocated_storage", 500), ("storage_encrypted", True),
        ("kms_key_id", Raw(f"aws_kms_key.db{i}.arn")), ("db_subnet_group_name", Raw(f"aws_db_subnet_group.this{i}.name")),
        ("parameter_group_name", Raw(f"aws_db_parameter_group.this{i}.name")),
        ("vpc_security_group_ids", Raw(f"[aws_security_group.db{i}.id]")),
        ("multi_az", Raw('var.environment == "prod"')), ("backup_retention_period", Raw('var.environment == "prod" ? 14 : 3')),
        ("deletion_protection", True), ("skip_final_snapshot", False),
        ("performance_insights_enabled", True), ("tags", m.tags())]))
    m.add(resource("aws_kms_key", f"db{i}", [("description", f"{m.name} database {i}"), ("enable_key_rotation", True),
                                             ("deletion_window_in_days", 30)]))
    m.outputs.append((f"db_endpoint{i or ''}", f"aws_db_instance.this{i}.endpoint"))


def eks(m: ModuleWriter, i: int) -> None:
    m.add(resource("aws_eks_cluster", f"this{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')), ("role_arn", Raw(f"aws_iam_role.cluster{i}.arn")),
        ("version", m.var("kubernetes_version", "string", "1.30")),
        nested("vpc_config", [("subnet_ids", m.var("subnet_ids", "list(string)", required=True)),
                              ("endpoint_private_access", True), ("endpoint_public_access", False)]),
        nested("encryption_config", [("resources", ["secrets"]), nested("provider", [("key_arn", Raw("var.kms_key_arn"))])]),
        ("enabled_cluster_log_types", ["api", "audit", "authenticator"]), ("tags", m.tags())]))
    m.var("kms_key_arn", required=True)
    m.add(resource("aws_iam_role", f"cluster{i}", [
        ("name_prefix", f"{m.name}-cluster-"),
        ("assume_role_policy", Raw("jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = [{ Effect = \"Allow\", "
                                   "Action = \"sts:AssumeRole\", Principal = { Service = \"eks.amazonaws.com\" } }]\n  })"))]))
    for pool in m.rnd.sample(["general", "spot", "gpu", "system", "batch"], m.rnd.randint(1, 3)):
        m.add(resource("aws_eks_node_group", f"{pool}{i}", [
            ("cluster_name", Raw(f"aws_eks_cluster.this{i}.name")), ("node_group_name", pool),
            ("node_role_arn", Raw("var.node_role_arn")), ("subnet_ids", Raw("var.subnet_ids")),
            ("capacity_type", "SPOT" if pool == "spot" else "ON_DEMAND"),
            ("instance_types", ["m6i.large", "m6a.large"] if pool != "gpu" else ["g5.xlarge"]),
            nested("scaling_config", [("desired_size", 2), ("min_size", 1), ("max_size", m.rnd.randint(3, 20))]),
            nested("update_config", [("max_unavailable_percentage", 25)]),
            ("labels", {"pool": pool}), ("tags", m.tags({"Pool": pool}))]))
    m.var("node_role_arn", required=True)
    m.add(resource("aws_security_group_rule", f"cluster_ingress{i}", [
        ("type", "ingress"), ("from_port", 443), ("to_port", 443), ("protocol", "tcp"),
        ("cidr_blocks", Raw("var.admin_cidrs")),
        ("security_group_id", Raw(f"aws_eks_cluster.this{i}.vpc_config[0].cluster_security_group_id"))]))
    m.var("admin_cidrs", "list(string)", ["10.20.0.0/16"])
    m.outputs.append((f"cluster_endpoint{i or ''}", f"aws_eks_cluster.this{i}.endpoint"))


def bucket(m: ModuleWriter, i: int) -> None:
    m.add(resource("aws_s3_bucket", f"this{i}", [
        ("bucket", Raw(f'"${{var.environment}}-{m.name}-{i}-${{var.account_id}}"')), ("force_destroy", False),
        ("tags", m.tags())]))
    m.var("account_id", required=True)
    m.add(resource("aws_s3_bucket_versioning", f"this{i}", [
        ("bucket", Raw(f"aws_s3_bucket.this{i}.id")), nested("versioning_configuration", [("status", "Enabled")])]))
    m.add(resource("aws_s3_bucket_server_side_encryption_configuration", f"this{i}", [
        ("bucket", Raw(f"aws_s3_bucket.this{i}.id")),
        nested("rule", [nested("apply_server_side_encryption_by_default", [("sse_algorithm", "aws:kms")]),
                        ("bucket_key_enabled", True)])]))
    m.add(resource("aws_s3_bucket_public_access_block", f"this{i}", [
        ("bucket", Raw(f"aws_s3_bucket.this{i}.id")), ("block_public_acls", True), ("block_public_policy", True),
        ("ignore_public_acls", True), ("restrict_public_buckets", True)]))
    rules = [nested("rule", [("id", f"expire-{d}"), ("status", "Enabled"), nested("filter", [("prefix", f"{p}/")]),
                             nested("expiration", [("days", d)])])
             for p, d in m.rnd.sample([("logs", 90), ("tmp", 7), ("exports", 365), ("cache", 30)], 2)]
    m.add(resource("aws_s3_bucket_lifecycle_configuration", f"this{i}", [("bucket", Raw(f"aws_s3_bucket.this{i}.id")), *rules]))
    m.outputs.append((f"bucket_arn{i or ''}", f"aws_s3_bucket.this{i}.arn"))


def compute(m: ModuleWriter, i: int) -> None:
    fn = f"{m.name}-{m.rnd.choice(WORDS)}-{i}"
    m.add(resource("aws_lambda_function", f"worker{i}", [
        ("function_name", Raw(f'"${{var.environment}}-{fn}"')), ("role", Raw("var.role_arn")),
        ("runtime", m.rnd.choice(("python3.12", "nodejs20.x", "java21"))), ("handler", "app.handler"),
        ("filename", Raw('"${path.module}/build/app.zip"')), ("timeout", m.rnd.choice((10, 30, 60, 300))),
        ("memory_size", m.rnd.choice((256, 512, 1024))),
        nested("environment", [("variables", {"QUEUE_URL": Raw(f"aws_sqs_queue.jobs{i}.url"),
                                              "TABLE": Raw(f"aws_dynamodb_table.state{i}.name"), "LOG_LEVEL": "info"})]),
        nested("tracing_config", [("mode", "Active")]), ("tags", m.tags())]))
    m.var("role_arn", required=True)
    m.add(resource("aws_cloudwatch_log_group", f"worker{i}", [
        ("name", Raw(f'"/aws/lambda/${{aws_lambda_function.worker{i}.function_name}}"')), ("retention_in_days", 30)]))
    m.add(resource("aws_sqs_queue", f"jobs{i}", [
        ("name", Raw(f'"${{var.environment}}-{fn}-jobs"')), ("visibility_timeout_seconds", 360),
        ("message_retention_seconds", 1209600), ("sqs_managed_sse_enabled", True),
        ("redrive_policy", Raw(f"jsonencode({{\n    deadLetterTargetArn = aws_sqs_queue.dlq{i}.arn\n    maxReceiveCount     = 5\n  }})"))]))
    m.add(resource("aws_sqs_queue", f"dlq{i}", [("name", Raw(f'"${{var.environment}}-{fn}-dlq"'))]))
    m.add(resource("aws_dynamodb_table", f"state{i}", [
        ("name", Raw(f'"${{var.environment}}-{fn}-state"')), ("billing_mode", "PAY_PER_REQUEST"), ("hash_key", "pk"),
        ("range_key", "sk"),
        nested("attribute", [("name", "pk"), ("type", "S")]), nested("attribute", [("name", "sk"), ("type", "S")]),
        nested("point_in_time_recovery", [("enabled", True)]), ("tags", m.tags())]))
    for metric, threshold in m.rnd.sample([("Errors", 5), ("Throttles", 1), ("Duration", 20000)], 2):
        m.add(resource("aws_cloudwatch_metric_alarm", f"{metric.lower()}{i}", [
            ("alarm_name", Raw(f'"${{aws_lambda_function.worker{i}.function_name}}-{metric.lower()}"')),
            ("namespace", "AWS/Lambda"), ("metric_name", metric), ("statistic", "Sum"), ("period", 300),
            ("evaluation_periods", 2), ("threshold", threshold), ("comparison_operator", "GreaterThanThreshold"),
            ("dimensions", {"FunctionName": Raw(f"aws_lambda_function.worker{i}.function_name")}),
            ("alarm_actions", Raw("var.alarm_topic_arns"))]))
    m.var("alarm_topic_arns", "list(string)", [])
    m.outputs.append((f"function_arn{i or ''}", f"aws_lambda_function.worker{i}.arn"))


def dns(m: ModuleWriter, i: int) -> None:
    m.add(resource("aws_route53_zone", f"this{i}", [("name", Raw(f'"{m.name}{i}.${{var.domain}}"')), ("tags", m.tags())]))
    m.var("domain", "string", "example.com")
    records = {f"{w}": f"10.{m.rnd.randint(0, 255)}.{m.rnd.randint(0, 255)}.{m.rnd.randint(1, 254)}"
               for w in m.rnd.sample(WORDS, 4)}
    m.locals[f"records{i}"] = records
    m.add(resource("aws_route53_record", f"a{i}", [
        ("for_each", Raw(f"local.records{i}")), ("zone_id", Raw(f"aws_route53_zone.this{i}.zone_id")),
        ("name", Raw("each.key")), ("type", "A"), ("ttl", 300), ("records", Raw("[each.value]"))]))


def ecs(m: ModuleWriter, i: int) -> None:
    m.add(resource("aws_ecs_cluster", f"this{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')),
        nested("setting", [("name", "containerInsights"), ("value", "enabled")])]))
    m.add(resource("aws_ecs_task_definition", f"app{i}", [
        ("family", f"{m.name}-{i}"), ("requires_compatibilities", ["FARGATE"]), ("network_mode", "awsvpc"),
        ("cpu", 512), ("memory", 1024), ("execution_role_arn", Raw("var.execution_role_arn")),
        ("container_definitions", Raw(
            "jsonencode([{\n    name      = \"app\"\n    image     = \"${var.image}:${var.image_tag}\"\n"
            "    essential = true\n    portMappings = [{ containerPort = 8080, protocol = \"tcp\" }]\n"
            "    environment = [for k, v in var.app_env : { name = k, value = v }]\n"
            "    logConfiguration = {\n      logDriver = \"awslogs\"\n      options = {\n"
            "        awslogs-group  = \"/ecs/" + m.name + "\"\n        awslogs-region = var.region\n      }\n    }\n  }])"))]))
    m.var("execution_role_arn", required=True)
    m.var("image", "string", f"123456789012.dkr.ecr.eu-west-1.amazonaws.com/{m.name}")
    m.var("image_tag", "string", "latest")
    m.var("app_env", "map(string)", {"PORT": "8080"})
    m.var("region", "string", "eu-west-1")
    m.add(resource("aws_ecs_service", f"app{i}", [
        ("name", "app"), ("cluster", Raw(f"aws_ecs_cluster.this{i}.id")),
        ("task_definition", Raw(f"aws_ecs_task_definition.app{i}.arn")), ("desired_count", Raw("var.desired_count")),
        ("launch_type", "FARGATE"),
        nested("network_configuration", [("subnets", Raw("var.subnet_ids")), ("assign_public_ip", False)]),
        nested("deployment_circuit_breaker", [("enable", True), ("rollback", True)])]))
    m.var("desired_count", "number", 2)
    m.var("subnet_ids", "list(string)", required=True)


ORDINARY = {"network": vpc, "iam": iam, "database": rds, "cluster": eks, "storage": bucket,
            "workers": compute, "dns": dns, "service": ecs}


# --- edge stacks ------------------------------------------------------------------------

CACHE_POLICIES = ("658327ea-f89d-4fab-a63d-7e88639e58f6", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
REQUEST_POLICIES = ("b689b0a8-53d0-40ab-baf2-68738e2966ac", "59781a5b-3903-41f3-afcb-af62929ccde1")


def alb(m: ModuleWriter, i: int) -> None:
    open_to_world = m.rnd.random() < 0.4
    m.add(data("aws_ec2_managed_prefix_list", f"cloudfront{i}", [("name", "com.amazonaws.global.cloudfront.origin-facing")]))
    m.add(resource("aws_security_group", f"alb{i}", [
        ("name_prefix", f"{m.name}-alb-"), ("vpc_id", m.var("vpc_id", required=True)),
        nested("egress", [("from_port", 0), ("to_port", 0), ("protocol", "-1"), ("cidr_blocks", ["0.0.0.0/0"])]),
        ("tags", m.tags())]))
    ingress = [("security_group_id", Raw(f"aws_security_group.alb{i}.id")), ("ip_protocol", "tcp"),
               ("from_port", 443), ("to_port", 443)]
    ingress.append(("cidr_ipv4", "0.0.0.0/0") if open_to_world
                   else ("prefix_list_id", Raw(f"data.aws_ec2_managed_prefix_list.cloudfront{i}.id")))
    m.add(resource("aws_vpc_security_group_ingress_rule", f"https{i}", ingress))
    m.add(resource("aws_lb", f"web{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')), ("load_balancer_type", "application"), ("internal", False),
        ("security_groups", Raw(f"[aws_security_group.alb{i}.id]")), ("subnets", m.var("public_subnet_ids", "list(string)", required=True)),
        ("drop_invalid_header_fields", True), ("idle_timeout", 60),
        nested("access_logs", [("bucket", Raw("var.log_bucket")), ("prefix", f"alb/{m.name}"), ("enabled", True)]),
        ("tags", m.tags())]))
    m.var("log_bucket", required=True)
    m.add(resource("aws_lb_target_group", f"app{i}", [
        ("name_prefix", "app-"), ("port", 8080), ("protocol", "HTTP"), ("vpc_id", Raw("var.vpc_id")), ("target_type", "ip"),
        nested("health_check", [("path", "/healthz"), ("matcher", "200-399"), ("interval", 15), ("healthy_threshold", 3)])]))
    m.add(resource("aws_lb_listener", f"https{i}", [
        ("load_balancer_arn", Raw(f"aws_lb.web{i}.arn")), ("port", 443), ("protocol", "HTTPS"),
        ("ssl_policy", "ELBSecurityPolicy-TLS13-1-2-2021-06"), ("certificate_arn", Raw("var.certificate_arn")),
        nested("default_action", [("type", "fixed-response"),
                                  nested("fixed_response", [("content_type", "text/plain"), ("status_code", "403")])])]))
    m.var("certificate_arn", required=True)
    m.add(resource("aws_lb_listener_rule", f"from_cloudfront{i}", [
        ("listener_arn", Raw(f"aws_lb_listener.https{i}.arn")), ("priority", 10 + i),
        nested("action", [("type", "forward"), ("target_group_arn", Raw(f"aws_lb_target_group.app{i}.arn"))]),
        nested("condition", [nested("http_header", [("http_header_name", "X-Origin-Verify"),
                                                    ("values", Raw("[var.origin_secret]"))])])]))
    m.var("origin_secret", required=True)
    m.outputs += [(f"alb_dns_name{i or ''}", f"aws_lb.web{i}.dns_name")]


def api(m: ModuleWriter, i: int) -> None:
    m.add(resource("aws_api_gateway_rest_api", f"api{i}", [
        ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')),
        nested("endpoint_configuration", [("types", ["REGIONAL"])])]))
    for part in m.rnd.sample(WORDS, m.rnd.randint(2, 4)):
        m.add(resource("aws_api_gateway_resource", f"{part}{i}", [
            ("rest_api_id", Raw(f"aws_api_gateway_rest_api.api{i}.id")),
            ("parent_id", Raw(f"aws_api_gateway_rest_api.api{i}.root_resource_id")), ("path_part", part)]))
        m.add(resource("aws_api_gateway_method", f"{part}_get{i}", [
            ("rest_api_id", Raw(f"aws_api_gateway_rest_api.api{i}.id")), ("resource_id", Raw(f"aws_api_gateway_resource.{part}{i}.id")),
            ("http_method", "GET"), ("authorization", "AWS_IAM"), ("api_key_required", True)]))
    m.add(resource("aws_api_gateway_deployment", f"api{i}", [
        ("rest_api_id", Raw(f"aws_api_gateway_rest_api.api{i}.id")),
        ("triggers", {"redeployment": Raw(f"sha1(jsonencode(aws_api_gateway_rest_api.api{i}.body))")}),
        nested("lifecycle", [("create_before_destroy", True)])]))
    m.add(resource("aws_api_gateway_stage", f"api{i}", [
        ("rest_api_id", Raw(f"aws_api_gateway_rest_api.api{i}.id")), ("deployment_id", Raw(f"aws_api_gateway_deployment.api{i}.id")),
        ("stage_name", m.var("stage_name", "string", "v1")), ("xray_tracing_enabled", True),
        nested("access_log_settings", [("destination_arn", Raw("var.access_log_arn")),
                                       ("format", Raw('jsonencode({ requestId = "$context.requestId", status = "$context.status" })'))])]))
    m.var("access_log_arn", required=True)
    m.add(resource("aws_apigatewayv2_api", f"http{i}", [("name", f"{m.name}-http-{i}"), ("protocol_type", "HTTP")]))
    m.add(resource("aws_apigatewayv2_stage", f"http{i}", [
        ("api_id", Raw(f"aws_apigatewayv2_api.http{i}.id")), ("name", "$default"), ("auto_deploy", True),
        nested("default_route_settings", [("throttling_rate_limit", 100), ("throttling_burst_limit", 50)])]))
    m.outputs.append((f"api_id{i or ''}", f"aws_api_gateway_rest_api.api{i}.id"))


def waf(m: ModuleWriter, i: int) -> None:
    m.add(block('provider "aws"', [("alias", "use1"), ("region", "us-east-1")]), "providers.tf")
    rules = []
    for prio, group in enumerate(m.rnd.sample(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet",
                                               "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesSQLiRuleSet"], 2)):
        rules.append(nested("rule", [
            ("name", group), ("priority", prio),
            nested("override_action", [nested("none", [])]),
            nested("statement", [nested("managed_rule_group_statement", [("name", group), ("vendor_name", "AWS")])]),
            nested("visibility_config", [("cloudwatch_metrics_enabled", True), ("metric_name", group),
                                         ("sampled_requests_enabled", True)])]))
    rules.append(nested("rule", [
        ("name", "rate-limit"), ("priority", 10), nested("action", [nested("block", [])]),
        nested("statement", [nested("rate_based_statement", [("limit", m.rnd.choice((1000, 2000, 5000))),
                                                             ("aggregate_key_type", "IP")])]),
        nested("visibility_config", [("cloudwatch_metrics_enabled", True), ("metric_name", "rate-limit"),
                                     ("sampled_requests_enabled", True)])]))
    m.add(resource("aws_wafv2_web_acl", f"edge{i}", [
        ("provider", Raw("aws.use1")), ("name", Raw(f'"${{var.environment}}-{m.name}-{i}"')), ("scope", "CLOUDFRONT"),
        nested("default_action", [nested("allow", [])]), *rules,
        nested("visibility_config", [("cloudwatch_metrics_enabled", True), ("metric_name", f"{m.name}-{i}"),
                                     ("sampled_requests_enabled", True)])]), "waf.tf")
    m.outputs.append((f"web_acl_arn{i or ''}", f"aws_wafv2_web_acl.edge{i}.arn"))


def cdn(m: ModuleWriter, i: int, *, alb_ref: str | None = None, api_ref: str | None = None,
        waf_ref: str | None = None) -> None:
    """A distribution with an S3 origin (OAC) and, when given, ALB and API origins."""
    rnd = m.rnd
    m.add(resource("aws_s3_bucket", f"assets{i}", [("bucket_prefix", f"{m.name}-assets-"), ("tags", m.tags())]))
    m.add(resource("aws_cloudfront_origin_access_control", f"assets{i}", [
        ("name", f"{m.name}-assets-{i}"), ("origin_access_control_origin_type", "s3"),
        ("signing_behavior", "always"), ("signing_protocol", "sigv4")]))
    origins = [nested("origin", [
        ("domain_name", Raw(f"aws_s3_bucket.assets{i}.bucket_regional_domain_name")), ("origin_id", "assets"),
        ("origin_access_control_id", Raw(f"aws_cloudfront_origin_access_control.assets{i}.id"))])]
    custom = nested("custom_origin_config", [("http_port", 80), ("https_port", 443),
                                             ("origin_protocol_policy", "https-only"), ("origin_ssl_protocols", ["TLSv1.2"])])
    behaviors = []
    for origin_id, ref, pattern in (("web", alb_ref, "/app/*"), ("api", api_ref, "/api/*")):
        if ref is None:
            continue
        body = [("domain_name", Raw(ref)), ("origin_id", origin_id)]
        if origin_id == "api":
            body.append(("origin_path", "/v1"))
        body += [nested("custom_header", [("name", "X-Origin-Verify"), ("value", Raw("var.origin_secret"))]), custom]
        m.var("origin_secret", required=True)
        origins.append(nested("origin", body))
        behaviors.append(nested("ordered_cache_behavior", [
            ("path_pattern", pattern), ("target_origin_id", origin_id),
            ("viewer_protocol_policy", "redirect-to-https" if rnd.random() < 0.85 else "allow-all"),
            ("allowed_methods", ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]),
            ("cached_methods", ["GET", "HEAD"]), ("compress", True), ("cache_policy_id", CACHE_POLICIES[1]),
            ("origin_request_policy_id", rnd.choice(REQUEST_POLICIES))]))
    for n in range(rnd.randint(0, 3)):
        behaviors.append(nested("ordered_cache_behavior", [
            ("path_pattern", f"/static/{rnd.choice(WORDS)}{n}/*"), ("target_origin_id", "assets"),
            ("viewer_protocol_policy", "redirect-to-https"), ("allowed_methods", ["GET", "HEAD"]),
            ("cached_methods", ["GET", "HEAD"]), ("compress", True), ("cache_policy_id", CACHE_POLICIES[0])]))
    default = [("target_origin_id", "assets"), ("viewer_protocol_policy", "redirect-to-https"),
               ("allowed_methods", ["GET", "HEAD"]), ("cached_methods", ["GET", "HEAD"]), ("compress", True),
               ("cache_policy_id", CACHE_POLICIES[0])]
    if rnd.random() < 0.1:  # a classic mistake: legacy forwarded_values next to a cache policy
        default.append(nested("forwarded_values", [("query_string", False), nested("cookies", [("forward", "none")])]))
    body = [("enabled", True), ("comment", Raw(f'"${{var.environment}} {m.name}"')), ("is_ipv6_enabled", True),
            ("http_version", "http2and3"), ("price_class", "PriceClass_100"), ("aliases", Raw("var.aliases")),
            ("default_root_object", "index.html")]
    m.var("aliases", "list(string)", [])
    if waf_ref:
        body.append(("web_acl_id", Raw(waf_ref)))
    body += origins + [nested("default_cache_behavior", default)] + behaviors
    body += [nested("custom_error_response", [("error_code", 404), ("response_code", 404),
                                              ("response_page_path", "/404.html")]),
             nested("logging_config", [("bucket", Raw("var.log_bucket_domain")), ("prefix", f"cloudfront/{m.name}/")]),
             nested("restrictions", [nested("geo_restriction", [("restriction_type", "none")])]),
             nested("viewer_certificate", [("acm_certificate_arn", Raw("var.certificate_arn")),
                                           ("ssl_support_method", "sni-only"), ("minimum_protocol_version", "TLSv1.2_2021")]),
             ("tags", m.tags())]
    m.var("log_bucket_domain", required=True)
    m.var("certificate_arn", required=True)
    m.add(resource("aws_cloudfront_distribution", f"this{i}", body), "cloudfront.tf")
    m.add(data("aws_iam_policy_document", f"assets{i}", [nested("statement", [
        ("actions", ["s3:GetObject"]), ("resources", Raw(f'["${{aws_s3_bucket.assets{i}.arn}}/*"]')),
        nested("principals", [("type", "Service"), ("identifiers", ["cloudfront.amazonaws.com"])]),
        nested("condition", [("test", "StringEquals"), ("variable", "AWS:SourceArn"),
                             ("values", Raw(f"[aws_cloudfront_distribution.this{i}.arn]"))])])]))
    m.add(resource("aws_s3_bucket_policy", f"assets{i}", [
        ("bucket", Raw(f"aws_s3_bucket.assets{i}.id")), ("policy", Raw(f"data.aws_iam_policy_document.assets{i}.json"))]))
    m.outputs.append((f"distribution_domain{i or ''}", f"aws_cloudfront_distribution.this{i}.domain_name"))


def edge_stack(m: ModuleWriter, i: int) -> None:
    """CloudFront in front of an ALB and an API in one folder, as in the bundled example."""
    alb(m, i)
    api(m, i)
    waf(m, i)
    cdn(m, i, alb_ref=f"aws_lb.web{i}.dns_name",
        api_ref=f'"${{aws_api_gateway_rest_api.api{i}.id}}.execute-api.${{var.region}}.amazonaws.com"',
        waf_ref=f"aws_wafv2_web_acl.edge{i}.arn")
    m.var("region", "string", "eu-west-1")


def cdn_module(m: ModuleWriter, i: int) -> None:
    """A CDN module: the ALB comes in as a variable from the caller."""
    m.var("alb_dns_name", required=True)
    cdn(m, i, alb_ref="var.alb_dns_name")


EDGE = {"cdn": cdn_module, "edge-alb": alb, "edge-api": api, "edge-waf": waf, "edge-stack": edge_stack}


# --- corpus ----------------------------------------------------------------------------------


def file_budget(rnd: random.Random) -> int:
    """Bytes of resources in one module's main.tf: lognormal like real modules."""
    return int(min(60_000, max(600, rnd.lognormvariate(math.log(17000), 0.9))))


def module_folder(rnd: random.Random, kind: str, name: str) -> dict[str, str]:
    m = ModuleWriter(rnd, name)
    build = ORDINARY.get(kind) or EDGE[kind]
    budget = file_budget(rnd)
    i = 0
    while True:
        build(m, i)
        i += 1
        if m.size() >= budget or i >= 40:
            break
    return m.files()


def env_folder(rnd: random.Random, env: str, modules: list[tuple[str, str]]) -> dict[str, str]:
    """An environment: provider, backend, calls of local and registry modules, tfvars."""
    region = rnd.choice(REGIONS)
    parts = [block("terraform", [nested('backend "s3"', [
        ("bucket", "acme-terraform-state"), ("key", f"{env}/terraform.tfstate"), ("region", "eu-west-1"),
        ("dynamodb_table", "terraform-locks"), ("encrypt", True)])]),
        block('provider "aws"', [("region", Raw("var.region")),
                                 nested("default_tags", [("tags", {"Environment": env, "Owner": "platform"})])])]
    for kind, name in modules:
        inputs = [("source", f"../../modules/{name}"), ("environment", env),
                  ("tags", {"CostCenter": rnd.choice(("1001", "2002", "3003"))})]
        if kind in ("network", "database", "cluster", "service", "edge-alb"):
            inputs.append(("vpc_id", Raw("module.vpc.vpc_id")))
        parts.append(block(f"module {q(name.replace('-', '_'))}", inputs))
    for label, source, version in rnd.sample(REGISTRY_MODULES, rnd.randint(1, 2)):
        parts.append(block(f"module {q(label)}", [("source", source), ("version", version),
                                                  ("name", Raw(f'"{env}-{label}"')), ("tags", {"Environment": env})]))
    if not any(p.startswith('module "vpc"') for p in parts):
        parts.append(block('module "vpc"', [("source", "terraform-aws-modules/vpc/aws"), ("version", "~> 5.0"),
                                            ("name", env), ("cidr", "10.0.0.0/16")]))
    variables = block('variable "region"', [("type", Raw("string")), ("default", region)])
    return {"main.tf": "\n\n".join(parts) + "\n", "variables.tf": variables + "\n",
            "terraform.tfvars": f'region = "{region}"\n', "versions.tf": VERSIONS}


def repository(index: int) -> dict[str, str]:
    """One repository's files (relative path → text); the same for any scale."""
    rnd = random.Random(f"edgelint-bench-{GEN_VERSION}-{index}")
    files: dict[str, str] = {}
    modules: list[tuple[str, str]] = []
    for n in range(rnd.randint(4, 7)):
        if rnd.random() < EDGE_SHARE:
            kind = rnd.choice(sorted(EDGE))
        else:
            kind = rnd.choice(sorted(ORDINARY))
        name = f"{kind}-{rnd.choice(WORDS)}-{n}"
        modules.append((kind, name))
        for file, text in module_folder(rnd, kind, name).items():
            files[f"modules/{name}/{file}"] = text
    for env in rnd.sample(ENVS, rnd.randint(1, 3)):
        for file, text in env_folder(rnd, env, rnd.sample(modules, min(len(modules), rnd.randint(1, 4)))).items():
            files[f"envs/{env}/{file}"] = text
    if index % 23 == 7:  # now and then a half-edited file, as in any real tree
        broken = f"modules/{modules[0][1]}/wip.tf"
        files[broken] = 'resource "aws_s3_bucket" "wip" {\n  bucket = "half-edited"\n  tags = {\n'
    return files


def generate(scale: float, out: Path | None = None) -> Path:
    """Write the corpus (once; reused while GEN_VERSION is unchanged) and return its folder."""
    out = out or default_root(scale)
    stamp = out / ".complete"
    if stamp.exists() and stamp.read_text() == str(GEN_VERSION):
        return out
    if out.exists():
        shutil.rmtree(out)
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    for index in range(max(1, round(REPOS_PER_SCALE * scale))):
        for rel, text in repository(index).items():
            path = tmp / f"repo{index:04d}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    (tmp / ".complete").write_text(str(GEN_VERSION))
    os.replace(tmp, out)
    return out


def describe(root: Path) -> dict:
    """Files, bytes, folders, and how many folders hold edge resource types."""
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".tf", ".tfvars")]
    tf = [p for p in files if p.suffix == ".tf"]
    folders = {p.parent for p in tf}
    edge = {p.parent for p in tf if "aws_cloudfront" in p.read_text() or "aws_lb\"" in p.read_text()
            or "aws_api_gateway" in p.read_text() or "aws_wafv2" in p.read_text()}
    return {"files": len(files), "tf_files": len(tf), "bytes": sum(p.stat().st_size for p in files),
            "folders": len(folders), "edge_folders": len(edge),
            "resources": sum(p.read_text().count("\nresource ") + p.read_text().startswith("resource ") for p in tf)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=None, help="folder to write (default: the cache folder)")
    parser.add_argument("--stats", action="store_true", help="print files, bytes and folders as JSON")
    args = parser.parse_args(argv)
    root = generate(args.scale, args.out)
    print(json.dumps({"root": str(root), **describe(root)}) if args.stats else root)


if __name__ == "__main__":
    sys.exit(main())
