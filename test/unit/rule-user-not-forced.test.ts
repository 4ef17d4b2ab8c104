// Rule user-not-forced (issue 15): in a CloudFormation template, a user that no MFA-forcing policy reaches,
// or a group without members there whose policies force nothing, is reported on its resource. The forcing
// policy of the fixtures is AWS's DenyAllExceptListedIfNoMFA (BoolIfExists aws:MultiFactorAuthPresent
// "false"): it denies requests with long-term access keys (key absent) and from sessions without MFA.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import '../../src/core/yaml';
import { lint } from '../../src/core';

const read = (name: string) => readFileSync(new URL(`../fixtures/audit/templates/${name}`, import.meta.url), 'utf8');

function findings(text: string, fileName: string, rules = {}) {
  return lint(text, { fileName, rules })
    .diagnostics.filter((d) => d.rule === 'user-not-forced')
    .map((d) => ({ at: text.slice(d.offset, d.offset + d.length), severity: d.severity, message: d.message }));
}

test('users.yaml: carol (an allow only) and Dave (unknown policies) reported on their logical IDs; alice and bob, forced through mfa-users, are not', () => {
  const got = findings(read('users.yaml'), 'users.yaml');
  assert.deepEqual(
    got.map((f) => [f.at, f.severity]),
    [
      ['Carol', 'warning'],
      // Dave's AdministratorAccess, his group given as a parameter and his computed policy are not in the
      // template: any of them could force MFA, so the finding says so, as information.
      ['Dave', 'info'],
    ],
  );
  assert.match(got[0]!.message, /^User carol: no policy that reaches this user denies requests without MFA/);
  assert.match(got[1]!.message, /Unless what the template does not hold forces MFA: .*AdministratorAccess \(not in the template\)/);
});

test('a group without members in the template whose policies allow everything and deny nothing is reported', () => {
  const text = read('policies-only.template.json');
  const got = findings(text, 'policies-only.template.json');
  assert.deepEqual(
    got.map((f) => f.at),
    ['"Admins"'],
  );
  assert.match(got[0]!.message, /^Group admins \(no user of this template is in it\)/);
});

test('a group without members that AWS managed policy forces (the fixture of the CloudFormation front-end) is not reported; the rule can be turned off', () => {
  const enforced = readFileSync(new URL('../fixtures/cloudformation/enforced.yaml', import.meta.url), 'utf8');
  assert.deepEqual(findings(enforced, 'enforced.yaml'), []);
  assert.deepEqual(findings(read('users.yaml'), 'users.yaml', { 'user-not-forced': 'off' }), []);
});

test('a plain policy file and a template without users or groups get no finding', () => {
  assert.deepEqual(findings('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'p.json'), []);
  const bucket = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } });
  assert.deepEqual(findings(bucket, 'b.template.json'), []);
});
