// Each export format, read back by a real parser: the policy it carries still lints `enforced`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { lint, type Partition } from '../../src/core';
import { EXPORT_FORMATS, renderExport, withPartition } from '../../src/core/export';
import { toYaml } from '../../src/core/export/yaml';

const referenceText = readFileSync('test/fixtures/reference/aws-self-manage-credentials-with-mfa.json', 'utf8');
const reference = JSON.parse(referenceText) as unknown;
const partitions: Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

function assertEnforced(policyText: string, partition: Partition) {
  const r = lint(policyText, { partition });
  assert.equal(r.policies.length, 1, 'one policy');
  assert.equal(r.policies[0]!.mfa, 'enforced', r.policies[0]!.reason);
  // No finding at error, warning or info (AWS's text assumes users without a path: hints only).
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.rule),
    [],
  );
}

const arnPartitions = (value: unknown) => new Set(JSON.stringify(value).match(/arn:[^:"]*:/g) ?? []);

/** Resolves CloudFormation's Fn::Sub (only ${AWS::Partition} and the `${!` escape) to plain strings. */
function resolveSub(value: unknown, partition: Partition): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveSub(v, partition));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'Fn::Sub') {
      const s = entries[0]![1];
      assert.equal(typeof s, 'string');
      assert.doesNotMatch(String(s).replace(/\$\{AWS::Partition\}|\$\{!/g, ''), /\$\{/, 'every other ${ is escaped');
      return String(s)
        .replace(/\$\{AWS::Partition\}/g, partition)
        .replace(/\$\{!/g, '${');
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolveSub(v, partition)]));
  }
  assert.ok(typeof value !== 'string' || !value.startsWith('arn:'), `ARN ${String(value)} is built on \${AWS::Partition}`);
  return value;
}

test('the format list names a language and extension for each format', () => {
  assert.deepEqual(
    EXPORT_FORMATS.map((f) => f.format),
    ['json', 'json-minified', 'aws-cli', 'cloudformation-yaml', 'cloudformation-json', 'terraform'],
  );
  for (const f of EXPORT_FORMATS) assert.ok(f.language && f.extension.startsWith('.'), f.format);
});

for (const partition of partitions) {
  test(`JSON and minified JSON in ${partition}: parse back to the policy with every ARN in ${partition}, lint enforced`, () => {
    for (const format of ['json', 'json-minified'] as const) {
      const text = renderExport(reference, format, { partition });
      const value = JSON.parse(text);
      assert.deepEqual(arnPartitions(value), new Set([`arn:${partition}:`]));
      assert.deepEqual(value, withPartition(reference, partition));
      if (format === 'json-minified') assert.equal(text.trim().split('\n').length, 1);
      else assert.equal(text, `${JSON.stringify(value, null, 2)}\n`);
      assertEnforced(text, partition);
    }
  });

  test(`AWS CLI in ${partition}: one create-policy command whose document argument lints enforced`, () => {
    const text = renderExport(reference, 'aws-cli', { partition, policyName: "Ops' MFA" });
    assert.match(text, /^aws iam create-policy \\\n/);
    // Undo POSIX single quoting the way a shell does: '...' segments and \' between them.
    const args = [...text.matchAll(/--([a-z-]+) ((?:'[^']*'|\\')+)/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/'([^']*)'|\\'/g, (q, inner) => (q === "\\'" ? "'" : inner)),
    ]);
    const byName = Object.fromEntries(args);
    assert.equal(byName['policy-name'], "Ops' MFA");
    const document = byName['policy-document']!;
    assert.deepEqual(JSON.parse(document), withPartition(reference, partition));
    assertEnforced(document, partition);
  });

  test(`CloudFormation YAML and JSON resolved in ${partition}: a ManagedPolicy whose PolicyDocument lints enforced`, () => {
    for (const format of ['cloudformation-yaml', 'cloudformation-json'] as const) {
      const text = renderExport(reference, format, { partition, groupName: 'Developers' });
      const template = (format === 'cloudformation-yaml' ? parseYaml(text) : JSON.parse(text)) as any;
      assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
      const resource = template.Resources.ForceMfaPolicy;
      assert.equal(resource.Type, 'AWS::IAM::ManagedPolicy');
      assert.deepEqual(resource.Properties.Groups, ['Developers']);
      const document = resolveSub(resource.Properties.PolicyDocument, partition);
      assert.deepEqual(document, withPartition(reference, partition));
      assertEnforced(JSON.stringify(document, null, 2), partition);
    }
  });
}

test('CloudFormation without a group has no Groups property', () => {
  const template = parseYaml(renderExport(reference, 'cloudformation-yaml', { partition: 'aws' }));
  assert.equal(template.Resources.ForceMfaPolicy.Properties.Groups, undefined);
});

for (const partition of partitions) {
  test(`Terraform parses as HCL; aws_iam_policy's heredoc, resolved in ${partition}, lints enforced`, async () => {
    const text = renderExport(reference, 'terraform', { partition, groupName: 'Developers', description: 'say "${x}"' });
    const hcl = (await parseHcl('main.tf', text)) as any;
    assert.ok(hcl.data.aws_partition.current, 'declares data.aws_partition');
    const policy = hcl.resource.aws_iam_policy.force_mfa[0];
    assert.equal(policy.name, 'ForceMFA');
    const attachment = hcl.resource.aws_iam_group_policy_attachment.force_mfa[0];
    assert.equal(attachment.group, 'Developers');
    assert.equal(attachment.policy_arn, '${aws_iam_policy.force_mfa.arn}');
    // hcl2json keeps template sequences as written: resolve the two that Terraform would.
    const resolve = (s: string) => s.replace(/\$\{data\.aws_partition\.current\.partition\}/g, partition).replace(/\$\$\{/g, '${');
    assert.equal(resolve(policy.description), 'say "${x}"');
    const document = resolve(policy.policy);
    assert.deepEqual(JSON.parse(document), withPartition(reference, partition));
    assertEnforced(document, partition);
  });
}

test('Terraform that is not HCL is rejected by the parser (the check above is real)', async () => {
  await assert.rejects(parseHcl('bad.tf', renderExport(reference, 'terraform', { partition: 'aws' }).replace('  EOT\n', '')));
});

test('the YAML emitter round-trips awkward strings and shapes through a real YAML parser', () => {
  const value = {
    'aws:MultiFactorAuthPresent': 'false',
    yes: 'no',
    'Fn::Sub': '${!x}',
    n: 1,
    t: true,
    z: null,
    empty: [],
    none: {},
    nested: [[1, 'a: b'], { k: ' lead', '#': '# not a comment' }],
    'quo"te': "it's",
    multi: 'line\nbreak',
    star: '*',
    amp: '&anchor',
    colon: 'a:b',
    dash: '- x',
    date: '2012-10-17',
  };
  assert.deepEqual(parseYaml(toYaml(value)), value);
});
