// The HCL front-end (issue 13): Terraform files read through tree-sitter's grammar (src/core/hcl.ts loads it;
// src/core/formats/hcl reads the tree): policy documents rendered as the JSON Terraform makes, jsonencode trees,
// JSON in heredocs and quoted strings, unknowns, the module's defaults, a half-typed file, hostile input.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, type LintResult, applyEdits, editsOf, lint } from '../../src/core';
import { TERRAFORM_GRAMMAR_DIR, TREE_SITTER_WASM_DIR, loadTerraformReader } from '../lib/hcl-reader';
import { parseHcl } from '../../src/core/document/parse';
import { terraformPolicies } from '../../src/core/formats/hcl/terraform';
import { getValue, toValue } from '../../src/core/document/tree';
import { hasError, type HclNode } from '../../src/core/formats/hcl/cst';
import { copyCursor } from '../../src/core/formats/hcl/copy';
import { withoutAttributeCommas } from '../../src/core/formats/hcl/hcl1';
import { readTerraformReferences } from '../../src/core/formats/hcl/references';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/terraform', name), 'utf8');
const tf = (text: string): LintResult => lint(text, { fileName: 'main.tf' });
const only = (r: LintResult, rule: string): Diagnostic[] => r.diagnostics.filter((d) => d.rule === rule);
const slice = (text: string, d: { offset: number; length: number }): string => text.slice(d.offset, d.offset + d.length);
const cstOf = (text: string): HclNode => parseHcl(text)!;

before(async () => {
  await loadTerraformReader();
});

test('a policy document is the JSON Terraform renders: defaults (Version, Effect Allow), keys renamed, HCL booleans as strings', () => {
  const text = fixture('document.tf');
  const found = terraformPolicies(text, cstOf(text));
  const doc = getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'force_mfa')!;
  assert.ok(found.known.has(doc));
  assert.deepEqual(toValue(doc), {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'],
        Resource: ['*'],
        Effect: 'Allow',
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [
          'iam:CreateVirtualMFADevice',
          'iam:EnableMFADevice',
          'iam:GetUser',
          'iam:ListMFADevices',
          'iam:ListVirtualMFADevices',
          'iam:ResyncMFADevice',
          'sts:GetSessionToken',
        ],
        Resource: ['*'],
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['false'] } },
      },
    ],
  });
  // Each node stands on the HCL that produced it.
  const [allow, deny] = getValue(doc, 'Statement')!.items!;
  assert.equal(slice(text, doc), text.slice(text.indexOf('data "aws_iam_policy_document"'), text.indexOf('\n\nresource')));
  assert.equal(slice(text, getValue(allow, 'Effect')!), 'statement', 'the implied Allow stands on its statement keyword');
  assert.equal(slice(text, getValue(doc, 'Version')!), 'data');
  assert.equal(slice(text, getValue(deny, 'Sid')!), '"DenyAllExceptListedIfNoMFA"');
  const bool = getValue(deny, 'Condition')!.props![0]!;
  assert.equal(text.slice(bool.keyOffset, bool.keyOffset + bool.keyLength), '"Bool"');
  const values = getValue(bool.value, 'aws:MultiFactorAuthPresent')!;
  assert.equal(slice(text, values), '[false]');
  assert.equal(slice(text, values.items![0]!), 'false');
});

test('lint of a policy document: verdict, pointer and findings on the HCL', () => {
  const text = fixture('document.tf');
  const r = tf(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.kind, p.mfa, slice(text, p).split('\n')[0]]),
    [['/data/aws_iam_policy_document/force_mfa', 'identity', 'weak', 'data "aws_iam_policy_document" "force_mfa" {']],
  );
  const [bool] = only(r, 'bool-without-ifexists');
  assert.equal(slice(text, bool!), '"Bool"', 'on the test = "Bool" line\'s value');
  assert.equal(bool!.policy, 0);
  // Its fix is written in HCL (test/unit/hcl-fixes.test.ts): the test's value, quotes kept.
  assert.deepEqual(
    bool!.fixes.flatMap((f) => editsOf(f)).map((e) => [slice(text, e), e.content]),
    [['"Bool"', '"BoolIfExists"']],
  );
  assert.deepEqual(only(r, 'json-syntax'), []);
});

test('jsonencode, heredocs (<<EOF, <<-EOF) and quoted strings: each policy read where it is written', () => {
  const text = fixture('forms.tf');
  const r = tf(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/resource/aws_iam_policy/encoded/policy', 'weak'],
      ['/resource/aws_iam_user_policy/heredoc/policy', 'weak'],
      ['/resource/aws_iam_group_policy/indented/policy', 'missing'],
      ['/resource/aws_iam_user_policy/quoted/policy', 'missing'],
    ],
  );
  assert.equal(slice(text, r.policies[0]!), text.slice(text.indexOf('{\n    Version'), text.indexOf('\n  })') + 4));
  assert.deepEqual(
    only(r, 'weakening-exemption').map((d) => slice(text, d)),
    ['"iam:*"', '"iam:ChangePassword"'],
  );
  // In the heredoc: on its JSON, through the template's `${...}` (computed) and `$${` (the literal `${`).
  const [bool] = only(r, 'bool-without-ifexists');
  assert.equal(slice(text, bool!), '"Bool"');
  assert.ok(bool!.offset > text.indexOf('<<EOF'));
  // In the quoted string: through its escapes.
  const missing = only(r, 'missing-mfa-deny').map((d) => slice(text, d));
  assert.deepEqual(missing, ['"Statement"', '\\"Statement\\"']);
  // A heredoc's JSON fix is written as JSON in it; a quoted string's as JSON with HCL's escapes (quotes, line breaks).
  const quoted = only(r, 'missing-mfa-deny')[1]!;
  const written = editsOf(quoted.fixes[0]!);
  assert.ok(written.length && written.every((e) => !/[\n"]/.test(e.content.replaceAll('\\"', ''))), JSON.stringify(written));
  const after = applyEdits(text, written);
  assert.equal(hasError(parseHcl(after)!), false, after);
  assert.equal(only(tf(after), 'missing-mfa-deny').length, 1, 'the quoted policy has its deny');
});

test("the module's defaults decide a dynamic statement, and the finding says so", () => {
  const text = fixture('dynamic.tf');
  const r = tf(text);
  assert.equal(r.policies[0]!.mfa, 'missing');
  const note = 'Judged with the default manage_explicit_deny = false, the deny at line 13 is not emitted.';
  assert.ok(r.policies[0]!.reason.endsWith(note), r.policies[0]!.reason);
  const [finding] = only(r, 'missing-mfa-deny');
  assert.equal(slice(text, finding!), '"this"');
  assert.ok(finding!.message.endsWith(note), finding!.message);
  // With the default true, the deny is there.
  const on = tf(text.replace('default = false', 'default = true'));
  assert.equal(on.policies[0]!.mfa, 'enforced');
  assert.match(on.policies[0]!.reason, /with the default manage_explicit_deny = true, the deny at line 13 is emitted/);
  // A for_each the file does not decide: one unknown statement, never enforced, never an error.
  const unknown = tf(text.replace('var.manage_explicit_deny ? [1] : []', 'var.statements'));
  assert.notEqual(unknown.policies[0]!.mfa, 'enforced');
  assert.match(unknown.policies[0]!.reason, /statement 2/);
  assert.deepEqual(only(unknown, 'iam-schema'), []);
});

test('count = 0 with the defaults: the block is not made, so it is not read', () => {
  const text = `variable "create" {\n  default = false\n}\n\ndata "aws_iam_policy_document" "x" {\n  count = var.create ? 1 : 0\n  statement {\n    actions   = ["s3:*"]\n    resources = ["*"]\n  }\n}\n`;
  assert.deepEqual(tf(text).policies, []);
  assert.equal(tf(text.replace('default = false', 'default = true')).policies.length, 1);
  // Not decided by the file: read.
  assert.equal(tf(text.replace('var.create ? 1 : 0', 'local.n')).policies.length, 1);
});

test('references, variables, function calls and interpolations are unknown values: never an error, never enforced', () => {
  const text = `data "aws_iam_policy_document" "x" {
  statement {
    effect      = var.effect
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
    resources   = ["arn:\${data.aws_partition.current.partition}:iam::*:user/x", upper("y")]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}
`;
  const found = terraformPolicies(text, cstOf(text));
  const st = getValue(getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'x'), 'Statement')!.items![0]!;
  assert.equal(getValue(st, 'Effect')!.type, 'unknown');
  assert.equal(slice(text, getValue(st, 'Effect')!), 'var.effect');
  assert.deepEqual(
    getValue(st, 'Resource')!.items!.map((n) => [n.type, slice(text, n)]),
    [
      ['unknown', '"arn:${data.aws_partition.current.partition}:iam::*:user/x"'],
      ['unknown', 'upper("y")'],
    ],
  );
  const r = tf(text);
  assert.notEqual(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(only(r, 'iam-schema'), []);
});

test('source_policy_documents in the same file are merged; elsewhere, one unknown statement', () => {
  const base = `data "aws_iam_policy_document" "deny" {
  statement {
    sid         = "DenyAllExceptListedIfNoMFA"
    effect      = "Deny"
    not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]
    resources   = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}

data "aws_iam_policy_document" "all" {
  source_policy_documents = [data.aws_iam_policy_document.deny.json]
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
`;
  const r = tf(base);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/data/aws_iam_policy_document/deny', 'enforced'],
      ['/data/aws_iam_policy_document/all', 'enforced'],
    ],
  );
  const elsewhere = tf(base.replace('data.aws_iam_policy_document.deny.json', 'module.x.json'));
  assert.notEqual(elsewhere.policies[1]!.mfa, 'enforced');
});

test('a half-typed file: the block being typed is one unreadable part, the others are read', () => {
  const text = fixture('half-typed.tf');
  const r = tf(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [['/resource/aws_iam_policy/done/policy', 'missing']],
  );
  const [u] = only(r, 'unreadable-policy');
  assert.equal(slice(text, u!), 'data "aws_iam_policy_document" "typing"');
  assert.match(u!.message, /syntax error \(line 5\)/);
  // Typing in the last block hides nothing before it.
  const early = tf(`${fixture('document.tf')}\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Deny`);
  assert.deepEqual(
    early.policies.map((p) => p.mfa),
    ['weak'],
  );
  assert.equal(only(early, 'unreadable-policy').length, 1);
});

test('a file with no policy gives nothing; a heredoc that is not a policy is not read', () => {
  assert.deepEqual(tf('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n  tags = { a = "b" }\n}\n'), { policies: [], diagnostics: [] });
  assert.deepEqual(tf('locals {\n  x = <<EOF\nhello ${var.x}\nEOF\n}\n'), { policies: [], diagnostics: [] });
});

test('hostile input is bounded: deep nesting, 10,000 blocks, a 1 MB file', () => {
  const deep = `locals {\n  x = jsonencode(${'['.repeat(20000)}${']'.repeat(20000)})\n}\n`;
  assert.deepEqual(
    tf(deep).diagnostics.map((d) => d.rule),
    [],
  );
  const deepBool = `data "aws_iam_policy_document" "x" {\n  dynamic "statement" {\n    for_each = ${'!'.repeat(5000)}var.x ? [1] : []\n    content {}\n  }\n}\nvariable "x" {\n  default = true\n}\n`;
  assert.equal(tf(deepBool).policies.length, 1);
  const block = (i: number) =>
    `data "aws_iam_policy_document" "p${i}" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["*"]\n  }\n}\n`;
  const many = Array.from({ length: 10000 }, (_, i) => block(i)).join('\n');
  const r = tf(many);
  assert.equal(r.policies.length, 10000);
  assert.ok(r.diagnostics.length <= 1001, 'findings capped per file');
  // A block being typed before thousands of others: each part parsed once more, every other block read.
  const typing = 'data "aws_iam_policy_document" "x" {\n  statement {\n    effect = "Deny\n  }\n}\n';
  const parts = tf(typing + Array.from({ length: 2000 }, (_, i) => block(i)).join('\n'));
  assert.equal(parts.policies.length, 2000);
  assert.equal(only(parts, 'unreadable-policy').length, 1);
  for (const garbage of ['{'.repeat(100000), `a = ${'('.repeat(50000)}1${')'.repeat(50000)}`, 'x = "'.repeat(100000)]) {
    const g = tf(garbage);
    assert.deepEqual(g.policies, []);
    assert.ok(!g.diagnostics.some((d) => d.rule === 'internal-error'));
  }
  const big = `resource "aws_iam_policy" "big" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": [${Array.from({ length: 12000 }, () => '{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}').join(', ')}]}\nEOF\n}\n`;
  assert.ok(big.length > 700_000);
  const b = tf(big);
  assert.equal(b.policies.length, 1);
  assert.ok(!b.diagnostics.some((d) => d.rule === 'internal-error'));
});

test('nothing passes silently: a file that looks like a policy where none is read is one unreadable part at the sign', () => {
  const text = 'module "group" {\n  source = "x"\n}\n\nstatement {\n  effect = "Deny"\n}\n';
  const r = tf(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, slice(text, d)]),
    [['unreadable-policy', 'statement']],
  );
  assert.match(r.diagnostics[0]!.message, /holds no policy document, jsonencode or JSON policy string that force-mfa reads/);
});

test('a policy document declared as a resource by mistake is read as the one its author meant', () => {
  const text = 'resource "aws_iam_policy_document" "x" {\n  statement {\n    actions   = ["s3:*"]\n    resources = ["*"]\n  }\n}\n';
  assert.deepEqual(
    tf(text).policies.map((p) => [p.pointer, p.mfa]),
    [['/resource/aws_iam_policy_document/x', 'missing']],
  );
});

test('an HCL object written as a policy (a local jsonencoded elsewhere) is read by its content', () => {
  const text = `locals {\n  deny = {\n    Version   = "2012-10-17"\n    Statement = [{ Effect = "Deny", NotAction = "iam:*", Resource = "*", Condition = { Bool = { "aws:MultiFactorAuthPresent" = false } } }]\n  }\n}\n\nresource "aws_iam_policy" "p" {\n  policy = jsonencode(local.deny)\n}\n`;
  const r = tf(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [['/locals/deny', 'weak']],
  );
  assert.deepEqual(
    only(r, 'bool-without-ifexists').map((d) => slice(text, d)),
    ['Bool'],
  );
});

test("a heredoc's JSON fix is written in the heredoc, and the file still reads: Bool becomes BoolIfExists", () => {
  const text = fixture('forms.tf');
  const [bool] = only(tf(text), 'bool-without-ifexists');
  const fix = bool!.fixes.find((f) => f.kind === 'safe')!;
  const fixed = applyEdits(text, editsOf(fix));
  assert.equal(fixed, text.replace('"Condition": { "Bool":', '"Condition": { "BoolIfExists":'));
  assert.deepEqual(only(tf(fixed), 'bool-without-ifexists'), []);
});

test('a policy document writes policy variables as &{aws:username}: rendered as ${aws:username}', () => {
  const text = `data "aws_iam_policy_document" "x" {\n  statement {\n    actions   = ["iam:CreateVirtualMFADevice"]\n    resources = ["arn:aws:iam::*:mfa/&{aws:username}"]\n  }\n}\n`;
  const found = terraformPolicies(text, cstOf(text));
  const st = getValue(getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'x'), 'Statement')!.items![0]!;
  assert.deepEqual(toValue(getValue(st, 'Resource')!), ['arn:aws:iam::*:mfa/${aws:username}']);
  const [named] = only(tf(text), 'named-mfa-device-resource');
  assert.equal(slice(text, named!), '"arn:aws:iam::*:mfa/&{aws:username}"');
});

test('the tree copy leaves out top-level blocks that cannot hold a policy, and what is read is the same as from the whole tree', async () => {
  const { Parser, Language } = await import('web-tree-sitter');
  await Parser.init({ locateFile: (name: string) => path.join(TREE_SITTER_WASM_DIR, name) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(TERRAFORM_GRAMMAR_DIR, 'tree-sitter-terraform.wasm')));
  const copies = (text: string): { whole: HclNode; kept: HclNode } => {
    const tree = parser.parse(text)!;
    const [a, b] = [tree.walk(), tree.walk()];
    try {
      return { whole: copyCursor(a, tree.rootNode.hasError), kept: copyCursor(b, tree.rootNode.hasError, text) };
    } finally {
      a.delete();
      b.delete();
      tree.delete();
    }
  };
  const plain = 'resource "aws_instance" "app" {\n  ami = "ami-1"\n  tags = { Name = "app" }\n}\n';
  const text = `${plain.repeat(500)}variable "x" {\n  default = true\n}\n${fixture('forms.tf')}${plain.repeat(500)}${fixture('document.tf')}`;
  const heads = (cst: HclNode): string[] =>
    cst.children[0]!.children.filter((c) => c.type === 'block').map((b) => text.slice(b.start, text.indexOf('{', b.start)).trim());
  const { whole, kept } = copies(text);
  // The 1,000 plain blocks are left out; the variable and every block with a policy are kept.
  assert.equal(heads(whole).filter((h) => h === 'resource "aws_instance" "app"').length, 1000);
  assert.equal(heads(kept).filter((h) => h === 'resource "aws_instance" "app"').length, 0);
  assert.ok(heads(kept).includes('variable "x"'));
  assert.ok(heads(kept).includes('data "aws_iam_policy_document" "force_mfa"'));
  const read = (cst: HclNode) => {
    const f = terraformPolicies(text, cst);
    return { root: toValue(f.root), pieces: f.pieces.map((p) => [p.pointer, p.text]), unreadable: f.unreadable, notes: [...f.notes] };
  };
  assert.deepEqual(read(kept), read(whole));
  // The generated Terraform of the bench, and every fixture: the same policies from either copy.
  const { generateHcl } = await import('../../bench/lib/terraform-hcl.mjs');
  for (const t of [generateHcl(60_000, 7), ...['document.tf', 'dynamic.tf', 'forms.tf'].map(fixture)]) {
    const c = copies(t);
    const f = (cst: HclNode) => toValue(terraformPolicies(t, cst).root);
    assert.deepEqual(f(c.kept), f(c.whole));
  }
  // A file with a syntax error is copied whole (its parts are parsed again, each with the same rule).
  const broken = copies(`${plain}resource "aws_iam_policy" "p" {\n  policy = "{\n}\n`);
  assert.deepEqual(broken.kept, broken.whole);
});

test("data.aws_partition, aws_caller_identity and aws_region are read as CloudFormation's pseudo-parameters (the configured partition, any account, any region), and the file's locals made of them or of strings", () => {
  const text = `locals {
  partition = data.aws_partition.current.partition
  account   = "123456789012"
  from_var  = var.x
}
data "aws_iam_policy_document" "x" {
  statement {
    actions   = ["iam:ListMFADevices"]
    resources = [
      "arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:mfa/&{aws:username}",
      "\${var.x}",
      data.aws_region.current.name,
      "arn:\${data.aws_partition.current.partition}:s3:::b/\${local.x}",
      "arn:\${local.partition}:iam::\${local.account}:user/x",
      "\${local.from_var}",
    ]
  }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:\${data.aws_partition.p.partition}:s3:::&{x}" }] })
}
`;
  const found = terraformPolicies(text, cstOf(text));
  readTerraformReferences(text, cstOf(text), found.root, 'aws-cn');
  const doc = getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'x')!;
  const resources = getValue(getValue(doc, 'Statement')!.items![0]!, 'Resource')!.items!;
  assert.deepEqual(
    resources.map((n) => (n.type === 'unknown' ? 'unknown' : n.value)),
    ['arn:aws-cn:iam::*:mfa/${aws:username}', 'unknown', '*', 'unknown', 'arn:aws-cn:iam::123456789012:user/x', 'unknown'],
  );
  // Each keeps its source range: a finding stands on the attribute as written.
  assert.equal(slice(text, resources[2]!), 'data.aws_region.current.name');
  // In jsonencode, &{ is what it says (only a policy document renders it as a policy variable).
  const encoded = getValue(getValue(getValue(found.root, 'resource'), 'aws_iam_policy'), 'p')!;
  const statement = getValue(getValue(encoded, 'policy') ?? encoded, 'Statement')!.items![0]!;
  assert.equal(getValue(statement, 'Resource')!.value, 'arn:aws-cn:s3:::&{x}');
});

test("Terraform 0.11's commas after attributes: the block is read (the commas are read as spaces), other errors still make it unreadable", () => {
  const block = (tail: string) => `data "aws_iam_policy_document" "old" {
  statement {
    sid = "DenyWithoutMfa",
    effect = "Deny"
    not_actions = [
      "iam:ChangePassword",
      "sts:GetSessionToken",
    ],
    resources = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"],
    }${tail}
  }
}
`;
  const text = block('');
  const r = tf(text);
  assert.equal(r.policies.length, 1);
  assert.deepEqual(only(r, 'unreadable-policy'), []);
  const found = terraformPolicies(text, cstOf(text), parseHcl);
  const st = getValue(getValue(getValue(getValue(found.root, 'data'), 'aws_iam_policy_document'), 'old'), 'Statement')!.items![0]!;
  assert.deepEqual(toValue(getValue(st, 'NotAction')!), ['iam:ChangePassword', 'sts:GetSessionToken']);
  assert.equal(slice(text, getValue(st, 'Sid')!), '"DenyWithoutMfa"');
  // Another error in the same block: unreadable, as before.
  const broken = block('\n    effect = = "Allow"');
  assert.equal(tf(broken).policies.length, 0);
  assert.equal(only(tf(broken), 'unreadable-policy').length, 1);
  // The repair only touches a comma before an attribute, a block or a closing brace.
  assert.equal(withoutAttributeCommas('a = [\n  "x",\n  "y",\n]\n'), undefined);
  assert.equal(withoutAttributeCommas('a = [1],\nb = 2\n'), 'a = [1] \nb = 2\n');
  assert.equal(withoutAttributeCommas('a = [1],\r\n\r\n  b {\r\n}\r\n'), 'a = [1] \r\n\r\n  b {\r\n}\r\n');
  // A CRLF file reads the same.
  assert.equal(tf(text.replaceAll('\n', '\r\n')).policies.length, 1);
});
