// --quiet: errors only. As ESLint 9 does, warnings (and info) are neither printed nor counted in the
// report; --max-warnings still counts them (ESLint: with --max-warnings, rules set to warn still run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, runJson } from '../fixtures/cli/harness';

test('--quiet prints errors only, in stylish and in the summary', async () => {
  const r = await runCli(['lint', '--quiet', 'allow-only.json', 'syntax-error.json']);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.stdout, /warning {2}/, 'no warning line');
  assert.match(r.stdout, /^syntax-error\.json:4:23 {2}error/m);
  assert.match(r.stdout, /^1 error, 0 warnings, 0 info in 2 files/m);
});

test('--quiet: json and sarif leave warnings and info out too', async () => {
  const j = await runJson(['lint', '--quiet', 'allow-only.json', '--rule', 'missing-mfa-deny=info']);
  assert.deepEqual(j.json.files[0]!.diagnostics, []);
  assert.deepEqual(j.json.summary.findings, { error: 0, warning: 0, info: 0 });
  const s = await runCli(['lint', '--quiet', '--format', 'sarif', 'allow-only.json']);
  assert.deepEqual((JSON.parse(s.stdout) as { runs: Array<{ results: unknown[] }> }).runs[0]!.results, []);
});

test('--quiet with --max-warnings: the warnings still count toward the limit (as ESLint 9)', async () => {
  const quiet = await runCli(['lint', '--quiet', '--max-warnings', '0', 'allow-only.json']);
  assert.equal(quiet.code, 1, 'one warning, more than 0, though not printed');
  assert.doesNotMatch(quiet.stdout, /missing-mfa-deny/);
  assert.match(quiet.stderr, /1 warning, over --max-warnings 0, not printed \(--quiet\)/);
  assert.equal((await runCli(['lint', '--quiet', 'allow-only.json'])).code, 0);
});
