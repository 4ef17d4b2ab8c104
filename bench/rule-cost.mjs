// `npm run bench:rules -- <1KB|6KB|100KB|1MB|10MB|corpus> [--ms N]`: what each rule costs.
// Times dist/core.js lint with every rule on, with all rules off (what is left: parsing, locating the
// policies, the verdicts), and with each rule off in turn; a rule's cost is the time it saves when off.
// Process CPU time, interleaved samples in a rotating order, one process (a screening tool beside
// `npm run bench`; the control row, all rules on measured twice, shows how much of a difference is noise).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePolicy, SIZES } from './lib/generate.mjs';
import { loadManagedPolicies } from './lib/corpus.mjs';
import { median, ms, table } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const id = args.find((a) => !a.startsWith('--')) ?? '100KB';
const budgetIndex = args.indexOf('--ms');
const BUDGET_MS = budgetIndex >= 0 ? Number(args[budgetIndex + 1]) : 40;
const SAMPLES = 15;

const core = require(path.join(root, 'dist/core.js'));
const size = SIZES.find((s) => s.id === id);
const texts = size ? [generatePolicy(size.bytes, 42)] : id === 'corpus' ? loadManagedPolicies().map((p) => p.text) : undefined;
if (!texts) {
  console.error(`unknown input ${id}: one of ${SIZES.map((s) => s.id).join(', ')}, corpus`);
  process.exit(2);
}

// Process CPU time (user + system), microsecond resolution.
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const names = core.ruleMetas.map((r) => r.name);
const configs = [
  { label: 'all rules on', rules: {} },
  { label: '(control: all rules on, again)', rules: {} },
  { label: 'all rules off', rules: Object.fromEntries(names.map((n) => [n, 'off'])) },
  ...names.map((n) => ({ label: n, rules: { [n]: 'off' } })),
];
const pass = (rules) => {
  for (const t of texts) core.lint(t, { rules });
};

// Warm-up, and the batch size: about BUDGET_MS per sample.
let start = now();
pass({});
const batch = Math.max(1, Math.round(BUDGET_MS / (now() - start)));
for (const c of configs) pass(c.rules);

const samples = new Map(configs.map((c) => [c, []]));
for (let k = 0; k < SAMPLES; k++) {
  // A different starting point each cycle, so that no configuration is always first.
  for (let j = 0; j < configs.length; j++) {
    const c = configs[(j + k) % configs.length];
    start = now();
    for (let i = 0; i < batch; i++) pass(c.rules);
    samples.get(c).push((now() - start) / batch);
  }
}
const time = new Map(configs.map((c) => [c, median(samples.get(c))]));
const all = time.get(configs[0]);
const none = time.get(configs[2]);
const rows = [configs[1], ...configs.slice(3)].map((c) => ({ name: c.label, saved: all - time.get(c) })).sort((a, b) => b.saved - a.saved);

console.log(
  `### What each rule costs: lint on ${id} (${texts.reduce((a, t) => a + t.length, 0)} chars), median of ${SAMPLES} samples, process CPU time`,
);
console.log('');
console.log(
  `All rules on: ${ms(all)} ms. All rules off (parse, locate policies, verdicts): ${ms(none)} ms (${((none / all) * 100).toFixed(0)}%).`,
);
console.log('');
console.log(
  table(
    ['rule turned off', 'saves ms', 'share of lint'],
    rows.map((r) => [r.name, ms(r.saved), `${((r.saved / all) * 100).toFixed(1)}%`]),
  ),
);
console.log('');
console.log('The control row shows the noise: differences of that size mean nothing.');
