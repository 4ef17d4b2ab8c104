// `npm run bench:profile -- <1KB|6KB|100KB|1MB|10MB|corpus|cli|cfn-10KB|cfn-100KB|cfn-1MB|tf-10KB|tf-100KB|tf-1MB|plan-1MB|plan-10MB|plan-50MB> [--seconds N] [--top N]`
// CPU profile of the core's lint on one benchmark input: bundles src/core unminified (readable
// function names, each mapped back to its source file), runs lint in a loop under `node --cpu-prof`,
// and prints the functions with the most self time and the most inclusive time. `cli` profiles one
// whole `cli lint --format json` process over the managed-policy corpus, written as files. The
// .cpuprofile file is kept (its path is printed) for Chrome DevTools or speedscope. The cfn-* inputs are
// the benchmark's CloudFormation YAML templates, linted as YAML by the core with its YAML front-end.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generatePolicy, SIZES } from './lib/generate.mjs';
import { generateTemplate, TEMPLATE_SIZES } from './lib/cloudformation.mjs';
import { loadManagedPolicies } from './lib/corpus.mjs';
import { generatePlan, PLAN_SIZES } from './lib/terraform-plan.mjs';
import { generateHcl, HCL_SIZES } from './lib/terraform-hcl.mjs';
import { table } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const id = args.find((a) => !a.startsWith('--')) ?? '1MB';
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = option('--seconds', 4);
const top = option('--top', 15);

const work = mkdtempSync(path.join(tmpdir(), `force-mfa-profile-${id}-`));
const size = SIZES.find((s) => s.id === id);
const template = TEMPLATE_SIZES.find((s) => s.id === id);
// Terraform (issue 13): a .tf file linted as main.tf with the HCL reader loaded, a plan linted as plan.json.
const hcl = HCL_SIZES.find((s) => s.id === id);
const plan = PLAN_SIZES.find((s) => s.id === id);
const texts = size
  ? [generatePolicy(size.bytes, 42)]
  : template
    ? [generateTemplate(template.bytes, 42)]
    : hcl
      ? [generateHcl(hcl.bytes, 42)]
      : plan
        ? [generatePlan(plan.bytes, 42)]
        : id === 'corpus' || id === 'cli'
          ? loadManagedPolicies().map((p) => p.text)
          : undefined;
if (!texts) {
  const ids = [...SIZES, ...TEMPLATE_SIZES, ...HCL_SIZES, ...PLAN_SIZES].map((s) => s.id);
  console.error(`unknown input ${id}: one of ${ids.join(', ')}, corpus, cli`);
  process.exit(2);
}
const require = createRequire(import.meta.url);

// The code under test, unminified: names survive, and esbuild's `// src/...` markers map lines to source files.
const bundleFile = path.join(work, id === 'cli' ? 'cli.cjs' : 'core.cjs');
const entry = template
  ? "export * from './src/core/index';\nimport './src/core/yaml';\n"
  : hcl
    ? "export * from './src/core/index';\nexport { loadHcl } from './src/core/hcl';\n"
    : undefined;
await build({
  ...(entry
    ? { stdin: { contents: entry, resolveDir: root, loader: 'ts' } }
    : { entryPoints: [id === 'cli' ? 'src/cli/cli.ts' : 'src/core/index.ts'] }),
  outfile: bundleFile,
  bundle: true,
  platform: id === 'cli' || hcl ? 'node' : 'neutral',
  // web-tree-sitter's CommonJS build, as the CLI's build takes it (run.mjs bundles the Terraform row's core so too).
  plugins: hcl
    ? [
        {
          name: 'web-tree-sitter-cjs',
          setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') })),
        },
      ]
    : [],
  format: 'cjs',
  target: 'es2022',
  mainFields: ['module', 'main'],
  minify: false,
  logLevel: 'warning',
});

let argv;
if (id === 'cli') {
  const dir = path.join(work, 'managed-policies');
  mkdirSync(dir);
  loadManagedPolicies().forEach((p) => writeFileSync(path.join(dir, `${p.name}.json`), p.text));
  argv = [bundleFile, 'lint', '--format', 'json', dir];
} else {
  const inputFile = path.join(work, 'input.json');
  writeFileSync(inputFile, JSON.stringify(texts));
  const driver = path.join(work, 'driver.cjs');
  writeFileSync(
    driver,
    `const core = require(${JSON.stringify(bundleFile)});
const texts = JSON.parse(require('fs').readFileSync(${JSON.stringify(inputFile)}, 'utf8'));
const options = ${JSON.stringify(template ? { format: 'yaml' } : hcl ? { fileName: 'main.tf' } : plan ? { fileName: 'plan.json' } : {})};
(async () => {
  ${hcl ? `await core.loadHcl(${JSON.stringify(path.join(root, 'dist'))});` : ''}
  for (const t of texts) core.lint(t, options); // warm-up
  const end = Date.now() + ${seconds * 1000};
  let passes = 0;
  do { for (const t of texts) core.lint(t, options); passes++; } while (Date.now() < end);
  console.log(JSON.stringify({ passes }));
})();
`,
  );
  argv = [driver];
}
const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${work}`, '--max-old-space-size=4096', ...argv], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (child.status !== 0 && !(id === 'cli' && child.status === 1)) {
  console.error(child.stderr);
  process.exit(1);
}
const passes = id === 'cli' ? 1 : JSON.parse(child.stdout.trim()).passes;
const profileFile = path.join(
  work,
  readdirSync(work).find((f) => f.endsWith('.cpuprofile')),
);
const profile = JSON.parse(readFileSync(profileFile, 'utf8'));

// Source file of each line of the bundle, from esbuild's `// src/core/lint.ts` comments.
const bundleLines = readFileSync(bundleFile, 'utf8').split('\n');
const sourceOfLine = [];
let current = '(bundle)';
for (const line of bundleLines) {
  const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(line);
  if (m) current = m[1].replace(/^node_modules\//, '');
  sourceOfLine.push(current);
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n) => {
  const f = n.callFrame;
  const name = f.functionName || '(anonymous)';
  if (f.url.endsWith(path.basename(bundleFile))) {
    // An anonymous function is named by the start of its line in the bundle.
    const where = f.functionName ? '' : ` \`${bundleLines[f.lineNumber]?.trim().slice(0, 48).replace(/[|`]/g, ' ')}\``;
    return `${name}${where} (${sourceOfLine[f.lineNumber] ?? '?'})`;
  }
  if (!f.url) return name; // (garbage collector), (program), (idle)
  return `${name} (${f.url.startsWith('node:') ? f.url : path.basename(f.url)})`;
};
const self = new Map();
const inclusive = new Map();
let total = 0;
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = deltas[i + 1] ?? 0; // a sample's time is the gap to the next sample
  total += dt;
  let node = byId.get(profile.samples[i]);
  const k = keyOf(node);
  self.set(k, (self.get(k) ?? 0) + dt);
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const key = keyOf(byId.get(id));
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
}
const coreKeys = new Set(profile.nodes.filter((n) => n.callFrame.url.endsWith(path.basename(bundleFile)) || !n.callFrame.url).map(keyOf));
const rows = (map, any = false) =>
  [...map.entries()]
    .filter(([k]) => (any || coreKeys.has(k)) && !['(root)', '(program)', '(idle)'].includes(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => [k, `${(v / 1000).toFixed(0)} ms`, `${((v / total) * 100).toFixed(1)}%`]);

// Self time by source file: where the time goes, phase by phase (parser, schema, rules, verdicts).
const byFile = new Map();
for (const [k, v] of self) {
  const m = /\(((?:src|[^)]*node_modules)[^)]*|[^()]+\.(?:js|ts))\)$/.exec(k);
  const file = coreKeys.has(k) ? (m ? m[1] : k) : undefined;
  if (file && !['(root)', '(program)', '(idle)'].includes(file)) byFile.set(file, (byFile.get(file) ?? 0) + v);
}

const bytes = texts.reduce((a, t) => a + t.length, 0);
console.log(
  id === 'cli'
    ? `### one \`cli lint --format json\` process over the corpus (${texts.length} files, ${bytes} chars): ${(total / 1000).toFixed(0)} ms under the profiler`
    : `### lint on ${id} (${bytes} chars, ${texts.length} document(s)): ${passes} passes in ${seconds} s, ${(total / 1000 / passes).toFixed(1)} ms per pass under the profiler`,
);
const special = ['(idle)', '(program)', '(garbage collector)'].map((k) => `${k} ${(((self.get(k) ?? 0) / total) * 100).toFixed(1)}%`);
console.log('');
console.log(`Whole profile: ${(total / 1000).toFixed(0)} ms; ${special.join(', ')}.`);
console.log('');
console.log(`Self time (top ${top}):`);
console.log('');
console.log(table(['function (source)', 'self', 'self %'], rows(self)));
console.log('');
console.log(`Self time by source file (top ${top}):`);
console.log('');
console.log(table(['source file', 'self', 'self %'], rows(byFile, true)));
console.log('');
console.log(`Inclusive time (top ${top}):`);
console.log('');
console.log(table(['function (source)', 'total', 'total %'], rows(inclusive)));
console.log('');
console.log(`profile: ${profileFile}`);
