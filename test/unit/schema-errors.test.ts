// Invalid documents -> the exact IAM message, the path of the offending node and the text it points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, type Found } from '../fixtures/schema/locate';
import { validatePolicySchema } from '../../src/core/schema';

const compact = (v: unknown): string => JSON.stringify(v);
/** A policy with one statement: AWS-like defaults overridden (undefined removes a key). */
function statement(overrides: Record<string, unknown>): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...overrides };
  for (const k of Object.keys(s)) if (s[k] === undefined) delete s[k];
  return s;
}
const policyOf = (s: Record<string, unknown>): string => compact({ Version: '2012-10-17', Statement: [s] });

interface Row {
  name: string;
  text: string;
  expected: Found[];
}

const rows: Row[] = [];
/** A row whose single problem is in statement 0. `text` defaults to the compact JSON of the node at `at`. */
function one(name: string, overrides: Record<string, unknown>, message: string, at: (string | number)[], text?: string): void {
  const s = statement(overrides);
  let node: unknown = s;
  for (const seg of at) node = (node as Record<string | number, unknown>)[seg];
  rows.push({
    name,
    text: policyOf(s),
    expected: [{ message, path: ['Statement', 0, ...at], text: text ?? compact(node) }],
  });
}

// Effect
one('Effect in the wrong case', { Effect: 'allow' }, '`Effect` must be "Allow" or "Deny" (values are case-sensitive)', ['Effect']);
one('Effect not a value IAM knows', { Effect: 'Permit' }, '`Effect` must be "Allow" or "Deny"', ['Effect']);
one('Effect as a boolean', { Effect: true }, '`Effect` must be "Allow" or "Deny"', ['Effect']);
one('Effect missing', { Effect: undefined }, 'A statement needs an `Effect`: "Allow" or "Deny"', []);

// Action / NotAction
one('neither Action nor NotAction', { Action: undefined }, 'A statement needs exactly one of `Action` or `NotAction`', []);
one(
  'both Action and NotAction',
  { NotAction: 'iam:*' },
  'A statement needs exactly one of `Action` or `NotAction`, not both',
  ['NotAction'],
  '"NotAction"',
);
one(
  'misspelled Action: one problem, not also "needs Action"',
  { Action: undefined, Actions: 's3:*' },
  'Unknown key `Actions` in a statement: did you mean `Action`?',
  ['Actions'],
  '"Actions"',
);
one(
  'Action without a service prefix',
  { Action: ['s3:GetObject', 's3GetObject'] },
  'Action `s3GetObject` needs a service prefix: `service:action` (e.g. `s3:GetObject`) or `*`',
  ['Action', 1],
);
one(
  'Action with a space',
  { Action: 'ec2: DescribeInstances' },
  'Action `ec2: DescribeInstances` contains white space: write `service:action` without spaces',
  ['Action'],
);
one(
  'Action with a bad character',
  { NotAction: ['iam:Get/User'], Action: undefined },
  'Action `iam:Get/User` is not valid: write `service:action` with letters, digits and the wildcards `*` and `?`, or `*`',
  ['NotAction', 0],
);
one('Action as a number', { Action: 42 }, '`Action` must be a string or an array of strings', ['Action']);
one('NotAction entry not a string', { Action: undefined, NotAction: ['iam:*', 1] }, 'Each entry of `NotAction` must be a string', [
  'NotAction',
  1,
]);

// Resource / Principal
one(
  'both Resource and NotResource',
  { NotResource: 'arn:aws:s3:::b' },
  'A statement may have `Resource` or `NotResource`, not both',
  ['NotResource'],
  '"NotResource"',
);
one(
  'no Resource and no Principal',
  { Resource: undefined },
  'A statement needs `Resource` or `NotResource` (a `Principal` instead in resource and trust policies)',
  [],
);
one(
  'misspelled Resource: one problem',
  { Resource: undefined, Resources: '*' },
  'Unknown key `Resources` in a statement: did you mean `Resource`?',
  ['Resources'],
  '"Resources"',
);
one('Resource as an object', { Resource: { arn: 'x' } }, '`Resource` must be a string or an array of strings', ['Resource']);
one('NotResource entry not a string', { Resource: undefined, NotResource: [null] }, 'Each entry of `NotResource` must be a string', [
  'NotResource',
  0,
]);
one(
  'Principal as an ARN string',
  { Principal: 'arn:aws:iam::123456789012:root' },
  '`Principal` as a string can only be "*": put account ids and ARNs under `"AWS"`, e.g. `{ "AWS": "arn:aws:iam::123456789012:root" }`',
  ['Principal'],
);
one(
  'Principal type in the wrong case',
  { Principal: { aws: '123456789012' } },
  'Unknown principal type `aws`: did you mean `AWS`?',
  ['Principal', 'aws'],
  '"aws"',
);
one(
  'Principal type unknown',
  { Principal: { User: 'bob' } },
  'Unknown principal type `User`: use `AWS`, `Service`, `Federated` or `CanonicalUser`',
  ['Principal', 'User'],
  '"User"',
);
one('Principal value a number', { Principal: { AWS: 123456789012 } }, '`AWS` principals must be a string or an array of strings', [
  'Principal',
  'AWS',
]);
one('Principal entry a number', { Principal: { Service: ['ec2.amazonaws.com', 5] } }, 'Each `Service` principal must be a string', [
  'Principal',
  'Service',
  1,
]);
one(
  'Principal as an array',
  { Principal: ['*'] },
  '`Principal` must be "*" or an object of `AWS`, `Service`, `Federated` or `CanonicalUser`',
  ['Principal'],
);
one(
  'both Principal and NotPrincipal',
  { Principal: '*', NotPrincipal: { AWS: '*' } },
  'A statement may have `Principal` or `NotPrincipal`, not both',
  ['NotPrincipal'],
  '"NotPrincipal"',
);

// Sid and unknown keys
one('Sid with a hyphen', { Sid: 'Allow-All' }, 'Sid may contain only letters and digits', ['Sid']);
one('Sid with a space', { Sid: 'Allow all' }, 'Sid may contain only letters and digits', ['Sid']);
one('Sid as a number', { Sid: 12 }, '`Sid` must be a string of letters and digits', ['Sid']);
one(
  'key in the wrong case',
  { effect: 'Allow', Effect: 'Allow' },
  'Unknown key `effect` in a statement: did you mean `Effect`?',
  ['effect'],
  '"effect"',
);
one(
  'unknown key with no near spelling',
  { Comment: 'x' },
  'Unknown key `Comment` in a statement: it has only `Sid`, `Effect`, `Action`, `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal` or `Condition`',
  ['Comment'],
  '"Comment"',
);

one(
  'an operator outside Condition',
  { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  'Condition operator `BoolIfExists` belongs inside `Condition`',
  ['BoolIfExists'],
  '"BoolIfExists"',
);

// Condition
const cond = (c: unknown): Record<string, unknown> => ({ Condition: c });
one(
  'operator in the wrong case',
  cond({ stringEquals: { 'aws:username': 'bob' } }),
  'Condition operator `stringEquals` is not valid: operator names are case-sensitive (`StringEquals`)',
  ['Condition', 'stringEquals'],
  '"stringEquals"',
);
one(
  'IfExists in the wrong case',
  cond({ BoolIfexists: { 'aws:MultiFactorAuthPresent': 'false' } }),
  'Condition operator `BoolIfexists` is not valid: operator names are case-sensitive (`BoolIfExists`)',
  ['Condition', 'BoolIfexists'],
  '"BoolIfexists"',
);
one(
  'Null with IfExists',
  cond({ NullIfExists: { 'aws:MultiFactorAuthAge': 'true' } }),
  '`Null` has no IfExists form',
  ['Condition', 'NullIfExists'],
  '"NullIfExists"',
);
one(
  'Null with IfExists and a set prefix',
  cond({ 'ForAnyValue:NullIfExists': { 'aws:TagKeys': 'true' } }),
  '`Null` has no IfExists form',
  ['Condition', 'ForAnyValue:NullIfExists'],
  '"ForAnyValue:NullIfExists"',
);
one(
  'misspelled set prefix',
  cond({ 'ForAnyValues:StringLike': { 'aws:TagKeys': 'a*' } }),
  'Condition operator `ForAnyValues:StringLike` is not valid: did you mean `ForAnyValue:StringLike`?',
  ['Condition', 'ForAnyValues:StringLike'],
  '"ForAnyValues:StringLike"',
);
one(
  'unknown operator',
  cond({ Contains: { 'aws:username': 'bob' } }),
  'Condition operator `Contains` is not valid: use one such as `StringEquals`, `StringLike`, `ArnLike`, `Bool`, `BoolIfExists`, `NumericLessThan`, `DateGreaterThan`, `IpAddress` or `Null`',
  ['Condition', 'Contains'],
  '"Contains"',
);
one(
  'Condition as a string',
  cond('aws:MultiFactorAuthPresent'),
  '`Condition` must be an object of condition operators, e.g. `{ "Bool": { "aws:SecureTransport": "true" } }`',
  ['Condition'],
);
one(
  'operator holding a string',
  cond({ Bool: 'true' }),
  'Condition operator `Bool` must hold an object of condition keys and their values',
  ['Condition', 'Bool'],
);
one(
  'condition value an object',
  cond({ Bool: { 'aws:MultiFactorAuthPresent': { v: 'true' } } }),
  'The value of condition key `aws:MultiFactorAuthPresent` must be a string, a boolean, a number, or an array of them',
  ['Condition', 'Bool', 'aws:MultiFactorAuthPresent'],
);
one(
  'condition value null',
  cond({ Null: { 'aws:MultiFactorAuthAge': null } }),
  'The value of condition key `aws:MultiFactorAuthAge` must be a string, a boolean, a number, or an array of them',
  ['Condition', 'Null', 'aws:MultiFactorAuthAge'],
);
one(
  'condition value list with a list',
  cond({ StringEquals: { 'aws:username': ['a', ['b']] } }),
  'Each value of condition key `aws:username` must be a string, a boolean or a number',
  ['Condition', 'StringEquals', 'aws:username', 1],
);

// The policy document
rows.push(
  {
    name: 'Statement missing',
    text: '{"Version":"2012-10-17"}',
    expected: [{ message: 'A policy document needs a `Statement`', path: [], text: '{"Version":"2012-10-17"}' }],
  },
  {
    name: 'misspelled Statement: one problem, not also "needs Statement"',
    text: '{"Version":"2012-10-17","Statements":[]}',
    expected: [
      { message: 'Unknown key `Statements` in a policy document: did you mean `Statement`?', path: ['Statements'], text: '"Statements"' },
    ],
  },
  {
    name: 'unknown top-level key',
    text: '{"Version":"2012-10-17","Description":"x","Statement":[]}',
    expected: [
      {
        message: 'Unknown key `Description` in a policy document: it has only `Version`, `Id` or `Statement`',
        path: ['Description'],
        text: '"Description"',
      },
    ],
  },
  {
    name: 'Version not a policy language version',
    text: '{"Version":"2012-10-18","Statement":[]}',
    expected: [
      {
        message: '`Version` must be "2012-10-17" or "2008-10-17" (use "2012-10-17": it is the version with policy variables)',
        path: ['Version'],
        text: '"2012-10-18"',
      },
    ],
  },
  {
    name: 'a statement written straight into the document: its keys, not also "needs Statement"',
    text: '{"Version":"2012-10-17","Effect":"Allow","Action":"*"}',
    expected: [
      { message: '`Effect` belongs in a statement: put the statement inside `"Statement": [ ... ]`', path: ['Effect'], text: '"Effect"' },
      { message: '`Action` belongs in a statement: put the statement inside `"Statement": [ ... ]`', path: ['Action'], text: '"Action"' },
    ],
  },
  { name: 'Id a number', text: '{"Id":5,"Statement":[]}', expected: [{ message: '`Id` must be a string', path: ['Id'], text: '5' }] },
  {
    name: 'Statement a string',
    text: '{"Statement":"Allow everything"}',
    expected: [
      { message: '`Statement` must be a statement object or an array of statements', path: ['Statement'], text: '"Allow everything"' },
    ],
  },
  {
    name: 'a statement that is not an object',
    text: '{"Statement":["x"]}',
    expected: [{ message: 'A statement must be an object', path: ['Statement', 0], text: '"x"' }],
  },
  {
    name: 'a policy that is an array',
    text: '[{"Statement":[]}]',
    expected: [{ message: 'A policy document must be a JSON object', path: [], text: '[{"Statement":[]}]' }],
  },
  {
    name: 'single-object Statement: paths without an index',
    text: '{"Statement":{"Effect":"Deny","NotAction":"iam:*","Resource":"*","Sid":"a_b"}}',
    expected: [{ message: 'Sid may contain only letters and digits', path: ['Statement', 'Sid'], text: '"a_b"' }],
  },
  {
    name: 'single-object Statement missing Action',
    text: '{"Statement":{"Effect":"Deny","Resource":"*"}}',
    expected: [
      {
        message: 'A statement needs exactly one of `Action` or `NotAction`',
        path: ['Statement'],
        text: '{"Effect":"Deny","Resource":"*"}',
      },
    ],
  },
  {
    name: 'a key with a slash and a tilde in a condition: pointer escapes decoded',
    text: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/a~b":{}}}}]}',
    expected: [
      {
        message: 'The value of condition key `aws:ResourceTag/a~b` must be a string, a boolean, a number, or an array of them',
        path: ['Statement', 0, 'Condition', 'StringEquals', 'aws:ResourceTag/a~b'],
        text: '{}',
      },
    ],
  },
  {
    name: 'separate problems each once, in document order',
    text: compact({ Statement: [statement({ Sid: 'a b', Effect: 'Allow ' }), statement({ Action: 'S3' })] }),
    expected: [
      { message: '`Effect` must be "Allow" or "Deny"', path: ['Statement', 0, 'Effect'], text: '"Allow "' },
      { message: 'Sid may contain only letters and digits', path: ['Statement', 0, 'Sid'], text: '"a b"' },
      {
        message: 'Action `S3` needs a service prefix: `service:action` (e.g. `s3:GetObject`) or `*`',
        path: ['Statement', 1, 'Action'],
        text: '"S3"',
      },
    ],
  },
);

for (const row of rows) {
  test(`schema: ${row.name}`, () => {
    assert.deepEqual(check(row.text), row.expected);
  });
}

test('schema: a statement that is not an object gets one problem, not one per statement rule', () => {
  const found = check('{"Statement":[1, null, "s", true]}');
  assert.deepEqual(
    found.map((f) => f.path),
    [
      ['Statement', 0],
      ['Statement', 1],
      ['Statement', 2],
      ['Statement', 3],
    ],
  );
  assert.ok(found.every((f) => f.message === 'A statement must be an object'));
});

const valid: [string, unknown][] = [
  ['a single-object Statement', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }],
  ['NotResource and NotAction', { Statement: [{ Effect: 'Deny', NotAction: ['iam:*'], NotResource: ['arn:aws:s3:::b/*'] }] }],
  [
    'JSON booleans and numbers as condition values',
    {
      Statement: [
        {
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            BoolIfExists: { 'aws:MultiFactorAuthPresent': false },
            NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 },
            Null: { 'aws:TokenIssueTime': [true, 'false'] },
          },
        },
      ],
    },
  ],
  [
    'a trust policy: Principal and no Resource',
    {
      Statement: [
        { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root'], Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
  ],
  [
    'Principal "*" and NotPrincipal',
    {
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
        { Effect: 'Deny', NotPrincipal: { CanonicalUser: 'abc' }, Action: 's3:*', Resource: '*' },
      ],
    },
  ],
  [
    'Version 2008-10-17, an Id, an empty Sid',
    { Version: '2008-10-17', Id: 'any text - here', Statement: [{ Sid: '', Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] },
  ],
  [
    'every operator form',
    {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'a:b',
          Resource: '*',
          Condition: {
            'ForAllValues:StringLikeIfExists': { 'aws:TagKeys': [] },
            'ForAnyValue:Null': { k: 'true' },
            StringNotEqualsIgnoreCaseIfExists: { k: 'v' },
            DateGreaterThanEquals: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
          },
        },
      ],
    },
  ],
  ['an empty Statement array', { Statement: [] }],
  [
    'actions with wildcards, hyphens and case',
    {
      Statement: [
        {
          Effect: 'Allow',
          Action: ['*', 'IAM:*AccessKey*', 'execute-api:Invoke', 's3:Get?bject', 'config:select-resource-config'],
          Resource: '*',
        },
      ],
    },
  ],
];
for (const [name, doc] of valid) {
  test(`schema: valid: ${name}`, () => {
    assert.deepEqual(check(JSON.stringify(doc)), []);
  });
}

test('schema: 100,000-deep nesting inside a policy gives one problem and no stack overflow', () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const doc = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { k: deep } } }] };
  const found = validatePolicySchema(doc, () => undefined);
  assert.deepEqual(
    found.map((f) => f.path),
    [['Statement', 0, 'Condition', 'StringEquals', 'k', 0]],
  );
});

test('schema: a range the caller cannot locate falls back to the value, then the nearest ancestor', () => {
  const doc = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Sids: 'x' }] };
  const asked: string[] = [];
  const found = validatePolicySchema(doc, (path, part) => {
    asked.push(`${part}:${path.join('/')}`);
    return path.length === 2 ? { offset: 7, length: 3 } : undefined;
  });
  assert.deepEqual(found, [
    { message: 'Unknown key `Sids` in a statement: did you mean `Sid`?', offset: 7, length: 3, path: ['Statement', 0, 'Sids'] },
  ]);
  assert.deepEqual(asked, ['key:Statement/0/Sids', 'value:Statement/0/Sids', 'value:Statement/0']);
});

test('schema: never throws, even on a value whose properties throw', () => {
  const hostile = new Proxy(
    {},
    {
      ownKeys: () => {
        throw new Error('boom');
      },
      get: () => {
        throw new Error('boom');
      },
    },
  );
  const found = validatePolicySchema(hostile, () => undefined);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /could not be checked/);
  assert.deepEqual(
    validatePolicySchema(undefined, () => undefined).map((f) => f.message),
    ['A policy document must be a JSON object'],
  );
});
