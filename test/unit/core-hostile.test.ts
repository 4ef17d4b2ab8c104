// Hostile inputs (issue 10, "Hangs, crashes and memory"): very long wildcards give a normal verdict, not an
// internal error; and each path that used to be quadratic is shown linear by COUNTING its work at n and 2n
// (the core's work meters, src/core/work.ts, or the operation that was repeated), never with a timer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editsOf, lint, type LintResult } from '../../src/core';
import { work, workSince, workSnapshot, type WorkMeter } from '../../src/core/work';
import { REQUIRED_EXEMPTIONS } from '../property/policy-arbitrary';
import {
  caseVariants,
  starPolicy,
  starTrustPolicy,
  unknownKeys,
  unknownOperators,
  unterminatedVariable,
  variablePolicy,
} from '../../bench/lib/hostile.mjs';

const reference = JSON.stringify(
  JSON.parse(
    `{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`,
  ),
);
const RUN = '*'.repeat(20_000);
const SPACED = '*a'.repeat(20_000);

/** What a verdict is made of: kind, verdict and lock-out of each policy, and the rules that spoke. */
function outcome(r: LintResult) {
  return {
    policies: r.policies.map((p) => ({ kind: p.kind, mfa: p.mfa, lockout: p.lockout })),
    rules: [...new Set(r.diagnostics.map((d) => d.rule))].filter((x) => x !== 'policy-size-limit' && x !== 'iam-schema').sort(),
  };
}

const withDeny = (deny: Record<string, unknown>, ...more: string[]) =>
  `{"Version":"2012-10-17","Statement":[${JSON.stringify({ ...JSON.parse(reference), ...deny })}${more.map((s) => `,${s}`).join('')}]}`;

/** Policies whose wildcards are runs of 20,000 stars (or 20,000 one-letter segments), with the verdict expected. */
const STAR_FIXTURES: Array<{ name: string; text: string; policies: Array<{ kind: string; mfa: string; lockout: string[] }> }> = [
  {
    name: 'stars in Allow and non-MFA Deny statements (Action, NotAction, Resource, NotResource, StringLike, StringNotLike)',
    text: starPolicy(300_000, 20_000),
    policies: [{ kind: 'identity', mfa: 'enforced', lockout: [] }],
  },
  {
    name: 'a 20,000-star NotAction entry that matches no action, in the MFA deny',
    text: withDeny({ NotAction: [...JSON.parse(reference).NotAction, `iam:${RUN}Z`, `sts:${SPACED}*Zz`] }),
    policies: [{ kind: 'identity', mfa: 'enforced', lockout: [] }],
  },
  {
    name: 'a 20,000-star NotAction entry that matches every action: the deny exempts everything',
    text: withDeny({ NotAction: [`${RUN}`] }),
    policies: [{ kind: 'identity', mfa: 'weak', lockout: [] }],
  },
  {
    name: 'a 20,000-star Action of the MFA deny (iam:***...*): it denies the enrolment actions too',
    text: withDeny({ NotAction: undefined, Action: [`iam:${RUN}`] }),
    policies: [
      {
        kind: 'identity',
        mfa: 'weak',
        lockout: [...REQUIRED_EXEMPTIONS],
      },
    ],
  },
  {
    name: 'a 20,000-star Resource of the MFA deny (arn:aws:iam::***...*)',
    text: withDeny({ Resource: [`arn:aws:iam::${RUN}`, `arn:${SPACED}*`] }),
    policies: [{ kind: 'identity', mfa: 'weak', lockout: [] }],
  },
  {
    name: 'a 20,000-star NotResource of the MFA deny that carves out nothing a user touches',
    text: withDeny({ Resource: undefined, NotResource: [`arn:aws:s3:::${RUN}Z`, `${SPACED}*Zq`] }),
    policies: [{ kind: 'identity', mfa: 'weak', lockout: [] }],
  },
  {
    name: 'StringLike and StringNotLike values of 20,000 stars ANDed into the MFA deny',
    text: withDeny({
      Condition: {
        BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
        StringLike: { 'aws:userid': RUN, 'aws:PrincipalArn': `${SPACED}*` },
        StringNotLike: { 'aws:username': `${RUN}Z` },
      },
    }),
    policies: [{ kind: 'identity', mfa: 'weak', lockout: [] }],
  },
  {
    name: 'a trust policy with 20,000-star action, principal and StringLike values',
    text: starTrustPolicy(20_000),
    policies: [{ kind: 'trust', mfa: 'not-applicable', lockout: [] }],
  },
];

/** The same text with every run of stars written as one star: the same language, so the same verdict. */
const oneStar = (text: string) => text.replace(/\*+/g, '*');

for (const f of STAR_FIXTURES) {
  test(`20,000-star wildcards: ${f.name}: a normal verdict, no internal-error`, () => {
    const before = workSnapshot();
    const r = lint(f.text);
    const w = workSince(before);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.rule === 'internal-error').map((d) => d.message),
      [],
    );
    const got = outcome(r);
    // The verdict of the same policy with runs of one star.
    assert.deepEqual(got, outcome(lint(oneStar(f.text))), 'runs of stars are judged as one star');
    assert.deepEqual(
      got.policies.map((p) => ({ ...p, lockout: [...p.lockout].sort() })),
      f.policies.map((p) => ({ ...p, lockout: [...p.lockout].sort() })),
    );
    // Matching is linear: a bounded number of comparisons per character of the file (the catalogue's actions
    // are matched against each exemption, so the bound is per pattern, not per character).
    assert.ok(w.total <= 64 * f.text.length, `${w.total} steps of work for ${f.text.length} characters: ${JSON.stringify(w)}`);
  });
}

// ---- quadratic paths, counted ----

/** Work of one lint (every meter), and the result. */
function measure(text: string): { w: WorkMeter & { total: number }; r: LintResult } {
  const before = workSnapshot();
  const r = lint(text);
  for (const d of r.diagnostics) for (const f of d.fixes) void editsOf(f); // edits are built lazily: build them
  return { w: workSince(before), r };
}

/**
 * Lints `make(n)` and `make(2n)`: the chosen meter (and every meter together) must at most double, give or
 * take 20%, and stay within `perChar` steps per character.
 */
function assertLinear(
  t: { diagnostic(s: string): void },
  name: string,
  make: (n: number) => string,
  meter: keyof WorkMeter | 'total',
  n: number,
  perChar: number,
): void {
  const a = make(n);
  const b = make(2 * n);
  const wa = measure(a).w;
  const wb = measure(b).w;
  t.diagnostic(
    `${name}: ${meter} ${wa[meter]} steps for ${a.length} characters, ${wb[meter]} for ${b.length} (all meters: ${wa.total}, ${wb.total})`,
  );
  assert.ok(wa[meter] > 0, `${name}: the ${meter} meter did not move: the input does not reach the path`);
  assert.ok(wb[meter] <= 2.4 * wa[meter] * (b.length / a.length / 2), `${name}: ${wa[meter]} ${meter} steps at n, ${wb[meter]} at 2n`);
  assert.ok(wb.total <= 2.4 * wa.total * (b.length / a.length / 2), `${name}: all meters ${wa.total} at n, ${wb.total} at 2n`);
  assert.ok(wb[meter] <= perChar * b.length, `${name}: ${wb[meter]} ${meter} steps for ${b.length} characters`);
}

test('unterminated ${ (a 100 KB+ string of them, and variables in Resource, NotResource, conditions): scanned in one pass', (t) => {
  assertLinear(t, 'one string of ${${${...', unterminatedVariable, 'variables', 150_000, 4);
  assertLinear(t, 'runs of ${ in every statement, no Version', (n) => variablePolicy(n, 2_000), 'variables', 150_000, 4);
  const r = lint(unterminatedVariable(300_000));
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('unknown statement keys (thousands in one statement): each finding placed without rescanning the statement', (t) => {
  assertLinear(t, 'unknown keys', (n) => unknownKeys(n, 1e9), 'members', 100_000, 8);
  const r = lint(unknownKeys(50_000, 1e9));
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['enforced'],
  );
  assert.ok(r.diagnostics.some((d) => d.rule === 'iam-schema' && /Unknown key `Actoin\d+`/.test(d.message)));
});

test('many case variants of the MFA key in one block: each entry checked without rescanning the block', (t) => {
  for (const [op, value] of [
    ['Bool', '"false"'],
    ['Null', '"true"'],
    ['ForAnyValue:Bool', '"false"'],
    ['Bool', '["true","false"]'],
  ] as const) {
    assertLinear(t, `${op} ${value}`, (n) => caseVariants(n, 1e9, op, value), 'blocks', 100_000, 8);
  }
});

test('many case variants with odd boolean values: fix edits grow with the findings, not with their square', () => {
  const edits = (n: number) => {
    const r = lint(caseVariants(n, 1e9, 'BoolIfExists', '"False"'));
    let count = 0;
    for (const d of r.diagnostics) for (const f of d.fixes) count += editsOf(f).length;
    return { count, findings: r.diagnostics.length };
  };
  const a = edits(100_000);
  const b = edits(200_000);
  assert.ok(
    a.count <= 32 * a.findings + 32 && b.count <= 32 * b.findings + 32,
    `${a.count} edits for ${a.findings} findings, ${b.count} for ${b.findings}`,
  );
});

test('many unknown operators (whose blocks are no objects): schema errors merged without copying them all each time', (t) => {
  // The validator merged each operator's errors with Array.prototype.concat, copying every error so far:
  // count the elements that concat copies during a lint, at n and 2n.
  const concat = Array.prototype.concat;
  let copied = 0;
  const counting = function (this: unknown[], ...args: unknown[]) {
    const r = concat.apply(this, args) as unknown[];
    copied += r.length;
    return r;
  };
  const copies = (text: string) => {
    copied = 0;
    Array.prototype.concat = counting as typeof concat;
    try {
      lint(text);
    } finally {
      Array.prototype.concat = concat;
    }
    return copied;
  };
  for (const block of ['1', '{"aws:MultiFactorAuthPresent":"false"}']) {
    const a = unknownOperators(100_000, 1e9, block);
    const b = unknownOperators(200_000, 1e9, block);
    const ca = copies(a);
    const cb = copies(b);
    t.diagnostic(`operators with ${block}: concat copied ${ca} elements for ${a.length} characters, ${cb} for ${b.length}`);
    assert.ok(cb <= 2.4 * Math.max(ca, 1000) && cb <= 4 * b.length, `${ca} elements copied at n, ${cb} at 2n`);
    assertLinear(t, `unknown operators with ${block}`, (n) => unknownOperators(n, 1e9, block), 'members', 100_000, 8);
  }
});

test('no regular expression is built from the linted text anywhere in the core', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = new URL('../../src/core/', import.meta.url);
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('schema/generated'));
  for (const f of files) assert.doesNotMatch(readFileSync(new URL(f, dir), 'utf8'), /new RegExp\(/, `src/core/${f} builds a RegExp`);
});

test('the work meters only grow', () => {
  const before = workSnapshot();
  lint(starPolicy(20_000));
  for (const [k, v] of Object.entries(workSince(before))) assert.ok(v >= 0, `${k} went down`);
  assert.ok(work.wildcard > 0);
});
