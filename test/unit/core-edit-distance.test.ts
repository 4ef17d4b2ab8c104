// The core's one edit distance (src/core/text/edit-distance.ts): "did you mean" for schema keys and
// operators, misspelled enrolment exemptions and MFA keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance } from '../../src/core/text/edit-distance';

/** The textbook full-matrix Levenshtein distance: the reference. */
function full(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

test('edit distance: known pairs, and max + 1 past the limit', () => {
  assert.equal(editDistance('sid', 'sid', 2), 0);
  assert.equal(editDistance('sids', 'sid', 2), 1);
  assert.equal(editDistance('iam:enablemfadevise', 'iam:enablemfadevice', 3), 1);
  assert.equal(editDistance('aws:multifactorauthpresnet', 'aws:multifactorauthpresent', 3), 2);
  assert.equal(editDistance('', 'abc', 3), 3);
  assert.equal(editDistance('kitten', 'sitting', 3), 3);
  assert.equal(editDistance('kitten', 'sitting', 2), 3);
  assert.equal(editDistance('a', 'abcdefgh', 3), 4, 'lengths alone over the limit');
  assert.equal(editDistance('abcd', 'wxyz', 3), 4);
});

test('edit distance: the banded one agrees with the full one up to its limit', () => {
  const word = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 9 }).map((x) => x.join(''));
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
      assert.equal(editDistance(a, b, max), Math.min(full(a, b), max + 1), `${a} ${b} ${max}`);
    }),
    { numRuns: 3_000, seed: 10_011 },
  );
});

test('edit distance: rows reused after a long word still give the right answer for short ones', () => {
  const long = 'x'.repeat(500);
  assert.equal(editDistance(long, `${long}y`, 2), 1);
  assert.equal(editDistance('ab', 'ba', 2), 2);
});
