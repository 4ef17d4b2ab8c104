/**
 * Can the user enrol a device, and which enrolment actions are denied to them without MFA? Each
 * required enrolment action (docs/iam-semantics.md section 4) is asked about the user's own
 * resources (their ARN, a device ARN they may name, or "*" where the action takes no resource), in
 * the two contexts without MFA: the console without MFA first (where users enrol), then access keys.
 */
import type { StatementModel } from '../document/policy';
import { stringList } from '../document/tree';
import { ALWAYS, CONTEXT_NAMES, NEVER, SOMETIMES, type Truth, type WithoutMfaContext, conditionOf } from '../mfa/condition';
import { REQUIRED_ENROLMENT_ACTIONS, actionMatches } from '../mfa/actions';
import { statementLabel } from '../mfa/verdict';
import { covers } from './policy-facts';
import { substituteVariables } from '../variables';
import type { AccountUser, LockoutEntry, StatementRef } from './model';
import { refLabel, sourceLabel, type Reaching } from './user-mfa';

/** The console first: an un-enrolled user signs in with a password and enrols there. */
const ENROL_CONTEXTS: readonly WithoutMfaContext[] = ['withoutMfa', 'keysAbsent'];

/**
 * The resources of each enrolment request for this user. A device may be named freely (since 2022),
 * so two names stand for "any": one after the user, one not.
 */
function resourcesOf(user: AccountUser, action: string): string[] {
  if (action === 'iam:ListVirtualMFADevices') return ['*'];
  const colon = user.arn.lastIndexOf(':');
  if (action === 'iam:CreateVirtualMFADevice') {
    const base = `${user.arn.slice(0, colon + 1)}mfa/`;
    return [base + user.name, `${base}${user.name}-device`];
  }
  return [user.arn];
}

/** Does the statement's Resource/NotResource take this resource, for this user? Sometimes where a policy variable is not known. */
function appliesTo(s: StatementModel, resource: string, user: AccountUser): Truth {
  const patterns = stringList((s.notResourceProp ?? s.resourceProp)?.value);
  if (!s.notResourceProp && !s.resourceProp) return ALWAYS;
  let hit: Truth = NEVER;
  for (const n of patterns) {
    let p: string | undefined = n.value as string;
    // Policy variables are substituted only under Version 2012-10-17; before, ${...} is plain text.
    if (s.variables && p.includes('${')) {
      p = substituteVariables(p, (v) => (v.name === 'aws:username' ? user.name : v.name === 'aws:userid' ? user.id : undefined));
    }
    const t: Truth = p === undefined ? SOMETIMES : actionMatches(p, resource) ? ALWAYS : NEVER;
    if (t > hit) hit = t;
    if (hit === ALWAYS) break;
  }
  return s.notResourceProp ? ((2 - hit) as Truth) : hit;
}

/** Does the statement apply to this request: its action, its resource, its condition in the context? */
function applies(s: StatementModel, i: number, resource: string, user: AccountUser, c: WithoutMfaContext): Truth {
  if (!covers(s, i)) return NEVER;
  return Math.min(appliesTo(s, resource, user), conditionOf(s).enrolResults[c]) as Truth;
}

const ref = (r: Reaching, s: StatementModel): StatementRef => ({ policy: r.source, statement: statementLabel(s) });

export interface EnrolmentOutcome {
  canEnrol: boolean;
  /** A deny made certain where a statement's exemptions are computed counts as possible only. */
  reason: string;
  lockout: LockoutEntry[];
  /** Some context has an action refused by a certain deny (what no unknown policy can undo). */
  certainlyBlocked: boolean;
}

interface ActionCheck {
  ok: boolean;
  /** What stops the action, with {} where its name goes (requests with the same cause are told together); built only when asked. */
  cause: () => string;
  /** The deny that refuses it on every resource, for sure. */
  deniedBy?: StatementRef;
}

/** The user's policies split once: the identity policies' allows, the boundary's, every deny. */
interface UserStatements {
  allows: StatementModel[];
  /** Undefined without a boundary. */
  boundary?: { source: Reaching['source']; allows: StatementModel[] };
  denies: Array<{ r: Reaching; d: Reaching['facts']['denies'][number] }>;
}

function statementsOf(reaching: readonly Reaching[]): UserStatements {
  const out: UserStatements = { allows: [], denies: [] };
  for (const r of reaching) {
    const { allows, enrolDenies } = r.facts;
    if (r.source.kind === 'boundary') out.boundary = { source: r.source, allows };
    else out.allows.push(...allows);
    for (const d of enrolDenies) out.denies.push({ r, d });
  }
  return out;
}

function checkAction(st: UserStatements, user: AccountUser, i: number, c: WithoutMfaContext): ActionCheck {
  const action = REQUIRED_ENROLMENT_ACTIONS[i]!;
  let cause: (() => string) | undefined;
  let certain: StatementRef | undefined;
  let everyResourceDenied = true;
  for (const resource of resourcesOf(user, action)) {
    const allow = st.allows.some((s) => applies(s, i, resource, user, c) === ALWAYS);
    const capped = st.boundary && !st.boundary.allows.some((s) => applies(s, i, resource, user, c) === ALWAYS);
    let sure: StatementRef | undefined;
    let maybe: StatementRef | undefined;
    for (const { r, d } of st.denies) {
      const t = applies(d.stmt, i, resource, user, c);
      const computed = d.exemptions.some((e) => e.cls === 'computed');
      if (t === ALWAYS && !computed) sure ??= ref(r, d.stmt);
      else if (t !== NEVER) maybe ??= ref(r, d.stmt);
    }
    if (!sure) everyResourceDenied = false;
    else certain ??= sure;
    const blocked = sure ?? maybe;
    if (allow && !capped && !blocked) return { ok: true, cause: () => '' };
    cause ??= blocked
      ? () => `${refLabel(blocked)} ${sure ? 'denies' : 'may deny'} {}`
      : !allow
        ? () => `no policy allows {} on ${resource === '*' ? '"*"' : resource}`
        : () => `${sourceLabel(st.boundary!.source)} does not allow {}`;
  }
  return { ok: false, cause: cause!, ...(everyResourceDenied && certain ? { deniedBy: certain } : {}) };
}

/** "no policy allows a, b on X; ... denies c": the failures, one clause per cause. */
function failureText(failures: ReadonlyArray<[() => string, string]>): string {
  const byCause = new Map<string, string[]>();
  for (const [why, action] of failures) {
    const cause = why();
    byCause.set(cause, [...(byCause.get(cause) ?? []), action]);
  }
  return [...byCause].map(([cause, actions]) => cause.replace('{}', () => actions.join(', '))).join('; ');
}

export function userEnrolment(reaching: readonly Reaching[], user: AccountUser): EnrolmentOutcome {
  const lockout = new Map<string, LockoutEntry>();
  let canEnrol = false;
  let reason = '';
  let certainlyBlocked = false;
  const statements = statementsOf(reaching);
  for (const c of ENROL_CONTEXTS) {
    const failures: Array<[() => string, string]> = [];
    REQUIRED_ENROLMENT_ACTIONS.forEach((action, i) => {
      const check = checkAction(statements, user, i, c);
      if (check.ok) return;
      failures.push([check.cause, action]);
      if (check.deniedBy) {
        certainlyBlocked = true;
        const entry = lockout.get(action);
        if (entry) entry.contexts.push(c);
        else lockout.set(action, { action, contexts: [c], by: check.deniedBy });
      }
    });
    if (c === 'withoutMfa' && failures.length) reason = `Cannot enrol a device from the console without MFA: ${failureText(failures)}.`;
    else if (!failures.length && !canEnrol) {
      canEnrol = true;
      reason = `${reason ? `${reason} ` : ''}Can enrol a device from ${CONTEXT_NAMES[c]}: every enrolment action is allowed on the user's own resources and no deny blocks it.`;
    }
  }
  // The lock-out is listed in the order of the required actions.
  const entries = REQUIRED_ENROLMENT_ACTIONS.map((a) => lockout.get(a)).filter((e): e is LockoutEntry => !!e);
  return { canEnrol, reason, lockout: entries, certainlyBlocked };
}
