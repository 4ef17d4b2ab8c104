/**
 * A statement's Condition evaluated under the three request contexts of DOMAIN.md section 2:
 * long-term keys (aws:MultiFactorAuthPresent absent), temporary credentials without MFA
 * ("false"), with MFA ("true"; only then aws:MultiFactorAuthAge exists, its value unknown).
 *
 * IAM's rules: AND across operators and keys, OR across values; a missing key makes an operator
 * false except `...IfExists` (true), `Null`, `ForAllValues:` (vacuously true) and negated
 * operators (AWS: "if the policy condition requires that the key is not matched ... and the key
 * is not present, the condition is true").
 */
import type { JsonNode, JsonProperty } from '../document/tree';
import { wildcardMatch } from '../wildcard';

/** 0 never, 1 depends on something we cannot know (another key, the MFA age), 2 always. */
export type Tri = 0 | 1 | 2;
export const NEVER: Tri = 0;
export const SOMETIMES: Tri = 1;
export const ALWAYS: Tri = 2;
/** Results per context: [absent, "false", "true"]. */
export type ContextResults = [Tri, Tri, Tri];
export const CONTEXT_NAMES = ['long-term access keys (no MFA key in the request)', 'sessions without MFA ("false")', 'sessions with MFA ("true")'] as const;

/**
 * Keys that choose WHO the statement applies to (an SCP scoped to IAM users), not which of a
 * principal's requests escape: they do not narrow the deny for the principals it targets.
 */
const PRINCIPAL_SCOPE_KEYS = new Set(['aws:principaltype', 'aws:principalarn', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths']);

/** aws:ViaAWSService "false": a known, deliberate carve-out for calls a service makes for the user. */
export function isViaServiceCarveOut(e: { key: string; op: ParsedOperator; values: ReadonlyArray<unknown> }): boolean {
  return e.key === 'aws:viaawsservice' && e.op.base === 'Bool' && e.values.length > 0 && e.values.every((v) => boolValue(v) === false);
}

export const MFA_PRESENT = 'aws:multifactorauthpresent';
export const MFA_AGE = 'aws:multifactorauthage';

export const BASE_OPERATORS = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);
const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike']);

export interface ParsedOperator {
  base: string;
  ifExists: boolean;
  set: '' | 'ForAllValues' | 'ForAnyValue';
  known: boolean;
}

export function parseOperator(op: string): ParsedOperator {
  let rest = op;
  let set: ParsedOperator['set'] = '';
  if (rest.startsWith('ForAllValues:')) { set = 'ForAllValues'; rest = rest.slice(13); }
  else if (rest.startsWith('ForAnyValue:')) { set = 'ForAnyValue'; rest = rest.slice(12); }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') { ifExists = true; rest = rest.slice(0, -8); }
  const known = BASE_OPERATORS.has(rest) && !(ifExists && rest === 'Null');
  return { base: rest, ifExists, set, known };
}

/** true/false for the boolean spellings IAM understands; undefined otherwise. */
export function boolValue(v: unknown): boolean | undefined {
  if (v === true || v === false) return v;
  if (typeof v === 'string') {
    const l = v.toLowerCase();
    if (l === 'true') return true;
    if (l === 'false') return false;
  }
  return undefined;
}

export interface ConditionEntry {
  operatorProp: JsonProperty;
  keyProp: JsonProperty;
  op: ParsedOperator;
  /** Lower-case condition key. */
  key: string;
  values: Array<string | number | boolean | null>;
  results: ContextResults;
}

export interface ConditionEval {
  results: ContextResults;
  /** Entries on aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge. */
  mfa: ConditionEntry[];
  /** Entries on any other key: each narrows the statement to some requests. */
  other: ConditionEntry[];
}

function valuesOf(node: JsonNode | undefined): Array<string | number | boolean | null> {
  if (!node) return [];
  if (node.type === 'array') return node.items!.filter((n) => n.type !== 'object' && n.type !== 'array').map((n) => n.value);
  if (node.type === 'object') return [];
  return [node.value];
}

function stringMatch(base: string, actual: string, values: ReadonlyArray<string | number | boolean | null>): boolean | undefined {
  const strs = values.map((v) => (v === null ? 'null' : String(v)));
  switch (base) {
    case 'Bool': return values.some((v) => boolValue(v) === (actual === 'true'));
    case 'StringEquals': return strs.includes(actual);
    case 'StringNotEquals': return !strs.includes(actual);
    case 'StringEqualsIgnoreCase': return strs.some((s) => s.toLowerCase() === actual);
    case 'StringNotEqualsIgnoreCase': return !strs.some((s) => s.toLowerCase() === actual);
    case 'StringLike': return strs.some((s) => likeCaseSensitive(s, actual));
    case 'StringNotLike': return !strs.some((s) => likeCaseSensitive(s, actual));
    default: return undefined;
  }
}

function likeCaseSensitive(pattern: string, actual: string): boolean {
  return wildcardMatch(pattern, actual, false);
}

/** One operator on one MFA key, in one context. */
function evalMfaEntry(op: ParsedOperator, key: string, values: ReadonlyArray<string | number | boolean | null>, ctx: 0 | 1 | 2): Tri {
  if (!op.known) return SOMETIMES;
  const present = key === MFA_PRESENT ? ctx !== 0 : ctx === 2;
  if (op.base === 'Null') {
    // Null "true": the key is absent; Null "false": it is present. Values are ORed.
    return values.some((v) => { const b = boolValue(v); return b === true ? !present : b === false ? present : false; }) ? ALWAYS : NEVER;
  }
  if (!present) {
    if (op.ifExists) return ALWAYS;
    if (op.set === 'ForAllValues') return ALWAYS;
    if (op.set === 'ForAnyValue') return NEVER;
    return NEGATED.has(op.base) ? ALWAYS : NEVER;
  }
  if (key === MFA_AGE) {
    // The age is some number of seconds we cannot know: a numeric comparison may go either way.
    if (op.base.startsWith('Numeric')) return values.some((v) => v !== null && v !== '' && !Number.isNaN(Number(v))) ? SOMETIMES : NEVER;
    return op.base.startsWith('String') ? SOMETIMES : NEVER;
  }
  const m = stringMatch(op.base, ctx === 1 ? 'false' : 'true', values);
  if (m === undefined) return NEVER;
  return m ? ALWAYS : NEVER;
}

const ALWAYS_ALL: ContextResults = [ALWAYS, ALWAYS, ALWAYS];

export function evaluateCondition(condition: JsonNode | undefined): ConditionEval {
  const mfa: ConditionEntry[] = [];
  const other: ConditionEntry[] = [];
  if (!condition) return { results: [...ALWAYS_ALL], mfa, other };
  if (condition.type !== 'object') return { results: [SOMETIMES, SOMETIMES, SOMETIMES], mfa, other };
  const results: ContextResults = [ALWAYS, ALWAYS, ALWAYS];
  for (const operatorProp of condition.props!) {
    const block = operatorProp.value;
    const op = parseOperator(operatorProp.key);
    if (!block || block.type !== 'object') {
      for (let c = 0; c < 3; c++) results[c] = Math.min(results[c]!, SOMETIMES) as Tri;
      continue;
    }
    for (const keyProp of block.props!) {
      const key = keyProp.key.toLowerCase();
      const values = valuesOf(keyProp.value);
      let r: ContextResults;
      if (key === MFA_PRESENT || key === MFA_AGE) {
        r = [evalMfaEntry(op, key, values, 0), evalMfaEntry(op, key, values, 1), evalMfaEntry(op, key, values, 2)];
        mfa.push({ operatorProp, keyProp, op, key, values, results: r });
      } else {
        const entry: ConditionEntry = { operatorProp, keyProp, op, key, values, results: [SOMETIMES, SOMETIMES, SOMETIMES] };
        if (op.known && (PRINCIPAL_SCOPE_KEYS.has(key) || isViaServiceCarveOut(entry))) entry.results = [ALWAYS, ALWAYS, ALWAYS];
        r = entry.results;
        other.push(entry);
      }
      for (let c = 0; c < 3; c++) results[c] = Math.min(results[c]!, r[c]!) as Tri;
    }
  }
  return { results, mfa, other };
}

/** AND of the given entries' results (an empty list is always true). */
export function andResults(entries: readonly ConditionEntry[]): ContextResults {
  const r: ContextResults = [ALWAYS, ALWAYS, ALWAYS];
  for (const e of entries) for (let c = 0; c < 3; c++) r[c] = Math.min(r[c]!, e.results[c]!) as Tri;
  return r;
}
