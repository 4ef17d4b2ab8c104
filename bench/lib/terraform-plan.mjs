// Deterministic generator of `terraform show -json` plans for the benchmark's Terraform plan row (issue 13).
// Same (targetBytes, seed) -> same text on every machine (a seeded PRNG). A plan looks like one of a large
// infrastructure repository: thousands of resources (instances, buckets, security groups with rules, tables,
// queues, log groups) of which a few hundred hold policies (aws_iam_policy, aws_iam_role with its trust policy,
// role/user/group policies, bucket and queue policies, an SCP, aws_iam_policy_document data sources), in
// child modules too. Each policy string stands where Terraform puts it: planned_values, resource_changes
// (before and after, with after_unknown), prior_state and configuration (expressions, no values).
// Written minified on one line, as `terraform show -json` writes it. AWS's MFA policy is attached to a group.
import reference from '../../test/fixtures/reference/aws-self-manage-credentials-with-mfa.json' with { type: 'json' };
import { prng } from './generate.mjs';

export const pick = (rand, list) => list[Math.floor(rand() * list.length)];
export const WORDS = ['billing', 'cdn', 'data', 'etl', 'frontend', 'ingest', 'jobs', 'logs', 'ml', 'ops', 'reports', 'search'];
export const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'logs:PutLogEvents',
  'kms:Decrypt',
  'ssm:GetParameter',
];

/** Sizes of the bench row; the 50 MB plan is the issue's target (left out of a quick run). */
export const PLAN_SIZES = [
  { id: 'plan-1MB', bytes: 1e6 },
  { id: 'plan-10MB', bytes: 1e7 },
  { id: 'plan-50MB', bytes: 5e7, optional: true },
];

/** A policy string as the provider stores it: minified JSON, or the 2-space indentation of aws_iam_policy_document. */
function policyText(rand, n, pretty) {
  const statements = [];
  for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) {
    const actions = [];
    for (let k = 0; k < 1 + Math.floor(rand() * 5); k++) actions.push(pick(rand, ACTIONS));
    statements.push({
      Sid: `S${n}x${i}`,
      Effect: 'Allow',
      Action: [...new Set(actions)],
      Resource: `arn:aws:s3:::${pick(rand, WORDS)}-${n}/*`,
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, pretty ? 2 : undefined);
}

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

function tags(rand, n) {
  return {
    Name: `${pick(rand, WORDS)}-${n}`,
    Environment: pick(rand, ['prod', 'staging', 'dev']),
    Owner: `team-${pick(rand, WORDS)}`,
    CostCenter: String(1000 + n),
  };
}

/** A resource that holds no policy, with values of the size real ones have. */
function plainResource(rand, n) {
  const kind = Math.floor(rand() * 5);
  const t = tags(rand, n);
  if (kind === 0)
    return [
      'aws_instance',
      `app_${n}`,
      {
        ami: `ami-0${(n * 7919).toString(16).padStart(16, '0')}`,
        instance_type: pick(rand, ['t3.micro', 'm5.large', 'c6g.xlarge']),
        subnet_id: `subnet-${n}`,
        vpc_security_group_ids: [`sg-${n}`],
        tags: t,
        tags_all: t,
        user_data: null,
        monitoring: true,
        ebs_optimized: false,
        root_block_device: [{ volume_size: 20, volume_type: 'gp3', encrypted: true, delete_on_termination: true }],
      },
    ];
  if (kind === 1) {
    const ingress = [];
    for (let i = 0; i < 3; i++)
      ingress.push({
        from_port: 443 + i,
        to_port: 443 + i,
        protocol: 'tcp',
        cidr_blocks: [`10.${i}.0.0/16`],
        description: `rule ${i}`,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        security_groups: [],
        self: false,
      });
    return [
      'aws_security_group',
      `sg_${n}`,
      {
        name: `sg-${n}`,
        description: 'Managed by Terraform',
        vpc_id: `vpc-${n % 7}`,
        ingress,
        egress: [],
        tags: t,
        tags_all: t,
        revoke_rules_on_delete: false,
      },
    ];
  }
  if (kind === 2)
    return [
      'aws_s3_bucket',
      `bucket_${n}`,
      { bucket: `${pick(rand, WORDS)}-bucket-${n}`, force_destroy: false, tags: t, tags_all: t, object_lock_enabled: false },
    ];
  if (kind === 3)
    return [
      'aws_dynamodb_table',
      `table_${n}`,
      {
        name: `table-${n}`,
        billing_mode: 'PAY_PER_REQUEST',
        hash_key: 'pk',
        range_key: 'sk',
        attribute: [
          { name: 'pk', type: 'S' },
          { name: 'sk', type: 'S' },
        ],
        point_in_time_recovery: [{ enabled: true }],
        tags: t,
        tags_all: t,
      },
    ];
  return [
    'aws_cloudwatch_log_group',
    `logs_${n}`,
    { name: `/aws/lambda/${pick(rand, WORDS)}-${n}`, retention_in_days: 30, kms_key_id: null, tags: t, tags_all: t },
  ];
}

/** A resource that holds a policy: [type, name, values, attribute that holds it]. */
function policyResource(rand, n) {
  const kind = Math.floor(rand() * 7);
  const policy = policyText(rand, n, rand() < 0.5);
  if (kind === 0) return ['aws_iam_policy', `p_${n}`, { name: `policy-${n}`, path: '/', description: '', policy, tags: {} }, 'policy'];
  if (kind === 1)
    return [
      'aws_iam_role',
      `r_${n}`,
      { name: `role-${n}`, path: '/', assume_role_policy: TRUST, max_session_duration: 3600, inline_policy: [], tags: {} },
      'assume_role_policy',
    ];
  if (kind === 2) return ['aws_iam_role_policy', `rp_${n}`, { name: `rp-${n}`, role: `role-${n}`, policy }, 'policy'];
  if (kind === 3) return ['aws_iam_user_policy', `up_${n}`, { name: `up-${n}`, user: `user-${n}`, policy }, 'policy'];
  if (kind === 4) return ['aws_s3_bucket_policy', `bp_${n}`, { bucket: `bucket-${n}`, policy }, 'policy'];
  if (kind === 5)
    return ['aws_sqs_queue_policy', `qp_${n}`, { queue_url: `https://sqs.eu-west-1.amazonaws.com/1/q-${n}`, policy }, 'policy'];
  return ['aws_iam_group_policy', `gp_${n}`, { name: `gp-${n}`, group: `group-${n}`, policy }, 'policy'];
}

/**
 * A plan of about `targetBytes` (minified JSON, one line): one policy resource in about twenty-five, one
 * resource in five in a child module; every tenth existing resource is an update (its `before` in
 * prior_state and resource_changes), the others are creates.
 */
export function generatePlan(targetBytes, seed) {
  const rand = prng(seed);
  const root = { resources: [], child_modules: [] };
  const modules = new Map();
  const changes = [];
  const prior = [];
  const config = [];
  const mfa = JSON.stringify(reference);
  const mfaValues = { name: 'force-mfa', path: '/', description: '', policy: mfa, tags: {} };
  let size = 0;
  const add = (type, name, values, attr, module) => {
    const address = `${module ? `${module}.` : ''}${type}.${name}`;
    const resource = {
      address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values,
      sensitive_values: {},
    };
    const update = rand() < 0.1;
    const before = update ? values : null;
    const change = {
      actions: [update ? 'no-op' : 'create'],
      before,
      after: values,
      after_unknown: { id: true, arn: true },
      before_sensitive: update ? {} : false,
      after_sensitive: {},
    };
    changes.push({
      address,
      ...(module ? { module_address: module } : {}),
      mode: 'managed',
      type,
      name,
      provider_name: resource.provider_name,
      change,
    });
    if (module) {
      let m = modules.get(module);
      if (!m) modules.set(module, (m = { address: module, resources: [] }));
      m.resources.push(resource);
    } else root.resources.push(resource);
    if (update) prior.push(resource);
    const expressions = attr
      ? { [attr]: { references: [`data.aws_iam_policy_document.${name}.json`, `data.aws_iam_policy_document.${name}`] } }
      : { name: { constant_value: name } };
    config.push({ address, mode: 'managed', type, name, provider_config_key: 'aws', expressions, schema_version: 0 });
    size += 2.9 * JSON.stringify(values).length + 440;
  };
  add('aws_iam_policy', 'force_mfa', mfaValues, 'policy');
  add('aws_iam_group_policy_attachment', 'force_mfa', { group: 'humans', policy_arn: 'arn:aws:iam::111122223333:policy/force-mfa' });
  for (let n = 0; size < targetBytes; n++) {
    const module = rand() < 0.2 ? `module.${pick(rand, WORDS)}` : undefined;
    if (rand() < 0.04) {
      const [type, name, values, attr] = policyResource(rand, n);
      add(type, name, values, attr, module);
    } else {
      const [type, name, values] = plainResource(rand, n);
      add(type, name, values, undefined, module);
    }
  }
  root.child_modules = [...modules.values()];
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.6.6',
    planned_values: { root_module: root },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.6.6', values: { root_module: { resources: prior } } },
    configuration: {
      provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } },
      root_module: { resources: config },
    },
    timestamp: '2026-11-30T00:00:00Z',
  });
}
