/**
 * Where the editor's audit runs: in a worker thread where the host is Node (./audit-worker.ts: the
 * export's JSON.parse and the report's rendering never touch the main path), else on the main path in
 * slices (./audit-job.ts: the web worker host, or a worker that could not start). Both give the same
 * outcome: the findings, the totals, the report's HTML when asked.
 */
import type { AuditTotals } from '../core';
import { findingsOf, runAuditJob, slicerOf, type AuditJobOptions, type UserFinding } from './audit-job';
import type { AuditRun } from './audit-report';
import type { Core } from './core-loader';

/** What the report's page says of the run: the file and credential report as named to the user, the version. */
export type ReportInfo = Pick<AuditRun, 'file' | 'version' | 'credentialReport'>;

export interface AuditRequest {
  id: number;
  text: string;
  options: Pick<AuditJobOptions, 'credentialReport' | 'allowPasswordChangeWithoutMfa'>;
  report?: ReportInfo;
}

export interface AuditOutcome {
  findings: UserFinding[];
  totals: AuditTotals;
  notes: string[];
  slices: number;
  longestSliceMs: number;
  html?: string;
}

export type AuditReply = ({ id: number } & AuditOutcome) | { id: number; error: string };

export interface AuditRunner {
  readonly where: 'worker' | 'main';
  run(request: Omit<AuditRequest, 'id'>, cancelled: () => boolean): Promise<AuditOutcome | { error: string }>;
  dispose(): void;
}

/** The report's page rendered a few pieces (users) per slice; its slices are counted with the job's. */
async function renderSliced(pieces: Iterator<string>, outcome: AuditOutcome, options: AuditJobOptions): Promise<string | undefined> {
  const slicer = slicerOf(options);
  const parts: string[] = [];
  // The job's last slice has just ended: let the host run before the first piece of the page.
  await slicer.pause();
  const done = await slicer.repeat(() => {
    const next = pieces.next();
    if (!next.done) parts.push(next.value);
    return next.done === true;
  });
  outcome.slices += slicer.slices;
  outcome.longestSliceMs = Math.max(outcome.longestSliceMs, slicer.longest);
  return done ? parts.join('') : undefined;
}

/** On the main path, in slices; the core and the report's renderer (a page in pieces) are the lazily loaded files. */
export function slicedRunner(
  core: () => Promise<Core | undefined>,
  renderer: () => Promise<(run: AuditRun) => Iterator<string>>,
  timing: Pick<AuditJobOptions, 'budgetMs' | 'now' | 'pause'> = {},
): AuditRunner {
  return {
    where: 'main',
    async run(request, cancelled) {
      const c = await core();
      if (!c) return { error: 'the linter could not be loaded' };
      const job = await runAuditJob(c, request.text, { ...request.options, ...timing, cancelled });
      if ('error' in job) return job;
      const outcome: AuditOutcome = {
        findings: findingsOf(job, c.sourceLabel),
        totals: job.result.totals,
        notes: job.notes,
        slices: job.slices,
        longestSliceMs: job.longestSliceMs,
      };
      const report = request.report;
      if (!report) return outcome;
      const pieces = (await renderer())({ ...report, abs: '', result: job.result, places: new Map(), notes: job.notes, cwd: '' });
      const html = await renderSliced(pieces, outcome, { ...timing, cancelled });
      if (html === undefined) return { error: 'cancelled' };
      outcome.html = html;
      return outcome;
    },
    dispose: () => undefined,
  };
}

/** What the worker runner needs of node:worker_threads' Worker. */
export interface WorkerLike {
  postMessage(message: AuditRequest): void;
  on(event: 'message', listener: (reply: AuditReply) => void): unknown;
  on(event: 'error' | 'exit', listener: (e: unknown) => void): unknown;
  terminate(): unknown;
}

/**
 * In a worker thread, one request at a time (the thread works through them in order); a worker that
 * fails answers every open request with its error and is not used again: `fallback` runs what comes next.
 */
export function workerRunner(start: () => WorkerLike, fallback: AuditRunner): AuditRunner {
  let worker: WorkerLike | undefined;
  let broken = false;
  let next = 0;
  const waiting = new Map<number, (reply: AuditReply) => void>();
  const fail = (e: unknown) => {
    broken = true;
    worker = undefined;
    for (const [id, resolve] of waiting) resolve({ id, error: `the audit worker stopped (${e instanceof Error ? e.message : String(e)})` });
    waiting.clear();
  };
  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = start();
    w.on('message', (reply: AuditReply) => {
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    });
    w.on('error', fail);
    w.on('exit', (code) => fail(`exit ${String(code)}`));
    return (worker = w);
  };
  return {
    get where() {
      return broken ? fallback.where : 'worker';
    },
    async run(request, cancelled) {
      if (broken) return fallback.run(request, cancelled);
      let w: WorkerLike;
      try {
        w = ensure();
      } catch (e) {
        fail(e);
        return fallback.run(request, cancelled);
      }
      const id = ++next;
      const reply = await new Promise<AuditReply>((resolve) => {
        waiting.set(id, resolve);
        w.postMessage({ ...request, id });
      });
      if (cancelled()) return { error: 'cancelled' };
      if ('error' in reply) return { error: reply.error };
      const { id: _id, ...outcome } = reply;
      return outcome;
    },
    dispose() {
      void worker?.terminate();
      worker = undefined;
    },
  };
}
