// `npm run bench` (after `npm run build`): lint against the parse floors and VS Code's JSON validation,
// the CLI over the AWS managed-policy corpus, the extension's bundles, and the editor figures of the
// integration run. Prints markdown tables, writes bench/results/bench.json and bench/results/bench.md.
//
// Options: --rounds N (default 5), --only tf-10KB,tf-100KB,tf-1MB (the Terraform row alone), --no-plan-50mb (the Terraform plan row without its 50 MB plan, a quicker run), --only 1KB,6KB,... (inputs to run), --no-cli, --no-hostile, --no-write,
// --baseline <git revision | path to a core.js>: times the lint rows against that core too, in the same
// processes (issue 11: every lint row within 5% of the previous commit's, or faster), and reports the ratios;
// with --lint-only, the lint rows alone (more samples in the same time; no CLI, hostile files or targets).
// The hostile section (bench/hostile.mjs) runs the CLI on 10 MB hostile files beside a normal 10 MB policy.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { generatePolicy, SIZES } from './lib/generate.mjs';
import { generateTemplate, TEMPLATE_SIZES } from './lib/cloudformation.mjs';
import { generatePlan, PLAN_SIZES } from './lib/terraform-plan.mjs';
import { generateHcl, HCL_SIZES } from './lib/terraform-hcl.mjs';
import { loadManagedPolicies } from './lib/corpus.mjs';
import { bytes, ms, summary, table } from './lib/stats.mjs';
import { MEMORY_FACTOR, runHostileBench, TIME_FACTOR } from './hostile.mjs';
import { baselineCore } from './lib/baseline.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
// With a baseline, an even number of rounds: the two lint rows swap places from round to round.
const ROUNDS =
  Math.max(1, Number(option('--rounds', 5))) + (args.includes('--baseline') && Number(option('--rounds', 5)) % 2 === 1 ? 1 : 0);
const ONLY = option('--only', undefined)?.split(',');
const SEED = 42;
const started = performance.now();
const log = (...m) => process.stderr.write(`[bench] ${m.join(' ')}\n`);

// ---- machine -------------------------------------------------------------------------------
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  } catch {
    return cpus()[0]?.model;
  }
})();
const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || String(cpus().length);
const machine = {
  nproc: Number(nproc),
  cpu: cpuModel,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAtStart: loadavg()[0],
};

// ---- inputs --------------------------------------------------------------------------------
const schemaPath = 'schemas/iam-policy.schema.json';
for (const f of ['dist/core.js', schemaPath]) {
  if (!existsSync(f)) {
    console.error(`${f} is missing${f.startsWith('dist') ? ': run `npm run build` first (`npm run bench` does)' : ''}.`);
    process.exit(2);
  }
}

const BASELINE = option('--baseline', undefined) === undefined ? undefined : baselineCore(option('--baseline'), root, log);
const LINT_ONLY = args.includes('--lint-only');
if (LINT_ONLY && !BASELINE) {
  console.error('--lint-only compares the lint rows with a baseline: give --baseline <rev|core.js> too.');
  process.exit(2);
}

const work = mkdtempSync(path.join(tmpdir(), 'force-mfa-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
process.on('SIGINT', () => process.exit(130));

const inputs = [];
for (const size of SIZES) {
  if (ONLY && !ONLY.includes(size.id)) continue;
  const text = generatePolicy(size.bytes, SEED);
  const file = path.join(work, `${size.id}.input.json`);
  writeFileSync(file, JSON.stringify({ id: size.id, texts: [text] }));
  inputs.push({ id: size.id, file });
}
// The CloudFormation row (issue 12): generated YAML templates, linted by the core with its YAML front-end, which
// dist/core.js leaves out (the CLI bundles it): bundled here from the same sources with dist/core.js's options.
// Not with --baseline or --lint-only, whose baseline core may not read YAML.
const yamlCore = path.join(work, 'core-yaml.js');
if (!BASELINE && !LINT_ONLY) {
  await build({
    stdin: {
      contents:
        "export * from './src/core/index';\nimport './src/core/yaml';\nexport { YAML_PARSE_OPTIONS } from './src/core/formats/yaml/builder';\n",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: yamlCore,
    bundle: true,
    minify: true,
    sourcemap: false,
    target: 'es2022',
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const size of TEMPLATE_SIZES) {
    if (ONLY && !ONLY.includes(size.id)) continue;
    const file = path.join(work, `${size.id}.input.json`);
    writeFileSync(file, JSON.stringify({ id: size.id, kind: 'cloudformation-yaml', texts: [generateTemplate(size.bytes, SEED)] }));
    inputs.push({ id: size.id, file, cloudformation: true });
  }
}
// The Terraform plan row (issue 13): generated `terraform show -json` plans, linted as plan.json, against
// JSON.parse of the same text; the CLI's peak memory on each plan is measured after the rounds.
const planFiles = [];
if (!BASELINE && !LINT_ONLY)
  for (const size of PLAN_SIZES) {
    if ((ONLY && !ONLY.includes(size.id)) || (size.optional && args.includes('--no-plan-50mb'))) continue;
    const text = generatePlan(size.bytes, SEED);
    const file = path.join(work, `${size.id}.input.json`);
    writeFileSync(file, JSON.stringify({ id: size.id, kind: 'terraform-plan', texts: [text] }));
    writeFileSync(path.join(work, `${size.id}.json`), text);
    planFiles.push({ id: size.id, file: path.join(work, `${size.id}.json`), bytes: text.length });
    inputs.push({ id: size.id, file, plan: true, big: size.bytes > 2e7 });
  }
// The Terraform (HCL) row (issue 13): generated .tf files, linted by a core with the HCL reader loaded (dist/core.js
// leaves it out; bundled here for Node, web-tree-sitter's CommonJS build as the CLI's build takes it), against
// web-tree-sitter's own parse of the same text with the same grammar.
const hclCore = path.join(work, 'core-hcl.cjs');
if (!BASELINE && !LINT_ONLY && HCL_SIZES.some((s) => !ONLY || ONLY.includes(s.id))) {
  const { createRequire } = await import('node:module');
  const req = createRequire(import.meta.url);
  await build({
    stdin: { contents: "export * from './src/core/index';\nexport { loadHcl } from './src/core/hcl';\n", resolveDir: root, loader: 'ts' },
    outfile: hclCore,
    bundle: true,
    minify: true,
    target: 'es2022',
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'web-tree-sitter-cjs',
        setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: req.resolve('web-tree-sitter') })),
      },
    ],
  });
  for (const size of HCL_SIZES) {
    if (ONLY && !ONLY.includes(size.id)) continue;
    const file = path.join(work, `${size.id}.input.json`);
    writeFileSync(file, JSON.stringify({ id: size.id, kind: 'terraform-hcl', texts: [generateHcl(size.bytes, SEED)] }));
    inputs.push({ id: size.id, file, hcl: true });
  }
}
const corpus = loadManagedPolicies();
const corpusDir = path.join(work, 'managed-policies');
mkdirSync(corpusDir);
for (const p of corpus) writeFileSync(path.join(corpusDir, `${p.name}.json`), p.text);
if (!ONLY || ONLY.includes('corpus')) {
  const file = path.join(work, 'corpus.input.json');
  writeFileSync(file, JSON.stringify({ id: 'corpus', texts: corpus.map((p) => p.text) }));
  inputs.push({ id: 'corpus', file });
}
log(`machine: ${machine.nproc} x ${machine.cpu}, Node ${machine.node}; schema: ${schemaPath}; corpus: ${corpus.length} managed policies`);

// ---- rounds: one fresh process per (round, input), round-robin so load spikes spread over all inputs ----
const perInput = new Map(inputs.map((i) => [i.id, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const input of inputs) {
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=4096', 'bench/round.mjs', input.file, schemaPath, ...(BASELINE ? [BASELINE.path] : [])],
      {
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          // A template's pass takes 3 to 600 ms: more time to warm up and sample than a policy's, or a 100 KB round has 2 samples.
          ...(input.big ? { BENCH_RUN_MS: process.env.BENCH_RUN_MS ?? '3000' } : {}),
          ...(input.hcl
            ? {
                BENCH_HCL_CORE: hclCore,
                BENCH_WARM_MAX_MS: process.env.BENCH_WARM_MAX_MS ?? '1500',
                BENCH_RUN_MS: process.env.BENCH_RUN_MS ?? '2000',
              }
            : {}),
          ...(input.cloudformation
            ? {
                BENCH_YAML_CORE: yamlCore,
                BENCH_WARM_MAX_MS: process.env.BENCH_WARM_MAX_MS ?? '1500',
                BENCH_RUN_MS: process.env.BENCH_RUN_MS ?? '2000',
              }
            : {}),
          ...(LINT_ONLY ? { BENCH_LINT_ONLY: '1' } : {}),
          ...(BASELINE && r % 2 === 1 ? { BENCH_BASELINE_FIRST: '1' } : {}),
        },
      },
    );
    if (child.status !== 0) {
      console.error(`round ${r + 1} of ${input.id} failed (exit ${child.status}):\n${child.stderr}`);
      process.exit(1);
    }
    perInput.get(input.id).push(JSON.parse(child.stdout.trim().split('\n').pop()));
  }
  log(`round ${r + 1}/${ROUNDS} done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

const ROWS = LINT_ONLY ? ['lint'] : ['JSON.parse', 'jsonc visit', 'jsonc parseTree', 'language service', 'lint'];
const RATIOS = LINT_ONLY
  ? {}
  : {
      'JSON.parse': 'lint / JSON.parse',
      'jsonc visit': 'lint / visit',
      'jsonc parseTree': 'lint / parseTree',
      'language service': 'lint / language service',
    };
const sizes = inputs
  .filter((i) => !i.cloudformation && !i.plan && !i.hcl)
  .map(({ id }) => {
    const rounds = perInput.get(id);
    const first = rounds[0];
    const rows = Object.fromEntries(ROWS.map((row) => [row, summary(rounds.map((x) => x.ms[row]))]));
    const wallRows = Object.fromEntries(ROWS.map((row) => [row, summary(rounds.map((x) => x.wallMs[row]))]));
    // Ratios per round (both figures from the same process), then their min and median.
    const ratios = Object.fromEntries(
      Object.entries(RATIOS).map(([row, label]) => [label, summary(rounds.map((x) => x.ms.lint / x.ms[row]))]),
    );
    const nsPerByte = (rows.lint.median * 1e6) / first.bytes;
    const baseline = BASELINE && {
      rows: summary(rounds.map((x) => x.ms['lint (baseline)'])),
      ratio: summary(rounds.map((x) => x.ms.lint / x.ms['lint (baseline)'])),
    };
    return {
      id,
      bytes: first.bytes,
      docs: first.docs,
      clock: first.clock,
      samplesPerRound: rounds.map((x) => x.samples),
      rows,
      wallRows,
      ratios,
      lintNsPerByte: nsPerByte,
      problems: first.problems,
      verdicts: first.verdicts,
      ...(baseline ? { baseline } : {}),
    };
  });

// A row's figures over the rounds (CPU and wall clock), and what the first round's lint found.
const timedRows = (rounds, names) => ({
  rows: Object.fromEntries(names.map((row) => [row, summary(rounds.map((x) => x.ms[row]))])),
  wallRows: Object.fromEntries(names.map((row) => [row, summary(rounds.map((x) => x.wallMs[row]))])),
});
/** An input's figures over the rounds: each row's, lint's ns per byte, and what the first round's lint found. */
const figuresOf = (id, names) => {
  const rounds = perInput.get(id);
  const first = rounds[0];
  return {
    id,
    bytes: first.bytes,
    ...timedRows(rounds, names),
    lintNsPerByte: (summary(rounds.map((x) => x.ms.lint)).median * 1e6) / first.bytes,
    problems: first.problems,
    rules: first.problems.lintRules,
    verdicts: first.verdicts,
  };
};

// The CloudFormation row: lint against the `yaml` package's parseDocument, per round, as above.
const YAML_ROWS = ['yaml parseDocument', 'yaml parseDocument (front-end options)', 'lint'];
const cloudformation = inputs
  .filter((i) => i.cloudformation)
  .map(({ id }) => {
    const rounds = perInput.get(id);
    return {
      ...figuresOf(id, YAML_ROWS),
      ratios: {
        'lint / parseDocument': summary(rounds.map((x) => x.ms.lint / x.ms['yaml parseDocument'])),
        'lint / parseDocument (front-end options)': summary(rounds.map((x) => x.ms.lint / x.ms['yaml parseDocument (front-end options)'])),
      },
    };
  });

// The Terraform plan row: lint against JSON.parse per round, and the CLI's peak memory (one process per plan,
// its own maxRSS written at exit by lib/peak.cjs) against the plan's size (the target: at most 3x).
const plans = inputs
  .filter((i) => i.plan)
  .map(({ id }) => {
    const rounds = perInput.get(id);
    const peakFile = path.join(work, `${id}.peak.json`);
    const plan = planFiles.find((p) => p.id === id);
    const child = spawnSync(
      process.execPath,
      // No --max-file-size: a plan is read up to the CLI's limit for plans (issue 13).
      ['--require', './bench/lib/peak.cjs', 'dist/cli.js', 'lint', '--format', 'json', plan.file],
      { env: { ...process.env, BENCH_PEAK_FILE: peakFile }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const peak = existsSync(peakFile) ? JSON.parse(readFileSync(peakFile, 'utf8')) : undefined;
    return {
      ...figuresOf(id, ['JSON.parse', 'lint']),
      ratio: summary(rounds.map((x) => x.ms.lint / x.ms['JSON.parse'])),
      cli: peak && { exitCode: child.status, maxRssBytes: peak.maxRssKb * 1024, cpuMs: peak.userMs + peak.systemMs },
    };
  });

// The Terraform (HCL) row: lint against web-tree-sitter's parse per round (the target: at most 1.5x).
const HCL_ROWS = ['tree-sitter parse', 'lint'];
const terraform = inputs
  .filter((i) => i.hcl)
  .map(({ id }) => ({ ...figuresOf(id, HCL_ROWS), ratio: summary(perInput.get(id).map((x) => x.ms.lint / x.ms['tree-sitter parse'])) }));

// ---- CLI over the corpus: whole processes -----------------------------------------------------
let cli = { skipped: 'dist/cli.js does not exist yet' };
if (args.includes('--no-cli') || LINT_ONLY) cli = { skipped: LINT_ONLY ? '--lint-only' : '--no-cli' };
else if (existsSync('dist/cli.js')) {
  const outFile = path.join(work, 'cli-output.json');
  // bash's `time` gives the child's wall-clock and CPU (user + sys, all its threads) time.
  const runProcess = (argv) => {
    const child = spawnSync('bash', ['-c', 'TIMEFORMAT="%3R %3U %3S"; time "$0" "$@" > "$BENCH_OUT"', process.execPath, ...argv], {
      env: { ...process.env, BENCH_OUT: outFile },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = child.stderr.trim().split('\n');
    const [real, user, sys] = lines.pop().split(' ').map(Number);
    return { wall: real * 1000, cpu: (user + sys) * 1000, status: child.status, stderr: lines.join('\n') };
  };
  const cliArgs = ['dist/cli.js', 'lint', '--format', 'json', corpusDir];
  const floorArgs = ['bench/read-parse.mjs', corpusDir];
  // Warm-up: the file cache and Node's compile cache, for both.
  runProcess(floorArgs);
  const warm = runProcess(cliArgs);
  if (warm.status !== 0 && warm.status !== 1) log(`the CLI exited with ${warm.status}: ${warm.stderr.slice(0, 300)}`);
  let reported;
  try {
    const out = JSON.parse(readFileSync(outFile, 'utf8'));
    reported = Array.isArray(out)
      ? out.length
      : Array.isArray(out?.files)
        ? out.files.length
        : Array.isArray(out?.results)
          ? out.results.length
          : undefined;
  } catch (e) {
    reported = `output is not JSON (${String(e.message).slice(0, 80)})`;
  }
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push({ floor: runProcess(floorArgs), cli: runProcess(cliArgs) });
  const of = (who, kind) => summary(rounds.map((x) => x[who][kind]));
  cli = {
    files: corpus.length,
    bytes: corpus.reduce((a, p) => a + p.text.length, 0),
    exitCode: warm.status,
    stderr: warm.stderr.slice(0, 300),
    filesReported: reported,
    cli: of('cli', 'cpu'),
    readParse: of('floor', 'cpu'),
    ratio: summary(rounds.map((x) => x.cli.cpu / x.floor.cpu)),
    wall: { cli: of('cli', 'wall'), readParse: of('floor', 'wall'), ratio: summary(rounds.map((x) => x.cli.wall / x.floor.wall)) },
  };
  log(`CLI done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

// ---- the CLI on 10 MB hostile files (issue 10) -----------------------------------------------------
let hostile = { skipped: args.includes('--no-hostile') || LINT_ONLY ? '--no-hostile' : 'dist/cli.js does not exist yet' };
if (!args.includes('--no-hostile') && !LINT_ONLY && existsSync('dist/cli.js')) {
  const { rows, lines: hostileLines, rounds } = runHostileBench({ rounds: Math.min(ROUNDS, 3), log });
  hostile = { rounds, rows, lines: hostileLines };
  log(`hostile files done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

// ---- extension bundles and the editor figures ------------------------------------------------
const bundle = (f) => (existsSync(f) ? { bytes: statSync(f).size, gzip: gzipSync(readFileSync(f)).length } : undefined);
const extension = { node: bundle('dist/extension.js'), web: bundle('dist/web/extension.js') };
// What the node bundle is made of: the same esbuild options as scripts/build.mjs, with a metafile.
if (existsSync('src/extension/extension.ts')) {
  try {
    const built = await build({
      entryPoints: ['src/extension/extension.ts'],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      mainFields: ['module', 'main'],
      target: 'es2022',
      legalComments: 'none',
      write: false,
      metafile: true,
      logLevel: 'silent',
      outfile: 'extension.js',
    });
    const parts = {};
    for (const [file, v] of Object.entries(Object.values(built.metafile.outputs)[0].inputs)) {
      const area = file.replace(/^src\/(core\/[^/]+|[^/]+).*/, 'src/$1').replace(/^node_modules\/((?:@[^/]+\/)?[^/]+).*/, '$1');
      parts[area] = (parts[area] ?? 0) + v.bytesInOutput;
    }
    extension.nodeBySource = Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1]));
  } catch (e) {
    log(`bundle breakdown failed: ${e.message}`);
  }
}
let editor;
if (existsSync('bench/results/editor.json')) {
  try {
    editor = JSON.parse(readFileSync('bench/results/editor.json', 'utf8'));
  } catch {
    editor = undefined;
  }
}

// ---- targets --------------------------------------------------------------------------------
const generated = sizes.filter((s) => s.id !== 'corpus');
const worst = (label) => generated.reduce((w, s) => (!w || s.ratios[label].median > w.ratios[label].median ? s : w), undefined);
const targets = [];
// `use`: how much of the limit the figure uses (figure / limit); a target met with less than 10% to spare
// is marked as narrow, because run-to-run noise on a shared machine can flip it.
const target = (name, measured, met, use) => targets.push({ name, measured, met, ...(use !== undefined ? { use } : {}) });
const fx = (n) => `${n.toFixed(2)}x`;
if (generated.length && !LINT_ONLY) {
  const w1 = worst('lint / parseTree');
  target(
    'lint <= 1.5x parseTree at every size',
    `worst ${fx(w1.ratios['lint / parseTree'].median)} (${w1.id}); ${generated.map((s) => `${s.id} ${fx(s.ratios['lint / parseTree'].median)}`).join(', ')}`,
    generated.every((s) => s.ratios['lint / parseTree'].median <= 1.5),
    w1.ratios['lint / parseTree'].median / 1.5,
  );
  const w2 = worst('lint / language service');
  target(
    'lint <= 1/4 of the language service at every size',
    `worst ${fx(w2.ratios['lint / language service'].median)} (${w2.id}); ${generated.map((s) => `${s.id} ${fx(s.ratios['lint / language service'].median)}`).join(', ')}`,
    generated.every((s) => s.ratios['lint / language service'].median <= 0.25),
    w2.ratios['lint / language service'].median / 0.25,
  );
}
if (cloudformation.length) {
  const label = 'lint / parseDocument';
  const w = cloudformation.reduce((a, s) => (!a || s.ratios[label].median > a.ratios[label].median ? s : a), undefined);
  target(
    "CloudFormation YAML: lint <= 1.5x the yaml package's parseDocument at 10 KB, 100 KB and 1 MB",
    `worst ${fx(w.ratios[label].median)} (${w.id}); ${cloudformation.map((s) => `${s.id} ${fx(s.ratios[label].median)}`).join(', ')}`,
    cloudformation.every((s) => s.ratios[label].median <= 1.5),
    w.ratios[label].median / 1.5,
  );
}
if (plans.length) {
  const last = plans.at(-1);
  target(
    'Terraform plan: the CLI lints the largest plan in peak memory <= 3x its size',
    plans.map((s) => `${s.id} ${s.cli ? fx(s.cli.maxRssBytes / s.bytes) : 'n/a'}`).join(', '),
    last.cli !== undefined && last.cli.maxRssBytes <= 3 * last.bytes,
    last.cli ? last.cli.maxRssBytes / last.bytes / 3 : undefined,
  );
}
if (terraform.length) {
  const w = terraform.reduce((a, b) => (b.ratio.median > a.ratio.median ? b : a));
  target(
    "Terraform: lint <= 1.5x web-tree-sitter's parse of the same .tf (10 KB to 1 MB)",
    `worst ${fx(w.ratio.median)} (${w.id}); ${terraform.map((s) => `${s.id} ${fx(s.ratio.median)}`).join(', ')}`,
    terraform.every((s) => s.ratio.median <= 1.5),
    w.ratio.median / 1.5,
  );
}
const s100 = sizes.find((s) => s.id === '100KB');
const s10 = sizes.find((s) => s.id === '10MB');
if (s100 && s10) {
  const r = s10.lintNsPerByte / s100.lintNsPerByte;
  target(
    'linear: ns/byte at 10 MB <= 1.5x ns/byte at 100 KB',
    `${s10.lintNsPerByte.toFixed(1)} vs ${s100.lintNsPerByte.toFixed(1)} ns/byte = ${fx(r)}`,
    r <= 1.5,
    r / 1.5,
  );
}
if (cli.ratio)
  target(
    'CLI over the corpus <= 1.5x read + JSON.parse process',
    `${fx(cli.ratio.median)} CPU (${ms(cli.cli.median)} vs ${ms(cli.readParse.median)} ms); wall ${fx(cli.wall.ratio.median)}`,
    cli.ratio.median <= 1.5,
    cli.ratio.median / 1.5,
  );
else target('CLI over the corpus <= 1.5x read + JSON.parse process', `not measured: ${cli.skipped}`, undefined);
if (hostile.rows) {
  const [normal, ...kinds] = hostile.rows;
  const worstTime = kinds.reduce((w, r) => (r.timeRatio > w.timeRatio ? r : w));
  const worstMemory = kinds.reduce((w, r) => ((r.memoryRatio ?? Infinity) > (w.memoryRatio ?? Infinity) ? r : w));
  target(
    `CLI on each 10 MB hostile file <= ${TIME_FACTOR}x the time and ${MEMORY_FACTOR}x the peak memory of a normal 10 MB policy`,
    `normal ${ms(normal.wallMs)} ms, ${(normal.maxRssKb / 1024).toFixed(0)} MB; worst time ${worstTime.timeRatio.toFixed(2)}x (${worstTime.id}), ` +
      `worst memory ${worstMemory.memoryRatio === undefined ? 'died' : `${worstMemory.memoryRatio.toFixed(2)}x`} (${worstMemory.id})`,
    kinds.every((r) => r.met),
    Math.max(worstTime.timeRatio / TIME_FACTOR, (worstMemory.memoryRatio ?? Infinity) / MEMORY_FACTOR),
  );
} else target('CLI on each 10 MB hostile file within 10x a normal 10 MB policy', `not measured: ${hostile.skipped}`, undefined);
if (extension.node)
  target('dist/extension.js <= 100 KB', `${(extension.node.bytes / 1024).toFixed(1)} KB`, extension.node.bytes <= 100 * 1024);
if (editor?.activationMs !== undefined) {
  // VS Code's activation time includes loading the bundle: judged on both together when measured.
  const total = editor.activationWithLoadMs ?? editor.activationMs;
  target(
    'activation <= 20 ms',
    `${ms(total)} ms${editor.moduleLoadMs !== undefined ? ` (loading the bundle ${ms(editor.moduleLoadMs)} + activate() ${ms(editor.activationMs)})` : ''}`,
    total <= 20,
  );
} else target('activation <= 20 ms', 'not measured: no bench/results/editor.json (run `npm run bench:editor`)', undefined);
if (editor?.overDebounceMs) {
  // Judged from the moment the edit reaches the extension host (its change event) to the diagnostics the
  // extension publishes there: what the extension controls. The round trip of workspace.applyEdit through
  // the workbench (here a browser over a WebSocket) is shown beside it.
  const own = editor.changeEventToDiagnosticsMs ?? editor.overDebounceMs;
  target(
    'edit-to-diagnostics <= debounce + 5 ms',
    `debounce ${editor.debounceMs} ms + ${ms(own.median)} ms (median, from the host's change event; min ${ms(own.min)})` +
      (editor.controlTimerLatenessMs
        ? `, of which a bare ${editor.debounceMs} ms timer in that host is late by ${ms(editor.controlTimerLatenessMs.median)} ms; `
        : '; ') +
      `from workspace.applyEdit, through the workbench: debounce + ${ms(editor.overDebounceMs.median)} ms`,
    own.median <= 5,
  );
} else target('edit-to-diagnostics <= debounce + 5 ms', 'not measured: no bench/results/editor.json', undefined);

// ---- report ---------------------------------------------------------------------------------
const mm = (s) => `${ms(s.min)} / ${ms(s.median)}`;
const lines = [];
machine.loadAtEnd = loadavg()[0];
lines.push(
  `Machine: ${machine.nproc} cores (\`nproc\`), ${machine.cpu}, Node ${machine.node}, ${machine.platform}; ` +
    `load average ${machine.loadAtStart.toFixed(1)} at the start and ${machine.loadAtEnd.toFixed(1)} at the end (other jobs share the machine).`,
);
lines.push('');
const clockKind = perInput.get(inputs[0]?.id)?.[0]?.clock;
lines.push(
  `${ROUNDS} rounds; each round is a fresh Node process per input that warms every row up, then times every row in interleaved samples (the round's figure is the median of its samples). ` +
    `Cells are min / median milliseconds over the rounds for one pass over the input` +
    (clockKind === 'process-cpu'
      ? ` in CPU time of the measuring process (user + system, all its threads, so the GC's helpers count), so that other processes on this shared machine do not inflate them; wall-clock figures are in bench/results/bench.json. `
      : ` (wall clock). `) +
    `Ratios are taken per round (both figures from the same process) and their median is shown. ` +
    `The language service is vscode-json-languageservice's parseJSONDocument + doValidation with \`${schemaPath}\`.`,
);
lines.push('');
if (!LINT_ONLY && sizes.length)
  lines.push(
    table(
      [
        'input',
        'size',
        'JSON.parse',
        'jsonc visit',
        'jsonc parseTree',
        'language service',
        '**lint**',
        'lint ns/byte',
        ...Object.values(RATIOS),
      ],
      sizes.map((s) => [
        s.id === 'corpus' ? `corpus (${s.docs} AWS managed policies)` : s.id,
        bytes(s.bytes),
        ...ROWS.map((r) => (r === 'lint' ? `**${mm(s.rows[r])}**` : mm(s.rows[r]))),
        s.lintNsPerByte.toFixed(1),
        ...Object.values(RATIOS).map((l) => fx(s.ratios[l].median)),
      ]),
    ),
  );
lines.push('');
if (BASELINE) {
  lines.push(
    `Lint against the baseline core (${BASELINE.label}), timed in the same processes as the rows above, interleaved with them; ` +
      `the ratio is taken per round and its median shown; target: every row within 5% (<= 1.05x) or faster.`,
  );
  lines.push('');
  lines.push(
    table(
      ['input', 'baseline lint', '**lint**', 'lint / baseline', 'within 5%?', 'same findings?'],
      sizes.map((s) => [
        s.id === 'corpus' ? `corpus (${s.docs})` : s.id,
        mm(s.baseline.rows),
        `**${mm(s.rows.lint)}**`,
        fx(s.baseline.ratio.median),
        s.baseline.ratio.median <= 1.05 ? 'yes' : '**no**',
        s.problems.baseline === s.problems.lint ? 'yes' : `no (${s.problems.baseline} vs ${s.problems.lint})`,
      ]),
    ),
  );
  lines.push('');
}
if (cloudformation.length) {
  lines.push(
    `CloudFormation YAML (issue 12): generated templates (\`bench/lib/cloudformation.mjs\`: roles with inline and trust policies, managed, bucket and queue policies ` +
      `between buckets, tables, queues and functions, short-form intrinsics in block and flow style, AWS's MFA policy in \${AWS::Partition} form), ` +
      `linted as YAML by the core with its YAML front-end, against the \`yaml\` package's own \`parseDocument\` of the same text: with its defaults, ` +
      `and with the options the front-end passes it (\`uniqueKeys: false\`, the short-form tags registered: what lint itself pays the parser). Same rounds and cells as above.`,
  );
  lines.push('');
  lines.push(
    table(
      [
        'input',
        'size',
        'parseDocument',
        'parseDocument (front-end options)',
        '**lint**',
        'lint ns/byte',
        '**lint / parseDocument**',
        'lint / parseDocument (front-end options)',
        'lint found',
      ],
      cloudformation.map((s) => [
        s.id,
        bytes(s.bytes),
        mm(s.rows['yaml parseDocument']),
        mm(s.rows['yaml parseDocument (front-end options)']),
        `**${mm(s.rows.lint)}**`,
        s.lintNsPerByte.toFixed(1),
        `**${fx(s.ratios['lint / parseDocument'].median)}**`,
        fx(s.ratios['lint / parseDocument (front-end options)'].median),
        `${Object.values(s.verdicts).reduce((a, b) => a + b, 0)} policies (${Object.entries(s.verdicts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}); ${s.problems.lint} findings (${Object.entries(s.rules ?? {})
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')})`,
      ]),
    ),
  );
  lines.push('');
}
/** An input's first cells: its name and size, the floor's time and lint's (min / median), lint's ns per byte and its ratio to the floor. */
const lintCells = (s, floor) => [
  s.id,
  bytes(s.bytes),
  mm(s.rows[floor]),
  `**${mm(s.rows.lint)}**`,
  s.lintNsPerByte.toFixed(1),
  `**${fx(s.ratio.median)}**`,
];
/** What lint found on an input: policies, findings, findings by rule. */
const foundCell = (s) =>
  `${Object.values(s.verdicts).reduce((a, b) => a + b, 0)} policies; ${s.problems.lint} findings (${Object.entries(s.rules ?? {})
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')})`;
if (plans.length) {
  lines.push(
    'Terraform plans (issue 13): generated `terraform show -json` plans (`bench/lib/terraform-plan.mjs`: instances, security groups, buckets, ' +
      'tables and log groups among IAM, bucket, queue and organization policies, in child modules too, minified on one line), linted as ' +
      '`plan.json` against `JSON.parse` of the same text (same rounds and cells as above), and the CLI on the plan as a file: its peak ' +
      "resident memory (whole process, Node included) against the plan's size. Why plans are read as they are: docs/decisions/terraform-plans.md.",
  );
  lines.push('');
  lines.push(
    table(
      [
        'input',
        'size',
        'JSON.parse',
        '**lint**',
        'lint ns/byte',
        '**lint / JSON.parse**',
        'CLI peak RSS',
        '**CLI peak RSS / size**',
        'lint found',
      ],
      plans.map((s) => [
        ...lintCells(s, 'JSON.parse'),
        s.cli ? bytes(s.cli.maxRssBytes) : 'n/a',
        s.cli ? `**${fx(s.cli.maxRssBytes / s.bytes)}**` : 'n/a',
        foundCell(s),
      ]),
    ),
  );
  lines.push('');
}
if (terraform.length) {
  lines.push(
    'Terraform (issue 13): generated `.tf` files (`bench/lib/terraform-hcl.mjs`: variables, instances, security groups, buckets and ' +
      'outputs among aws_iam_policy_document data sources with statements, conditions and dynamic statements, jsonencode policies, ' +
      "heredoc and quoted JSON policies), linted as `main.tf` by the core with its HCL reader loaded, against web-tree-sitter's own " +
      '`parser.parse` of the same text with the same grammar (same rounds and cells as above). Why: docs/decisions/hcl-parser.md.',
  );
  lines.push('');
  lines.push(
    table(
      ['input', 'size', 'tree-sitter parse', '**lint**', 'lint ns/byte', '**lint / parse**', 'lint found'],
      terraform.map((s) => [...lintCells(s, 'tree-sitter parse'), foundCell(s)]),
    ),
  );
  lines.push('');
}
if (sizes.length)
  lines.push(
    `Sanity: ${sizes
      .map(
        (s) =>
          `${s.id}: lint ${s.problems.lint} findings, ${
            Object.entries(s.verdicts)
              .map(([k, v]) => `${v} ${k}`)
              .join(' ') || 'no policies'
          }; language service ${s.problems.languageService} problems`,
      )
      .join('; ')}.`,
  );
lines.push('');
if (cli.ratio) {
  lines.push(
    `CLI over the corpus (${cli.files} files, ${bytes(cli.bytes)}; whole processes, ${ROUNDS} rounds after a warm-up; CPU = user + sys of the process, all threads; ` +
      `CLI exit code ${cli.exitCode}, files in its JSON output: ${cli.filesReported}):`,
  );
  lines.push('');
  lines.push(
    table(
      ['process', 'CPU min / median ms', 'wall min / median ms', 'ratio to read + parse, CPU (wall)'],
      [
        ['`node bench/read-parse.mjs <dir>` (read + JSON.parse)', mm(cli.readParse), mm(cli.wall.readParse), '1.00x'],
        [
          '`node dist/cli.js lint --format json <dir>`',
          mm(cli.cli),
          mm(cli.wall.cli),
          `${fx(cli.ratio.median)} (${fx(cli.wall.ratio.median)})`,
        ],
      ],
    ),
  );
} else lines.push(`CLI over the corpus: ${cli.skipped}.`);
lines.push('');
if (hostile.lines) lines.push(...hostile.lines);
else lines.push(`Hostile 10 MB files: ${hostile.skipped}.`);
if (!args.includes('--no-audit') && !LINT_ONLY && !ONLY)
  lines.push(...(await import('./audit.mjs')).auditBenchLines({ rounds: Math.min(ROUNDS, 3), log })); // bench/audit.mjs (issue 15)
lines.push('');
const extRows = [];
for (const [name, b] of [
  ['dist/extension.js', extension.node],
  ['dist/web/extension.js', extension.web],
]) {
  extRows.push([name, b ? `${b.bytes} B (${(b.bytes / 1024).toFixed(1)} KB)` : 'missing', b ? `${(b.gzip / 1024).toFixed(1)} KB` : '']);
}
lines.push(table(['bundle', 'size (minified)', 'gzip'], extRows));
if (extension.nodeBySource) {
  lines.push('');
  lines.push(
    `dist/extension.js by source: ${Object.entries(extension.nodeBySource)
      .filter(([, b]) => b >= 512)
      .map(([k, b]) => `${k} ${(b / 1024).toFixed(1)} KB`)
      .join(', ')}.`,
  );
}
lines.push('');
if (editor) {
  lines.push(
    `Editor (from bench/results/editor.json, measured ${editor.measuredAt ?? 'at an unknown time'} inside the real extension host${editor.vscodeVersion ? ` of VS Code ${editor.vscodeVersion}` : ''}${editor.extensionHostKind ? `, ${editor.extensionHostKind} host` : ''}):`,
  );
  lines.push('');
  const rows = [['activate() (its activationMs)', `${ms(editor.activationMs)} ms`]];
  if (editor.moduleLoadMs !== undefined)
    rows.push(['loading dist/extension.js (compile + top level, fresh source)', `${ms(editor.moduleLoadMs)} ms`]);
  if (editor.latencyMs) {
    rows.push([
      `edit -> diagnostics, ${bytes(editor.docBytes ?? 0)} policy, ${editor.edits} edits after ${editor.warmupEdits ?? 0} warm-up (min / median)`,
      `${mm(editor.latencyMs)} ms`,
    ]);
  }
  if (editor.firstEditMs !== undefined) {
    const fromHost =
      editor.firstEditFromChangeEventMs !== undefined ? ` (from the host's change event: ${ms(editor.firstEditFromChangeEventMs)} ms)` : '';
    rows.push(['the first edit after opening (warm-up)', `${ms(editor.firstEditMs)} ms${fromHost}`]);
  }
  if (editor.debounceMs !== undefined) rows.push(['of which debounce (forceMfa.debounceMs)', `${editor.debounceMs} ms`]);
  if (editor.overDebounceMs) rows.push(['edit -> diagnostics minus debounce (min / median)', `${mm(editor.overDebounceMs)} ms`]);
  if (editor.changeEventToDiagnosticsMs) {
    rows.push([
      "the host's change event -> diagnostics, minus debounce (min / median; below 0 when a code-action request lints before the debounce ends)",
      `${mm(editor.changeEventToDiagnosticsMs)} ms`,
    ]);
  }
  if (editor.controlTimerLatenessMs) {
    rows.push([
      `control: how late a ${editor.debounceMs} ms timer started at the same change event fires in that host (min / median)`,
      `${mm(editor.controlTimerLatenessMs)} ms`,
    ]);
  }
  if (editor.lintInHostMs)
    rows.push(['core lint of that policy inside the extension host (min / median)', `${mm(editor.lintInHostMs)} ms`]);
  if (editor.editKind) rows.push(['the edit', editor.editKind]);
  lines.push(table(['editor figure', 'value'], rows));
} else lines.push('Editor: no bench/results/editor.json yet; run `npm run bench:editor` (the integration suite inside a real VS Code).');
lines.push('');
const verdict = (t) =>
  t.met === undefined ? 'not measured' : !t.met ? '**missed**' : t.use > 0.9 ? 'met, narrowly (under 10% to spare)' : 'met';
lines.push(
  table(
    ['target', 'measured', 'met?'],
    targets.map((t) => [t.name, t.measured, verdict(t)]),
  ),
);
const markdown = lines.join('\n');
console.log(markdown);

const elapsed = (performance.now() - started) / 1000;
// CPU seconds of this process and of every child it waited for (/proc/self/stat utime, stime, cutime, cstime).
const cpuSeconds = (() => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
})();
log(`finished in ${elapsed.toFixed(0)} s${cpuSeconds !== undefined ? ` (${cpuSeconds.toFixed(0)} CPU-seconds, build not included)` : ''}`);
if (!args.includes('--no-write') && !ONLY && !BASELINE) {
  mkdirSync('bench/results', { recursive: true });
  const result = {
    date: new Date().toISOString(),
    machine,
    rounds: ROUNDS,
    seed: SEED,
    schema: schemaPath,
    corpusPolicies: corpus.length,
    sizes,
    cloudformation,
    plans,
    terraform,
    cli,
    hostile: hostile.rows ? { rounds: hostile.rounds, rows: hostile.rows } : hostile,
    extension,
    editor,
    targets,
    seconds: elapsed,
    cpuSeconds,
  };
  writeFileSync('bench/results/bench.json', JSON.stringify(result, null, 2) + '\n');
  writeFileSync('bench/results/bench.md', markdown + '\n');
}
