// The editor's audit in a worker thread (src/extension/audit-worker.ts, bundled as scripts/build.mjs bundles
// dist/lazy/audit-worker.js): the same findings and totals as the job on the main path, the report's page
// when asked; a worker that cannot start or stops leaves the main-path runner in charge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build, type BuildOptions } from 'esbuild';
// @ts-expect-error: a plain ESM script without types
import { common, extensionBundles } from '../../scripts/extension-bundles.mjs';
import * as core from '../../src/core';
import { findingsOf, runAuditJob, type AuditJob } from '../../src/extension/audit-job';
import { auditReportPieces, renderAuditReport } from '../../src/extension/audit-report';
import { slicedRunner, workerRunner, type AuditRunner, type WorkerLike } from '../../src/extension/audit-runner';
import { generateAuthDetails } from '../../bench/gen-auth-details.mjs';

const root = new URL('../../', import.meta.url);
const text = generateAuthDetails({ users: 120, groups: 20, policies: 30 }) as string;
const sliced = slicedRunner(
  async () => core as never,
  async () => auditReportPieces,
);

/** The worker and the two files it requires beside it (dist/lazy/), built as scripts/build.mjs builds them. */
async function workerFile(dir: string): Promise<string> {
  for (const name of ['audit-worker', 'core', 'audit-report']) {
    const target = (extensionBundles as Array<BuildOptions & { outfile: string }>).find((b) => b.outfile === `dist/lazy/${name}.js`);
    assert.ok(target, `${name} is one of the extension bundles`);
    const entryPoints = (target.entryPoints as string[]).map((e) => new URL(e, root).pathname);
    const out = await build({ ...common, ...target, entryPoints, write: false, logLevel: 'silent' });
    writeFileSync(path.join(dir, `${name}.js`), out.outputFiles![0]!.text);
  }
  return path.join(dir, 'audit-worker.js');
}

test('in a worker thread: the findings, totals and report page equal the main path; no slice on the main path', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-worker-'));
  let runner: AuditRunner | undefined;
  try {
    const file = await workerFile(dir);
    runner = workerRunner(() => new Worker(file) as unknown as WorkerLike, sliced);
    const request = { text, options: {}, report: { file: 'auth.json', version: '9.9.9' } };
    const [inWorker, onMain] = await Promise.all([runner.run(request, () => false), sliced.run(request, () => false)]);
    assert.equal(runner.where, 'worker');
    assert.ok(!('error' in inWorker) && !('error' in onMain));
    assert.deepEqual(inWorker.findings, onMain.findings);
    assert.deepEqual(inWorker.totals, onMain.totals);
    assert.equal(inWorker.html, onMain.html);
    assert.ok(inWorker.findings.length > 0 && inWorker.findings.length === inWorker.totals.failing);
    // The main path's own job, for the same findings.
    const job = (await runAuditJob(core, text)) as AuditJob;
    assert.deepEqual(findingsOf(job, core.sourceLabel), inWorker.findings);
    // A text that is no export gets its error from the worker, which goes on serving.
    const bad = await runner.run({ text: '{"x": 1}', options: {} }, () => false);
    assert.match((bad as { error: string }).error, /not the output of aws iam get-account-authorization-details/);
  } finally {
    runner?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker that cannot start, or stops, hands the audit to the main path', async () => {
  const cannot = workerRunner(() => {
    throw new Error('no threads here');
  }, sliced);
  const first = await cannot.run({ text, options: {} }, () => false);
  assert.ok(!('error' in first));
  assert.equal(cannot.where, 'main');
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-worker-'));
  try {
    const file = path.join(dir, 'exits.js');
    writeFileSync(file, 'process.exit(3);');
    const stops = workerRunner(() => new Worker(file) as unknown as WorkerLike, sliced);
    const lost = await stops.run({ text, options: {} }, () => false);
    assert.match((lost as { error: string }).error, /^the audit worker stopped \(exit 3\)$/);
    const next = await stops.run({ text, options: {} }, () => false);
    assert.ok(!('error' in next), 'the next audit runs on the main path');
    assert.equal(stops.where, 'main');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('on the main path the report page is rendered in slices, a few users each, and is the one-string page byte for byte', async () => {
  let t = 0;
  let pauses = 0;
  const timing = { budgetMs: 20, now: () => t++, pause: async () => void pauses++ };
  const ticked = slicedRunner(
    async () => core as never,
    async () => auditReportPieces,
    timing,
  );
  const report = { file: 'auth.json', version: '9.9.9' };
  const out = await ticked.run({ text, options: {}, report }, () => false);
  assert.ok(!('error' in out) && out.html !== undefined);
  const job = (await runAuditJob(core, text, timing)) as AuditJob;
  const run = { ...report, abs: '', result: job.result, places: new Map(), notes: job.notes, cwd: '' };
  assert.equal(out.html, renderAuditReport(run));
  // The page's pieces: the head, the table's head, a row and a section per user, the table's end and the page's end (no notes here).
  const pieces = [...auditReportPieces(run)].length;
  assert.equal(pieces, 2 * job.result.users.length + 4);
  // 20 pieces per slice of 20 ticks: the render alone is ceil(pieces / 20) slices, after the job's.
  assert.equal(out.slices, job.slices + Math.ceil(pieces / 20));
  assert.ok(Math.ceil(pieces / 20) >= 12);
  // A pause between every two slices of the run (job, then page), and those of the second job run here.
  assert.equal(pauses, out.slices - 1 + (job.slices - 1));
  // Cancelled while the page is rendered: no page.
  let looks = 0;
  const cancelled = await ticked.run({ text, options: {}, report }, () => ++looks > job.slices + 3);
  assert.deepEqual(cancelled, { error: 'cancelled' });
});
