// Fixed-seed share of "no exception, ever" (docs/robustness.md); `npm run fuzz` runs the full share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editsOf, lint } from '../../src/core';
import { registerProperties } from '../property/ci-share';
import { HOSTILE_INPUTS } from '../property/hostile-inputs';
import { applyEdits, assertWellFormed } from '../property/checks';

registerProperties(['lint-never-throws', 'lint-never-throws-in-every-format', 'lint-is-deterministic']);

for (const h of HOSTILE_INPUTS.filter((x) => !x.fuzzOnly)) {
  test(`lint returns a result for ${h.name}`, (t) => {
    const text = h.make();
    const start = performance.now();
    const r = lint(text);
    // Reported, never asserted: the machine is shared.
    t.diagnostic(`${h.name}: ${(performance.now() - start).toFixed(0)} ms for ${text.length} chars`);
    assertWellFormed(text, r); // builds every fix's edits, which are lazy
    for (const d of r.diagnostics) for (const f of d.fixes) assert.equal(typeof applyEdits(text, editsOf(f)), 'string');
    if ('verdict' in h.expect)
      assert.deepEqual(
        r.policies.map((p) => p.mfa),
        [h.expect.verdict],
      );
    else
      assert.ok(
        r.diagnostics.some((d) => d.rule === (h.expect as { rule: string }).rule),
        `no ${(h.expect as { rule: string }).rule} finding`,
      );
  });
}
