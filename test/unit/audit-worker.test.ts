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
import { renderAuditReport } from '../../src/extension/audit-report';
import { slicedRunner, workerRunner, type AuditRunner, type WorkerLike } from '../../src/extension/audit-runner';
import { generateAuthDetails } from '../../bench/gen-auth-details.mjs';

const root = new URL('../../', import.meta.url);
const text = generateAuthDetails({ users: 120, groups: 20, policies: 30 }) as string;
const sliced = slicedRunner(
  async () => core as never,
  async () => renderAuditReport,
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
