// The full share of the robustness properties (docs/robustness.md): 100,000 hostile inputs to lint,
// 12,000 generated policies whose every fix is round-tripped, the verdict-stability properties, then the
// huge inputs (deep nesting, a 50 MB line, 10,000 statements) with their times.
// Run with `npm run fuzz` (= node --import tsx scripts/fuzz.mjs). Options:
//   --only <name>[,<name>]   run only these properties (names: see --list); "hostile" = the huge inputs
//   --seed <n>               seed (default: a new one each run, printed)
//   --path <p>               replay the counterexample path printed by a failure (with --seed)
//   --runs <n>               runs per property instead of its full count
//   --scale <x>              multiply every full count (e.g. 0.1 for a quick look)
//   --list                   list the properties and exit
import { parseArgs } from 'node:util';
import { PROPERTIES, runProperty } from '../test/property/properties.ts';
import { newStats, assertWellFormed, applyEdits } from '../test/property/checks.ts';
import { HOSTILE_INPUTS } from '../test/property/hostile-inputs.ts';
import { lint } from '../src/core/index.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    runs: { type: 'string' },
    scale: { type: 'string' },
    list: { type: 'boolean' },
  },
});

if (values.list) {
  for (const p of PROPERTIES) console.log(`${p.name}  (full ${p.full}, npm test ${p.ci})`);
  console.log('hostile  (deep nesting, 50 MB line, 10,000 statements)');
  process.exit(0);
}

const only = values.only ? new Set(values.only.split(',')) : undefined;
const seed = values.seed !== undefined ? Number(values.seed) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const scale = values.scale !== undefined ? Number(values.scale) : 1;
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

console.log(`force-mfa fuzz: seed ${seed}${values.path ? `, path ${values.path}` : ''}`);
let failures = 0;
const t0 = performance.now();
for (const def of PROPERTIES) {
  if (only && !only.has(def.name)) continue;
  const numRuns = values.runs !== undefined ? Number(values.runs) : Math.max(1, Math.round(def.full * scale));
  const stats = newStats();
  const start = performance.now();
  try {
    runProperty(def, stats, { numRuns, seed, path: values.path });
    const ms = performance.now() - start;
    console.log(`ok   ${def.name}: ${numRuns} runs in ${fmt(ms)} (${((numRuns / ms) * 1000).toFixed(0)} runs/s)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${def.name} after ${fmt(performance.now() - start)}\n${e.message}\n`);
  }
  const counts = [
    stats.inputs && `${stats.inputs} inputs linted`,
    stats.policies && `${stats.policies} policies`,
    stats.fixesChecked && `${stats.fixesChecked} fixes checked`,
    stats.insertDenyChecked && `${stats.insertDenyChecked} of them "insert the deny"`,
  ].filter(Boolean);
  if (counts.length) console.log(`     ${counts.join(', ')}`);
  if (stats.fixesByTitle.size) {
    for (const [title, n] of [...stats.fixesByTitle].sort((a, b) => b[1] - a[1])) console.log(`       ${String(n).padStart(7)}  ${title}`);
  }
  if (stats.verdicts.size) {
    console.log(`     verdicts: ${[...stats.verdicts].sort((a, b) => b[1] - a[1]).map(([v, n]) => `${v} ${n}`).join(', ')}`);
  }
  if (stats.diagnosticsByRule.size) {
    console.log(`     findings by rule: ${[...stats.diagnosticsByRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  }
}

if (!only || only.has('hostile')) {
  console.log('huge inputs (times are reported, not asserted):');
  for (const h of HOSTILE_INPUTS) {
    const text = h.make();
    const start = performance.now();
    try {
      const r = lint(text);
      const ms = performance.now() - start;
      // Fix edits are built lazily: building and applying them is part of "no exception".
      assertWellFormed(text, r);
      for (const d of r.diagnostics) for (const f of d.fixes) applyEdits(text, f.edits);
      const rules = [...new Set(r.diagnostics.map((d) => d.rule))].join(', ') || 'no findings';
      const verdicts = r.policies.map((p) => p.mfa).join(', ') || 'no policy';
      const want = 'verdict' in h.expect ? h.expect.verdict : h.expect.rule;
      const met = 'verdict' in h.expect ? verdicts === h.expect.verdict : r.diagnostics.some((d) => d.rule === h.expect.rule);
      if (!met) failures++;
      console.log(`${met ? 'ok  ' : 'FAIL'} ${h.name} (${text.length.toLocaleString('en')} chars): ${fmt(ms)}; ${verdicts}; ${rules} (expected ${want})`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${h.name}: threw after ${fmt(performance.now() - start)}: ${e.message.slice(0, 300)}`);
    }
  }
}

console.log(`total ${fmt(performance.now() - t0)}, ${failures} failure(s); seed ${seed}`);
process.exitCode = failures ? 1 : 0;
