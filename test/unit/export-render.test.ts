// Each export format, read back by a real parser: the policy it carries still lints `enforced`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { lint, type Partition } from '../../src/core';
import { EXPORT_FORMATS, renderExport, withPartition } from '../../src/core/export';
import { toYaml } from '../../src/core/export/yaml';
import {
  asRenderedByTerraform,
  jsonencodeValue,
  renderPolicyDocument,
  resolveTemplate,
  resolveTemplates,
  loadTerraformReader,
} from '../lib/terraform-policy';

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
    ['json', 'json-minified', 'aws-cli', 'cloudformation-yaml', 'cloudformation-json', 'terraform-policy-document', 'terraform-jsonencode'],
  );
  for (const f of EXPORT_FORMATS) assert.ok(f.language && f.extension.startsWith('.'), f.format);
  assert.deepEqual(
    EXPORT_FORMATS.filter((f) => f.attachesToGroup).map((f) => f.format),
    ['cloudformation-yaml', 'cloudformation-json', 'terraform-policy-document', 'terraform-jsonencode'],
  );
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

// Terraform: both forms parsed back with hcl2json and evaluated as Terraform would.
interface TerraformFile {
  data: { aws_partition: { current: unknown[] }; aws_iam_policy_document?: Record<string, Array<Record<string, unknown>>> };
  resource: {
    aws_iam_policy: { force_mfa: Array<Record<string, string>> };
    aws_iam_group_policy_attachment?: { force_mfa: Array<Record<string, string>> };
  };
}
const readTerraform = async (text: string) => (await parseHcl('main.tf', text)) as TerraformFile;
const terraformFormats = ['terraform-policy-document', 'terraform-jsonencode'] as const;

/** The IAM policy that Terraform would deploy from an export, in `partition`. */
async function deployedPolicy(hcl: TerraformFile, partition: Partition): Promise<unknown> {
  const policy = hcl.resource.aws_iam_policy.force_mfa[0]!.policy!;
  if (policy === '${data.aws_iam_policy_document.force_mfa.json}') {
    const document = resolveTemplates(hcl.data.aws_iam_policy_document!.force_mfa![0], partition) as Record<string, unknown>;
    return renderPolicyDocument(document);
  }
  return resolveTemplates(await jsonencodeValue(policy), partition);
}

for (const partition of partitions) {
  test(`Terraform aws_iam_policy_document in ${partition}: statement blocks render the reference policy, which lints enforced`, async () => {
    const text = renderExport(reference, 'terraform-policy-document', { partition });
    const hcl = await readTerraform(text);
    assert.deepEqual(hcl.data.aws_partition.current, [{}], 'declares data.aws_partition');
    assert.equal(hcl.resource.aws_iam_policy.force_mfa[0]!.policy, '${data.aws_iam_policy_document.force_mfa.json}');
    // IAM's variable is written with the data source's escape, never as a Terraform interpolation.
    assert.match(text, /user\/&\{aws:username\}"/);
    const policy = await deployedPolicy(hcl, partition);
    assert.deepEqual(policy, asRenderedByTerraform(withPartition(reference, partition)));
    assertEnforced(JSON.stringify(policy, null, 2), partition);
  });

  test(`Terraform jsonencode in ${partition}: the object is the reference policy, which lints enforced`, async () => {
    const text = renderExport(reference, 'terraform-jsonencode', { partition });
    assert.match(text, /policy += jsonencode\(\{\n/);
    assert.match(text, /user\/\$\$\{aws:username\}"/);
    const policy = await deployedPolicy(await readTerraform(text), partition);
    assert.deepEqual(policy, withPartition(reference, partition));
    assertEnforced(JSON.stringify(policy, null, 2), partition);
  });
}

test('Terraform exports, both forms: ARNs only through data.aws_partition, a group attachment when asked, names and descriptions escaped', async () => {
  for (const format of terraformFormats) {
    const bare = renderExport(reference, format, { partition: 'aws-cn' });
    assert.doesNotMatch(bare, /arn:aws/, format);
    assert.doesNotMatch(bare, /<<|aws_iam_group_policy_attachment/, format);
    assert.equal((await readTerraform(bare)).resource.aws_iam_group_policy_attachment, undefined);
    const description = 'say "${x}" and %{if y}\\ \n next';
    const text = renderExport(reference, format, { partition: 'aws', groupName: 'Developers', policyName: 'Ops-MFA', description });
    const hcl = await readTerraform(text);
    const policy = hcl.resource.aws_iam_policy.force_mfa[0]!;
    assert.equal(policy.name, 'Ops-MFA');
    assert.equal(resolveTemplate(policy.description!, 'aws'), description);
    const attachment = hcl.resource.aws_iam_group_policy_attachment!.force_mfa[0]!;
    assert.equal(attachment.group, 'Developers');
    assert.equal(attachment.policy_arn, '${aws_iam_policy.force_mfa.arn}');
    assert.ok(text.startsWith('# say "${x}" and %{if y}\\ next\n'), 'the description is one comment line');
  }
});

test('Terraform jsonencode round-trips awkward keys, strings, scalars and nesting', async () => {
  const value = {
    Version: '2012-10-17',
    Id: 'for',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws-us-gov:s3:::b/${aws:PrincipalTag/team}/%{x}', 'tab\there "quoted" \\ back\u0008'],
        Condition: { 'ForAnyValue:StringLike': { 's3:prefix': ['', 'home/'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } },
        true: [null, false, [], {}, [[1, 'a'], { for: 'in' }]],
      },
    ],
  };
  const text = renderExport(value, 'terraform-jsonencode', { partition: 'aws' });
  assert.deepEqual(await deployedPolicy(await readTerraform(text), 'aws-us-gov'), value);
});

test('Terraform aws_iam_policy_document renders principals, not_* lists, conditions and Id as the data source does', async () => {
  const value = {
    Version: '2012-10-17',
    Id: 'trust',
    Statement: [
      {
        Sid: 'Any',
        Effect: 'Deny',
        NotAction: ['sts:AssumeRole'],
        NotResource: 'arn:aws:iam::*:role/${aws:username}-*',
        Principal: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': false }, StringEquals: { 'aws:PrincipalType': ['User', 'AssumedRole'] } },
      },
      { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: ['arn:aws:iam::123456789012:root'], Service: 'ec2.amazonaws.com' } },
      { Effect: 'Deny', Action: '*', Resource: '*', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:user/admin' } },
    ],
  };
  const text = renderExport(value, 'terraform-policy-document', { partition: 'aws' });
  assert.match(text, /role\/&\{aws:username\}-\*"/);
  const expected = asRenderedByTerraform(withPartition(value, 'aws-cn')) as { Statement: Array<Record<string, any>> };
  // The data source's values are strings: the boolean is written as "false".
  expected.Statement[0]!.Condition.Bool['aws:MultiFactorAuthPresent'] = 'false';
  assert.deepEqual(await deployedPolicy(await readTerraform(text), 'aws-cn'), expected);
});

test('the test reader applies the data source defaults: no version is "2012-10-17", no effect is Allow', () => {
  assert.deepEqual(renderPolicyDocument({ statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] }), {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
  });
});

test("the core's own Terraform reader reads both forms: one policy, enforced, no lock-out, no finding but the JSON policy's hints", async () => {
  await loadTerraformReader();
  for (const format of terraformFormats) {
    for (const partition of partitions) {
      const r = lint(renderExport(reference, format, { partition, groupName: 'Developers' }), { fileName: 'main.tf', partition });
      assert.deepEqual(
        r.policies.map((p) => [p.mfa, p.lockout]),
        [['enforced', []]],
        `${format} ${partition}`,
      );
      // Hints are shown in the editor only (AWS's text assumes users without a path): as with the JSON reference, they are not findings here.
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity !== 'hint').map((d) => `${d.rule}: ${d.message}`),
        [],
        `${format} ${partition}`,
      );
      // The ARNs through data.aws_partition are read in the configured partition: the same hints as AWS's JSON policy.
      const json = lint(JSON.stringify(withPartition(reference, partition), null, 2), { partition });
      assert.deepEqual(r.diagnostics.map((d) => d.rule).sort(), json.diagnostics.map((d) => d.rule).sort(), `${format} ${partition}`);
    }
  }
});

test('Terraform exports of a very wide or very deep value render without running out of stack', () => {
  const keys: Record<string, string> = {};
  for (let i = 0; i < 150_000; i++) keys[`aws:PrincipalTag/k${i}`] = 'v';
  const wide = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: keys } }] };
  const document = renderExport(wide, 'terraform-policy-document', { partition: 'aws' });
  assert.equal(document.split('\n    condition {\n').length - 1, 150_000);
  const encoded = renderExport(wide, 'terraform-jsonencode', { partition: 'aws' });
  // One run of one-line attributes: every key is padded to the longest, as terraform fmt aligns them.
  assert.equal(encoded.split('"aws:PrincipalTag/k0"      = "v"\n').length - 1, 1);
  assert.equal(encoded.split(' = "v"\n').length - 1, 150_000);
  let deep: unknown = 's3:GetObject';
  for (let i = 0; i < 3_000; i++) deep = [deep, { Effect: 'Allow' }];
  const nested = renderExport({ Statement: deep }, 'terraform-jsonencode', { partition: 'aws' });
  assert.equal(nested.split('[\n').length - 1, 3_000);
  assert.equal(nested.split('],\n').length - 1, 2_999, 'each inner list is an element of the one around it');
});

test('Terraform that is not HCL is rejected by the parser (the checks above are real)', async () => {
  for (const format of terraformFormats) {
    await assert.rejects(readTerraform(renderExport(reference, format, { partition: 'aws' }).replace(/\n\}\n$/, '\n')));
  }
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
