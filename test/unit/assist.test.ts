// Completion and hover for actions and condition keys (src/core/assist): what stands at an offset of a
// JSON, YAML or Terraform policy, what is offered there (service prefixes, then the service's actions with their
// access level; condition keys of the statement's actions first, then their services', then global
// ones) and what a hover says (access level, resource types, condition keys, the service's page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../src/core/yaml';
import { parse } from '../../src/core/document/parse';
import { completionsAt, hoverAt } from '../../src/core/assist';
import { placeAt } from '../../src/core/assist/locate';
import { provideTestActionCatalogue } from '../lib/action-catalogue';
import { loadTerraformReader } from '../lib/hcl-reader';

/** The text without its "|" and the offset where the "|" stood. */
const at = (marked: string) => ({ text: marked.replace('|', ''), offset: marked.indexOf('|') });
const statement = (inner: string) => `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",${inner},"Resource":"*"}]}`;

test('the place at an offset: an action in Action/NotAction (string or list item), a key of a Condition operator; nothing elsewhere', () => {
  const place = (marked: string) => {
    const { text, offset } = at(marked);
    const p = placeAt(text, parse(text).root, offset);
    return p && { kind: p.kind, value: p.value, typed: text.slice(p.start, offset) };
  };
  assert.deepEqual(place(statement('"Action":"s3:Get|Object"')), { kind: 'action', value: 's3:GetObject', typed: 's3:Get' });
  assert.deepEqual(place(statement('"NotAction":["iam:List*","s3:|"]')), { kind: 'action', value: 's3:', typed: 's3:' });
  assert.deepEqual(place(statement('"Action":"*","Condition":{"StringEquals":{"s3:pre|":"x"}}')), {
    kind: 'condition-key',
    value: 's3:pre',
    typed: 's3:pre',
  });
  assert.equal(place(statement('"Resource":"arn:aws:s3:::b|"')), undefined);
  assert.equal(place('{"Action":"s3:Get|"}'), undefined, 'not in a statement');
  assert.equal(
    place(statement('"Action":"s3:GetObject","Condition":{"StringEquals":{"s3:prefix":"x|"}}')),
    undefined,
    'a value, not a key',
  );
  // Typing in a document not yet closed: the parser's tree still holds the string.
  assert.deepEqual(place('{"Statement":[{"Effect":"Allow","Action":"s3:Get|'), { kind: 'action', value: 's3:Get', typed: 's3:Get' });
  assert.deepEqual(place('{"Statement":[{"Effect":"Allow","Action":[\n  "s3:Get|\n],"Resource":"*"}]}'), {
    kind: 'action',
    value: 's3:Get',
    typed: 's3:Get',
  });
});

test('completion in Action: service prefixes first, then the actions of the service with their access level', () => {
  provideTestActionCatalogue();
  const prefixes = at(statement('"Action":"s|"'));
  const p = completionsAt(prefixes.text, prefixes.offset, 'json')!;
  assert.equal(prefixes.text.slice(p.offset, p.offset + p.length), 's');
  assert.deepEqual(
    p.items.find((i) => i.label === 's3:'),
    { label: 's3:', kind: 'service', detail: 'Amazon S3' },
  );
  assert.ok(p.items.length > 400, `${p.items.length} services`);
  const actions = at(statement('"Action":["s3:Get|"]'));
  const a = completionsAt(actions.text, actions.offset, 'json')!;
  assert.equal(actions.text.slice(a.offset, a.offset + a.length), 's3:Get');
  assert.deepEqual(
    a.items.find((i) => i.label === 's3:GetObject'),
    { label: 's3:GetObject', kind: 'action', detail: 'Read' },
  );
  assert.ok(a.items.every((i) => i.label.startsWith('s3:')));
  const none = at(statement('"Action":["nosuchservice:Get|"]'));
  assert.deepEqual(completionsAt(none.text, none.offset, 'json')!.items, []);
});

test("completion of condition keys: the statement's actions' keys first, then their service's, then the global ones", () => {
  provideTestActionCatalogue();
  const { text, offset } = at(statement('"Action":["s3:GetObject","sts:AssumeRole"],"Condition":{"StringEquals":{"|":"x"}}'));
  const c = completionsAt(text, offset, 'json')!;
  const item = (label: string) => c.items.find((i) => i.label === label);
  assert.deepEqual(item('s3:ExistingObjectTag/<key>'), {
    label: 's3:ExistingObjectTag/<key>',
    kind: 'condition-key',
    detail: 'supported by s3:GetObject',
    sortText: '0s3:ExistingObjectTag/<key>',
  });
  assert.equal(item('s3:prefix')!.detail, 'Amazon S3 (String)', 'a key of the service that GetObject does not list');
  assert.equal(item('aws:MultiFactorAuthPresent')!.detail, 'global condition key');
  assert.equal(item('aws:PrincipalTag/${TagKey}')!.sortText, '2aws:PrincipalTag/${TagKey}');
  assert.ok(item('sts:ExternalId'), 'keys of every action of the statement');
});

test('hover on an action: access level, resource types, condition keys and the service page; a wildcard lists what it matches', () => {
  provideTestActionCatalogue();
  const { text, offset } = at(statement('"Action":["s3:Get|Object"]'));
  const h = hoverAt(text, offset, 'json')!;
  assert.equal(text.slice(h.offset, h.offset + h.length), 's3:GetObject');
  assert.match(
    h.markdown,
    /^\*\*s3:GetObject\*\* \(Amazon S3\)\n\nAccess level: Read\n\nResource types: `accesspointobject`, `object`\n\n/,
  );
  assert.ok(h.markdown.includes('`s3:ExistingObjectTag/<key>`'));
  assert.ok(h.markdown.endsWith('(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)'));
  const iam = at(statement('"Action":"iam:CreateVirtualMFA|Device"'));
  assert.ok(hoverAt(iam.text, iam.offset, 'json')!.markdown.includes('Resource types: `mfa` (required)'));
  const wild = at(statement('"Action":"sts:Get*To|ken"'));
  const w = hoverAt(wild.text, wild.offset, 'json')!.markdown;
  assert.ok(
    w.startsWith(
      '`sts:Get*Token` matches these actions of AWS Security Token Service:\n\n- `sts:GetDelegatedAccessToken` (Write)\n- `sts:GetFederationToken` (Write)',
    ),
    w,
  );
  const typo = at(statement('"Action":"s3:GetObj|ets"'));
  assert.equal(hoverAt(typo.text, typo.offset, 'json'), undefined, 'the diagnostic speaks for a name that is not an action');
});

test("hover on a condition key: its type, the statement's actions that support it; a global key links to its page", () => {
  provideTestActionCatalogue();
  const key = at(statement('"Action":"s3:ListBucket","Condition":{"StringLike":{"s3:pre|fix":"home/"}}'));
  assert.equal(
    hoverAt(key.text, key.offset, 'json')!.markdown,
    '`s3:prefix` (String): a condition key of Amazon S3\n\nSupported by `s3:ListBucket` of this statement.\n\n[Amazon S3 in the Service Authorization Reference](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)',
  );
  const tag = at(statement('"Action":"s3:GetObject","Condition":{"StringEquals":{"s3:ExistingObjectTag/te|am":"x"}}'));
  assert.ok(
    hoverAt(tag.text, tag.offset, 'json')!.markdown.startsWith(
      '`s3:ExistingObjectTag/<key>` (String): a condition key of Amazon S3\n\nSupported by `s3:GetObject` of this statement.',
    ),
  );
  const global = at(statement('"Action":"*","Condition":{"Bool":{"aws:MultiFactor|AuthPresent":"true"}}'));
  assert.ok(hoverAt(global.text, global.offset, 'json')!.markdown.startsWith('`aws:MultiFactorAuthPresent`: a global condition key'));
});

test('YAML: the same places, offsets inside plain and quoted scalars', () => {
  provideTestActionCatalogue();
  const yaml = (marked: string) => at(`Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n${marked}\n    Resource: '*'\n`);
  const plain = yaml('    Action:\n      - s3:Get|');
  const c = completionsAt(plain.text, plain.offset, 'yaml')!;
  assert.equal(plain.text.slice(c.offset, c.offset + c.length), 's3:Get');
  assert.ok(c.items.some((i) => i.label === 's3:GetObject'));
  const quoted = yaml('    Action: "dynamodb:Put|Item"');
  const h = hoverAt(quoted.text, quoted.offset, 'yaml')!;
  assert.equal(quoted.text.slice(h.offset, h.offset + h.length), 'dynamodb:PutItem');
  assert.ok(h.markdown.startsWith('**dynamodb:PutItem** (Amazon DynamoDB)\n\nAccess level: Write'));
});

test('Terraform: actions and condition variables of an aws_iam_policy_document, and a jsonencode policy', async () => {
  provideTestActionCatalogue();
  await loadTerraformReader();
  const tf = (marked: string) =>
    at(`data "aws_iam_policy_document" "d" {\n  statement {\n    effect    = "Allow"\n${marked}\n    resources = ["*"]\n  }\n}\n`);
  const list = tf('    actions   = ["s3:Get|"]');
  const c = completionsAt(list.text, list.offset, 'hcl')!;
  assert.equal(list.text.slice(c.offset, c.offset + c.length), 's3:Get');
  assert.ok(c.items.some((i) => i.label === 's3:GetObject'));
  const hover = tf('    actions   = ["dynamodb:Put|Item"]');
  assert.ok(hoverAt(hover.text, hover.offset, 'hcl')!.markdown.startsWith('**dynamodb:PutItem** (Amazon DynamoDB)'));
  const key = tf(
    '    actions   = ["s3:ListBucket"]\n    condition {\n      test     = "StringLike"\n      variable = "s3:pre|fix"\n      values   = ["home/"]\n    }',
  );
  assert.ok(hoverAt(key.text, key.offset, 'hcl')!.markdown.startsWith('`s3:prefix` (String)'));
  const encoded = at(
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObj|ect", Resource = "*" }]\n  })\n}\n',
  );
  assert.ok(hoverAt(encoded.text, encoded.offset, 'hcl')!.markdown.startsWith('**s3:GetObject** (Amazon S3)'));
});
