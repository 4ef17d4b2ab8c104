/**
 * An arbitrary over the IAM policy grammar that the MFA analysis cares about (docs/iam-semantics.md sections 2-5):
 * `Statement` as one object or an array, every condition form of the section 2 table, the exemption
 * classes of section 4, Resource/NotResource, Version variants; rendered with random indentation,
 * key order and line endings by json-model.ts.
 */
import fc from 'fast-check';
import { o, type J, type JObj, type Layout } from './json-model';

// Written out from docs/iam-semantics.md section 4 on purpose, not imported from the core: the generator must not
// inherit a mistake of the code under test.
export const REQUIRED_EXEMPTIONS = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
] as const;
export const HARMLESS_EXEMPTIONS = ['sts:GetSessionToken', 'iam:ListUsers', 'iam:GetMFADevice', 'iam:GetAccountPasswordPolicy'];
export const WEAKENING_EXEMPTIONS = [
  'iam:*',
  '*',
  'iam:Create*',
  'iam:*MFA*',
  'sts:AssumeRole',
  'sts:*',
  'sts:GetFederationToken',
  'iam:DeactivateMFADevice',
  'iam:DeleteVirtualMFADevice',
  'iam:ChangePassword',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:CreateAccessKey',
  's3:*',
];
export const MISSPELLED_EXEMPTIONS = [
  'iam:EnableMFADevices',
  'iam:CreateVirtualMFADevise',
  'iam:ListMFADevice',
  'iam:ResynchMFADevice',
  'iam:GetUsers',
  'iam:ListVirtualMfaDevice',
];
const OTHER_ACTIONS = [
  's3:GetObject',
  's3:*',
  'ec2:DescribeInstances',
  'iam:ListAccessKeys',
  'iam:ChangePassword',
  'dynamodb:*',
  'iam:Get*',
];

const MFA_PRESENT = 'aws:MultiFactorAuthPresent';
const MFA_AGE = 'aws:MultiFactorAuthAge';

/** A condition as operator -> key -> value; merged so that an operator never appears twice. */
type Cond = Array<[string, Array<[string, J]>]>;

function addToCond(cond: Cond, op: string, key: string, value: J): Cond {
  const existing = cond.find(([o2]) => o2 === op);
  if (existing) {
    if (!existing[1].some(([k]) => k.toLowerCase() === key.toLowerCase())) existing[1].push([key, value]);
    return cond;
  }
  cond.push([op, [[key, value]]]);
  return cond;
}

const falseValue = fc.constantFrom<J>('false', false, ['false']);
const trueValue = fc.constantFrom<J>('true', true, ['true']);
const ageValue = fc.constantFrom<J>('3600', 3600, '43200', 900);

/** The MFA part of a deny's condition: every row of docs/iam-semantics.md section 2, plus odd spellings. */
export const mfaDenyCondition: fc.Arbitrary<Cond> = fc.oneof(
  falseValue.map((v): Cond => [['BoolIfExists', [[MFA_PRESENT, v]]]]),
  falseValue.map((v): Cond => [['Bool', [[MFA_PRESENT, v]]]]),
  trueValue.map((v): Cond => [['Null', [[MFA_PRESENT, v]]]]),
  trueValue.map((v): Cond => [['Null', [[MFA_AGE, v]]]]),
  ageValue.map((v): Cond => [['NumericGreaterThanIfExists', [[MFA_AGE, v]]]]),
  ageValue.map((v): Cond => [['NumericGreaterThan', [[MFA_AGE, v]]]]),
  falseValue.map((v): Cond => [['ForAnyValue:Bool', [[MFA_PRESENT, v]]]]),
  falseValue.map((v): Cond => [['ForAllValues:Bool', [[MFA_PRESENT, v]]]]),
  falseValue.map((v): Cond => [['ForAnyValue:BoolIfExists', [[MFA_PRESENT, v]]]]),
  fc.constant<Cond>([['BoolIfExists', [[MFA_PRESENT, ['true', 'false']]]]]),
  fc.constant<Cond>([['BoolIfExists', [[MFA_PRESENT, 'true']]]]),
  fc.constantFrom<J>('False', 'no', 'FALSE', '0').map((v): Cond => [['BoolIfExists', [[MFA_PRESENT, v]]]]),
  fc.constant<Cond>([['StringEquals', [[MFA_PRESENT, 'false']]]]),
);

/** Keys ANDed into the MFA condition (a narrowed deny), or the ViaAWSService carve-out. */
const extraCondition: fc.Arbitrary<[string, string, J]> = fc.constantFrom<[string, string, J]>(
  ['NotIpAddress', 'aws:SourceIp', ['192.0.2.0/24']],
  ['StringNotEquals', 'aws:RequestedRegion', 'eu-west-1'],
  ['Bool', 'aws:ViaAWSService', 'false'],
  ['BoolIfExists', 'aws:ViaAWSService', 'false'],
  ['NumericGreaterThan', MFA_AGE, '3600'],
  ['Bool', 'aws:SecureTransport', 'true'],
);

const sidArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/),
  fc.constantFrom('DenyAllExceptListedIfNoMFA', 'BlockMostAccessUnlessSignedInWithMFA', 'AllowViewAccountInfo'),
);

const partitionArb = fc.constantFrom('aws', 'aws', 'aws', 'aws-cn', 'aws-us-gov');

const userArn = (p: string) => `arn:${p}:iam::*:user/\${aws:username}`;

const denyScope: fc.Arbitrary<Array<[string, J]>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Array<[string, J]>>([['Resource', '*']]) },
  { weight: 1, arbitrary: fc.constant<Array<[string, J]>>([['Resource', ['*']]]) },
  { weight: 1, arbitrary: partitionArb.map((p): Array<[string, J]> => [['Resource', userArn(p)]]) },
  { weight: 1, arbitrary: partitionArb.map((p): Array<[string, J]> => [['NotResource', `arn:${p}:s3:::public-bucket/*`]]) },
  {
    weight: 1,
    arbitrary: partitionArb.map((p): Array<[string, J]> => [['Resource', [`arn:${p}:s3:::bucket/*`, `arn:${p}:ec2:*:*:instance/*`]]]),
  },
  { weight: 1, arbitrary: fc.constant<Array<[string, J]>>([]) },
);

const notActionList: fc.Arbitrary<string[]> = fc
  .record({
    required: fc.subarray([...REQUIRED_EXEMPTIONS], { minLength: 0 }),
    full: fc.constantFrom(true, true, true, false),
    harmless: fc.subarray(HARMLESS_EXEMPTIONS),
    weakening: fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.subarray(WEAKENING_EXEMPTIONS, { maxLength: 2 }) },
    ),
    misspelled: fc.oneof(
      { weight: 4, arbitrary: fc.constant<string[]>([]) },
      { weight: 1, arbitrary: fc.subarray(MISSPELLED_EXEMPTIONS, { maxLength: 1 }) },
    ),
  })
  .map(({ required, full, harmless, weakening, misspelled }) => {
    const req = full ? [...REQUIRED_EXEMPTIONS] : required;
    return [...new Set([...req, ...harmless, ...weakening, ...misspelled])];
  });

const actionOrNotAction: fc.Arbitrary<[string, J]> = fc.oneof(
  { weight: 5, arbitrary: notActionList.map((l): [string, J] => ['NotAction', l.length === 1 ? l[0]! : l]) },
  { weight: 2, arbitrary: fc.constant<[string, J]>(['Action', '*']) },
  { weight: 1, arbitrary: fc.subarray(OTHER_ACTIONS, { minLength: 1, maxLength: 3 }).map((l): [string, J] => ['Action', l]) },
);

function condToJ(cond: Cond): JObj {
  return { obj: cond.map(([op, entries]) => [op, { obj: entries }]) };
}

/** A Deny that involves MFA: the statement the analysis has to judge. */
export const mfaDenyStatement: fc.Arbitrary<JObj> = fc
  .record({
    sid: fc.option(sidArb, { freq: 2 }),
    action: actionOrNotAction,
    scope: denyScope,
    cond: mfaDenyCondition,
    extras: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(extraCondition, { maxLength: 2 }) }),
  })
  .map(({ sid, action, scope, cond, extras }) => {
    const c = cond.map(([op, e]): [string, Array<[string, J]>] => [op, [...e]]);
    for (const [op, key, value] of extras) addToCond(c, op, key, value);
    const entries: Array<[string, J]> = [];
    if (sid !== null) entries.push(['Sid', sid]);
    entries.push(['Effect', 'Deny'], action, ...scope, ['Condition', condToJ(c)]);
    return { obj: entries };
  });

/** The self-service allows of AWS's example (and its older variants), or other allows. */
export const allowStatement: fc.Arbitrary<JObj> = fc.oneof(
  fc
    .record({ sid: fc.option(sidArb, { freq: 2 }), p: partitionArb, named: fc.boolean() })
    .map(({ sid, p, named }) =>
      o(
        ...(sid !== null ? [['Sid', sid] as [string, J]] : []),
        ['Effect', 'Allow'],
        ['Action', ['iam:CreateVirtualMFADevice']],
        ['Resource', named ? `arn:${p}:iam::*:mfa/\${aws:username}` : `arn:${p}:iam::*:mfa/*`],
      ),
    ),
  fc
    .record({
      p: partitionArb,
      acts: fc.subarray(
        [
          'iam:EnableMFADevice',
          'iam:ListMFADevices',
          'iam:ResyncMFADevice',
          'iam:DeactivateMFADevice',
          'iam:GetUser',
          'iam:ChangePassword',
        ],
        { minLength: 1 },
      ),
      // docs/iam-semantics.md section 5: user/${aws:username} alone misses users created with a path.
      withPath: fc.boolean(),
    })
    .map(({ p, acts, withPath }) =>
      o(
        ['Effect', 'Allow'],
        ['Action', acts],
        ['Resource', withPath ? [userArn(p), `arn:${p}:iam::*:user/*/\${aws:username}`] : userArn(p)],
      ),
    ),
  fc.constant(o(['Effect', 'Allow'], ['Action', ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices']], ['Resource', '*'])),
  // An allow that only allows with MFA: enforces nothing by itself.
  fc
    .record({ v: trueValue, a: fc.constantFrom<J>('*', 'ec2:*', ['s3:*', 'iam:List*']) })
    .map(({ v, a }) => o(['Effect', 'Allow'], ['Action', a], ['Resource', '*'], ['Condition', o(['Bool', o([MFA_PRESENT, v])])])),
  fc.constant(o(['Effect', 'Allow'], ['Action', 's3:GetObject'], ['Resource', 'arn:aws:s3:::bucket/*'])),
);

/** A Deny without any MFA key (must not count as an MFA deny). */
export const otherDenyStatement: fc.Arbitrary<JObj> = fc.constantFrom(
  o(['Effect', 'Deny'], ['Action', 's3:DeleteBucket'], ['Resource', '*']),
  o(
    ['Effect', 'Deny'],
    ['NotAction', ['iam:*']],
    ['Resource', '*'],
    ['Condition', o(['StringNotEquals', o(['aws:RequestedRegion', 'eu-west-1'])])],
  ),
  o(['Sid', 'DenyAllExceptListedIfNoMFA'], ['Effect', 'Deny'], ['Action', 'ec2:TerminateInstances'], ['Resource', '*']),
);

/** A statement with a Principal: makes the document a resource or trust policy. */
const principalStatement: fc.Arbitrary<JObj> = fc.constantFrom(
  o(
    ['Effect', 'Allow'],
    ['Principal', o(['AWS', 'arn:aws:iam::123456789012:root'])],
    ['Action', 'sts:AssumeRole'],
    ['Condition', o(['Bool', o([MFA_PRESENT, 'true'])])],
  ),
  o(
    ['Effect', 'Allow'],
    ['Principal', o(['AWS', 'arn:aws:iam::123456789012:root'])],
    ['Action', 'sts:AssumeRole'],
    ['Condition', o(['BoolIfExists', o([MFA_PRESENT, 'true'])])],
  ),
  o(
    ['Effect', 'Deny'],
    ['Principal', '*'],
    ['Action', 's3:*'],
    ['Resource', 'arn:aws:s3:::b/*'],
    ['Condition', o(['BoolIfExists', o([MFA_PRESENT, 'false'])])],
  ),
);

export const statementArb: fc.Arbitrary<JObj> = fc.oneof(
  { weight: 4, arbitrary: mfaDenyStatement },
  { weight: 5, arbitrary: allowStatement },
  { weight: 1, arbitrary: otherDenyStatement },
  { weight: 1, arbitrary: principalStatement },
);

/** A whole policy document, identity policies mostly. */
export const policyArb: fc.Arbitrary<JObj> = fc
  .record({
    version: fc.constantFrom<string | null>('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', null),
    id: fc.option(fc.constantFrom('ForceMfa', 'policy-1'), { freq: 6 }),
    statements: fc.array(statementArb, { minLength: 0, maxLength: 5 }),
    // Most documents carry one MFA deny somewhere, so that every verdict is well represented.
    deny: fc.option(fc.tuple(mfaDenyStatement, fc.nat()), { freq: 4 }),
    shape: fc.constantFrom<'array' | 'object' | 'absent'>('array', 'array', 'array', 'array', 'object', 'absent'),
    principals: fc.constantFrom(true, false, false, false),
  })
  .map(({ version, id, statements, deny, shape, principals }) => {
    // Principal statements only in a fraction of documents, to keep most of them identity policies.
    const sts = principals ? statements : statements.filter((s) => !s.obj.some(([k]) => k === 'Principal'));
    if (deny) sts.splice(deny[1] % (sts.length + 1), 0, deny[0]);
    const entries: Array<[string, J]> = [];
    if (version !== null) entries.push(['Version', version]);
    if (id !== null) entries.push(['Id', id]);
    if (shape === 'object' && sts.length > 0) entries.push(['Statement', sts[0]!]);
    else if (shape !== 'absent' || sts.length > 0) entries.push(['Statement', sts]);
    return { obj: entries };
  });

export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  indent: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => ' '.repeat(n)) },
    { weight: 3, arbitrary: fc.constant('\t') },
    { weight: 1, arbitrary: fc.constant('') },
  ),
  eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  inlineScalarArrays: fc.boolean(),
  spaceAfterColon: fc.boolean(),
});
