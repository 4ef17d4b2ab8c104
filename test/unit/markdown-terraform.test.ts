// Terraform fences in Markdown read by the HCL front-end (issue 13): a ```hcl / ```terraform / ```tf
// block holding an aws_iam_policy_document or a jsonencode policy is linted as a Terraform file where it
// stands, once the HCL reader is loaded: findings on the page's own characters, fixes written in HCL
// inside the fence (its list indentation and `> ` markers kept). Request contexts (DOMAIN.md §2): a
// request signed with long-term access keys has no aws:MultiFactorAuthPresent; temporary credentials
// without MFA have "false"; with MFA, "true".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyEdits, editsOf, fixAll, lint, type LintResult, needsTerraformReader } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';
import { markdownPieces } from '../../src/core/formats/markdown';
import { parseHcl } from '../../src/core/document/parse';
import { hasError } from '../../src/core/formats/hcl/cst';

const FIXTURES = path.join(__dirname, '../fixtures/markdown');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const md = (text: string): LintResult => lint(text, { fileName: 'README.md' });
const span = (text: string, r: { offset: number; length: number }): string => text.slice(r.offset, r.offset + r.length);

before(async () => {
  await loadTerraformReader();
});

const WEAK_DOCUMENT = [
  '# MFA',
  '',
  '- The policy:',
  '',
  '  ```terraform',
  '  data "aws_iam_policy_document" "mfa" {',
  '    statement {',
  '      effect      = "Deny"',
  '      not_actions = ["iam:ListMFADevices"]',
  '      resources   = ["*"]',
  '      condition {',
  '        test     = "Bool"',
  '        variable = "aws:MultiFactorAuthPresent"',
  '        values   = ["false"]',
  '      }',
  '    }',
  '  }',
  '  ```',
  '',
].join('\n');

test('an aws_iam_policy_document in a ```hcl fence is read by the HCL front-end: enforced, no unreadable-policy finding', () => {
  const text = fixture('terraform-no-heredoc.md');
  const r = md(text);
  // BoolIfExists "false" on a NotAction deny: access keys (key absent) and temporary credentials without MFA
  // ("false") are denied all but the listed enrolment actions; with MFA ("true") nothing is denied.
  assert.deepEqual(
    r.policies.map((p) => [p.mfa, p.pointer]),
    [['enforced', '#block-1/data/aws_iam_policy_document/mfa']],
  );
  // Read, so no unreadable-policy finding: only the policy's own (its NotAction omits some enrolment actions).
  assert.deepEqual(
    r.diagnostics.map((d) => d.rule),
    ['missing-enrolment-exemption'],
  );
  assert.ok(span(text, r.policies[0]!).startsWith('data "aws_iam_policy_document"'));
});

test('a weak policy document in a list item: the finding on the page characters, the HCL fix written inside the fence with its indentation', () => {
  const text = WEAK_DOCUMENT;
  const r = md(text);
  // Bool "false": temporary credentials without MFA are denied, long-term access keys (key absent) are not: weak.
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['weak'],
  );
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.equal(span(text, d), '"Bool"');
  const after = applyEdits(text, editsOf(d.fixes[0]!));
  assert.equal(after, text.replace('test     = "Bool"', 'test     = "BoolIfExists"'));
  // Now the absent key is denied too: enforced.
  assert.deepEqual(
    md(after).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a missing deny inserted into a fenced policy document: a statement block in HCL, each line behind the list indentation and quote marker', () => {
  const text = [
    '> ```hcl',
    '> data "aws_iam_policy_document" "mfa" {',
    '>   statement {',
    '>     effect    = "Allow"',
    '>     actions   = ["s3:GetObject"]',
    '>     resources = ["*"]',
    '>   }',
    '> }',
    '> ```',
    '',
  ].join('\n');
  const r = md(text);
  // No deny at all: every request context (key absent, "false", "true") is allowed s3:GetObject: no MFA enforced.
  assert.notEqual(r.policies[0]!.mfa, 'enforced');
  const d = r.diagnostics.find((x) => x.rule === 'missing-mfa-deny')!;
  const fix = d.fixes.find((f) => editsOf(f).some((e) => e.content.includes('statement')))!;
  assert.ok(fix, 'an HCL statement block is offered');
  const after = applyEdits(text, editsOf(fix));
  const fence = after
    .split('\n')
    .filter((l, i, all) => i > 0 && i < all.length - 2)
    .map((l) => {
      assert.ok(l === '>' || l.startsWith('> '), `a quoted line: ${JSON.stringify(l)}`);
      return l.slice(2);
    })
    .join('\n');
  assert.equal(hasError(parseHcl(fence)!), false, `the fence still parses:\n${fence}`);
  assert.ok(fence.includes('not_actions') && fence.includes('BoolIfExists'), fence);
  // The inserted deny refuses every action but enrolment when the key is absent or "false": enforced.
  assert.deepEqual(
    md(after).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a jsonencode policy in a ```tf fence is read; fix-all writes HCL inside the page', () => {
  const text = [
    '```tf',
    'resource "aws_iam_policy" "p" {',
    '  policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Deny"',
    '      NotAction = ["iam:ListMFADevices"]',
    '      Resource  = "*"',
    '      Condition = { Bool = { "aws:MultiFactorAuthPresent" = "false" } }',
    '    }]',
    '  })',
    '}',
    '```',
    '',
  ].join('\n');
  // Bool "false": weak, as above (access keys without MFA pass).
  assert.deepEqual(
    md(text).policies.map((p) => p.mfa),
    ['weak'],
  );
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  assert.ok(fixed.includes('BoolIfExists = {') || fixed.includes('BoolIfExists ='), fixed);
  assert.deepEqual(
    md(fixed).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a heredoc policy in a Terraform fence is read once (by the HCL front-end), with its template escapes', () => {
  const text = fixture('terraform-heredoc.md');
  const r = md(text);
  assert.equal(r.policies.length, 1);
  assert.ok(r.policies[0]!.pointer.startsWith('#block-2'), r.policies[0]!.pointer);
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  assert.ok(fixed.includes('"BoolIfExists"') && fixed.includes('$${aws:username}') && fixed.includes('${var.bucket}'), fixed);
});

test('hosts load the reader only for a page with a Terraform fence that looks like a policy', () => {
  assert.equal(needsTerraformReader(fixture('terraform-no-heredoc.md'), 'README.md'), true);
  assert.equal(needsTerraformReader(WEAK_DOCUMENT, 'docs/mfa.markdown'), true);
  assert.equal(needsTerraformReader('```hcl\nresource "aws_s3_bucket" "b" {}\n```\n', 'README.md'), false);
  assert.equal(needsTerraformReader('```json\n{"Statement": []}\n```\n', 'README.md'), false);
  assert.equal(needsTerraformReader('# no fence, statement { effect = "Deny" }\n', 'README.md'), false);
  // A Terraform file itself always needs it; other files never.
  assert.equal(needsTerraformReader('', 'main.tf'), true);
  assert.equal(needsTerraformReader(fixture('terraform-no-heredoc.md'), 'policy.json'), false);
});

test('with the reader loaded, markdownPieces hands the fence to the HCL front-end, and reports nothing unreadable', () => {
  const got = markdownPieces(fixture('terraform-no-heredoc.md'), { readsHcl: true });
  assert.deepEqual(got.unreadable, []);
  assert.deepEqual(
    got.terraform.map((t) => t.pointer),
    ['#block-1'],
  );
});
