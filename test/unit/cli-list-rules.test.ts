// --list-rules: every rule with its default severity in the CLI, whether it has a fix, its summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleMetas } from '../../src/core';
import { runCli } from '../fixtures/cli/harness';

test('--list-rules prints one line per rule: name, default severity, fixable, summary', async () => {
  for (const argv of [['--list-rules'], ['lint', '--list-rules']]) {
    const r = await runCli(argv);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, ruleMetas.length + 1, 'a header, then a line per rule');
    assert.match(lines[0]!, /^rule\s+severity\s+fix\s+summary$/);
    for (const [i, meta] of ruleMetas.entries()) {
      const line = lines[i + 1]!;
      assert.ok(line.startsWith(`${meta.name} `), line);
      assert.ok(line.endsWith(meta.description), line);
    }
    assert.match(r.stdout, /^unreadable-policy\s+error\s+no\s+/m, "the CLI's own default");
    assert.match(r.stdout, /^missing-mfa-deny\s+warning\s+yes\s+/m);
    assert.match(r.stdout, /^user-path-not-matched\s+hint\s+yes\s+/m);
  }
});

test('--list-rules --format json: an array with every rule', async () => {
  const r = await runCli(['--list-rules', '--format', 'json']);
  assert.equal(r.code, 0);
  const rules = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    rules.map((x) => x.name),
    ruleMetas.map((m) => m.name),
  );
  assert.deepEqual(
    rules.find((x) => x.name === 'missing-mfa-deny'),
    {
      id: 'FMFA010',
      name: 'missing-mfa-deny',
      defaultSeverity: 'warning',
      fixable: true,
      securitySeverity: 8,
      description: ruleMetas.find((m) => m.name === 'missing-mfa-deny')!.description,
      docs: 'https://github.com/force-mfa/force-mfa/blob/main/docs/rules/missing-mfa-deny.md',
    },
  );
});

test('--list-rules takes stylish or json only', async () => {
  const r = await runCli(['--list-rules', '--format', 'sarif']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--list-rules prints stylish or json \(got --format sarif\)/);
});
