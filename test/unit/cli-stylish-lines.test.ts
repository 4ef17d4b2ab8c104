// Stylish output puts each message on one line. The regular expression that did it was quadratic
// on long runs of blanks (100,000 spaces: 5 s); the loop that replaced it must say the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { oneLine } from '../../src/cli/format/stylish';

test('oneLine agrees with the regular expression it replaced', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\t', '\n', '\r', '\f', '\v'), maxLength: 40 });
  fc.assert(
    fc.property(text, (s) => {
      assert.equal(oneLine(s), s.replace(/[ \t\f\v]*[\r\n]+[ \t\f\v\r\n]*/g, ' '));
    }),
    { numRuns: 5000, seed: 77 },
  );
});

test('oneLine on a 2 MB message of blanks and breaks: one space per run, and the text around it kept', () => {
  const s = `start${' '.repeat(1_000_000)}\n${' '.repeat(1_000_000)}end`;
  assert.equal(oneLine(s), 'start end');
});
