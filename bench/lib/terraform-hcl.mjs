// Deterministic generator of Terraform (HCL) files for the benchmark's Terraform row (issue 13). Same
// (targetBytes, seed) -> same text on every machine (a seeded PRNG). A file looks like a module of a real
// repository: most blocks hold no policy (variables, outputs, instances, buckets, security groups with rules,
// locals), and among them the policies in every form the front-end reads: data "aws_iam_policy_document"
// with statements, principals and conditions (a dynamic statement on a variable now and then), jsonencode
// policies on aws_iam_policy and bucket policies, heredoc JSON on role policies, a quoted JSON trust policy.
import { prng } from './generate.mjs';
import { ACTIONS, pick, WORDS } from './terraform-plan.mjs';

/** Sizes of the bench row. */
export const HCL_SIZES = [
  { id: 'tf-10KB', bytes: 1e4 },
  { id: 'tf-100KB', bytes: 1e5 },
  { id: 'tf-1MB', bytes: 1e6 },
];

const list = (items) => `[${items.map((a) => `"${a}"`).join(', ')}]`;
const actions = (rand) => [...new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, ACTIONS)))];

function policyDocument(rand, n) {
  const statements = [];
  for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) {
    const condition =
      rand() < 0.5
        ? `
    condition {
      test     = "${pick(rand, ['StringEquals', 'StringLike', 'ArnLike'])}"
      variable = "aws:PrincipalTag/team"
      values   = ["${pick(rand, WORDS)}", "\${var.team}"]
    }`
        : '';
    statements.push(`
  statement {
    sid       = "S${n}x${i}"
    effect    = "Allow"
    actions   = ${list(actions(rand))}
    resources = ["arn:\${data.aws_partition.current.partition}:s3:::${pick(rand, WORDS)}-${n}/*"]${condition}
  }`);
  }
  if (rand() < 0.3)
    statements.push(`
  dynamic "statement" {
    for_each = var.enforce_mfa ? [1] : []
    content {
      sid         = "DenyWithoutMFA${n}"
      effect      = "Deny"
      not_actions = ["iam:ChangePassword", "iam:GetUser", "sts:GetSessionToken"]
      resources   = ["*"]
      condition {
        test     = "BoolIfExists"
        variable = "aws:MultiFactorAuthPresent"
        values   = [false]
      }
    }
  }`);
  return `data "aws_iam_policy_document" "doc_${n}" {${statements.join('\n')}
}

resource "aws_iam_policy" "doc_${n}" {
  name   = "doc-${n}"
  policy = data.aws_iam_policy_document.doc_${n}.json
}
`;
}

function jsonencodePolicy(rand, n) {
  return `resource "aws_iam_policy" "encoded_${n}" {
  name        = "encoded-${n}"
  description = "Access for ${pick(rand, WORDS)} jobs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Allow${n}"
        Effect   = "Allow"
        Action   = ${list(actions(rand))}
        Resource = ["arn:aws:s3:::${pick(rand, WORDS)}-${n}", "arn:aws:s3:::${pick(rand, WORDS)}-${n}/*"]
        Condition = {
          Bool = { "aws:MultiFactorAuthPresent" = "true" }
        }
      },
    ]
  })
  tags = local.tags
}
`;
}

function heredocPolicy(rand, n) {
  return `resource "aws_iam_role_policy" "heredoc_${n}" {
  name   = "heredoc-${n}"
  role   = aws_iam_role.role_${n}.id
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ${list(actions(rand))},
          "Resource": "arn:aws:sqs:\${var.region}:\${var.account_id}:${pick(rand, WORDS)}-${n}"
        }
      ]
    }
  EOF
}

resource "aws_iam_role" "role_${n}" {
  name               = "role-${n}"
  assume_role_policy = "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Principal\\": {\\"Service\\": \\"lambda.amazonaws.com\\"}, \\"Action\\": \\"sts:AssumeRole\\"}]}"
}
`;
}

function plainBlocks(rand, n) {
  const word = pick(rand, WORDS);
  return `variable "${word}_${n}_size" {
  type        = number
  description = "How many ${word} workers run"
  default     = ${1 + Math.floor(rand() * 9)}
}

resource "aws_instance" "app_${n}" {
  ami                    = "ami-0${(n * 7919).toString(16).padStart(16, '0')}"
  instance_type          = "${pick(rand, ['t3.micro', 'm5.large', 'c6g.xlarge'])}"
  subnet_id              = element(var.subnet_ids, ${n} % length(var.subnet_ids))
  vpc_security_group_ids = [aws_security_group.sg_${n}.id]
  count                  = var.${word}_${n}_size > 0 ? 1 : 0
  user_data              = <<-EOT
    #!/bin/bash
    echo "starting ${word} ${n}" >> /var/log/boot.log
  EOT
  tags = merge(local.tags, { Name = "${word}-${n}", Role = "${word}" })
}

resource "aws_security_group" "sg_${n}" {
  name   = "sg-${n}"
  vpc_id = var.vpc_id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.${n % 256}.0.0/16"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket" "bucket_${n}" {
  bucket = "\${var.prefix}-${word}-${n}"
  tags   = { for k, v in local.tags : k => v if k != "Name" }
}

output "${word}_${n}_ids" {
  value = [for i in aws_instance.app_${n} : i.id]
}
`;
}

/** A Terraform file of about `targetBytes` characters: a header, then blocks in a seeded mix (about a third hold a policy). */
export function generateHcl(targetBytes, seed) {
  const rand = prng(seed);
  let text = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

data "aws_partition" "current" {}

locals {
  tags = { Team = "platform", ManagedBy = "terraform" }
}
`;
  for (let n = 0; text.length < targetBytes; n++) {
    const r = rand();
    const block =
      r < 0.15 ? policyDocument(rand, n) : r < 0.25 ? jsonencodePolicy(rand, n) : r < 0.35 ? heredocPolicy(rand, n) : plainBlocks(rand, n);
    text += `\n${block}`;
  }
  return text;
}
