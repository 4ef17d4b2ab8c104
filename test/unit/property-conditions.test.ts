// Random conditions on the keys that issue 10 found misread (principal keys, policy variables,
// misspelled keys, the region), checked against an independent evaluation of IAM's rules on
// concrete requests. `enforced` must mean: every concrete request without MFA, whoever the user,
// is denied, and some request with MFA is not. A reported lock-out must deny some concrete
// enrolment call. The reference below knows nothing of the core's three-valued model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lint } from '../../src/core';
import { ENROL } from '../fixtures/lib/core-helpers';

const MFA = 'aws:MultiFactorAuthPresent';

/** One concrete request of an IAM user: every key with its value, or absent. */
type Request = Record<string, string | undefined>;

const USERS = [
  { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', org: 'o-aaaa' },
  { account: '444455556666', arn: 'arn:aws:iam::444455556666:user/eng/bob', org: 'o-bbbb' },
  { account: '999999999999', arn: 'arn:aws:iam::999999999999:user/ops/team/carol', org: 'o-cccc' },
];

function requests(enrolment: boolean): Array<{ mfa: 'absent' | 'false' | 'true'; req: Request }> {
  const out: Array<{ mfa: 'absent' | 'false' | 'true'; req: Request }> = [];
  for (const mfa of ['absent', 'false', 'true'] as const) {
    for (const u of USERS) {
      for (const region of enrolment ? ['us-east-1'] : ['us-east-1', 'eu-west-1']) {
        out.push({
          mfa,
          req: {
            'aws:multifactorauthpresent': mfa === 'absent' ? undefined : mfa,
            'aws:multifactorauthage': mfa === 'true' ? '300' : undefined,
            'aws:principaltype': 'User',
            'aws:principalarn': u.arn,
            'aws:principalaccount': u.account,
            'aws:principalorgid': u.org,
            'aws:requestedregion': region,
            'aws:viaawsservice': 'false',
          },
        });
      }
    }
  }
  return out;
}

/** A plain glob matcher for short strings (the reference: simple recursion). */
function glob(p: string, t: string): boolean {
  if (p === '') return t === '';
  if (p[0] === '*') return glob(p.slice(1), t) || (t !== '' && glob(p, t.slice(1)));
  return t !== '' && (p[0] === '?' || p[0] === t[0]) && glob(p.slice(1), t.slice(1));
}

/** ${key} and ${key, 'default'} from the request; undefined when a variable has no value. */
function substitute(v: string, req: Request): string | undefined {
  let out = '';
  let rest = v;
  for (;;) {
    const open = rest.indexOf('${');
    const close = open < 0 ? -1 : rest.indexOf('}', open);
    if (close < 0) return out + rest;
    const [name, def] = rest
      .slice(open + 2, close)
      .split(',')
      .map((x) => x.trim());
    const value = req[name!.toLowerCase()] ?? (def?.startsWith("'") ? def.slice(1, -1) : undefined);
    if (value === undefined) return undefined;
    out += rest.slice(0, open) + value;
    rest = rest.slice(close + 1);
  }
}

function valueMatches(base: string, actual: string, v: string | undefined): boolean {
  if (v === undefined) return false;
  switch (base) {
    case 'StringEquals':
      return actual === v;
    case 'StringLike':
      return glob(v, actual);
    case 'Bool':
      return v.toLowerCase() === actual.toLowerCase() && (actual === 'true' || actual === 'false');
    case 'ArnLike':
    case 'ArnEquals': {
      // "*" alone matches any ARN, as it does in Resource; otherwise each of the six parts on its own.
      if (/^\*+$/.test(v)) return true;
      const a = actual.split(':');
      const p = v.split(':');
      if (p.length !== 6 || a.length !== 6) return false;
      return p.every((c, i) => glob(c, a[i]!));
    }
    default:
      throw new Error(base);
  }
}

/** IAM's evaluation of one Condition on one concrete request. */
function conditionHolds(condition: Record<string, Record<string, string[]>>, req: Request, variables: boolean): boolean {
  for (const [operator, block] of Object.entries(condition)) {
    const ifExists = operator.endsWith('IfExists');
    const name = ifExists ? operator.slice(0, -8) : operator;
    for (const [key, values] of Object.entries(block)) {
      const actual = req[key.toLowerCase()];
      if (name === 'Null') {
        if (!values.some((v) => (v === 'true' ? actual === undefined : actual !== undefined))) return false;
        continue;
      }
      const negated = name.includes('Not');
      if (actual === undefined) {
        if (!(ifExists || negated)) return false;
        continue;
      }
      const base = negated ? name.replace('Not', '') : name;
      const any = values.some((v) => valueMatches(base, actual, variables ? substitute(v, req) : v));
      if (negated ? any : !any) return false;
    }
  }
  return true;
}

const KEYS: Record<string, string[]> = {
  'aws:PrincipalAccount': ['111122223333', '999999999999', '*', '${aws:PrincipalAccount}'],
  'aws:PrincipalArn': [
    'arn:aws:iam::*:user/*',
    'arn:aws:iam::*:role/*',
    'arn:aws:iam::111122223333:user/*',
    'arn:aws:iam::*:user/alice',
    '*',
    'arn:aws:iam::*:user/eng/*',
    'arn:aws:iam::*',
  ],
  'aws:PrincipalOrgID': ['o-aaaa', 'o-*', '${aws:PrincipalOrgID}'],
  'aws:PrincipalType': ['User', 'AssumedRole', 'Us?r', '${aws:PrincipalType}'],
  'aws:RequestedRegion': ['us-east-1', 'eu-west-1', 'us-*', '*'],
  [MFA]: ['false', 'true', '${aws:MultiFactorAuthPresent}', "${aws:MultiFactorAuthPresent, 'false'}", 'fal*'],
  'aws:MultiFactorAuthPresent ': ['false', 'true'],
  'aws:MultiFactorAuthPresnt': ['false'],
};
const OPERATORS: Record<string, string[]> = {
  'aws:PrincipalArn': ['ArnLike', 'ArnNotLike', 'StringLike', 'StringNotLike', 'StringEquals', 'Null'],
  [MFA]: ['Bool', 'StringEquals', 'StringNotEquals', 'StringLike', 'Null'],
  'aws:MultiFactorAuthPresent ': ['Bool', 'StringEquals'],
  'aws:MultiFactorAuthPresnt': ['Bool'],
};
const DEFAULT_OPERATORS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'Null'];

const entry = fc.constantFrom(...Object.keys(KEYS)).chain((key) =>
  fc.record({
    key: fc.constant(key),
    operator: fc.constantFrom(...(OPERATORS[key] ?? DEFAULT_OPERATORS)),
    ifExists: fc.boolean(),
    values: fc.subarray(KEYS[key]!, { minLength: 1, maxLength: Math.min(2, KEYS[key]!.length) }),
  }),
);

const condition = fc.array(entry, { minLength: 1, maxLength: 3 }).map((entries) => {
  const c: Record<string, Record<string, string[]>> = {};
  for (const e of entries) {
    const op = e.operator === 'Null' ? 'Null' : `${e.operator}${e.ifExists ? 'IfExists' : ''}`;
    const values = e.operator === 'Null' ? [e.ifExists ? 'true' : 'false'] : e.values;
    (c[op] ??= {})[e.key] = values;
  }
  return c;
});

test("property: `enforced` and the lock-out list agree with IAM's evaluation of random conditions on concrete requests", () => {
  fc.assert(
    fc.property(condition, fc.boolean(), fc.boolean(), (cond, withReference, v2012) => {
      // The deny of AWS's policy (or a deny of everything) with the random condition ANDed in.
      const full: Record<string, Record<string, string[]>> = withReference ? { BoolIfExists: { [MFA]: ['false'] }, ...cond } : cond;
      const text = JSON.stringify({
        Version: v2012 ? '2012-10-17' : '2008-10-17',
        Statement: [{ Effect: 'Deny', ...(withReference ? { NotAction: ENROL } : { Action: '*' }), Resource: '*', Condition: full }],
      });
      const r = lint(text);
      const p = r.policies[0]!;
      assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'));
      const general = requests(false);
      const fires = (x: { req: Request }) => conditionHolds(full, x.req, v2012);
      if (p.mfa === 'enforced') {
        const escaping = general.find((x) => x.mfa !== 'true' && !fires(x));
        assert.equal(escaping, undefined, `enforced, yet this request without MFA escapes: ${JSON.stringify(escaping)}\n${text}`);
        assert.ok(
          general.some((x) => x.mfa === 'true' && !fires(x)),
          `enforced, yet it denies every request with MFA\n${text}`,
        );
      }
      if (p.lockout.length) {
        assert.ok(
          requests(true).some((x) => x.mfa !== 'true' && fires(x)),
          `lock-out reported, but no enrolment call is denied\n${text}`,
        );
      }
    }),
    { numRuns: 4000, seed: 20261130 },
  );
});
