// Issue 15: who is actually forced? Each export under test/fixtures/audit is built from the shapes
// that `aws iam get-account-authorization-details` documents. Each case says which request contexts
// the policies that reach the user deny, and why: long-term access keys (aws:MultiFactorAuthPresent
// absent), a session without MFA ("false"), a session with MFA ("true").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { auditAccount, readAuthorizationDetails, readCredentialReport, type AuditOptions, type UserAudit } from '../../src/core';

const ENROLMENT = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
];

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/audit/${name}`, import.meta.url), 'utf8');
}

function audit(file: string, options: AuditOptions = {}): Map<string, UserAudit> {
  const read = readAuthorizationDetails(fixture(file));
  assert.ok('model' in read, 'error' in read ? read.error : '');
  return new Map(auditAccount(read.model, options).users.map((u) => [u.user, u]));
}

function user(file: string, name: string, options?: AuditOptions): UserAudit {
  const u = audit(file, options).get(name);
  assert.ok(u, `no user ${name}`);
  return u;
}

test("forced only through a group: the group's managed ForceMFA denies both contexts without MFA", () => {
  // alice has no policy of her own. Group Developers attaches AWS's policy, whose BoolIfExists "false"
  // deny fires with access keys (key absent: IfExists is true) and in sessions without MFA ("false"),
  // not with MFA; PowerUserAccess's allows do not matter against a deny.
  const alice = user('group-only.json', 'alice');
  assert.equal(alice.mfa, 'enforced');
  assert.equal(alice.decided, true);
  assert.match(
    alice.reason,
    /statement "DenyAllExceptListedIfNoMFA" of managed policy arn:aws:iam::123456789012:policy\/ForceMFA \(through group "Developers"\)/,
  );
  assert.match(alice.reason, /long-term access keys and sessions without MFA alike/);
  assert.equal(alice.canEnrol, true);
  assert.deepEqual(alice.lockout, []);
  assert.equal(alice.failing, false);
  assert.deepEqual(
    alice.policies.map((p) => `${p.kind}:${p.group}`),
    ['group-managed:Developers', 'group-managed:Developers'],
  );
});

test('a user in no group: only their own attachments count', () => {
  // bob's GroupList is empty; his own ForceMFA denies access keys and sessions without MFA.
  const bob = user('group-only.json', 'bob');
  assert.equal(bob.mfa, 'enforced');
  assert.match(bob.reason, /managed policy arn:aws:iam::123456789012:policy\/ForceMFA,/);
  assert.equal(bob.canEnrol, true);
  // henry, in no group either, has only PowerUserAccess: allows, no deny, so nothing denies any context.
  const henry = user('group-only.json', 'henry');
  assert.equal(henry.mfa, 'not-forced');
  assert.match(henry.reason, /^No policy that reaches the user denies requests made without MFA\.$/);
  assert.equal(henry.escapes.length, 2);
  assert.equal(henry.canEnrol, false);
  assert.match(
    henry.enrolReason,
    /^Cannot enrol a device from the console without MFA: no policy allows iam:CreateVirtualMFADevice on arn:aws:iam::123456789012:mfa\/henry; no policy allows iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ResyncMFADevice on arn:aws:iam::123456789012:user\/henry; no policy allows iam:ListVirtualMFADevices on "\*"\.$/,
  );
  assert.equal(henry.failing, true);
});

test('a user with a path: forced, but user/${aws:username} does not name user/eng/ivan, so he cannot enrol', () => {
  // The deny is on "*": both contexts without MFA are denied. The allows of the enrolment actions
  // on the user's own ARN read arn:aws:iam::*:user/ivan, which is not his ARN (user/eng/ivan).
  const ivan = user('group-only.json', 'ivan');
  assert.equal(ivan.mfa, 'enforced');
  assert.equal(ivan.canEnrol, false);
  assert.match(
    ivan.enrolReason,
    /: no policy allows iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ResyncMFADevice on arn:aws:iam::123456789012:user\/eng\/ivan\.$/,
  );
  assert.deepEqual(ivan.lockout, []);
});

test('forced by one policy and locked out by another', () => {
  // carol's inline ForceMFA denies both contexts without MFA and allows enrolment. The managed
  // DenyIamWithoutMfa denies iam:* under BoolIfExists "false": in both contexts without MFA it
  // refuses every enrolment action, which no allow can undo.
  const carol = user('forced-and-locked.json', 'carol');
  assert.equal(carol.mfa, 'enforced');
  assert.deepEqual(carol.lockout, ENROLMENT);
  assert.deepEqual(carol.lockoutBy[0]!.contexts, ['withoutMfa', 'keysAbsent']);
  assert.equal(carol.lockoutBy[0]!.by.statement, 'statement "DenyIamWithoutMfa"');
  assert.equal(carol.lockoutBy[0]!.by.policy.name, 'arn:aws:iam::123456789012:policy/DenyIamWithoutMfa');
  assert.equal(carol.canEnrol, false);
  assert.match(
    carol.enrolReason,
    /statement "DenyIamWithoutMfa" of managed policy arn:aws:iam::123456789012:policy\/DenyIamWithoutMfa denies iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice\.$/,
  );
  assert.equal(carol.failing, true);
});

test('a permissions boundary that removes the enrolment allows', () => {
  // dave's ForceMFA denies both contexts without MFA (the boundary does not lift a deny) and allows
  // enrolment, but his boundary allows only s3, ec2 and sts:GetSessionToken: the allows are capped.
  const dave = user('boundary.json', 'dave');
  assert.equal(dave.mfa, 'enforced');
  assert.equal(dave.canEnrol, false);
  assert.deepEqual(dave.lockout, []);
  assert.match(
    dave.enrolReason,
    /permissions boundary arn:aws:iam::123456789012:policy\/DevBoundary does not allow iam:CreateVirtualMFADevice/,
  );
  assert.deepEqual(
    dave.policies.map((p) => p.kind),
    ['managed', 'boundary'],
  );
  // dora's boundary allows everything: the same policy lets her enrol.
  const dora = user('boundary.json', 'dora');
  assert.equal(dora.canEnrol, true);
  assert.match(dora.enrolReason, /^Can enrol a device from sessions without MFA/);
});

test('an inline Bool deny is weak: access keys escape it', () => {
  // erin's RequireMfa denies under Bool "false": it fires in sessions without MFA ("false") but not
  // with access keys, whose requests carry no aws:MultiFactorAuthPresent (Bool on a missing key is false).
  const erin = user('bool-weak.json', 'erin');
  assert.equal(erin.mfa, 'weak');
  assert.deepEqual(
    erin.escapes.map((e) => [e.context, e.near?.policy.name, e.near?.statement]),
    [['keysAbsent', 'RequireMfa', 'statement "DenyWithoutMfa"']],
  );
  assert.match(
    erin.reason,
    /^Some requests without MFA escape\. Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent key, and the condition of statement "DenyWithoutMfa" of inline policy "RequireMfa" does not fire without one/,
  );
  assert.equal(erin.deniedBy.withoutMfa[0]!.statement, 'statement "DenyWithoutMfa"');
  assert.equal(erin.canEnrol, true);
});

test('Bool "false" in one policy and Null "true" in a group\'s policy force MFA together', () => {
  // ernest: his own Bool deny fires in sessions without MFA; group KeyUsers' Null "true" deny fires
  // where the key is absent (access keys). Each context is denied by one of them.
  const ernest = user('bool-weak.json', 'ernest');
  assert.equal(ernest.mfa, 'enforced');
  assert.equal(ernest.deniedBy.keysAbsent[0]!.policy.name, 'DenyAccessKeysWithoutMfa');
  assert.equal(ernest.deniedBy.withoutMfa[0]!.policy.name, 'RequireMfa');
  assert.match(ernest.reason, /for long-term access keys and by .* for sessions without MFA/);
});

test('an exemption that another policy denies is no escape', () => {
  // esther's deny (BoolIfExists "false", both contexts) exempts sts:AssumeRole: every role becomes a
  // way around it. ezra has the same, and DenyRoles denies sts:AssumeRole in both contexts without MFA.
  const esther = user('bool-weak.json', 'esther');
  assert.equal(esther.mfa, 'weak');
  assert.equal(
    esther.reason,
    'Some requests without MFA escape. Statement "DenyWithoutMfa" of inline policy "RequireMfa" exempts sts:AssumeRole, which no other deny covers: a user with only a password or an access key can call it.',
  );
  assert.deepEqual(
    esther.escapes.map((e) => e.context),
    ['keysAbsent', 'withoutMfa'],
  );
  const ezra = user('bool-weak.json', 'ezra');
  assert.equal(ezra.mfa, 'enforced');
  assert.deepEqual(
    ezra.deniedBy.keysAbsent.map((r) => r.policy.name),
    ['RequireMfa', 'DenyRoles'],
  );
});

test("URL-encoded documents (the raw API) read as the CLI's objects", () => {
  // The same account as group-only.json with every document percent-encoded (RFC 3986): the same
  // verdicts; erin's encoded Bool deny still leaves access keys out.
  const encoded = audit('url-encoded.json');
  const plain = audit('group-only.json');
  for (const [name, u] of plain) {
    const e = encoded.get(name)!;
    assert.deepEqual([e.mfa, e.canEnrol, e.lockout, e.reason], [u.mfa, u.canEnrol, u.lockout, u.reason], name);
  }
  assert.equal(encoded.get('erin')!.mfa, 'weak');
  assert.deepEqual(
    encoded.get('erin')!.escapes.map((e) => e.context),
    ['keysAbsent'],
  );
  // Only the default version counts: v1 of every policy allows "*" and is not read.
  assert.equal(encoded.get('alice')!.unknown.length, 0);
});

test('a managed policy missing from the export is unknown, never assumed', () => {
  // frank: PowerUserAccess allows, nothing known denies; ForceMFA-Missing may hold a deny that
  // would force him: the verdict is from what is known, and not decided.
  const frank = user('missing-managed.json', 'frank');
  assert.equal(frank.mfa, 'not-forced');
  assert.equal(frank.decided, false);
  assert.deepEqual(frank.unknown, ['managed policy arn:aws:iam::123456789012:policy/ForceMFA-Missing (not in the export)']);
  assert.match(
    frank.reason,
    /Not decided: what the export does not hold may deny these requests\. Not known: managed policy .*ForceMFA-Missing/,
  );
  assert.equal(frank.failing, true);
  assert.equal(frank.risk, 'not forced (not decided), cannot enrol a device');
  // gina: the known ForceMFA denies both contexts; a missing policy can add denies, never remove one.
  const gina = user('missing-managed.json', 'gina');
  assert.equal(gina.mfa, 'enforced');
  assert.equal(gina.decided, true);
  assert.equal(gina.canEnrol, true);
  assert.equal(gina.canEnrolDecided, false);
  // gus is in a group the export does not hold.
  const gus = user('missing-managed.json', 'gus');
  assert.deepEqual(gus.unknown, ['group Ghosts (not in the export)']);
  assert.equal(gus.decided, false);
});

test('with the credential report: the risk in plain words, the root user, rows of unknown users', () => {
  const report = readCredentialReport(fixture('credential-report.csv'));
  const read = readAuthorizationDetails(fixture('group-only.json'));
  assert.ok('model' in read);
  const result = auditAccount(read.model, { credentials: report });
  const risk = new Map(result.users.map((u) => [u.user, u.risk]));
  assert.equal(risk.get('alice'), 'console password, MFA device active, forced');
  assert.equal(risk.get('henry'), 'console password, 2 active access keys, no MFA device, not forced, cannot enrol a device');
  assert.equal(risk.get('ivan'), 'console password, no MFA device, forced, cannot enrol a device');
  assert.equal(risk.get('bob'), '1 active access key, no MFA device, forced');
  assert.deepEqual(result.notes, [
    'Root user: no MFA device active.',
    'The credential report names 1 user that the export does not hold: olga.',
  ]);
  assert.deepEqual(result.totals, { users: 4, enforced: 3, weak: 0, notForced: 1, undecided: 0, lockedOut: 0, cannotEnrol: 2, failing: 1 });
});

test('bad input: a clear error, never an exception', () => {
  const err = (text: string) => {
    const r = readAuthorizationDetails(text);
    return 'error' in r ? r.error : 'read';
  };
  assert.match(err('{"UserDetailList": ['), /^not JSON/);
  assert.match(err('[1,2]'), /^not the output of aws iam get-account-authorization-details/);
  assert.match(err('{"Version":"2012-10-17","Statement":[]}'), /^not the output of aws iam get-account-authorization-details/);
  assert.equal(err('{"UserDetailList": {}}'), 'UserDetailList is not a list');
  // Entries of the wrong shape are skipped and counted; a broken document makes the user undecided.
  const r = readAuthorizationDetails(
    JSON.stringify({
      UserDetailList: [7, { UserName: 'x', Arn: 'arn:aws:iam::1:user/x', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%zz' }] }],
      IsTruncated: true,
    }),
  );
  assert.ok('model' in r);
  assert.equal(r.notes[0]!.startsWith('The export is truncated'), true);
  assert.deepEqual(r.notes.slice(1), ['users: 1 not read (not in the documented shape).']);
  const x = auditAccount(r.model).users[0]!;
  assert.equal(x.decided, false);
  assert.match(x.unknown[0]!, /^p: the policy document is neither JSON nor URL-encoded JSON/);
  assert.throws(() => readCredentialReport('name,age\nx,1\n'), /not an IAM credential report: the header row lacks user, password_enabled/);
});

test('linear: twice the account, at most about twice the work (steps counted, no timer); encoded documents read alike', async () => {
  const { generateAuthDetails } = await import('../../bench/gen-auth-details.mjs');
  const { workSince, workSnapshot } = await import('../../src/core/work');
  const steps = (n: number) => {
    const read = readAuthorizationDetails(generateAuthDetails({ users: 500 * n, groups: 100 * n, policies: 200 * n, seed: 3 }));
    assert.ok('model' in read);
    const before = workSnapshot();
    const result = auditAccount(read.model);
    assert.equal(result.users.length, 500 * n);
    return workSince(before).total;
  };
  const one = steps(1);
  const two = steps(2);
  assert.ok(one > 0);
  assert.ok(two <= 2.3 * one && two >= 1.5 * one, `work ${one} -> ${two} for twice the account`);
  // The URL-encoded form of the same account gets the same verdicts.
  const plain = readAuthorizationDetails(generateAuthDetails({ users: 200, groups: 40, policies: 80, seed: 5 }));
  const encoded = readAuthorizationDetails(generateAuthDetails({ users: 200, groups: 40, policies: 80, seed: 5, encoded: true }));
  assert.ok('model' in plain && 'model' in encoded);
  const verdicts = (m: typeof plain) =>
    'model' in m ? auditAccount(m.model).users.map((u) => [u.mfa, u.canEnrol, u.lockout.length, u.reason]) : [];
  assert.deepEqual(verdicts(encoded), verdicts(plain));
});

test('credential report CSV: quoted fields, doubled quotes, CRLF, a byte order mark, short rows counted', () => {
  const header = 'user,arn,password_enabled,mfa_active,access_key_1_active,access_key_2_active';
  const text = `\uFEFF${header}\r\n"a,b",arn:x,true,false,"true",false\r\n"say ""hi""",arn:y,false,true,false,false\r\nshort,row\r\n`;
  const report = readCredentialReport(text);
  assert.deepEqual(report.users.get('a,b'), { passwordEnabled: true, mfaActive: false, activeAccessKeys: 1 });
  assert.deepEqual(report.users.get('say "hi"'), { passwordEnabled: false, mfaActive: true, activeAccessKeys: 0 });
  assert.deepEqual(report.notes, ['1 row of the credential report had fewer fields than its header and was not read.']);
});

test('a Null-only deny is weak the other way; a deny under a condition the request may meet may block enrolment', () => {
  const enrolAllows = {
    Effect: 'Allow',
    Action: ENROLMENT,
    Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*', '*'],
  };
  const exportText = JSON.stringify({
    UserDetailList: [
      {
        UserName: 'nina',
        Arn: 'arn:aws:iam::123456789012:user/nina',
        GroupList: [],
        AttachedManagedPolicies: [],
        UserPolicyList: [
          {
            PolicyName: 'NullOnly',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                enrolAllows,
                {
                  Sid: 'DenyKeys',
                  Effect: 'Deny',
                  NotAction: ENROLMENT,
                  Resource: '*',
                  Condition: { Null: { 'aws:MultiFactorAuthPresent': 'true' } },
                },
                {
                  Sid: 'OfficeOnly',
                  Effect: 'Deny',
                  Action: '*',
                  Resource: '*',
                  Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  const read = readAuthorizationDetails(exportText);
  assert.ok('model' in read);
  const nina = auditAccount(read.model).users[0]!;
  // DenyKeys fires only where the key is absent (access keys); a console session without MFA carries
  // "false", which Null "true" does not catch: that context escapes.
  assert.equal(nina.mfa, 'weak');
  assert.deepEqual(
    nina.escapes.map((e) => e.context),
    ['withoutMfa'],
  );
  assert.match(nina.reason, /Sessions without MFA carry aws:MultiFactorAuthPresent "false", which the condition of statement "DenyKeys"/);
  // OfficeOnly denies every request from outside one network: it may refuse enrolment (not certainly: no lock-out).
  assert.equal(nina.canEnrol, false);
  assert.deepEqual(nina.lockout, []);
  assert.match(nina.enrolReason, /statement "OfficeOnly" of inline policy "NullOnly" may deny iam:CreateVirtualMFADevice/);
});
