/**
 * The account audit off the extension host's main path (Node host): a worker thread
 * (dist/lazy/audit-worker.js) that reads the export (one JSON.parse, 100 ms and more for tens of
 * megabytes), audits every user, and posts back only what the editor shows: the findings on failing
 * users, the totals and, when asked, the report's HTML. The main path then only copies the text in and
 * the findings out. The web worker host runs the same job in slices instead (./audit-job.ts).
 */
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type * as CoreEntry from '../core/extension-entry';
import { findingsOf, runAuditJob } from './audit-job';
import type * as ReportEntry from './audit-report';
import type { AuditRequest, AuditReply } from './audit-runner';

// The core and the report page are the extension's own files beside this one (dist/lazy/): required, not bundled twice.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- files of the extension chosen at run time
const beside = (file: string): unknown => require(path.join(__dirname, file));
const core = beside('core.js') as typeof CoreEntry;
const { renderAuditReport } = beside('audit-report.js') as typeof ReportEntry;

async function answer(request: AuditRequest): Promise<AuditReply> {
  // No pauses: this thread has nothing else to do, and the host is not waiting on it.
  const job = await runAuditJob(core, request.text, { ...request.options, pause: async () => undefined });
  if ('error' in job) return { id: request.id, error: job.error };
  const report = request.report;
  return {
    id: request.id,
    findings: findingsOf(job, core.sourceLabel),
    totals: job.result.totals,
    notes: job.notes,
    slices: job.slices,
    longestSliceMs: job.longestSliceMs,
    ...(report
      ? { html: renderAuditReport({ ...report, abs: '', result: job.result, places: new Map(), notes: job.notes, cwd: '' }) }
      : {}),
  };
}

parentPort?.on('message', (request: AuditRequest) => {
  answer(request).then(
    (reply) => parentPort!.postMessage(reply),
    (e: unknown) => parentPort!.postMessage({ id: request.id, error: `the audit failed: ${e instanceof Error ? e.message : String(e)}` }),
  );
});
