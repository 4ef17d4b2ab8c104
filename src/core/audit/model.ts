/**
 * The account model that the audit judges, and what it says about each user. An account export
 * (./read-export.ts) produces the model; a template reader (CloudFormation, Terraform) can produce
 * the same shape from the users, groups, memberships and attachments a template declares.
 */
import type { MfaVerdict } from '../types';
import type { WithoutMfaContext } from '../mfa/condition';

/**
 * A policy document as IAM holds it: the plain JSON value (object), or a JSON string of it, or a
 * URL-encoded JSON string (the raw API's form). A front-end of the core may also pass its own
 * document tree (a JsonNode, with `unknown` nodes for values a template computes).
 */
export type PolicyText = unknown;

export interface InlinePolicy {
  name: string;
  document: PolicyText;
}

export interface ManagedPolicy {
  arn: string;
  name: string;
  /** The default version's document (managed policies apply by their default version only). */
  document: PolicyText;
}

export interface AccountGroup {
  name: string;
  arn?: string;
  inline: InlinePolicy[];
  /** Managed policy ARNs. */
  attached: string[];
}

export interface AccountUser {
  name: string;
  arn: string;
  /** The user's unique id (aws:userid), when known. */
  id?: string;
  inline: InlinePolicy[];
  /** Group names. */
  groups: string[];
  /** Managed policy ARNs. */
  attached: string[];
  /** The permissions boundary's managed policy ARN. */
  boundary?: string;
}

export interface AccountModel {
  users: AccountUser[];
  groups: AccountGroup[];
  policies: ManagedPolicy[];
  /** Roles are not audited (MFA for a role is forced where it is assumed); kept for counts and later use. */
  roles?: Array<{ name: string; arn: string }>;
}

/** Where a policy reaching a user comes from. */
export interface PolicySource {
  kind: 'inline' | 'managed' | 'group-inline' | 'group-managed' | 'boundary';
  /** The policy's name (an inline policy's) or ARN (a managed policy's). */
  name: string;
  /** The group through which it reaches the user. */
  group?: string;
}

/** Where the deny or allow that decides something stands: a policy and one of its statements. */
export interface StatementRef {
  policy: PolicySource;
  /** `statement "Sid"` or `statement 2`. */
  statement: string;
}

/** A request without MFA that no deny stops: in which context, through which policy, and why. */
export interface Escape {
  context: WithoutMfaContext;
  /** The deny that comes nearest to covering it, if any. */
  near?: StatementRef;
  why: string;
}

/** An enrolment action that a deny refuses to the user without MFA. */
export interface LockoutEntry {
  action: string;
  contexts: WithoutMfaContext[];
  by: StatementRef;
}

export type UserMfa = Exclude<MfaVerdict, 'missing' | 'not-applicable'> | 'not-forced';

export interface CredentialFacts {
  passwordEnabled: boolean | undefined;
  mfaActive: boolean | undefined;
  activeAccessKeys: number;
}

export interface UserAudit {
  user: string;
  arn: string;
  /** From the policies that are known; see `decided`. */
  mfa: UserMfa;
  /**
   * False when a policy that reaches the user is not in the export and could change `mfa` (a
   * missing policy may add a deny, never remove one: `enforced` is decided whatever it holds).
   */
  decided: boolean;
  /** Managed policies and groups named for this user but not in the export. */
  unknown: string[];
  reason: string;
  /** Per context without MFA: the denies that stop every request there (empty when some escape). */
  deniedBy: Record<WithoutMfaContext, StatementRef[]>;
  escapes: Escape[];
  /** The enrolment actions are allowed on the user's own resources, within the boundary, and no deny blocks them. */
  canEnrol: boolean;
  /** Whether canEnrol holds whatever the unknown policies hold. */
  canEnrolDecided: boolean;
  enrolReason: string;
  /** The enrolment actions denied to the user without MFA (names), and by what. */
  lockout: string[];
  lockoutBy: LockoutEntry[];
  /** Every policy that reaches the user, in evaluation order (own, groups', boundary). */
  policies: PolicySource[];
  /** From the credential report, when one was given and names the user. */
  credentials?: CredentialFacts;
  /** The risk in plain words (with the credential report: what the user holds and whether it is forced). */
  risk: string;
  /** Needs attention: not forced (or not decided), or locked out. */
  failing: boolean;
}

export interface AuditTotals {
  users: number;
  enforced: number;
  weak: number;
  notForced: number;
  undecided: number;
  lockedOut: number;
  cannotEnrol: number;
  failing: number;
}

export interface AuditResult {
  users: UserAudit[];
  totals: AuditTotals;
  /** Account-level notes: a truncated export, a root account without MFA, report rows for unknown users. */
  notes: string[];
}
