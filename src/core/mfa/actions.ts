/**
 * IAM action names: case-insensitive, with `*` and `?` wildcards (docs/iam-semantics.md section 4), and the
 * classes of NotAction exemptions in a deny that forces MFA.
 */
import { StringCache } from '../text/string-cache';
import { hasWildcard, wildcardMatch } from '../wildcard';
import { catalogueGeneration, isCataloguedAction, patternReach } from './catalogue';
import { editDistance } from '../text/edit-distance';

/** Does the policy's action pattern (with wildcards) match the concrete action name? */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
    return pattern.length === action.length && (pattern === action || pattern.toLowerCase() === action.toLowerCase());
  }
  return wildcardMatch(pattern, action, true);
}

export { hasWildcard };

/** Without these, a user without a device cannot enrol one in the console (lock-out). */
export const REQUIRED_ENROLMENT_ACTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
] as const;

/** Harmless exemptions, accepted without a finding. */
export const HARMLESS_EXEMPTIONS = ['sts:GetSessionToken', 'iam:ListUsers', 'iam:GetMFADevice', 'iam:GetAccountPasswordPolicy'] as const;

/** Accepted only with allowPasswordChangeWithoutMfa (AWS: optional, not recommended). */
export const PASSWORD_CHANGE_EXEMPTIONS = ['iam:ChangePassword', 'iam:GetAccountPasswordPolicy'] as const;

export type ExemptionClass =
  | 'accepted'
  | 'admin' // "*", iam:*, a wide iam wildcard
  | 'role' // sts:AssumeRole*, sts:*, sts:GetFederationToken
  | 'mfa-removal' // iam:DeactivateMFADevice, iam:DeleteVirtualMFADevice
  | 'credential' // password and access key changes with one factor
  | 'wildcard' // an iam:/sts: wildcard wider than the accepted list
  | 'service' // another service's wildcard
  | 'other' // any other single action
  | 'not-an-action' // matches no action at all (a misspelling): exempts nothing
  | 'computed'; // a value the template computes: it may exempt anything

const ACCEPTED = new Set<string>([...REQUIRED_ENROLMENT_ACTIONS, ...HARMLESS_EXEMPTIONS].map((a) => a.toLowerCase()));
const PASSWORD_CHANGE = new Set<string>(PASSWORD_CHANGE_EXEMPTIONS.map((a) => a.toLowerCase()));
const ROLE = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity', 'sts:GetFederationToken'];
const MFA_REMOVAL = ['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice'];
const CREDENTIAL = ['iam:ChangePassword', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:CreateAccessKey'];
/** Actions that let one factor take over the account: any wildcard that matches one is 'admin'. */
const ADMIN_PROBES = ['iam:AttachUserPolicy', 'iam:PutUserPolicy', 'iam:DetachUserPolicy', 'iam:CreateUser', 'iam:CreatePolicyVersion'];

// Only short names are kept (as copies): see StringCache.
const classCache = [new StringCache<ExemptionClass>(5000, 256), new StringCache<ExemptionClass>(5000, 256)] as const;
let cachedGeneration = catalogueGeneration();

/** The class of a NotAction entry in an MFA deny (memoised: the same few names recur everywhere). */
export function classifyExemption(pattern: string, allowPasswordChange: boolean): ExemptionClass {
  if (cachedGeneration !== catalogueGeneration()) {
    for (const c of classCache) c.clear();
    cachedGeneration = catalogueGeneration();
  }
  return classCache[allowPasswordChange ? 1 : 0].memo(pattern, (own) => classify(own, allowPasswordChange));
}

function classify(pattern: string, allowPasswordChange: boolean): ExemptionClass {
  const lower = pattern.toLowerCase();
  const accepted = (a: string) => ACCEPTED.has(a.toLowerCase()) || (allowPasswordChange && PASSWORD_CHANGE.has(a.toLowerCase()));
  if (!hasWildcard(pattern)) {
    if (accepted(lower)) return 'accepted';
    if (ROLE.some((a) => a.toLowerCase() === lower)) return 'role';
    if (MFA_REMOVAL.some((a) => a.toLowerCase() === lower)) return 'mfa-removal';
    if (CREDENTIAL.some((a) => a.toLowerCase() === lower)) return 'credential';
    return isCataloguedAction(lower) === false ? 'not-an-action' : 'other';
  }
  // A pattern is judged by everything it can match (docs/iam-semantics.md: iam:???ate?????????????ic? is
  // CreateVirtualMFADevice and UpdateAssumeRolePolicy): safe only if every catalogued action it
  // matches is safe to exempt and it cannot reach a service outside the catalogue.
  const reach = patternReach(pattern);
  const matched = new Set(reach.actions.map((a) => a.toLowerCase()));
  const hits = (list: readonly string[]) => list.some((a) => matched.has(a.toLowerCase()));
  if (/^\**$/.test(pattern) || hits(ADMIN_PROBES)) return 'admin';
  if (hits(ROLE)) return 'role';
  if (hits(MFA_REMOVAL)) return 'mfa-removal';
  if (hits(CREDENTIAL) && !(allowPasswordChange && reach.actions.every(accepted))) return 'credential';
  if (reach.otherServices) return 'service';
  if (!reach.actions.length) return 'not-an-action';
  return reach.actions.every(accepted) ? 'accepted' : 'wildcard';
}

/** Closest required enrolment action to a misspelled exemption, or undefined when none is close. */
export function closestRequiredAction(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of REQUIRED_ENROLMENT_ACTIONS) {
    const d = editDistance(lower, a.toLowerCase(), 3);
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return bestD > 0 && bestD <= 3 ? best : undefined;
}
