// Renders one policy document for deployment: JSON, minified JSON, an AWS CLI command,
// CloudFormation (YAML or JSON) and Terraform. Pure: the value in, text out.
import type { Partition } from '../types';
import { toYaml } from './yaml';

export type ExportFormat = 'json' | 'json-minified' | 'aws-cli' | 'cloudformation-yaml' | 'cloudformation-json' | 'terraform';

export interface ExportFormatInfo {
  format: ExportFormat;
  label: string;
  detail: string;
  /** VS Code language id of the result. */
  language: string;
  /** File extension for "Save As…", with its dot. */
  extension: string;
  /** True when the ARNs take the partition at deploy time (`${AWS::Partition}`, `data.aws_partition`). */
  partitionAtDeploy: boolean;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    format: 'json',
    label: 'JSON',
    detail: 'The policy document, 2-space indented',
    language: 'json',
    extension: '.json',
    partitionAtDeploy: false,
  },
  {
    format: 'json-minified',
    label: 'Minified JSON',
    detail: 'One line, for size limits and CLI arguments',
    language: 'json',
    extension: '.json',
    partitionAtDeploy: false,
  },
  {
    format: 'aws-cli',
    label: 'AWS CLI',
    detail: 'An aws iam create-policy command',
    language: 'shellscript',
    extension: '.sh',
    partitionAtDeploy: false,
  },
  {
    format: 'cloudformation-yaml',
    label: 'CloudFormation (YAML)',
    detail: 'AWS::IAM::ManagedPolicy, ARNs on ${AWS::Partition}',
    language: 'yaml',
    extension: '.yaml',
    partitionAtDeploy: true,
  },
  {
    format: 'cloudformation-json',
    label: 'CloudFormation (JSON)',
    detail: 'AWS::IAM::ManagedPolicy, ARNs on ${AWS::Partition}',
    language: 'json',
    extension: '.template.json',
    partitionAtDeploy: true,
  },
  {
    format: 'terraform',
    label: 'Terraform',
    detail: 'aws_iam_policy, ARNs on data.aws_partition',
    language: 'terraform',
    extension: '.tf',
    partitionAtDeploy: true,
  },
];

export interface ExportOptions {
  /** Partition of the ARNs for the formats that fix it in the text. */
  partition: Partition;
  /** IAM name of the managed policy. */
  policyName?: string;
  description?: string;
  /** Attach the policy to this IAM group (CloudFormation, Terraform). */
  groupName?: string;
}

export const DEFAULT_POLICY_NAME = 'ForceMFA';
export const DEFAULT_DESCRIPTION =
  'Lets IAM users manage their own credentials and MFA device; denies everything else until they sign in with MFA.';

const ARN_PREFIX = /^arn:aws(?:-cn|-us-gov)?:/;

/** A deep copy with every string mapped (keys untouched). */
function mapStrings(value: unknown, fn: (s: string) => unknown): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out;
  }
  return value;
}

/** Every ARN moved to `partition`. */
export function withPartition(policy: unknown, partition: Partition): unknown {
  return mapStrings(policy, (s) => s.replace(ARN_PREFIX, () => `arn:${partition}:`));
}

/** POSIX shell single quotes: safe for any content. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** CloudFormation: ARNs become `Fn::Sub` on `${AWS::Partition}`; a literal `${` in them is escaped as `${!`. */
function cloudFormationDocument(policy: unknown): unknown {
  return mapStrings(policy, (s) =>
    ARN_PREFIX.test(s) ? { 'Fn::Sub': s.replace(/\$\{/g, () => '${!').replace(ARN_PREFIX, () => 'arn:${AWS::Partition}:') } : s,
  );
}

function cloudFormationTemplate(policy: unknown, o: Required<Omit<ExportOptions, 'groupName'>> & { groupName?: string }): unknown {
  const properties: Record<string, unknown> = {
    ManagedPolicyName: o.policyName,
    Description: o.description,
    PolicyDocument: cloudFormationDocument(policy),
  };
  if (o.groupName) properties.Groups = [o.groupName];
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: o.description,
    Resources: { ForceMfaPolicy: { Type: 'AWS::IAM::ManagedPolicy', Properties: properties } },
    Outputs: { PolicyArn: { Description: 'ARN of the managed policy', Value: { Ref: 'ForceMfaPolicy' } } },
  };
}

/** Terraform templates read `${` and `%{`: doubled, they stay literal (IAM's own `${aws:username}`). */
const escapeTemplate = (s: string) => s.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');

/** HCL string literal: quotes, backslashes, and the `${` / `%{` template sequences escaped. */
function hclString(s: string): string {
  return escapeTemplate(JSON.stringify(s));
}

function terraform(policy: unknown, o: Required<Omit<ExportOptions, 'groupName'>> & { groupName?: string }): string {
  const partitionRef = '${data.aws_partition.current.partition}';
  // Inside the heredoc `${` would be interpolated: escape IAM's own policy variables as `$${`.
  const doc = mapStrings(policy, (s) => escapeTemplate(s).replace(ARN_PREFIX, () => `arn:${partitionRef}:`));
  const json = JSON.stringify(doc, null, 2)
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  const lines = [
    `# ${o.description}`,
    'data "aws_partition" "current" {}',
    '',
    'resource "aws_iam_policy" "force_mfa" {',
    `  name        = ${hclString(o.policyName)}`,
    `  description = ${hclString(o.description)}`,
    '  policy      = <<-EOT',
    json,
    '  EOT',
    '}',
  ];
  if (o.groupName) {
    lines.push(
      '',
      'resource "aws_iam_group_policy_attachment" "force_mfa" {',
      `  group      = ${hclString(o.groupName)}`,
      '  policy_arn = aws_iam_policy.force_mfa.arn',
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Renders `policy` (the parsed policy document) in `format`. */
export function renderExport(policy: unknown, format: ExportFormat, options: ExportOptions): string {
  const o = {
    partition: options.partition,
    policyName: options.policyName || DEFAULT_POLICY_NAME,
    description: options.description || DEFAULT_DESCRIPTION,
    groupName: options.groupName || undefined,
  };
  switch (format) {
    case 'json':
      return `${JSON.stringify(withPartition(policy, o.partition), null, 2)}\n`;
    case 'json-minified':
      return `${JSON.stringify(withPartition(policy, o.partition))}\n`;
    case 'aws-cli':
      return [
        'aws iam create-policy \\',
        `  --policy-name ${shellQuote(o.policyName)} \\`,
        `  --description ${shellQuote(o.description)} \\`,
        `  --policy-document ${shellQuote(JSON.stringify(withPartition(policy, o.partition)))}`,
        '',
      ].join('\n');
    case 'cloudformation-yaml':
      return toYaml(cloudFormationTemplate(policy, o));
    case 'cloudformation-json':
      return `${JSON.stringify(cloudFormationTemplate(policy, o), null, 2)}\n`;
    case 'terraform':
      return terraform(policy, o);
  }
}
