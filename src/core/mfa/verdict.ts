/**
 * Combines a policy's Deny statements into a verdict (docs/iam-semantics.md, section 7): each context without
 * MFA must be denied, on every action except accepted exemptions and on every resource, by some
 * statement that does not also deny sessions with MFA. Never looks at Sid names.
 */
import type { MfaVerdict } from '../types';
import type { PolicyDocument, StatementModel } from '../document/policy';
import { type JsonNode, getProp, stringList } from '../document/tree';
import { ALWAYS, type ConditionEval, NEVER, WITHOUT_MFA, type WithoutMfaContext, conditionOf } from './condition';
import { substituteVariables } from '../variables';
import { REQUIRED_ENROLMENT_ACTIONS, type ExemptionClass, actionMatches, classifyExemption } from './actions';

export interface Exemption {
  node: JsonNode;
  value: string;
  cls: ExemptionClass;
}

export interface DenyInfo {
  stmt: StatementModel;
  cond: ConditionEval;
  /** Fires for some request without MFA, and differently with MFA: a deny tied to MFA. */
  tied: boolean;
  /** Its MFA condition makes it fire whether or not MFA was used: denies everyone. */
  deniesEveryone: boolean;
  fullResource: boolean;
  actionScope: 'all' | 'notaction' | 'list';
  exemptions: Exemption[];
  weakening: Exemption[];
  /** The required enrolment actions this statement denies without MFA. */
  deniedEnrolment: string[];
}

export interface PolicyAnalysis {
  verdict: MfaVerdict;
  lockout: string[];
  reason: string;
  denies: DenyInfo[];
  /** Per context without MFA: some deny tied to MFA always fires there (scope aside). */
  fired: Record<WithoutMfaContext, boolean>;
  /** ... and is complete there (all resources, all actions but accepted exemptions). */
  covered: Record<WithoutMfaContext, boolean>;
}

/**
 * The resource of each enrolment request (Service Authorization Reference): the user's own ARN,
 * a device ARN (named freely since 2022: the user's name or any other), or "*" where the action
 * takes no resource. A deny blocks the action when it applies to any of them.
 */
const ENROLMENT_RESOURCES: Record<string, readonly string[]> = {
  'iam:CreateVirtualMFADevice': ['mfa/alice', 'mfa/alice-phone'],
  'iam:EnableMFADevice': ['user/alice'],
  'iam:GetUser': ['user/alice'],
  'iam:ListMFADevices': ['user/alice'],
  'iam:ListVirtualMFADevices': ['*'],
  'iam:ResyncMFADevice': ['user/alice'],
};
const SAMPLE_ACCOUNT = 'arn:aws:iam::123456789012:';

/** A deny on every resource: "*" in Resource (or no Resource at all, which the schema reports). */
function isFullResource(s: StatementModel): boolean {
  if (s.notResourceProp) return false;
  if (!s.resourceProp) return true;
  return stringList(s.resourceProp.value).some((n) => n.value === '*');
}

/**
 * A Resource/NotResource pattern as it reads for the sample user alice, variables substituted as
 * the author meant them even without Version 2012-10-17 (policy-variables-need-version reports
 * that), so that fixing the Version never reveals a lock-out that was not reported before.
 */
function resourcePattern(p: string): string {
  // The user's name is known for the sample; any other variable may be anything.
  return p.includes('${') ? substituteVariables(p, (v) => (v.name === 'aws:username' ? 'alice' : '*'))! : p;
}

/** Does the statement apply to a request on this resource ("*" or a sample ARN tail)? */
function appliesToResource(s: StatementModel, resource: string): boolean {
  const arn = resource === '*' ? '*' : SAMPLE_ACCOUNT + resource;
  if (s.notResourceProp) {
    // A NotResource entry that the template computes may be this very ARN (a user's own, with the
    // partition a variable): the deny is not known to apply to it, so no lock-out is claimed on it.
    const v = s.notResourceProp.value;
    if (v?.type === 'unknown' || (v?.type === 'array' && v.items!.some((i) => i.type === 'unknown'))) return false;
    return !stringList(v).some((n) => actionMatches(resourcePattern(n.value as string), arn));
  }
  if (isFullResource(s)) return true;
  return stringList(s.resourceProp!.value).some((n) => {
    const p = resourcePattern(n.value as string);
    // A partition mismatch is its own finding (arn-partition-mismatch): read the ARN in the sample's.
    return actionMatches(p.startsWith('arn:') ? p.replace(/^arn:[^:]*:/, 'arn:aws:') : p, arn);
  });
}

export function deniesAction(s: StatementModel, action: string): boolean {
  return actionTest(s)(action);
}

/** A predicate "does this statement's Action/NotAction cover the action", its patterns read once. */
export function actionTest(s: StatementModel): (action: string) => boolean {
  const not = !!s.notActionProp;
  const patterns = stringList(not ? s.notActionProp!.value : s.actionProp?.value).map((n) => n.value as string);
  return (action) => {
    let hit = false;
    for (const p of patterns)
      if (actionMatches(p, action)) {
        hit = true;
        break;
      }
    return not ? !hit : hit;
  };
}

export function analyseDeny(s: StatementModel, allowPasswordChange: boolean): DenyInfo {
  const cond = conditionOf(s);
  const r = cond.results;
  // It fires for some request without MFA, and not in the same way with MFA.
  const tied = (r.keysAbsent !== NEVER || r.withoutMfa !== NEVER) && (r.keysAbsent !== r.withMfa || r.withoutMfa !== r.withMfa);
  // Tied to MFA, or to a misspelled key that no request carries (under IfExists: always true).
  const deniesEveryone =
    (cond.mfa.length > 0 || cond.other.some((e) => e.absentKey)) &&
    r.keysAbsent === ALWAYS &&
    r.withoutMfa === ALWAYS &&
    r.withMfa === ALWAYS;
  const fullResource = isFullResource(s);
  let actionScope: DenyInfo['actionScope'] = 'list';
  const exemptions: Exemption[] = [];
  if (s.notActionProp) {
    actionScope = 'notaction';
    for (const n of stringList(s.notActionProp.value))
      exemptions.push({ node: n, value: n.value as string, cls: classifyExemption(n.value as string, allowPasswordChange) });
    // A computed entry (or a computed NotAction) may exempt anything: never provably safe.
    const v = s.notActionProp.value;
    for (const n of v?.type === 'unknown' ? [v] : v?.type === 'array' ? v.items!.filter((x) => x.type === 'unknown') : []) {
      exemptions.push({ node: n, value: String(n.value), cls: 'computed' });
    }
  } else if (stringList(s.actionProp?.value).some((n) => n.value === '*')) actionScope = 'all';
  // Enrolment happens without MFA: in the console (a "false" session) or with access keys (absent),
  // as direct calls to IAM (so in IAM's region): the condition as it reads for those calls.
  const er = cond.enrolResults;
  const denies = actionTest(s);
  // A computed exemption may exempt the enrolment actions: no lock-out is certain then.
  const computedExemption = exemptions.some((e) => e.cls === 'computed');
  const deniedEnrolment =
    (er.keysAbsent === ALWAYS || er.withoutMfa === ALWAYS) && (tied || deniesEveryone) && !computedExemption
      ? REQUIRED_ENROLMENT_ACTIONS.filter((a) => denies(a) && ENROLMENT_RESOURCES[a]!.some((res) => appliesToResource(s, res)))
      : [];
  return {
    stmt: s,
    cond,
    tied,
    deniesEveryone,
    fullResource,
    actionScope,
    exemptions,
    weakening: exemptions.filter((e) => e.cls !== 'accepted' && e.cls !== 'not-an-action'),
    deniedEnrolment,
  };
}

/** The parts of a policy that a template computes and that could hold or shape a deny. */
function computedParts(doc: PolicyDocument): string[] {
  const sv = doc.statementProp?.value;
  if (sv?.type === 'unknown') return ['the Statement list'];
  const out: string[] = [];
  if (sv?.type === 'array') sv.items!.forEach((it, i) => it.type === 'unknown' && out.push(`statement ${i + 1}`));
  for (const s of doc.statements) {
    for (const key of ['Effect', 'Action', 'NotAction', 'Condition']) {
      if (getProp(s.node, key)?.value?.type === 'unknown') out.push(`the ${key} of ${statementLabel(s)}`);
    }
    if (s.effect !== 'Allow' && computedConditionValue(s)) out.push(`a condition value of ${statementLabel(s)}`);
  }
  return out;
}

/** Does a value under the statement's Condition (an operator's key) come from the template? */
function computedConditionValue(s: StatementModel): boolean {
  const isComputed = (v: JsonNode | undefined) =>
    v?.type === 'unknown' || (v?.type === 'array' && v.items!.some((i) => i.type === 'unknown'));
  const ops = s.conditionProp?.value?.props ?? [];
  return ops.some((op) => op.value?.props?.some((k) => isComputed(k.value)));
}

export function statementLabel(s: StatementModel): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${s.index + 1}`;
}

export function analysePolicy(doc: PolicyDocument, allowPasswordChange: boolean): PolicyAnalysis {
  const denies = doc.statements.filter((s) => s.effect === 'Deny').map((s) => analyseDeny(s, allowPasswordChange));
  const lockout = REQUIRED_ENROLMENT_ACTIONS.filter((a) => denies.some((d) => d.deniedEnrolment.includes(a)));
  const fired = { keysAbsent: false, withoutMfa: false };
  const covered = { keysAbsent: false, withoutMfa: false };
  for (const d of denies) {
    if (!d.tied || d.cond.results.withMfa === ALWAYS) continue;
    const complete = d.fullResource && d.actionScope !== 'list' && d.weakening.length === 0;
    for (const c of WITHOUT_MFA) {
      if (d.cond.results[c] !== ALWAYS) continue;
      fired[c] = true;
      if (complete) covered[c] = true;
    }
  }
  if (doc.kind !== 'identity') {
    return {
      verdict: 'not-applicable',
      lockout: [],
      denies,
      fired,
      covered,
      reason: `A ${doc.kind} policy (it names a Principal): MFA for users is forced by their identity policies${doc.kind === 'trust' ? ', and for this role by an MFA condition on sts:AssumeRole' : ''}.`,
    };
  }
  // A role's permissions that say nothing of MFA are no user's policy: a role is forced where it is
  // assumed. One that does name MFA was meant to force it, and is judged as any identity policy.
  if (doc.role && !doc.statements.some((s) => s.conditionProp && conditionOf(s).mfa.length)) {
    return {
      verdict: 'not-applicable',
      lockout,
      denies,
      fired,
      covered,
      reason:
        "A role's permissions policy (the template attaches it only to roles) with no MFA condition: MFA for a role is forced where it is assumed, by an MFA condition on sts:AssumeRole in its trust policy.",
    };
  }
  let verdict: MfaVerdict;
  let reason: string;
  const tied = denies.filter((d) => d.tied || d.deniesEveryone);
  if (covered.keysAbsent && covered.withoutMfa) {
    verdict = 'enforced';
    const by = denies.filter(
      (d) => d.tied && d.fullResource && d.actionScope !== 'list' && d.weakening.length === 0 && d.cond.results.withMfa !== ALWAYS,
    );
    reason = `${by.map((d) => statementLabel(d.stmt)).join(' and ')} ${by.length > 1 ? 'deny' : 'denies'} every request made without MFA, by long-term access keys and by sessions without MFA alike, except the enrolment actions.`;
  } else if (tied.length) {
    verdict = 'weak';
    reason = weakReason(tied, fired, covered);
    // What the template computes is never counted: it may complete the deny, or not.
    const computed = computedParts(doc);
    if (computed.length) reason += ` The template computes ${computed.join(', ')}, which may change this.`;
  } else {
    verdict = 'missing';
    const allowsWithMfa = doc.statements.some((s) => s.effect === 'Allow' && conditionOf(s).mfa.length > 0);
    const computed = computedParts(doc);
    reason = computed.length
      ? `No statement is known to deny requests made without MFA: the template computes ${computed.join(', ')}, and the verdict depends on what it computes.`
      : allowsWithMfa
        ? 'No statement denies requests made without MFA; an Allow with an MFA condition enforces nothing, because other policies can allow the same actions.'
        : 'No statement denies requests made without MFA.';
  }
  return { verdict, lockout, reason, denies, fired, covered };
}

function weakReason(tied: DenyInfo[], fired: PolicyAnalysis['fired'], covered: PolicyAnalysis['covered']): string {
  const everyone = tied.find((d) => d.deniesEveryone);
  if (everyone && !fired.keysAbsent && !fired.withoutMfa) return `${statementLabel(everyone.stmt)} denies everyone, with or without MFA.`;
  if (!fired.keysAbsent && !fired.withoutMfa)
    return 'The MFA deny fires only for some requests without MFA (another condition key or the MFA age is ANDed into it).';
  if (!fired.keysAbsent)
    return 'Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, so they escape the deny (Bool without IfExists, ForAnyValue:, or a narrowing key).';
  if (!fired.withoutMfa)
    return 'Sessions without MFA carry aws:MultiFactorAuthPresent "false", which a Null check does not catch: console users without MFA escape the deny.';
  const d = tied.find((x) => x.weakening.length);
  if (d)
    return `${statementLabel(d.stmt)} exempts ${d.weakening.map((e) => e.value).join(', ')}, which a user with only a password or an access key can then call.`;
  const narrowed = tied.find((x) => !x.fullResource || x.actionScope === 'list');
  if (narrowed)
    return `${statementLabel(narrowed.stmt)} denies only ${!narrowed.fullResource ? 'some resources' : 'the listed actions'}; everything else is allowed without MFA.`;
  return covered.keysAbsent || covered.withoutMfa ? 'Only one kind of request without MFA is fully denied.' : 'The MFA deny is incomplete.';
}
