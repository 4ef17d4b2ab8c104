// A generated account export in the shape of `aws iam get-account-authorization-details` (AWS CLI
// output: documents as JSON objects, 4-space indentation), for the audit's bench row (bench/audit.mjs):
// by default 5,000 users, 1,000 groups, 2,000 customer managed policies (each with 1 to 3 versions,
// the default one marked), a few roles. A tenth of the policies deny without MFA (AWS's form, a Bool
// deny, a Null deny), users have 1 to 4 groups, some inline policies and boundaries, and a few name
// a policy the export does not hold. Deterministic for a seed.
//
// Alone: node bench/gen-auth-details.mjs [--users N] [--groups N] [--policies N] [--seed N] [--encoded] > export.json
import { prng } from './lib/generate.mjs';

const ACCOUNT = '123456789012';
const ENROL = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];
const SERVICES = ['s3', 'ec2', 'dynamodb', 'lambda', 'sqs', 'sns', 'logs', 'cloudwatch', 'kms', 'rds', 'ecr', 'ecs'];
const VERBS = ['Get', 'List', 'Describe', 'Put', 'Create', 'Delete', 'Update', 'Tag'];
const NOUNS = ['Object', 'Bucket', 'Instance', 'Table', 'Function', 'Queue', 'Topic', 'LogGroup', 'Key', 'Repository'];
const DATE = '2024-03-01T10:00:00Z';

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

function mfaDeny(rand) {
  const kind = rand();
  const condition =
    kind < 0.6
      ? { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
      : kind < 0.8
        ? { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }
        : { Null: { 'aws:MultiFactorAuthPresent': 'true' } };
  return { Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: ENROL, Resource: '*', Condition: condition };
}

function document(rand, i) {
  const statements = [];
  const n = 2 + Math.floor(rand() * 5);
  for (let k = 0; k < n; k++) {
    const service = pick(rand, SERVICES);
    const actions = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => `${service}:${pick(rand, VERBS)}${pick(rand, NOUNS)}`);
    statements.push({
      Sid: `Statement${k}`,
      Effect: 'Allow',
      Action: actions,
      Resource: rand() < 0.5 ? '*' : `arn:aws:${service}:us-east-1:${ACCOUNT}:${pick(rand, NOUNS).toLowerCase()}/team-${i % 97}/*`,
      ...(rand() < 0.2 ? { Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } } : {}),
    });
  }
  if (i % 10 === 0) {
    statements.push({
      Effect: 'Allow',
      Action: ENROL.slice(0, 6),
      Resource: [`arn:aws:iam::*:user/\${aws:username}`, 'arn:aws:iam::*:mfa/*'],
    });
    statements.push({ Effect: 'Allow', Action: 'iam:ListVirtualMFADevices', Resource: '*' });
    statements.push(mfaDeny(rand));
  }
  return { Version: '2012-10-17', Statement: statements };
}

function managedPolicy(rand, i, encode) {
  const name = `policy-${i}`;
  const versions = 1 + Math.floor(rand() * 3);
  const list = [];
  for (let v = versions; v >= 1; v--) {
    const doc = document(rand, v === versions ? i : i + 1);
    list.push({ Document: encode(doc), VersionId: `v${v}`, IsDefaultVersion: v === versions, CreateDate: DATE });
  }
  return {
    PolicyName: name,
    PolicyId: `ANPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
    Path: '/',
    DefaultVersionId: `v${versions}`,
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: DATE,
    UpdateDate: DATE,
    PolicyVersionList: list,
  };
}

const policyArn = (i) => `arn:aws:iam::${ACCOUNT}:policy/policy-${i}`;
const attach = (i) => ({ PolicyName: `policy-${i}`, PolicyArn: policyArn(i) });

export function generateAuthDetails({ users = 5000, groups = 1000, policies = 2000, seed = 15, encoded = false } = {}) {
  const rand = prng(seed);
  const encode = encoded ? (d) => encodeURIComponent(JSON.stringify(d)) : (d) => d;
  const Policies = Array.from({ length: policies }, (_, i) => managedPolicy(rand, i, encode));
  const GroupDetailList = Array.from({ length: groups }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:group/group-${i}`,
    CreateDate: DATE,
    GroupPolicyList: rand() < 0.3 ? [{ PolicyName: `group-${i}-inline`, PolicyDocument: encode(document(rand, i)) }] : [],
    AttachedManagedPolicies: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => attach(Math.floor(rand() * policies))),
  }));
  const UserDetailList = Array.from({ length: users }, (_, i) => {
    const path = i % 7 === 0 ? '/eng/' : '/';
    const user = {
      Path: path,
      UserName: `user-${i}`,
      UserId: `AIDA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user${path}user-${i}`,
      CreateDate: DATE,
      UserPolicyList: rand() < 0.2 ? [{ PolicyName: `user-${i}-inline`, PolicyDocument: encode(document(rand, i)) }] : [],
      GroupList: Array.from({ length: Math.floor(rand() * 5) }, () => `group-${Math.floor(rand() * groups)}`),
      AttachedManagedPolicies: [
        ...Array.from({ length: Math.floor(rand() * 3) }, () => attach(Math.floor(rand() * policies))),
        // A few name a policy that the export does not hold.
        ...(i % 50 === 0 ? [{ PolicyName: 'not-exported', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/not-exported` }] : []),
      ],
      Tags: [],
    };
    if (i % 10 === 3) user.PermissionsBoundary = { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: policyArn(i % policies) };
    return user;
  });
  const RoleDetailList = Array.from({ length: 50 }, (_, i) => ({
    Path: '/',
    RoleName: `role-${i}`,
    RoleId: `AROA${String(i).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
    CreateDate: DATE,
    AssumeRolePolicyDocument: encode({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    InstanceProfileList: [],
    RolePolicyList: [],
    AttachedManagedPolicies: [attach(i)],
    Tags: [],
    RoleLastUsed: {},
  }));
  return JSON.stringify({ UserDetailList, GroupDetailList, RoleDetailList, Policies, IsTruncated: false }, null, 4);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  process.stdout.write(
    generateAuthDetails({
      users: option('--users', 5000),
      groups: option('--groups', 1000),
      policies: option('--policies', 2000),
      seed: option('--seed', 15),
      encoded: args.includes('--encoded'),
    }),
  );
}
