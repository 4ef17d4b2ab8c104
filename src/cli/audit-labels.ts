/**
 * The audit's labels, shared by the stylish and HTML outputs. Apart from ./audit-format.ts (which
 * needs node:path and node:url for SARIF): the HTML renderer is also the editor's report, in a
 * bundle without Node built-ins.
 */
import type { AuditResult, UserAudit } from '../core';

export function mfaLabel(u: UserAudit): string {
  return u.decided ? u.mfa : `${u.mfa}?`;
}

export function enrolLabel(u: UserAudit): string {
  if (u.lockout.length) return 'locked out';
  return `${u.canEnrol ? 'yes' : 'no'}${u.canEnrolDecided ? '' : '?'}`;
}

/** The lines of the totals, shared by the stylish and HTML outputs. */
export function totalsLine(r: AuditResult): string {
  const t = r.totals;
  const undecided = t.undecided ? ` (${t.undecided} not decided: a policy is missing from the export)` : '';
  return `${t.users} user${t.users === 1 ? '' : 's'}: ${t.enforced} forced, ${t.weak} weak, ${t.notForced} not forced${undecided}; ${t.lockedOut} locked out, ${t.cannotEnrol} cannot enrol a device`;
}
