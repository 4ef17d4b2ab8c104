/**
 * The MFA verdict of one user, from every policy that reaches them. IAM denies a request when any
 * one of those policies denies it (a permissions boundary's denies included), so the user is forced
 * when, in each context without MFA, some deny tied to MFA stops every request on every resource:
 * the enrolment actions aside, and what one deny exempts may be denied by another.
 */
import { stringList } from '../document/tree';
import { ALWAYS, CONTEXT_NAMES, WITHOUT_MFA, type WithoutMfaContext } from '../mfa/condition';
import { actionMatches, hasWildcard } from '../mfa/actions';
import { actionTest, statementLabel, type DenyInfo, type Exemption } from '../mfa/verdict';
import { wildcardsIntersect } from '../wildcard';
import type { Escape, PolicySource, StatementRef, UserMfa } from './model';
import type { PolicyFacts } from './policy-facts';

/** A policy that reaches the user, with its facts. */
export interface Reaching {
  source: PolicySource;
  facts: PolicyFacts;
}

interface Located {
  ref: StatementRef;
  d: DenyInfo;
}

export interface MfaOutcome {
  mfa: UserMfa;
  reason: string;
  deniedBy: Record<WithoutMfaContext, StatementRef[]>;
  escapes: Escape[];
}

export function sourceLabel(p: PolicySource): string {
  switch (p.kind) {
    case 'inline':
      return `inline policy "${p.name}"`;
    case 'managed':
      return `managed policy ${p.name}`;
    case 'group-inline':
      return `group "${p.group}"'s inline policy "${p.name}"`;
    case 'group-managed':
      return `managed policy ${p.name} (through group "${p.group}")`;
    case 'boundary':
      return `permissions boundary ${p.name}`;
  }
}

export function refLabel(r: StatementRef): string {
  return `${r.statement} of ${sourceLabel(r.policy)}`;
}

/** A sentence that starts with a label ("statement 2 of ...") starts with a capital. */
const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Does the deny deny every action the exemption pattern can name? Certain only where it is plain:
 * a deny on all actions; a literal action it covers; a wildcard that none of a NotAction deny's own
 * exemptions can meet; a wildcard under a list deny's `prefix*` pattern. Otherwise: not covered.
 */
function coversPattern(d: DenyInfo, e: Exemption): boolean {
  if (d.actionScope === 'all') return true;
  if (e.cls === 'computed') return false;
  if (!hasWildcard(e.value)) return actionTest(d.stmt)(e.value);
  if (d.actionScope === 'notaction') return !d.exemptions.some((x) => x.cls === 'computed' || wildcardsIntersect(x.value, e.value, true));
  const lower = e.value.toLowerCase();
  return stringList(d.stmt.actionProp?.value).some((n) => {
    const q = String(n.value);
    const head = q.slice(0, -1);
    return q.endsWith('*') && !hasWildcard(head) && lower.startsWith(head.toLowerCase()) && actionMatches(q, e.value);
  });
}

const located = new WeakMap<Reaching, Located[]>();

/** Every deny of every reaching policy, located (once per policy as it reaches users: a group's are shared). */
function allDenies(reaching: readonly Reaching[]): Located[] {
  const out: Located[] = [];
  for (const r of reaching) {
    let list = located.get(r);
    if (!list) located.set(r, (list = r.facts.denies.map((d) => ({ ref: { policy: r.source, statement: statementLabel(d.stmt) }, d }))));
    out.push(...list);
  }
  return out;
}

/** In one context: the denies that together stop every request, or the exemptions that escape the nearest one. */
function coverContext(denies: readonly Located[], c: WithoutMfaContext): { by: Located[] } | { near?: Located; left: Exemption[] } {
  const firing = denies.filter((x) => x.d.cond.results[c] === ALWAYS && x.d.fullResource);
  const primaries = firing.filter((x) => x.d.tied && x.d.cond.results.withMfa !== ALWAYS && x.d.actionScope !== 'list');
  let best: { near?: Located; left: Exemption[] } = { left: [] };
  for (const p of primaries) {
    const helpers: Located[] = [];
    const left = p.d.weakening.filter((e) => {
      const h = firing.find((f) => f !== p && coversPattern(f.d, e));
      if (h && !helpers.includes(h)) helpers.push(h);
      return !h;
    });
    if (!left.length) return { by: [p, ...helpers] };
    if (!best.near || left.length < best.left.length) best = { near: p, left };
  }
  return best;
}

/** Why the nearest deny tied to MFA lets requests of this context through. */
function escapeOf(denies: readonly Located[], c: WithoutMfaContext, near: Located | undefined, left: Exemption[]): Escape {
  if (near)
    return {
      context: c,
      near: near.ref,
      why: `${sentence(refLabel(near.ref))} exempts ${left.map((e) => e.value).join(', ')}, which no other deny covers: a user with only a password or an access key can call ${left.length > 1 ? 'them' : 'it'}.`,
    };
  const tied = denies.filter((x) => x.d.tied || x.d.deniesEveryone);
  const fires = tied.find((x) => x.d.cond.results[c] === ALWAYS && x.d.cond.results.withMfa !== ALWAYS);
  if (fires) {
    const what = !fires.d.fullResource ? 'only some resources' : 'only the actions it lists';
    return {
      context: c,
      near: fires.ref,
      why: `${sentence(refLabel(fires.ref))} denies ${what}; every other request is left to the allows.`,
    };
  }
  const other = tied.find((x) => x.d.cond.results[c] !== ALWAYS);
  if (other) {
    const ref = refLabel(other.ref);
    const why =
      c === 'keysAbsent'
        ? `Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, and the condition of ${ref} does not fire without one (Bool without IfExists, ForAnyValue:, or another key ANDed in).`
        : `Sessions without MFA carry aws:MultiFactorAuthPresent "false", which the condition of ${ref} does not catch (a Null check, or another key ANDed in).`;
    return { context: c, near: other.ref, why };
  }
  const everyone = tied.find((x) => x.d.deniesEveryone);
  if (everyone) return { context: c, near: everyone.ref, why: `${sentence(refLabel(everyone.ref))} denies everyone, with or without MFA.` };
  return { context: c, why: `No policy that reaches the user denies requests from ${CONTEXT_NAMES[c]}.` };
}

export function userMfa(reaching: readonly Reaching[]): MfaOutcome {
  const denies = allDenies(reaching);
  const deniedBy: MfaOutcome['deniedBy'] = { keysAbsent: [], withoutMfa: [] };
  const escapes: Escape[] = [];
  for (const c of WITHOUT_MFA) {
    const cover = coverContext(denies, c);
    if ('by' in cover) deniedBy[c] = cover.by.map((x) => x.ref);
    else escapes.push(escapeOf(denies, c, cover.near, cover.left));
  }
  if (!escapes.length) {
    const a = deniedBy.keysAbsent.map(refLabel).join(' with ');
    const b = deniedBy.withoutMfa.map(refLabel).join(' with ');
    const by =
      a === b
        ? `by ${a}, for long-term access keys and sessions without MFA alike`
        : `by ${a} for long-term access keys and by ${b} for sessions without MFA`;
    return { mfa: 'enforced', deniedBy, escapes, reason: `Every request without MFA is denied ${by}, except the enrolment actions.` };
  }
  if (denies.some((x) => x.d.tied || x.d.deniesEveryone))
    return {
      mfa: 'weak',
      deniedBy,
      escapes,
      reason: `Some requests without MFA escape. ${[...new Set(escapes.map((e) => e.why))].join(' ')}`,
    };
  // An Allow that asks for MFA forces nothing: another policy, or a resource policy naming the user, allows without it.
  const allowsWithMfa = reaching.some((r) => r.facts.allowsWithMfa);
  const note = allowsWithMfa
    ? ' An Allow with an MFA condition forces nothing: other policies can allow the same actions without MFA.'
    : '';
  return { mfa: 'not-forced', deniedBy, escapes, reason: `No policy that reaches the user denies requests made without MFA.${note}` };
}
