// Quick fixes in Terraform written in HCL (issue 13; src/core/formats/hcl/writer.ts): each fix's exact
// text after it, the result read again by the same parser (no ERROR node, every statement kept), the
// finding gone and the verdict improved as the fix promises. Request contexts (DOMAIN.md §2): a request
// signed with long-term access keys has no aws:MultiFactorAuthPresent; temporary credentials without
// MFA have "false"; with MFA, "true".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, type LintResult, applyEdits, editsOf, fixAll, lint } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';
import { parseHcl } from '../../src/core/document/parse';
import { hasError } from '../../src/core/formats/hcl/cst';
import { terraformPolicies } from '../../src/core/formats/hcl/terraform';
import { hclWriter } from '../../src/core/formats/hcl/writer';
import { getValue } from '../../src/core/document/tree';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/hcl-fixes', name), 'utf8');
const tf = (text: string): LintResult => lint(text, { fileName: 'main.tf' });
const only = (r: LintResult, rule: string): Diagnostic[] => r.diagnostics.filter((d) => d.rule === rule);
const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' };

before(async () => {
  await loadTerraformReader();
});

/** Statements of the policies Terraform renders from the text (every document and jsonencode), read by the same parser. */
function statements(text: string): number {
  const found = terraformPolicies(text, parseHcl(text)!);
  let n = 0;
  for (const doc of found.known) n += getValue(doc, 'Statement')?.items?.length ?? 1;
  return n;
}

/** The text after the fix of `rule`'s finding (the one at `at` when given), checked: it parses without error and keeps every statement. */
function fix(text: string, rule: string, at?: string): string {
  const d = only(tf(text), rule).find((x) => at === undefined || text.slice(x.offset, x.offset + x.length) === at);
  assert.ok(d, `a ${rule} finding`);
  const edits = editsOf(d.fixes[0]!);
  assert.ok(edits.length, `${rule}'s fix has edits`);
  const after = applyEdits(text, edits);
  assert.equal(hasError(parseHcl(after)!), false, `the fixed text parses:\n${after}`);
  return after;
}

test('Bool -> BoolIfExists in a policy document: the test value is written, quotes kept; weak -> enforced', () => {
  const text = fixture('weak-bool.tf');
  const r = tf(text);
  // Bool "false" denies temporary credentials without MFA but not long-term access keys (the key is absent).
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['weak'],
  );
  const after = fix(text, 'bool-without-ifexists');
  assert.equal(after, text.replace('test     = "Bool"', 'test     = "BoolIfExists"'));
  // BoolIfExists "false" also denies the absent key: access keys without MFA are denied too.
  const again = tf(after);
  assert.deepEqual(
    again.policies.map((p) => p.mfa),
    ['enforced'],
  );
  assert.deepEqual(only(again, 'bool-without-ifexists'), []);
  assert.equal(statements(after), statements(text));
});

test('a Condition operator merged from two condition blocks: the rename writes the test of each', () => {
  const text = [
    'data "aws_iam_policy_document" "x" {',
    '  statement {',
    '    effect      = "Deny"',
    '    not_actions = ["sts:GetSessionToken"]',
    '    resources   = ["*"]',
    '    condition {',
    '      test     = "Bool"',
    '      variable = "aws:SecureTransport"',
    '      values   = ["true"]',
    '    }',
    '    condition {',
    '      test     = "Bool"',
    '      variable = "aws:MultiFactorAuthPresent"',
    '      values   = ["false"]',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const found = terraformPolicies(text, parseHcl(text)!);
  const doc = [...found.known][0]!;
  const op = getValue(getValue(doc, 'Statement')!.items![0], 'Condition')!.props![0]!;
  const after = applyEdits(text, hclWriter(text, formatting, undefined).renameKey(op, 'BoolIfExists'));
  assert.equal(after, text.replaceAll('test     = "Bool"', 'test     = "BoolIfExists"'));
});

test('missing deny in a policy document: AWS deny inserted as a statement block after the last one; missing -> enforced', () => {
  const text = fixture('missing-deny.tf');
  assert.deepEqual(
    tf(text).policies.map((p) => p.mfa),
    ['missing'],
  );
  const after = fix(text, 'missing-mfa-deny');
  assert.equal(after, fixture('missing-deny.fixed.tf'));
  // The deny's BoolIfExists "false" covers access keys (absent) and temporary credentials without MFA;
  // requests with MFA ("true") pass, and not_actions leaves the enrolment actions open.
  const again = tf(after);
  assert.deepEqual(
    again.policies.map((p) => p.mfa),
    ['enforced'],
  );
  assert.deepEqual(only(again, 'missing-mfa-deny'), []);
  assert.equal(statements(after), statements(text) + 1);
});

test('jsonencode: a bare key renamed bare; the deny inserted as an HCL object in the object\'s own style ("Key": value,)', () => {
  const text = fixture('jsonencode.tf');
  assert.deepEqual(
    tf(text).policies.map((p) => p.mfa),
    ['weak', 'missing'],
  );
  const renamed = fix(text, 'bool-without-ifexists');
  assert.equal(renamed, text.replace('{ Bool = {', '{ BoolIfExists = {'));
  assert.deepEqual(
    tf(renamed).policies.map((p) => p.mfa),
    ['enforced', 'missing'],
    'the weak policy is enforced (BoolIfExists also denies access keys, where the key is absent)',
  );
  const inserted = fix(text, 'missing-mfa-deny');
  assert.equal(inserted, fixture('jsonencode.fixed.tf'));
  const again = tf(inserted);
  assert.deepEqual(
    again.policies.map((p) => p.mfa),
    ['weak', 'enforced'],
  );
  assert.equal(statements(inserted), statements(text) + 1);
});

test('lists: an item removed from a one-item-a-line list (its line) and from a one-line list; items appended in either style', () => {
  const text = fixture('lists.tf');
  // iam:ChangePassword exempted from the deny: a console user without MFA may still change the password.
  const exempt = fix(text, 'weakening-exemption');
  assert.equal(exempt, text.replace('      "iam:ChangePassword",\n', ''));
  // values = ["true", "false"]: the deny fires with MFA too (every context): a lock-out; "true" removed.
  const lockout = fix(text, 'mfa-lockout');
  assert.equal(lockout, text.replace('values   = ["true", "false"]', 'values   = ["false"]'));
  for (const after of [exempt, lockout]) assert.equal(statements(after), statements(text));
  assert.deepEqual(only(tf(lockout), 'mfa-lockout'), []);

  const missing = text.replace('      "iam:GetUser",\n', '').replace('"iam:ChangePassword",\n', '');
  const appended = fix(missing, 'missing-enrolment-exemption');
  assert.equal(appended, missing.replace('      "sts:GetSessionToken",\n', '      "sts:GetSessionToken",\n      "iam:GetUser",\n'));
  const oneLine = fixture('jsonencode.tf').replace(/NotAction = \[[^\]]*\]/, 'NotAction = ["sts:GetSessionToken"]');
  assert.equal(
    fix(oneLine, 'missing-enrolment-exemption'),
    oneLine.replace(
      '["sts:GetSessionToken"]',
      '["sts:GetSessionToken", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice"]',
    ),
  );
});

test('an item removed and others appended in one fix: the edits meet, never overlap', () => {
  const text = fixture('exempt-all-mfa.tf');
  // iam:*MFA* exempts every MFA action from the deny; the fix lists the enrolment actions in its place.
  const after = fix(text, 'weakening-exemption');
  const listed = [
    'iam:CreateVirtualMFADevice',
    'iam:EnableMFADevice',
    'iam:ListMFADevices',
    'iam:ListVirtualMFADevices',
    'iam:ResyncMFADevice',
  ];
  assert.equal(after, text.replace('      "iam:*MFA*",\n', listed.map((a) => `      "${a}",\n`).join('')));
  assert.deepEqual(only(tf(after), 'weakening-exemption'), []);
});

test('comments at line ends stay where they are; a list without a trailing comma gets commas between items only', () => {
  const text = fixture('comments.tf');
  // New items go after the comment that ends the last item's line; a comma is added after the item itself.
  assert.equal(
    fix(text, 'missing-enrolment-exemption'),
    text.replace('"iam:*MFA*" // every MFA action', '"iam:*MFA*", // every MFA action\n      "iam:GetUser"'),
  );
  // The last item removed with the comma before it; the enrolment actions listed in its place.
  assert.equal(
    fix(text, 'weakening-exemption'),
    text.replace(
      '"sts:GetSessionToken", # session tokens\n      "iam:*MFA*" // every MFA action',
      '"sts:GetSessionToken", // every MFA action\n      "iam:CreateVirtualMFADevice",\n      "iam:EnableMFADevice",\n      "iam:ListMFADevices",\n      "iam:ListVirtualMFADevices",\n      "iam:ResyncMFADevice"',
    ),
  );
  // The deny goes after the comment that ends the last statement's line.
  const inserted = fix(text, 'missing-mfa-deny');
  assert.ok(inserted.includes('  } # allow\n\n  statement {\n    sid    = "DenyAllExceptListedIfNoMFA"'), inserted);
  assert.deepEqual(
    tf(inserted).policies.map((p) => p.mfa),
    ['weak', 'enforced'],
  );
});

test('jsonencode: a member replaced keeps what stands between its key and value (a comment)', () => {
  const text = [
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Deny"',
    '      NotAction = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]',
    '      Resource /* only here */ = "arn:aws:s3:::b/*"',
    '      Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }',
    '    }]',
    '  })',
    '}',
    '',
  ].join('\n');
  // A deny on one bucket leaves every other request without MFA allowed: the fix widens it to "*".
  assert.equal(fix(text, 'narrowed-deny-scope'), text.replace('= "arn:aws:s3:::b/*"', '= "*"'));
});

test('jsonencode: a string with ${...} is written $${...} (else Terraform would interpolate it)', () => {
  const text = [
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Statement = [{ Effect = "Allow", Action = "iam:ChangePassword", Resource = ["arn:aws:iam::*:user/$${aws:username}"] }]',
    '  })',
    '}',
    '',
  ].join('\n');
  assert.equal(
    fix(text, 'user-path-not-matched'),
    // A function: in a replacement string `$$` would stand for one `$`.
    text.replace('$${aws:username}"]', () => '$${aws:username}", "arn:aws:iam::*:user/*/$${aws:username}"]'),
  );
});

test('strings: a version replaced, a policy variable appended as &{...} (the provider renders it as ${...})', () => {
  const text = [
    'data "aws_iam_policy_document" "old" {',
    '  version = "2008-10-17"',
    '  statement {',
    '    actions   = ["iam:ChangePassword"]',
    '    resources = ["arn:aws:iam::*:user/&{aws:username}"]',
    '  }',
    '}',
    '',
  ].join('\n');
  assert.equal(fix(text, 'policy-variables-need-version'), text.replace('"2008-10-17"', '"2012-10-17"'));
  assert.equal(
    fix(text, 'user-path-not-matched'),
    text.replace('&{aws:username}"]', '&{aws:username}", "arn:aws:iam::*:user/*/&{aws:username}"]'),
  );
});

test("jsonencode without Version: the member is added first, in the object's style", () => {
  const text = [
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    "Statement": [{ "Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::*:user/*/$${aws:username}" }],',
    '  })',
    '}',
    '',
  ].join('\n');
  assert.equal(fix(text, 'policy-variables-need-version'), text.replace('"Statement":', '"Version": "2012-10-17",\n    "Statement":'));
});

test('fix-all on Terraform: HCL fixes round after round until every policy is enforced, the file still HCL', () => {
  for (const name of ['weak-bool.tf', 'missing-deny.tf', 'jsonencode.tf', 'lists.tf', 'exempt-all-mfa.tf']) {
    const text = fixture(name);
    const r = fixAll(text, { fileName: 'main.tf' }, { includeSuggestions: true });
    assert.equal(r.stopped, 'done', name);
    assert.equal(hasError(parseHcl(r.text)!), false, name);
    assert.ok(statements(r.text) >= statements(text), name);
    assert.ok(
      tf(r.text).policies.every((p) => p.mfa === 'enforced'),
      `${name}:\n${r.text}`,
    );
  }
});

test("the writer's other operations in a policy document: attributes and condition blocks added, a key renamed to its attribute, the deny in an empty document", () => {
  const text = [
    'data "aws_iam_policy_document" "x" {',
    '  statement {',
    '    actions   = ["s3:*"]',
    '    resources = ["*"]',
    '  }',
    '}',
    '',
  ].join('\n');
  const doc = [...terraformPolicies(text, parseHcl(text)!).known][0]!;
  const st = getValue(doc, 'Statement')!.items![0]!;
  const w = hclWriter(text, formatting, undefined);
  const apply = (edits: ReturnType<typeof w.renameKey>) => applyEdits(text, edits);
  assert.equal(
    apply(w.insertMember(st, 'Effect', 'Deny')),
    text.replace('    resources = ["*"]\n', '    resources = ["*"]\n    effect = "Deny"\n'),
  );
  assert.equal(
    apply(w.insertMember(st, 'Condition', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } })),
    text.replace(
      '    resources = ["*"]\n',
      '    resources = ["*"]\n    condition {\n      test     = "BoolIfExists"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["false"]\n    }\n',
    ),
  );
  assert.throws(() => w.insertMember(st, 'Principal', { AWS: '*' }), /no attribute/);
  // Action -> NotAction: the attribute's name, its `=` kept in its column where the name fits.
  const action = st.props!.find((p) => p.key === 'Action')!;
  assert.equal(apply(w.renameKey(action, 'NotAction')), text.replace('actions   =', 'not_actions   ='));
  assert.equal(
    apply(w.replaceMember(action, 'NotAction', ['sts:GetSessionToken'])),
    text.replace('actions   = ["s3:*"]', 'not_actions = ["sts:GetSessionToken"]'),
  );
  assert.equal(
    apply(
      w.replaceMember(
        st.props!.find((p) => p.key === 'Resource')!,
        'Resource',
        '*',
      ),
    ),
    text,
  );
});

test('no edits where the HCL is not the node: a dynamic block, a default the front-end implied, a computed value', () => {
  const dynamic = [
    'data "aws_iam_policy_document" "d" {',
    '  dynamic "statement" {',
    '    for_each = [1]',
    '    content {',
    '      effect      = "Deny"',
    '      not_actions = ["sts:GetSessionToken"]',
    '      resources   = ["*"]',
    '      condition {',
    '        test     = "Bool"',
    '        variable = "aws:MultiFactorAuthPresent"',
    '        values   = ["false"]',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  const [bool] = only(tf(dynamic), 'bool-without-ifexists');
  assert.ok(bool, 'the statement the dynamic block makes is judged');
  assert.deepEqual(
    bool.fixes.flatMap((f) => editsOf(f)),
    [],
    'its text is a template for every statement it makes',
  );

  const text = fixture('missing-deny.tf');
  const doc = [...terraformPolicies(text, parseHcl(text)!).known][0]!;
  const writer = hclWriter(text, formatting, undefined);
  const effect = getValue(getValue(doc, 'Statement')!.items![0], 'Effect')!;
  assert.throws(() => writer.writeString(effect, 'Deny'), /no HCL node/, 'the implied Allow stands on the statement keyword');
  assert.throws(() => writer.replaceNode(getValue(doc, 'Version')!, '2012-10-17'), /no HCL/);

  // What the module computes (an unknown node: `local.exempt`) has no literal to write: no edits on it.
  const computed = [
    'resource "aws_iam_policy" "c" {',
    '  policy = jsonencode({',
    '    Statement = [{ Effect = "Deny", NotAction = local.exempt, Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } } }]',
    '  })',
    '}',
    '',
  ].join('\n');
  const [exempt] = only(tf(computed), 'weakening-exemption');
  assert.equal(computed.slice(exempt!.offset, exempt!.offset + exempt!.length), 'local.exempt');
  assert.deepEqual(
    exempt!.fixes.flatMap((f) => editsOf(f)),
    [],
  );
  const unknown = getValue(getValue([...terraformPolicies(computed, parseHcl(computed)!).known][0]!, 'Statement')!.items![0], 'NotAction')!;
  assert.equal(unknown.type, 'unknown');
  const w = hclWriter(computed, formatting, undefined);
  assert.throws(() => w.writeString(unknown, 'iam:GetUser'), /no HCL node/);
  assert.throws(() => w.appendItems(unknown, ['iam:GetUser']), /no HCL node/);
  assert.throws(() => w.replaceNode(unknown, ['iam:GetUser']), /no HCL value/);
});
