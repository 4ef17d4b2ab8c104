/**
 * `--format html`: the audit as one self-contained page, readable offline. No script, no network:
 * the styles are inline and a Content-Security-Policy forbids anything else. Every text from the
 * export (names, ARNs, reasons quoting policy names) is escaped.
 */
import type { AuditResult, StatementRef, UserAudit } from '../core';
// From the audit's own module, not the core's index: the editor bundles this page without the linter.
import { refLabel, sourceLabel } from '../core/audit/user-mfa';
import type { AuditRun } from './audit-format';
import { enrolLabel, mfaLabel, totalsLine } from './audit-labels';
import type { Sink } from './format/stream';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1b1b1b;max-width:80em}
h1{font-size:1.5em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.enforced{color:#126b12}.weak{color:#9a5b00}.not-forced,.bad{color:#b00020}.totals td{font-size:1.2em;text-align:center}
details{border:1px solid #ddd;border-radius:4px;margin:.5em 0;padding:.4em .8em}summary{cursor:pointer;font-weight:600}
code{font-family:ui-monospace,monospace;font-size:.92em;word-break:break-all}li{margin:.15em 0}`;

const CONTEXTS = { keysAbsent: 'long-term access keys (no MFA key)', withoutMfa: 'sessions without MFA ("false")' } as const;

const e = escapeHtml;
const refHtml = (r: StatementRef) => e(refLabel(r));

function totalsTable(r: AuditResult): string {
  const t = r.totals;
  const cells: Array<[string, number, string]> = [
    ['users', t.users, ''],
    ['forced', t.enforced, 'enforced'],
    ['weak', t.weak, 'weak'],
    ['not forced', t.notForced, 'not-forced'],
    ['not decided', t.undecided, t.undecided ? 'bad' : ''],
    ['locked out', t.lockedOut, t.lockedOut ? 'bad' : ''],
    ['cannot enrol', t.cannotEnrol, t.cannotEnrol ? 'bad' : ''],
  ];
  return `<table class="totals"><tr>${cells.map(([h]) => `<th>${h}</th>`).join('')}</tr><tr>${cells
    .map(([, n, cls]) => `<td class="${cls}">${n}</td>`)
    .join('')}</tr></table>`;
}

/** The user's path to the verdict: what reaches them, what denies each context, what escapes, enrolment. */
function userSection(u: UserAudit, i: number): string {
  const policies = u.policies.length ? u.policies.map((p) => `<li>${e(sourceLabel(p))}</li>`).join('') : '<li>none</li>';
  const contexts = (Object.keys(CONTEXTS) as Array<keyof typeof CONTEXTS>)
    .map((c) => {
      const by = u.deniedBy[c];
      const escape = u.escapes.find((x) => x.context === c);
      return `<li>${e(CONTEXTS[c])}: ${by.length ? `denied by ${by.map(refHtml).join(' with ')}` : `<span class="bad">escapes</span>: ${e(escape?.why ?? '')}`}</li>`;
    })
    .join('');
  const lockout = u.lockoutBy.length
    ? `<p class="bad">Locked out: ${u.lockoutBy.map((l) => `<code>${e(l.action)}</code> (by ${refHtml(l.by)})`).join(', ')}</p>`
    : '';
  const unknown = u.unknown.length ? `<p class="bad">Not in the export: ${u.unknown.map((x) => e(x)).join('; ')}</p>` : '';
  return `<details id="user-${i}"${u.failing || !u.canEnrol ? ' open' : ''}><summary>${e(u.user)} — <span class="${u.mfa}">${e(mfaLabel(u))}</span>, enrol: ${e(enrolLabel(u))}</summary>
<p><code>${e(u.arn)}</code></p><p>Risk: ${e(u.risk)}</p>
<p>Policies that reach the user:</p><ol>${policies}</ol>
<p>Requests without MFA:</p><ul>${contexts}</ul>
<p>${e(u.reason)}</p><p>${e(u.enrolReason)}</p>${lockout}${unknown}</details>\n`;
}

/**
 * The page in pieces (the head, then a row and a section per user): the editor's main path renders
 * it a few pieces at a time and lets the host run between them.
 */
export function* auditHtmlPieces(run: AuditRun): Generator<string, void, undefined> {
  const r = run.result;
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>force-mfa audit: ${e(run.file)}</title><style>${STYLE}</style></head><body>
<h1>Who is forced to use MFA?</h1>
<p>Export: <code>${e(run.file)}</code>${run.credentialReport !== undefined ? `; credential report: <code>${e(run.credentialReport)}</code>` : ''}. force-mfa ${e(run.version)}.</p>
${totalsTable(r)}<p>${e(totalsLine(r))}</p>\n`;
  const notes = [...run.notes, ...r.notes];
  if (notes.length) yield `<ul>${notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>\n`;
  yield '<table><tr><th>user</th><th>MFA</th><th>enrol</th><th>risk</th></tr>\n';
  for (const [i, u] of r.users.entries())
    yield `<tr><td><a href="#user-${i}">${e(u.user)}</a></td><td class="${u.mfa}">${e(mfaLabel(u))}</td><td${u.lockout.length || !u.canEnrol ? ' class="bad"' : ''}>${e(enrolLabel(u))}</td><td>${e(u.risk)}</td></tr>\n`;
  yield '</table>\n<h2>Each user</h2>\n';
  for (const [i, u] of r.users.entries()) yield userSection(u, i);
  yield '</body></html>\n';
}

export function writeAuditHtml(run: AuditRun, sink: Sink): void {
  for (const piece of auditHtmlPieces(run)) sink.write(piece);
}
