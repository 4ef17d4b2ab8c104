// The fix engine (src/core/fix-all.ts), in plain Node: every golden fix fixture through it, every
// fixable rule covered by a fixture, and the engine's own rules (kinds, rounds, refusals, bounds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  editsOf,
  fixAll,
  lint,
  MAX_FIX_ROUNDS,
  ruleMetas,
  statementCount,
  type Diagnostic,
  type Edit,
  type Fix,
  type LintResult,
} from '../../src/core';
import { fixAllWith } from '../../src/core/fix-all';
import { deny, goldenFixes, only, policy } from '../fixtures/lib/core-helpers';

const golden = goldenFixes();

/** A lint result as data: each fix with its edits built (fixes hold their builder, a function). */
function plain(r: LintResult): unknown {
  return {
    ...r,
    diagnostics: r.diagnostics.map((d) => ({
      ...d,
      fixes: d.fixes.map(({ title, kind, isPreferred, ...f }) => ({ title, kind, isPreferred, edits: editsOf({ title, kind, ...f }) })),
    })),
  };
}

for (const g of golden) {
  test(`fix-all on ${g.name} (${g.rule}): the golden text, then lint again`, () => {
    const out = fixAll(g.input, g.options, { includeSuggestions: g.suggestion });
    assert.equal(out.text, g.expected);
    assert.equal(out.stopped, 'done');
    assert.ok(
      out.rounds.flat().some((a) => a.rule === g.rule),
      `a ${g.rule} fix was applied`,
    );
    // The finding is gone, the text parses, no statement was lost, and the result is that of the text.
    assert.deepEqual(only(out.result, g.rule), [], `${g.rule} still reported`);
    assert.deepEqual(plain(out.result), plain(lint(out.text, g.options)));
    assert.doesNotThrow(() => JSON.parse(out.text.replace(/^\uFEFF/, '')));
    assert.ok(statementCount(out.text) >= statementCount(g.input), 'no statement lost');
    // A second pass changes nothing.
    const again = fixAll(out.text, g.options, { includeSuggestions: g.suggestion });
    assert.equal(again.text, out.text);
    assert.deepEqual(again.rounds, []);
  });
}

test("every fixable rule has a golden fix fixture, and every fixture's rule is fixable", () => {
  const covered = new Set(golden.map((g) => g.rule));
  const fixable = ruleMetas.filter((r) => r.fixable).map((r) => r.name);
  assert.deepEqual(
    fixable.filter((name) => !covered.has(name)),
    [],
    'fixable rules without a fixture in test/fixtures/fixes/index.json',
  );
  assert.deepEqual(
    [...covered].filter((name) => !fixable.includes(name)),
    [],
    'fixtures of rules that are not fixable',
  );
});

/**
 * isPreferred (see Fix in src/core/types.ts): on the one obvious repair only. Not on a repair that
 * may lie elsewhere, a guess, a removal of what the author wrote, or advice that may not apply.
 */
const NOT_PREFERRED = new Set([
  'arn-partition-aws-cn',
  'lockout-rename-misspelled-key',
  'narrowed-deny-scope-resource',
  'narrowed-deny-scope-action-list',
  'remove-weakening-exemption',
  'remove-delete-virtual-mfa-device',
  'user-path-string-to-array-crlf-tabs',
  'user-path-append-4-spaces',
  'user-path-minified',
]);

test('isPreferred is set on the obvious repairs only', () => {
  const preferred = golden.map((g) => [g.name, only(lint(g.input, g.options), g.rule)[0]!.fixes[0]!.isPreferred === true]);
  assert.deepEqual(
    preferred,
    golden.map((g) => [g.name, !NOT_PREFERRED.has(g.name)]),
  );
});

test('safe fixes only unless suggestions are asked for', () => {
  for (const g of golden.filter((x) => x.suggestion)) {
    const out = fixAll(g.input, g.options);
    assert.ok(!out.rounds.flat().some((a) => a.kind === 'suggestion'), g.name);
    assert.ok(only(out.result, g.rule).length > 0, `${g.name}: the suggestion is still offered`);
  }
});

/** Deny statements each with one odd boolean: one finding and one safe fix per statement. */
function oddBooleans(n: number): string {
  return policy(
    ...Array.from({ length: n }, (_, i) => deny({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'False' } }, { Sid: `S${i}` })),
  );
}

test('findings over the per-rule cap are fixed in later rounds; the rounds are bounded', () => {
  const text = oddBooleans(250);
  const out = fixAll(text);
  assert.equal(out.stopped, 'done');
  assert.deepEqual(
    out.rounds.map((r) => r.length),
    [200, 50],
  );
  assert.deepEqual(only(out.result, 'odd-boolean-value'), []);
  assert.ok(!out.text.includes('"False"'));

  const one = fixAll(text, {}, { maxRounds: 1 });
  assert.equal(one.stopped, 'round-limit');
  assert.equal(one.rounds.length, 1);
  assert.equal(one.text.split('"False"').length - 1, 50);
  assert.deepEqual(plain(one.result), plain(lint(one.text)));
  // Any bound is clamped to 1..MAX_FIX_ROUNDS.
  assert.equal(fixAll(text, {}, { maxRounds: 0 }).rounds.length, 2);
  assert.equal(fixAll(text, {}, { maxRounds: 1e9 }).rounds.length, 2);
  assert.ok(MAX_FIX_ROUNDS >= 2);
});

test('nothing to fix: the same text, no round, stopped "done"', () => {
  const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const out = fixAll(text, { rules: { 'missing-mfa-deny': 'off' } });
  assert.deepEqual({ text: out.text, rounds: out.rounds, stopped: out.stopped }, { text, rounds: [], stopped: 'done' });
});

test('never throws on what a host passes', () => {
  for (const [text, options, fixOptions] of [
    [null, null, null],
    [42, { rules: 7 }, { maxRounds: 'x' }],
    ['{', undefined, { includeSuggestions: 'yes' }],
  ] as const) {
    const out = fixAll(text as any, options as any, fixOptions as any);
    assert.equal(typeof out.text, 'string');
    assert.ok(Array.isArray(out.rounds));
  }
});

// A linter that offers made-up fixes: the engine's refusals, which no rule should ever trigger.
function fakeDiagnostic(rule: string, fixes: Fix[], offset = 0): Diagnostic {
  return { rule, severity: 'warning', message: rule, offset, length: 0, fixes };
}
const fix = (title: string, edits: Edit[], kind: Fix['kind'] = 'safe', isPreferred?: boolean): Fix => ({
  title,
  kind,
  build: () => edits,
  ...(isPreferred ? { isPreferred } : {}),
});

/** Only the rules that say whether the text is clean JSON. */
const documentRulesOnly = {
  rules: Object.fromEntries(
    ruleMetas.filter((r) => !['json-syntax', 'duplicate-key', 'pasted-characters'].includes(r.name)).map((r) => [r.name, 'off' as const]),
  ),
};

/** Lints with the real linter (its syntax findings), plus the made-up findings `extra` gives for a text. */
function withExtra(extra: (text: string) => Diagnostic[]): (text: string) => LintResult {
  return (text) => {
    const r = lint(text, documentRulesOnly);
    return { ...r, diagnostics: [...r.diagnostics, ...extra(text)] };
  };
}

test('a round that adds a syntax error, loses a statement or repeats a text is refused; the text before it is kept', () => {
  const text = policy({
    Effect: 'Deny',
    NotAction: 'iam:GetUser',
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
  });
  const end = text.length;
  const syntax = fixAllWith(
    withExtra((t) => (t === text ? [fakeDiagnostic('x', [fix('break', [{ offset: end, length: 0, content: ',' }])])] : [])),
    text,
  );
  assert.equal(syntax.stopped, 'less-well-formed');
  assert.equal(syntax.text, text);
  assert.deepEqual(syntax.rounds, []);

  const effect = text.indexOf('"Effect"');
  const lose = fixAllWith(
    withExtra((t) => (t === text ? [fakeDiagnostic('x', [fix('rename', [{ offset: effect, length: 8, content: '"Sid"' }])])] : [])),
    text,
  );
  assert.equal(lose.stopped, 'loses-statements');
  assert.equal(lose.text, text);

  // A -> B -> A: the second round is refused, B is kept.
  const swap = (t: string) => [
    fakeDiagnostic('x', [
      fix('flip', [t.startsWith(' ') ? { offset: 0, length: 1, content: '' } : { offset: 0, length: 0, content: ' ' }]),
    ]),
  ];
  const cycle = fixAllWith(withExtra(swap), text);
  assert.equal(cycle.stopped, 'repeats-text');
  assert.equal(cycle.text, ` ${text}`);
  assert.equal(cycle.rounds.length, 1);

  const overlapping = fixAllWith(
    withExtra((t) =>
      t === text
        ? [
            fakeDiagnostic('x', [
              fix('two', [
                { offset: 1, length: 3, content: '' },
                { offset: 2, length: 1, content: '' },
              ]),
            ]),
          ]
        : [],
    ),
    text,
  );
  assert.equal(overlapping.stopped, 'overlapping-edits');
  assert.equal(overlapping.text, text);
});

test('one fix per finding: the preferred one, else the first of the allowed kinds; touching fixes wait a round', () => {
  const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const at = text.length;
  const offers = (t: string) =>
    t !== text
      ? []
      : [
          fakeDiagnostic('a', [
            fix('suggested', [{ offset: at, length: 0, content: ' ' }], 'suggestion'),
            fix('plain', [{ offset: at, length: 0, content: '\n' }]),
            fix('preferred', [{ offset: at, length: 0, content: '\t' }], 'safe', true),
          ]),
          // Touches the first finding's edit: applied in the next round, when it is no longer offered.
          fakeDiagnostic('b', [fix('touching', [{ offset: at, length: 0, content: 'x' }])], 1),
        ];
  const out = fixAllWith(withExtra(offers), text);
  assert.equal(out.text, `${text}\t`);
  assert.deepEqual(out.rounds, [[{ rule: 'a', title: 'preferred', kind: 'safe', offset: 0 }]]);
});

test('a round that loses a statement of a policy held in another format (a Markdown fence) is refused: the count is the policies the lint found', () => {
  const json = policy(
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    { Effect: 'Deny', NotAction: 'iam:GetUser', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  );
  const text = `# Policy\n\n\`\`\`json\n${json}\n\`\`\`\n`;
  const options = { ...documentRulesOnly, fileName: 'README.md' };
  assert.equal(lint(text, options).policies[0]?.statements, 2);
  // A fix that deletes the first statement: Markdown text, so only the policies the lint found can count it.
  const from = text.lastIndexOf('{', text.indexOf('"Allow"'));
  const to = text.indexOf('{', text.indexOf('"Allow"'));
  const lose = fixAllWith(
    (t) => {
      const r = lint(t, options);
      return t === text
        ? { ...r, diagnostics: [...r.diagnostics, fakeDiagnostic('x', [fix('drop', [{ offset: from, length: to - from, content: '' }])])] }
        : r;
    },
    text,
    {},
    'markdown',
  );
  assert.equal(lose.stopped, 'loses-statements');
  assert.equal(lose.text, text);
});
