/** Registers the fixed-seed share of some properties as node:test tests (used by test/unit/property-*.test.ts). */
import { test } from 'node:test';
import { newStats } from './checks';
import { PROPERTIES, runProperty } from './properties';

export function registerProperties(names: string[]): void {
  for (const name of names) {
    const def = PROPERTIES.find((p) => p.name === name);
    if (!def) throw new Error(`no property ${name}`);
    test(`property ${def.name} (${def.ci} runs, seed ${def.seed})`, (t) => {
      const stats = newStats();
      runProperty(def, stats, { numRuns: def.ci, seed: def.seed });
      t.diagnostic(
        `${stats.inputs} inputs, ${stats.policies} policies, ${stats.fixesChecked} fixes checked (${stats.insertDenyChecked} insert-the-deny)`,
      );
    });
  }
}
