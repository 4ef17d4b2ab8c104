// Terraform beyond one file (issue 13): a module's other files (variable defaults and locals in variables.tf
// and locals.tf, LintOptions.module), policies kept in files that file() and templatefile() read, Terraform
// 0.11's `statement = {...}` attribute form, and policies that only roles are attached to.
//
// Request contexts (DOMAIN.md section 2): "absent" is a request signed with long-term access keys (no
// aws:MultiFactorAuthPresent key), "false" a session without MFA, "true" a session with MFA.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type LintOptions, type LintResult, type ModuleFile, applyEdits, editsOf, lint, terraformFileReferences } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';
import { parseHcl } from '../../src/core/document/parse';
import { terraformPolicies } from '../../src/core/formats/hcl/terraform';
import { getValue, toValue } from '../../src/core/document/tree';
import { moduleFileName } from '../../src/core/formats/hcl/module';
import { policyReach } from '../../src/core/formats/hcl/roles';

const FIXTURES = path.join(__dirname, '../fixtures');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const slice = (text: string, d: { offset: number; length: number }): string => text.slice(d.offset, d.offset + d.length);

/** A fixture folder's files as a host gives them: paths relative to the folder. */
function moduleOf(folder: string): { files: ModuleFile[] } {
  const files: ModuleFile[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const n of readdirSync(dir).sort()) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else files.push({ name: `${prefix}${n}`, text: readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(FIXTURES, folder), '');
  return { files };
}

const summary = (r: LintResult) => r.policies.map((p) => [p.pointer, p.mfa, p.lockout.join(', ')]);

before(async () => {
  await loadTerraformReader();
});

test("a module's variable defaults in another file decide a dynamic statement, and the finding names the file", () => {
  const text = read('terraform-module/main.tf');
  const alone = lint(text, { fileName: 'main.tf' });
  // Alone, manage_explicit_deny has no known default: the dynamic deny is one statement the module computes.
  assert.equal(alone.policies[0]!.mfa, 'missing');
  assert.match(alone.policies[0]!.reason, /the template computes statement 2/);

  const module = moduleOf('terraform-module');
  const r = lint(text, { fileName: 'main.tf', module });
  // With manage_explicit_deny = false (variables.tf) no deny is emitted: every request without MFA, in the
  // absent and "false" contexts alike, is allowed by what the policy grants (iam:ListVirtualMFADevices).
  const [doc] = r.policies;
  assert.deepEqual([doc!.pointer, doc!.mfa], ['/data/aws_iam_policy_document/mfa', 'missing']);
  const said = 'Judged with the default manage_explicit_deny = false in variables.tf, the deny at line 10 is not emitted.';
  assert.ok(doc!.reason.endsWith(said), doc!.reason);
  const missing = r.diagnostics.find((d) => d.rule === 'missing-mfa-deny')!;
  assert.ok(missing.message.endsWith(said), missing.message);
  assert.equal(slice(text, missing), '"mfa"');
});

test("a module's locals in another file are read where the policy names them (local.partition)", () => {
  const text = read('terraform-module/main.tf');
  const module = moduleOf('terraform-module');
  const own = (r: LintResult) => r.policies.find((p) => p.pointer === '/resource/aws_iam_policy/own_user/policy')!;
  // Alone, the Resource "arn:${local.partition}:iam::${local.account_id}:user/${aws:username}" is computed: the
  // deny is not known to apply to the user's own ARN, so no lock-out is claimed.
  assert.deepEqual(own(lint(text, { fileName: 'main.tf' })).lockout, []);
  // With locals.tf, it is arn:aws:iam::123456789012:user/${aws:username}: the deny (BoolIfExists "false": it
  // fires in the absent and "false" contexts, not in "true") applies to the enrolment actions on user/alice that
  // its NotAction does not exempt: a user without a device cannot enrol one.
  const r = lint(text, { fileName: 'main.tf', module });
  assert.deepEqual(own(r).lockout, ['iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice']);
  const scope = r.diagnostics.find((d) => d.rule === 'narrowed-deny-scope')!;
  assert.match(scope.message, /only on "arn:aws:iam::123456789012:user\/\$\{aws:username\}"/);
});

test('the module is read once per object, within its limits, and the linted file is not read twice as its own sibling', () => {
  const text = read('terraform-module/main.tf');
  const module = moduleOf('terraform-module');
  const first = summary(lint(text, { fileName: '/work/x/main.tf', module }));
  assert.deepEqual(summary(lint(text, { fileName: '/work/x/main.tf', module })), first, 'the same object gives the same result');
  // A main.tf among the module's files is the linted file itself: its blocks are not read again (a default
  // there would be its own, which the text given to lint replaces).
  const edited = text.replace('resources = ["*"]\n  }\n\n  dynamic', 'resources = ["*"]\n  }\n\n  dynamic');
  assert.deepEqual(summary(lint(edited, { fileName: 'main.tf', module })), first);
  // A file past the limits is not read: 64 files at most, the defaults' file after them.
  const crowd: ModuleFile[] = Array.from({ length: 64 }, (_, i) => ({ name: `f${i}.tf`, text: '# nothing\n' }));
  const late = { files: [...crowd, ...module.files] };
  assert.match(lint(text, { fileName: 'main.tf', module: late }).policies[0]!.reason, /the template computes statement 2/);
  // Malformed module options are ignored, never thrown.
  for (const bad of [{ files: 'x' }, { files: [null, { name: 1, text: 2 }] }, null] as unknown as LintOptions['module'][]) {
    assert.equal(lint(text, { fileName: 'main.tf', module: bad }).policies.length, 2);
  }
});

test('a default compared with null (var.permissions != null) is judged: with permissions = null the statement is not made', () => {
  const text = [
    'variable "permissions" {',
    '  default = null',
    '}',
    'data "aws_iam_policy_document" "p" {',
    '  statement {',
    '    actions   = ["iam:ListVirtualMFADevices"]',
    '    resources = ["*"]',
    '  }',
    '  dynamic "statement" {',
    '    for_each = var.permissions != null ? var.permissions : {}',
    '    content {',
    '      actions = statement.value.actions',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const found = terraformPolicies(text, parseHcl(text)!);
  const doc = getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'p')!;
  assert.equal(getValue(doc, 'Statement')!.items!.length, 1);
  assert.deepEqual(
    found.notes.get(doc.offset)!.map((n) => n.text),
    ['with the default permissions = null, the statement at line 9 is not emitted'],
  );
  // A number compared as written could be 1 against 1.0: not judged, the statement stays computed.
  const numbers = text.replace('default = null', 'default = 1').replace('!= null', '!= 1.0');
  const doc2 = [...terraformPolicies(numbers, parseHcl(numbers)!).known][0]!;
  assert.equal(getValue(doc2, 'Statement')!.items![1]!.type, 'unknown');
});

test('an unknown NotResource entry is not assumed to leave the enrolment resources in the deny (corpus 35)', () => {
  // The deny fires in the absent context (Null aws:MultiFactorAuthAge "true": only requests without MFA lack
  // the key, and a "false" session lacks it too), on every resource but its NotResource. That is the user's own
  // ARN with the partition a local the file does not hold: IAM compares it with the deployed partition, so for
  // iam:EnableMFADevice, iam:GetUser and iam:ResyncMFADevice (requests on user/alice) the deny does not apply.
  // Unknown, the linter must not claim they are locked out; iam:CreateVirtualMFADevice (on mfa/...) is exempt.
  const text = [
    'resource "aws_iam_policy" "mfa" {',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect      = "Deny"',
    '      NotAction   = ["iam:CreateVirtualMFADevice", "iam:List*"]',
    '      NotResource = "arn:${local.partition}:iam::${local.account_id}:user/$${aws:username}"',
    '      Condition   = { Null = { "aws:MultiFactorAuthAge" = "true" } }',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(lint(text, { fileName: 'mfa.tf' }).policies[0]!.lockout, []);
  // Known (locals in another file), it is the user's ARN: the same deny, the same answer.
  const locals = 'locals {\n  partition  = "aws"\n  account_id = "123456789012"\n}\n';
  assert.deepEqual(lint(text, { fileName: 'mfa.tf', module: { files: [{ name: 'locals.tf', text: locals }] } }).policies[0]!.lockout, []);
  // Known and another partition's user ARN: the user's own requests are no longer carved out, so the deny
  // applies to them: a lock-out of the enrolment actions on user/alice.
  const other = 'locals {\n  partition  = "aws-cn"\n  account_id = "123456789012"\n}\n';
  assert.deepEqual(lint(text, { fileName: 'mfa.tf', module: { files: [{ name: 'locals.tf', text: other }] } }).policies[0]!.lockout, [
    'iam:EnableMFADevice',
    'iam:GetUser',
    'iam:ResyncMFADevice',
  ]);
});

test("Terraform 0.11's statement = {...} and statement = [{...}] are read as statements, condition = {...} too", () => {
  const text = read('terraform/legacy-0.11.tf');
  const r = lint(text, { fileName: 'legacy.tf' });
  // blocks_inside: its deny (BoolIfExists "false") fires in the absent and "false" contexts on everything but
  // its NotAction; iam:GetUser is not exempted, so it is denied to a user enrolling without MFA.
  // objects: Bool "false" fires only in the "false" context: access keys (absent) escape it.
  assert.deepEqual(summary(r), [
    ['/data/aws_iam_policy_document/blocks_inside', 'enforced', 'iam:GetUser'],
    ['/data/aws_iam_policy_document/objects', 'weak', ''],
  ]);
  const found = terraformPolicies(text, parseHcl(text)!, parseHcl);
  const objects = getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'objects')!;
  assert.deepEqual(toValue(getValue(objects, 'Statement')!), [
    {
      Sid: 'DenyWithoutMFA',
      Effect: 'Deny',
      NotAction: [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
      ],
      Resource: ['*'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } },
    },
  ]);
  const bool = r.diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.equal(slice(text, bool), '"Bool"');
  // The object form is read, not rewritten: the writer writes today's blocks.
  assert.deepEqual(bool.fixes, []);
  // The form with a block inside, read as the blocks 0.11 meant: its fix is written there and the file still reads.
  const lockout = r.diagnostics.find((d) => d.rule === 'missing-enrolment-exemption')!;
  const fixed = applyEdits(text, editsOf(lockout.fixes[0]!));
  assert.deepEqual(summary(lint(fixed, { fileName: 'legacy.tf' }))[0], ['/data/aws_iam_policy_document/blocks_inside', 'enforced', '']);
});

test('templatefile() and file() of a policy file in the module: linted as the policy, findings on the call', () => {
  const text = read('terraform-templates/main.tf');
  const module = moduleOf('terraform-templates');
  const r = lint(text, { fileName: 'main.tf', module });
  // mfa.json.tpl: its deny uses Bool "false", which fires only in the "false" context (access keys escape);
  // policies/mfa.json: BoolIfExists "false" fires in the absent and "false" contexts, every enrolment action exempt.
  assert.deepEqual(summary(r), [
    ['/resource/aws_iam_policy/template/policy', 'weak', ''],
    ['/resource/aws_iam_user_policy/plain/policy', 'enforced', ''],
  ]);
  const call = 'templatefile("${path.module}/mfa.json.tpl", { account_id = var.account_id })';
  assert.equal(slice(text, r.policies[0]!), call);
  const tpl = read('terraform-templates/mfa.json.tpl');
  const bool = r.diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.equal(slice(text, bool), call);
  const line = tpl.slice(0, tpl.indexOf('"Bool"')).split('\n').length;
  assert.ok(bool.message.startsWith(`mfa.json.tpl, line ${line}: MFA weak`), bool.message);
  assert.deepEqual(bool.fixes, [], 'the edits belong to the template, linted on its own');
  // The template on its own has the same finding on its own line, with its fix.
  const own = lint(tpl, { fileName: 'mfa.json.tpl' }).diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.equal(slice(tpl, own), '"Bool"');
  assert.ok(own.fixes.length > 0);
  // A file that is not there: one unreadable-policy finding on the call, naming it. init.sh is no policy's place.
  const unreadable = r.diagnostics.filter((d) => d.rule === 'unreadable-policy');
  assert.deepEqual(
    unreadable.map((d) => slice(text, d)),
    ['file("${path.module}/absent.json")'],
  );
  assert.match(unreadable[0]!.message, /the policy file absent\.json: absent\.json is not in the module's folder/);
  // Without the module's files, each call at a policy's place says the files were not given.
  const alone = lint(text, { fileName: 'main.tf' });
  assert.deepEqual(alone.policies, []);
  assert.equal(alone.diagnostics.filter((d) => /the module's files were not given/.test(d.message)).length, 3);
});

test("a templatefile's ${...} are unknown values and $${ the literal ${; a file()'s text is taken as written", () => {
  const policy = (resource: string) =>
    `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "${resource}", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}`;
  const files = [
    { name: 'computed.json.tpl', text: policy('${resource}') },
    { name: 'literal.json.tpl', text: policy('arn:aws:iam::*:user/$${aws:username}') },
    { name: 'plain.json', text: policy('arn:aws:iam::*:user/${aws:username}') },
  ];
  const text = [
    'resource "aws_iam_policy" "a" {\n  policy = templatefile("${path.module}/computed.json.tpl", {})\n}',
    'resource "aws_iam_policy" "b" {\n  policy = templatefile("./literal.json.tpl", {})\n}',
    'resource "aws_iam_policy" "c" {\n  policy = file("plain.json")\n}',
    '',
  ].join('\n');
  const r = lint(text, { fileName: 'main.tf', module: { files } });
  const scopes = r.diagnostics.filter((d) => d.rule === 'narrowed-deny-scope').map((d) => d.message.replace(/^[^:]*: /, ''));
  assert.equal(r.policies.length, 3);
  // A computed Resource is "the listed resources"; the literal and the file's read as the user's ARN.
  assert.match(scopes[0]!, /only on the listed resources/);
  assert.match(scopes[1]!, /only on "arn:aws:iam::\*:user\/\$\{aws:username\}"/);
  assert.match(scopes[2]!, /only on "arn:aws:iam::\*:user\/\$\{aws:username\}"/);
  // One file read by 1,000 calls: each call is a policy (the file is linted once for them all).
  const many = 'resource "aws_iam_policy" "x" {\n  policy = file("plain.json")\n}\n'.repeat(1000);
  const all = lint(many, { fileName: 'main.tf', module: { files } });
  assert.equal(all.policies.length, 1000);
  assert.ok(all.policies.every((p) => p.mfa === 'weak'));
});

test('the files a Terraform text reads (for hosts): paths in the module only, comments and computed paths left out', () => {
  const text = [
    'a = templatefile("${path.module}/policies/mfa.json.tpl", { x = 1 })',
    'b = file("./mfa.json")',
    'c = file("${path.module}/../outside.json")',
    'd = file("/etc/passwd")',
    'e = file("${var.dir}/x.json")',
    '# f = file("commented.json")',
    'g = filebase64("image.png")',
    'h = file("mfa.json")',
    '',
  ].join('\n');
  assert.deepEqual(terraformFileReferences(text), ['policies/mfa.json.tpl', 'mfa.json']);
  assert.equal(moduleFileName('"${path.module}/a/./b.json"'), 'a/b.json');
  assert.equal(moduleFileName('"C:/x.json"'), undefined);
  // Hostile input: 100,000 calls in a row, each one's path the next one's name; unclosed ones.
  assert.deepEqual(terraformFileReferences('file("'.repeat(100_000)), ['file(']);
  assert.deepEqual(terraformFileReferences('templatefile( '.repeat(100_000)), []);
});

test('a policy that only roles are attached to is not-applicable without an MFA condition; one a group is attached to is judged', () => {
  const text = read('terraform/roles.tf');
  const r = lint(text, { fileName: 'roles.tf' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/resource/aws_iam_policy/role_only/policy', 'not-applicable'],
      ['/resource/aws_iam_policy/shared/policy', 'missing'],
      // An aws_iam_policy_attachment with roles only, through the document the policy renders.
      ['/data/aws_iam_policy_document/tables', 'not-applicable'],
    ],
  );
  assert.match(r.policies[0]!.reason, /role's permissions policy/);
  assert.deepEqual(
    r.diagnostics.map((d) => d.rule),
    ['missing-mfa-deny'],
    'only the policy a group reaches is missing its deny',
  );
  // An attachment in another file of the module counts as well: a user's attachment there makes it a user's policy.
  const userAttachment =
    'resource "aws_iam_user_policy_attachment" "u" {\n  user       = "alice"\n  policy_arn = aws_iam_policy.role_only.arn\n}\n';
  const withUser = lint(text, { fileName: 'roles.tf', module: { files: [{ name: 'users.tf', text: userAttachment }] } });
  assert.equal(withUser.policies[0]!.mfa, 'missing');
  // A role policy that names MFA was meant to force it: judged as any identity policy (as in CloudFormation).
  const reach = policyReach([text]);
  assert.deepEqual([...reach.policies].sort(), ['role_only', 'tables']);
  assert.deepEqual([...reach.documents], ['tables']);
});

test('an aws_iam_role_policy, and an aws_iam_policy_attachment with users, decide role-only the same way', () => {
  const text = [
    'resource "aws_iam_role_policy" "inline" {',
    '  role   = "app"',
    '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })',
    '}',
    'resource "aws_iam_policy" "mixed" {',
    '  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })',
    '}',
    'resource "aws_iam_policy_attachment" "mixed" {',
    '  name       = "mixed"',
    '  roles      = ["app"]',
    '  users      = ["alice"]',
    '  policy_arn = aws_iam_policy.mixed.arn',
    '}',
    '',
  ].join('\n');
  assert.deepEqual(
    lint(text, { fileName: 'main.tf' }).policies.map((p) => p.mfa),
    ['not-applicable', 'missing'],
  );
});
