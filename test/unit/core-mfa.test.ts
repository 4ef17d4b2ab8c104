// docs/iam-semantics.md sections 2-6 as fixture tests: verdict, lock-out list and the rule that fires.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type LintOptions } from '../../src/core';
import { ENROL, applyFirstFix, deny, fixture, only, policy, rulesOf } from '../fixtures/lib/core-helpers';
import { WEAKENING_EXEMPTIONS } from '../property/policy-arbitrary';

const MFA = 'aws:MultiFactorAuthPresent';
const AGE = 'aws:MultiFactorAuthAge';

interface Case {
  name: string;
  text: string;
  mfa: string;
  lockout?: string[];
  /** Rules reported with severity warning or error (exactly). */
  rules: string[];
  options?: LintOptions;
  /** The rule whose first fix is applied; the result must then be `enforced`. */
  fix?: string;
}

function check(c: Case): void {
  test(c.name, () => {
    const r = lint(c.text, c.options);
    assert.equal(r.policies.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(r.policies[0]!.mfa, c.mfa, r.policies[0]!.reason);
    assert.deepEqual(r.policies[0]!.lockout, c.lockout ?? []);
    const serious = [...new Set(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.rule))].sort();
    assert.deepEqual(serious, [...c.rules].sort(), r.diagnostics.map((d) => `${d.rule}: ${d.message}`).join('\n'));
    for (const d of r.diagnostics) assert.ok(d.message.length > 20);
    if (c.fix) {
      const out = applyFirstFix(c.text, c.fix, c.options);
      assert.equal(lint(out, c.options).policies[0]!.mfa, 'enforced', out);
    }
  });
}

// Section 2: the condition table, one row per case.
const table: Case[] = [
  {
    name: 'BoolIfExists "false": enforced (AWS\'s form)',
    text: policy(deny({ BoolIfExists: { [MFA]: 'false' } })),
    mfa: 'enforced',
    rules: [],
  },
  {
    name: 'Bool "false": weak, access keys bypass it',
    text: policy(deny({ Bool: { [MFA]: 'false' } })),
    mfa: 'weak',
    rules: ['bool-without-ifexists'],
    fix: 'bool-without-ifexists',
  },
  {
    name: 'Null "true": weak, console without MFA bypasses it',
    text: policy(deny({ Null: { [MFA]: 'true' } })),
    mfa: 'weak',
    rules: ['null-only-mfa-check'],
    fix: 'null-only-mfa-check',
  },
  {
    name: 'Bool "false" and Null "true" in two statements: enforced',
    text: policy(deny({ Bool: { [MFA]: 'false' } }), deny({ Null: { [MFA]: 'true' } })),
    mfa: 'enforced',
    rules: [],
  },
  { name: 'Null MultiFactorAuthAge "true": enforced', text: policy(deny({ Null: { [AGE]: 'true' } })), mfa: 'enforced', rules: [] },
  {
    name: 'NumericGreaterThanIfExists age: enforced plus a maximum age',
    text: policy(deny({ NumericGreaterThanIfExists: { [AGE]: '3600' } })),
    mfa: 'enforced',
    rules: [],
  },
  {
    name: 'NumericGreaterThan age without IfExists: missing',
    text: policy(deny({ NumericGreaterThan: { [AGE]: '3600' } })),
    mfa: 'missing',
    rules: ['missing-mfa-deny', 'narrowed-mfa-condition'],
    fix: 'narrowed-mfa-condition',
  },
  {
    name: 'ForAnyValue:Bool "false": weak',
    text: policy(deny({ 'ForAnyValue:Bool': { [MFA]: 'false' } })),
    mfa: 'weak',
    rules: ['for-any-value-mfa-check'],
    fix: 'for-any-value-mfa-check',
  },
  {
    name: 'ForAllValues:Bool "false": enforced by accident, warned',
    text: policy(deny({ 'ForAllValues:Bool': { [MFA]: 'false' } })),
    mfa: 'enforced',
    rules: ['set-operator-on-single-valued-key'],
    fix: 'set-operator-on-single-valued-key',
  },
  {
    name: 'BoolIfExists ["true","false"]: denies everyone',
    text: policy(deny({ BoolIfExists: { [MFA]: ['true', 'false'] } })),
    mfa: 'weak',
    rules: ['mfa-lockout'],
    fix: 'mfa-lockout',
  },
  // Evaluation rules behind the table.
  { name: 'JSON boolean false is the same as "false"', text: policy(deny({ BoolIfExists: { [MFA]: false } })), mfa: 'enforced', rules: [] },
  {
    name: 'condition keys are case-insensitive',
    text: policy(deny({ BoolIfExists: { 'AWS:multifactorauthpresent': 'false' } })),
    mfa: 'enforced',
    rules: [],
  },
  {
    name: '"False" is flagged as an odd boolean',
    text: policy(deny({ BoolIfExists: { [MFA]: 'False' } })),
    mfa: 'enforced',
    rules: ['odd-boolean-value'],
    fix: 'odd-boolean-value',
  },
  {
    name: '"no" matches nothing: the deny never fires',
    text: policy(deny({ BoolIfExists: { [MFA]: 'no' } })),
    mfa: 'weak',
    rules: ['odd-boolean-value'],
  },
  {
    name: 'aws:SourceIp ANDed into the deny narrows it',
    text: policy(deny({ BoolIfExists: { [MFA]: 'false' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })),
    mfa: 'weak',
    rules: ['narrowed-mfa-condition'],
  },
  {
    name: 'aws:ViaAWSService "false" is a deliberate carve-out: info only',
    text: policy(deny({ BoolIfExists: { [MFA]: 'false', 'aws:ViaAWSService': 'false' } })),
    mfa: 'enforced',
    rules: [],
  },
  {
    name: 'an age ANDed without IfExists breaks the deny',
    text: policy(deny({ BoolIfExists: { [MFA]: 'false' }, NumericGreaterThan: { [AGE]: '3600' } })),
    mfa: 'missing',
    rules: ['missing-mfa-deny', 'narrowed-mfa-condition'],
  },
  {
    name: 'StringNotEquals "true" on an absent key is true (negated operator)',
    text: policy(deny({ StringNotEquals: { [MFA]: 'true' } })),
    mfa: 'enforced',
    rules: [],
  },
];
table.forEach(check);

test('"no" is reported by odd-boolean-value with no fix', () => {
  const r = lint(policy(deny({ BoolIfExists: { [MFA]: 'no' } })));
  const d = only(r, 'odd-boolean-value');
  assert.equal(d.length, 1);
  assert.equal(d[0]!.fixes.length, 0);
});

test('the ViaAWSService carve-out is reported as info', () => {
  const r = lint(policy(deny({ BoolIfExists: { [MFA]: 'false', 'aws:ViaAWSService': 'false' } })));
  assert.deepEqual(
    only(r, 'narrowed-mfa-condition').map((d) => d.severity),
    ['info'],
  );
});

// Section 3: the scope of the deny.
[
  {
    name: "a deny on the user's own ARN only: weak",
    text: policy(deny({ BoolIfExists: { [MFA]: 'false' } }, { Resource: 'arn:aws:iam::*:user/${aws:username}' })),
    mfa: 'weak',
    rules: ['narrowed-deny-scope'],
    fix: 'narrowed-deny-scope',
  },
  {
    name: 'NotResource carves resources out: weak',
    text: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', NotAction: ENROL, NotResource: 'arn:aws:s3:::public/*', Condition: { BoolIfExists: { [MFA]: 'false' } } },
      ],
    }),
    mfa: 'weak',
    rules: ['narrowed-deny-scope'],
    fix: 'narrowed-deny-scope',
  },
  {
    name: 'an Action list protects only those services: weak',
    text: policy({ Effect: 'Deny', Action: ['s3:*', 'ec2:*'], Resource: '*', Condition: { BoolIfExists: { [MFA]: 'false' } } }),
    mfa: 'weak',
    rules: ['narrowed-deny-scope'],
    fix: 'narrowed-deny-scope',
  },
  {
    name: 'Action "*" denies enrolment too: lock-out',
    text: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { [MFA]: 'false' } } }),
    mfa: 'enforced',
    lockout: ENROL.slice(0, 6),
    rules: ['missing-enrolment-exemption'],
    fix: 'missing-enrolment-exemption',
  },
  {
    name: 'Effect "deny" in the wrong case is no deny',
    text: policy({ ...deny({ BoolIfExists: { [MFA]: 'false' } }), Effect: 'deny' }),
    mfa: 'missing',
    rules: ['missing-mfa-deny', 'iam-schema'],
  },
].forEach(check);

// Section 4: exemption classes.
const without = (a: string) => ENROL.filter((x) => x !== a);
const enforcedDeny = (notAction: string[]) => policy(deny({ BoolIfExists: { [MFA]: 'false' } }, { NotAction: notAction }));
for (const required of ENROL.slice(0, 6)) {
  check({
    name: `required exemption ${required} missing: lock-out`,
    text: enforcedDeny(without(required)),
    mfa: 'enforced',
    lockout: [required],
    rules: ['missing-enrolment-exemption'],
    fix: 'missing-enrolment-exemption',
  });
}
check({
  name: 'sts:GetSessionToken left out is no lock-out',
  text: enforcedDeny(without('sts:GetSessionToken')),
  mfa: 'enforced',
  rules: [],
});
check({
  name: 'harmless exemptions are accepted',
  text: enforcedDeny([...ENROL, 'iam:ListUsers', 'iam:GetMFADevice', 'iam:GetAccountPasswordPolicy']),
  mfa: 'enforced',
  rules: [],
});
check({ name: 'exemptions compare case-insensitively', text: enforcedDeny(ENROL.map((a) => a.toUpperCase())), mfa: 'enforced', rules: [] });
check({
  name: 'a ? wildcard that matches only an accepted action is fine',
  text: enforcedDeny([...without('iam:EnableMFADevice'), 'iam:EnableMFADevic?']),
  mfa: 'enforced',
  rules: [],
});
// iam:EnableMFADevices is no action: it exempts nothing, so it weakens nothing (every request
// without MFA is still denied), and the real iam:EnableMFADevice stays denied (a lock-out).
check({
  name: 'a misspelled exemption is a lock-out, fixed by its correct name',
  text: enforcedDeny([...without('iam:EnableMFADevice'), 'iam:EnableMFADevices']),
  mfa: 'enforced',
  lockout: ['iam:EnableMFADevice'],
  rules: ['missing-enrolment-exemption'],
  fix: 'missing-enrolment-exemption',
});
for (const weak of WEAKENING_EXEMPTIONS) {
  check({
    name: `weakening exemption ${weak}: weak`,
    text: enforcedDeny([...ENROL, weak]),
    mfa: 'weak',
    rules: ['weakening-exemption'],
    fix: 'weakening-exemption',
  });
}
check({
  name: 'allowPasswordChangeWithoutMfa accepts iam:ChangePassword',
  text: enforcedDeny([...ENROL, 'iam:ChangePassword', 'iam:GetAccountPasswordPolicy']),
  mfa: 'enforced',
  rules: [],
  options: { allowPasswordChangeWithoutMfa: true },
});

test('the weakening message names why', () => {
  const r = lint(enforcedDeny([...ENROL, 'sts:AssumeRole']));
  assert.match(only(r, 'weakening-exemption')[0]!.message, /role/);
  assert.match(
    only(lint(enforcedDeny([...ENROL, 'iam:ChangePassword'])), 'weakening-exemption')[0]!.message,
    /allowPasswordChangeWithoutMfa/,
  );
});

// Section 5: other ways to break the self-service part.
const selfService = (version: string | undefined, resource = 'arn:aws:iam::*:user/${aws:username}') =>
  JSON.stringify(
    {
      ...(version ? { Version: version } : {}),
      Statement: [
        { Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: resource },
        deny({ BoolIfExists: { [MFA]: 'false' } }),
      ],
    },
    null,
    2,
  );
check({
  name: 'Version missing while ${aws:username} is used',
  text: selfService(undefined),
  mfa: 'enforced',
  rules: ['policy-variables-need-version'],
  fix: 'policy-variables-need-version',
});
check({
  name: 'Version 2008-10-17 while ${aws:username} is used',
  text: selfService('2008-10-17'),
  mfa: 'enforced',
  rules: ['policy-variables-need-version'],
  fix: 'policy-variables-need-version',
});
check({
  name: 'arn:aws: in the aws-cn partition never matches',
  text: selfService('2012-10-17'),
  mfa: 'enforced',
  rules: ['arn-partition-mismatch'],
  options: { partition: 'aws-cn' },
  fix: 'arn-partition-mismatch',
});
check({
  name: 'arn:aws: in aws-us-gov',
  text: selfService('2012-10-17'),
  mfa: 'enforced',
  rules: ['arn-partition-mismatch'],
  options: { partition: 'aws-us-gov' },
});
check({
  name: 'mfa/${aws:username} fails for named devices',
  text: selfService('2012-10-17', 'arn:aws:iam::*:mfa/${aws:username}'),
  mfa: 'enforced',
  rules: ['named-mfa-device-resource'],
  fix: 'named-mfa-device-resource',
});
check({ name: 'arn:aws: in the aws partition is fine', text: selfService('2012-10-17'), mfa: 'enforced', rules: [] });

// user/${aws:username} does not match users created with a path (user/eng/alice); user/*/${aws:username} beside it does.
test('user/${aws:username} alone: path users get nothing (user-path-not-matched, hint); the sibling fixes it', () => {
  const text = selfService('2012-10-17');
  const r = lint(text);
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(r.policies[0]!.lockout, []);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, d.severity, text.slice(d.offset, d.offset + d.length)]),
    [['user-path-not-matched', 'hint', '"arn:aws:iam::*:user/${aws:username}"']],
  );
  assert.match(r.diagnostics[0]!.message, /user\/eng\/alice/);
  assert.match(r.diagnostics[0]!.message, /MFA device/);
  const out = applyFirstFix(text, 'user-path-not-matched');
  assert.deepEqual(JSON.parse(out).Statement[0].Resource, ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}']);
  const after = lint(out);
  assert.equal(after.policies[0]!.mfa, 'enforced');
  assert.deepEqual(after.diagnostics, []);
});

test('user-path-not-matched: any partition and account; not when a sibling covers path users, nor on a Deny', () => {
  const reported = (resource: unknown, effect = 'Allow', options: LintOptions = {}) =>
    only(lint(policy({ Effect: effect, Action: 'iam:GetUser', Resource: resource }), options), 'user-path-not-matched').length;
  assert.equal(reported('arn:aws-cn:iam::123456789012:user/${aws:username}'), 1);
  assert.equal(reported('arn:aws-us-gov:iam::*:user/${aws:username}'), 1);
  assert.equal(reported(['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}']), 0);
  assert.equal(reported(['arn:aws:iam::*:user/*/${aws:username}', 'arn:aws:iam::*:user/${aws:username}']), 0);
  assert.equal(reported(['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*']), 0, 'user/* matches path users too');
  assert.equal(
    reported(['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::999999999999:user/*/${aws:username}']),
    1,
    'another account is no sibling',
  );
  assert.equal(reported('arn:aws:iam::*:user/${aws:username}', 'Deny'), 0);
  assert.equal(reported('arn:aws:iam::*:user/*/${aws:username}'), 0);
  assert.equal(reported('arn:aws:iam::*:mfa/${aws:username}'), 0);
  // In another partition the sibling is written in that partition: the fix adds no arn-partition-mismatch.
  const cn = selfService('2012-10-17');
  const out = applyFirstFix(cn, 'user-path-not-matched', { partition: 'aws-cn' });
  assert.deepEqual(JSON.parse(out).Statement[0].Resource, [
    'arn:aws:iam::*:user/${aws:username}',
    'arn:aws-cn:iam::*:user/*/${aws:username}',
  ]);
  assert.equal(only(lint(out, { partition: 'aws-cn' }), 'arn-partition-mismatch').length, 1);
});

test("AWS's reference policy: enforced, no warnings; its user/${aws:username} resources are hints only", () => {
  const r = lint(fixture('reference/aws-self-manage-credentials-with-mfa.json'));
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(r.policies[0]!.lockout, []);
  assert.deepEqual([...new Set(r.diagnostics.map((d) => `${d.rule}/${d.severity}`))], ['user-path-not-matched/hint']);
  assert.equal(r.diagnostics.length, 6);
});

// Section 6: known scanner traps and kinds.
check({
  name: 'trap: Allow + Bool "true" is missing, not enforced',
  text: policy({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { [MFA]: 'true' } } }),
  mfa: 'missing',
  rules: ['missing-mfa-deny'],
  fix: 'missing-mfa-deny',
});
check({
  name: 'trap: Sid names do not matter',
  text: policy({ ...deny({ Bool: { [MFA]: 'false' } }), Sid: 'DenyAllExceptListedIfNoMFA' }),
  mfa: 'weak',
  rules: ['bool-without-ifexists'],
});
check({
  name: 'trap: the string MultiFactorAuthPresent alone proves nothing',
  text: policy({ Sid: 'MultiFactorAuthPresent', Effect: 'Allow', Action: 's3:*', Resource: '*' }),
  mfa: 'missing',
  rules: ['missing-mfa-deny'],
});
check({
  name: "trap: an Allow with the deny's condition enforces nothing",
  text: policy({ ...deny({ BoolIfExists: { [MFA]: 'false' } }), Effect: 'Allow' }),
  mfa: 'missing',
  rules: ['missing-mfa-deny'],
});
check({
  name: 'a single-object Statement: the deny is inserted in a new array',
  text: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }, null, 4),
  mfa: 'missing',
  rules: ['missing-mfa-deny'],
  fix: 'missing-mfa-deny',
});

test('resource and trust policies are not-applicable; trust policies are checked for BoolIfExists "true"', () => {
  const trust = (op: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: 'sts:AssumeRole',
          Condition: { [op]: { [MFA]: 'true' } },
        },
      ],
    });
  const good = lint(trust('Bool'));
  assert.equal(good.policies[0]!.kind, 'trust');
  assert.equal(good.policies[0]!.mfa, 'not-applicable');
  assert.deepEqual(rulesOf(good), []);
  const weak = trust('BoolIfExists');
  assert.deepEqual(rulesOf(lint(weak)), ['trust-policy-mfa']);
  assert.equal(lint(applyFirstFix(weak, 'trust-policy-mfa')).diagnostics.length, 0);
  const bucket = lint(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    }),
  );
  assert.equal(bucket.policies[0]!.kind, 'resource');
  assert.equal(bucket.policies[0]!.mfa, 'not-applicable');
});

test('Sid: letters and digits in identity and trust policies; resource policies of other services accept other Sids', () => {
  const sidProblems = (text: string) => only(lint(text), 'iam-schema').filter((d) => /Sid/.test(d.message));
  const bucket = (sid: unknown, single = false) => {
    const st = {
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::b/*',
    };
    return JSON.stringify({ Version: '2012-10-17', Statement: single ? st : [st] });
  };
  assert.equal(lint(bucket('x')).policies[0]!.kind, 'resource');
  for (const sid of ['__default_statement_ID', 'allow-read', 'Allow read from the app']) {
    assert.deepEqual(sidProblems(bucket(sid)), [], sid);
    assert.deepEqual(sidProblems(bucket(sid, true)), [], `${sid} (single statement)`);
  }
  // Still a schema problem in a resource policy: a Sid that is not a string.
  assert.equal(sidProblems(bucket(42)).length, 1);
  // Identity and trust policies keep IAM's rule.
  assert.equal(sidProblems(policy({ Sid: 'allow-read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })).length, 1);
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { [MFA]: 'true' } },
      },
    ],
  });
  assert.equal(lint(trust).policies[0]!.kind, 'trust');
  assert.equal(sidProblems(trust).length, 1);
});

test('nested policy documents are found by content, with JSON pointers', () => {
  const cfn = JSON.stringify(
    {
      Resources: {
        Group: {
          Type: 'AWS::IAM::Group',
          Properties: { Policies: [{ PolicyName: 'mfa', PolicyDocument: JSON.parse(policy(deny({ Bool: { [MFA]: 'false' } }))) }] },
        },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
          },
        },
      },
    },
    null,
    2,
  );
  const r = lint(cfn);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.kind, p.mfa]),
    [
      ['/Resources/Group/Properties/Policies/0/PolicyDocument', 'identity', 'weak'],
      ['/Resources/Role/Properties/AssumeRolePolicyDocument', 'trust', 'not-applicable'],
    ],
  );
  assert.equal(only(r, 'bool-without-ifexists')[0]!.policy, 0);
  const arr = lint(
    JSON.stringify([JSON.parse(policy(deny({ BoolIfExists: { [MFA]: 'false' } }))), { Version: '2012-10-17', Statement: [] }]),
  );
  assert.deepEqual(
    arr.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/0', 'enforced'],
      ['/1', 'missing'],
    ],
  );
  assert.deepEqual(lint('{"not": "a policy"}').policies, []);
});

test('a weak deny points at the statement that causes it (related) and the message states the verdict', () => {
  const r = lint(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { [MFA]: 'true' } } }));
  const d = only(r, 'missing-mfa-deny')[0]!;
  assert.match(d.message, /^MFA not enforced \(missing\)/);
  assert.ok(d.related && d.related[0]!.offset > 0);
  assert.match(only(lint(policy(deny({ Bool: { [MFA]: 'false' } }))), 'bool-without-ifexists')[0]!.message, /^MFA weak/);
});

test('options: severity override and off by rule name', () => {
  const text = policy(deny({ Bool: { [MFA]: 'false' } }));
  assert.equal(only(lint(text, { rules: { 'bool-without-ifexists': 'error' } }), 'bool-without-ifexists')[0]!.severity, 'error');
  assert.equal(only(lint(text, { rules: { 'bool-without-ifexists': 'off' } }), 'bool-without-ifexists').length, 0);
  assert.equal(lint(text, { rules: { 'bool-without-ifexists': 'off' } }).policies[0]!.mfa, 'weak');
});

test('policy size over the managed-policy limit, whitespace not counted', () => {
  const many = Array.from({ length: 400 }, (_, i) => `s3:GetObject${i}`);
  const big = policy({ Effect: 'Allow', Action: many, Resource: '*' }, deny({ BoolIfExists: { [MFA]: 'false' } }));
  assert.deepEqual(rulesOf(lint(big)), ['policy-size-limit']);
  const spaced = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, deny({ BoolIfExists: { [MFA]: 'false' } })).replace(
    /\n/g,
    '\n' + ' '.repeat(300),
  );
  assert.ok(spaced.length > 6144);
  assert.deepEqual(rulesOf(lint(spaced)), []);
});

test('policy size is counted the same for a whole file and for a policy nested in a template', () => {
  // Spaces inside strings are characters of the policy; only whitespace between tokens is free.
  const many = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::my bucket ${i}/*`);
  const doc = JSON.parse(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: many }, deny({ BoolIfExists: { [MFA]: 'false' } })));
  const whole = JSON.stringify(doc, null, 2);
  const nested = JSON.stringify({ Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc } } } }, null, 2);
  const sizeOf = (text: string) => only(lint(text), 'policy-size-limit')[0]?.message.match(/has ([\d,]+) characters/)?.[1];
  assert.ok(sizeOf(whole), 'over the limit');
  assert.equal(sizeOf(nested), sizeOf(whole));
});

test('a weak-deny finding relates to the deny statement it weakens', () => {
  const text = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, deny({ Bool: { [MFA]: 'false' } }));
  const d = only(lint(text), 'bool-without-ifexists')[0]!;
  const denyStart = text.indexOf('{', text.indexOf('}'));
  assert.equal(d.related?.[0]?.offset, denyStart);
  assert.equal(text[d.related![0]!.offset + d.related![0]!.length - 1], '}');
});

test('NotAction null: lock-out, and the fix replaces it by the enrolment actions', () => {
  const text =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":null,"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}';
  assert.equal(lint(text).policies[0]!.lockout.length, 6);
  const out = applyFirstFix(text, 'missing-enrolment-exemption');
  assert.deepEqual(lint(out).policies[0]!.lockout, []);
});
