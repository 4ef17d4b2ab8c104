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
 * So does a `Fn::Join` of known strings (those, plain strings and `Ref`s to pseudo-parameters).
 */
import type { Partition } from '../types';
import { JsonNode, getProp, getValue, stringList } from '../document/tree';
import type { UnreadablePart } from './embedded';

/** The long-form names of CloudFormation's intrinsic functions (`Condition` too, when it holds a string). */
const INTRINSIC =
  /^(?:Ref|Fn::(?:Sub|GetAtt|Join|If|Select|Split|ImportValue|FindInMap|Base64|Cidr|GetAZs|And|Or|Not|Equals|Length|ToJsonString|Transform|ForEach))$/;

/** A template: `AWSTemplateFormatVersion`, SAM's `Transform`, or `Resources` whose entries have a `Type` starting with `AWS::`. */
export function isTemplate(root: JsonNode | undefined): boolean {
  if (root?.type !== 'object') return false;
  if (getProp(root, 'AWSTemplateFormatVersion') || isSamTransform(getValue(root, 'Transform'))) return true;
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return false;
  return resources.props!.some((p) => {
    const t = getValue(p.value, 'Type');
    return t?.type === 'string' && (t.value as string).startsWith('AWS::');
  });
}

/** SAM's `Transform: AWS::Serverless-2016-10-31`, alone or in a list of transforms. */
function isSamTransform(node: JsonNode | undefined): boolean {
  return stringList(node).some((n) => n.value === 'AWS::Serverless-2016-10-31');
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
  const out = template.replace(PSEUDO, (all, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const value = pseudoValue(name, partition);
    if (value === undefined) known = false;
    return value ?? all;
  });
  return known ? out : undefined;
}

/** A pseudo-parameter as ARNs are matched: the configured partition, any account and region, the suffix's value. */
function pseudoValue(name: string, partition: Partition): string | undefined {
  if (name === 'AWS::Partition') return partition;
  if (name === 'AWS::AccountId' || name === 'AWS::Region') return '*';
  if (name === 'AWS::URLSuffix') return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  return undefined;
}

/**
 * A `Fn::Join` whose delimiter and items are all known, as the string it stands for; else undefined.
 * Known items are strings, `Fn::Sub`s of pseudo-parameters and `Ref`s to pseudo-parameters; a
 * `${...}` in a joined string is not CloudFormation's (only `Fn::Sub` reads those), so it stays as
 * written: a policy variable such as `${aws:username}` may be spelled as a join of its pieces.
 */
function joinString(node: JsonNode, partition: Partition): string | undefined {
  const arg = node.props![0]!.value;
  if (node.props![0]!.key !== 'Fn::Join' || arg?.type !== 'array' || arg.items!.length !== 2) return undefined;
  const [delimiter, list] = arg.items! as [JsonNode, JsonNode];
  if (delimiter.type !== 'string' || list.type !== 'array') return undefined;
  const parts: string[] = [];
  for (const item of list.items!) {
    const part = item.type === 'string' ? (item.value as string) : isIntrinsic(item) ? knownPart(item, partition) : undefined;
    if (part === undefined) return undefined;
    parts.push(part);
  }
  return parts.join(delimiter.value as string);
}

/** An intrinsic inside a `Fn::Join` whose string is known: a pseudo-parameter `Fn::Sub` or `Ref`. */
function knownPart(node: JsonNode, partition: Partition): string | undefined {
  const { key, value } = node.props![0]!;
  if (key === 'Ref') return value?.type === 'string' ? pseudoValue(value.value as string, partition) : undefined;
  return subString(node, partition);
}

/**
 * The intrinsic function each unknown node stands for: the audit of a template (../audit/from-cloudformation.ts)
 * follows a `Ref` or `Fn::GetAtt` to the user, group or managed policy that the template declares.
 */
export const intrinsicOf = new WeakMap<JsonNode, JsonNode>();

/**
 * Replaces every intrinsic function in the tree (iteratively) by an unknown node or its known string;
 * returns the strings read from a `Fn::Sub` or `Fn::Join` (no fix may rewrite one: its text is not a string literal).
 * Each `Fn::Sub` object replaced is added to `subObjects` when given. The `Fn::If`s in `kept` (a whole
 * policy chosen between two: see templatePolicies) stay, so that the policies in their branches are read.
 */
export function markIntrinsics(
  root: JsonNode,
  text: string,
  partition: Partition,
  subObjects?: JsonNode[],
  kept?: ReadonlySet<JsonNode>,
): JsonNode[] {
  const subs: JsonNode[] = [];
  const replace = (node: JsonNode): JsonNode | undefined => {
    if (!isIntrinsic(node) || kept?.has(node)) return undefined;
    // Kept before it is replaced: its string may hold a policy (../formats/strings.ts).
    if (subObjects && node.props![0]!.key === 'Fn::Sub') subObjects.push(node);
    const s = subString(node, partition) ?? joinString(node, partition);
    if (s === undefined) {
      const u = new JsonNode('unknown', node.offset, text.slice(node.offset, node.offset + node.length));
      u.length = node.length;
      intrinsicOf.set(u, node);
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
  'AWS::IAM::UserPolicy': ['PolicyDocument'],
  'AWS::IAM::GroupPolicy': ['PolicyDocument'],
  'AWS::IAM::RolePolicy': ['PolicyDocument'],
  'AWS::IAM::Role': ['AssumeRolePolicyDocument'],
  'AWS::S3::BucketPolicy': ['PolicyDocument'],
  'AWS::SQS::QueuePolicy': ['PolicyDocument'],
  'AWS::SNS::TopicPolicy': ['PolicyDocument'],
  'AWS::SSO::PermissionSet': ['InlinePolicy'],
  'AWS::Organizations::Policy': ['Content'],
  'AWS::Serverless::Function': ['AssumeRolePolicyDocument'],
};
const WITH_POLICIES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
/**
 * SAM resources whose `Policies` is a policy document, or a list of documents, managed policy names
 * and SAM policy templates (`{ SQSPollerPolicy: {...} }`): only the documents are policies we can read.
 * (An `AWS::Serverless::Api` has no Policies: SAM writes its resource policy from `Auth.ResourcePolicy`
 * lists of accounts, addresses and statements, which are not a policy document.)
 */
const SAM_WITH_POLICIES = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);

/**
 * Does the template attach this resource's permissions policies only to roles: a role's inline
 * policies, an `AWS::IAM::RolePolicy`, a policy or managed policy whose `Roles` are its only
 * attachment, a SAM function's or state machine's policies (their execution role's)? A role's
 * trust policy (AssumeRolePolicyDocument) is judged by its Principal, as any trust policy.
 */
function roleOnly(type: string, props: JsonNode): boolean {
  if (type === 'AWS::IAM::Role' || type === 'AWS::IAM::RolePolicy' || SAM_WITH_POLICIES.has(type)) return true;
  if (type !== 'AWS::IAM::Policy' && type !== 'AWS::IAM::ManagedPolicy') return false;
  return !!getProp(props, 'Roles') && !getProp(props, 'Users') && !getProp(props, 'Groups');
}

const hasStatement = (node: JsonNode): boolean => !!getProp(node, 'Statement');
const isNoValue = (node: JsonNode): boolean =>
  isIntrinsic(node) && node.props![0]!.key === 'Ref' && node.props![0]!.value?.value === 'AWS::NoValue';

/**
 * What a template's policy places hold: the policy documents, the `Fn::If`s kept so that the
 * documents in their branches are read (see markIntrinsics), and the places whose whole value the
 * template computes, which no one can read before the stack is deployed (rule unreadable-policy).
 */
export class Places {
  readonly roots = new Set<JsonNode>();
  /** Of the roots, those the template attaches only to roles (see roleOnly). */
  readonly roles = new Set<JsonNode>();
  readonly kept = new Set<JsonNode>();
  readonly unreadable: UnreadablePart[] = [];

  /**
   * The objects a place may hold: its object, or each object branch of a `Fn::If` that chooses
   * between two (that `Fn::If` kept: each branch is read as what it may be, a policy in each judged
   * on its own, the weaker one showing). A value computed otherwise is reported as `what`, unless
   * it is `AWS::NoValue` (nothing) or `what` is not given (a place that may hold a name or an ARN).
   */
  /** A policy document at a place; `role` when the template attaches it only to roles. */
  add(doc: JsonNode, role: boolean): void {
    this.roots.add(doc);
    if (role) this.roles.add(doc);
  }

  choices(value: JsonNode | undefined, what?: string): JsonNode[] {
    if (value?.type !== 'object') return [];
    if (!isIntrinsic(value)) return [value];
    const { key, value: arg } = value.props![0]!;
    const branches = key === 'Fn::If' && arg?.type === 'array' && arg.items!.length === 3 ? arg.items!.slice(1) : [];
    const objects = branches.filter((b) => b.type === 'object' && !isIntrinsic(b));
    if (objects.length) this.kept.add(value);
    else if (what && !isNoValue(value) && !(branches.length && branches.every(isNoValue)))
      this.unreadable.push({
        offset: value.offset,
        length: value.length,
        what,
        why: `the template computes it (${key}), and what it computes is known only when the stack is deployed`,
      });
    return objects;
  }
}

/**
 * Finds the policy documents at the places a template's resources hold them. Read before the
 * intrinsics are marked (a `Fn::If` there is still an object).
 */
export function templatePolicies(root: JsonNode, places: Places): void {
  const resources = getValue(root, 'Resources');
  if (resources?.type !== 'object') return;
  for (const r of resources.props!) {
    const type = getValue(r.value, 'Type');
    const props = getValue(r.value, 'Properties');
    if (type?.type !== 'string' || props?.type !== 'object' || isIntrinsic(props)) continue;
    const roles = roleOnly(type.value as string, props);
    for (const key of POLICY_PROPERTIES[type.value as string] ?? [])
      for (const doc of places.choices(getValue(props, key), `the ${key} of ${r.key}`)) places.add(doc, roles && key === 'PolicyDocument');
    const policies = getValue(props, 'Policies');
    if (WITH_POLICIES.has(type.value as string)) {
      const entries = policies?.type === 'array' ? policies.items! : [];
      if (!entries.length) places.choices(policies, `the Policies of ${r.key}`);
      entries.forEach((p, i) => {
        const what = `policy ${i + 1} of ${r.key}`;
        for (const entry of places.choices(p, what))
          for (const doc of places.choices(getValue(entry, 'PolicyDocument'), `the PolicyDocument of ${what}`)) places.add(doc, roles);
      });
    }
    if (SAM_WITH_POLICIES.has(type.value as string))
      for (const doc of (policies?.type === 'array' ? policies.items! : [policies]).flatMap((p) => places.choices(p)))
        if (hasStatement(doc)) places.add(doc, true);
  }
}
