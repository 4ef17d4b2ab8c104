// The full share of the robustness properties (docs/robustness.md): 100,000 hostile inputs to lint,
// 12,000 generated policies whose every fix is round-tripped, the verdict-stability properties, then the
// huge inputs (deep nesting, a 50 MB line, 10,000 statements) with their times.
// Run with `npm run fuzz`. Options:
//   --only <name>[,<name>]   run only these properties (names: see --list); "hostile" = the huge inputs
//                            (hostile-inputs-within-budget = the hostile-input family, counted at n and 2n)
//   --seed <n>               seed (default: a new one each run, printed)
//   --path <p>               replay the counterexample path printed by a failure (with --seed)
//   --runs <n>               runs per property instead of its full count
//   --scale <x>              multiply every full count (e.g. 0.1 for a quick look)
//   --hang-ms <n>            no progress for n ms is a failure: a hang (default 60000)
//   --list                   list the properties and exit
// The properties run in a worker thread; the main thread is a watchdog: when the worker makes no
// progress for --hang-ms, it stops the worker and prints the input that hung (a frozen editor is as
// bad as a crash).
import { parseArgs } from 'node:util';
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seed: { type: 'string' },
    path: { type: 'string' },
    runs: { type: 'string' },
    scale: { type: 'string' },
    list: { type: 'boolean' },
    'hang-ms': { type: 'string' },
  },
});

/** Longest text the watchdog keeps (UTF-16 code units). */
const TRACE_CHARS = 1 << 20;
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);

// The TypeScript modules load through tsx's API: a worker thread does not inherit `--import tsx`.
async function loadSuite() {
  const { tsImport } = await import('tsx/esm/api');
  return tsImport('../test/property/suite.ts', import.meta.url);
}

if (values.list) {
  const { PROPERTIES } = await loadSuite();
  for (const p of PROPERTIES) console.log(`${p.name}  (full ${p.full}, npm test ${p.ci})`);
  console.log('hostile  (deep nesting, 50 MB line, 10,000 statements, 5 MB files of each hostile kind)');
} else if (isMainThread) {
  watchdog();
} else {
  await runFuzz();
}

function watchdog() {
  // [progress counter, text length, options length], the text being linted, its options (JSON).
  const header = new Int32Array(new SharedArrayBuffer(12));
  const textBuf = new Uint16Array(new SharedArrayBuffer(TRACE_CHARS * 2));
  const optBuf = new Uint16Array(new SharedArrayBuffer(4096 * 2));
  const hangMs = Number(values['hang-ms'] ?? 60_000);
  const seed = values.seed !== undefined ? Number(values.seed) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    workerData: { header, textBuf, optBuf, seed },
    resourceLimits: { maxOldGenerationSizeMb: 4096 },
  });
  let last = -1;
  let since = Date.now();
  const timer = setInterval(() => {
    const now = Atomics.load(header, 0);
    if (now !== last) {
      last = now;
      since = Date.now();
      return;
    }
    if (Date.now() - since < hangMs) return;
    clearInterval(timer);
    const total = Atomics.load(header, 1);
    let text = '';
    for (let i = 0; i < Math.min(total, TRACE_CHARS); i++) text += String.fromCharCode(textBuf[i]);
    let options = '';
    for (let i = 0; i < Atomics.load(header, 2); i++) options += String.fromCharCode(optBuf[i]);
    const file = path.join(os.tmpdir(), `force-mfa-hang-${seed}.json`);
    writeFileSync(file, JSON.stringify({ text, options: JSON.parse(options || '{}'), truncated: total > TRACE_CHARS }));
    console.log(`FAIL HANG: no progress for ${fmt(hangMs)} (seed ${seed}). The input being linted (${total} chars), saved to ${file}:`);
    console.log(`     ${JSON.stringify(text.slice(0, 3000))}${text.length > 3000 ? ' ...' : ''}\n     options: ${options}`);
    process.exitCode = 1;
    void worker.terminate();
  }, 1000);
  worker.on('exit', (code) => {
    clearInterval(timer);
    process.exitCode ||= code;
  });
  worker.on('error', (e) => {
    clearInterval(timer);
    console.log(`FAIL the fuzz worker crashed: ${e.stack ?? e}`);
    process.exitCode = 1;
  });
}

async function runFuzz() {
  const {
    PROPERTIES,
    runProperty,
    newStats,
    assertWellFormed,
    applyEdits,
    editsOf,
    lint,
    setTracer,
    HOSTILE_INPUTS,
    workSnapshot,
    workSince,
    WORK_PER_CHAR,
    outputSize,
    terraformReader,
  } = await loadSuite();
  await terraformReader;
  const { header, textBuf, optBuf, seed } = workerData;
  setTracer((text, options) => {
    const n = Math.min(text.length, TRACE_CHARS);
    for (let i = 0; i < n; i++) textBuf[i] = text.charCodeAt(i);
    const o = JSON.stringify(options ?? {}).slice(0, 4096);
    for (let i = 0; i < o.length; i++) optBuf[i] = o.charCodeAt(i);
    Atomics.store(header, 1, text.length);
    Atomics.store(header, 2, o.length);
    Atomics.add(header, 0, 1);
  });

  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const scale = values.scale !== undefined ? Number(values.scale) : 1;
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
    // Titles name their actions: group them by kind.
    const kinds = new Map();
    for (const [title, n] of stats.fixesByTitle) {
      const kind = title
        .replace(/^(Exempt the enrolment actions): .*$/, '$1: ...')
        .replace(/^Remove \S+ from the exemptions$/, 'Remove <action> from the exemptions');
      kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    }
    for (const [title, n] of [...kinds].sort((a, b) => b[1] - a[1])) console.log(`       ${String(n).padStart(7)}  ${title}`);
    const tally = (m) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
    if (stats.verdicts.size) console.log(`     verdicts: ${tally(stats.verdicts)}`);
    if (stats.diagnosticsByRule.size) console.log(`     findings by rule: ${tally(stats.diagnosticsByRule)}`);
  }

  if (!only || only.has('hostile')) {
    console.log('huge inputs (times are reported, not asserted; work and output are counted against a budget per character):');
    for (const h of HOSTILE_INPUTS) {
      const text = h.make();
      const start = performance.now();
      const before = workSnapshot();
      try {
        const r = lint(text);
        const ms = performance.now() - start;
        // Fix edits are built lazily: building and applying them is part of "no exception".
        assertWellFormed(text, r);
        for (const d of r.diagnostics) for (const f of d.fixes) applyEdits(text, editsOf(f));
        const work = workSince(before).total;
        const output = outputSize(r);
        const rules = [...new Set(r.diagnostics.map((d) => d.rule))].join(', ') || 'no findings';
        const verdicts = r.policies.map((p) => p.mfa).join(', ') || 'no policy';
        const want = 'verdict' in h.expect ? h.expect.verdict : h.expect.rule;
        const met =
          ('verdict' in h.expect ? verdicts === h.expect.verdict : r.diagnostics.some((d) => d.rule === h.expect.rule)) &&
          work <= WORK_PER_CHAR * text.length &&
          output <= text.length + 1_000_000;
        if (!met) failures++;
        console.log(
          `${met ? 'ok  ' : 'FAIL'} ${h.name} (${text.length.toLocaleString('en')} chars): ${fmt(ms)}; ${verdicts}; ${rules} (expected ${want}); ` +
            `work ${work.toLocaleString('en')} steps (${(work / text.length).toFixed(1)}/char, budget ${WORK_PER_CHAR}), output ${output.toLocaleString('en')} chars`,
        );
      } catch (e) {
        failures++;
        console.log(`FAIL ${h.name}: threw after ${fmt(performance.now() - start)}: ${String(e.message).slice(0, 300)}`);
      }
    }
  }

  console.log(`total ${fmt(performance.now() - t0)}, ${failures} failure(s); seed ${seed}`);
  process.exitCode = failures ? 1 : 0;
}
