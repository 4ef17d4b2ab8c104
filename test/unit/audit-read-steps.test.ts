// The export read in pieces (src/core/audit/read-export.ts, readAuthorizationDetailsSteps): the same
// model and notes as JSON.parse of the whole text, in about size/N steps for a budget of N characters,
// so the editor's main path can pause between them. Work is counted in steps, never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAuthorizationDetails, readAuthorizationDetailsSteps, type ReadExport } from '../../src/core';
import { generateAuthDetails } from '../../bench/gen-auth-details.mjs';

/** Reads in steps of `budget` characters, counting them. */
function stepped(text: string, budget: number): { read: ReadExport; steps: number } {
  const r = readAuthorizationDetailsSteps(text);
  let steps = 1;
  while (!r.step(budget)) steps++;
  return { read: r.result(), steps };
}

const FIXTURES = join(__dirname, '../fixtures/audit');

test('fixture exports: the same model and notes in pieces of any size as in one go', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 5);
  for (const f of files) {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const whole = readAuthorizationDetails(text);
    assert.ok('model' in whole, f);
    for (const budget of [1, 7, 100, 1e9]) assert.deepEqual(stepped(text, budget).read, whole, `${f} in pieces of ${budget}`);
  }
});

test('a generated export: equal to JSON.parse of the whole text read by the same rules; a budget of N chars takes about size/N steps', () => {
  const text = generateAuthDetails({ users: 300, groups: 30, policies: 50 }) as string;
  const root = JSON.parse(text) as {
    UserDetailList: unknown[];
    GroupDetailList: unknown[];
    Policies: unknown[];
    RoleDetailList: unknown[];
  };
  const { read, steps } = stepped(text, 10_000);
  assert.ok('model' in read);
  assert.equal(read.model.users.length, root.UserDetailList.length);
  assert.equal(read.model.groups.length, root.GroupDetailList.length);
  assert.equal(read.model.policies.length, root.Policies.length);
  assert.equal(read.model.roles?.length, root.RoleDetailList.length);
  // Entry by entry what JSON.parse of the whole text holds, in the same order.
  const names = (l: unknown[], k: string) => l.map((x) => (x as Record<string, unknown>)[k]);
  assert.deepEqual(
    read.model.users.map((u) => u.name),
    names(root.UserDetailList, 'UserName'),
  );
  assert.deepEqual(
    read.model.policies.map((p) => p.arn),
    names(root.Policies, 'Arn'),
  );
  assert.deepEqual(read, readAuthorizationDetails(text));
  // A step ends at the budget (or the end of the text): ceil(size/N) steps, and one that finds the end.
  const expected = Math.ceil(text.length / 10_000);
  assert.ok(steps >= expected && steps <= expected + 1, `${steps} steps for ${expected} pieces`);
  // Minified and BOM-prefixed, the same.
  const minified = JSON.stringify(root);
  assert.deepEqual(stepped(`\ufeff${minified}`, 4096).read, read);
});

test('notes: skipped entries counted per kind in the one-shot order (users, groups, policies), whatever order the lists come in; IsTruncated', () => {
  const text = JSON.stringify({
    Policies: [{ PolicyName: 'no arn' }],
    IsTruncated: true,
    GroupDetailList: [{ GroupName: 'g', AttachedManagedPolicies: [{}] }, 5],
    UserDetailList: [{ UserName: 'u', UserPolicyList: [{}], AttachedManagedPolicies: [{}] }, {}],
    RoleDetailList: [{ RoleName: 'r', Arn: 'arn:aws:iam::1:role/r' }, 'x'],
  });
  const read = stepped(text, 3).read;
  assert.ok('notes' in read);
  assert.deepEqual(read.notes, [
    'The export is truncated (IsTruncated: true): users, groups or policies on later pages are missing. Pass all pages (the AWS CLI paginates by itself).',
    'inline policy entries: 1 not read (not in the documented shape).',
    'attached policy entries: 2 not read (not in the documented shape).',
    'users: 1 not read (not in the documented shape).',
    'groups: 1 not read (not in the documented shape).',
    'managed policies: 1 not read (not in the documented shape).',
  ]);
  assert.deepEqual(read.model.roles, [{ name: 'r', arn: 'arn:aws:iam::1:role/r' }]);
  // A list given twice counts as its last, as JSON.parse keeps the last.
  const twice = stepped('{"UserDetailList":[{"UserName":"a"}],"UserDetailList":[{"UserName":"b"}],"IsTruncated":false}', 2).read;
  assert.ok('model' in twice);
  assert.deepEqual(
    twice.model.users.map((u) => u.name),
    ['b'],
  );
  assert.deepEqual(twice.notes, []);
});

test('not an export: truncated text, garbage, a top level that is no object, a list that is not one: a plain error, in pieces too', () => {
  const good = '{"UserDetailList": [{"UserName": "a\\"b", "GroupList": ["g"]}], "Policies": []}';
  assert.ok('model' in stepped(good, 1).read);
  const cases: Array<[string, RegExp]> = [
    [good.slice(0, 30), /^not JSON \(unexpected end of the text at offset 30\)$/],
    [good.slice(0, -1), /^not JSON \(unexpected end/],
    ['', /^not JSON/],
    ['\ufeff', /^not JSON/],
    ['garbage', /^not JSON \(/],
    ['{"UserDetailList": [{"UserName": nope}]}', /^not JSON \(at offset 20: /],
    ['{"UserDetailList": [1,]}', /^not JSON \(at offset 22: /],
    ['{"UserDetailList": [] "Policies": []}', /^not JSON \(expected ',' or '}' at offset 22\)$/],
    ['{"UserDetailList" []}', /^not JSON \(expected ':' at offset 18\)$/],
    ['{"UserDetailList": []} x', /^not JSON \(expected the end of the text at offset 23\)$/],
    ['{1: 2}', /^not JSON \(expected a member's name or '}' at offset 1\)$/],
    ['[{"UserDetailList": []}]', /^not the output of aws iam get-account-authorization-details: no UserDetailList/],
    ['"text"', /^not the output of aws iam get-account-authorization-details/],
    ['{}', /^not the output of aws iam get-account-authorization-details/],
    ['{"Other": {"UserDetailList": []}}', /^not the output of aws iam get-account-authorization-details/],
    ['{"UserDetailList": {}, "Policies": 3}', /^UserDetailList, Policies are not a list$/],
  ];
  for (const [text, error] of cases) {
    for (const budget of [1, 5, 1e9]) {
      const read = stepped(text, budget).read;
      assert.ok('error' in read, `${JSON.stringify(text)}: ${JSON.stringify(read)}`);
      assert.match(read.error, error, JSON.stringify(text));
    }
    // The one-shot reader is the same reader: the same error.
    assert.deepEqual(readAuthorizationDetails(text), stepped(text, 3).read);
  }
});
