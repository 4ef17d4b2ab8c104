// Renders one policy document for deployment: JSON, minified JSON, an AWS CLI command,
// CloudFormation (YAML or JSON) and Terraform (aws_iam_policy_document or jsonencode). Pure: the value in, text out.
import type { Partition } from '../types';
import { terraformJsonencode, terraformPolicyDocument } from './terraform';
import { toYaml } from './yaml';

export type ExportFormat =
  | 'json'
  | 'json-minified'
  | 'aws-cli'
  | 'cloudformation-yaml'
  | 'cloudformation-json'
  | 'terraform-policy-document'
  | 'terraform-jsonencode';

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
  /** True when the result can attach the policy to an IAM group (`groupName`). */
  attachesToGroup: boolean;
}

export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    format: 'json',
    label: 'JSON',
    detail: 'The policy document, 2-space indented',
    language: 'json',
    extension: '.json',
    partitionAtDeploy: false,
    attachesToGroup: false,
  },
  {
    format: 'json-minified',
    label: 'Minified JSON',
    detail: 'One line, for size limits and CLI arguments',
    language: 'json',
    extension: '.json',
    partitionAtDeploy: false,
    attachesToGroup: false,
  },
  {
    format: 'aws-cli',
    label: 'AWS CLI',
    detail: 'An aws iam create-policy command',
    language: 'shellscript',
    extension: '.sh',
    partitionAtDeploy: false,
    attachesToGroup: false,
  },
  {
    format: 'cloudformation-yaml',
    label: 'CloudFormation (YAML)',
    detail: 'AWS::IAM::ManagedPolicy, ARNs on ${AWS::Partition}',
    language: 'yaml',
    extension: '.yaml',
    partitionAtDeploy: true,
    attachesToGroup: true,
  },
  {
    format: 'cloudformation-json',
    label: 'CloudFormation (JSON)',
    detail: 'AWS::IAM::ManagedPolicy, ARNs on ${AWS::Partition}',
    language: 'json',
    extension: '.template.json',
    partitionAtDeploy: true,
    attachesToGroup: true,
  },
  {
    format: 'terraform-policy-document',
    label: 'Terraform (aws_iam_policy_document)',
    detail: 'Statement blocks and an aws_iam_policy, ARNs on data.aws_partition',
    language: 'terraform',
    extension: '.tf',
    partitionAtDeploy: true,
    attachesToGroup: true,
  },
  {
    format: 'terraform-jsonencode',
    label: 'Terraform (jsonencode)',
    detail: 'aws_iam_policy with jsonencode({ ... }), ARNs on data.aws_partition',
    language: 'terraform',
    extension: '.tf',
    partitionAtDeploy: true,
    attachesToGroup: true,
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
    case 'terraform-policy-document':
      return terraformPolicyDocument(policy, o);
    case 'terraform-jsonencode':
      return terraformJsonencode(policy, o);
  }
}
