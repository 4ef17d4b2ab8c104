// Deterministic generator of CloudFormation YAML templates for the benchmark's CloudFormation row.
// Same (targetBytes, seed) -> same text on every machine (a seeded PRNG). The templates look like the ones in
// infrastructure repositories: Parameters and Conditions, then many resources that hold policies (roles with
// inline policies and trust policies, managed policies for a role and a group of people, bucket and queue
// policies) between resources that do not (buckets, functions with inline code, tables, queues), written with
// the short-form intrinsics (!Sub, !Ref, !GetAtt, !Join, !If, !Select, !Split, !ImportValue, !FindInMap,
// !Equals) in block and flow style, and AWS's MFA policy in ${AWS::Partition} form first, attached to a group,
// so that the linter does its full work.
import reference from '../../test/fixtures/reference/aws-self-manage-credentials-with-mfa.json' with { type: 'json' };
import { prng } from './generate.mjs';

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const WORDS = ['Billing', 'Cdn', 'Data', 'Etl', 'Frontend', 'Ingest', 'Jobs', 'Logs', 'Ml', 'Ops', 'Reports', 'Search'];
const SERVICES = {
  s3: ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'GetBucketLocation', 'GetObjectTagging'],
  dynamodb: ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem', 'BatchWriteItem', 'DescribeTable'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'ChangeMessageVisibility'],
  sns: ['Publish', 'Subscribe', 'GetTopicAttributes'],
  logs: ['CreateLogGroup', 'CreateLogStream', 'PutLogEvents', 'DescribeLogStreams'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey', 'DescribeKey'],
  lambda: ['InvokeFunction', 'GetFunction', 'UpdateFunctionCode'],
  ssm: ['GetParameter', 'GetParameters', 'GetParametersByPath'],
};

/** A YAML value: strings, numbers, booleans, lists, maps, and { tag, value } for a short-form intrinsic. */
const tag = (name, value) => ({ tag: name, value });
const flow = (list) => ({ flow: list });

// A plain scalar where YAML reads it back as the same string; otherwise single quotes.
const PLAIN = /^[A-Za-z0-9/_][A-Za-z0-9 /_.:*${}@-]*$/;
function scalar(s) {
  if (typeof s !== 'string') return String(s);
  const plain =
    PLAIN.test(s) && !s.includes(': ') && !s.endsWith(':') && !/^(true|false|yes|no|null|on|off|~|[0-9.:-]+)$/i.test(s) && s.trim() === s;
  return plain ? s : `'${s.replace(/'/g, "''")}'`;
}

/** Block-style YAML for `value` at `indent` (the way people write templates), without recursion limits that matter here. */
function emit(value, indent, out) {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === 'object' && !Array.isArray(item) && !item.tag && !item.flow) {
        const lines = [];
        emit(item, indent + 2, lines);
        lines[0] = `${pad}- ${lines[0].slice(indent + 2)}`;
        out.push(...lines);
      } else out.push(`${pad}- ${inline(item, indent + 2, out)}`);
    }
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v && typeof v === 'object' && !v.tag && !v.flow && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
      out.push(`${pad}${k}:`);
      emit(v, Array.isArray(v) ? indent : indent + 2, out);
    } else out.push(`${pad}${k}: ${inline(v, indent + 2, out)}`);
  }
}

/** A value written on its key's line: a scalar, a flow list, or a tag with a scalar or flow list. */
function inline(v, indent, out) {
  if (v && v.flow) return `[${v.flow.map((x) => inline(x, indent, out)).join(', ')}]`;
  if (v && v.tag) return `${v.tag} ${inline(v.value, indent, out)}`;
  if (v && typeof v === 'object' && v.block) return `|\n${v.block.map((l) => ' '.repeat(indent) + l).join('\n')}`;
  if (Array.isArray(v)) return `[${v.map((x) => inline(x, indent, out)).join(', ')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}: ${inline(x, indent, out)}`)}}`;
  return scalar(v);
}

/** AWS's self-service MFA policy with ARNs in ${AWS::Partition} form (!Sub). */
function mfaPolicyDocument() {
  const sub = (r) => (typeof r === 'string' && r.startsWith('arn:aws:') ? tag('!Sub', r.replace('arn:aws:', 'arn:${AWS::Partition}:')) : r);
  return {
    Version: '2012-10-17',
    Statement: reference.Statement.map((s) => {
      const out = { ...s };
      if (out.Resource !== undefined) out.Resource = Array.isArray(out.Resource) ? out.Resource.map(sub) : sub(out.Resource);
      if (Array.isArray(out.NotAction)) out.NotAction = [...out.NotAction];
      return out;
    }),
  };
}

function resourceFor(rand, service, name) {
  switch (service) {
    case 's3':
      return [tag('!GetAtt', `${name}Bucket.Arn`), tag('!Sub', `\${${name}Bucket.Arn}/*`)];
    case 'dynamodb':
      return [tag('!GetAtt', `${name}Table.Arn`), tag('!Sub', `\${${name}Table.Arn}/index/*`)];
    case 'sqs':
      return tag('!GetAtt', `${name}Queue.Arn`);
    case 'sns':
      return tag('!Ref', 'AlertsTopic');
    case 'logs':
      return tag('!Sub', `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${name.toLowerCase()}-*`);
    case 'kms':
      return { 'Fn::ImportValue': tag('!Sub', '${SharedStack}-KeyArn') };
    case 'ssm':
      return tag(
        '!Join',
        flow(['', flow(['arn:aws:ssm:', tag('!Ref', 'AWS::Region'), ':', tag('!Ref', 'AWS::AccountId'), `:parameter/${name}/*`])]),
      );
    default:
      return tag('!Sub', `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}-*`);
  }
}

function statement(rand, name, i) {
  const service = pick(rand, Object.keys(SERVICES));
  const verbs = SERVICES[service];
  const actions = [];
  for (let n = 1 + Math.floor(rand() * 4); n > 0; n--) {
    const a = `${service}:${pick(rand, verbs)}`;
    if (!actions.includes(a)) actions.push(a);
  }
  const s = { Sid: `${name}${service[0].toUpperCase()}${service.slice(1)}${i}`, Effect: 'Allow' };
  s.Action = actions.length === 1 ? actions[0] : rand() < 0.5 ? flow(actions) : actions;
  s.Resource = resourceFor(rand, service, name);
  if (rand() < 0.25) s.Condition = { StringEquals: { 'aws:RequestedRegion': tag('!Ref', 'AWS::Region') } };
  else if (rand() < 0.15) s.Condition = { Bool: { 'aws:SecureTransport': 'true' } };
  return s;
}

const lambdaTrust = () => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: flow(['lambda.amazonaws.com']) }, Action: 'sts:AssumeRole' }],
});

/** One service's resources: a role with its inline policy and what the policy names; sometimes a managed, bucket or queue policy. */
function serviceBlock(rand, n) {
  const name = `${pick(rand, WORDS)}${n}`;
  const statements = [];
  for (let k = 1 + Math.floor(rand() * 5); k > 0; k--) statements.push(statement(rand, name, k));
  const r = {};
  r[`${name}Role`] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: tag('!Sub', `\${AWS::StackName}-${name.toLowerCase()}`),
      AssumeRolePolicyDocument: lambdaTrust(),
      ManagedPolicyArns: [tag('!Sub', 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')],
      Policies: [
        { PolicyName: tag('!Sub', `\${AWS::StackName}-${name}-access`), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
      ],
      Tags: [
        { Key: 'team', Value: name.toLowerCase() },
        { Key: 'env', Value: tag('!Ref', 'Environment') },
      ],
    },
  };
  r[`${name}Bucket`] = {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    Properties: {
      BucketName: tag('!Sub', `\${AWS::StackName}-${name.toLowerCase()}-\${AWS::AccountId}`),
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      VersioningConfiguration: { Status: tag('!If', flow(['IsProd', 'Enabled', 'Suspended'])) },
    },
  };
  r[`${name}Table`] = {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    },
  };
  r[`${name}Queue`] = { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 60, KmsMasterKeyId: 'alias/aws/sqs' } };
  r[`${name}Function`] = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: 'python3.12',
      Handler: 'index.handler',
      Role: tag('!GetAtt', `${name}Role.Arn`),
      MemorySize: tag('!FindInMap', flow(['Sizes', tag('!Ref', 'Environment'), 'Memory'])),
      Environment: { Variables: { TABLE: tag('!Ref', `${name}Table`), QUEUE_URL: tag('!Ref', `${name}Queue`) } },
      Code: {
        ZipFile: {
          block: ['import os', 'def handler(event, context):', `    return {"table": os.environ["TABLE"], "name": "${name}"}`],
        },
      },
    },
  };
  if (rand() < 0.5)
    r[`${name}BucketPolicy`] = {
      Type: 'AWS::S3::BucketPolicy',
      Properties: {
        Bucket: tag('!Ref', `${name}Bucket`),
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [tag('!GetAtt', `${name}Bucket.Arn`), tag('!Sub', `\${${name}Bucket.Arn}/*`)],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    };
  if (rand() < 0.3)
    r[`${name}QueuePolicy`] = {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [tag('!Ref', `${name}Queue`)],
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: tag('!GetAtt', `${name}Queue.Arn`),
              Condition: { ArnEquals: { 'aws:SourceArn': tag('!Ref', 'AlertsTopic') } },
            },
          ],
        },
      },
    };
  // The team's people get the read-only policy too, through a group of their own: a policy that reaches
  // users, so its MFA verdict matters (a role's policies are not-applicable).
  if (rand() < 0.3) {
    r[`${name}Developers`] = {
      Type: 'AWS::IAM::Group',
      Properties: { GroupName: tag('!Sub', `\${AWS::StackName}-${name.toLowerCase()}-dev`) },
    };
    r[`${name}ReadOnlyPolicy`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        Description: tag('!Sub', `Read-only access to ${name} in \${Environment}`),
        Roles: [tag('!Ref', `${name}Role`)],
        Groups: [tag('!Ref', `${name}Developers`)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: flow(['s3:GetObject', 's3:ListBucket']),
              Resource: tag('!Select', flow([0, tag('!Split', flow([',', tag('!Ref', 'ReadBuckets')]))])),
            },
          ],
        },
      },
    };
  }
  return r;
}

const HEAD = {
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'Services of the platform team: roles, buckets, tables, queues and functions, and MFA for the console users.',
  Parameters: {
    Environment: { Type: 'String', AllowedValues: flow(['dev', 'staging', 'prod']), Default: 'dev' },
    SharedStack: { Type: 'String', Default: 'shared' },
    ReadBuckets: { Type: 'CommaDelimitedList', Default: 'arn:aws:s3:::reports,arn:aws:s3:::exports' },
  },
  Mappings: { Sizes: { dev: { Memory: 256 }, staging: { Memory: 512 }, prod: { Memory: 1024 } } },
  Conditions: { IsProd: tag('!Equals', flow([tag('!Ref', 'Environment'), 'prod'])) },
};

/** A CloudFormation YAML template of about `targetBytes` characters. */
export function generateTemplate(targetBytes, seed = 1) {
  const rand = prng(seed);
  const out = [];
  emit(HEAD, 0, out);
  out.push('Resources:');
  const fixed = {
    ConsoleUsers: { Type: 'AWS::IAM::Group', Properties: { GroupName: tag('!Sub', '${AWS::StackName}-console-users') } },
    ForceMfaPolicy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: tag('!Sub', '${AWS::StackName}-force-mfa'),
        Groups: [tag('!Ref', 'ConsoleUsers')],
        PolicyDocument: mfaPolicyDocument(),
      },
    },
    AlertsTopic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: tag('!Sub', '${AWS::StackName}-alerts') } },
  };
  emit(fixed, 2, out);
  const tail = [
    'Outputs:',
    '  ConsoleUsersGroup:',
    '    Value: !Ref ConsoleUsers',
    '    Export:',
    "      Name: !Sub '${AWS::StackName}-ConsoleUsers'",
  ];
  let length = out.reduce((a, l) => a + l.length + 1, 0) + tail.reduce((a, l) => a + l.length + 1, 0);
  for (let n = 1; length < targetBytes; n++) {
    const lines = [];
    emit(serviceBlock(rand, n), 2, lines);
    out.push(...lines);
    length += lines.reduce((a, l) => a + l.length + 1, 0);
  }
  return [...out, ...tail].join('\n') + '\n';
}

/** The CloudFormation row's sizes: about 10 KB, 100 KB, 1 MB. */
export const TEMPLATE_SIZES = [
  { id: 'cfn-10KB', bytes: 10 * 1024 },
  { id: 'cfn-100KB', bytes: 100 * 1024 },
  { id: 'cfn-1MB', bytes: 1024 * 1024 },
];
