// `node bench/parser.mjs [--rounds N] [--only 1KB,...] [--baseline <git revision>]`
// Our JSON front-end alone (parse(): the pasted-character pre-pass, the scanner and the tree builder,
// bundled minified as in dist/) against JSON.parse, jsonc-parser's visit and its parseTree, on the
// benchmark's generated policies and the AWS managed-policy corpus. With --baseline, the parse() of
// that revision is a row too. Each round is a fresh process per input; rows are timed in interleaved
// samples of process CPU time, as in bench/round.mjs. The figures behind docs/decisions/json-parser.md.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { generatePolicy, SIZES } from './lib/generate.mjs';
import { loadManagedPolicies } from './lib/corpus.mjs';
import { bytes, median, summary, table } from './lib/stats.mjs';
import { exportRevision } from './lib/baseline.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

if (args[0] === '--child') await child(args[1]);
else await main();

async function main() {
  const rounds = Number(option('--rounds') ?? 5);
  const only = option('--only')?.split(',');
  const work = mkdtempSync(path.join(tmpdir(), 'force-mfa-parser-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  const log = (m) => process.stderr.write(`[parser] ${m}\n`);
  const bundle = async (dir, out) => {
    await build({
      entryPoints: [path.join(dir, 'src/core/document/parse.ts')],
      outfile: out,
      bundle: true,
      minify: true,
      platform: 'neutral',
      format: 'cjs',
      target: 'es2022',
      logLevel: 'warning',
    });
    return out;
  };
  const ours = await bundle(root, path.join(work, 'parse.cjs'));
  const baseline = option('--baseline') && {
    ...exportRevision(option('--baseline'), root, log),
    file: path.join(work, 'parse-baseline.cjs'),
  };
  if (baseline) await bundle(baseline.dir, baseline.file);
  const inputs = SIZES.map((s) => ({ id: s.id, texts: () => [generatePolicy(s.bytes, 42)] }));
  inputs.push({ id: 'corpus', texts: () => loadManagedPolicies().map((p) => p.text) });
  const results = [];
  for (const input of inputs.filter((i) => !only || only.includes(i.id))) {
    const file = path.join(work, `${input.id}.json`);
    const texts = input.texts();
    writeFileSync(file, JSON.stringify({ texts, ours, baseline: baseline?.file }));
    const per = [];
    for (let r = 0; r < rounds; r++) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (run.status !== 0) throw new Error(run.stderr);
      per.push(JSON.parse(run.stdout));
    }
    results.push({ id: input.id, bytes: texts.reduce((a, t) => a + t.length, 0), docs: texts.length, per });
    log(`${input.id} done`);
  }
  const names = Object.keys(results[0].per[0]);
  const ratio = (x, row) => summary(x.per.map((p) => p['parse (ours)'] / p[row]));
  const us = (v) => (v >= 0.1 ? Math.round(v * 1000).toLocaleString('en-US') : (v * 1000).toPrecision(3));
  console.log(
    `${rounds} rounds; cells are min / median microseconds of process CPU time for one pass over the input${baseline ? `; baseline: ${baseline.label}` : ''}.\n`,
  );
  console.log(
    table(
      ['input', 'size', ...names, 'ours / parseTree', 'ours / visit', ...(baseline ? ['ours / baseline'] : [])],
      results.map((x) => [
        x.id === 'corpus' ? `corpus (${x.docs})` : x.id,
        bytes(x.bytes),
        ...names.map((n) => {
          const s = summary(x.per.map((p) => p[n]));
          return `${us(s.min)} / ${us(s.median)}`;
        }),
        `${ratio(x, 'jsonc parseTree').median.toFixed(2)}x`,
        `${ratio(x, 'jsonc visit').median.toFixed(2)}x`,
        ...(baseline ? [`${ratio(x, 'parse (baseline)').median.toFixed(2)}x`] : []),
      ]),
    ),
  );
}

/** One round for one input: every row warmed up, then timed in interleaved samples; prints the medians. */
async function child(file) {
  const require = createRequire(import.meta.url);
  const { texts, ours, baseline } = JSON.parse(readFileSync(file, 'utf8'));
  // Each jsonc-parser row gets its own copy of the library, as in bench/round.mjs.
  const jsonc = (row) => {
    const dir = mkdtempSync(path.join(tmpdir(), `force-mfa-parser-jsonc-${row}-`));
    cpSync(path.dirname(require.resolve('jsonc-parser')), dir, { recursive: true });
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return require(path.join(dir, 'main.js'));
  };
  const { visit } = jsonc('visit');
  const { parseTree } = jsonc('parseTree');
  const parse = require(ours).parse;
  const parseBaseline = baseline ? require(baseline).parse : undefined;
  let sink = 0;
  const rows = {
    'JSON.parse': () => texts.forEach((t) => (sink += JSON.parse(t) ? 1 : 0)),
    'jsonc visit': () => texts.forEach((t) => visit(t, {})),
    'jsonc parseTree': () => texts.forEach((t) => (sink += parseTree(t, []) ? 1 : 0)),
    'parse (ours)': () => texts.forEach((t) => (sink += parse(t).root ? 1 : 0)),
    ...(parseBaseline ? { 'parse (baseline)': () => texts.forEach((t) => (sink += parseBaseline(t).root ? 1 : 0)) } : {}),
  };
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const entries = Object.entries(rows);
  const perBatch = {};
  for (const [name, run] of entries) {
    const start = cpu();
    run();
    const first = Math.max(cpu() - start, 0.001);
    perBatch[name] = Math.max(1, Math.round(20 / first));
    // Warm-up: at least 6,000 documents or 300 ms, as the JIT needs thousands of calls on small ones.
    for (let done = 0; done * texts.length < 6000 || cpu() - start < 300; done++) {
      run();
      if (cpu() - start > 3000) break;
    }
  }
  const samples = Object.fromEntries(entries.map(([n]) => [n, []]));
  for (let k = 0; k < 9; k++) {
    for (let j = 0; j < entries.length; j++) {
      const [name, run] = entries[(j + k) % entries.length];
      const t = cpu();
      for (let i = 0; i < perBatch[name]; i++) run();
      samples[name].push((cpu() - t) / perBatch[name]);
    }
  }
  process.stdout.write(JSON.stringify(Object.fromEntries(entries.map(([n]) => [n, median(samples[n])]))) + (sink ? '\n' : ' \n'));
}
