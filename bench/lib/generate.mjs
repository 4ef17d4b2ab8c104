// Deterministic generator of IAM-policy-like documents for the benchmark (and the editor perf test).
// Same (targetBytes, seed) -> same text, byte for byte, on every machine: a seeded PRNG, no Date, no Math.random.
// The documents look like what people write: many statements with Action lists, ARNs, conditions, and the
// MFA deny (AWS's BoolIfExists form, with its enrolment exemptions) first, so the linter does its full work.
import reference from '../../test/fixtures/reference/aws-self-manage-credentials-with-mfa.json' with { type: 'json' };

/** mulberry32: small, fast, good enough to vary the shape; the point is reproducibility. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = {
  s3: [
    'GetObject',
    'PutObject',
    'DeleteObject',
    'ListBucket',
    'GetBucketLocation',
    'GetObjectTagging',
    'PutObjectAcl',
    'ListMultipartUploadParts',
  ],
  ec2: [
    'DescribeInstances',
    'StartInstances',
    'StopInstances',
    'RunInstances',
    'TerminateInstances',
    'CreateTags',
    'DescribeVolumes',
    'AttachVolume',
  ],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'DescribeTable'],
  lambda: ['InvokeFunction', 'GetFunction', 'ListFunctions', 'UpdateFunctionCode', 'CreateFunction', 'GetFunctionConfiguration'],
  logs: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'DescribeLogGroups', 'GetLogEvents', 'FilterLogEvents'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'GetQueueUrl', 'ChangeMessageVisibility'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey', 'ReEncrypt*', 'CreateGrant'],
  cloudwatch: ['PutMetricData', 'GetMetricData', 'DescribeAlarms', 'ListMetrics', 'GetMetricStatistics'],
  iam: ['GetRole', 'PassRole', 'ListRoles', 'GetPolicy', 'ListAttachedRolePolicies', 'GetUser', 'ListMFADevices'],
  sns: ['Publish', 'Subscribe', 'ListTopics', 'GetTopicAttributes', 'CreateTopic'],
};
const SERVICE_NAMES = Object.keys(SERVICES);
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'ap-northeast-1'];
const WORDS = ['alpha', 'billing', 'cdn', 'data', 'etl', 'frontend', 'green', 'hr', 'infra', 'jobs', 'k8s', 'logs', 'ml', 'ops'];

// AWS's own deny statement, from the reference policy the tests use.
const MFA_DENY = reference.Statement.find((s) => s.Effect === 'Deny');

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

function account(rand) {
  let s = '';
  for (let i = 0; i < 12; i++) s += Math.floor(rand() * 10);
  return s;
}

function arn(rand, service) {
  const region = pick(rand, REGIONS);
  const acct = account(rand);
  const word = pick(rand, WORDS);
  switch (service) {
    case 's3':
      return `arn:aws:s3:::${word}-${acct}-bucket/${pick(rand, WORDS)}/*`;
    case 'iam':
      return `arn:aws:iam::${acct}:role/${word}-service-role`;
    case 'dynamodb':
      return `arn:aws:dynamodb:${region}:${acct}:table/${word}-table`;
    case 'lambda':
      return `arn:aws:lambda:${region}:${acct}:function:${word}-handler`;
    case 'logs':
      return `arn:aws:logs:${region}:${acct}:log-group:/aws/${word}/*`;
    case 'sqs':
      return `arn:aws:sqs:${region}:${acct}:${word}-queue`;
    case 'kms':
      return `arn:aws:kms:${region}:${acct}:key/${acct.slice(0, 8)}-1234-5678-9abc-${acct}`;
    case 'sns':
      return `arn:aws:sns:${region}:${acct}:${word}-topic`;
    default:
      return `arn:aws:${service}:${region}:${acct}:${word}/*`;
  }
}

function condition(rand) {
  const kind = Math.floor(rand() * 8);
  switch (kind) {
    case 0:
      return { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } };
    case 1:
      return { NumericLessThan: { 'aws:MultiFactorAuthAge': String(600 + Math.floor(rand() * 3000)) } };
    case 2:
      return { IpAddress: { 'aws:SourceIp': [`10.${Math.floor(rand() * 255)}.0.0/16`, `192.0.2.${Math.floor(rand() * 255)}/32`] } };
    case 3:
      return { StringEquals: { 'aws:RequestedRegion': [pick(rand, REGIONS), pick(rand, REGIONS)] } };
    case 4:
      return { StringEquals: { 'aws:PrincipalTag/team': pick(rand, WORDS) }, Bool: { 'aws:SecureTransport': 'true' } };
    case 5:
      return { StringLike: { 's3:prefix': [`${pick(rand, WORDS)}/*`, `home/\${aws:username}/*`] } };
    case 6:
      return { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env', pick(rand, WORDS)] } };
    default:
      return { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' }, Null: { 'aws:MultiFactorAuthAge': 'false' } };
  }
}

function statement(rand, index) {
  const service = pick(rand, SERVICE_NAMES);
  const verbs = SERVICES[service];
  const deny = rand() < 0.12;
  const count = 1 + Math.floor(rand() * 6);
  const actions = [];
  for (let i = 0; i < count; i++) {
    const a = `${service}:${pick(rand, verbs)}`;
    if (!actions.includes(a)) actions.push(a);
  }
  const s = { Sid: `${deny ? 'Deny' : 'Allow'}${service[0].toUpperCase()}${service.slice(1)}${index}`, Effect: deny ? 'Deny' : 'Allow' };
  s.Action = actions.length === 1 && rand() < 0.5 ? actions[0] : actions;
  const rcount = 1 + Math.floor(rand() * 3);
  const resources = [];
  for (let i = 0; i < rcount; i++) resources.push(arn(rand, service));
  s.Resource = rcount === 1 ? resources[0] : resources;
  if (rand() < 0.55) s.Condition = condition(rand);
  return s;
}

const INDENT = '    ';

/**
 * A policy document of about `targetBytes` characters (2-space JSON, the way people keep them in repos):
 * the MFA deny first, then generated statements until the target is reached.
 */
export function generatePolicy(targetBytes, seed = 1) {
  const rand = prng(seed);
  const head = '{\n  "Version": "2012-10-17",\n  "Statement": [\n';
  const tail = '\n  ]\n}\n';
  const parts = [];
  let length = head.length + tail.length;
  const add = (s) => {
    const text = INDENT + JSON.stringify(s, null, 2).replace(/\n/g, '\n' + INDENT);
    parts.push(text);
    length += text.length + 2;
  };
  add(MFA_DENY);
  let i = 1;
  while (length < targetBytes) add(statement(rand, i++));
  return head + parts.join(',\n') + tail;
}

/** The benchmark's sizes: about 1 KB, 6 KB (the managed-policy maximum), 100 KB, 1 MB, 10 MB. */
export const SIZES = [
  { id: '1KB', bytes: 1024 },
  { id: '6KB', bytes: 6 * 1024 },
  { id: '100KB', bytes: 100 * 1024 },
  { id: '1MB', bytes: 1024 * 1024 },
  { id: '10MB', bytes: 10 * 1024 * 1024 },
];
