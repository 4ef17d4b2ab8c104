/**
 * auditAccount: every user of an account model, judged from every policy that reaches them. Each
 * policy document is read and judged once, each group's policies gathered once, and users with the
 * same policies (no inline ones, the same groups, attachments and boundary) share one MFA verdict:
 * the work is linear in the model, plus the policies that reach each user.
 */
import type { AccountModel, AccountUser, AuditResult, AuditTotals, ManagedPolicy, PolicySource, UserAudit, InlinePolicy } from './model';
import { policyFacts, type PolicyFacts } from './policy-facts';
import { userMfa, type MfaOutcome, type Reaching } from './user-mfa';
import { userEnrolment } from './enrolment';
import { riskOf, type CredentialReport } from './credential-report';

export interface AuditOptions {
  /** The credential report (./credential-report.ts readCredentialReport), for the risk in plain words. */
  credentials?: CredentialReport;
  /** As lint's option: iam:ChangePassword exempted from the deny is accepted (AWS: optional, not recommended). */
  allowPasswordChangeWithoutMfa?: boolean;
  /** What the model was read from, as what it lacks is named: "the export" (the default), "the template". */
  source?: string;
}

interface Gathered {
  reaching: Reaching[];
  unknown: string[];
}

/** What the audit shares across users: documents judged, groups gathered, verdicts by policy set. */
class Memo {
  private readonly facts = new Map<object, PolicyFacts>();
  private readonly groups = new Map<string, Gathered>();
  readonly verdicts = new Map<string, MfaOutcome>();
  private readonly policies = new Map<string, ManagedPolicy>();
  private readonly groupsByName = new Map<string, AccountModel['groups'][number]>();

  constructor(
    model: AccountModel,
    private readonly allowPasswordChange: boolean,
    private readonly source = 'the export',
  ) {
    for (const p of model.policies) this.policies.set(p.arn, p);
    for (const g of model.groups) this.groupsByName.set(g.name, g);
  }

  private judge(p: InlinePolicy | ManagedPolicy): PolicyFacts {
    let f = this.facts.get(p);
    if (!f) this.facts.set(p, (f = policyFacts(p.document, this.allowPasswordChange)));
    return f;
  }

  private add(into: Gathered, source: PolicySource, p: InlinePolicy | ManagedPolicy | undefined): void {
    if (!p) {
      into.unknown.push(`${source.kind === 'boundary' ? 'permissions boundary' : 'managed policy'} ${source.name} (not in ${this.source})`);
      return;
    }
    const facts = this.judge(p);
    if (facts.problem) into.unknown.push(`${source.name}: ${facts.problem}`);
    else into.reaching.push({ source, facts });
  }

  managed(into: Gathered, kind: 'managed' | 'group-managed' | 'boundary', arn: string, group?: string): void {
    this.add(into, group === undefined ? { kind, name: arn } : { kind, name: arn, group }, this.policies.get(arn));
  }

  inline(into: Gathered, p: InlinePolicy, group?: string): void {
    this.add(into, group === undefined ? { kind: 'inline', name: p.name } : { kind: 'group-inline', name: p.name, group }, p);
  }

  group(name: string): Gathered {
    let g = this.groups.get(name);
    if (g) return g;
    g = { reaching: [], unknown: [] };
    const group = this.groupsByName.get(name);
    if (!group) g.unknown.push(`group ${name} (not in ${this.source})`);
    else {
      for (const p of group.inline) this.inline(g, p, name);
      for (const arn of group.attached) this.managed(g, 'group-managed', arn, name);
    }
    this.groups.set(name, g);
    return g;
  }
}

function gather(user: AccountUser, memo: Memo): Gathered {
  const into: Gathered = { reaching: [], unknown: [] };
  for (const p of user.inline) memo.inline(into, p);
  for (const arn of user.attached) memo.managed(into, 'managed', arn);
  for (const name of user.groups) {
    const g = memo.group(name);
    into.reaching.push(...g.reaching);
    into.unknown.push(...g.unknown);
  }
  if (user.boundary !== undefined) memo.managed(into, 'boundary', user.boundary);
  return into;
}

function auditUser(user: AccountUser, memo: Memo, options: AuditOptions): UserAudit {
  const { reaching, unknown } = gather(user, memo);
  // Users with the same policies share a verdict (inline policies are the user's own: not shared).
  const key = user.inline.length ? undefined : JSON.stringify([user.groups, user.attached, user.boundary ?? null]);
  let verdict = key === undefined ? undefined : memo.verdicts.get(key);
  if (!verdict) {
    verdict = userMfa(reaching);
    if (key !== undefined) memo.verdicts.set(key, verdict);
  }
  const enrol = userEnrolment(reaching, user);
  // A policy that is not known may add a deny, never remove one: only `enforced` stands regardless.
  const decided = verdict.mfa === 'enforced' || unknown.length === 0;
  const canEnrolDecided = unknown.length === 0 || (!enrol.canEnrol && enrol.certainlyBlocked);
  const notKnown = unknown.length ? ` Not known: ${unknown.join('; ')}.` : '';
  const reason = decided
    ? verdict.reason + notKnown
    : `${verdict.reason} Not decided: what ${options.source ?? 'the export'} does not hold may deny these requests.${notKnown}`;
  const lockout = enrol.lockout.map((e) => e.action);
  const audit: UserAudit = {
    user: user.name,
    arn: user.arn,
    mfa: verdict.mfa,
    decided,
    unknown,
    reason,
    deniedBy: verdict.deniedBy,
    escapes: verdict.escapes,
    canEnrol: enrol.canEnrol,
    canEnrolDecided,
    enrolReason: enrol.reason,
    lockout,
    lockoutBy: enrol.lockout,
    policies: reaching.map((r) => r.source),
    risk: '',
    failing: verdict.mfa !== 'enforced' || lockout.length > 0,
  };
  const credentials = options.credentials?.users.get(user.name);
  if (credentials) audit.credentials = credentials;
  audit.risk = riskOf(audit);
  return audit;
}

export function totalsOf(users: readonly UserAudit[]): AuditTotals {
  const t: AuditTotals = {
    users: users.length,
    enforced: 0,
    weak: 0,
    notForced: 0,
    undecided: 0,
    lockedOut: 0,
    cannotEnrol: 0,
    failing: 0,
  };
  for (const u of users) {
    if (u.mfa === 'enforced') t.enforced++;
    else if (u.mfa === 'weak') t.weak++;
    else t.notForced++;
    if (!u.decided) t.undecided++;
    if (u.lockout.length) t.lockedOut++;
    if (!u.canEnrol) t.cannotEnrol++;
    if (u.failing) t.failing++;
  }
  return t;
}

/** The audit in steps, for a host that must not block (the editor): each `step(n)` judges the next n users. */
export interface AuditSteps {
  /** Judges up to `count` more users; true once every user is judged. */
  step(count: number): boolean;
  readonly judged: number;
  result(): AuditResult;
}

export function auditSteps(model: AccountModel, options: AuditOptions = {}): AuditSteps {
  const memo = new Memo(model, options.allowPasswordChangeWithoutMfa === true, options.source);
  const users: UserAudit[] = [];
  return {
    step(count) {
      const end = Math.min(model.users.length, users.length + Math.max(1, count));
      while (users.length < end) users.push(auditUser(model.users[users.length]!, memo, options));
      return users.length >= model.users.length;
    },
    get judged() {
      return users.length;
    },
    result: () => ({ users, totals: totalsOf(users), notes: options.credentials ? credentialNotes(model, options.credentials) : [] }),
  };
}

/** Judges every user of the model. Pure; bad parts of the model are reported, never thrown. */
export function auditAccount(model: AccountModel, options: AuditOptions = {}): AuditResult {
  const steps = auditSteps(model, options);
  steps.step(model.users.length);
  return steps.result();
}

function credentialNotes(model: AccountModel, report: CredentialReport): string[] {
  const notes = [...report.notes];
  const known = new Set(model.users.map((u) => u.name));
  const missing = [...report.users.keys()].filter((name) => !known.has(name));
  if (missing.length)
    notes.push(
      `The credential report names ${missing.length} user${missing.length > 1 ? 's' : ''} that the export does not hold: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', ...' : ''}.`,
    );
  return notes;
}
