/**
 * One policy document read once and judged once, whatever number of users it reaches: its Deny
 * statements through the per-policy engine (../mfa/verdict.ts analyseDeny, which evaluates each
 * Condition under the three request contexts), its Allow statements kept for the enrolment check.
 */
import { JsonNode, JsonProperty } from '../document/tree';
import { policyDocument, type StatementModel } from '../document/policy';
import { parseJson } from '../formats/json/builder';
import { actionTest, analyseDeny, type DenyInfo } from '../mfa/verdict';
import { REQUIRED_ENROLMENT_ACTIONS, actionMatches } from '../mfa/actions';
import { conditionOf } from '../mfa/condition';
import type { PolicyText } from './model';

export interface PolicyFacts {
  /** Why the document could not be read, if it could not: the audit then treats it as unknown. */
  problem?: string;
  denies: DenyInfo[];
  /** The denies that name some enrolment action. */
  enrolDenies: DenyInfo[];
  /**
   * The allows that name some enrolment action: the only ones the audit asks about. The others are
   * not kept, so that their part of the document's tree is freed once the policy is judged.
   */
  allows: StatementModel[];
  /** Some allow asks for MFA (which forces nothing: the reason says so). */
  allowsWithMfa: boolean;
}

/** Which required enrolment actions a statement's Action/NotAction covers (a bit each), computed once per statement. */
const coverage = new WeakMap<StatementModel, number>();
export function covers(s: StatementModel, actionIndex: number): boolean {
  let mask = coverage.get(s);
  if (mask === undefined) {
    const test = actionTest(s);
    mask = 0;
    REQUIRED_ENROLMENT_ACTIONS.forEach((a, i) => {
      if (test(a)) mask! |= 1 << i;
    });
    coverage.set(s, mask);
  }
  return (mask & (1 << actionIndex)) !== 0;
}

const namesEnrolment = (s: StatementModel) => REQUIRED_ENROLMENT_ACTIONS.some((_, i) => covers(s, i));

/** The core's document tree of a plain JSON value, built without recursion (nesting is unbounded). */
export function valueTree(value: unknown): JsonNode {
  const make = (v: unknown): JsonNode => {
    if (Array.isArray(v)) return Object.assign(new JsonNode('array', 0, null), { items: [] as JsonNode[] });
    if (v !== null && typeof v === 'object') return Object.assign(new JsonNode('object', 0, null), { props: [] as JsonProperty[] });
    if (typeof v === 'string') return new JsonNode('string', 0, v);
    if (typeof v === 'number') return new JsonNode('number', 0, v);
    if (typeof v === 'boolean') return new JsonNode('boolean', 0, v);
    return new JsonNode('null', 0, null);
  };
  const root = make(value);
  const stack: Array<[unknown, JsonNode]> = [[value, root]];
  while (stack.length) {
    const [v, node] = stack.pop()!;
    if (node.type === 'array') {
      for (const item of v as unknown[]) {
        const child = make(item);
        node.items!.push(child);
        if (child.items || child.props) stack.push([item, child]);
      }
    } else if (node.type === 'object') {
      for (const key of Object.keys(v as object)) {
        const item = (v as Record<string, unknown>)[key];
        const child = make(item);
        const prop = new JsonProperty(key, 0, 0);
        prop.value = child;
        node.props!.push(prop);
        if (child.items || child.props) stack.push([item, child]);
      }
    }
  }
  return root;
}

/**
 * Does an Allow statement of a plain document matter to the audit? Only an allow that can name an
 * enrolment action, or that has a Condition (an MFA condition on an allow is reported), does; the
 * others (most of a real account's) need no tree.
 */
function mattersToAudit(st: unknown): boolean {
  if (st === null || typeof st !== 'object' || Array.isArray(st)) return true;
  const s = st as Record<string, unknown>;
  if (s.Effect !== 'Allow' || s.NotAction !== undefined || s.Condition !== undefined) return true;
  const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
  return actions.some((a) => typeof a !== 'string' || REQUIRED_ENROLMENT_ACTIONS.some((e) => actionMatches(a, e)));
}

/** A plain document with the statements that do not matter replaced by `{}` (no tree for them; positions, and so labels, kept). */
function slimmed(doc: Record<string, unknown>): Record<string, unknown> {
  const list = doc.Statement;
  if (!Array.isArray(list) || list.every(mattersToAudit)) return doc;
  return { ...doc, Statement: list.map((st) => (mattersToAudit(st) ? st : {})) };
}

/**
 * A node of the core's document tree, told by its shape: the editor's YAML front-end is a bundle of its
 * own (dist/lazy/yaml.js) with its own copy of the tree's classes, so `instanceof JsonNode` misses its
 * nodes. No policy document has these members (IAM refuses unknown top-level keys).
 */
function isTreeNode(doc: unknown): doc is JsonNode {
  if (doc === null || typeof doc !== 'object') return false;
  const n = doc as Partial<Record<keyof JsonNode, unknown>>;
  return typeof n.type === 'string' && typeof n.offset === 'number' && typeof n.length === 'number' && 'props' in n && 'items' in n;
}

/**
 * The document's tree: an object as it is; a string as JSON text, or URL-encoded JSON text (RFC
 * 3986, as the IAM API returns documents). Undefined with the reason when it cannot be read.
 */
export function documentTree(doc: PolicyText): { tree?: JsonNode; problem?: string } {
  if (isTreeNode(doc)) {
    // A template's computed document (an intrinsic function, a Terraform expression) is not known: never an empty policy.
    if (doc.type === 'unknown') return { problem: `the template computes it (${String(doc.value).slice(0, 80)})` };
    return doc.type === 'object' ? { tree: doc } : { problem: 'the policy document is not an object' };
  }
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) return { tree: valueTree(slimmed(doc as Record<string, unknown>)) };
  if (typeof doc !== 'string') return { problem: doc === undefined ? 'no policy document' : 'the policy document is not an object' };
  let text = doc.trim();
  if (!text.startsWith('{')) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return { problem: 'the policy document is neither JSON nor URL-encoded JSON (a broken % escape)' };
    }
  }
  const parsed = parseJson(text);
  if (parsed.errors.length || !parsed.root || parsed.root.type !== 'object') {
    const first = parsed.errors[0]?.message ?? 'not a JSON object';
    return { problem: `the policy document is not valid JSON (${first})` };
  }
  return { tree: parsed.root };
}

/** Reads and judges a document (the audit memoises the result per policy). */
export function policyFacts(doc: PolicyText, allowPasswordChange: boolean): PolicyFacts {
  const { tree, problem } = documentTree(doc);
  if (!tree) return { problem, denies: [], enrolDenies: [], allows: [], allowsWithMfa: false };
  const model = policyDocument(tree, '');
  const denies = model.statements.filter((s) => s.effect === 'Deny').map((s) => analyseDeny(s, allowPasswordChange));
  const allows = model.statements.filter((s) => s.effect === 'Allow');
  return {
    denies,
    enrolDenies: denies.filter((d) => namesEnrolment(d.stmt)),
    allows: allows.filter(namesEnrolment),
    allowsWithMfa: allows.some((s) => s.conditionProp !== undefined && conditionOf(s).mfa.length > 0),
  };
}
