// Golden tests: every fix, input -> expected output (test/fixtures/fixes/), then lint again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, editsOf, lint } from '../../src/core';
import { applyFirstFix, fixture, goldenFixes, only } from '../fixtures/lib/core-helpers';

// The same fixtures through the fix engine (fix-all, the CLI's --fix): core-fix-all.test.ts.
for (const { name, rule, options, input, expected } of goldenFixes()) {
  test(`fix ${name} (${rule}) gives the golden output`, () => {
    const d = only(lint(input, options), rule)[0];
    assert.ok(d, `${rule} reported`);
    assert.equal(applyEdits(input, editsOf(d.fixes[0]!)), expected);
    assert.doesNotThrow(() => JSON.parse(expected));
    if (rule === 'pasted-characters') {
      // Pasted characters hold the policy rules back; after the fix the policy is analysed.
      assert.deepEqual(
        lint(expected, options).diagnostics.filter((x) => x.rule === rule || x.rule === 'json-syntax'),
        [],
      );
      return;
    }
    // After the fix: that finding is gone, nothing new appears, the fix is not offered again.
    assert.equal(applyFirstFix(input, rule, options), expected);
  });
}

test('fix kinds: adding a deny is a suggestion, repairs are safe', () => {
  const kind = (name: string, rule: string) => only(lint(fixture(`fixes/${name}.input.json`)), rule)[0]!.fixes[0]!.kind;
  assert.equal(kind('insert-deny-append-4-spaces', 'missing-mfa-deny'), 'suggestion');
  for (const [name, rule] of [
    ['bool-to-boolifexists', 'bool-without-ifexists'],
    ['set-version', 'policy-variables-need-version'],
    ['mfa-device-resource', 'named-mfa-device-resource'],
    ['pasted-characters', 'pasted-characters'],
    ['add-enrolment-exemptions', 'missing-enrolment-exemption'],
  ] as const) {
    assert.equal(kind(name, rule), 'safe', name);
  }
});

test('user-path-not-matched: the fix is a suggestion (it widens the policy), keeps every other byte, one fix per statement', () => {
  for (const name of ['user-path-append-4-spaces', 'user-path-string-to-array-crlf-tabs', 'user-path-minified']) {
    const input = fixture(`fixes/${name}.input.json`);
    const d = only(lint(input), 'user-path-not-matched')[0]!;
    assert.equal(d.severity, 'hint');
    assert.equal(d.fixes[0]!.kind, 'suggestion', name);
  }
  // An array: only an insertion after the last item.
  const input = fixture('fixes/user-path-append-4-spaces.input.json');
  const edits = editsOf(only(lint(input), 'user-path-not-matched')[0]!.fixes[0]!);
  assert.deepEqual(
    edits.map((e) => e.length),
    [0],
  );
  // Two such ARNs in one statement: one fix adds both siblings, nothing of its kind is left.
  const two =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":["arn:aws:iam::111122223333:user/${aws:username}","arn:aws:iam::444455556666:user/${aws:username}"]}]}';
  const ds = only(lint(two), 'user-path-not-matched');
  assert.equal(ds.length, 2);
  const out = applyEdits(two, editsOf(ds[0]!.fixes[0]!));
  assert.deepEqual(JSON.parse(out).Statement[0].Resource.slice(2), [
    'arn:aws:iam::111122223333:user/*/${aws:username}',
    'arn:aws:iam::444455556666:user/*/${aws:username}',
  ]);
  assert.deepEqual(only(lint(out), 'user-path-not-matched'), []);
});

test('the insert-deny fix keeps every existing byte', () => {
  for (const name of [
    'insert-deny-append-4-spaces',
    'insert-deny-wrap-single-statement-minified',
    'insert-deny-create-statement-crlf-tabs',
  ]) {
    const input = fixture(`fixes/${name}.input.json`);
    const edits = editsOf(only(lint(input), 'missing-mfa-deny')[0]!.fixes[0]!);
    for (const e of edits) assert.equal(e.length, 0, 'insertions only');
    const out = applyEdits(input, edits);
    assert.equal(lint(out).policies[0]!.mfa, 'enforced');
    assert.deepEqual(lint(out).policies[0]!.lockout, []);
  }
});

test('the pasted-characters fix makes the article copy valid JSON with its original meaning', () => {
  const text = fixture('reference/article-policy-as-published.txt');
  const out = applyEdits(text, editsOf(lint(text).diagnostics[0]!.fixes[0]!));
  assert.ok(!/[\u00a0\u200b\u201c\u201d]/.test(out));
  const r = lint(out);
  assert.equal(r.policies[0]!.mfa, 'enforced');
  // The two differences from AWS's current text that matter are then reported.
  // (Plus, as in AWS's current text, the info that users created with a path are not matched.)
  assert.deepEqual([...new Set(r.diagnostics.map((d) => d.rule))].sort(), [
    'named-mfa-device-resource',
    'user-path-not-matched',
    'virtual-mfa-device-deletion',
  ]);
});

test('applyEdits rejects overlapping edits and applies others in any order', () => {
  assert.throws(
    () =>
      applyEdits('abcdef', [
        { offset: 1, length: 3, content: 'x' },
        { offset: 2, length: 1, content: 'y' },
      ]),
    RangeError,
  );
  assert.equal(
    applyEdits('abcdef', [
      { offset: 4, length: 1, content: 'E' },
      { offset: 0, length: 1, content: 'A' },
    ]),
    'AbcdEf',
  );
});

test('fixes follow options.formatting when given', () => {
  const input = '{"Version":"2012-10-17","Statement":[]}';
  const d = only(lint(input, { formatting: { insertSpaces: true, tabSize: 3, eol: '\n' } }), 'missing-mfa-deny')[0]!;
  const out = applyEdits(input, editsOf(d.fixes[0]!));
  assert.equal(lint(out).policies[0]!.mfa, 'enforced');
});
