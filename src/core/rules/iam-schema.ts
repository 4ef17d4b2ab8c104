import { validatePolicyByStatement, validatePolicySchema } from '../schema/index';
import { type JsonNode, type JsonProperty, toValue } from '../document/tree';
import { defineRule } from './rule';
import { work } from '../work';

/** Members by key (the last of duplicates, as `toValue` keeps), built once per object: a finding per unknown key must not rescan them all. */
const memberIndex = new WeakMap<JsonNode, Map<string, JsonProperty>>();

function lastMember(node: JsonNode, key: string): JsonProperty | undefined {
  let index = memberIndex.get(node);
  if (!index) {
    work.members += node.props!.length;
    index = new Map();
    for (const p of node.props!) index.set(p.key, p);
    memberIndex.set(node, index);
  }
  work.members++;
  return index.get(key);
}

/** The range of a schema path inside a policy node: the member's key or its value. */
export function locateIn(
  root: JsonNode,
  path: ReadonlyArray<string | number>,
  part: 'key' | 'value',
): { offset: number; length: number } | undefined {
  let node: JsonNode | undefined = root;
  let key: { offset: number; length: number } | undefined;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.type === 'array' && typeof seg === 'number') {
      node = node.items![seg];
      key = node;
    } else if (node.type === 'object') {
      const found = lastMember(node, String(seg));
      if (!found) return undefined;
      key = { offset: found.keyOffset, length: found.keyLength };
      node = found.value;
    } else return undefined;
  }
  if (part === 'key' && key) return { offset: key.offset, length: key.length };
  return node ? { offset: node.offset, length: node.length } : key;
}

/** Does a schema path lead into a value the file computes? Such a value is never a schema error. */
function isComputed(root: JsonNode, path: ReadonlyArray<string | number>): boolean {
  let node: JsonNode | undefined = root;
  for (const seg of path) {
    if (node?.type === 'array' && typeof seg === 'number') node = node.items![seg];
    else if (node?.type === 'object') node = lastMember(node, String(seg))?.value;
    else break;
  }
  return node?.type === 'unknown';
}

/**
 * A string Sid that breaks IAM's letters-and-digits pattern. Resource policies of other services (S3, SNS,
 * SQS) accept other Sids ("__default_statement_ID", hyphens, spaces): only IAM's own policies need it.
 */
function isSidPattern(path: ReadonlyArray<string | number>, doc: unknown): boolean {
  if (!isSidPath(path)) return false;
  let v: unknown = doc;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return typeof v === 'string';
}

function isSidPath(path: ReadonlyArray<string | number>): boolean {
  return path[0] === 'Statement' && path[path.length - 1] === 'Sid' && path.length <= 3;
}

/** The items of the document's `Statement` when it is an array (the member `toValue` keeps: the last one with a value). */
function statementList(root: JsonNode): JsonNode[] | undefined {
  if (root.type !== 'object') return undefined;
  let statement: JsonNode | undefined;
  for (const prop of root.props!) if (prop.key === 'Statement' && prop.value) statement = prop.value;
  return statement?.type === 'array' ? statement.items! : undefined;
}

/** `toValue` of a document object with `Statement: []`: the top level, for its own validation. */
function topLevel(root: JsonNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const prop of root.props!) {
    if (!prop.value) continue;
    const v = prop.key === 'Statement' ? [] : toValue(prop.value);
    // A key named "__proto__" must stay a plain member.
    if (prop.key === '__proto__') Object.defineProperty(out, prop.key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[prop.key] = v;
  }
  return out;
}

export const iamSchema = defineRule(
  {
    id: 'FMFA004',
    name: 'iam-schema',
    description: 'The IAM policy grammar: required and unknown keys, Effect, operators, Sid, exactly one of Action/NotAction.',
    defaultSeverity: 'error',
    fixable: false,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      const node = p.doc.node;
      const statements = statementList(node);
      if (statements) {
        // A Statement array is validated one statement at a time: no full plain copy of a large document.
        const resource = p.doc.kind === 'resource';
        const stringSid: boolean[] = [];
        const statementAt = (i: number): unknown => {
          const v = toValue(statements[i]!);
          if (resource) stringSid[i] = v !== null && typeof v === 'object' && typeof (v as Record<string, unknown>).Sid === 'string';
          return v;
        };
        // Reported as each statement is done: a million problems are never all alive at once.
        validatePolicyByStatement(
          topLevel(node),
          statements.length,
          statementAt,
          (path, part) => locateIn(node, path, part),
          (e) => {
            if (resource && isSidPath(e.path) && stringSid[e.path[1] as number] === true) return;
            if (isComputed(node, e.path)) return;
            ctx.report({ offset: e.offset, length: e.length, message: e.message, policy: p.index });
          },
        );
        continue;
      }
      const value = toValue(node);
      const problems = validatePolicySchema(value, (path, part) => locateIn(node, path, part));
      for (const e of problems) {
        if ((p.doc.kind === 'resource' && isSidPattern(e.path, value)) || isComputed(node, e.path)) continue;
        ctx.report({ offset: e.offset, length: e.length, message: e.message, policy: p.index });
      }
    }
  },
);
