// The editor's audit of an account export runs in slices (src/extension/audit-job.ts): the work is
// counted with a clock that advances one tick per look, so the test counts slices, not milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '../../src/core';
import { firstAfter, memberValues, runAuditJob, type AuditJob } from '../../src/extension/audit-job';
import { generateAuthDetails } from '../../bench/gen-auth-details.mjs';

function exportText(users: number): string {
  return generateAuthDetails({ users, groups: 40, policies: 60 }) as string;
}

/** A clock of ticks: each look advances it by one, so a slice of budget B judges B users. */
function ticks() {
  let t = 0;
  let pauses = 0;
  return { now: () => t++, pause: async () => void pauses++, pauses: () => pauses };
}

test('400 users with a budget of 20 ticks: the reading is many slices (20 pieces of 10,000 characters each), four scans a slice each, the users 20 slices of 20; one pause between slices', async () => {
  const text = exportText(400);
  // The reading's pieces: a step per 10,000 characters (and one that finds the end), so about 100 for this export of ~1 MB.
  const reader = core.readAuthorizationDetailsSteps(text);
  let pieces = 1;
  while (!reader.step(10_000)) pieces++;
  assert.ok(pieces >= text.length / 10_000 && pieces <= text.length / 10_000 + 2, `${pieces} pieces`);
  const clock = ticks();
  const job = (await runAuditJob(core, text, { budgetMs: 20, readChunkChars: 10_000, now: clock.now, pause: clock.pause })) as AuditJob;
  assert.ok(!('error' in job));
  assert.ok(Math.ceil(pieces / 20) >= 5);
  assert.equal(job.slices, Math.ceil(pieces / 20) + 4 + 20);
  assert.equal(clock.pauses(), job.slices - 1);
  // 20 looks while judging, and the one that closes the slice.
  assert.equal(job.longestSliceMs, 21);
  // The same verdicts as the audit in one go.
  const read = core.readAuthorizationDetails(text);
  assert.ok('model' in read);
  const whole = core.auditAccount(read.model);
  assert.deepEqual(
    job.result.users.map((u) => [u.user, u.mfa, u.lockout]),
    whole.users.map((u) => [u.user, u.mfa, u.lockout]),
  );
  assert.deepEqual(job.result.totals, whole.totals);
});

test('a job cancelled while it runs stops at the next slice', async () => {
  let slices = 0;
  const clock = ticks();
  const out = await runAuditJob(core, exportText(200), {
    budgetMs: 10,
    now: clock.now,
    pause: async () => void slices++,
    cancelled: () => slices >= 7,
  });
  assert.deepEqual(out, { error: 'cancelled' });
  assert.equal(slices, 7, 'no slice after the one that saw the cancellation');
});

test('not an export, a bad credential report: an error, not an exception', async () => {
  assert.match(
    ((await runAuditJob(core, '{"a":1}')) as { error: string }).error,
    /not the output of aws iam get-account-authorization-details/,
  );
  const bad = await runAuditJob(core, exportText(3), { credentialReport: 'a,b\n1,2\n' });
  assert.match((bad as { error: string }).error, /^the credential report: not an IAM credential report/);
});

test('places: members found by one scan (spacing of any kind, escaped values left out); the first offset after a place', () => {
  const text = '{"PolicyName":"a", "PolicyName" :\n "b", "PolicyName": "c\\"d", "Other": "a"}';
  const got: Array<[string, number]> = [];
  memberValues(text, 'PolicyName', (v, at) => got.push([v, at]));
  assert.deepEqual(got, [
    ['a', text.indexOf('"a"')],
    ['b', text.indexOf('"b"')],
  ]);
  assert.equal(firstAfter([3, 10, 20], 10), 20);
  assert.equal(firstAfter([3, 10, 20], 0), 3);
  assert.equal(firstAfter([3, 10, 20], 25), undefined);
});
