// CloudFormation templates in YAML (the YAML front-end, src/core/formats/yaml) and JSON: intrinsic
// functions in long and short form are unknown values (never a syntax or schema error, never counted
// toward enforced), policies are found where templates put them, YAML errors have exact ranges, and
// hostile YAML costs bounded work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../../src/core/yaml';
import { applyEdits, editsOf, lint, REFERENCE_POLICY, renderExport, type LintOptions, type LintResult } from '../../src/core';

const FIXTURES = path.join(__dirname, '../fixtures/cloudformation');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const shown = (r: LintResult) => r.diagnostics.filter((d) => d.severity !== 'hint');
const grammar = (r: LintResult) => r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax');

/** Each intrinsic function: its short form (YAML) and its long form (JSON). */
const INTRINSICS: Array<[string, string, string]> = [
  ['Ref', '!Ref Bucket', '{ "Ref": "Bucket" }'],
  ['Sub', '!Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"', '{ "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}/*" }'],
  ['GetAtt', '!GetAtt Bucket.Arn', '{ "Fn::GetAtt": ["Bucket", "Arn"] }'],
  [
    'Join',
    "!Join ['', ['arn:', !Ref 'AWS::Partition', ':s3:::b/*']]",
    '{ "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::b/*"]] }',
  ],
  ['If', '!If [IsProd, "arn:aws:s3:::a/*", !Ref AWS::NoValue]', '{ "Fn::If": ["IsProd", "arn:aws:s3:::a/*", { "Ref": "AWS::NoValue" }] }'],
  ['Select', "!Select [0, !Split [',', !Ref Arns]]", '{ "Fn::Select": [0, { "Fn::Split": [",", { "Ref": "Arns" }] }] }'],
  ['Split', "!Split [',', !Ref Arns]", '{ "Fn::Split": [",", { "Ref": "Arns" }] }'],
  ['ImportValue', '!ImportValue BucketArn', '{ "Fn::ImportValue": "BucketArn" }'],
  ['FindInMap', '!FindInMap [Buckets, !Ref AWS::Region, Arn]', '{ "Fn::FindInMap": ["Buckets", { "Ref": "AWS::Region" }, "Arn"] }'],
  ['Base64', '!Base64 arn', '{ "Fn::Base64": "arn" }'],
  ['Cidr', '!Cidr [!Ref Block, 6, 5]', '{ "Fn::Cidr": [{ "Ref": "Block" }, 6, 5] }'],
  ['GetAZs', "!GetAZs ''", '{ "Fn::GetAZs": "" }'],
  ['And', '!And [!Condition A, !Condition B]', '{ "Fn::And": [{ "Condition": "A" }, { "Condition": "B" }] }'],
  ['Or', '!Or [!Condition A, !Condition B]', '{ "Fn::Or": [{ "Condition": "A" }, { "Condition": "B" }] }'],
  ['Not', '!Not [!Condition A]', '{ "Fn::Not": [{ "Condition": "A" }] }'],
  ['Equals', '!Equals [!Ref Env, prod]', '{ "Fn::Equals": [{ "Ref": "Env" }, "prod"] }'],
  ['Condition', '!Condition A', '{ "Condition": "A" }'],
];

const reference = fixture('enforced.yaml');
const referenceJson = fixture('enforced.template.json');

/** The reference template with one more Allow statement whose Resource and condition value are `yaml`. */
function yamlWith(value: string): string {
  const extra = [
    '          - Sid: Computed',
    '            Effect: Allow',
    '            Action: s3:GetObject',
    `            Resource: ${value}`,
    '            Condition:',
    '              StringEquals:',
    `                aws:PrincipalTag/team: ${value}`,
  ].join('\n');
  return reference.replace('          - Sid: AllowViewAccountInfo', `${extra}\n          - Sid: AllowViewAccountInfo`);
}

function jsonWith(value: string): string {
  const extra = `{ "Sid": "Computed", "Effect": "Allow", "Action": "s3:GetObject", "Resource": ${value}, "Condition": { "StringEquals": { "aws:PrincipalTag/team": ${value} } } },`;
  return referenceJson.replace(/("Statement": \[)/, `$1\n${extra}`);
}

test('the reference policy in a YAML template (short forms) and a JSON template (long forms): enforced, no finding', () => {
  for (const [text, options] of [
    [reference, { fileName: 'enforced.yaml' }],
    [referenceJson, { fileName: 'enforced.template.json' }],
    [referenceJson, {}],
  ] as Array<[string, LintOptions]>) {
    const r = lint(text, options);
    assert.deepEqual(
      r.policies.map((p) => [p.pointer, p.kind, p.mfa]),
      [['/Resources/ForceMfaPolicy/Properties/PolicyDocument', 'identity', 'enforced']],
    );
    assert.deepEqual(shown(r), []);
  }
});

test('every intrinsic function, short form (YAML) and long form (JSON): no syntax or schema error, the verdict stays enforced', () => {
  for (const [name, short, long] of INTRINSICS) {
    for (const [form, r] of [
      ['short', lint(yamlWith(short), { format: 'yaml' })],
      ['long in YAML', lint(yamlWith(long), { format: 'yaml' })],
      ['long in JSON', lint(jsonWith(long))],
    ] as const) {
      assert.deepEqual(
        shown(r).map((d) => `${d.rule}: ${d.message}`),
        [],
        `${name} (${form})`,
      );
      assert.deepEqual(
        r.policies.map((p) => p.mfa),
        ['enforced'],
        `${name} (${form})`,
      );
    }
  }
});

test('an intrinsic never counts toward enforced: a computed MFA condition value or deny Resource is not enforced', () => {
  const deny = '                "aws:MultiFactorAuthPresent": "false"';
  assert.ok(reference.includes(deny));
  for (const value of ['!Ref MfaValue', '{ "Ref": "MfaValue" }', '!If [C, "false", "true"]']) {
    const r = lint(reference.replace(deny, `                "aws:MultiFactorAuthPresent": ${value}`), { format: 'yaml' });
    assert.notEqual(r.policies[0]!.mfa, 'enforced', value);
    assert.ok(!r.diagnostics.some((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax'), value);
  }
  const scoped = reference.replace(/(DenyAllExceptListedIfNoMFA[\s\S]*?Resource: )"\*"/, '$1!GetAtt Bucket.Arn');
  assert.notEqual(scoped, reference);
  assert.notEqual(lint(scoped, { format: 'yaml' }).policies[0]!.mfa, 'enforced');
});

test('a weak deny in a YAML template: verdict weak, the finding on the Bool key, its fix written as YAML (test/unit/yaml-fixes.test.ts)', () => {
  const text = fixture('weak-deny.yaml');
  const r = lint(text, { fileName: 'weak-deny.yaml' });
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['weak'],
  );
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists');
  assert.ok(d);
  assert.equal(text.slice(d.offset, d.offset + d.length), 'Bool');
  assert.deepEqual(editsOf(d.fixes[0]!), [{ offset: d.offset, length: 4, content: 'BoolIfExists' }]);
});

test('${AWS::Partition} in a Fn::Sub is the configured partition; another variable makes the value unknown', () => {
  const literal = reference.replace(/!Sub "arn:\$\{AWS::Partition\}/g, '"arn:aws');
  assert.ok(lint(literal, { format: 'yaml', partition: 'aws-cn' }).diagnostics.some((d) => d.rule === 'arn-partition-mismatch'));
  assert.ok(!lint(reference, { format: 'yaml', partition: 'aws-cn' }).diagnostics.some((d) => d.rule === 'arn-partition-mismatch'));
  assert.deepEqual(
    lint(referenceJson, { partition: 'aws-us-gov' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('policies where CloudFormation puts them: found by place even without Version or Effect', () => {
  const text = [
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Principal: { AWS: !Ref Account }',
    '            Effect: Allow',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: p',
    '          PolicyDocument:',
    '            Statement:',
    '              - Action: s3:*',
    '                Effect: Allow',
    '                Resource: "*"',
    '  Scp:',
    '    Type: AWS::Organizations::Policy',
    '    Properties:',
    '      Content:',
    '        Statement:',
    '          - Action: "*"',
    '            Effect: Deny',
    '            Resource: "*"',
    '            Condition: { BoolIfExists: { aws:MultiFactorAuthPresent: false } }',
    '  PermissionSet:',
    '    Type: AWS::SSO::PermissionSet',
    '    Properties:',
    '      InlinePolicy:',
    '        Statement:',
    '          - Action: s3:GetObject',
    '            Effect: Allow',
    '            Resource: !Sub "arn:${AWS::Partition}:s3:::b/*"',
  ].join('\n');
  const r = lint(text, { format: 'yaml' });
  assert.equal(r.template, true);
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    [
      '/Resources/Role/Properties/AssumeRolePolicyDocument',
      '/Resources/Role/Properties/Policies/0/PolicyDocument',
      '/Resources/Scp/Properties/Content',
      '/Resources/PermissionSet/Properties/InlinePolicy',
    ],
  );
  assert.equal(r.policies[0]!.kind, 'trust');
  assert.ok(!r.diagnostics.some((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax'));
});

test('a YAML syntax error: one finding on its exact range, no policy read from the half-read file', () => {
  const text = fixture('broken.yml');
  const r = lint(text, { fileName: 'broken.yml' });
  assert.deepEqual(r.policies, []);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, d.offset, d.length]),
    [['json-syntax', text.indexOf('Groups'), 1]],
  );
  assert.match(r.diagnostics[0]!.message, /^YAML: Flow sequence/);
});

test('the format: options.format, else the file name (a .template by its first character), else JSON', () => {
  const yaml = 'AWSTemplateFormatVersion: "2010-09-09"\n';
  assert.equal(lint(yaml).diagnostics[0]?.rule, 'json-syntax');
  for (const options of [
    { format: 'yaml' },
    { fileName: 'a.yml' },
    { fileName: 'dir/A.YAML' },
    { fileName: 'a.template' },
  ] as LintOptions[])
    assert.deepEqual(lint(yaml, options).diagnostics, [], JSON.stringify(options));
  assert.deepEqual(lint(referenceJson, { fileName: 'x.template' }).policies.length, 1);
  assert.deepEqual(lint(fixture('not-a-template.yaml'), { fileName: 'ci.yaml' }), { policies: [], diagnostics: [] });
});

test('anchors and aliases: an alias is a copy of its anchored value; a plain JSON policy is unchanged', () => {
  const text = yamlWith('&arn "arn:aws:s3:::b/*"').replace('aws:PrincipalTag/team: &arn "arn:aws:s3:::b/*"', 'aws:PrincipalTag/team: *arn');
  const r = lint(text, { format: 'yaml' });
  assert.deepEqual(shown(r), []);
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['enforced'],
  );
  // A whole statement list held by an anchor elsewhere in the template.
  const list = reference.slice(reference.indexOf('          - Sid'), reference.indexOf('      Groups:'));
  const moved = reference
    .replace(list, '')
    .replace('        Statement:\n', '        Statement: *statements\n')
    .replace('Resources:\n', `x-statements: &statements\n${list}Resources:\n`);
  assert.deepEqual(
    lint(moved, { format: 'yaml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
  // Outside a template, JSON's { "Ref": ... } is still what IAM would reject.
  const plain = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:*", "Resource": { "Ref": "B" } }] }';
  assert.ok(lint(plain).diagnostics.some((d) => d.rule === 'iam-schema'));
});

test('hostile YAML: an alias bomb and 100,000-deep nesting cost bounded work', () => {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const indented = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
  for (const text of [bomb.join('\n'), '['.repeat(100_000), `${'- '.repeat(100_000)}x`, `${'? '.repeat(50_000)}x`, indented]) {
    const start = performance.now();
    const r = lint(text, { format: 'yaml' });
    const ms = performance.now() - start;
    assert.ok(ms < 5_000, `${ms} ms`);
    assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'), r.diagnostics.map((d) => d.message).join());
  }
  assert.match(lint(bomb.join('\n'), { format: 'yaml' }).diagnostics[0]!.message, /aliases and merge keys copy more than/);
});

test("the extension's CloudFormation exports (YAML and JSON) lint clean: the reference policy is enforced, no finding", () => {
  for (const partition of ['aws', 'aws-cn', 'aws-us-gov'] as const) {
    for (const format of ['cloudformation-yaml', 'cloudformation-json'] as const) {
      const text = renderExport(JSON.parse(REFERENCE_POLICY), format, { partition, groupName: 'MfaUsers' });
      // JSON is YAML too: the JSON export reads the same through the YAML front-end.
      for (const as of format === 'cloudformation-yaml' ? (['yaml'] as const) : (['json', 'yaml'] as const)) {
        const r = lint(text, { format: as, partition });
        assert.equal(r.template, true, `${format} ${partition} as ${as}`);
        assert.deepEqual(
          r.policies.map((p) => [p.pointer, p.mfa]),
          [['/Resources/ForceMfaPolicy/Properties/PolicyDocument', 'enforced']],
          `${format} ${partition} as ${as}`,
        );
        assert.deepEqual(shown(r), [], `${format} ${partition} as ${as}`);
      }
    }
  }
});

test('merge keys: the merged members are read (own members win); a merge bomb is one syntax error, in bounded work', () => {
  const text = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'x-deny: &deny',
    '  Effect: Deny',
    '  Resource: "*"',
    'Resources:',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - <<: *deny',
    '            Effect: Allow',
    '            Action: s3:GetObject',
    '          - <<: [*deny]',
    '            NotAction: iam:ListMFADevices',
    '            Condition: { BoolIfExists: { aws:MultiFactorAuthPresent: "false" } }',
  ].join('\n');
  const r = lint(text, { format: 'yaml' });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax'),
    [],
  );
  assert.notEqual(r.policies[0]!.mfa, 'missing', 'the second statement is a Deny with the MFA condition');
  const bomb = ['b0: &b0 {k: 1}'];
  for (let i = 1; i < 40; i++) bomb.push(`b${i}: &b${i} { <<: [*b${i - 1}, *b${i - 1}] }`);
  const start = performance.now();
  const b = lint(bomb.join('\n'), { format: 'yaml' });
  assert.ok(performance.now() - start < 5_000);
  assert.match(b.diagnostics.map((d) => d.message).join(), /aliases and merge keys copy more than/);
  // Merged maps nested as values: few members each, but each level twice the tree of the one before.
  const nested = ['c0: &c0 {k: 1}'];
  for (let i = 1; i < 40; i++) nested.push(`c${i}: &c${i} { v1: { <<: *c${i - 1} }, v2: { <<: *c${i - 1} } }`);
  const t0 = performance.now();
  const n = lint(nested.join('\n'), { format: 'yaml' });
  assert.ok(performance.now() - t0 < 5_000);
  assert.match(n.diagnostics.map((d) => d.message).join(), /aliases and merge keys copy more than/);
});

test('mutated YAML templates (tags, anchors, aliases, merges, brackets, quotes, pasted characters inserted; text deleted): never an internal error', () => {
  const base = fixture('weak-deny.yaml');
  const pieces = [
    '!Ref ',
    '!Sub ',
    '&a ',
    '*a',
    '<<: *a\n',
    '[',
    ']',
    '{',
    '}',
    ':',
    '- ',
    '\n  ',
    '"',
    "'",
    '#',
    '|',
    '>',
    '? ',
    '!!binary ',
    '&b [',
    '*b',
    '\t',
    '---\n',
    '\u00a0',
  ];
  let seed = 1;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 400; i++) {
    let t = base;
    for (let k = 0, n = 1 + rnd(4); k < n; k++) {
      const at = rnd(t.length);
      t = rnd(2) ? t.slice(0, at) + pieces[rnd(pieces.length)]! + t.slice(at) : t.slice(0, at) + t.slice(at + rnd(20));
    }
    const r = lint(t, { format: 'yaml' });
    assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'), JSON.stringify(t));
  }
});

/**
 * The policies of intrinsics.yaml and its long-form twins, with their verdicts. A computed part
 * counts for nothing (DOMAIN.md section 6): a deny is credited only for what the text shows.
 */
const INTRINSIC_VERDICTS = [
  // The literal deny (BoolIfExists "false", on "*", enrolment exempted) fires for long-term access
  // keys (the key absent: IfExists holds) and for sessions without MFA ("false"), not with MFA. The
  // computed Allows and the statement under Fn::If cannot undo an explicit deny.
  ['/Resources/Enforced/Properties/PolicyDocument', 'identity', 'enforced'],
  ['/Resources/BucketPolicy/Properties/PolicyDocument', 'resource', 'not-applicable'],
  ['/Resources/AdminRole/Properties/AssumeRolePolicyDocument', 'trust', 'not-applicable'],
  // A whole PolicyDocument under Fn::If: each branch is the policy it may be. The first denies both
  // contexts without MFA; the second (Bool) lets long-term access keys through: the weaker one shows.
  ['/Resources/AdminRole/Properties/Policies/0/PolicyDocument/Fn::If/1', 'identity', 'enforced'],
  ['/Resources/AdminRole/Properties/Policies/0/PolicyDocument/Fn::If/2', 'identity', 'weak'],
  // The whole Statement is computed: no statement is known, so no context is known to be denied.
  ['/Resources/ComputedList/Properties/PolicyDocument', 'identity', 'missing'],
  // Bool "false" denies sessions without MFA only; the Null "true" that would deny access keys is
  // under Fn::If (computed): access keys escape as far as the text shows.
  ['/Resources/ComputedItem/Properties/PolicyDocument', 'identity', 'weak'],
  // Computed Condition, Effect and MFA value count for nothing; the one literal deny is scoped to
  // a computed Resource, so it covers only some resources.
  ['/Resources/ComputedParts/Properties/PolicyDocument', 'identity', 'weak'],
];

test('every intrinsic, short form (intrinsics.yaml), long form in YAML and JSON: no syntax or schema finding, the verdicts above', () => {
  const short = fixture('intrinsics.yaml');
  const long = fixture('intrinsics-long.yaml');
  const json = fixture('intrinsics.template.json');
  // The fixtures hold each intrinsic, in each of its forms.
  for (const name of [
    'Sub',
    'GetAtt',
    'Join',
    'If',
    'Select',
    'Split',
    'ImportValue',
    'FindInMap',
    'Base64',
    'Cidr',
    'GetAZs',
    'And',
    'Or',
    'Not',
    'Equals',
  ]) {
    assert.ok(short.includes(`!${name} `), `!${name}`);
    assert.ok(long.includes(`Fn::${name}:`) && json.includes(`"Fn::${name}"`), `Fn::${name}`);
  }
  for (const form of [
    '!Ref ',
    '!Condition ',
    '!GetAtt Bucket.Arn',
    '!GetAtt [Bucket, Arn]',
    '!Sub "',
    '!Sub ["',
    '- !If\n',
    'Statement: !If',
    'PolicyDocument: !If',
    'Principal: !If',
  ])
    assert.ok(short.includes(form), form);
  for (const [name, text, options] of [
    ['short', short, { fileName: 'intrinsics.yaml' }],
    ['long', long, { fileName: 'intrinsics-long.yaml' }],
    ['json', json, { fileName: 'intrinsics.template.json' }],
    ['json by content', json, {}],
  ] as Array<[string, string, LintOptions]>) {
    const r = lint(text, options);
    assert.equal(r.template, true, name);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax' || d.rule === 'internal-error'),
      [],
      name,
    );
    assert.deepEqual(
      r.policies.map((p) => [p.pointer, p.kind, p.mfa]),
      INTRINSIC_VERDICTS,
      name,
    );
  }
});

test('a computed statement or Statement is named in the reason, and never makes a policy enforced', () => {
  const r = lint(fixture('intrinsics.yaml'), { fileName: 'intrinsics.yaml' });
  const reason = (name: string) => r.policies.find((p) => p.pointer === `/Resources/${name}/Properties/PolicyDocument`)!.reason;
  assert.match(reason('ComputedList'), /computes the Statement list/);
  assert.match(reason('ComputedItem'), /computes statement 2, which may change this/);
  assert.match(reason('ComputedParts'), /the Condition of statement "ComputedCondition"/);
  assert.match(reason('ComputedParts'), /the Effect of statement "ComputedEffect"/);
  assert.match(reason('ComputedParts'), /a condition value of statement "ComputedValue"/);
  // Both branches deny every request without MFA, yet the statement is computed: not enforced.
  const both = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - !If [C, ${AWS_DENY}, ${AWS_DENY}]\n`;
  const p = lint(both, { format: 'yaml' }).policies;
  assert.deepEqual(
    p.map((x) => x.mfa),
    ['missing'],
  );
  assert.match(p[0]!.reason, /computes statement 1/);
  const list = both.replace(/Statement:\n.*\n$/, `Statement: !If [C, [${AWS_DENY}], [${AWS_DENY}]]\n`);
  assert.match(lint(list, { format: 'yaml' }).policies[0]!.reason, /computes the Statement list/);
});

/** AWS's deny statement as a YAML flow map. */
const AWS_DENY =
  '{ Effect: Deny, NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice], Resource: "*", Condition: { BoolIfExists: { aws:MultiFactorAuthPresent: "false" } } }';

test('Fn::Join of known strings (plain, pseudo-parameter Fn::Sub and Ref) is that string; any other item leaves it unknown', () => {
  const policy = (resource: string) =>
    `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - ${AWS_DENY.replace('Resource: "*"', `Resource: ${resource}`)}\n`;
  // A deny on "*" is complete: the join must be read to know it.
  for (const known of ['!Join ["", ["*"]]', '!Join [":", ["*"]]', '{ "Fn::Join": ["", ["", "*"]] }'])
    assert.deepEqual(
      lint(policy(known), { format: 'yaml' }).policies.map((p) => p.mfa),
      ['enforced'],
      known,
    );
  // Unknown: a parameter, an attribute, a computed delimiter or list; a nested join is not read either.
  for (const unknown of [
    '!Join ["", [!Ref Scope]]',
    '!Join ["", ["*", !GetAtt B.Arn]]',
    '!Join [!Ref Sep, ["*"]]',
    '!Join ["", !Ref Parts]',
    '!Join ["", [!Join ["", ["*"]]]]',
  ])
    assert.equal(lint(policy(unknown), { format: 'yaml' }).policies[0]!.mfa, 'weak', unknown);
  // Pseudo-parameters: the configured partition, any account.
  const arn = '!Join ["", ["arn:", !Ref AWS::Partition, ":iam::", !Ref AWS::AccountId, ":user/*"]]';
  const literal = '!Join ["", ["arn:aws:iam::", !Ref AWS::AccountId, ":user/*"]]';
  const allow = (resource: string) =>
    policy('"*"').replace('          - {', `          - { Effect: Allow, Action: iam:GetUser, Resource: ${resource} }\n          - {`);
  const mismatch = (resource: string, partition: 'aws' | 'aws-cn') =>
    lint(allow(resource), { format: 'yaml', partition }).diagnostics.filter((d) => d.rule === 'arn-partition-mismatch').length;
  assert.equal(mismatch(arn, 'aws-cn'), 0);
  assert.equal(mismatch(literal, 'aws'), 0);
  assert.equal(mismatch(literal, 'aws-cn'), 1);
  // A joined string is computed text: a finding on it carries no fix (JSON, whose fixes exist).
  const json = JSON.stringify({
    Resources: {
      P: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'iam:GetUser', Resource: { 'Fn::Join': ['', ['arn:aws:iam::*:user/', '${aws:username}']] } },
            ],
          },
        },
      },
    },
  });
  const hint = lint(json).diagnostics.find((d) => d.rule === 'user-path-not-matched');
  assert.ok(hint, 'the joined ARN is read');
  assert.deepEqual(hint.fixes, []);
});

test('a computed Statement takes no fix: the deny has no list to go into, and the Fn::If is kept (JSON and YAML)', () => {
  const yaml = `Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement: !If [C, [${AWS_DENY}], !Ref AWS::NoValue]\n`;
  const json = JSON.stringify({
    Resources: {
      P: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: { PolicyDocument: { Version: '2012-10-17', Statement: { 'Fn::If': ['C', [], { Ref: 'AWS::NoValue' }] } } },
      },
    },
  });
  for (const [text, options] of [
    [yaml, { format: 'yaml' }],
    [json, {}],
  ] as Array<[string, LintOptions]>) {
    const d = lint(text, options).diagnostics.find((x) => x.rule === 'missing-mfa-deny');
    assert.ok(d, text);
    assert.deepEqual(d.fixes, [], text);
  }
  // A computed statement in a literal list: the deny is appended to the list, the Fn::If kept.
  const item = yaml.replace(
    /Statement: .*\n$/,
    'Statement:\n          - !If [C, { Effect: Allow, Action: s3:GetObject, Resource: "*" }, !Ref AWS::NoValue]\n',
  );
  const d = lint(item, { format: 'yaml' }).diagnostics.find((x) => x.rule === 'missing-mfa-deny')!;
  const fixed = applyEdits(item, editsOf(d.fixes[0]!));
  assert.ok(fixed.includes('- !If [C, { Effect: Allow'), fixed);
  assert.deepEqual(
    lint(fixed, { format: 'yaml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a Role, User or Group policy entry chosen by Fn::If: the document in each branch is read (none passes unseen)', () => {
  const entry = (operator: string) =>
    `{ PolicyName: mfa, PolicyDocument: { Version: "2012-10-17", Statement: [${AWS_DENY.replace('BoolIfExists', operator)}] } }`;
  const text = [
    'Resources:',
    '  Users:',
    '    Type: AWS::IAM::Group',
    '    Properties:',
    '      Policies:',
    `        - !If [IsProd, ${entry('BoolIfExists')}, ${entry('Bool')}]`,
    `        - !If [IsProd, ${entry('Bool')}, !Ref AWS::NoValue]`,
    '        - !Ref AWS::NoValue',
  ].join('\n');
  const r = lint(text, { format: 'yaml' });
  assert.deepEqual(grammar(r), []);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/Resources/Users/Properties/Policies/0/Fn::If/1/PolicyDocument', 'enforced'],
      ['/Resources/Users/Properties/Policies/0/Fn::If/2/PolicyDocument', 'weak'],
      ['/Resources/Users/Properties/Policies/1/Fn::If/1/PolicyDocument', 'weak'],
    ],
  );
});

test('AWS::IAM::UserPolicy, GroupPolicy and RolePolicy hold a policy in PolicyDocument (read by place, so also under Fn::If)', () => {
  const resource = (type: string) =>
    `  ${type}:\n    Type: AWS::IAM::${type}\n    Properties:\n      PolicyName: mfa\n      PolicyDocument: !If [C, { Statement: [${AWS_DENY}] }, !Ref AWS::NoValue]\n`;
  const r = lint(`Resources:\n${['UserPolicy', 'GroupPolicy', 'RolePolicy'].map(resource).join('')}`, { format: 'yaml' });
  assert.deepEqual(grammar(r), []);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    ['UserPolicy', 'GroupPolicy', 'RolePolicy'].map((t) => [`/Resources/${t}/Properties/PolicyDocument/Fn::If/1`, 'enforced']),
  );
});

test('a fix inside a branch of a whole PolicyDocument under Fn::If: written there, that branch becomes enforced', () => {
  const text = fixture('intrinsics.yaml');
  const r = lint(text, { fileName: 'intrinsics.yaml' });
  const branch = r.policies.findIndex((p) => p.pointer.endsWith('PolicyDocument/Fn::If/2'));
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists' && x.policy === branch)!;
  assert.equal(text.slice(d.offset, d.offset + d.length), 'Bool');
  const after = lint(applyEdits(text, editsOf(d.fixes[0]!)), { fileName: 'intrinsics.yaml' });
  assert.deepEqual(grammar(after), []);
  assert.equal(after.policies[branch]!.mfa, 'enforced');
});

test('a policy place whose whole value the template computes (Ref, ImportValue, an If of computed values) is reported as not read, once', () => {
  const text = [
    'Resources:',
    '  FromParameter:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: !Ref PolicyJson',
    '  Users:',
    '    Type: AWS::IAM::Group',
    '    Properties:',
    '      Policies:',
    '        - !ImportValue SharedPolicy',
    '        - PolicyName: p',
    '          PolicyDocument: !If [C, !Ref A, !Ref AWS::NoValue]',
    '        - !Ref AWS::NoValue',
    '        - !If [C, !Ref AWS::NoValue, !Ref AWS::NoValue]',
    '  Admins:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: { Statement: [] }',
    '      Policies: !If [C, [], !Ref AWS::NoValue]',
  ].join('\n');
  const r = lint(text, { format: 'yaml' });
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['/Resources/Admins/Properties/AssumeRolePolicyDocument'],
  );
  const notRead = r.diagnostics.filter((d) => d.rule === 'unreadable-policy');
  assert.deepEqual(
    notRead.map((d) => text.slice(d.offset, d.offset + d.length)),
    ['!Ref PolicyJson', '!ImportValue SharedPolicy', '!If [C, !Ref A, !Ref AWS::NoValue]', '!If [C, [], !Ref AWS::NoValue]'],
  );
  assert.match(notRead[0]!.message, /cannot read the PolicyDocument of FromParameter: the template computes it \(Ref\)/);
  assert.match(notRead[1]!.message, /cannot read policy 1 of Users: the template computes it \(Fn::ImportValue\)/);
  // SAM's Policies may name a managed policy by a Ref: not a document, not reported.
  const sam =
    'Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies: [!Ref ManagedPolicyArn]\n';
  assert.deepEqual(lint(sam, { format: 'yaml' }).diagnostics, []);
});

test("a permissions policy the template attaches only to roles, with no MFA condition, is no user's policy: not-applicable, no missing-mfa-deny", () => {
  // AWS's deny added to a Lambda's role would deny the function itself: its sessions never carry MFA
  // (aws:MultiFactorAuthPresent is absent, so BoolIfExists "false" matches and the deny fires on every call).
  const readBucket = '{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }';
  const weakDeny =
    '{ Version: "2012-10-17", Statement: [{ Effect: Deny, NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice], Resource: "*", Condition: { Bool: { aws:MultiFactorAuthPresent: "false" } } }] }';
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }',
    `      Policies: [{ PolicyName: read, PolicyDocument: ${readBucket} }, { PolicyName: mfa, PolicyDocument: ${weakDeny} }]`,
    '  RolesOnly:',
    '    Type: AWS::IAM::ManagedPolicy',
    `    Properties: { Roles: [!Ref Role], PolicyDocument: ${readBucket} }`,
    '  RolesAndUsers:',
    '    Type: AWS::IAM::Policy',
    `    Properties: { PolicyName: p, Roles: [!Ref Role], Users: [alice], PolicyDocument: ${readBucket} }`,
    '  Unattached:',
    '    Type: AWS::IAM::ManagedPolicy',
    `    Properties: { PolicyDocument: ${readBucket} }`,
    '  Inline:',
    '    Type: AWS::IAM::RolePolicy',
    `    Properties: { RoleName: !Ref Role, PolicyName: p, PolicyDocument: ${readBucket} }`,
  ].join('\n');
  const r = lint(template, { format: 'yaml' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/Resources/Role/Properties/AssumeRolePolicyDocument', 'not-applicable'],
      ['/Resources/Role/Properties/Policies/0/PolicyDocument', 'not-applicable'],
      // Names MFA, so it was meant to force it: judged as any identity policy. Bool "false" fires only
      // for console sessions without MFA; a long-term access key's request has no key and escapes.
      ['/Resources/Role/Properties/Policies/1/PolicyDocument', 'weak'],
      ['/Resources/RolesOnly/Properties/PolicyDocument', 'not-applicable'],
      // A user may act under it: nothing denies a request without MFA.
      ['/Resources/RolesAndUsers/Properties/PolicyDocument', 'missing'],
      // Attached nowhere in the template: anyone may be given it.
      ['/Resources/Unattached/Properties/PolicyDocument', 'missing'],
      ['/Resources/Inline/Properties/PolicyDocument', 'not-applicable'],
    ],
  );
  assert.match(r.policies[1]!.reason, /role's permissions policy/);
  assert.equal(r.diagnostics.filter((d) => d.rule === 'missing-mfa-deny').length, 2);
});

test('a plain YAML key is its text: the Null operator (and True, 0x10) is no YAML null, boolean or number', () => {
  // Deny every action when the MFA key is absent (Null "true"): requests by long-term access keys are
  // denied, console sessions without MFA ("false", present) are not; enrolment is denied to keys too.
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Mfa:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      Groups: [users]',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Deny',
    '            Action: "*"',
    '            Resource: "*"',
    '            Condition:',
    '              Null:',
    '                aws:MultiFactorAuthPresent: "true"',
  ].join('\n');
  const r = lint(template, { format: 'yaml' });
  assert.deepEqual(grammar(r), []);
  assert.equal(r.policies[0]!.mfa, 'weak');
  assert.ok(r.diagnostics.some((d) => d.rule === 'null-only-mfa-check'));
  const keys = lint(
    'Version: "2012-10-17"\nStatement:\n  - { Effect: Deny, Action: "*", Resource: "*", Condition: { True: { 0x10: x } } }\n',
    {
      format: 'yaml',
    },
  );
  assert.ok(
    keys.diagnostics.some((d) => d.rule === 'iam-schema' && d.message.includes('True')),
    'True is read as written',
  );
});
