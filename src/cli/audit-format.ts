/**
 * The audit's outputs but HTML (./audit-html.ts): a stylish table, the JSON contract (version 1,
 * docs/cli.md), SARIF 2.1.0. Each is written in pieces to a sink.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { AuditResult, UserAudit } from '../core';
import { sarifLog } from './format/sarif';
import { writeJson, type Sink } from './format/stream';
import { terminalSafe } from './terminal';
import { enrolLabel, mfaLabel, totalsLine } from './audit-labels';

export { enrolLabel, mfaLabel, totalsLine };

export interface AuditRun {
  /** The export as given on the command line, and its absolute path. */
  file: string;
  abs: string;
  credentialReport?: string;
  result: AuditResult;
  /** Where each user's name stands in the export (line and column, 1-based). */
  places: Map<string, { line: number; column: number }>;
  /** The reader's notes on the export (skipped entries, a truncated export). */
  notes: string[];
  version: string;
  cwd: string;
}

const oneLine = (s: string) => terminalSafe(s.replace(/\s+/g, ' '));

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** One row per user (user, MFA, can enrol, risk), then the reasons of those that need attention, then the totals. */
export function writeAuditStylish(run: AuditRun, sink: Sink): void {
  const rows = run.result.users.map((u) => [terminalSafe(u.user), mfaLabel(u), enrolLabel(u), oneLine(u.risk)]);
  const head = ['USER', 'MFA', 'ENROL', 'RISK'];
  const widths = head.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => `${r.map((c, i) => (i < r.length - 1 ? pad(c, widths[i]!) : c)).join('  ')}\n`;
  sink.write(line(head));
  for (const r of rows) sink.write(line(r));
  const failing = run.result.users.filter((u) => u.failing || !u.canEnrol);
  if (failing.length) sink.write('\n');
  for (const u of failing) {
    const at = run.places.get(u.user);
    sink.write(`${terminalSafe(run.file)}${at ? `:${at.line}:${at.column}` : ''}  ${terminalSafe(u.user)}\n`);
    sink.write(`  mfa: ${oneLine(u.reason)}\n`);
    sink.write(`  enrol: ${oneLine(u.enrolReason)}\n`);
  }
  for (const n of [...run.notes, ...run.result.notes]) sink.write(`\nnote: ${oneLine(n)}`);
  sink.write(`\n${totalsLine(run.result)}\n`);
}

/** `--format json`: `{ version: 1, file, totals, notes, users: [...] }` (docs/cli.md). */
export function writeAuditJson(run: AuditRun, sink: Sink): void {
  writeJson(sink, {
    version: 1,
    file: run.file,
    ...(run.credentialReport !== undefined ? { credentialReport: run.credentialReport } : {}),
    totals: run.result.totals,
    notes: [...run.notes, ...run.result.notes],
    users: run.result.users,
  });
  sink.write('\n');
}

/** The SARIF rules of the audit: one per kind of user that needs attention. */
export const AUDIT_RULES = [
  { id: 'user-not-forced', level: 'error', text: 'No policy that reaches the user denies requests made without MFA.' },
  { id: 'user-mfa-weak', level: 'error', text: 'A deny tied to MFA reaches the user, but some requests without MFA escape it.' },
  { id: 'user-locked-out', level: 'error', text: 'A deny refuses the MFA enrolment actions to the user without MFA.' },
  { id: 'user-cannot-enrol', level: 'warning', text: 'The MFA enrolment actions are not allowed to the user (or the boundary caps them).' },
] as const;

function findingsOf(u: UserAudit): Array<[(typeof AUDIT_RULES)[number]['id'], string]> {
  const out: Array<[(typeof AUDIT_RULES)[number]['id'], string]> = [];
  if (u.mfa === 'not-forced') out.push(['user-not-forced', u.reason]);
  else if (u.mfa === 'weak') out.push(['user-mfa-weak', u.reason]);
  if (u.lockout.length) out.push(['user-locked-out', `Locked out of ${u.lockout.join(', ')}. ${u.enrolReason}`]);
  else if (!u.canEnrol) out.push(['user-cannot-enrol', u.enrolReason]);
  return out;
}

/** `--format sarif`: one result per finding on a user, located at the user's name in the export. */
export function writeAuditSarif(run: AuditRun, sink: Sink): void {
  const rel = path.relative(run.cwd, run.abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  const artifactLocation: Sarif.ArtifactLocation = inside
    ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }
    : { uri: pathToFileURL(run.abs).href };
  const results: Sarif.Result[] = [];
  for (const u of run.result.users)
    for (const [ruleId, text] of findingsOf(u)) {
      const at = run.places.get(u.user);
      const rule = AUDIT_RULES.findIndex((r) => r.id === ruleId);
      results.push({
        ruleId,
        ruleIndex: rule,
        level: AUDIT_RULES[rule]!.level,
        message: { text: `${u.user} (${u.arn}): ${text}` },
        locations: [{ physicalLocation: { artifactLocation, ...(at ? { region: { startLine: at.line, startColumn: at.column } } : {}) } }],
        properties: { user: u.user, arn: u.arn, mfa: u.mfa, decided: u.decided, canEnrol: u.canEnrol, lockout: u.lockout },
      });
    }
  const rules = AUDIT_RULES.map((r) => ({
    id: r.id,
    name: r.id,
    shortDescription: { text: r.text },
    defaultConfiguration: { level: r.level },
    properties: { tags: ['security', 'aws-iam', 'mfa'] },
  }));
  const log = sarifLog(
    run.cwd,
    { name: 'force-mfa audit', version: run.version, rules },
    {
      invocations: [
        {
          executionSuccessful: true,
          toolExecutionNotifications: [...run.notes, ...run.result.notes].map((text) => ({ level: 'note' as const, message: { text } })),
        },
      ],
      results,
      properties: { totals: run.result.totals },
    },
  );
  writeJson(sink, log);
  sink.write('\n');
}
