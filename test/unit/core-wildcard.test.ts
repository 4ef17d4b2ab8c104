// The wildcard matcher (src/core/wildcard.ts) against simple reference implementations, and its cost
// counted in steps (character comparisons), never timed: 1,000-star patterns are matched in linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileWildcard, matchCompiled, type MatchCounter, wildcardMatch, wildcardsIntersect } from '../../src/core/wildcard';
import { findVariable, firstVariable, replaceVariables } from '../../src/core/variables';
import { work, workSince, workSnapshot } from '../../src/core/work';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The reference: the textbook DP over (pattern position, text position). Obviously right, quadratic. */
function reference(pattern: string, text: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  // row[j]: does p[i..] match t[j..]? Filled from the end of the pattern backwards.
  let next = new Uint8Array(t.length + 1);
  next[t.length] = 1;
  for (let i = p.length - 1; i >= 0; i--) {
    const row = new Uint8Array(t.length + 1);
    for (let j = t.length; j >= 0; j--) {
      if (p[i] === '*') row[j] = next[j]! || (j < t.length ? row[j + 1]! : 0);
      else row[j] = j < t.length && (p[i] === '?' || p[i] === t[j]) ? next[j + 1]! : 0;
    }
    next = row;
  }
  return next[0] === 1;
}

// Small alphabets, so that random patterns and texts often match: letters in two cases, the wildcards,
// and the characters IAM patterns are made of.
const patternChar = fc.constantFrom('a', 'A', 'b', 'B', '*', '*', '?', ':', '/');
const textChar = fc.constantFrom('a', 'A', 'b', 'B', ':', '/', '*', '?');
const pattern = fc.array(patternChar, { maxLength: 14 }).map((a) => a.join(''));
const text = fc.array(textChar, { maxLength: 16 }).map((a) => a.join(''));

test('wildcardMatch agrees with a reference DP on random patterns and texts (case-sensitive and not)', () => {
  fc.assert(
    fc.property(pattern, text, fc.boolean(), (p, t, ignoreCase) => {
      assert.equal(
        wildcardMatch(p, t, ignoreCase),
        reference(p, t, ignoreCase),
        `${JSON.stringify(p)} vs ${JSON.stringify(t)}, ignoreCase ${ignoreCase}`,
      );
    }),
    { numRuns: 5_000, seed: 10_001 },
  );
});

test('wildcardMatch agrees with the reference on texts built to match (a pattern with its wildcards filled in)', () => {
  const filled = fc
    .tuple(
      pattern,
      fc.array(
        fc.array(textChar, { maxLength: 4 }).map((a) => a.join('')),
        { minLength: 16, maxLength: 16 },
      ),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([p, fills, ignoreCase, flip]) => {
      let k = 0;
      let t = '';
      for (const c of p) t += c === '*' ? fills[k++ % fills.length]! : c === '?' ? (fills[k++ % fills.length]![0] ?? 'a') : c;
      return { p, t: flip ? t.toUpperCase() : t, ignoreCase };
    });
  fc.assert(
    fc.property(filled, ({ p, t, ignoreCase }) => {
      assert.equal(
        wildcardMatch(p, t, ignoreCase),
        reference(p, t, ignoreCase),
        `${JSON.stringify(p)} vs ${JSON.stringify(t)}, ignoreCase ${ignoreCase}`,
      );
    }),
    { numRuns: 3_000, seed: 10_002 },
  );
});

test('a compiled pattern matches like wildcardMatch, text after text', () => {
  fc.assert(
    fc.property(pattern, fc.array(text, { maxLength: 6 }), fc.boolean(), (p, texts, ignoreCase) => {
      const c = compileWildcard(p, ignoreCase);
      for (const t of texts) assert.equal(matchCompiled(c, t), reference(p, t, ignoreCase));
    }),
    { numRuns: 1_000, seed: 10_003 },
  );
});

/** Steps of one match. */
function steps(p: string, t: string, ignoreCase = false): { ok: boolean; steps: number } {
  const counter: MatchCounter = { steps: 0 };
  const ok = wildcardMatch(p, t, ignoreCase, counter);
  return { ok, steps: counter.steps };
}

const starSegments = (n: number, last = 'Z') => `${'a*'.repeat(n)}${last}`.replace(/^/, '*');

test('1,000-star patterns are matched in linear time: steps counted, not timed', (t) => {
  const rows: string[] = [];
  const cases: Array<[string, (n: number) => [string, string]]> = [
    // Every segment one character long: `*a*a*...*a*Z`, against texts that match and that do not.
    ['*a*a*...*Z vs a...aZ (match)', (n) => [starSegments(n), `${'a'.repeat(n)}Z`]],
    ['*a*a*...*Z vs a...a (no Z)', (n) => [starSegments(n), 'a'.repeat(2 * n)]],
    ['*a*a*...*Z vs b...bZ (no a)', (n) => [starSegments(n), `${'b'.repeat(2 * n)}Z`]],
    ['*a*a*...*Z vs (ab)...Z', (n) => [starSegments(n), `${'ab'.repeat(n)}Z`]],
    // One run of stars: `iam:****...Z`.
    ['iam:***...*Z vs iam:x...xZ', (n) => [`iam:${'*'.repeat(n)}Z`, `iam:${'x'.repeat(n)}Z`]],
    ['iam:***...*Z vs iam:x...x (no Z)', (n) => [`iam:${'*'.repeat(n)}Z`, `iam:${'x'.repeat(n)}`]],
    ['iam:***...*Z vs iam:CreateVirtualMFADevice', (n) => [`iam:${'*'.repeat(n)}Z`, 'iam:CreateVirtualMFADevice']],
    // Stars and question marks: `*?*?*...`.
    ['*?*?*...*Z vs x...xZ', (n) => [`${'*?'.repeat(n)}*Z`, `${'x'.repeat(2 * n)}Z`]],
    ['?*?*...? vs x...x (too short)', (n) => [`${'?*'.repeat(n)}?`, 'x'.repeat(n)]],
  ];
  for (const [name, make] of cases) {
    const [p1, t1] = make(1_000);
    const [p2, t2] = make(2_000);
    const a = steps(p1, t1);
    const b = steps(p2, t2);
    assert.equal(a.ok, reference(p1, t1, false), `${name}: wrong answer at 1,000 stars`);
    assert.equal(b.ok, reference(p2, t2, false), `${name}: wrong answer at 2,000 stars`);
    // Linear: at most 2 comparisons per character of pattern and text (segments are one character long).
    assert.ok(a.steps <= 2 * (p1.length + t1.length), `${name}: ${a.steps} steps for |p| + |t| = ${p1.length + t1.length}`);
    assert.ok(b.steps <= 2 * (p2.length + t2.length), `${name}: ${b.steps} steps for |p| + |t| = ${p2.length + t2.length}`);
    // Doubling the stars (and the text) at most doubles the steps (+ a constant).
    assert.ok(b.steps <= 2 * a.steps + 8, `${name}: ${a.steps} steps at 1,000 stars, ${b.steps} at 2,000`);
    rows.push(`${name}: ${a.steps} steps at 1,000 stars (|p|+|t| = ${p1.length + t1.length}), ${b.steps} at 2,000`);
  }
  for (const r of rows) t.diagnostic(r);
});

test('the cost is bounded by text x longest segment, whatever the number of stars', () => {
  fc.assert(
    fc.property(pattern, text, fc.boolean(), (p, t, ignoreCase) => {
      const longest = Math.max(0, ...p.split('*').map((s) => s.length));
      const s = steps(p, t, ignoreCase).steps;
      assert.ok(s <= (t.length + 1) * Math.max(1, longest) + p.length, `${s} steps for ${JSON.stringify(p)} vs ${JSON.stringify(t)}`);
    }),
    { numRuns: 2_000, seed: 10_004 },
  );
});

test('20,000-star patterns: matched without error, in steps proportional to the text', () => {
  const run = '*'.repeat(20_000);
  assert.equal(steps(`iam:${run}Z`, 'iam:CreateZ').ok, true);
  assert.equal(steps(`${run}`, '').ok, true);
  assert.equal(steps(`${'*a'.repeat(20_000)}*`, 'a'.repeat(19_999)).ok, false);
  assert.equal(steps(`${'*a'.repeat(20_000)}*`, 'a'.repeat(20_000)).ok, true);
  assert.ok(steps(`iam:${run}Z`, 'iam:CreateVirtualMFADevice').steps <= 8);
});

/** Brute force: is there a string over the alphabet, up to `max` long, that both patterns match? */
function bruteIntersect(a: string, b: string, ignoreCase: boolean, alphabet: string[], max: number): boolean {
  const strings = [''];
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    if (reference(a, s, ignoreCase) && reference(b, s, ignoreCase)) return true;
    if (s.length < max) for (const c of alphabet) strings.push(s + c);
  }
  return false;
}

test('wildcardsIntersect agrees with brute force over a small alphabet', () => {
  // Patterns over {a, b, ?, *}; witnesses over {a, b, x} (x: a character that no pattern names). A witness, when
  // there is one, is never longer than the two patterns together.
  const small = fc.array(fc.constantFrom('a', 'b', '?', '*'), { maxLength: 4 }).map((a) => a.join(''));
  fc.assert(
    fc.property(small, small, (a, b) => {
      const expected = bruteIntersect(a, b, false, ['a', 'b', 'x'], a.length + b.length);
      assert.equal(wildcardsIntersect(a, b, false), expected, `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      assert.equal(wildcardsIntersect(b, a, false), expected, `${JSON.stringify(b)} and ${JSON.stringify(a)} (swapped)`);
    }),
    { numRuns: 1_500, seed: 10_005 },
  );
});

test('wildcardsIntersect agrees with brute force with case variants, with and without ignoreCase', () => {
  const small = fc.array(fc.constantFrom('a', 'A', 'b', '?', '*'), { maxLength: 3 }).map((a) => a.join(''));
  fc.assert(
    fc.property(small, small, fc.boolean(), (a, b, ignoreCase) => {
      const expected = bruteIntersect(a, b, ignoreCase, ['a', 'A', 'b', 'x'], a.length + b.length);
      assert.equal(
        wildcardsIntersect(a, b, ignoreCase),
        expected,
        `${JSON.stringify(a)} and ${JSON.stringify(b)}, ignoreCase ${ignoreCase}`,
      );
    }),
    { numRuns: 800, seed: 10_006 },
  );
});

test('wildcardsIntersect of 20,000-star patterns: linear, no table of |a| x |b| states', () => {
  const before = workSnapshot();
  assert.equal(wildcardsIntersect(`${'*a'.repeat(20_000)}*Z`, `${'*b'.repeat(20_000)}*Z`, false), true);
  assert.equal(wildcardsIntersect(`a${'*'.repeat(20_000)}`, `b${'*'.repeat(20_000)}`, false), false);
  assert.equal(wildcardsIntersect(`${'*?'.repeat(20_000)}`, 'x'.repeat(20_000), false), true);
  assert.equal(wildcardsIntersect(`${'*?'.repeat(20_000)}`, 'x'.repeat(19_999), false), false);
  const w = workSince(before);
  assert.ok(w.intersect + w.wildcard <= 10 * 160_000, `${w.intersect} + ${w.wildcard} steps`);
});

// ---- policy variables: one forward pass ----

test('findVariable / firstVariable / replaceVariables agree with the regular expressions they replace', () => {
  const s = fc.array(fc.constantFrom('$', '{', '}', 'a', '${', '}'), { maxLength: 24 }).map((a) => a.join(''));
  fc.assert(
    fc.property(s, (x) => {
      assert.equal(firstVariable(x), /\$\{[^}]+\}/.exec(x)?.[0], JSON.stringify(x));
      assert.equal(replaceVariables(x, '*'), x.replace(/\$\{[^}]*\}/g, '*'), JSON.stringify(x));
      const v = findVariable(x, 0, true);
      assert.equal(v && x.slice(v.start, v.end), /\$\{[^}]*\}/.exec(x)?.[0], JSON.stringify(x));
    }),
    { numRuns: 5_000, seed: 10_007 },
  );
});

test('an unterminated ${ run is scanned in linear time: characters counted at n and 2n', (t) => {
  const count = (s: string, f: (s: string) => unknown) => {
    const before = work.variables;
    f(s);
    return work.variables - before;
  };
  for (const [name, make] of [
    ['${${${...', (n: number) => '${'.repeat(n)],
    ['${a${a...', (n: number) => '${a'.repeat(n)],
    ['$$$...{', (n: number) => `${'$'.repeat(n)}{`],
    ['${}${}...', (n: number) => '${}'.repeat(n)],
  ] as const) {
    for (const f of [firstVariable, (x: string) => replaceVariables(x, '*')]) {
      const a = count(make(50_000), f);
      const b = count(make(100_000), f);
      assert.ok(a <= 2 * make(50_000).length + 4, `${name}: ${a} steps for ${make(50_000).length} characters`);
      assert.ok(b <= 2 * a + 8, `${name}: ${a} steps at n, ${b} at 2n`);
      t.diagnostic(`${name}: ${a} characters looked at for ${make(50_000).length}, ${b} for ${make(100_000).length}`);
    }
  }
});

test('the pattern cache keeps its own copies: patterns cut from 50 texts of 1 MB keep none of them alive', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 50; i++) {
    const text = `${'x'.repeat(1_000_000)}iam:Create*${i}`;
    const pattern = text.slice(1_000_000); // a slice: it refers to the whole text
    wildcardMatch(pattern, 'iam:CreateUser', true);
    wildcardMatch(pattern, 'iam:CreateUser', false);
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.ok(grown < 20_000_000, `${(grown / 1e6).toFixed(0)} MB still held after matching`);
});
