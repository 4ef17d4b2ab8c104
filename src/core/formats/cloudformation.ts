/**
 * CloudFormation, in JSON or YAML (the YAML front-end gives short-form tags in their long form):
 * recognition, intrinsic functions as unknown nodes, and where the template puts its policies.
 *
 * An intrinsic function (`{ "Ref": ... }`, `{ "Fn::Sub": ... }`, `{ "Fn::If": ... }`, ...) is a
 * value the template computes: it becomes an unknown node over its source text, never an error and
 * never counted toward an enforced verdict. A `Fn::Sub` string whose only variables are the
 * pseudo-parameters `${AWS::Partition}`, `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::URLSuffix}`
 * is known well enough to match ARNs: it becomes that string, the partition replaced by the
 * configured one, the account and region by `*` (any account, any region), the suffix by its value.
 */
import type { Partition } from '../types';
import { JsonNode, getProp, getValue } from '../document/tree';

/** The long-form names of CloudFormation's intrinsic functions (`Condition` too, when it holds a string). */
const INTRINSIC =
  /^(?:Ref|Fn::(?:Sub|GetAtt|Join|If|Select|Split|ImportValue|FindInMap|Base64|Cidr|GetAZs|And|Or|Not|Equals|Length|ToJsonString|Transform|ForEach))$/;

/** A template: `AWSTemplateFormatVersion`, or `Resources` whose entries have a `Type` starting with `AWS::`. */
export function isTemplate(root: JsonNode | undefined): boolean {
  if (root?.type !== 'object') return false;
  if (getProp(root, 'AWSTemplateFormatVersion')) return true;
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return false;
  return resources.props!.some((p) => {
    const t = getValue(p.value, 'Type');
    return t?.type === 'string' && (t.value as string).startsWith('AWS::');
  });
}

function isIntrinsic(node: JsonNode): boolean {
  if (node.type !== 'object' || node.props?.length !== 1) return false;
  const p = node.props[0]!;
  if (p.key === 'Condition') return p.value?.type === 'string';
  return INTRINSIC.test(p.key);
}

const PSEUDO = /\$\{([^}]*)\}/g;

/** A `Fn::Sub` string with only pseudo-parameters, as the string it stands for; else undefined. */
function subString(node: JsonNode, partition: Partition): string | undefined {
  const arg = node.props![0]!.value;
  if (node.props![0]!.key !== 'Fn::Sub' || arg?.type !== 'string') return undefined;
  return subValue(arg.value as string, partition);
}

/**
 * The string a `Fn::Sub` template stands for when its only variables are pseudo-parameters (`${!x}`
 * is the literal `${x}`); undefined when another variable makes it computed. Also used for the
 * strings of a policy held in a `Fn::Sub` string (../embedded-lint.ts).
 */
export function subValue(template: string, partition: Partition): string | undefined {
  let known = true;
  const suffix = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const out = template.replace(PSEUDO, (all, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name === 'AWS::Partition') return partition;
    if (name === 'AWS::AccountId' || name === 'AWS::Region') return '*';
    if (name === 'AWS::URLSuffix') return suffix;
    known = false;
    return all;
  });
  return known ? out : undefined;
}

/**
 * Replaces every intrinsic function in the tree (iteratively) by an unknown node or its known string;
 * returns the strings read from a `Fn::Sub` (no fix may rewrite one: its text is not a string literal).
 * Each `Fn::Sub` object replaced is added to `subObjects` when given.
 */
export function markIntrinsics(root: JsonNode, text: string, partition: Partition, subObjects?: JsonNode[]): JsonNode[] {
  const subs: JsonNode[] = [];
  const replace = (node: JsonNode): JsonNode | undefined => {
    if (!isIntrinsic(node)) return undefined;
    // Kept before it is replaced: its string may hold a policy (../formats/strings.ts).
    if (subObjects && node.props![0]!.key === 'Fn::Sub') subObjects.push(node);
    const s = subString(node, partition);
    if (s === undefined) {
      const u = new JsonNode('unknown', node.offset, text.slice(node.offset, node.offset + node.length));
      u.length = node.length;
      return u;
    }
    const str = new JsonNode('string', node.offset, s);
    str.length = node.length;
    subs.push(str);
    return str;
  };
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.props) {
      for (const p of node.props) {
        const v = p.value;
        if (!v) continue;
        const r = replace(v);
        if (r) p.value = r;
        else if (v.props || v.items) stack.push(v);
      }
    } else if (node.items) {
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const r = replace(items[i]!);
        if (r) items[i] = r;
        else if (items[i]!.props || items[i]!.items) stack.push(items[i]!);
      }
    }
  }
  return subs;
}

/** Where CloudFormation puts a policy document, by resource type: the property (or `Policies[].PolicyDocument`). */
const POLICY_PROPERTIES: Record<string, string[]> = {
  'AWS::IAM::Policy': ['PolicyDocument'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
  'AWS::IAM::Role': ['AssumeRolePolicyDocument'],
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::SSO::PermissionSet': ['InlinePolicy'],
  'AWS::Organizations::Policy': ['Content'],
};
const WITH_POLICIES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);

/** The policy documents (objects) at the places a template's resources hold them. */
export function templatePolicies(root: JsonNode): Set<JsonNode> {
  const found = new Set<JsonNode>();
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return found;
  for (const r of resources.props!) {
    const type = getValue(r.value, 'Type');
    const props = getValue(r.value, 'Properties');
    if (type?.type !== 'string' || props?.type !== 'object') continue;
    for (const key of POLICY_PROPERTIES[type.value as string] ?? []) {
      const doc = getValue(props, key);
      if (doc?.type === 'object') found.add(doc);
    }
    const policies = getValue(props, 'Policies');
    if (WITH_POLICIES.has(type.value as string) && policies?.type === 'array')
      for (const p of policies.items!) {
        const doc = getValue(p, 'PolicyDocument');
        if (doc?.type === 'object') found.add(doc);
      }
  }
  return found;
}
