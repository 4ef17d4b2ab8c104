// Terraform's JSON (issue 13): the plan that `terraform show -json` writes is read without its tree
// (src/core/formats/terraform-json.ts); each policy string in what will be deployed is linted once,
// with exact ranges; a policy the plan marks unknown until apply is an unreadable-policy finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LintResult, applyEdits, editsOf, lint } from '../../src/core';
import { looksLikePlan, planPolicies, policyDocuments } from '../../src/core/formats/terraform-json';
import { parseJson } from '../../src/core/formats/json/builder';
import { toValue } from '../../src/core/document/tree';
import { runJson, tempTree } from '../fixtures/cli/harness';

const DIR = path.join(__dirname, '..', 'fixtures', 'terraform-json');
const fixture = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const at = (text: string, d: { offset: number; length: number }) => text.slice(d.offset, d.offset + d.length);

/** The value at a JSON pointer of `doc`. */
function pointed(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const seg of pointer.split('/').slice(1)) v = (v as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

const JUDGED = [
  // planned_values only where resource_changes does not list the resource.
  ['/planned_values/root_module/resources/6/values/policy', 'missing'],
  ['/resource_changes/0/change/after/policy', 'enforced'],
  ['/resource_changes/1/change/after/assume_role_policy', 'not-applicable'],
  // A role's inline policy and an aws_iam_role_policy are attached only to a role: with no MFA condition, not
  // applicable (MFA for a role is forced where it is assumed), as CloudFormation's role-only policies are.
  ['/resource_changes/1/change/after/inline_policy/0/policy', 'not-applicable'],
  ['/resource_changes/2/change/after/policy', 'not-applicable'],
  ['/resource_changes/3/change/after/policy', 'weak'],
  ['/resource_changes/4/change/after/content', 'missing'],
  ['/resource_changes/5/change/after/policy', 'not-applicable'],
  // Child modules, two deep.
  ['/resource_changes/8/change/after/policy', 'missing'],
  ['/resource_changes/9/change/after/policy', 'missing'],
];

for (const name of ['plan.json', 'plan-minified.json'])
  test(`${name}: each policy of what will be deployed, once, with its verdict; before, prior_state and configuration not judged`, () => {
    const text = fixture(name);
    const r = lint(text, { fileName: name });
    assert.deepEqual(
      r.policies.map((p) => [p.pointer, p.mfa]),
      JUDGED,
    );
    // Each policy's range is its string, quotes excluded, in the outer text.
    const doc = JSON.parse(text) as unknown;
    for (const p of r.policies) assert.equal(JSON.parse(`"${at(text, p)}"`), pointed(doc, p.pointer), p.pointer);
    // The old policy of the update (Action "*", no deny) is in `before` and prior_state: nothing points there.
    for (const d of r.diagnostics) {
      const before = text.indexOf('"before"', text.indexOf('"aws_iam_user_policy.alice"', text.indexOf('"resource_changes"')));
      assert.ok(!(d.offset > before && d.offset < text.indexOf('"after"', before)), `${d.rule} in before`);
      assert.ok(d.offset < text.indexOf('"prior_state"'), `${d.rule} after resource_changes`);
    }
  });

test('exact ranges inside the policy string: the weak deny of aws_iam_user_policy.alice', () => {
  const text = fixture('plan.json');
  const r = lint(text, { fileName: 'plan.json' });
  const bool = r.diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.equal(at(text, bool), String.raw`\"Bool\"`);
  const pol = r.policies[bool.policy!]!;
  assert.equal(pol.pointer, '/resource_changes/3/change/after/policy');
  assert.ok(bool.offset > pol.offset && bool.offset + bool.length < pol.offset + pol.length);
  // The safe fix (BoolIfExists) lands inside the string, escaped as JSON, and the plan still parses.
  const fixed = applyEdits(text, editsOf(bool.fixes[0]!));
  const plan = JSON.parse(fixed) as { resource_changes: Array<{ change: { after: { policy: string } } }> };
  assert.match(plan.resource_changes[3]!.change.after.policy, /"BoolIfExists"/);
  assert.ok(!lint(fixed, { fileName: 'plan.json' }).diagnostics.some((d) => d.rule === 'bool-without-ifexists'));
});

test('after_unknown: a policy known only at apply is an unreadable-policy finding on its mark (an error in the CLI), naming the resource; never a pass', () => {
  const text = fixture('plan.json');
  const r = lint(text, { fileName: 'plan.json' });
  const unknown = r.diagnostics.filter((d) => d.rule === 'unreadable-policy');
  assert.deepEqual(
    unknown.map((d) => [at(text, d), d.severity]),
    [['"policy": true', 'warning']],
  );
  assert.match(unknown[0]!.message, /the policy of aws_iam_role_policy\.later .*after_unknown/);
  // Other unknown attributes (id, arn, a statement's resources) say nothing, and neither does the data source
  // whose json the role policy is made of: its deferred read is said once, on the resource that deploys it.
  assert.equal(unknown.length, 1);
});

test('a plan with only planned_values, and a state (values.root_module), are read from there', () => {
  const plan = JSON.parse(fixture('plan-minified.json')) as Record<string, unknown>;
  const onlyPlanned = JSON.stringify({ format_version: '1.2', planned_values: plan.planned_values });
  const r = lint(onlyPlanned, { fileName: 'plan.json' });
  // Every resource of planned_values that holds a known policy, child modules included (the role's two).
  assert.equal(r.policies.length, 10);
  assert.ok(r.policies.every((p) => p.pointer.startsWith('/planned_values/root_module/')));
  assert.ok(r.policies.some((p) => p.pointer.includes('/child_modules/0/child_modules/0/resources/0/values/policy')));
  const state = JSON.stringify({ format_version: '1.0', values: plan.planned_values });
  assert.equal(lint(state, { fileName: 'state.json' }).policies.length, 10);
});

test('a plan with a syntax error is read by the JSON front-end, which reports it', () => {
  const text = fixture('plan.json').replace('"terraform_version": "1.6.6",', '"terraform_version": "1.6.6",,');
  assert.equal(planPolicies(text), undefined);
  const r: LintResult = lint(text, { fileName: 'plan.json' });
  assert.ok(r.diagnostics.some((d) => d.rule === 'json-syntax'));
});

test('looksLikePlan: format_version first, and a plan or state key; a policy or a template is not one', () => {
  assert.equal(looksLikePlan(fixture('plan.json')), true);
  assert.equal(looksLikePlan(' {"format_version":"1.0","values":{"root_module":{}}}'), true);
  assert.equal(looksLikePlan('{"Version":"2012-10-17","Statement":[]}'), false);
  assert.equal(looksLikePlan('{"Resources":{},"format_version":"1","planned_values":{}}'), false);
  assert.equal(looksLikePlan('{"Statement":[{"Sid":"format_version"}],"planned_values":1}'), false);
  // Seen as a plan by its first key but with no plan key at the top: the JSON front-end reads it.
  assert.equal(planPolicies('{"format_version":"1","other":{"planned_values":{}}, "root_module": 1}'), undefined);
});

test('the CLI walk reads a plan *.json and a *.tf.json', async () => {
  const { dir, cleanup } = tempTree({ 'plans/plan.json': fixture('plan.json'), 'iam.tf.json': fixture('iam.tf.json') });
  try {
    const r = await runJson(['lint', '.'], { cwd: dir });
    const files = Object.fromEntries(r.json.files.map((f) => [f.file, f]));
    assert.equal(files['plans/plan.json']!.policies.length, JUDGED.length);
    assert.ok(files['iam.tf.json']!.policies.length > 0);
    // The unknown policies make the run fail: a plan is linted with no unknowns, or not passed.
    assert.equal(r.code, 1);
  } finally {
    cleanup();
  }
});

test('*.tf.json: a policy string with ${...} is read as Terraform reads it: an interpolation is an unknown value, never a literal', () => {
  const text = fixture('iam.tf.json');
  const tf = lint(text, { fileName: 'iam.tf.json' });
  const plain = lint(text, { fileName: 'iam.json' });
  assert.deepEqual(
    tf.policies.map((p) => [p.pointer, p.mfa]),
    [['/resource/aws_iam_policy/force_mfa/policy', 'weak']],
  );
  assert.match(tf.policies[0]!.reason, /computes a condition value of statement "DenyWithoutMfa"/);
  // As plain JSON the interpolation is the literal "${var.mfa_present}", which Bool does not understand.
  assert.ok(plain.diagnostics.some((d) => d.rule === 'odd-boolean-value'));
  assert.ok(!tf.diagnostics.some((d) => d.rule === 'odd-boolean-value'));
  // The policy's range is its string in the file, through both decodings.
  assert.equal(
    JSON.parse(`"${at(text, tf.policies[0]!)}"`),
    (JSON.parse(text) as { resource: { aws_iam_policy: { force_mfa: { policy: string } } } }).resource.aws_iam_policy.force_mfa.policy,
  );
});

test('*.tf.json: a fix inside a template string lands on its characters through both decodings (JSON escapes, then the template)', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:${data.aws_partition.current.partition}:s3:::b/*' },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ],
  });
  const text = JSON.stringify({ resource: { aws_iam_user_policy: { u: { user: 'u', policy: policy } } } }, null, 2);
  const r = lint(text, { fileName: 'u.tf.json' });
  const bool = r.diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.equal(at(text, bool), String.raw`\"Bool\"`);
  const fixed = applyEdits(text, editsOf(bool.fixes[0]!));
  const after = (JSON.parse(fixed) as { resource: { aws_iam_user_policy: { u: { policy: string } } } }).resource.aws_iam_user_policy.u
    .policy;
  assert.equal(after, policy.replace('"Bool"', '"BoolIfExists"'));
});

test('*.tf.json: a string with a %{ } directive that looks like a policy is one unreadable-policy finding', () => {
  const policy =
    '{"Version":"2012-10-17","Statement":[%{ for a in var.actions }{"Effect":"Allow","Action":"${a}","Resource":"*"}%{ endfor }]}';
  const text = JSON.stringify({ resource: { aws_iam_policy: { p: { policy } } } });
  const r = lint(text, { fileName: 'p.tf.json' });
  assert.deepEqual(
    r.diagnostics.map((d) => d.rule),
    ['unreadable-policy'],
  );
  assert.match(r.diagnostics[0]!.message, /directives/);
});

test('*.tf.json: data aws_iam_policy_document is the policy Terraform renders, with findings on the attributes that make it', () => {
  const text = fixture('documents.tf.json');
  const r = lint(text, { fileName: 'documents.tf.json' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.kind, p.mfa]),
    [
      // Bool where BoolIfExists is needed (values = [false] is the string "false").
      ['/data/aws_iam_policy_document/force_mfa', 'identity', 'weak'],
      // A single statement block, a principals block: a trust policy.
      ['/data/aws_iam_policy_document/trust', 'trust', 'not-applicable'],
      // A merged document is a reference: an unknown statement, never counted toward enforced.
      ['/data/aws_iam_policy_document/merged', 'identity', 'missing'],
    ],
  );
  assert.equal(at(text, r.policies[0]!).slice(0, 1), '{');
  assert.deepEqual(
    // Each with its fix, written in the block's attributes (test/unit/terraform-json-fixes.test.ts).
    r.diagnostics.map((d) => [d.rule, at(text, d), d.fixes.filter((f) => editsOf(f).length).length]),
    [
      ['bool-without-ifexists', '"Bool"', 1],
      ['trust-policy-mfa', '"BoolIfExists"', 1],
      ['missing-mfa-deny', '"statement"', 1],
    ],
  );
  assert.match(r.policies[2]!.reason, /computes statement 2/);
  // As a plain *.json file the blocks are no policy: Terraform's attribute names are not IAM's.
  assert.deepEqual(lint(text, { fileName: 'documents.json' }).policies, []);
});

test('*.tf.json rendering: effect defaults to Allow, principals "*" is Principal "*", conditions of one test merge, HCL numbers and booleans are strings', () => {
  const doc = {
    statement: [
      {
        actions: ['s3:GetObject'],
        resources: ['*'],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:PrincipalAccount', values: [111122223333] },
          { test: 'StringEquals', variable: 'aws:SecureTransport', values: [true] },
        ],
      },
    ],
  };
  const text = JSON.stringify({ data: { aws_iam_policy_document: { d: doc } } });
  const rendered = policyDocuments(text, parseJson(text).root)!;
  assert.deepEqual(toValue(rendered.root), {
    data: {
      aws_iam_policy_document: {
        d: {
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject'],
              Resource: ['*'],
              Principal: '*',
              Condition: { StringEquals: { 'aws:PrincipalAccount': ['111122223333'], 'aws:SecureTransport': ['true'] } },
            },
          ],
        },
      },
    },
  });
});

test('a data source (mode "data") is not judged: its policy is judged where a resource deploys it', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  const resources = [
    { address: 'data.aws_iam_policy_document.d', mode: 'data', type: 'aws_iam_policy_document', name: 'd', values: { json: policy } },
    { address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', name: 'p', values: { policy } },
  ];
  const text = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } });
  assert.deepEqual(
    lint(text, { fileName: 'plan.json' }).policies.map((p) => p.pointer),
    ['/planned_values/root_module/resources/1/values/policy'],
  );
});

test('the plan scan is strict JSON: on 2,000 mutated plans it reads exactly those that JSON.parse accepts', () => {
  const base = fixture('plan-minified.json');
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  const inserts = [
    '"',
    '\\',
    ',',
    ':',
    '{',
    '}',
    '[',
    ']',
    ' ',
    '0',
    '-',
    '1e5',
    '01',
    'tru',
    'null',
    '/',
    '//x\n',
    '\\u00zz',
    '\\u0041',
    '\t',
    '\u0001',
    'x',
  ];
  let read = 0;
  for (let n = 0; n < 2000; n++) {
    const at = Math.floor(rand() * base.length);
    const text =
      rand() < 0.5
        ? base.slice(0, at) + inserts[Math.floor(rand() * inserts.length)]! + base.slice(at)
        : base.slice(0, at) + base.slice(at + 1);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      assert.equal(planPolicies(text), undefined, `accepted: ${text.slice(Math.max(0, at - 20), at + 20)}`);
      continue;
    }
    const top = parsed && typeof parsed === 'object' ? Object.keys(parsed) : [];
    if (!looksLikePlan(text) || !top.some((k) => k === 'planned_values' || k === 'resource_changes' || k === 'values')) continue;
    assert.ok(planPolicies(text), `rejected: ${text.slice(Math.max(0, at - 20), at + 20)}`);
    read++;
  }
  // Most mutations inside strings keep the JSON valid: both branches ran.
  assert.ok(read > 100, `${read} read`);
});

test('the plan scan reads the text once: searching for the next policy sign does not restart at every string (count of searches)', () => {
  const resources = [];
  for (let i = 0; i < 2000; i++)
    resources.push({
      address: `aws_s3_bucket.b${i}`,
      mode: 'managed',
      type: 'aws_s3_bucket',
      values: { bucket: `b${i}`, tags: { a: 'x' } },
    });
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
  resources.push({ address: 'aws_iam_policy.p', mode: 'managed', type: 'aws_iam_policy', values: { bucket: 'x', policy } });
  const text = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } });
  const indexOf = String.prototype.indexOf;
  let searches = 0;
  String.prototype.indexOf = function (this: string, ...args: Parameters<string['indexOf']>) {
    if (this === text) searches++;
    return indexOf.apply(this, args);
  };
  try {
    assert.equal(planPolicies(text)!.pieces.length, 1);
  } finally {
    String.prototype.indexOf = indexOf;
  }
  // One search per sign found (and one that finds none), not one per string of the plan (more than 10,000).
  assert.ok(searches <= 6, `${searches} searches`);
});

test('*.tf.json: a policy built by an expression in a string ("${jsonencode({...})}") is one unreadable-policy finding, not a pass', () => {
  const policy = '${jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "*" }] })}';
  const text = JSON.stringify({ resource: { aws_iam_policy: { p: { policy } } } }, null, 2);
  const r = lint(text, { fileName: 'p.tf.json' });
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, at(text, d).slice(0, 16)]),
    [['unreadable-policy', '"${jsonencode({ ']],
  );
  assert.match(
    r.diagnostics[0]!.message,
    /the Terraform expression at \/resource\/aws_iam_policy\/p\/policy: a policy built by an expression/,
  );
  // A reference to a document ("${data.aws_iam_policy_document.x.json}") shows no policy: nothing to say.
  assert.deepEqual(
    lint(JSON.stringify({ resource: { aws_iam_policy: { p: { policy: '${data.aws_iam_policy_document.x.json}' } } } }), {
      fileName: 'p.tf.json',
    }).diagnostics,
    [],
  );
});

test("a role-only policy that names MFA is judged as any policy: an aws_iam_role_policy's weak deny is weak", () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
  });
  const resources = [{ address: 'aws_iam_role_policy.r', mode: 'managed', type: 'aws_iam_role_policy', values: { role: 'r', policy } }];
  const text = JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } });
  const r = lint(text, { fileName: 'plan.json' });
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['weak'],
  );
  assert.ok(r.diagnostics.some((d) => d.rule === 'bool-without-ifexists'));
});
