/**
 * Policy documents inside a parsed file: the whole file when it is an object with `Statement`,
 * and nested ones found by content (CloudFormation `PolicyDocument`, Terraform JSON, arrays of
 * policies). The walk is iterative: nesting depth is unbounded.
 */
import type { Partition, PolicyKind } from '../types';
import { JsonNode, JsonProperty, getProp, pointerSegment, stringList } from './tree';
import { wildcardMatch } from '../wildcard';

export interface StatementModel {
  node: JsonNode;
  /** Position in the Statement array (0 for a single-object Statement). */
  index: number;
  effect: string | undefined;
  sid: string | undefined;
  actionProp: JsonProperty | undefined;
  notActionProp: JsonProperty | undefined;
  resourceProp: JsonProperty | undefined;
  notResourceProp: JsonProperty | undefined;
  conditionProp: JsonProperty | undefined;
  hasPrincipal: boolean;
  /** Policy variables are substituted in its values (the policy's Version is 2012-10-17). */
  variables: boolean;
  /** The partition its ARNs are for (the linter's setting). */
  partition: Partition;
}

export interface PolicyDocument {
  node: JsonNode;
  pointer: string;
  kind: PolicyKind;
  statementProp: JsonProperty | undefined;
  versionProp: JsonProperty | undefined;
  statements: StatementModel[];
  /** A template attaches it only to roles (a role's inline policies, a function's): see analysePolicy. */
  role?: true;
}

function isStatementContainer(node: JsonNode, isRoot: boolean): boolean {
  const st = getProp(node, 'Statement');
  if (!st) {
    // A whole file holding only an IAM Version is a policy still to be written.
    const v = getProp(node, 'Version')?.value;
    return isRoot && v?.type === 'string' && (v.value === '2012-10-17' || v.value === '2008-10-17');
  }
  if (isRoot) return true;
  const v = st.value;
  if (!v || (v.type !== 'object' && v.type !== 'array')) return false;
  // Nested: only when it looks like IAM (a Version, or statements with an Effect).
  if (getProp(node, 'Version')) return true;
  const first = v.type === 'object' ? v : v.items!.find((x) => x.type === 'object');
  return !!first && !!getProp(first, 'Effect');
}

export function statementModel(node: JsonNode, index: number, variables = true, partition: Partition = 'aws'): StatementModel {
  const m: StatementModel = {
    node,
    index,
    effect: undefined,
    sid: undefined,
    actionProp: undefined,
    notActionProp: undefined,
    resourceProp: undefined,
    notResourceProp: undefined,
    conditionProp: undefined,
    hasPrincipal: false,
    variables,
    partition,
  };
  // One pass over the members; the last duplicate wins, as in a JSON parser.
  for (const p of node.props!) {
    switch (p.key) {
      case 'Effect':
        m.effect = p.value?.type === 'string' ? (p.value.value as string) : undefined;
        break;
      case 'Sid':
        m.sid = p.value?.type === 'string' ? (p.value.value as string) : undefined;
        break;
      case 'Action':
        m.actionProp = p;
        break;
      case 'NotAction':
        m.notActionProp = p;
        break;
      case 'Resource':
        m.resourceProp = p;
        break;
      case 'NotResource':
        m.notResourceProp = p;
        break;
      case 'Condition':
        m.conditionProp = p;
        break;
      case 'Principal':
      case 'NotPrincipal':
        m.hasPrincipal = true;
        break;
    }
  }
  return m;
}

function kindOf(statements: StatementModel[]): PolicyKind {
  if (!statements.some((s) => s.hasPrincipal)) return 'identity';
  const trust = statements.some(
    (s) =>
      s.effect === 'Allow' &&
      stringList(s.actionProp?.value).some(
        (a) => wildcardMatch(a.value as string, 'sts:AssumeRole', true) || /^sts:assumerole/i.test(a.value as string),
      ),
  );
  return trust ? 'trust' : 'resource';
}

export function policyDocument(node: JsonNode, pointer: string, partition: Partition = 'aws'): PolicyDocument {
  const statementProp = getProp(node, 'Statement');
  const sv = statementProp?.value;
  const statements: StatementModel[] = [];
  // Policy variables in condition values are substituted only under Version 2012-10-17.
  const version = getProp(node, 'Version')?.value;
  const variables = version?.type === 'string' && version.value === '2012-10-17';
  if (sv?.type === 'object') statements.push(statementModel(sv, 0, variables, partition));
  else if (sv?.type === 'array')
    sv.items!.forEach((it, i) => {
      if (it.type === 'object') statements.push(statementModel(it, i, variables, partition));
    });
  return { node, pointer, kind: kindOf(statements), statementProp, versionProp: getProp(node, 'Version'), statements };
}

/** Every policy document in the tree, in text order. */
export function locatePolicies(
  root: JsonNode | undefined,
  partition: Partition = 'aws',
  /** Objects known to be policy documents by where they stand (CloudFormation's places). */
  known?: ReadonlySet<JsonNode>,
  /** Of those, the ones a template attaches only to roles. */
  roles?: ReadonlySet<JsonNode>,
): PolicyDocument[] {
  if (!root || (root.type !== 'object' && root.type !== 'array')) return [];
  const found: PolicyDocument[] = [];
  // Depth-first in text order: push children reversed.
  const stack: Array<[JsonNode, string]> = [[root, '']];
  while (stack.length) {
    const [node, pointer] = stack.pop()!;
    if (node.type === 'object') {
      if (known?.has(node) || isStatementContainer(node, node === root)) {
        const doc = policyDocument(node, pointer, partition);
        if (roles?.has(node)) doc.role = true;
        found.push(doc);
        continue;
      }
      const props = node.props!;
      for (let k = props.length - 1; k >= 0; k--) {
        const v = props[k]!.value;
        if (v && (v.type === 'object' || v.type === 'array')) stack.push([v, `${pointer}/${pointerSegment(props[k]!.key)}`]);
      }
    } else if (node.type === 'array') {
      const items = node.items!;
      for (let k = items.length - 1; k >= 0; k--) {
        const v = items[k]!;
        if (v.type === 'object' || v.type === 'array') stack.push([v, `${pointer}/${k}`]);
      }
    }
  }
  return found;
}
