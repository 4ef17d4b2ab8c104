// Every contributed snippet, expanded as VS Code would (each tab stop at its default or a chosen
// value), is valid JSON (or a CloudFormation YAML template, or Terraform whose policy document
// renders to IAM JSON), valid under the IAM schema, and gets the verdict its description promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse as parseYamlText } from 'yaml';
import { lint, type Partition } from '../../src/core';
import '../../src/core/yaml';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { withPartition } from '../../src/core/export';
import { asRenderedByTerraform, renderPolicyDocument, resolveTemplates, loadTerraformReader } from '../lib/terraform-policy';
import { runCli, tempTree } from '../fixtures/cli/harness';

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}
const snippets = JSON.parse(readFileSync('snippets/force-mfa.json', 'utf8')) as Record<string, Snippet>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const reference = JSON.parse(readFileSync('test/fixtures/reference/aws-self-manage-credentials-with-mfa.json', 'utf8'));

/**
 * Expands snippet syntax: `${n|a,b|}` takes the choice `choices[n]` (else the first), `${n:x}` the
 * text typed over it (`choices[n]`) or its placeholder (nested), `$n` mirrors tab stop n, `\$` `\}` `\\` are escapes; tabs become 2 spaces.
 */
function expand(body: string[], choices: Record<number, string> = {}): string {
  const src = body.join('\n');
  const values = new Map<number, string>();
  let i = 0;
  const parse = (stopAtBrace: boolean): string => {
    let out = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1]!)) {
        out += src[i + 1];
        i += 2;
        continue;
      }
      if (stopAtBrace && c === '}') {
        i++;
        return out;
      }
      if (c === '$') {
        const m = /^\$(\d+)/.exec(src.slice(i));
        if (m) {
          const n = Number(m[1]);
          out += values.get(n) ?? '';
          i += m[0].length;
          continue;
        }
        const choice = /^\$\{(\d+)\|([^|]*)\|\}/.exec(src.slice(i));
        if (choice) {
          const n = Number(choice[1]);
          const options = choice[2]!.split(',');
          const v = choices[n] ?? options[0]!;
          assert.ok(options.includes(v), `choice ${v} offered by tab stop ${n}`);
          values.set(n, v);
          out += v;
          i += choice[0].length;
          continue;
        }
        const ph = /^\$\{(\d+):/.exec(src.slice(i));
        if (ph) {
          i += ph[0].length;
          const n = Number(ph[1]);
          // A placeholder the user typed over (`choices[n]`) replaces its default.
          const placeholder = parse(true);
          const v = choices[n] ?? placeholder;
          values.set(n, v);
          out += v;
          continue;
        }
        assert.fail(`unsupported snippet syntax at ${src.slice(i, i + 20)}`);
      }
      out += c;
      i++;
    }
    return out;
  };
  return parse(false).replace(/\t/g, '  ');
}

function schemaErrors(value: unknown): unknown[] {
  const schema = JSON.parse(readFileSync('schemas/iam-policy.schema.json', 'utf8'));
  const ajv = new Ajv({ allowUnionTypes: true, strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []);
}

const partitions: Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

test('the manifest contributes the snippet file for json and jsonc', () => {
  const contributed = manifest.contributes.snippets as Array<{ language: string; path: string }>;
  for (const language of ['json', 'jsonc']) {
    assert.ok(
      contributed.some((s) => s.language === language && s.path === './snippets/force-mfa.json'),
      language,
    );
  }
  assert.deepEqual(
    Object.values(snippets)
      .map((s) => s.prefix)
      .sort(),
    ['force-mfa', 'force-mfa-deny', 'force-mfa-scp', 'mfa-trust-policy'],
  );
});

test("force-mfa expands to AWS's current reference policy, not the stale article copy", () => {
  const text = expand(snippets['force-mfa']!.body);
  assert.deepEqual(JSON.parse(text), reference);
  assert.doesNotMatch(text, /GetAccountSummary|DeleteVirtualMFADevice|mfa\/\$\{aws:username\}/);
});

for (const partition of partitions) {
  test(`force-mfa in partition ${partition}: schema-valid and enforced`, () => {
    const text = expand(snippets['force-mfa']!.body, { 1: partition });
    const value = JSON.parse(text);
    assert.deepEqual(schemaErrors(value), []);
    const arns = JSON.stringify(value).match(/arn:[^:]*:/g) ?? [];
    assert.ok(arns.length > 0 && arns.every((a) => a === `arn:${partition}:`), 'every ARN uses the chosen partition');
    const r = lint(text, { partition });
    assert.equal(r.policies.length, 1);
    assert.equal(r.policies[0]!.mfa, 'enforced', r.policies[0]!.reason);
    assert.deepEqual(r.policies[0]!.lockout, []);
    // No finding at error, warning or info (AWS's text assumes users without a path: hints only).
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.rule),
      [],
    );
  });
}

test('force-mfa expanded, through the CLI: no finding at error, warning or info, only the summary line', async () => {
  const t = tempTree({ 'policy.json': `${expand(snippets['force-mfa']!.body)}\n` });
  try {
    const r = await runCli(['lint', 'policy.json'], { cwd: t.dir });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '0 errors, 0 warnings, 0 info in 1 file (1 policy: MFA 1 enforced); 0 files skipped as not policies.\n');
  } finally {
    t.cleanup();
  }
});

test('force-mfa-deny inside a Statement array: enforced, no lock-out', () => {
  const body = expand(snippets['force-mfa-deny']!.body);
  const text = `{\n  "Version": "2012-10-17",\n  "Statement": [\n${body}\n  ]\n}`;
  assert.deepEqual(schemaErrors(JSON.parse(text)), []);
  const r = lint(text);
  assert.equal(r.policies[0]?.mfa, 'enforced', r.policies[0]?.reason);
  assert.deepEqual(r.policies[0]!.lockout, []);
  assert.deepEqual(
    r.diagnostics.map((d) => d.rule),
    [],
  );
});

test('mfa-trust-policy: a trust policy requiring MFA, with the account id as a tab stop', () => {
  assert.match(snippets['mfa-trust-policy']!.body.join('\n'), /\$\{2:123456789012\}/);
  const text = expand(snippets['mfa-trust-policy']!.body, { 1: 'aws' });
  const value = JSON.parse(text);
  assert.deepEqual(schemaErrors(value), []);
  assert.equal(value.Statement[0].Condition.Bool['aws:MultiFactorAuthPresent'], 'true');
  assert.equal(value.Statement[0].Action, 'sts:AssumeRole');
  const r = lint(text);
  assert.equal(r.policies[0]?.kind, 'trust');
  assert.ok(!r.diagnostics.some((d) => d.rule === 'trust-policy-mfa'));
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.rule),
    [],
  );
});

test('force-mfa-scp: scoped to IAM users, enforced, within the SCP size limit', () => {
  const snippet = snippets['force-mfa-scp']!;
  assert.match(snippet.description, /5,120/);
  const text = expand(snippet.body);
  const value = JSON.parse(text);
  assert.deepEqual(schemaErrors(value), []);
  assert.equal(value.Statement[0].Effect, 'Deny');
  assert.equal(value.Statement[0].Condition.StringEquals['aws:PrincipalType'], 'User');
  assert.ok(text.replace(/\s/g, '').length <= 5120);
  const r = lint(text);
  assert.equal(r.policies[0]?.mfa, 'enforced', r.policies[0]?.reason);
  assert.deepEqual(r.policies[0]!.lockout, []);
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.rule),
    [],
  );
});

// The YAML snippet: a CloudFormation template with AWS's policy as a managed policy, attached to a group.
const cloudFormation = JSON.parse(readFileSync('snippets/force-mfa-cloudformation.json', 'utf8')) as Record<string, Snippet>;

/** The template's values, with `!Sub`/`!Ref` read as their long forms (as CloudFormation reads them). */
function templateValue(text: string): Record<string, unknown> {
  const tag = (name: string, key: string) => ({ tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) });
  return parseYamlText(text, { customTags: [tag('Sub', 'Fn::Sub'), tag('Ref', 'Ref')] }) as Record<string, unknown>;
}

test('the manifest contributes the CloudFormation snippet for yaml, with the prefix force-mfa', () => {
  const contributed = manifest.contributes.snippets as Array<{ language: string; path: string }>;
  assert.ok(contributed.some((s) => s.language === 'yaml' && s.path === './snippets/force-mfa-cloudformation.json'));
  assert.deepEqual(
    Object.values(cloudFormation).map((s) => s.prefix),
    ['force-mfa'],
  );
});

test("force-mfa (YAML): AWS's current policy as an AWS::IAM::ManagedPolicy, ARNs in the stack's partition, attached to the group", () => {
  const text = expand(cloudFormation['force-mfa']!.body);
  const template = templateValue(text) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
  assert.deepEqual(
    Object.entries(template.Resources).map(([id, r]) => `${id}: ${r.Type}`),
    ['ForceMfaGroup: AWS::IAM::Group', 'ForceMfaPolicy: AWS::IAM::ManagedPolicy'],
  );
  const properties = template.Resources.ForceMfaPolicy!.Properties!;
  assert.deepEqual(properties.Groups, [{ Ref: 'ForceMfaGroup' }]);
  // The reference policy, each ARN written as a Fn::Sub of the partition (`${!aws:username}` is IAM's variable, kept literally).
  const expected = JSON.parse(JSON.stringify(reference), (key, value: unknown) =>
    key === 'Resource' && typeof value === 'string' && value.startsWith('arn:aws:')
      ? { 'Fn::Sub': value.replace('arn:aws:', 'arn:${AWS::Partition}:').replace('${aws:username}', '${!aws:username}') }
      : value,
  );
  assert.deepEqual(properties.PolicyDocument, expected);
});

test('force-mfa (YAML) expanded, with its names chosen: the core reads the template, the policy is enforced, nothing at warning or error', () => {
  for (const names of [{}, { 1: 'Developers', 2: 'RequireMfa' }] as Array<Record<number, string>>) {
    const text = expand(cloudFormation['force-mfa']!.body, names);
    assert.deepEqual(
      (templateValue(text) as { Resources: Record<string, { Properties?: { Groups?: unknown } }> }).Resources[names[2] ?? 'ForceMfaPolicy']!
        .Properties!.Groups,
      [{ Ref: names[1] ?? 'ForceMfaGroup' }],
    );
    const r = lint(text, { format: 'yaml' });
    assert.equal(r.template, true);
    assert.equal(r.policies.length, 1);
    assert.equal(r.policies[0]!.mfa, 'enforced', r.policies[0]!.reason);
    assert.deepEqual(r.policies[0]!.lockout, []);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.rule}: ${d.message}`),
      [],
    );
  }
});

// The Terraform snippet: AWS's policy as a data "aws_iam_policy_document", rendered to IAM JSON as Terraform would.
// VS Code has no terraform language of its own (HashiCorp's extension adds it) and drops a snippet
// contribution for an unknown language with an error; a .code-snippets file scoped to `terraform`
// is offered wherever that language exists and is silent where it does not.
const terraform = JSON.parse(readFileSync('snippets/force-mfa-terraform.code-snippets', 'utf8')) as Record<
  string,
  Snippet & { scope: string }
>;

interface TerraformSnippet {
  data: { aws_partition: { current: unknown[] }; aws_iam_policy_document: Record<string, Array<Record<string, unknown>>> };
  resource: Record<string, Record<string, Array<Record<string, string>>>>;
}

test('the manifest contributes the Terraform snippet without a language, scoped to terraform, with the prefix force-mfa', () => {
  const contributed = manifest.contributes.snippets as Array<{ language?: string; path: string }>;
  assert.deepEqual(
    contributed.filter((s) => s.path === './snippets/force-mfa-terraform.code-snippets'),
    [{ path: './snippets/force-mfa-terraform.code-snippets' }],
  );
  assert.deepEqual(
    Object.values(terraform).map((s) => [s.prefix, s.scope]),
    [['force-mfa', 'terraform']],
  );
});

for (const partition of partitions) {
  test(`force-mfa (Terraform) in ${partition}: the policy document renders AWS's current policy, enforced, nothing at warning or error`, async () => {
    for (const names of [{}, { 1: 'mfa', 2: 'RequireMfa', 3: 'Developers' }] as Array<Record<number, string>>) {
      const name = names[1] ?? 'force_mfa';
      const hcl = (await parseHcl('main.tf', expand(terraform['force-mfa']!.body, names))) as TerraformSnippet;
      assert.deepEqual(hcl.data.aws_partition.current, [{}]);
      assert.deepEqual(Object.keys(hcl.data.aws_iam_policy_document), [name]);
      const document = resolveTemplates(hcl.data.aws_iam_policy_document[name]![0], partition) as Record<string, unknown>;
      const policy = renderPolicyDocument(document);
      assert.deepEqual(policy, asRenderedByTerraform(withPartition(reference, partition)));
      const r = lint(JSON.stringify(policy, null, 2), { partition });
      assert.equal(r.policies.length, 1);
      assert.equal(r.policies[0]!.mfa, 'enforced', r.policies[0]!.reason);
      assert.deepEqual(r.policies[0]!.lockout, []);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.rule}: ${d.message}`),
        [],
      );
      // The managed policy takes the document's JSON; the new group gets it through the attachment.
      assert.equal(hcl.resource.aws_iam_policy![name]![0]!.policy, `\${data.aws_iam_policy_document.${name}.json}`);
      assert.equal(hcl.resource.aws_iam_policy![name]![0]!.name, names[2] ?? 'ForceMFA');
      assert.equal(hcl.resource.aws_iam_group![name]![0]!.name, names[3] ?? 'MFAUsers');
      assert.deepEqual(hcl.resource.aws_iam_group_policy_attachment![name]![0], {
        group: `\${aws_iam_group.${name}.name}`,
        policy_arn: `\${aws_iam_policy.${name}.arn}`,
      });
    }
  });
}

test("force-mfa (Terraform) expanded, through the core's own Terraform reader: one policy, enforced, nothing at warning or error", async () => {
  await loadTerraformReader();
  for (const partition of partitions) {
    const r = lint(expand(terraform['force-mfa']!.body, { 1: 'mfa' }), { fileName: 'main.tf', partition });
    assert.deepEqual(
      r.policies.map((p) => [p.pointer, p.mfa, p.lockout]),
      [['/data/aws_iam_policy_document/mfa', 'enforced', []]],
      partition,
    );
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.rule}: ${d.message}`),
      [],
      partition,
    );
  }
});
