// `force-mfa audit <template or folder>` (issue 15): a CloudFormation template, a Terraform file or a
// folder of them is read as the account (src/cli/audit-templates.ts; the readers' verdicts are
// explained in audit-templates.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempTree } from '../fixtures/cli/harness';

const TEMPLATES = path.join(__dirname, '../fixtures/audit/templates');
const audit = (cwd: string, ...argv: string[]) => runCli(['audit', ...argv], { cwd });

test('a CloudFormation template: a row per user it declares, located at the user resource; exit 1 (carol is not forced)', async () => {
  const r = await audit(TEMPLATES, 'users.yaml');
  assert.equal(r.code, 1);
  const lines = r.stdout.split('\n');
  assert.match(lines[1]!, /^alice\s+enforced\s+yes\?\s+forced$/, 'can enrol unless ReadOnlyAccess, not in the template, denies it');
  // carol's only policy allows s3:GetObject: nothing allows her the enrolment actions either.
  assert.match(lines[3]!, /^carol\s+not-forced\s+no\s+not forced, cannot enrol a device$/);
  assert.ok(lines.includes('users.yaml:112:3  carol'), r.stdout);
  assert.ok(r.stdout.includes('managed policy arn:aws:iam::aws:policy/AdministratorAccess (not in the template)'));
  assert.equal(r.stderr, '');
});

test('a Terraform file, as JSON: the module users with their verdicts', async () => {
  const r = await audit(TEMPLATES, 'main.tf', '--format', 'json');
  assert.equal(r.code, 1);
  const users = JSON.parse(r.stdout).users.map((u: any) => [u.user, u.mfa, u.decided]);
  assert.deepEqual(users, [
    ['alice', 'enforced', true],
    ['bob', 'enforced', true],
    ['carol', 'not-forced', true],
    ['dave', 'not-forced', false],
  ]);
});

test('a folder: its templates merged (the group in one file, the user in another); other files noted; exit 0 when all are forced', async () => {
  const force = readFileSync(path.join(TEMPLATES, 'users.yaml'), 'utf8');
  const group = force.slice(0, force.indexOf('  Alice:'));
  const user = 'Resources:\n  Erin:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: erin\n      Groups: [mfa-users]\n';
  const { dir, cleanup } = tempTree({ 'group.yaml': group, 'user.yaml': user, 'notes.txt': 'x', 'other.json': '{"a": 1}' });
  try {
    const r = await audit(dir, '.');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^erin\s+enforced\s+yes\?\s+forced$/m);
    assert.ok(r.stdout.includes('note: Read 2 templates: group.yaml, user.yaml.'), r.stdout);
    assert.ok(r.stdout.includes('note: other.json: not read (not a CloudFormation template).'), r.stdout);
  } finally {
    cleanup();
  }
});

test('neither an export nor a template: exit 2 with what each needs', async () => {
  const { dir, cleanup } = tempTree({ 'x.json': '{"a": 1}', 'x.yaml': 'a: 1\n', 'empty/keep.txt': '' });
  try {
    const json = await audit(dir, 'x.json');
    assert.equal(json.code, 2);
    assert.match(json.stderr, /x\.json: not the output of aws iam get-account-authorization-details/);
    const yaml = await audit(dir, 'x.yaml');
    assert.equal(yaml.code, 2);
    assert.match(yaml.stderr, /x\.yaml: not a template: not a CloudFormation template/);
    const empty = await audit(dir, 'empty');
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /empty: no template in the folder/);
  } finally {
    cleanup();
  }
});
