// One test per bug that a property found (docs/robustness.md): each fixture under
// test/fixtures/regressions/ holds the shrunk counterexample, the property that found it, and its seed
// and path; the test runs that property's check on it, so the bug cannot come back unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../../src/core/yaml';
import { lint } from '../../src/core';
import type { LintOptions } from '../../src/core';
import { checkFixRoundTrip, checkNoThrow, verdictOf } from '../property/checks';

interface Regression {
  /** What went wrong, in one sentence. */
  bug: string;
  /** The property that found it, and how to replay the original run. */
  property: string;
  seed?: number;
  path?: string;
  /** The check to run: the property's predicate, or a stated expectation. */
  check: 'no-throw' | 'fix-round-trip' | 'same-verdict' | 'verdict';
  text: string;
  /** For same-verdict: the transformed text. */
  other?: string;
  /** For verdict: the expected verdict of each policy. */
  verdicts?: string[];
  options?: LintOptions;
  /** Set only while the bug is open and too big for a surgical fix: the test is skipped with this reason. */
  skip?: string;
}

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/regressions');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the regression fixtures are well formed', () => {
  for (const f of files) {
    const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Regression;
    assert.ok(r.bug && r.property && r.check && typeof r.text === 'string', `${f} lacks bug/property/check/text`);
  }
});

for (const f of files) {
  const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Regression;
  test(`regression ${f}: ${r.bug}`, { skip: r.skip }, () => {
    const options = r.options ?? {};
    switch (r.check) {
      case 'no-throw':
        // A file name picks a format other than JSON: its check is the every-format one.
        checkNoThrow(r.text, options, undefined, options.fileName !== undefined);
        break;
      case 'fix-round-trip':
        checkFixRoundTrip(r.text, options);
        break;
      case 'same-verdict':
        assert.deepEqual(lint(r.other ?? '', options).policies.map(verdictOf), lint(r.text, options).policies.map(verdictOf));
        break;
      case 'verdict':
        assert.deepEqual(
          lint(r.text, options).policies.map((p) => p.mfa),
          r.verdicts,
        );
        break;
    }
  });
}
