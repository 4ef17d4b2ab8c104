/**
 * A statement's Condition evaluated under the three request contexts of docs/iam-semantics.md section 2:
 * long-term keys (aws:MultiFactorAuthPresent absent), temporary credentials without MFA
 * ("false"), with MFA ("true"; only then aws:MultiFactorAuthAge exists, its value unknown).
 *
 * IAM's rules: AND across operators and keys, OR across values; a missing key makes an operator
 * false except `...IfExists` (true), `Null`, `ForAllValues:` (vacuously true) and negated
 * operators (AWS: "if the policy condition requires that the key is not matched ... and the key
 * is not present, the condition is true").
 */
import type { StatementModel } from '../document/policy';
import type { JsonNode, JsonProperty } from '../document/tree';
import type { Partition } from '../types';
import { wildcardMatch, wildcardsIntersect } from '../wildcard';
import { isUnknownGlobalKey } from './catalogue';
import { substituteVariables, wholeVariable } from '../variables';

/** Does a condition hold? Never, for some requests (it depends on what we cannot know), or always. Ordered, so AND is the minimum. */
export type Truth = 0 | 1 | 2;
export const NEVER: Truth = 0;
export const SOMETIMES: Truth = 1;
export const ALWAYS: Truth = 2;

/**
 * The request contexts of an IAM user: long-term access keys (aws:MultiFactorAuthPresent absent),
 * a session without MFA ("false"), a session with MFA ("true").
 */
export type RequestContext = 'keysAbsent' | 'withoutMfa' | 'withMfa';
export type ByContext<T> = { [C in RequestContext]: T };
/** The contexts without MFA: a deny that forces MFA must fire in both. */
export const WITHOUT_MFA = ['keysAbsent', 'withoutMfa'] as const;
export type WithoutMfaContext = (typeof WITHOUT_MFA)[number];
export const REQUEST_CONTEXTS: readonly RequestContext[] = [...WITHOUT_MFA, 'withMfa'];
export const CONTEXT_NAMES: ByContext<string> = {
  keysAbsent: 'long-term access keys (no MFA key in the request)',
  withoutMfa: 'sessions without MFA ("false")',
  withMfa: 'sessions with MFA ("true")',
};
/** How a condition reads in each context. */
export type ContextResults = ByContext<Truth>;
const each = (t: Truth): ContextResults => ({ keysAbsent: t, withoutMfa: t, withMfa: t });

/** aws:ViaAWSService "false": a known, deliberate carve-out for calls a service makes for the user. */
export function isViaServiceCarveOut(e: { key: string; op: ParsedOperator; values: ReadonlyArray<unknown> }): boolean {
  return e.key === 'aws:viaawsservice' && e.op.base === 'Bool' && e.values.length > 0 && e.values.every((v) => boolValue(v) === false);
}

export const MFA_PRESENT = 'aws:multifactorauthpresent';
export const MFA_AGE = 'aws:multifactorauthage';

const COMPARISONS = ['Equals', 'NotEquals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'];
export const BASE_OPERATORS = new Set([
  ...['Equals', 'NotEquals', 'EqualsIgnoreCase', 'NotEqualsIgnoreCase', 'Like', 'NotLike'].map((o) => `String${o}`),
  ...COMPARISONS.map((o) => `Numeric${o}`),
  ...COMPARISONS.map((o) => `Date${o}`),
  ...['Equals', 'Like', 'NotEquals', 'NotLike'].map((o) => `Arn${o}`),
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'Null',
]);

export interface ParsedOperator {
  base: string;
  ifExists: boolean;
  set: '' | 'ForAllValues' | 'ForAnyValue';
  known: boolean;
}

export function parseOperator(op: string): ParsedOperator {
  let rest = op;
  let set: ParsedOperator['set'] = '';
  if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice(13);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice(12);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
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
  /** Per context, for any request of an IAM user. */
  results: ContextResults;
  /** Per context, for the user's own IAM calls that enrol a device (IAM's region, a direct call). */
  enrolResults: ContextResults;
  /** A global key that no request carries (a misspelling): always absent. */
  absentKey: boolean;
}

export interface ConditionEval {
  results: ContextResults;
  enrolResults: ContextResults;
  /** Entries on aws:MultiFactorAuthPresent / aws:MultiFactorAuthAge. */
  mfa: ConditionEntry[];
  /** Entries on any other key: each narrows the statement to some requests. */
  other: ConditionEntry[];
}

/** How a statement's values are read: policy variables are substituted only under Version 2012-10-17. */
export interface EvalOptions {
  variables: boolean;
  partition: Partition;
}

/** A value that the template computes (an `unknown` node): it may be anything. */
const COMPUTED = Symbol('computed');
type Value = string | number | boolean | null | typeof COMPUTED;

function valueOf(n: JsonNode): Value {
  return n.type === 'unknown' ? COMPUTED : n.value;
}

/** The scalar values under a condition key: the value itself, or the scalars of its array. */
function scalarsOf(node: JsonNode | undefined): JsonNode[] {
  if (!node || node.type === 'object') return [];
  if (node.type === 'array') return node.items!.filter((n) => n.type !== 'object' && n.type !== 'array');
  return [node];
}

/** What one request context says about a condition key. */
type KeyModel =
  /** The key is not in the request. */
  | { kind: 'absent' }
  /** Present with this value. */
  | { kind: 'known'; value: string }
  /** Present with a value we do not know: any number (the MFA age), a user's ARN in a partition, or anything. */
  | { kind: 'unknown'; numeric?: boolean; userArnIn?: Partition }
  /** Maybe present, maybe not. */
  | { kind: 'maybe' };

/** One of the three request contexts, for any request or for the user's own enrolment calls. */
interface RequestFacts {
  mfa: 'absent' | 'false' | 'true';
  enrolment: boolean;
  partition: Partition;
}

/** The region that IAM requests go to, per partition (IAM is a global service with one endpoint). */
const IAM_REGION: Record<Partition, string> = { aws: 'us-east-1', 'aws-cn': 'cn-north-1', 'aws-us-gov': 'us-gov-west-1' };

/**
 * What is known of a request by an IAM user (the principals an identity policy is attached to):
 * its type is User, its ARN a user's, its account and organisation present but unknown; it is a
 * direct call (calls that AWS services make for the user are a deliberate carve-out, reported as
 * such); IAM calls go to IAM's one region. A global key that no request carries is absent.
 */
function keyModel(key: string, ctx: RequestFacts): KeyModel {
  switch (key) {
    case MFA_PRESENT:
      return ctx.mfa === 'absent' ? { kind: 'absent' } : { kind: 'known', value: ctx.mfa };
    case MFA_AGE:
      return ctx.mfa === 'true' ? { kind: 'unknown', numeric: true } : { kind: 'absent' };
    case 'aws:principaltype':
      return { kind: 'known', value: 'User' };
    case 'aws:principalarn':
      return { kind: 'unknown', userArnIn: ctx.partition };
    case 'aws:principalaccount':
    case 'aws:principalorgid':
    case 'aws:principalorgpaths':
    case 'aws:username':
    case 'aws:userid':
      return { kind: 'unknown' };
    case 'aws:principalisawsservice':
    case 'aws:viaawsservice':
      return { kind: 'known', value: 'false' };
    case 'aws:principalservicename':
    case 'aws:principalservicenameslist':
      return { kind: 'absent' };
    case 'aws:requestedregion':
      return ctx.enrolment ? { kind: 'known', value: IAM_REGION[ctx.partition] ?? 'us-east-1' } : { kind: 'unknown' };
    default:
      return isUnknownGlobalKey(key) ? { kind: 'absent' } : { kind: 'maybe' };
  }
}

/** The positive form of a negated operator (every negated operator has "Not" in its name). */
const positiveOf = (base: string): string | undefined => (base.includes('Not') ? base.replace('Not', '') : undefined);

const not = (t: Truth): Truth => (2 - t) as Truth;
const isLike = (base: string) => base === 'StringLike' || base === 'ArnLike' || base === 'ArnEquals';
const onlyStars = (s: string) => s.length > 0 && [...s].every((c) => c === '*');

const SELF = Symbol('self');

/**
 * A condition value with its policy variables substituted (Version 2012-10-17): a variable whose
 * value the context fixes is replaced; any other makes the value unknown (undefined).
 */
function substitute(value: string, key: string, ctx: RequestFacts): string | undefined | typeof SELF {
  // The key's own value, alone: equal to itself whatever it is.
  const whole = wholeVariable(value);
  if (whole && whole.name === key && whole.fallback === undefined) return SELF;
  return substituteVariables(value, (v) => {
    const model = keyModel(v.name, ctx);
    if (model.kind === 'known') return model.value;
    return model.kind === 'absent' ? v.defaultValue : undefined;
  });
}

/** Does a known value satisfy the (positive) operator against one policy value? */
function compareKnown(base: string, actual: string, v: string): boolean {
  switch (base) {
    case 'Bool': {
      const b = boolValue(v);
      return b !== undefined && b === boolValue(actual);
    }
    case 'StringEquals':
      return v === actual;
    case 'StringEqualsIgnoreCase':
      return v.toLowerCase() === actual.toLowerCase();
    case 'StringLike':
    case 'ArnLike':
    case 'ArnEquals':
      return wildcardMatch(v, actual, false);
    default:
      return false;
  }
}

/** Names standing for any user name, without and with a path: a pattern matching both covers every user. */
const ANY_USER = ['user/\u0002', 'user/\u0002/\u0002\u0002/\u0002'];

/**
 * A user's ARN, arn:<partition>:iam::<account>:user/<path><name>, against a pattern. Arn operators
 * match each of the six colon-separated parts on its own; a user ARN has exactly five colons (names
 * hold none), so a StringLike pattern with five colons splits the same way. A part that cannot match
 * makes it never; a pattern that takes any account and any user, always.
 */
function userArnMatch(base: string, v: string, partition: Partition): Truth {
  const parts = v.split(':');
  const literal = base === 'StringEquals' || base === 'StringEqualsIgnoreCase';
  if (parts.length < 6 || (parts.length > 6 && !base.startsWith('Arn'))) {
    if (base.startsWith('Arn') || literal) return NEVER;
    // Stars may span colons here: only a pattern that takes every sample is known to hold.
    return ['111122223333', '444455556666'].every((acct, i) => wildcardMatch(v, `arn:${partition}:iam::${acct}:${ANY_USER[i]}`, false))
      ? ALWAYS
      : SOMETIMES;
  }
  const head = ['arn', partition, 'iam', ''];
  const same = (p: string, t: string) =>
    literal ? (base === 'StringEquals' ? p === t : p.toLowerCase() === t) : wildcardMatch(p, t, false);
  if (head.some((h, i) => !same(parts[i]!, h))) return NEVER;
  const account = parts[4]!;
  const resource = parts.slice(5).join(':');
  if (account === '' || !/^[0-9*?]*$/.test(account)) return NEVER;
  if (literal) return /^user\/[^*?]/.test(resource) && !/[*?]/.test(account) ? SOMETIMES : NEVER;
  if (!wildcardsIntersect(resource, 'user/*', false)) return NEVER;
  return onlyStars(account) && ANY_USER.every((u) => wildcardMatch(resource, u, false)) ? ALWAYS : SOMETIMES;
}

/** Can a present value that we do not know satisfy the (positive) operator against one policy value? */
function compareUnknown(base: string, model: { numeric?: boolean; userArnIn?: Partition }, v: string): Truth {
  if (model.numeric) {
    if (base.startsWith('Numeric')) return v !== '' && !Number.isNaN(Number(v)) ? SOMETIMES : NEVER;
    return base.startsWith('String') ? SOMETIMES : NEVER;
  }
  if (isLike(base) && onlyStars(v)) return ALWAYS;
  if (model.userArnIn && (isLike(base) || base === 'StringEquals' || base === 'StringEqualsIgnoreCase'))
    return userArnMatch(base, v, model.userArnIn);
  return SOMETIMES;
}

/** One operator on one key, in one request context. */
function evalEntry(op: ParsedOperator, key: string, values: readonly Value[], ctx: RequestFacts, opts: EvalOptions): Truth {
  if (!op.known) return SOMETIMES;
  const model = keyModel(key, ctx);
  if (model.kind === 'maybe') {
    const ifAbsent = evalOnModel(op, key, values, { kind: 'absent' }, ctx, opts);
    const ifPresent = evalOnModel(op, key, values, { kind: 'unknown' }, ctx, opts);
    return ifAbsent === ifPresent ? ifAbsent : SOMETIMES;
  }
  return evalOnModel(op, key, values, model, ctx, opts);
}

function evalOnModel(
  op: ParsedOperator,
  key: string,
  values: readonly Value[],
  model: Exclude<KeyModel, { kind: 'maybe' }>,
  ctx: RequestFacts,
  opts: EvalOptions,
): Truth {
  if (op.base === 'Null') {
    // Null "true": the key is absent; Null "false": it is present. Values are ORed.
    const absent = model.kind === 'absent';
    if (
      values.some((v) => {
        const b = boolValue(v);
        return b === true ? absent : b === false ? !absent : false;
      })
    )
      return ALWAYS;
    return values.includes(COMPUTED) ? SOMETIMES : NEVER;
  }
  const positive = positiveOf(op.base);
  if (model.kind === 'absent') {
    if (op.ifExists || op.set === 'ForAllValues') return ALWAYS;
    if (op.set === 'ForAnyValue') return NEVER;
    return positive ? ALWAYS : NEVER;
  }
  // Present (a single value): a set operator reads it as a one-element set, the same as the plain operator.
  const base = positive ?? op.base;
  let any: Truth = NEVER;
  for (const raw of values) {
    if (raw === null) continue;
    if (raw === COMPUTED) {
      any = Math.max(any, SOMETIMES) as Truth;
      continue;
    }
    let v: string | undefined | typeof SELF = String(raw);
    if (opts.variables && v.includes('${')) v = substitute(v, key, ctx);
    let t: Truth;
    if (v === SELF) t = base.includes('Equals') || isLike(base) || base === 'Bool' ? ALWAYS : SOMETIMES;
    else if (v === undefined) t = SOMETIMES;
    else if (model.kind === 'known') t = compareKnown(base, model.value, v) ? ALWAYS : NEVER;
    else t = compareUnknown(base, model, v);
    if (t > any) any = t;
    if (any === ALWAYS) break;
  }
  return positive ? not(any) : any;
}

const MFA_KEY_IN: ByContext<RequestFacts['mfa']> = { keysAbsent: 'absent', withoutMfa: 'false', withMfa: 'true' };

function perContext(op: ParsedOperator, key: string, values: readonly Value[], enrolment: boolean, opts: EvalOptions): ContextResults {
  const at = (c: RequestContext) => evalEntry(op, key, values, { mfa: MFA_KEY_IN[c], enrolment, partition: opts.partition }, opts);
  return { keysAbsent: at('keysAbsent'), withoutMfa: at('withoutMfa'), withMfa: at('withMfa') };
}

/** Both conditions (AND): the lesser truth in each context. */
function and(r: ContextResults, e: ContextResults): void {
  for (const c of REQUEST_CONTEXTS) r[c] = Math.min(r[c], e[c]) as Truth;
}

const DEFAULT_OPTIONS: EvalOptions = { variables: true, partition: 'aws' };

/**
 * Evaluates a Condition block. Operators and keys are read as a JSON parser (and so IAM) reads
 * them: a duplicate operator or key counts once, with its last value.
 */
export function evaluateCondition(condition: JsonNode | undefined, opts: EvalOptions = DEFAULT_OPTIONS): ConditionEval {
  const mfa: ConditionEntry[] = [];
  const other: ConditionEntry[] = [];
  if (!condition) return { results: each(ALWAYS), enrolResults: each(ALWAYS), mfa, other };
  if (condition.type !== 'object') return { results: each(SOMETIMES), enrolResults: each(SOMETIMES), mfa, other };
  const results = each(ALWAYS);
  const enrolResults = each(ALWAYS);
  for (const operatorProp of lastOfEach(condition.props!)) {
    const block = operatorProp.value;
    const op = parseOperator(operatorProp.key);
    if (!block || block.type !== 'object') {
      and(results, each(SOMETIMES));
      and(enrolResults, each(SOMETIMES));
      continue;
    }
    for (const keyProp of lastOfEach(block.props!)) {
      const key = keyProp.key.toLowerCase();
      const scalars = scalarsOf(keyProp.value);
      const values = scalars.map(valueOf);
      const entryResults = perContext(op, key, values, false, opts);
      // Only the region (as the key, or through a variable in a value) reads differently in an
      // enrolment call: other entries share their results instead of evaluating them again.
      const callMatters = key === 'aws:requestedregion' || values.some((v) => typeof v === 'string' && v.includes('${'));
      const entry: ConditionEntry = {
        operatorProp,
        keyProp,
        op,
        key,
        // As written (a computed value as its source text), for messages and fixes.
        values: scalars.map((n) => n.value),
        results: entryResults,
        enrolResults: callMatters ? perContext(op, key, values, true, opts) : entryResults,
        absentKey: key !== MFA_PRESENT && key !== MFA_AGE && isUnknownGlobalKey(key),
      };
      (key === MFA_PRESENT || key === MFA_AGE ? mfa : other).push(entry);
      and(results, entry.results);
      and(enrolResults, entry.enrolResults);
    }
  }
  return { results, enrolResults, mfa, other };
}

/** Members in text order, each name once: where a name repeats, only its last member counts. */
function lastOfEach(props: readonly JsonProperty[]): JsonProperty[] {
  const last = new Map<string, JsonProperty>();
  for (const p of props) last.set(p.key, p);
  return last.size === props.length ? [...props] : props.filter((p) => last.get(p.key) === p);
}

/** AND of the given entries' results (an empty list is always true). */
export function andResults(entries: readonly ConditionEntry[]): ContextResults {
  const r = each(ALWAYS);
  for (const e of entries) and(r, e.results);
  return r;
}

const evaluated = new WeakMap<StatementModel, ConditionEval>();

/** The statement's Condition evaluated under the request contexts, computed once per statement. */
export function conditionOf(s: StatementModel): ConditionEval {
  let c = evaluated.get(s);
  if (!c) {
    c = evaluateCondition(s.conditionProp?.value, { variables: s.variables, partition: s.partition });
    evaluated.set(s, c);
  }
  return c;
}
