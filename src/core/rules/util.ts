/** Where a finding about a whole policy or statement is shown: a key, not the whole block. */
import type { PolicyDocument, StatementModel } from '../document/policy';
import type { JsonProperty } from '../document/tree';

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
