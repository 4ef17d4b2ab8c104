// SAM templates (Transform AWS::Serverless-2016-10-31; the Policies of a function or state machine) and
// Serverless Framework configurations (read only from a file named serverless.yml/.yaml/.json: its
// statement lists and resources.Resources), in the YAML and JSON front-ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../../src/core/yaml';
import { applyEdits, editsOf, lint, type LintResult } from '../../src/core';

const FIXTURES = path.join(__dirname, '../fixtures/cloudformation');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const verdicts = (r: LintResult) => r.policies.map((p) => [p.pointer, p.kind, p.mfa]);
const grammar = (r: LintResult) => r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax');

/** AWS's deny, as a one-line YAML flow map, with the operator given. */
const deny = (operator: string, resource = '"*"') =>
  `{ Effect: Deny, NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice], Resource: ${resource}, Condition: { ${operator}: { aws:MultiFactorAuthPresent: "false" } } }`;

test('SAM: the documents in a function or state machine Policies are policies at their place; managed policy names and SAM policy templates are not read', () => {
  const r = lint(fixture('sam.yaml'), { fileName: 'sam.yaml' });
  assert.equal(r.template, true);
  assert.deepEqual(grammar(r), []);
  assert.deepEqual(verdicts(r), [
    ['/Resources/Function/Properties/AssumeRolePolicyDocument', 'trust', 'not-applicable'],
    // `- Statement: [...]` without a Version: Bool lets long-term access keys through.
    ['/Resources/Function/Properties/Policies/2', 'identity', 'weak'],
    ['/Resources/Function/Properties/Policies/3', 'identity', 'enforced'],
    // A document chosen by Fn::If (the other branch is AWS::NoValue): judged as the policy it may be, the
    // function role's permissions with no MFA condition (its sessions never carry MFA: no user's policy).
    ['/Resources/Function/Properties/Policies/4/Fn::If/1', 'identity', 'not-applicable'],
    // Policies as one document rather than a list: the state machine role's.
    ['/Resources/Machine/Properties/Policies', 'identity', 'not-applicable'],
  ]);
});

test('SAM: a Transform names a template (a string or in a list); another transform does not', () => {
  const body = 'Globals:\n  Function:\n    Timeout: 3\n';
  for (const transform of [
    'AWS::Serverless-2016-10-31',
    '[AWS::LanguageExtensions, AWS::Serverless-2016-10-31]',
    '\n  - AWS::Serverless-2016-10-31',
  ])
    assert.equal(lint(`Transform: ${transform}\n${body}`, { format: 'yaml' }).template, true, transform);
  assert.equal(lint(`Transform: AWS::LanguageExtensions\n${body}`, { format: 'yaml' }).template, undefined);
  // JSON: a SAM template's long-form intrinsics are then no schema error.
  const json = {
    Transform: ['AWS::Serverless-2016-10-31'],
    Resources: {
      F: {
        Type: 'AWS::Serverless::Function',
        Properties: { Policies: [{ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::GetAtt': ['B', 'Arn'] } }] }] },
      },
    },
  };
  const r = lint(JSON.stringify(json, null, 2));
  assert.deepEqual(grammar(r), []);
  assert.deepEqual(verdicts(r), [['/Resources/F/Properties/Policies/0', 'identity', 'not-applicable']]);
});

test('Serverless Framework: the statement lists and resources.Resources of a file named serverless.yml are policies', () => {
  const text = fixture('serverless/serverless.yml');
  const r = lint(text, { fileName: 'serverless/serverless.yml' });
  assert.equal(r.template, true);
  assert.deepEqual(grammar(r), []);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa, p.lockout.length]),
    [
      ['/provider/iam/role/statements', 'weak', 0],
      // An Allow with an MFA condition forces nothing; the Fn::Join of known strings: the joined ARN is
      // read (a user-path hint on it below).
      ['/provider/iamRoleStatements', 'missing', 0],
      ['/functions/cron/iamRoleStatements', 'enforced', 0],
      // Deny * on Null "true": the enrolment actions are denied to users without MFA too.
      ['/resources/Resources/MfaGroup/Properties/Policies/0/PolicyDocument', 'weak', 6],
    ],
  );
  // The framework writes Version 2012-10-17: a policy variable in a list is no finding.
  assert.ok(!r.diagnostics.some((d) => d.rule === 'policy-variables-need-version'));
  const hint = r.diagnostics.find((d) => d.rule === 'user-path-not-matched');
  assert.ok(hint, 'the joined arn:aws:iam::*:user/${aws:username} is read');
  assert.equal(text.slice(hint.offset, hint.offset + 8), 'Fn::Join');
  // The policy of a list spans the list; a finding on the list as a whole stands on its key.
  const missing = r.diagnostics.find((d) => d.rule === 'missing-mfa-deny')!;
  assert.equal(text.slice(missing.offset, missing.offset + 'iamRoleStatements'.length), 'iamRoleStatements');
  assert.equal(text.slice(r.policies[0]!.offset, r.policies[0]!.offset + 1), '-');
});

test('Serverless Framework: read only when the file is so named; serverless.yaml and serverless.json too', () => {
  const text = fixture('serverless/serverless.yml');
  for (const fileName of ['template.yml', 'my-serverless.yml', 'serverless.yml.yaml', 'serverless.yml/x.yaml']) {
    const r = lint(text, { fileName });
    assert.equal(r.template, undefined, fileName);
    // Only the CloudFormation policy, found by its content.
    assert.deepEqual(
      r.policies.map((p) => p.pointer),
      ['/resources/Resources/MfaGroup/Properties/Policies/0/PolicyDocument'],
      fileName,
    );
  }
  assert.equal(lint(text, { fileName: 'C:\\app\\Serverless.YAML' }).policies.length, 4);
  // A file named serverless.yml that is no Serverless configuration (no service, no provider).
  assert.equal(lint('name: ci\non: [push]\n', { fileName: 'serverless.yml' }).template, undefined);
});

test('Serverless Framework: a variable (${self:...}, ${opt:...}, ${ssm:...}) is computed: no schema error, never counted toward enforced', () => {
  const config = (effect: string) =>
    `service: s\nprovider:\n  name: aws\n  iamRoleStatements:\n    - ${deny('BoolIfExists').replace('Effect: Deny', `Effect: ${effect}`)}\n`;
  assert.deepEqual(
    lint(config('Deny'), { fileName: 'serverless.yml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
  for (const variable of ['"${self:custom.effect}"', '"${opt:effect, \'Deny\'}"', '"${ssm:/mfa/effect}"', '"${env:EFFECT}"']) {
    const r = lint(config(variable), { fileName: 'serverless.yml' });
    // Read as text, the value would be an Effect IAM rejects; it is what the framework will write.
    assert.deepEqual(grammar(r), [], variable);
    assert.equal(r.policies[0]!.mfa, 'missing', variable);
    assert.match(r.policies[0]!.reason, /computes the Effect of statement 1/, variable);
  }
  // A policy variable is no Serverless variable: ${aws:username} stays a string.
  const own = `service: s\nprovider:\n  iamRoleStatements:\n    - { Effect: Allow, Action: iam:GetUser, Resource: "arn:aws:iam::*:user/\${aws:username}" }\n`;
  assert.ok(lint(own, { fileName: 'serverless.yml' }).diagnostics.some((d) => d.rule === 'user-path-not-matched'));
});

test("Serverless Framework (serverless.json): AWS's deny is appended to the statement list, and the policy is then enforced", () => {
  // The Allow names MFA (it was meant to force it) but forces nothing: requests without MFA are allowed
  // by other policies all the same.
  const text = `{
  "service": "x",
  "provider": {
    "name": "aws",
    "iamRoleStatements": [
      { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }
    ]
  }
}
`;
  const r = lint(text, { fileName: 'app/serverless.json' });
  assert.deepEqual(verdicts(r), [['/provider/iamRoleStatements', 'identity', 'missing']]);
  const d = r.diagnostics.find((x) => x.rule === 'missing-mfa-deny')!;
  const fixed = applyEdits(text, editsOf(d.fixes[0]!));
  assert.ok(fixed.includes('"true" } } },\n      {\n        "Sid": "DenyAllExceptListedIfNoMFA"'), fixed);
  assert.ok(!fixed.includes('"Version"'), 'the Version is the framework’s, not written');
  const after = lint(fixed, { fileName: 'app/serverless.json' });
  assert.deepEqual(
    after.policies.map((p) => p.mfa),
    ['enforced'],
  );
  assert.deepEqual(grammar(after), []);
});

test('Serverless Framework: a variable in a policy under resources.Resources is computed too', () => {
  const config = (effect: string) =>
    [
      'service: s',
      'resources:',
      '  Resources:',
      '    Users:',
      '      Type: AWS::IAM::ManagedPolicy',
      '      Properties:',
      '        PolicyDocument:',
      '          Version: "2012-10-17"',
      `          Statement: [${deny('BoolIfExists').replace('Effect: Deny', `Effect: ${effect}`)}]`,
    ].join('\n');
  assert.deepEqual(
    lint(config('Deny'), { fileName: 'serverless.yml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
  const r = lint(config('"${self:custom.effect}"'), { fileName: 'serverless.yml' });
  assert.deepEqual(grammar(r), []);
  assert.match(r.policies[0]!.reason, /computes the Effect of statement 1/);
  // Under another name the same text is a plain template: the string is an Effect IAM rejects.
  assert.equal(grammar(lint(config('"${self:custom.effect}"'), { fileName: 'template.yml' })).length, 1);
});

test('Serverless Framework (serverless.yml) and SAM: the fixes are written into the lists and documents where they stand', () => {
  const text = fixture('serverless/serverless.yml');
  const r = lint(text, { fileName: 'serverless.yml' });
  const fixed = (rule: string) => {
    const d = r.diagnostics.find((x) => x.rule === rule)!;
    const out = applyEdits(text, editsOf(d.fixes[0]!));
    const after = lint(out, { fileName: 'serverless.yml' });
    assert.deepEqual(grammar(after), [], rule);
    return [out, after.policies.map((p) => p.mfa)] as const;
  };
  // AWS's deny appended to provider.iamRoleStatements, in the list's own block style.
  const [appended, verdictsAfter] = fixed('missing-mfa-deny');
  assert.ok(appended.includes('            - "}"\n    - Sid: DenyAllExceptListedIfNoMFA\n      Effect: Deny\n'), appended);
  assert.deepEqual(verdictsAfter, ['weak', 'enforced', 'enforced', 'weak']);
  assert.deepEqual(fixed('bool-without-ifexists')[1], ['enforced', 'missing', 'enforced', 'weak']);
  // SAM: the weak document in the Policies list.
  const sam = fixture('sam.yaml');
  const d = lint(sam, { fileName: 'sam.yaml' }).diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.deepEqual(
    verdicts(lint(applyEdits(sam, editsOf(d.fixes[0]!)), { fileName: 'sam.yaml' })).map((v) => v[2]),
    ['not-applicable', 'enforced', 'enforced', 'not-applicable', 'not-applicable'],
  );
});

test('Serverless Framework: a statement list held by a variable (${file(...)}) is reported as not read', () => {
  const text = [
    'service: s',
    'provider:',
    '  name: aws',
    '  iam:',
    '    role:',
    '      statements: ${file(./iam.yml):statements}',
    'functions:',
    '  cron:',
    '    handler: h.run',
    "    iamRoleStatements: '${self:custom.cronStatements}'",
    '  other:',
    '    handler: h.other',
  ].join('\n');
  const r = lint(text, { fileName: 'serverless.yml' });
  assert.deepEqual(r.policies, []);
  const notRead = r.diagnostics.filter((d) => d.rule === 'unreadable-policy');
  assert.deepEqual(
    notRead.map((d) => text.slice(d.offset, d.offset + d.length)),
    ['${file(./iam.yml):statements}', "'${self:custom.cronStatements}'"],
  );
  assert.match(notRead[0]!.message, /cannot read the statements of provider\.iam\.role: a Serverless variable/);
});

test('mutated SAM, Serverless and intrinsics templates (tags, Fn::If, variables, brackets inserted; text deleted): never an internal error', () => {
  const pieces = [
    '!Ref ',
    '!If ',
    '!If [C, {Statement: []}, {}]',
    'Fn::If',
    '!Ref AWS::NoValue',
    '${self:x}',
    '[',
    ']',
    '{',
    '}',
    ':',
    '- ',
    '\n  ',
    '"',
    '#',
  ];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const [file, fileName] of [
    ['sam.yaml', 'sam.yaml'],
    ['serverless/serverless.yml', 'serverless.yml'],
    ['intrinsics.yaml', 'intrinsics.yaml'],
  ]) {
    const base = fixture(file!);
    for (let i = 0; i < 100; i++) {
      let t = base;
      for (let k = 0, n = 1 + rnd(4); k < n; k++) {
        const at = rnd(t.length);
        t = rnd(2) ? t.slice(0, at) + pieces[rnd(pieces.length)]! + t.slice(at) : t.slice(0, at) + t.slice(at + rnd(30));
      }
      const r = lint(t, { fileName });
      assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'), JSON.stringify(t));
      for (const d of r.diagnostics) for (const f of d.fixes) editsOf(f);
    }
  }
});
