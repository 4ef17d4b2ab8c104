// Issue 15: the audit of templates. A CloudFormation template's or a Terraform module's users, groups,
// memberships and attachments become the account model the audit judges; what the template computes
// or does not declare stays unknown, never a pass. The force-MFA policy of the fixtures is AWS's
// ("DenyAllExceptListedIfNoMFA": a NotAction deny with BoolIfExists aws:MultiFactorAuthPresent "false"),
// which denies requests signed with long-term access keys (the key absent: IfExists makes the
// condition true) and requests of sessions without MFA ("false"), not requests with MFA ("true").
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import '../../src/core/yaml';
import { loadTerraformReader } from '../lib/hcl-reader';
import { auditAccount, readTemplates, type UserAudit } from '../../src/core';
import type { JsonNode } from '../../src/core/document/tree';
import { parseJson } from '../../src/core/formats/json/builder';

const fixture = (name: string) => ({ name, text: readFileSync(new URL(`../fixtures/audit/templates/${name}`, import.meta.url), 'utf8') });

function audited(...names: string[]) {
  const read = readTemplates(names.map(fixture));
  const result = auditAccount(read.model, { source: 'the template' });
  return { read, users: new Map<string, UserAudit>(result.users.map((u) => [u.user, u])) };
}

before(() => loadTerraformReader());

test('CloudFormation: users forced through a group (Groups and UserToGroupAddition), one not forced, one undecided', () => {
  const { read, users } = audited('users.yaml');
  assert.deepEqual([...users.keys()], ['alice', 'bob', 'carol', 'Dave']);
  // alice is in mfa-users by her Groups (a Ref to the group); bob by an AWS::IAM::UserToGroupAddition. The
  // group's ForceMFA (the template's managed policy, attached by its Groups) denies both contexts without MFA.
  for (const name of ['alice', 'bob']) {
    const u = users.get(name)!;
    assert.equal(u.mfa, 'enforced', name);
    assert.equal(u.decided, true, `${name}: ReadOnlyAccess is unknown, but enforced stands whatever it holds`);
    assert.match(
      u.reason,
      /statement "DenyAllExceptListedIfNoMFA" of managed policy arn:aws:iam::000000000000:policy\/ForceMFA \(through group "mfa-users"\)/,
    );
    assert.deepEqual(u.unknown, ['managed policy arn:aws:iam::aws:policy/ReadOnlyAccess (not in the template)']);
    assert.equal(u.canEnrol, true, `${name}: ForceMFA allows the enrolment actions on the user's own ARN and device`);
  }
  // carol's only policy allows s3:GetObject: nothing denies a request without MFA, in either context.
  const carol = users.get('carol')!;
  assert.equal(carol.mfa, 'not-forced');
  assert.equal(carol.decided, true);
  assert.deepEqual(carol.policies, [{ kind: 'inline', name: 's3-read' }]);
  // Dave (no UserName: named by his logical ID) has an AWS managed policy, a group given as a parameter and
  // a policy whose document the template computes (Fn::If): all unknown, so his verdict is not decided.
  const dave = users.get('Dave')!;
  assert.equal(dave.mfa, 'not-forced');
  assert.equal(dave.decided, false);
  assert.deepEqual(dave.unknown, [
    'dave-computed: the template computes it (!If [IsProd, !Ref AWS::NoValue, !Ref AWS::NoValue])',
    'managed policy arn:aws:iam::aws:policy/AdministratorAccess (not in the template)',
    'group (computed: !Ref ExistingGroup) (not in the template)',
  ]);
  assert.match(dave.reason, /Not decided: what the template does not hold may deny these requests/);
  // Where each user and group is declared: its logical ID.
  const alice = read.declared.find((d) => d.name === 'alice')!;
  assert.equal(fixture('users.yaml').text.slice(alice.offset, alice.offset + alice.length), 'Alice');
  assert.deepEqual(
    read.declared.map((d) => `${d.kind}:${d.name}`),
    ['group:mfa-users', 'user:alice', 'user:bob', 'user:carol', 'user:Dave'],
  );
});

test('CloudFormation: a template with policies and groups but no user says what it declares and whom it names elsewhere', () => {
  const { read, users } = audited('policies-only.template.json');
  assert.equal(users.size, 0);
  assert.deepEqual(
    read.model.groups.map((g) => [g.name, g.inline.map((p) => p.name)]),
    [['admins', ['admin']]],
  );
  assert.deepEqual(read.notes, [
    'Not audited: policy admin names the user someone-elsewhere, which the template does not declare.',
    'The template declares no IAM user, only the group admins: who is in it is decided elsewhere.',
  ]);
});

test('Terraform: memberships of both kinds, a policy document attached through aws_iam_policy, a jsonencode inline policy, a computed ARN', () => {
  const { read, users } = audited('main.tf');
  assert.deepEqual(read.skipped, []);
  for (const name of ['alice', 'bob']) {
    const u = users.get(name)!;
    // alice by aws_iam_user_group_membership, bob by aws_iam_group_membership: the group's attached ForceMFA
    // (rendered from the aws_iam_policy_document data source) denies both contexts without MFA.
    assert.equal(u.mfa, 'enforced', name);
    assert.equal(u.decided, true);
    assert.deepEqual(u.policies, [{ kind: 'group-managed', name: 'arn:aws:iam::000000000000:policy/ForceMFA', group: 'mfa-users' }]);
    assert.equal(u.canEnrol, true);
  }
  const carol = users.get('carol')!;
  assert.equal(carol.mfa, 'not-forced');
  assert.equal(carol.decided, true, 'her jsonencode policy is read: it allows s3:GetObject and denies nothing');
  const dave = users.get('dave')!;
  assert.equal(dave.mfa, 'not-forced');
  assert.equal(dave.decided, false);
  assert.deepEqual(dave.unknown, [
    'managed policy (computed: var.extra_policy_arn) (not in the template)',
    'managed policy arn:aws:iam::aws:policy/AdministratorAccess (not in the template)',
  ]);
  const bob = read.declared.find((d) => d.name === 'bob')!;
  assert.equal(fixture('main.tf').text.slice(bob.offset, bob.offset + bob.length), 'resource "aws_iam_user" "bob" {');
});

test('a folder: the files merged into one model (the group in one template, its members in another)', () => {
  const group = {
    name: 'group.template.json',
    text: JSON.stringify({
      Resources: {
        G: {
          Type: 'AWS::IAM::Group',
          Properties: {
            GroupName: 'ops',
            Policies: [{ PolicyName: 'deny-all', PolicyDocument: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }],
          },
        },
      },
    }),
  };
  const user = {
    name: 'user.template.json',
    text: JSON.stringify({ Resources: { U: { Type: 'AWS::IAM::User', Properties: { UserName: 'erin', Groups: ['ops'] } } } }),
  };
  const read = readTemplates([group, user, { name: 'notes.md', text: '# notes' }]);
  assert.deepEqual(read.read, ['group.template.json', 'user.template.json']);
  assert.deepEqual(read.skipped, [{ name: 'notes.md', why: 'not a template' }]);
  assert.deepEqual(read.model.users[0]!.groups, ['ops']);
  assert.equal(read.declared.find((d) => d.name === 'erin')!.file, 'user.template.json');
  // The group's deny of everything, with or without MFA, denies erin's requests without MFA too (and locks her out).
  const erin = auditAccount(read.model).users[0]!;
  assert.equal(erin.decided, true);
  assert.notEqual(erin.lockout.length, 0);
});

test("a document tree made by another bundle's copy of the tree classes (the editor's YAML front-end, dist/lazy/yaml.js) is read as a tree", () => {
  // The same shape as the core's JsonNode and JsonProperty, but other classes: `instanceof` cannot tell them.
  class ForeignNode {
    length = 0;
    items: ForeignNode[] | undefined = undefined;
    props: Array<{ key: string; keyOffset: number; keyLength: number; end: number; value: ForeignNode | undefined }> | undefined =
      undefined;
    constructor(
      readonly type: string,
      readonly offset: number,
      public value: unknown,
    ) {}
  }
  const copy = (n: JsonNode): ForeignNode => {
    const f = Object.assign(new ForeignNode(n.type, n.offset, n.value), { length: n.length });
    if (n.items) f.items = n.items.map(copy);
    if (n.props)
      f.props = n.props.map((p) => ({
        key: p.key,
        keyOffset: p.keyOffset,
        keyLength: p.keyLength,
        end: p.end,
        value: p.value && copy(p.value),
      }));
    return f;
  };
  // AWS's deny alone: requests with long-term keys (key absent) and from sessions without MFA ("false") are denied.
  const deny = parseJson(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}',
  ).root!;
  const user = {
    name: 'u',
    arn: 'arn:aws:iam::000000000000:user/u',
    inline: [{ name: 'deny', document: copy(deny) }],
    groups: [],
    attached: [],
  };
  const [audit] = auditAccount({ users: [user], groups: [], policies: [] }).users;
  assert.equal(audit!.mfa, 'enforced', audit!.reason);
  const computed = Object.assign(new ForeignNode('unknown', 0, '!If [A, B, C]'), { length: 13 });
  const [unknown] = auditAccount({ users: [{ ...user, inline: [{ name: 'c', document: computed }] }], groups: [], policies: [] }).users;
  assert.deepEqual(unknown!.unknown, ['c: the template computes it (!If [A, B, C])']);
});
