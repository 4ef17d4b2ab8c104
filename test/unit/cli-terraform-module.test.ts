// force-mfa CLI, issue 13: a Terraform file is linted with its module, the other `*.tf` files of its folder
// (variable defaults, locals, attachments) and the policy files its file() and templatefile() calls name,
// read within the core's MODULE_LIMITS; a symlink is followed only to a file inside the folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { runJson, tempTree } from '../fixtures/cli/harness';

const FIXTURES = path.join(__dirname, '../fixtures');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

test("a Terraform file's module: the defaults of variables.tf and the locals of locals.tf judge its policies", async () => {
  const r = await runJson(['lint', 'terraform-module/main.tf'], { cwd: FIXTURES });
  const [file] = r.json.files;
  assert.deepEqual(
    file!.policies.map((p) => [p.pointer, p.mfa, p.lockout.join(', ')]),
    [
      ['/data/aws_iam_policy_document/mfa', 'missing', ''],
      // local.partition (locals.tf) is aws: the deny on the user's own ARN blocks its enrolment actions.
      ['/resource/aws_iam_policy/own_user/policy', 'weak', 'iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ResyncMFADevice'],
    ],
  );
  const missing = file!.diagnostics.find((d) => d.rule === 'missing-mfa-deny')!;
  assert.match(missing.message, /with the default manage_explicit_deny = false in variables\.tf, the deny at line 10 is not emitted/);
});

test('file() and templatefile() read the policy files of the module; a missing one fails the run, named', async () => {
  const r = await runJson(['lint', 'terraform-templates/main.tf'], { cwd: FIXTURES });
  const [file] = r.json.files;
  assert.deepEqual(
    file!.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/resource/aws_iam_policy/template/policy', 'weak'],
      ['/resource/aws_iam_user_policy/plain/policy', 'enforced'],
    ],
  );
  const unreadable = file!.diagnostics.filter((d) => d.rule === 'unreadable-policy');
  assert.equal(unreadable.length, 1);
  assert.match(unreadable[0]!.message, /absent\.json is not in the module's folder/);
  assert.equal(r.code, 1, 'not analysed is not passed');
});

test('a symlink out of the folder is not followed (a .tf file, a policy file); one inside it is', async () => {
  const main = fixture('terraform-module/main.tf');
  const t = tempTree({
    'module/main.tf': `${main}\nresource "aws_iam_policy" "linked" {\n  policy = file("\${path.module}/linked.json")\n}\n`,
    'module/real/variables.tf': fixture('terraform-module/variables.tf'),
    'outside/locals.tf': fixture('terraform-module/locals.tf'),
    'outside/policy.json': fixture('terraform-templates/policies/mfa.json'),
  });
  try {
    symlinkSync(path.join(t.dir, 'module/real/variables.tf'), path.join(t.dir, 'module/variables.tf'));
    symlinkSync(path.join(t.dir, 'outside/locals.tf'), path.join(t.dir, 'module/locals.tf'));
    symlinkSync(path.join(t.dir, 'outside/policy.json'), path.join(t.dir, 'module/linked.json'));
    const r = await runJson(['lint', 'module/main.tf'], { cwd: t.dir });
    const [file] = r.json.files;
    // variables.tf (inside) is read: the note names it; locals.tf (outside) is not: the ARN stays computed, no lock-out.
    assert.match(file!.diagnostics.find((d) => d.rule === 'missing-mfa-deny')!.message, /in variables\.tf/);
    assert.deepEqual(file!.policies.find((p) => p.pointer === '/resource/aws_iam_policy/own_user/policy')!.lockout, []);
    const unreadable = file!.diagnostics.filter((d) => d.rule === 'unreadable-policy').map((d) => d.message);
    assert.equal(unreadable.length, 1);
    assert.match(unreadable[0]!, /linked\.json is not in the module's folder/);
  } finally {
    t.cleanup();
  }
});

test("a module's files past the limit (64) are not read", async () => {
  const files: Record<string, string> = { 'm/main.tf': fixture('terraform-module/main.tf') };
  for (let i = 0; i < 70; i++) files[`m/a${String(i).padStart(2, '0')}.tf`] = '# nothing here\n';
  // Sorted after the 70 others: past the limit.
  files['m/variables.tf'] = fixture('terraform-module/variables.tf');
  const t = tempTree(files);
  try {
    const r = await runJson(['lint', 'm/main.tf'], { cwd: t.dir });
    const missing = r.json.files[0]!.diagnostics.find((d) => d.rule === 'missing-mfa-deny')!;
    assert.match(missing.message, /the template computes statement 2/);
  } finally {
    t.cleanup();
  }
});
