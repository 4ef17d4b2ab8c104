/** Where a finding about a whole policy or statement is shown: a key, not the whole block. */
import type { PolicyDocument, StatementModel } from '../document/policy';
import type { JsonNode, JsonProperty } from '../document/tree';
import { type ConditionEntry, MFA_PRESENT, NEVER } from '../mfa/condition';
import type { DenyInfo } from '../mfa/verdict';
import type { PolicyInfo } from './rule';
import type { RelatedLocation } from '../types';
import { work } from '../work';

export function propRange(p: JsonProperty): { offset: number; length: number } {
  return { offset: p.keyOffset, length: p.keyLength };
}

export function policyAnchor(doc: PolicyDocument): { offset: number; length: number } {
  if (doc.statementProp) return propRange(doc.statementProp);
  const first = doc.node.props?.[0];
  return first ? propRange(first) : { offset: doc.node.offset, length: 1 };
}

/** The key that best names a statement: Effect, else Sid, else its opening brace. */
export function statementAnchor(s: StatementModel): { offset: number; length: number } {
  const effect = s.node.props!.find((p) => p.key === 'Effect');
  if (effect) return propRange(effect);
  const first = s.node.props![0];
  return first ? propRange(first) : { offset: s.node.offset, length: 1 };
}

export function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** Deny statements tied to MFA, per policy: the subjects of the condition-form rules. */
export function* tiedDenies(policies: readonly PolicyInfo[]): Generator<[PolicyInfo, DenyInfo]> {
  for (const p of policies) for (const d of p.analysis.denies) if (d.tied) yield [p, d];
}

/** ForAnyValue: on aws:MultiFactorAuthPresent in a deny, and long-term keys escape because of it. */
export function isForAnyValueEscape(p: PolicyInfo, d: DenyInfo, e: ConditionEntry): boolean {
  return e.key === MFA_PRESENT && e.op.set === 'ForAnyValue' && d.tied && e.results.keysAbsent === NEVER && !p.analysis.fired.keysAbsent;
}

// The keys of a block and the operators of a Condition, gathered once per object: the rules ask about
// them once per entry, and a block of 10,000 case variants of one key must not cost 10,000 x 10,000.
const keySets = [new WeakMap<JsonNode, Set<string>>(), new WeakMap<JsonNode, Set<string>>()] as const;

function keysOf(node: JsonNode, lower: boolean): Set<string> {
  const cache = keySets[lower ? 1 : 0];
  let set = cache.get(node);
  if (!set) {
    work.blocks += node.props!.length;
    set = new Set(node.props!.map((p) => (lower ? p.key.toLowerCase() : p.key)));
    cache.set(node, set);
  }
  return set;
}

/** Other entries of the same operator block (keys beside this one). */
export function blockHasOnly(e: ConditionEntry, keys: readonly string[]): boolean {
  const present = keysOf(e.operatorProp.value!, true);
  work.blocks++;
  if (present.size > keys.length) return false;
  for (const k of present) if (!keys.includes(k)) return false;
  return true;
}

/** Does the Condition object already have this operator? */
export function conditionHas(s: StatementModel, operator: string): boolean {
  const c = s.conditionProp?.value;
  if (c?.type !== 'object') return false;
  work.blocks++;
  return keysOf(c, false).has(operator);
}

/** Every string node under a node (iterative). */
export function stringsUnder(node: JsonNode | undefined, out: JsonNode[] = []): JsonNode[] {
  if (!node) return out;
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string') out.push(n);
    else if (n.type === 'array') for (const it of n.items!) stack.push(it);
    else if (n.type === 'object') for (const p of n.props!) if (p.value) stack.push(p.value);
  }
  return out;
}

/** Quoted value list for messages. */
export function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** A related location: the deny statement that a finding weakens. */
export function relatedStatement(s: StatementModel, message: string): RelatedLocation[] {
  return [{ offset: s.node.offset, length: s.node.length, message }];
}
