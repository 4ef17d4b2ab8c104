import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, editsOf, lint, REFERENCE_POLICY, ruleMetas } from '../../src/core';
import { applyFirstFix, fixture, only, policy } from '../fixtures/lib/core-helpers';

test("AWS's reference policy is enforced with no finding at error, warning or info (hints only: users with a path)", () => {
  const r = lint(fixture('reference/aws-self-manage-credentials-with-mfa.json'));
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== 'hint'),
    [],
  );
  assert.deepEqual([...new Set(r.diagnostics.map((d) => d.rule))], ['user-path-not-matched']);
  assert.equal(r.policies.length, 1);
  assert.deepEqual(
    { ...r.policies[0], reason: '' },
    { pointer: '', offset: 0, length: r.policies[0]!.length, kind: 'identity', mfa: 'enforced', lockout: [], reason: '', statements: 9 },
  );
  assert.equal(lint(REFERENCE_POLICY).policies[0]!.mfa, 'enforced');
  assert.deepEqual(
    lint(REFERENCE_POLICY).diagnostics.filter((d) => d.severity !== 'hint'),
    [],
  );
});

test('the article copy gives one pasted-characters finding; fixed, it is enforced', () => {
  const text = fixture('reference/article-policy-as-published.txt');
  const r = lint(text);
  assert.deepEqual(
    r.diagnostics.map((d) => d.rule),
    ['pasted-characters'],
  );
  assert.match(r.diagnostics[0]!.message, /348 non-breaking spaces \(U\+00A0\)/);
  assert.equal(r.diagnostics[0]!.fixes[0]!.kind, 'safe');
  const fixed = applyEdits(text, editsOf(r.diagnostics[0]!.fixes[0]!));
  assert.doesNotThrow(() => JSON.parse(fixed));
  const after = lint(fixed);
  assert.equal(after.policies[0]!.mfa, 'enforced');
  assert.equal(only(after, 'pasted-characters').length, 0);
});

test('an Allow with Bool "true" is missing, and inserting the deny makes it enforced', () => {
  const text = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  const r = lint(text);
  assert.equal(r.policies[0]!.mfa, 'missing');
  const d = only(r, 'missing-mfa-deny')[0]!;
  assert.equal(d.severity, 'warning');
  assert.equal(d.fixes[0]!.kind, 'suggestion');
  assert.ok(d.related?.length, 'points at the Allow that enforces nothing');
  const out = applyFirstFix(text, 'missing-mfa-deny');
  assert.equal(lint(out).policies[0]!.mfa, 'enforced');
  assert.deepEqual(lint(out).policies[0]!.lockout, []);
});

test('the rule registry is ordered, named in kebab-case, with docs URLs', () => {
  assert.equal(ruleMetas[0]!.name, 'json-syntax');
  for (const m of ruleMetas) {
    assert.match(m.name, /^[a-z]+(-[a-z]+)*$/);
    assert.equal(m.docs, `https://github.com/force-mfa/force-mfa/blob/main/docs/rules/${m.name}.md`);
  }
  assert.equal(new Set(ruleMetas.map((m) => m.id)).size, ruleMetas.length);
});
