/**
 * The audit report as the editor shows it: the CLI's self-contained HTML page (../cli/audit-html.ts,
 * no script, no network, its own Content-Security-Policy), rendered to one string. A file of its own
 * (dist/lazy/audit-report.js), loaded when the report is first asked for: the activation bundle holds
 * none of it.
 */
import type { AuditRun } from '../cli/audit-format';
import { writeAuditHtml } from '../cli/audit-html';

export type { AuditRun };

export function renderAuditReport(run: AuditRun): string {
  const parts: string[] = [];
  writeAuditHtml(run, { write: (s: string) => parts.push(s) });
  return parts.join('');
}

/** The page in pieces, for the editor's main path to render between pauses; joined, the same string. */
export { auditHtmlPieces as auditReportPieces } from '../cli/audit-html';
