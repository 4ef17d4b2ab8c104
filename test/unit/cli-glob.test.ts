// The glob matcher of the CLI and of forceMfa.exclude (src/core/glob.ts): `*`, `**` and `?` segment by segment, without a regular
// expression built from the pattern. Its behaviour is pinned against a reference, and a hostile glob's
// cost is counted (character comparisons), never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hasGlobChars, isMatch, parseGlob, startState, step, type Glob } from '../../src/core/glob';
import type { MatchCounter } from '../../src/core/wildcard';

/** Does the glob match the path (relative to its base)? */
function matches(glob: Glob, rel: string, counter?: MatchCounter): boolean {
  let state = startState(glob);
  for (const name of rel.split('/')) {
    state = step(glob, state, name, counter);
    if (state.size === 0) return false;
  }
  return isMatch(glob, state);
}

/** The reference: the old translation of one segment into a regular expression (fine for short patterns). */
function segmentRef(seg: string, name: string): boolean {
  let src = '';
  for (const ch of seg) src += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${src}$`).test(name) && (!name.startsWith('.') || seg.startsWith('.'));
}

test('glob segments: *, ? and literal characters (regex metacharacters included) as before', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.json', 'a.json', true],
    ['*.json', 'a.jsonx', false],
    ['*.json', '.hidden.json', false],
    ['.*.json', '.hidden.json', true],
    ['allow-?nly.json', 'allow-only.json', true],
    ['allow-?nly.json', 'allow-nly.json', false],
    ['a+b(c)[d]{e}^$|.json', 'a+b(c)[d]{e}^$|.json', true],
    ['a+b.json', 'aab.json', false],
    ['*', 'anything', true],
    ['*', '.dot', false],
    ['?', 'x', true],
    ['?', 'xy', false],
  ];
  for (const [seg, name, want] of cases) {
    assert.equal(matches(parseGlob(seg), name), want, `${seg} vs ${name}`);
    assert.equal(segmentRef(seg, name), want, `reference: ${seg} vs ${name}`);
  }
});

test('glob paths: ** matches zero or more folders, never hidden ones; the base is the part before the first wildcard', () => {
  const g = parseGlob('policies/**/*.json');
  assert.equal(g.base, 'policies');
  assert.equal(matches(g, 'a.json'), true);
  assert.equal(matches(g, 'deep/er/a.json'), true);
  assert.equal(matches(g, '.git/a.json'), false);
  assert.equal(matches(parseGlob('**/**/x'), 'a/b/x'), true);
  assert.equal(parseGlob('/abs/*.json').base, '/abs');
  assert.equal(parseGlob('\\win\\*.json').base, '/win');
  assert.equal(hasGlobChars('a/b.json'), false);
  assert.equal(hasGlobChars('a/?.json'), true);
});

test('glob segments agree with the regular-expression reference on random short patterns and names', () => {
  const seg = fc.array(fc.constantFrom('a', 'b', '.', '*', '?', '+', '('), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const name = fc.array(fc.constantFrom('a', 'b', '.', '+', '('), { minLength: 1, maxLength: 10 }).map((a) => a.join(''));
  fc.assert(
    fc.property(seg, name, (s, n) => {
      fc.pre(s !== '**' && !s.includes('/'));
      assert.equal(matches(parseGlob(s), n), segmentRef(s, n), `${s} vs ${n}`);
    }),
    { numRuns: 3_000, seed: 20_001 },
  );
});

test('a hostile glob (*****...Z, *a*a*...*Z) costs comparisons linear in the name, counted', (t) => {
  // The regular expression these used to become took exponential time on a name without the Z.
  for (const [what, make] of [
    ['*****...Z', (n: number) => `${'*'.repeat(n)}Z`],
    ['*a*a*...*Z', (n: number) => `${'*a'.repeat(n)}*Z`],
    ['**/*?*?...Z', (n: number) => `**/${'*?'.repeat(n)}Z`],
  ] as const) {
    const cost = (n: number) => {
      const counter: MatchCounter = { steps: 0 };
      const name = 'a'.repeat(2 * n);
      assert.equal(matches(parseGlob(make(n)), `dir/${name}`, counter), false);
      assert.equal(matches(parseGlob(make(n)), `${name}Z`, counter), true);
      return { steps: counter.steps, chars: make(n).length + 4 * n };
    };
    const a = cost(1_000);
    const b = cost(2_000);
    assert.ok(a.steps <= 4 * a.chars, `${what}: ${a.steps} comparisons for ${a.chars} characters`);
    assert.ok(b.steps <= 2 * a.steps + 16, `${what}: ${a.steps} comparisons at n, ${b.steps} at 2n`);
    t.diagnostic(`${what}: ${a.steps} comparisons at 1,000 stars, ${b.steps} at 2,000`);
  }
});

// The CLI's own globs are compiled by picomatch, under a bound on `*` per segment (src/cli/glob.ts, cli-globs.test.ts).
test('src/cli itself builds no regular expression from its arguments', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = new URL('../../src/cli/', import.meta.url);
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'));
  for (const f of files) assert.doesNotMatch(readFileSync(new URL(f, dir), 'utf8'), /new RegExp\(/, `src/cli/${f} builds a RegExp`);
});

// forceMfa.exclude uses the same matcher on whole paths (src/extension/settings.ts), with dot folders.
test('globMatchesPath: whole paths, dot folders, literal patterns', async () => {
  const { globMatchesPath } = await import('../../src/core/glob');
  assert.equal(globMatchesPath('**/out/*-toggles.json', '/work/repo/out/a-toggles.json'), true);
  assert.equal(globMatchesPath('**/out/*-toggles.json', '/work/repo/out/sub/a-toggles.json'), false);
  assert.equal(globMatchesPath('**/generated/**', '/work/.aws/generated/x/y.json'), true, 'dot folders match in the editor');
  assert.equal(globMatchesPath('**/generated/**', '/work/.aws/generated/x/y.json', false), false, 'and not in shell mode');
  assert.equal(globMatchesPath('policies/*.json', 'policies/a.json'), true);
  assert.equal(globMatchesPath('policies/*.json', 'other/a.json'), false);
  assert.equal(globMatchesPath('policies/a.json', 'policies/a.json'), true);
  assert.equal(globMatchesPath('[', 'policies/a.json'), false);
});

test('globMatchesPath: a hostile pattern from a repository costs work linear in the path', async () => {
  const { globMatchesPath } = await import('../../src/core/glob');
  const { workSnapshot, workSince } = await import('../../src/core/work');
  const cost = (stars: number) => {
    const before = workSnapshot();
    const pattern = `**/${'*a'.repeat(stars)}*Z`;
    assert.equal(globMatchesPath(pattern, `/repo/${'a'.repeat(4 * stars)}.json`), false);
    return workSince(before).wildcard;
  };
  const small = cost(500);
  const large = cost(1000);
  assert.ok(large <= 2.5 * small, `${small} -> ${large} steps`);
});
