// Writes schemas/iam-policy.schema.json, the one schema of force-mfa (docs/iam-semantics.md, section 9).
// The 159 condition operator names and their hover texts are derived here, not typed by hand, so the
// list stays complete and consistent. The committed JSON is what VS Code reads and what
// scripts/gen-validator.mjs compiles; a unit test checks it equals buildSchema().
// Usage: node schemas/generate-schema.mjs
//
// Keywords: draft-07 only, plus `markdownDescription` (VS Code hover/completion). The grammar avoids
// anyOf/oneOf wherever a branch's inner errors would matter (a `type` union plus keywords that only
// apply to one type instead), so the validator reports one problem once.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';

/** Base operators (without IfExists or a set prefix) and what they test. */
const BASE_OPERATORS = [
  ['StringEquals', 'Exact string match, case-sensitive.'],
  ['StringNotEquals', 'Negated exact string match, case-sensitive.'],
  ['StringEqualsIgnoreCase', 'Exact string match, ignoring case.'],
  ['StringNotEqualsIgnoreCase', 'Negated exact string match, ignoring case.'],
  ['StringLike', 'Case-sensitive match with `*` and `?` wildcards.'],
  ['StringNotLike', 'Negated case-sensitive match with `*` and `?` wildcards.'],
  ['NumericEquals', 'Number equal to the value.'],
  ['NumericNotEquals', 'Number not equal to the value.'],
  ['NumericLessThan', 'Number less than the value.'],
  ['NumericLessThanEquals', 'Number less than or equal to the value.'],
  ['NumericGreaterThan', 'Number greater than the value.'],
  ['NumericGreaterThanEquals', 'Number greater than or equal to the value.'],
  ['DateEquals', 'Date equal to the value (ISO 8601 or epoch seconds).'],
  ['DateNotEquals', 'Date not equal to the value.'],
  ['DateLessThan', 'Date before the value.'],
  ['DateLessThanEquals', 'Date at or before the value.'],
  ['DateGreaterThan', 'Date after the value.'],
  ['DateGreaterThanEquals', 'Date at or after the value.'],
  [
    'Bool',
    'Boolean match (`"true"` / `"false"`). **MFA:** `Bool` with `aws:MultiFactorAuthPresent` `"false"` does not match ' +
      'requests signed with long-term access keys, where the key is absent: use `BoolIfExists` in a deny.',
  ],
  ['BinaryEquals', 'Byte-for-byte match of a base64-encoded value.'],
  ['IpAddress', 'Source IP address within the CIDR range(s).'],
  ['NotIpAddress', 'Source IP address outside the CIDR range(s).'],
  ['ArnEquals', 'ARN match, case-sensitive; `*` and `?` wildcards allowed per ARN segment.'],
  ['ArnLike', 'ARN match, case-sensitive, with `*` and `?` wildcards.'],
  ['ArnNotEquals', 'Negated ARN match.'],
  ['ArnNotLike', 'Negated ARN match with wildcards.'],
  [
    'Null',
    'Tests whether the key is absent: `"true"` matches when the key is **absent**, `"false"` when it is present. ' +
      '`Null` has no `IfExists` form.',
  ],
];

const IF_EXISTS =
  '**IfExists:** when the key is absent from the request, this condition is true; when present, it is tested as usual.';
const PREFIXES = [
  ['', ''],
  [
    'ForAllValues:',
    '**ForAllValues:** for multivalued keys: true when every value in the request matches one of the policy values; ' +
      'also true when the key is absent or empty. Not for single-valued keys such as `aws:MultiFactorAuthPresent`.',
  ],
  [
    'ForAnyValue:',
    '**ForAnyValue:** for multivalued keys: true when at least one value in the request matches; false when the key is ' +
      'absent. Not for single-valued keys such as `aws:MultiFactorAuthPresent`.',
  ],
];

/** Every valid operator name with its hover text, in a stable order. */
export function conditionOperators() {
  const out = [];
  for (const [prefix, prefixText] of PREFIXES) {
    for (const [name, text] of BASE_OPERATORS) {
      const forms = name === 'Null' ? [[name, '']] : [[name, ''], [`${name}IfExists`, IF_EXISTS]];
      for (const [form, formText] of forms) {
        const body = [`\`${prefix}${form}\`: ${text}`, formText, prefixText].filter(Boolean).join('\n\n');
        out.push([`${prefix}${form}`, `${body}\n\n[Condition operators](${DOCS}/reference_policies_elements_condition_operators.html)`]);
      }
    }
  }
  return out;
}

/** Condition keys whose hover matters for forcing MFA; any other key is accepted too (keys are case-insensitive). */
const KNOWN_CONDITION_KEYS = {
  'aws:MultiFactorAuthPresent':
    '`"true"` when the request was signed with credentials obtained with MFA. **Absent** (not `"false"`) for requests ' +
    'signed with long-term access keys: to deny requests without MFA use `BoolIfExists` `"false"`, not `Bool`.',
  'aws:MultiFactorAuthAge':
    'Seconds since MFA authentication; **absent** when the credentials were not obtained with MFA. ANDing an age into the ' +
    'MFA deny lets requests without the key through unless `IfExists` is used.',
  'aws:ViaAWSService': '`"true"` when an AWS service makes the request on the principal\'s behalf (e.g. CloudFormation).',
  'aws:SourceIp': 'The requester\'s IP address (not set for requests that an AWS service makes on your behalf).',
  'aws:SecureTransport': '`"true"` when the request was sent over TLS.',
  'aws:RequestedRegion': 'The AWS Region the request was made to.',
  'aws:PrincipalArn': 'The ARN of the principal that made the request.',
  'aws:PrincipalOrgID': 'The AWS Organizations ID of the principal\'s account.',
  'aws:username': 'The IAM user name of the requester (IAM users only).',
};

const stringOrStrings = (what) => ({
  type: ['string', 'array'],
  items: { type: 'string' },
  markdownDescription: what,
});

export function buildSchema() {
  const operators = {};
  for (const [name, text] of conditionOperators()) {
    operators[name] = { $ref: '#/definitions/conditionBlock', markdownDescription: text };
  }
  const conditionKeys = {};
  for (const [key, text] of Object.entries(KNOWN_CONDITION_KEYS)) {
    conditionKeys[key] = { $ref: '#/definitions/conditionValue', markdownDescription: `\`${key}\`: ${text}` };
  }
  const actionText = (key) =>
    `${key === 'Action' ? 'The actions the statement applies to' : 'Every action **except** these'}: ` +
    '`service:action`, with `*` and `?` wildcards (`iam:*AccessKey*`), or `"*"`. Action names are case-insensitive. ' +
    `A statement has exactly one of \`Action\` or \`NotAction\`.\n\n[${key}](${DOCS}/reference_policies_elements_${key.toLowerCase()}.html)`;
  const resourceText = (key) =>
    `${key === 'Resource' ? 'The resources the statement applies to' : 'Every resource **except** these'}: ARNs, ` +
    'with `*` and `?` wildcards, or `"*"`. Identity policies need `Resource` or `NotResource`; a statement has at most ' +
    `one of them.\n\n[${key}](${DOCS}/reference_policies_elements_${key.toLowerCase()}.html)`;
  const principalText = (key) =>
    `${key === 'Principal' ? 'Who the statement applies to' : 'Everyone **except** these principals'} ` +
    '(resource and trust policies only): `"*"` or an object of `AWS`, `Service`, `Federated`, `CanonicalUser`.' +
    `\n\n[${key}](${DOCS}/reference_policies_elements_${key.toLowerCase()}.html)`;

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/force-mfa/force-mfa/blob/main/schemas/iam-policy.schema.json',
    title: 'AWS IAM policy document',
    markdownDescription:
      'An AWS IAM policy document: `Version`, `Id` and `Statement`.\n\n' +
      `[IAM JSON policy reference](${DOCS}/reference_policies_elements.html)`,
    type: 'object',
    properties: {
      Version: {
        enum: ['2012-10-17', '2008-10-17'],
        markdownDescription:
          'Policy language version. Use `"2012-10-17"`: with `"2008-10-17"` or no `Version`, policy variables such as ' +
          `\`\${aws:username}\` are plain text.\n\n[Version](${DOCS}/reference_policies_elements_version.html)`,
      },
      Id: {
        type: 'string',
        markdownDescription: `An optional identifier for the policy.\n\n[Id](${DOCS}/reference_policies_elements_id.html)`,
      },
      Statement: {
        type: ['object', 'array'],
        items: { $ref: '#/definitions/statement' },
        // An object is one statement. `if`/`then` rather than a oneOf of object and array, whose two branches
        // would each report the same problem.
        if: { type: 'object' },
        then: { $ref: '#/definitions/statement' },
        markdownDescription:
          'One statement object or an array of statements. A `Deny` always wins over an `Allow`.' +
          `\n\n[Statement](${DOCS}/reference_policies_elements_statement.html)`,
      },
    },
    required: ['Statement'],
    additionalProperties: false,
    definitions: {
      statement: {
        type: 'object',
        properties: {
          Sid: {
            type: 'string',
            pattern: '^[A-Za-z0-9]*$',
            markdownDescription:
              `An optional statement id: letters and digits only.\n\n[Sid](${DOCS}/reference_policies_elements_sid.html)`,
          },
          Effect: {
            enum: ['Allow', 'Deny'],
            markdownDescription:
              '`"Allow"` or `"Deny"` (exact case). An explicit `Deny` overrides any `Allow`.' +
              `\n\n[Effect](${DOCS}/reference_policies_elements_effect.html)`,
          },
          Action: { $ref: '#/definitions/action', markdownDescription: actionText('Action') },
          NotAction: { $ref: '#/definitions/action', markdownDescription: actionText('NotAction') },
          Resource: stringOrStrings(resourceText('Resource')),
          NotResource: stringOrStrings(resourceText('NotResource')),
          Principal: { $ref: '#/definitions/principal', markdownDescription: principalText('Principal') },
          NotPrincipal: { $ref: '#/definitions/principal', markdownDescription: principalText('NotPrincipal') },
          Condition: {
            type: 'object',
            properties: operators,
            additionalProperties: false,
            markdownDescription:
              '`{ "Operator": { "condition-key": value or [values] } }`. All operators and keys must match (AND); ' +
              'any one of a key\'s values may match (OR). Operator names are case-sensitive; condition keys are not.' +
              `\n\n[Condition](${DOCS}/reference_policies_elements_condition.html)`,
          },
        },
        required: ['Effect'],
        additionalProperties: false,
        allOf: [
          { anyOf: [{ required: ['Action'] }, { required: ['NotAction'] }] },
          // `type` inside `not`: a non-object would satisfy a bare `required` and so fail the `not`.
          { not: { type: 'object', required: ['Action', 'NotAction'] } },
          { not: { type: 'object', required: ['Resource', 'NotResource'] } },
          { not: { type: 'object', required: ['Principal', 'NotPrincipal'] } },
          // Identity policies (no principal) need a resource; trust policies have a principal and no resource.
          {
            anyOf: [
              { required: ['Resource'] },
              { required: ['NotResource'] },
              { required: ['Principal'] },
              { required: ['NotPrincipal'] },
            ],
          },
        ],
      },
      action: {
        type: ['string', 'array'],
        pattern: '^(\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+)$',
        items: { type: 'string', pattern: '^(\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+)$' },
        examples: ['*', 'iam:ChangePassword', 'sts:GetSessionToken'],
      },
      principal: {
        // A string principal must be "*": `pattern` only applies to strings, the object keywords only to objects.
        type: ['string', 'object'],
        pattern: '^\\*$',
        examples: ['*'],
        properties: {
          AWS: stringOrStrings('Account ids, account root ARNs, IAM user or role ARNs, or `"*"`.'),
          Service: stringOrStrings('AWS service principals, e.g. `"ec2.amazonaws.com"`.'),
          Federated: stringOrStrings('Identity providers: `"cognito-identity.amazonaws.com"`, a SAML or OIDC provider ARN.'),
          CanonicalUser: stringOrStrings('Amazon S3 canonical user ids.'),
        },
        additionalProperties: false,
      },
      conditionBlock: {
        type: 'object',
        properties: conditionKeys,
        additionalProperties: { $ref: '#/definitions/conditionValue' },
      },
      conditionValue: {
        type: ['string', 'boolean', 'number', 'array'],
        items: { type: ['string', 'boolean', 'number'] },
      },
    },
  };
}

export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'iam-policy.schema.json');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_PATH, `${JSON.stringify(buildSchema(), null, 2)}\n`);
  console.log(`[schema] wrote ${path.relative(process.cwd(), SCHEMA_PATH)}`);
}
