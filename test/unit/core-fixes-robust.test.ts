// Issue 10, smaller defects of the fixes: edits keep the source's escapes, building them is linear
// on a minified line, and nothing a host passes (odd formatting, odd rules, garbage of any type)
// makes lint, reading a fix's edits or applying them throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, editsOf, lint, ruleMetas, type Edit, type LintOptions, type LintResult } from '../../src/core';
import { editWork, MAX_TAB_SIZE } from '../../src/core/fixes/edits';
import { ENROL, fixture, only } from '../fixtures/lib/core-helpers';

const DENY = `{"Sid":"D","Effect":"Deny","NotAction":${JSON.stringify(ENROL)},"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`;
const doc = (...statements: string[]) => `{"Version":"2012-10-17","Statement":[${statements.join(',')}]}`;

/** The escapes every case carries somewhere a fix touches or keeps. */
const ESCAPES = ['\\u200b', '\\"', '\\/', '\\u0041'];

/**
 * Applies the first fix of `rule`; the result lints without pasted-characters or syntax errors,
 * holds no literal invisible character, keeps the listed escapes as written, and decodes to `want`.
 */
function fixKeepsEscapes(text: string, rule: string, keep: string[], want: (value: unknown) => void, options: LintOptions = {}): string {
  JSON.parse(text);
  const d = only(lint(text, options), rule)[0];
  assert.ok(d, `${rule} reported`);
  assert.ok(d.fixes.length, `${rule} has a fix`);
  const out = applyEdits(text, editsOf(d.fixes[0]!));
  assert.doesNotMatch(out, /[\u00a0\u200b\u201c\u201d\ufeff]/, `a literal invisible character in:\n${out}`);
  for (const e of keep) assert.ok(out.includes(e), `${e} kept as written in:\n${out}`);
  const after = lint(out, options);
  assert.deepEqual(
    after.diagnostics.filter((x) => x.rule === 'pasted-characters' || x.rule === 'json-syntax'),
    [],
  );
  assert.ok(only(after, rule).length < only(lint(text, options), rule).length, `${rule} still reported:\n${out}`);
  want(JSON.parse(out));
  return out;
}

const statement = (v: unknown, i: number) => (v as { Statement: Array<Record<string, unknown>> }).Statement[i]!;

test('named-mfa-device-resource: the rest of the ARN keeps its escapes (\\u200b stays an escape)', () => {
  const text = doc(
    DENY,
    '{"Effect":"Allow","Action":"iam:CreateVirtualMFADevice","Resource":"arn:aws:iam::\\u0041\\u200b\\"*:mfa\\/${aws:username}"}',
  );
  const out = fixKeepsEscapes(text, 'named-mfa-device-resource', ESCAPES, (v) => {
    assert.equal(statement(v, 1).Resource, 'arn:aws:iam::A\u200b"*:mfa/*');
  });
  assert.ok(out.includes('"arn:aws:iam::\\u0041\\u200b\\"*:mfa\\/*"'));
});

test('odd-boolean-value: the values replaced are plain, escaped text around them is untouched', () => {
  const text = doc(
    `{"Sid":"D","Effect":"Deny","NotAction":${JSON.stringify(ENROL)},"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":["\\u0046alse","F\\u0041LSE"]},"StringLike":{"aws:userid":"\\u0041\\u200b\\"\\/x"}}}`,
  );
  fixKeepsEscapes(text, 'odd-boolean-value', ESCAPES, (v) => {
    const c = statement(v, 0).Condition as Record<string, Record<string, unknown>>;
    assert.deepEqual(c.BoolIfExists!['aws:MultiFactorAuthPresent'], ['false', 'false']);
    assert.equal(c.StringLike!['aws:userid'], 'A\u200b"/x');
  });
});

test('arn-partition-mismatch: the partition changes, the rest of each ARN keeps its escapes, escaped prefixes included', () => {
  const text = doc(
    DENY,
    '{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::b\\u200b\\/\\"x","arn:\\u0061ws:s3:::\\u0041"]}',
  );
  const out = fixKeepsEscapes(
    text,
    'arn-partition-mismatch',
    [...ESCAPES, '\\u0061'],
    (v) => {
      assert.deepEqual(statement(v, 1).Resource, ['arn:aws-cn:s3:::b\u200b/"x', 'arn:aws-cn:s3:::A']);
    },
    { partition: 'aws-cn' },
  );
  assert.deepEqual(only(lint(out, { partition: 'aws-cn' }), 'arn-partition-mismatch'), [], 'both ARNs fixed, the escaped one too');
});

/** An Allow statement holding every escape, in a value no fix touches. */
const ESCAPED_ALLOW = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::\\u0041\\u200b\\"\\/"}';

test('bool-without-ifexists: Bool -> BoolIfExists, escaped values kept', () => {
  const text = doc(
    `{"Sid":"D","Effect":"Deny","NotAction":${JSON.stringify(ENROL)},"Resource":"*","Condition":{"B\\u006fol":{"aws:MultiFactorAuthPresent":"f\\u0061lse"}}}`,
    ESCAPED_ALLOW,
  );
  fixKeepsEscapes(text, 'bool-without-ifexists', [...ESCAPES, 'f\\u0061lse'], (v) => {
    const c = statement(v, 0).Condition as Record<string, unknown>;
    assert.deepEqual(c.BoolIfExists, { 'aws:MultiFactorAuthPresent': 'false' });
  });
});

test('missing-enrolment-exemption: a NotAction string becomes an array that keeps it as written', () => {
  const text = doc(
    '{"Sid":"D","Effect":"Deny","NotAction":"iam:\\u0043hangePassword","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}',
    ESCAPED_ALLOW,
  );
  const out = fixKeepsEscapes(text, 'missing-enrolment-exemption', [...ESCAPES, '"iam:\\u0043hangePassword"'], (v) => {
    const na = statement(v, 0).NotAction as string[];
    assert.equal(na[0], 'iam:ChangePassword');
    for (const a of ENROL.filter((x) => x !== 'sts:GetSessionToken')) assert.ok(na.includes(a), a);
  });
  assert.ok(out.includes('"NotAction":["iam:\\u0043hangePassword","iam:CreateVirtualMFADevice",'), out);
});

test('missing-enrolment-exemption: a misspelled exemption is corrected in place, keeping what it shares as written', () => {
  const text = doc(
    `{"Sid":"D","Effect":"Deny","NotAction":["iam:\\u0043reateVirtualMFADevice","iam:\\u0045nableMFADevices","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken","s3:\\u200b\\"\\/"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`,
  );
  fixKeepsEscapes(
    text,
    'missing-enrolment-exemption',
    ['"iam:\\u0043reateVirtualMFADevice"', '"iam:\\u0045nableMFADevice"', '"s3:\\u200b\\"\\/"'],
    (v) => {
      assert.equal((statement(v, 0).NotAction as string[])[1], 'iam:EnableMFADevice');
    },
  );
});

test('user-path-not-matched: the string that becomes an array keeps its escapes; the added ARN escapes what it copies', () => {
  const text = doc(DENY, '{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::\\u200b*:user\\/${aws:username}"}');
  const d = only(lint(text), 'user-path-not-matched')[0]!;
  const out = applyEdits(text, editsOf(d.fixes[0]!));
  assert.doesNotMatch(out, /\u200b/);
  assert.ok(out.includes('"arn:aws:iam::\\u200b*:user\\/${aws:username}"'));
  assert.deepEqual(statement(JSON.parse(out), 1).Resource, [
    'arn:aws:iam::\u200b*:user/${aws:username}',
    'arn:aws:iam::\u200b*:user/*/${aws:username}',
  ]);
  assert.deepEqual(
    lint(out).diagnostics.filter((x) => x.rule === 'pasted-characters'),
    [],
  );
});

/** Reads every fix's edits of a result, returning how much line-locating work that took. */
function workToBuildEdits(r: LintResult): { steps: number; edits: number } {
  const before = editWork.steps;
  let edits = 0;
  for (const d of r.diagnostics) for (const f of d.fixes) edits += editsOf(f).length;
  return { steps: editWork.steps - before, edits };
}

test("building every fix's edits on one long minified line is linear (work counted, not timed)", () => {
  // A 400 KB Sid first, then statements whose fixes insert into arrays at the end of the line.
  const measure = (pad: number, k: number) => {
    const allows = Array.from(
      { length: k },
      (_, i) => `{"Sid":"A${i}","Effect":"Allow","Action":"iam:GetUser","Resource":["arn:aws:iam::*:user/\${aws:username}"]}`,
    );
    const denies = Array.from(
      { length: k },
      (_, i) =>
        `{"Sid":"N${i}","Effect":"Deny","NotAction":["iam:GetUser"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`,
    );
    const text = doc(DENY, `{"Sid":"P${'a'.repeat(pad)}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, ...allows, ...denies);
    assert.ok(!text.includes('\n'));
    const w = workToBuildEdits(lint(text));
    return { ...w, n: text.length };
  };
  const small = measure(200_000, 100);
  const large = measure(400_000, 200);
  assert.ok(small.edits >= 200 && large.edits >= 400, `fixes built: ${small.edits}, ${large.edits}`);
  // One scan of the text, then a binary search per question: about n + fixes * log(n), where
  // scanning back to the line start for every fix was fixes * n (80 million characters here).
  assert.ok(large.steps <= 2 * large.n, `${large.steps} steps for ${large.n} characters`);
  assert.ok(large.steps <= 2.5 * small.steps, `work ${small.steps} -> ${large.steps} when the input doubles`);
});

test("the benchmark's minified policy: every fix's edits built with work linear in its size", async () => {
  const { minifiedFixes } = (await import('../../bench/lib/hostile.mjs' as string)) as { minifiedFixes: (n: number) => string };
  for (const size of [300_000, 600_000]) {
    const text = minifiedFixes(size);
    const w = workToBuildEdits(lint(text));
    assert.ok(w.steps <= 2 * text.length, `${size}: ${w.steps} steps`);
  }
});

const ODD_TAB_SIZES: unknown[] = [0, -1, -Infinity, NaN, 1e9, Infinity, '4', '1e9', null, {}, [], 2.5, 1e-9, Number.MAX_SAFE_INTEGER, true];

/** Texts whose lint offers fixes of every builder (insert, append, replace, rename), in several layouts. */
const FIXABLE: string[] = [
  ...(JSON.parse(fixture('fixes/index.json')) as Array<{ name: string }>).map(({ name }) => fixture(`fixes/${name}.input.json`)),
  doc(DENY, '{"Effect":"Allow","Action":"iam:CreateVirtualMFADevice","Resource":"arn:aws:iam::\\u0041\\u200b*:mfa/${aws:username}"}'),
  '{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:iam::*:user/${aws:username}"}}',
  '\ufeff{"Statement": []}',
];

/** Every fix of every finding: its edits read and applied; returns the applied texts. */
function exerciseFixes(text: string, r: LintResult): string[] {
  const out: string[] = [];
  for (const d of r.diagnostics) {
    for (const f of d.fixes) {
      const edits: Edit[] = editsOf(f);
      assert.ok(Array.isArray(edits));
      for (const e of edits) {
        assert.ok(Number.isInteger(e.offset) && Number.isInteger(e.length) && typeof e.content === 'string');
        // No indentation beyond MAX_TAB_SIZE per level, whatever tabSize the host asked for.
        assert.doesNotMatch(e.content, new RegExp(` {${MAX_TAB_SIZE * 8 + 1}}`));
      }
      out.push(applyEdits(text, edits));
    }
  }
  return out;
}

test('odd tabSize values (0, negative, NaN, 1e9, a string, Infinity, ...) never make reading or applying a fix throw', () => {
  for (const tabSize of ODD_TAB_SIZES) {
    for (const text of FIXABLE) {
      const r = lint(text, { formatting: { tabSize } as never });
      assert.notEqual(r.diagnostics[0]?.rule, 'internal-error');
      for (const fixed of exerciseFixes(text, r)) assert.equal(typeof fixed, 'string');
    }
  }
});

test('odd formatting of every other kind, and formatting that is no object, are ignored where they make no sense', () => {
  const garbage: unknown[] = [
    'x',
    5,
    null,
    true,
    [],
    { insertSpaces: 'yes', eol: '\u2028' },
    { eol: 42 },
    { tabSize: 8, insertSpaces: false, eol: '\r\n' },
  ];
  const text = '{"Version":"2012-10-17","Statement":[\n  {"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}\n]}';
  for (const formatting of garbage) {
    const r = lint(text, { formatting } as never);
    for (const fixed of exerciseFixes(text, r)) {
      assert.doesNotMatch(fixed, /\u2028/);
      JSON.parse(fixed);
    }
  }
  // A sane request is followed.
  const r = lint(text, { formatting: { tabSize: 8, insertSpaces: false, eol: '\r\n' } });
  const fixed = exerciseFixes(text, r).find((t) => t.includes('MultiFactorAuthPresent'))!;
  assert.match(fixed, /,\r\n {2}\{\r\n {2}\t"Sid": "DenyAllExceptListedIfNoMFA",\r\n {2}\t"Effect": "Deny"/);
});

test('applyEdits takes garbage without throwing; only overlapping edits are refused (RangeError)', () => {
  const bad: unknown[] = [
    null,
    undefined,
    5,
    'x',
    {},
    [null, 5, 'x', {}],
    [{ offset: NaN, length: 1, content: 'x' }],
    [{ offset: -5, length: 2, content: 'A' }],
    [{ offset: 1e9, length: 1e9, content: 'Z' }],
    [{ offset: 1, length: -3, content: 7 }],
  ];
  for (const edits of bad) assert.equal(typeof applyEdits('abcdef', edits as never), 'string');
  assert.equal(applyEdits('abcdef', [{ offset: -5, length: 2, content: 'A' }]), 'Acdef');
  assert.equal(applyEdits('abcdef', [{ offset: 1e9, length: 1e9, content: 'Z' }]), 'abcdefZ');
  assert.equal(applyEdits(42 as never, [{ offset: 0, length: 0, content: 'x' }]), 'x');
  // Overlapping edits still throw RangeError, the one documented exception: core-fixes.test.ts.
});

test('editsOf: a fix whose builder throws gives no edits instead of throwing; a fix is built once, only when asked', async () => {
  const { makeFix } = await import('../../src/core/fixes/edits');
  const fix = makeFix('boom', 'safe', () => {
    throw new Error('boom');
  });
  assert.deepEqual(editsOf(fix), []);
  assert.deepEqual(editsOf(null as never), []);
  assert.deepEqual(editsOf({ title: 'not a list', kind: 'safe', build: () => 'x' as never }), []);
  let builds = 0;
  const counted = makeFix('counted', 'safe', () => [{ offset: builds++, length: 0, content: 'x' }]);
  assert.equal(builds, 0, 'nothing built before a host asks');
  assert.equal(editsOf(counted), editsOf(counted));
  assert.equal(builds, 1);
  // A lint builds no edits: only the fixes a host asks for are built.
  const { editWork } = await import('../../src/core/fixes/edits');
  const before = editWork.steps;
  const r = lint(fixture('fixes/insert-deny-append-4-spaces.input.json'));
  assert.ok(r.diagnostics.some((d) => d.fixes.length > 0));
  assert.equal(editWork.steps, before);
});

const names = ruleMetas.map((r) => r.name);

/** LintOptions as a careless or hostile host may pass them: every field of any type, rules with odd values. */
const anyOptions: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.record(
    {
      rules: fc.oneof(
        fc.anything(),
        fc.dictionary(
          fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'toString'), fc.string()),
          fc.oneof(fc.constantFrom('error', 'warning', 'info', 'hint', 'off', 'ERROR', '', 'on'), fc.anything()),
        ),
      ),
      formatting: fc.oneof(
        fc.anything(),
        fc.record(
          {
            tabSize: fc.oneof(fc.constantFrom(...ODD_TAB_SIZES), fc.integer(), fc.double(), fc.anything()),
            insertSpaces: fc.anything(),
            eol: fc.oneof(fc.constantFrom('\n', '\r\n', '\r', '', '\u2028', 'x'), fc.anything()),
          },
          { requiredKeys: [] },
        ),
      ),
      partition: fc.oneof(fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'AWS', ''), fc.anything()),
      allowPasswordChangeWithoutMfa: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);

test("property: random LintOptions never make lint, reading a fix's edits or applying them throw", () => {
  fc.assert(
    fc.property(fc.constantFrom(...FIXABLE), anyOptions, (text, options) => {
      const r = lint(text, options as LintOptions);
      assert.ok(Array.isArray(r.diagnostics) && Array.isArray(r.policies));
      assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'), JSON.stringify(r.diagnostics[0]));
      for (const d of r.diagnostics) assert.ok(['error', 'warning', 'info', 'hint'].includes(d.severity), d.severity);
      exerciseFixes(text, r);
    }),
    { numRuns: 300, seed: 1010 },
  );
});
