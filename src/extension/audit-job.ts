/**
 * The audit of an account export as the editor runs it: in slices, so that the extension host's main
 * path is never held longer than a slice's budget (a 5,000-user export takes about a second in all).
 * Reading the export is cut into pieces of characters (each entry of its lists parsed alone), as many
 * per slice as the budget holds; each later slice judges users until the budget is spent, then yields. Also finds where each user, group and policy stands in the
 * text, for findings and their related locations. No `vscode` here: the unit tests run it in Node.
 */
import type * as CoreApi from '../core';

/** What the job uses of the core (the lazily loaded one in the editor). */
export type AuditCore = Pick<typeof CoreApi, 'readAuthorizationDetailsSteps' | 'auditSteps' | 'userNameOffsets' | 'readCredentialReport'>;

export interface AuditJobOptions {
  /** The credential report's text, if one was chosen. */
  credentialReport?: string;
  allowPasswordChangeWithoutMfa?: boolean;
  /** Milliseconds of work per slice (default 20: well under the 50 ms at a time the host allows). */
  budgetMs?: number;
  /** Characters of the export read per step of the reading (default 64K: well under a millisecond). */
  readChunkChars?: number;
  /** Lets the host run between slices (default: a macrotask, so pending events are handled). */
  pause?: () => Promise<void>;
  now?: () => number;
  /** Stops the job at the next slice (the document changed or closed). */
  cancelled?: () => boolean;
}

/** Where things stand in the export's text: users by name, groups by name, managed policies by ARN, inline policies by name. */
export interface ExportPlaces {
  users: Map<string, number>;
  groups: Map<string, number>;
  managed: Map<string, number>;
  /** Every `"PolicyName": "<name>"`, in text order: an inline policy is the first one after its user's or group's entry. */
  inline: Map<string, number[]>;
}

/** A finding on a user of the export, in offsets (the host turns them into its ranges). */
export interface UserFinding {
  user: string;
  /** The user's name as a JSON string, with its quotes. */
  offset: number;
  length: number;
  message: string;
  severity: 'error' | 'warning';
  code: 'locked-out' | 'user-weak' | 'user-not-forced';
  /** The policies that reach the user, where they stand in the export. */
  related: Array<{ offset: number; message: string }>;
}

export interface AuditJob {
  result: CoreApi.AuditResult;
  notes: string[];
  places: ExportPlaces;
  slices: number;
  longestSliceMs: number;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Each `"key": "value"` member of the text (a string value without escapes), in text order: one scan,
 * no regular expression built from the text.
 */
export function memberValues(text: string, key: string, each: (value: string, offset: number) => void): void {
  const quoted = `"${key}"`;
  for (let i = text.indexOf(quoted); i >= 0; i = text.indexOf(quoted, i + quoted.length)) {
    let j = i + quoted.length;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r' || text[j] === ':')) j++;
    if (text[j] !== '"') continue;
    const end = text.indexOf('"', j + 1);
    if (end < 0) return;
    const value = text.slice(j + 1, end);
    if (!value.includes('\\')) each(value, j);
  }
}

function firstOf(text: string, key: string): Map<string, number> {
  const out = new Map<string, number>();
  memberValues(text, key, (v, at) => {
    if (!out.has(v)) out.set(v, at);
  });
  return out;
}

/** The first offset in `offsets` (ascending) after `from`. */
export function firstAfter(offsets: readonly number[] | undefined, from: number): number | undefined {
  if (!offsets) return undefined;
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  return offsets[lo];
}

/** Runs `work` as slices within the budget; counts them and keeps the longest. */
export class Slicer {
  slices = 0;
  longest = 0;
  constructor(private readonly o: Required<Pick<AuditJobOptions, 'budgetMs' | 'pause' | 'now' | 'cancelled'>>) {}

  /** One piece of work that cannot be cut (a JSON.parse, a scan of the text), then a pause. */
  async whole<T>(work: () => T): Promise<T> {
    const start = this.o.now();
    const out = work();
    this.done(start);
    await this.o.pause();
    return out;
  }

  /** Repeats `step` (true when finished) in slices of the budget. */
  async repeat(step: () => boolean): Promise<boolean> {
    for (;;) {
      if (this.o.cancelled()) return false;
      const start = this.o.now();
      let finished: boolean;
      do finished = step();
      while (!finished && this.o.now() - start < this.o.budgetMs);
      this.done(start);
      if (finished) return true;
      await this.o.pause();
    }
  }

  pause(): Promise<void> {
    return this.o.pause();
  }

  private done(start: number): void {
    this.slices++;
    this.longest = Math.max(this.longest, this.o.now() - start);
  }
}

/** A slicer with the options' budget, pause, clock and cancellation (the defaults: 20 ms, a macrotask). */
export function slicerOf(options: AuditJobOptions): Slicer {
  return new Slicer({
    budgetMs: options.budgetMs ?? 20,
    pause: options.pause ?? macrotask,
    now: options.now ?? (() => performance.now()),
    cancelled: options.cancelled ?? (() => false),
  });
}

/** Audits the export's text; an error (not an export, a bad credential report) is returned, never thrown. */
export async function runAuditJob(core: AuditCore, text: string, options: AuditJobOptions = {}): Promise<AuditJob | { error: string }> {
  const slicer = slicerOf(options);
  const reader = core.readAuthorizationDetailsSteps(text);
  const chunk = options.readChunkChars ?? 64 * 1024;
  if (!(await slicer.repeat(() => reader.step(chunk)))) return { error: 'cancelled' };
  // The last piece of the reading ended a slice: let the host run before the scans.
  await slicer.pause();
  const read = reader.result();
  if ('error' in read) return { error: read.error };
  let credentials: CoreApi.CredentialReport | undefined;
  try {
    credentials = options.credentialReport === undefined ? undefined : core.readCredentialReport(options.credentialReport);
  } catch (e) {
    return { error: `the credential report: ${e instanceof Error ? e.message : String(e)}` };
  }
  const users = await slicer.whole(() => core.userNameOffsets(text));
  const groups = await slicer.whole(() => firstOf(text, 'GroupName'));
  const managed = await slicer.whole(() => firstOf(text, 'Arn'));
  const inline = await slicer.whole(() => {
    const out = new Map<string, number[]>();
    memberValues(text, 'PolicyName', (v, at) => (out.get(v) ?? out.set(v, []).get(v)!).push(at));
    return out;
  });
  const steps = core.auditSteps(read.model, {
    ...(credentials ? { credentials } : {}),
    allowPasswordChangeWithoutMfa: options.allowPasswordChangeWithoutMfa === true,
  });
  // One user at a time between looks at the clock: a user reached by many policies is the longest step.
  if (!(await slicer.repeat(() => steps.step(1)))) return { error: 'cancelled' };
  return {
    result: steps.result(),
    notes: read.notes,
    places: { users, groups, managed, inline },
    slices: slicer.slices,
    longestSliceMs: slicer.longest,
  };
}

const MAX_RELATED = 20;
const MAX_MESSAGE = 2000;

/** Where a policy that reaches the user stands in the export: an inline one after its owner's entry, a managed one in Policies. */
function policyOffset(p: CoreApi.PolicySource, places: ExportPlaces, userAt: number): number | undefined {
  if (p.kind === 'inline') return firstAfter(places.inline.get(p.name), userAt);
  if (p.kind === 'group-inline') {
    const group = places.groups.get(p.group ?? '');
    return group === undefined ? undefined : firstAfter(places.inline.get(p.name), group);
  }
  return places.managed.get(p.name);
}

function messageOf(u: CoreApi.UserAudit): string {
  const verdict = u.mfa === 'enforced' ? 'forced to use MFA' : u.mfa === 'weak' ? 'not fully forced to use MFA' : 'not forced to use MFA';
  const parts = [`${u.user} is ${verdict}${u.decided ? '' : ' (not decided)'}: ${u.reason}`];
  if (u.lockout.length) parts.push(`Locked out of enrolment: ${u.enrolReason}`);
  const text = parts.join(' ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}\u2026` : text;
}

/** A finding on each user who is not forced or is locked out, located at the user's name. */
export function findingsOf(job: AuditJob, sourceLabel: (p: CoreApi.PolicySource) => string): UserFinding[] {
  const out: UserFinding[] = [];
  for (const u of job.result.users) {
    const at = job.places.users.get(u.user);
    if (!u.failing || at === undefined) continue;
    const related: UserFinding['related'] = [];
    for (const p of u.policies.slice(0, MAX_RELATED)) {
      const offset = policyOffset(p, job.places, at);
      if (offset !== undefined) related.push({ offset, message: sourceLabel(p) });
    }
    out.push({
      user: u.user,
      offset: at,
      length: u.user.length + 2,
      message: messageOf(u),
      severity: u.lockout.length ? 'error' : 'warning',
      code: u.lockout.length ? 'locked-out' : u.mfa === 'weak' ? 'user-weak' : 'user-not-forced',
      related,
    });
  }
  return out;
}
