// Issue 10, "wrong verdicts": hostile-but-valid policies must never be called `enforced` when some
// request without MFA escapes, and lock-outs must not be missed. Each case says which request
// contexts the policy's deny fires for, and why (docs/iam-semantics.md). The contexts are those of
// a request by an IAM user: long-term access keys (aws:MultiFactorAuthPresent absent), a session
// without MFA ("false"), a session with MFA ("true").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint, type LintOptions } from '../../src/core';
import { catalogueActions } from '../../src/core/mfa/catalogue';
import { REQUIRED_ENROLMENT_ACTIONS, classifyExemption } from '../../src/core/mfa/actions';
import { wildcardMatch } from '../../src/core/wildcard';
import { ENROL, deny, policy } from '../fixtures/lib/core-helpers';

const MFA = 'aws:MultiFactorAuthPresent';
const ALL_ENROLMENT = [...REQUIRED_ENROLMENT_ACTIONS];

interface Case {
  name: string;
  /** Which requests the deny fires for, and why: the reason the verdict is what it is. */
  why: string;
  text: string;
  mfa: 'enforced' | 'weak' | 'missing';
  lockout?: readonly string[];
  /** A rule that must report it (warning or error). */
  rule?: string;
  options?: LintOptions;
}

function check(c: Case): void {
  test(`${c.name}: ${c.mfa}`, () => {
    const r = lint(c.text, c.options);
    assert.equal(r.policies.length, 1, JSON.stringify(r.diagnostics));
    const p = r.policies[0]!;
    assert.equal(p.mfa, c.mfa, `${c.why}\nreason: ${p.reason}`);
    assert.deepEqual(p.lockout, [...(c.lockout ?? [])], c.why);
    if (c.rule) {
      const found = r.diagnostics.filter((d) => d.rule === c.rule && (d.severity === 'error' || d.severity === 'warning'));
      assert.ok(found.length > 0, `${c.rule} expected: ${r.diagnostics.map((d) => `${d.rule}: ${d.message}`).join('\n')}`);
    }
    assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'));
  });
}

/** AWS's deny (BoolIfExists "false") with more condition blocks ANDed in. */
const refDenyWith = (extra: object, stmt: object = {}) => policy(deny({ BoolIfExists: { [MFA]: 'false' }, ...extra }, stmt));

// ---- 1. Principal keys have their real meaning for a request by an IAM user ----------------------

check({
  name: 'PrincipalAccount equal to one account',
  why: "the deny fires only when the user's account is 999999999999, which the policy cannot promise: requests from any other account escape in every context",
  text: refDenyWith({ StringEquals: { 'aws:PrincipalAccount': '999999999999' } }),
  mfa: 'weak',
  rule: 'narrowed-mfa-condition',
});
check({
  name: 'PrincipalAccount not equal to one account',
  why: 'negated: fires for every account but one; the user may be in that one',
  text: refDenyWith({ StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } }),
  mfa: 'weak',
});
check({
  name: 'Null aws:PrincipalAccount "true"',
  why: 'the principal account is always present in a user\'s request, so Null "true" is false: the deny never fires',
  text: refDenyWith({ Null: { 'aws:PrincipalAccount': 'true' } }),
  mfa: 'missing',
});
check({
  name: 'Null aws:PrincipalOrgID "false"',
  why: 'present: Null "false" is true, so the deny fires as AWS\'s form does',
  text: refDenyWith({ Null: { 'aws:PrincipalOrgID': 'false' } }),
  mfa: 'enforced',
});
check({
  name: 'StringEquals aws:PrincipalOrgID o-abc',
  why: 'the organisation is present but unknown: users of other organisations (or none) escape',
  text: refDenyWith({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }),
  mfa: 'weak',
});
check({
  name: 'StringEquals aws:PrincipalType User',
  why: "an IAM user's PrincipalType is User: the condition holds in every context, the SCP scoping of AWS's examples",
  text: refDenyWith({ StringEquals: { 'aws:PrincipalType': 'User' } }),
  mfa: 'enforced',
});
check({
  name: 'StringEquals aws:PrincipalType AssumedRole',
  why: 'a user is never an AssumedRole: the deny never fires for users',
  text: refDenyWith({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }),
  mfa: 'missing',
});
check({
  name: 'StringNotEqualsIfExists aws:PrincipalType User',
  why: 'the type is present and User, so the negated form is false: the deny never fires for users',
  text: refDenyWith({ StringNotEqualsIfExists: { 'aws:PrincipalType': 'User' } }),
  mfa: 'missing',
});
check({
  name: 'ArnLike aws:PrincipalArn user/*',
  why: 'every user ARN matches arn:aws:iam::*:user/* (path included): holds in every context',
  text: refDenyWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } }),
  mfa: 'enforced',
});
check({
  name: 'ArnLike aws:PrincipalArn role/*',
  why: 'a user ARN never matches role/*: the deny never fires for users',
  text: refDenyWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } }),
  mfa: 'missing',
});
check({
  name: 'ArnNotLike aws:PrincipalArn role/* (an SCP that spares roles)',
  why: 'a user ARN is never a role ARN, so the negation holds for every user request',
  text: refDenyWith({
    ArnNotLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/Admin*', 'arn:aws:iam::*:role/OrganizationAccountAccessRole'] },
  }),
  mfa: 'enforced',
});
check({
  name: 'ArnLike aws:PrincipalArn user/alice only',
  why: 'only the user named alice (without a path) matches: every other user escapes',
  text: refDenyWith({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/alice' } }),
  mfa: 'weak',
});
check({
  name: 'StringLike aws:PrincipalArn with a fixed account',
  why: 'users of account 123456789012 only: the account is unknown',
  text: refDenyWith({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/*' } }),
  mfa: 'weak',
});

// ---- 2. ? and * exemptions are judged by everything they match --------------------------------

const exemptions = (extra: string[]) => policy(deny({ BoolIfExists: { [MFA]: 'false' } }, { NotAction: [...ENROL, ...extra] }));
check({
  name: 'iam:???ate?????????????ic? (CreateVirtualMFADevice, and UpdateAssumeRolePolicy)',
  why: "the pattern also exempts iam:UpdateAssumeRolePolicy: a user without MFA can rewrite a role's trust policy",
  text: exemptions(['iam:???ate?????????????ic?']),
  mfa: 'weak',
  rule: 'weakening-exemption',
});
check({
  name: 'iam:List*MFADevices (only enrolment actions)',
  why: 'it matches iam:ListMFADevices and iam:ListVirtualMFADevices only: nothing else escapes',
  text: exemptions(['iam:List*MFADevices']),
  mfa: 'enforced',
});
check({
  name: 'iam:*VirtualMFADevice (Create and Delete)',
  why: 'it exempts iam:DeleteVirtualMFADevice, the historic bypass',
  text: exemptions(['iam:*VirtualMFADevice']),
  mfa: 'weak',
  rule: 'weakening-exemption',
});
check({
  name: 'iam:Enable* (EnableMFADevice and the Organizations root-access actions)',
  why: 'iam:EnableOrganizationsRootCredentialsManagement and others escape the deny',
  text: exemptions(['iam:Enable*']),
  mfa: 'weak',
  rule: 'weakening-exemption',
});
check({
  name: 'i?m:EnableMFADevice (a wildcard in the service part)',
  why: 'the service part may match services outside the catalogue: not provably safe',
  text: exemptions(['i?m:EnableMFADevice']),
  mfa: 'weak',
  rule: 'weakening-exemption',
});
check({
  name: 'sts:Get* (GetSessionToken, and GetFederationToken)',
  why: "sts:GetFederationToken mints federated sessions that the user's deny does not cover",
  text: exemptions(['sts:Get*']),
  mfa: 'weak',
  rule: 'weakening-exemption',
});
check({
  name: 'iam:GetUse? (only GetUser)',
  why: 'no other IAM action matches: it exempts an enrolment action only',
  text: exemptions(['iam:GetUse?']),
  mfa: 'enforced',
});

test('property: a random ?/* exemption is accepted only when every catalogued action it matches is safe to exempt', () => {
  const safe = new Set(
    [...ALL_ENROLMENT, 'sts:GetSessionToken', 'iam:ListUsers', 'iam:GetMFADevice', 'iam:GetAccountPasswordPolicy'].map((a) =>
      a.toLowerCase(),
    ),
  );
  const actions = catalogueActions();
  // Patterns built from real action names with characters replaced by ? and runs replaced by *.
  const pattern = fc
    .tuple(fc.constantFrom(...actions), fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.boolean()), { maxLength: 4 }))
    .map(([name, cuts]) => {
      let p = name;
      for (const [at, len, star] of cuts) {
        const i = at % Math.max(1, p.length);
        p =
          p.slice(0, i) + (star ? '*' : '?'.repeat(Math.min(len, p.length - i))) + p.slice(i + (star ? len : Math.min(len, p.length - i)));
      }
      return p;
    });
  fc.assert(
    fc.property(pattern, (p) => {
      if (classifyExemption(p, false) !== 'accepted') return;
      const matched = actions.filter((a) => wildcardMatch(p, a, true));
      for (const a of matched) assert.ok(safe.has(a.toLowerCase()), `${p} was accepted but matches ${a}`);
      // Accepted patterns cannot reach another service either: their service part is literal.
      assert.match(p.toLowerCase(), /^(iam|sts):/);
    }),
    { numRuns: 3000, seed: 1010 },
  );
});

// ---- 3. Policy variables in condition values ------------------------------------------------------

check({
  name: 'StringNotEqualsIfExists MFA ["true", "${aws:MultiFactorAuthPresent}"]',
  why: 'in a session without MFA the variable is "false", the value equals itself and the negated operator is false: sessions without MFA escape',
  text: policy(deny({ StringNotEqualsIfExists: { [MFA]: ['true', '${aws:MultiFactorAuthPresent}'] } })),
  mfa: 'weak',
});
check({
  name: 'BoolIfExists MFA "${aws:SomeKey}" (an unknown value)',
  why: 'the value is whatever the request carries: it may or may not be "false", never a constant',
  text: policy(deny({ BoolIfExists: { [MFA]: '${aws:PrincipalTag/mfa}' } })),
  mfa: 'weak',
});
check({
  name: 'the same variable under Version 2008-10-17 is literal text',
  why: 'without Version 2012-10-17 no variable is substituted: "${aws:MultiFactorAuthPresent}" is a string that equals neither "true" nor "false", so the negated operator fires without MFA and not with it',
  text: JSON.stringify({
    Version: '2008-10-17',
    Statement: [deny({ StringNotEqualsIfExists: { [MFA]: ['true', '${aws:MultiFactorAuthPresent}'] } })],
  }),
  mfa: 'enforced',
});
check({
  name: 'a variable that the request fixes: ${aws:PrincipalType}',
  why: 'it reads "User", which MultiFactorAuthPresent never equals, so the StringNotEquals block is true in every context; the StringEqualsIfExists "false" block makes it AWS\'s form',
  text: policy(deny({ StringEqualsIfExists: { [MFA]: ['false'] }, StringNotEquals: { [MFA]: ['${aws:PrincipalType}'] } })),
  mfa: 'enforced',
});
check({
  name: 'a variable with a default, for a key absent from access-key requests',
  why: '${aws:MultiFactorAuthPresent, \'User\'} is "User" only when the key is absent (long-term keys), so PrincipalType equals it only then: sessions without MFA escape',
  text: policy(deny({ BoolIfExists: { [MFA]: 'false' }, StringEquals: { 'aws:PrincipalType': "${aws:MultiFactorAuthPresent, 'User'}" } })),
  mfa: 'weak',
});

// ---- 4. A misspelled key under ...IfExists denies everyone ----------------------------------------

for (const key of [
  'aws:MultiFactorAuthPresent ',
  ' aws:MultiFactorAuthPresent',
  'aws:MultiFactorAuthPresnt',
  'aws:MultiFactor AuthPresent',
  'aws:MFAPresent',
]) {
  check({
    name: `BoolIfExists on ${JSON.stringify(key)}`,
    why: 'no request carries that key, so IfExists is true for every request, MFA or not: everyone is denied, and no one can enrol',
    text: policy(deny({ BoolIfExists: { [key]: 'false' } }, { NotAction: undefined, Action: '*' })),
    mfa: 'weak',
    lockout: ALL_ENROLMENT,
    rule: 'mfa-lockout',
  });
}
check({
  name: 'Bool (no IfExists) on a misspelled key',
  why: 'the key is never present, so Bool is false for every request: the deny never fires',
  text: policy(deny({ Bool: { 'aws:MultiFactorAuthPresnt': 'false' } })),
  mfa: 'missing',
});
check({
  name: 'a misspelled key ANDed beside the real one under BoolIfExists',
  why: "the absent key is true under IfExists, so the block reduces to AWS's form",
  text: policy(deny({ BoolIfExists: { [MFA]: 'false', 'aws:MultiFactorAuthPresnt': 'false' } })),
  mfa: 'enforced',
});

// ---- 5. Lock-outs that were missed -----------------------------------------------------------------

const denyAll = (extra: object) => ({ Effect: 'Deny', Action: '*', Condition: { BoolIfExists: { [MFA]: 'false' } }, ...extra });
check({
  name: "NotResource carves out only the user's own ARN",
  why: 'CreateVirtualMFADevice acts on a device ARN and ListVirtualMFADevices on "*": neither is carved out, so both stay denied without MFA',
  text: policy(denyAll({ NotResource: ['arn:aws:iam::*:user/${aws:username}'] })),
  mfa: 'weak',
  lockout: ['iam:CreateVirtualMFADevice', 'iam:ListVirtualMFADevices'],
  rule: 'missing-enrolment-exemption',
});
check({
  name: 'NotResource carves out only mfa/${aws:username}',
  why: 'devices are named freely since 2022: a device of another name is still denied, and the user-resource actions and ListVirtualMFADevices are not carved out at all',
  text: policy(denyAll({ NotResource: ['arn:aws:iam::*:mfa/${aws:username}'] })),
  mfa: 'weak',
  lockout: ALL_ENROLMENT,
  rule: 'missing-enrolment-exemption',
});
check({
  name: 'NotResource carves out the user and every device',
  why: 'only ListVirtualMFADevices (resource "*") stays denied',
  text: policy(denyAll({ NotResource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*'] })),
  mfa: 'weak',
  lockout: ['iam:ListVirtualMFADevices'],
  rule: 'missing-enrolment-exemption',
});
check({
  name: 'aws:RequestedRegion us-east-1 ANDed into the deny',
  why: 'requests to other regions escape (weak), and IAM calls go to us-east-1, so the enrolment actions are denied (lock-out)',
  text: policy(
    denyAll({ Resource: '*', Condition: { BoolIfExists: { [MFA]: 'false' }, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
  ),
  mfa: 'weak',
  lockout: ALL_ENROLMENT,
});
check({
  name: 'aws:RequestedRegion in eu-west-1 only',
  why: 'IAM calls (us-east-1) are not denied: no lock-out, and the deny covers one region only',
  text: policy(
    denyAll({ Resource: '*', Condition: { BoolIfExists: { [MFA]: 'false' }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }),
  ),
  mfa: 'weak',
});
check({
  name: 'aws:RequestedRegion cn-north-1 in the aws-cn partition',
  why: 'IAM in aws-cn answers in cn-north-1: the enrolment calls are denied',
  text: policy(
    denyAll({ Resource: '*', Condition: { BoolIfExists: { [MFA]: 'false' }, StringEquals: { 'aws:RequestedRegion': 'cn-north-1' } } }),
  ),
  mfa: 'weak',
  lockout: ALL_ENROLMENT,
  options: { partition: 'aws-cn' },
});

// ---- 6. Duplicate operator blocks: the last one wins, as in any JSON parser -------------------------

const dupOperators = (first: string, last: string) => `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "NotAction": ${JSON.stringify(ENROL)},
    "Resource": "*",
    "Condition": {
      "BoolIfExists": { "${MFA}": "${first}" },
      "BoolIfExists": { "${MFA}": "${last}" }
    }
  }]
}`;
check({
  name: 'duplicate BoolIfExists, the last "false"',
  why: 'IAM reads the last block only: BoolIfExists "false", AWS\'s form (the duplicate key is still an error)',
  text: dupOperators('true', 'false'),
  mfa: 'enforced',
  rule: 'duplicate-key',
});
check({
  name: 'duplicate BoolIfExists, the last "true"',
  why: 'IAM reads the last block only: BoolIfExists "true" fires for access keys and sessions WITH MFA, never for sessions without: not enforced',
  text: dupOperators('false', 'true'),
  mfa: 'weak',
  rule: 'duplicate-key',
});
check({
  name: 'duplicate condition key in one block, the last one wins',
  why: 'the block holds MultiFactorAuthPresent "false" once read: enforced',
  text: policy(deny(undefined)).replace(
    '"Resource": "*"',
    `"Resource": "*", "Condition": { "BoolIfExists": { "${MFA}": "true", "${MFA}": "false" } }`,
  ),
  mfa: 'enforced',
  rule: 'duplicate-key',
});

// ---- 7. Names that are not IAM actions --------------------------------------------------------------

check({
  name: 'iam:EnableMFADevices (a typo) in NotAction',
  why: 'no such action exists: it exempts nothing, so nothing escapes the deny, and the real iam:EnableMFADevice is still denied (lock-out)',
  text: policy(
    deny(
      { BoolIfExists: { [MFA]: 'false' } },
      { NotAction: [...ENROL.filter((a) => a !== 'iam:EnableMFADevice'), 'iam:EnableMFADevices'] },
    ),
  ),
  mfa: 'enforced',
  lockout: ['iam:EnableMFADevice'],
  rule: 'missing-enrolment-exemption',
});
check({
  name: 'iam:CreateAccessKeys (a typo of a weakening action)',
  why: 'no such action: it exempts nothing, so it weakens nothing',
  text: exemptions(['iam:CreateAccessKeys']),
  mfa: 'enforced',
});
check({
  name: 'iam:ListVirtualMFADevice (a typo) and a wildcard that matches no action',
  why: 'neither exempts anything; iam:ListVirtualMFADevices is denied',
  text: policy(
    deny(
      { BoolIfExists: { [MFA]: 'false' } },
      { NotAction: [...ENROL.filter((a) => a !== 'iam:ListVirtualMFADevices'), 'iam:ListVirtualMFADevice', 'iam:NoSuch*Thing'] },
    ),
  ),
  mfa: 'enforced',
  lockout: ['iam:ListVirtualMFADevices'],
  rule: 'missing-enrolment-exemption',
});

test('the lock-out finding names the action that was meant and says the typo is no action', () => {
  const r = lint(
    policy(
      deny(
        { BoolIfExists: { [MFA]: 'false' } },
        { NotAction: [...ENROL.filter((a) => a !== 'iam:EnableMFADevice'), 'iam:EnableMFADevices'] },
      ),
    ),
  );
  const d = r.diagnostics.find((x) => x.rule === 'missing-enrolment-exemption');
  assert.ok(d);
  assert.match(d.message, /iam:EnableMFADevices is not an IAM action/);
  assert.match(d.message, /did you mean iam:EnableMFADevice\?/);
});
