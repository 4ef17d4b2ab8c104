// unknown-action: a name no AWS service defines (a misspelled action, a near-miss service prefix) or a
// wildcard that matches no action, in JSON, YAML and Terraform, with a "did you mean" suggestion written
// in the file's own syntax; nothing at all before the catalogue of actions is provided. Verdicts: the
// rule never changes one; what the corrected name permits is the user's call (a suggestion, so fix-all
// without suggestions leaves the text as it is).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/core/yaml';
import { applyEdits, editsOf, fixAll, lint, type LintOptions } from '../../src/core';
import { provideActionCatalogue } from '../../src/core/mfa/action-catalogue';
import { provideTestActionCatalogue } from '../lib/action-catalogue';
import { loadTerraformReader } from '../lib/hcl-reader';

const RULE = 'unknown-action';
const policy = (actions: string[], key = 'Action') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', [key]: actions, Resource: '*' }] }, null, 2);
const findings = (text: string, options: LintOptions = {}) => lint(text, options).diagnostics.filter((d) => d.rule === RULE);

before(async () => {
  await loadTerraformReader();
});

test('before the catalogue is provided the rule says nothing (the editor before it has read the file)', () => {
  // Runs first in this file: nothing has provided the catalogue to this process yet.
  assert.equal(provideActionCatalogue({}), false);
  assert.deepEqual(findings(policy(['s3:GetObjets', 'dyanmodb:PutItem'])), []);
});

test('a misspelled action of a known service: "did you mean", the fix a suggestion in JSON', () => {
  provideTestActionCatalogue();
  const text = policy(['s3:GetObjets']);
  const [f, ...rest] = findings(text);
  assert.equal(rest.length, 0);
  assert.equal(f!.message, '"s3:GetObjets" is not an action of Amazon S3 (s3): did you mean "s3:GetObject"?');
  assert.equal(f!.severity, 'warning');
  assert.equal(text.slice(f!.offset, f!.offset + f!.length), '"s3:GetObjets"');
  assert.equal(f!.fixes[0]!.kind, 'suggestion');
  const fixed = applyEdits(text, editsOf(f!.fixes[0]!));
  assert.ok(fixed.includes('"s3:GetObject"'));
  assert.deepEqual(findings(fixed), []);
  assert.equal(fixAll(text, {}, { includeSuggestions: false }).text, text, 'never applied without suggestions');
});

test('the name of an action of one other service: that service suggested (found in a public policy: iam:GetSessionToken)', () => {
  provideTestActionCatalogue();
  const [f] = findings(policy(['iam:GetSessionToken']));
  assert.equal(
    f!.message,
    '"iam:GetSessionToken" is not an action of AWS Identity and Access Management (IAM) (iam): did you mean "sts:GetSessionToken"?',
  );
  // AWS retired SMS MFA: these names are in old policies, and in no service now.
  assert.equal(findings(policy(['iam:RequestSmsMfaRegistration']))[0]!.fixes.length, 0);
});

test('a near-miss service prefix: the prefix corrected, and the name too when it is also misspelled', () => {
  provideTestActionCatalogue();
  const [a, b] = findings(policy(['dyanmodb:PutItem', 'dyanmodb:PutItme'], 'NotAction'));
  assert.equal(a!.message, '"dyanmodb:PutItem": no AWS service has the prefix "dyanmodb": did you mean "dynamodb:PutItem"?');
  assert.equal(b!.message, '"dyanmodb:PutItme": no AWS service has the prefix "dyanmodb": did you mean "dynamodb:PutItem"?');
});

test('wildcards: one that matches nothing is a finding without a fix; one that matches is fine', () => {
  provideTestActionCatalogue();
  const [f, ...rest] = findings(policy(['s3:GetObjekt*', 's3:Get*', '*:GetObject', 's3:*', '*', 'iam:???ate?????????????ic?']));
  assert.equal(rest.length, 0);
  assert.equal(f!.message, '"s3:GetObjekt*" matches no action of Amazon S3: as written, it grants or denies nothing.');
  assert.deepEqual(f!.fixes, []);
  assert.equal(findings(policy(['*:NoSuchActionAnywhere']))[0]!.message.includes('matches no action of any service'), true);
});

test('not judged: any case of a real name, unknown prefixes far from every service, names without a service, variables', () => {
  provideTestActionCatalogue();
  assert.deepEqual(findings(policy(['S3:getobject', 'IAM:EnableMFADevice', 'brandnewservice:DoThing', 'GetObject', 's3:${x}'])), []);
  const far = findings(policy(['s3:TotallyUnrelatedName']));
  assert.equal(far[0]!.message, '"s3:TotallyUnrelatedName" is not an action of Amazon S3 (s3).');
  assert.deepEqual(far[0]!.fixes, []);
});

test('YAML (CloudFormation): found, and the fix written as a YAML scalar', () => {
  provideTestActionCatalogue();
  const text = [
    'Resources:',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    '            Action:',
    '              - s3:GetObjets',
    "            Resource: '*'",
    '',
  ].join('\n');
  const [f] = findings(text, { fileName: 'template.yaml' });
  assert.equal(text.slice(f!.offset, f!.offset + f!.length), 's3:GetObjets');
  const fixed = applyEdits(text, editsOf(f!.fixes[0]!));
  assert.ok(fixed.includes('- s3:GetObject\n') || fixed.includes('- "s3:GetObject"\n'), fixed);
  assert.deepEqual(findings(fixed, { fileName: 'template.yaml' }), []);
});

test('Terraform (aws_iam_policy_document): found, and the fix written as an HCL string', () => {
  provideTestActionCatalogue();
  const text =
    'data "aws_iam_policy_document" "d" {\n  statement {\n    effect    = "Allow"\n    actions   = ["dyanmodb:PutItem"]\n    resources = ["*"]\n  }\n}\n';
  const [f] = findings(text, { fileName: 'main.tf' });
  assert.ok(f, 'reported');
  const fixed = applyEdits(text, editsOf(f.fixes[0]!));
  assert.ok(fixed.includes('actions   = ["dynamodb:PutItem"]'), fixed);
  assert.deepEqual(findings(fixed, { fileName: 'main.tf' }), []);
});

test('bounded: thousands of wildcard patterns over every service stop at the budget, and say nothing past it', () => {
  provideTestActionCatalogue();
  const many = Array.from({ length: 3_000 }, (_, i) => `*:NoSuch${i}*`);
  const all = lint(policy(many)).diagnostics.filter((d) => d.rule === RULE || d.message.includes(RULE));
  // 22,547 names per pattern: the 2,000,000-name budget covers fewer than 90 patterns, then no verdict is given.
  assert.ok(all.length < 100, `${all.length} findings`);
});

test('bounded: past 200 findings no suggestion is looked for, and unknown prefixes are no longer compared with every service', () => {
  provideTestActionCatalogue();
  const names = Array.from({ length: 2_000 }, (_, i) => `dynamodb${i % 10}:PutItem`);
  const result = lint(policy(['s3:GetObjets', ...names]));
  const listed = result.diagnostics.filter((d) => d.rule === RULE);
  // The first finding (s3:GetObjets) and 199 near-miss prefixes ("dynamodb0" is one edit from "dynamodb"); the rest are not judged.
  assert.equal(listed.length, 200);
  assert.ok(listed.every((d) => d.fixes.length === 1));
});
