// scripts/corpus.mjs with Terraform modules: the corpus's Terraform files come from different repositories, so
// each is linted in a folder of its own (the CLI reads a folder's *.tf files as one module), with the files of its
// module that sources.json's `module` lists: a module whose deny exists only with its defaults is then judged
// with them, and another corpus file's variables are never taken for its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempTree } from '../fixtures/cli/harness';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/corpus.mjs');

// A document whose deny (BoolIfExists "false": it fires for access keys and sessions without MFA) is emitted
// only when var.enforce is true.
const module = [
  'data "aws_iam_policy_document" "mfa" {',
  '  statement {',
  '    sid       = "AllowListDevices"',
  '    actions   = ["iam:ListVirtualMFADevices"]',
  '    resources = ["*"]',
  '  }',
  '  dynamic "statement" {',
  '    for_each = var.enforce ? [1] : []',
  '    content {',
  '      sid         = "DenyWithoutMfa"',
  '      effect      = "Deny"',
  '      not_actions = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice"]',
  '      resources   = ["*"]',
  '      condition {',
  '        test     = "BoolIfExists"',
  '        variable = "aws:MultiFactorAuthPresent"',
  '        values   = ["false"]',
  '      }',
  '    }',
  '  }',
  '}',
  '',
].join('\n');
const allow = { Sid: 'AllowListDevices', Effect: 'Allow', Action: 'iam:ListVirtualMFADevices', Resource: '*' };
const deny = {
  Sid: 'DenyWithoutMfa',
  Effect: 'Deny',
  NotAction: [
    'iam:CreateVirtualMFADevice',
    'iam:EnableMFADevice',
    'iam:GetUser',
    'iam:ListMFADevices',
    'iam:ListVirtualMFADevices',
    'iam:ResyncMFADevice',
  ],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
};
const READ = ['s3:GetObject', 's3:ListBucket', 'sqs:ReceiveMessage', 'sns:ListTopics', 'ec2:DescribeInstances', 'rds:DescribeDBInstances'];
const listDevices = 'actions   = ["iam:ListVirtualMFADevices"]';
const readActions = `actions   = ${JSON.stringify(READ)}`;
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);

interface Row {
  file: string;
  original?: { mfa: string };
  copy?: { mfa: string };
  match?: boolean;
}

test('corpus.mjs lints each Terraform file in a folder of its own, with the module files sources.json lists', { timeout: 120_000 }, () => {
  if (!existsSync(path.join(root, 'dist/cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  const t = tempTree({
    'files/a.tf': module,
    // Another repository's file beside it in files/: its enforce = false must not be taken for a.tf's.
    // (Its allow lists more actions: the copy without the deny still shares most of the original's text.)
    'files/b.tf': `variable "enforce" {\n  default = false\n}\n${module.replace('"mfa"', '"other"').replace(listDevices, readActions)}`,
    'modules/a/variables.tf': 'variable "enforce" {\n  type    = bool\n  default = true\n}\n',
    'extracted/a.json': policy(allow, deny),
    'extracted/b.json': policy({ ...allow, Action: READ }),
    'sources.json': JSON.stringify({
      'a.tf': { format: 'terraform', extracted: ['a.json'], module: { 'variables.tf': 'modules/a/variables.tf' } },
      'b.tf': { format: 'terraform', extracted: ['b.json'] },
    }),
  });
  try {
    const run = spawnSync(process.execPath, [script, t.dir, '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const rows = (JSON.parse(run.stdout) as { rows: Row[] }).rows;
    const row = (file: string) => rows.find((r) => r.file === file)!;
    // a.tf with its module's enforce = true: the deny is emitted, enforced as its copy.
    assert.deepEqual([row('a.tf').original?.mfa, row('a.tf').copy?.mfa, row('a.tf').match], ['enforced', 'enforced', true]);
    // b.tf with its own enforce = false: no deny, missing as its copy.
    assert.deepEqual([row('b.tf').original?.mfa, row('b.tf').copy?.mfa, row('b.tf').match], ['missing', 'missing', true]);
  } finally {
    t.cleanup();
  }
});
