/**
 * A CloudFormation template's users, groups, memberships and policies as the audit's facts
 * (./template-model.ts): AWS::IAM::User (UserName, Path, Groups, Policies, ManagedPolicyArns,
 * PermissionsBoundary), AWS::IAM::Group (GroupName, Policies, ManagedPolicyArns),
 * AWS::IAM::UserToGroupAddition (GroupName, Users), AWS::IAM::Policy (Users, Groups),
 * AWS::IAM::UserPolicy and AWS::IAM::GroupPolicy, AWS::IAM::ManagedPolicy (Users, Groups). Read from the
 * tree that the CloudFormation front-end made (../formats/cloudformation.ts): its intrinsic functions
 * are unknown nodes; a `Ref` (or `Fn::GetAtt`) to a resource that the template declares is followed,
 * any other computed value stays unknown. Policy documents are the front-end's own nodes.
 */
import { JsonNode, getValue, unknownNode } from '../document/tree';
import { intrinsicOf } from '../formats/cloudformation';
import type { PolicyText } from './model';
import { type Target, TemplateFacts } from './template-model';

const str = (n: JsonNode | undefined): string | undefined => (n?.type === 'string' ? (n.value as string) : undefined);
const items = (n: JsonNode | undefined): JsonNode[] => (n?.type === 'array' ? n.items! : n ? [n] : []);

/** The logical ID that a `Ref` or `Fn::GetAtt` names (the front-end made it an unknown node). */
function referenced(n: JsonNode): string | undefined {
  const fn = n.type === 'unknown' ? intrinsicOf.get(n) : undefined;
  const p = fn?.props?.[0];
  if (!p?.value) return undefined;
  if (p.key === 'Ref') return str(p.value);
  if (p.key !== 'Fn::GetAtt') return undefined;
  const arg = p.value;
  if (arg.type === 'array') return str(arg.items![0]);
  const s = str(arg);
  return s === undefined ? undefined : s.slice(0, s.indexOf('.') < 0 ? s.length : s.indexOf('.'));
}

function targetOf(n: JsonNode, facts: TemplateFacts): Target {
  const s = str(n);
  if (s !== undefined) return { name: s };
  const key = referenced(n);
  if (key !== undefined && facts.declares(key)) return { key };
  return { computed: n.type === 'unknown' ? String(n.value) : '(not a name)' };
}

const targets = (n: JsonNode | undefined, facts: TemplateFacts): Target[] => items(n).map((x) => targetOf(x, facts));

/** The document as the audit reads it: a computed one (an intrinsic, a `Fn::If` between two) is an unknown node. */
function documentOf(n: JsonNode | undefined, text: string): PolicyText {
  if (!n) return undefined;
  const only = n.type === 'object' && n.props!.length === 1 ? n.props![0]!.key : '';
  if (only === 'Fn::If' || n.type === 'unknown')
    return n.type === 'unknown' ? n : unknownNode(n.offset, text.slice(n.offset, n.offset + n.length));
  return n;
}

/** The `Policies` list of a user or group: inline policies. */
function inlineList(props: JsonNode, text: string): Array<{ name: string; document: PolicyText }> {
  return items(getValue(props, 'Policies'))
    .filter((p) => p.type === 'object')
    .map((p, i) => ({
      name: str(getValue(p, 'PolicyName')) ?? `policy ${i + 1}`,
      document: documentOf(getValue(p, 'PolicyDocument'), text),
    }));
}

interface Resource {
  key: string;
  type: string;
  props: JsonNode;
  place: { offset: number; length: number };
}

function resourcesOf(root: JsonNode | undefined): Resource[] {
  const resources = getValue(root, 'Resources');
  const out: Resource[] = [];
  for (const r of resources?.type === 'object' ? resources.props! : []) {
    const type = str(getValue(r.value, 'Type'));
    const props = getValue(r.value, 'Properties') ?? new JsonNode('object', r.keyOffset, null);
    if (!props.props) props.props = [];
    if (type?.startsWith('AWS::IAM::')) out.push({ key: r.key, type, props, place: { offset: r.keyOffset, length: r.keyLength } });
  }
  return out;
}

/** Declares the template's users, groups and managed policies first: references are resolved against them. */
function declare(resources: readonly Resource[], facts: TemplateFacts, text: string): void {
  for (const r of resources) {
    const p = r.props;
    if (r.type === 'AWS::IAM::User') {
      const path = str(getValue(p, 'Path')) ?? '/';
      facts.addUser(r.key, str(getValue(p, 'UserName')) ?? r.key, path, r.place);
    } else if (r.type === 'AWS::IAM::Group') facts.addGroup(r.key, str(getValue(p, 'GroupName')) ?? r.key, r.place);
    else if (r.type === 'AWS::IAM::ManagedPolicy')
      facts.addManaged(r.key, str(getValue(p, 'ManagedPolicyName')) ?? r.key, documentOf(getValue(p, 'PolicyDocument'), text));
  }
}

/** Reads a template's tree (a ParseResult's root, intrinsics marked) into `facts`. */
export function readCloudFormation(root: JsonNode | undefined, text: string, facts: TemplateFacts): void {
  const resources = resourcesOf(root);
  declare(resources, facts, text);
  for (const r of resources) {
    const p = r.props;
    const self: Target[] = [{ key: r.key }];
    const policy = () => ({ name: str(getValue(p, 'PolicyName')) ?? r.key, document: documentOf(getValue(p, 'PolicyDocument'), text) });
    switch (r.type) {
      case 'AWS::IAM::User':
        facts.addMembership(self[0]!, targets(getValue(p, 'Groups'), facts));
        for (const i of inlineList(p, text)) facts.addInline(self, [], i);
        for (const t of targets(getValue(p, 'ManagedPolicyArns'), facts)) facts.attach(self, [], t);
        if (getValue(p, 'PermissionsBoundary')) facts.setBoundary(r.key, targetOf(getValue(p, 'PermissionsBoundary')!, facts));
        break;
      case 'AWS::IAM::Group':
        for (const i of inlineList(p, text)) facts.addInline([], self, i);
        for (const t of targets(getValue(p, 'ManagedPolicyArns'), facts)) facts.attach([], self, t);
        break;
      case 'AWS::IAM::UserToGroupAddition': {
        const group = targetOf(getValue(p, 'GroupName') ?? new JsonNode('null', 0, null), facts);
        for (const u of targets(getValue(p, 'Users'), facts)) facts.addMembership(u, [group]);
        break;
      }
      case 'AWS::IAM::Policy':
        facts.addInline(targets(getValue(p, 'Users'), facts), targets(getValue(p, 'Groups'), facts), policy());
        break;
      case 'AWS::IAM::UserPolicy':
        facts.addInline(targets(getValue(p, 'UserName'), facts), [], policy());
        break;
      case 'AWS::IAM::GroupPolicy':
        facts.addInline([], targets(getValue(p, 'GroupName'), facts), policy());
        break;
      case 'AWS::IAM::ManagedPolicy':
        facts.attach(targets(getValue(p, 'Users'), facts), targets(getValue(p, 'Groups'), facts), self[0]!);
        break;
    }
  }
}
