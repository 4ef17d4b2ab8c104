// One benchmark round for one input, in a fresh process: warm every row up, then time every row.
// Usage: [BENCH_LINT_ONLY=1] [BENCH_BASELINE_FIRST=1] node bench/round.mjs <input.json> <schema.json> [baseline core.js]
//   input.json: { "id": "1MB", "texts": ["...", ...] }: one text for a generated size, 1,594 for the corpus.
//   baseline core.js: another build of the core, timed as the row "lint (baseline)" (npm run bench -- --baseline).
//   An input with "kind": "terraform-plan" is timed against JSON.parse alone, linted as a plan.json.
//   An input with "kind": "terraform-hcl" is timed against web-tree-sitter's parse, linted as main.tf.
//   An input with "kind": "cloudformation-yaml" is timed against the `yaml` package instead of the JSON rows, with
//   the core that BENCH_YAML_CORE names (the core and its YAML front-end, which dist/core.js leaves out).
// Prints one JSON line: per-row milliseconds for one pass over all texts, plus sanity counts.
// All rows run in this one process, so the ratios between them come from the same run and machine state.
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/stats.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [inputPath, schemaPath, baselinePath] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const texts = input.texts;
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));

// Each jsonc-parser row gets its own copy of the library, as each analyser has in real life (the language
// service runs in its own process, our core bundles its own): rows that shared one copy would share its
// JIT state, and the scanner optimised for one caller's pattern would be deoptimised by another's.
const ownCopy = (row) => {
  const dir = mkdtempSync(path.join(tmpdir(), `force-mfa-bench-jsonc-${row}-`));
  cpSync(path.join(path.dirname(require.resolve('jsonc-parser')), '.'), dir, { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return require(path.join(dir, 'main.js'));
};
const { visit } = ownCopy('visit');
const { parseTree } = ownCopy('parseTree');
const { getLanguageService } = require('vscode-json-languageservice');
const { TextDocument } = require('vscode-languageserver-textdocument');
const core = require(path.join(root, 'dist/core.js'));
const baseline = baselinePath ? require(path.resolve(baselinePath)) : undefined;

// VS Code's JSON support: the schema is associated once and cached, as in the editor.
const service = getLanguageService({});
service.configure({
  validate: true,
  allowComments: false,
  schemas: [{ uri: 'force-mfa-bench://iam-policy.schema.json', fileMatch: ['*.json'], schema }],
});
const validationSettings = { comments: 'error', trailingCommas: 'error' };
const noop = {};

let sink = 0;
// A CloudFormation YAML input (run.mjs's CloudFormation row) is timed against the `yaml` package alone.
const yamlInput = input.kind === 'cloudformation-yaml';
// A Terraform plan (run.mjs's plan row) is timed against JSON.parse of the same text.
const planInput = input.kind === 'terraform-plan';
// A Terraform file (run.mjs's Terraform row) is timed against web-tree-sitter's own parse of the same text.
const hclInput = input.kind === 'terraform-hcl';
const allRows = yamlInput ? await yamlRows() : planInput ? await planRows() : hclInput ? await hclRows() : await jsonRows();

/**
 * The Terraform row: web-tree-sitter's parse of the text with the grammar force-mfa loads (the floor: the tree
 * that any reader of the file starts from; the tree is deleted, nothing is read from it), and lint of the text
 * as main.tf by a core with the HCL reader loaded (BENCH_HCL_CORE, bundled by run.mjs; the same two wasm files).
 */
async function hclRows() {
  const dist = path.join(root, 'dist');
  const hclCore = require(path.resolve(process.env.BENCH_HCL_CORE));
  await hclCore.loadHcl(dist);
  const { Parser, Language } = require('web-tree-sitter');
  await Parser.init({ locateFile: (name) => path.join(dist, name) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(path.join(dist, 'tree-sitter-terraform.wasm')));
  return [
    {
      name: 'tree-sitter parse',
      run() {
        for (const t of texts) {
          const tree = parser.parse(t);
          sink += tree.rootNode.hasError ? 0 : 1;
          tree.delete();
        }
      },
    },
    { name: 'lint', run: (await import('./lib/lint-row.mjs?row=lint')).lintRow(hclCore, texts, { fileName: 'main.tf' }) },
  ];
}

/** The Terraform plan row: JSON.parse (the floor: any reader of a plan parses it) and lint of the plan as a `*.json` file. */
async function planRows() {
  return [
    {
      name: 'JSON.parse',
      run() {
        for (const t of texts) sink += JSON.parse(t) ? 1 : 0;
      },
    },
    { name: 'lint', run: (await import('./lib/lint-row.mjs?row=lint')).lintRow(core, texts, { fileName: 'plan.json' }) },
  ];
}

async function jsonRows() {
  return [
    {
      name: 'JSON.parse',
      run() {
        for (const t of texts) sink += JSON.parse(t) ? 1 : 0;
      },
    },
    {
      name: 'jsonc visit',
      run() {
        for (const t of texts) visit(t, noop);
      },
    },
    {
      name: 'jsonc parseTree',
      run() {
        const errors = [];
        for (const t of texts) sink += parseTree(t, errors) ? 1 : 0;
      },
    },
    {
      name: 'language service',
      async run() {
        let count = 0;
        const samples = [];
        for (let i = 0; i < texts.length; i++) {
          const doc = TextDocument.create(`file:///bench/${i}.json`, 'json', 1, texts[i]);
          const json = service.parseJSONDocument(doc);
          const problems = await service.doValidation(doc, json, validationSettings);
          count += problems.length;
          if (samples.length < 3) samples.push(...problems.slice(0, 3 - samples.length).map((p) => p.message));
        }
        return { count, samples };
      },
    },
    ...(await lintRows()),
  ];
}

/**
 * The CloudFormation row: the `yaml` package's own parseDocument of the text (its defaults: the floor any YAML
 * analyser starts from), the same with the options the front-end passes (what lint itself pays the parser), and
 * lint of the text as YAML by a core with the YAML front-end (BENCH_YAML_CORE, bundled by run.mjs).
 */
async function yamlRows() {
  const { parseDocument } = require('yaml');
  const yamlCore = require(path.resolve(process.env.BENCH_YAML_CORE));
  return [
    {
      name: 'yaml parseDocument',
      run() {
        for (const t of texts) sink += parseDocument(t).contents ? 1 : 0;
      },
    },
    {
      name: 'yaml parseDocument (front-end options)',
      run() {
        for (const t of texts) sink += parseDocument(t, yamlCore.YAML_PARSE_OPTIONS).contents ? 1 : 0;
      },
    },
    { name: 'lint', run: (await import('./lib/lint-row.mjs?row=lint')).lintRow(yamlCore, texts, { format: 'yaml' }) },
  ];
}

/**
 * The lint row, and the baseline's beside it. Whichever comes first warms up first and opens the first
 * cycle, which was measured to favour the other (the same core timed against itself: 1.17x at 10 MB), so
 * run.mjs puts the baseline first in every other round (BENCH_BASELINE_FIRST) and the bias cancels out.
 */
async function lintRows() {
  const ours = { name: 'lint', run: (await import('./lib/lint-row.mjs?row=lint')).lintRow(core, texts) };
  if (!baseline) return [ours];
  const theirs = { name: 'lint (baseline)', run: (await import('./lib/lint-row.mjs?row=baseline')).lintRow(baseline, texts) };
  return process.env.BENCH_BASELINE_FIRST ? [theirs, ours] : [ours, theirs];
}
// BENCH_LINT_ONLY (run.mjs --lint-only): the lint rows alone, so that a round has time for many more samples.
const rows = process.env.BENCH_LINT_ONLY ? allRows.filter((row) => row.name.startsWith('lint')) : allRows;

// The clock: this process's CPU time (user + system, all its threads: getrusage, microseconds), so that
// other processes on a shared machine do not inflate the figures; wall-clock time is recorded beside it.
// (A thread's own CPU time would leave out the GC's helper threads; Linux's schedstat, which has it, is
// only updated at scheduler ticks, too coarse for short batches.)
const clock = {
  kind: 'process-cpu',
  now() {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
};

const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 100);
const WARM_MAX_MS = Number(process.env.BENCH_WARM_MAX_MS ?? 500);
const WARM_PASSES = 6000;
const SETTLED_PASS_MS = 200;
const SLOW_WARM_PASSES = 4;
const SLOW_WARM_MAX_MS = Number(process.env.BENCH_SLOW_WARM_MAX_MS ?? 4000);
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 20);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 500);
const MAX_SAMPLES = 10;
const MIN_SAMPLES = 3;

async function batch(row, n) {
  const wall = performance.now();
  const cpu = clock.now();
  for (let i = 0; i < n; i++) await row.run();
  return { cpu: (clock.now() - cpu) / n, wall: (performance.now() - wall) / n };
}

// Warm-up: the first pass gives the sanity counts. Then batches of about BATCH_MS until the time per pass
// settles (at least WARM_PASSES passes and WARM_MS, and a batch within 10% of the one before), or
// WARM_MAX_MS have gone: a large module like the core needs thousands of calls on a small document
// before the JIT has optimised all of it (measured: lint of 1 KB goes from 0.2 ms to 0.02 ms over the
// first 5,000 calls), and the compiler's background threads are counted in this process's CPU time. A pass that alone takes
// longer than SETTLED_PASS_MS (the largest inputs) is repeated until two passes in a row are within 10% (at least
// SLOW_WARM_PASSES passes, at most SLOW_WARM_MAX_MS): its loops run hot in the first pass, but not all of its code
// does (measured: lint of the 1 MB Terraform file took 618, 490, 445, 456, 406 ms in its first five passes, then
// 370-400 ms; the bench timed passes 2 to 4).
// With a baseline, the two lint rows warm up together, batch for batch: the row warmed last was measured
// 2-3% faster than the same core warmed first.
const checks = {};
const perBatch = new Map();
const [firstLint, secondLint] = rows.filter((row) => row.name.startsWith('lint'));
for (const row of rows) {
  if (baseline && row === secondLint) continue;
  const partner = baseline && row === firstLint ? secondLint : undefined;
  const share = partner ? 2 : 1;
  const start = clock.now();
  checks[row.name] = await row.run();
  const first = clock.now() - start;
  if (partner) checks[partner.name] = await partner.run();
  let n = Math.max(1, Math.round(BATCH_MS / first));
  if (first < SETTLED_PASS_MS) {
    let previous = Infinity;
    let passes = 1;
    for (;;) {
      const t = (await batch(row, n)).cpu;
      if (partner) await batch(partner, n);
      passes += n;
      n = Math.max(1, Math.round(BATCH_MS / t));
      const spent = clock.now() - start;
      const settled = passes >= WARM_PASSES && t >= previous * 0.9 && t <= previous * 1.1;
      if ((spent >= WARM_MS * share && settled) || spent >= WARM_MAX_MS * share) break;
      previous = t;
    }
  } else {
    // A slow row (n is 1): pass after pass until two in a row agree, as above.
    let previous = first;
    for (let passes = 1; ; passes++) {
      const t = (await batch(row, 1)).cpu;
      if (partner) await batch(partner, 1);
      const settled = passes + 1 >= SLOW_WARM_PASSES && t >= previous * 0.9 && t <= previous * 1.1;
      if (settled || clock.now() - start >= SLOW_WARM_MAX_MS * share) break;
      previous = t;
    }
  }
  perBatch.set(row, n);
  if (partner) perBatch.set(partner, n);
}

// Timed samples, interleaved across rows (A B C D E, B C D E A, ...) so that a burst of load on this shared
// machine hits every row alike. A row's figure for this round is the median of its samples. Sampling stops
// when the next cycle would pass RUN_MS of CPU time, or 3 x RUN_MS of wall-clock time on a loaded machine,
// but not before MIN_SAMPLES unless one cycle takes more than a second.
const samples = new Map(rows.map((row) => [row, []]));
// With a baseline, one cycle first that is not timed: the first batch after the warm-up pays for the GC work
// the warm-up left (measured: up to 4x), and it would fall on the same row in every round.
if (baseline) for (const row of rows) await batch(row, perBatch.get(row));
const wallStart = performance.now();
let spent = 0; // CPU time inside the timed batches (the forced GCs between rows do not count)
for (let k = 0; k < MAX_SAMPLES; k++) {
  // A different row opens each cycle, so that none always follows the same one (whose GC helpers may
  // still be busy).
  const order = rows.map((_, j) => rows[(j + k) % rows.length]);
  // With a baseline, the two lint rows take turns going first, so that neither always follows the same row.
  if (baseline) {
    const a = order.indexOf(firstLint);
    const b = order.indexOf(secondLint);
    if (a < b === (k % 2 === 1)) [order[a], order[b]] = [order[b], order[a]];
  }
  for (const row of order) {
    const sample = await batch(row, perBatch.get(row));
    spent += sample.cpu * perBatch.get(row);
    samples.get(row).push(sample);
  }
  const next = (used) => (used / (k + 1)) * (k + 2);
  const cycle = spent / (k + 1);
  // At least MIN_SAMPLES while a cycle is under a second (1 MB), a single one for the largest inputs; an even
  // number with a baseline, so that each lint row has had each place equally often.
  if (k + 1 < MIN_SAMPLES && cycle < 1000) continue;
  if (baseline && k % 2 === 0) continue;
  if (next(spent) > RUN_MS || next(performance.now() - wallStart) > 3 * RUN_MS) break;
}
const figure = (kind) => Object.fromEntries(rows.map((row) => [row.name, median(samples.get(row).map((x) => x[kind]))]));

process.stdout.write(
  JSON.stringify({
    id: input.id,
    bytes: texts.reduce((a, t) => a + t.length, 0),
    docs: texts.length,
    clock: clock.kind,
    ms: figure(clock.kind === 'wall' ? 'wall' : 'cpu'),
    wallMs: figure('wall'),
    samples: samples.get(rows[0]).length,
    problems: {
      languageService: checks['language service']?.count,
      languageServiceSamples: checks['language service']?.samples,
      lint: checks.lint.findings,
      lintRules: checks.lint.rules,
      ...(baseline ? { baseline: checks['lint (baseline)'].findings, baselineRules: checks['lint (baseline)'].rules } : {}),
    },
    verdicts: checks.lint.verdicts,
    sink: sink > 0,
  }) + '\n',
);
