// The CLI on 10 MB hostile files (issue 10): for each kind of bench/lib/hostile.mjs (star patterns, variables and
// unterminated `${`, an error flood, unknown keys and operators, case variants, fixes on a minified line) and a normal
// 10 MB policy (bench/lib/generate.mjs), whole `node dist/cli.js lint --format json <file>` processes: wall time, CPU
// time and peak resident memory (the process's own resourceUsage().maxRSS, written at exit by bench/lib/peak.cjs).
// Target: each hostile file within 10x the time of the normal one and within 10x its peak memory.
//
// Run by `npm run bench` (bench/run.mjs); alone: `npm run build && node bench/hostile.mjs [--rounds N] [--bytes N]`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_KINDS } from './lib/hostile.mjs';
import { generatePolicy } from './lib/generate.mjs';
import { bytes, median, ms, table } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Under the CLI's default size limit (10 MiB), so that every file is linted, not skipped. */
export const HOSTILE_BYTES = 10_000_000;
/** Limits, as multiples of the normal file's median wall time and peak memory. */
export const TIME_FACTOR = 10;
export const MEMORY_FACTOR = 10;

/** One CLI process on one file: wall and CPU milliseconds, peak RSS, exit code, what it printed. */
function runCli(file, work) {
  const peakFile = path.join(work, 'peak.json');
  const outFile = path.join(work, 'out.json');
  rmSync(peakFile, { force: true });
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--require', './bench/lib/peak.cjs', 'dist/cli.js', 'lint', '--format', 'json', file], {
    cwd: root,
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - start;
  writeFileSync(outFile, child.stdout);
  let peak;
  try {
    peak = JSON.parse(readFileSync(peakFile, 'utf8'));
  } catch {
    peak = undefined; // the process died before its exit handler (killed, out of memory)
  }
  let findings;
  let verdicts;
  let valid = true;
  try {
    const report = JSON.parse(child.stdout.toString('utf8'));
    const files = report.files ?? [];
    findings = files.reduce((n, f) => n + (f.diagnostics?.length ?? 0), 0);
    verdicts = files.flatMap((f) => (f.policies ?? []).map((p) => p.mfa)).join(', ') || 'no policy';
  } catch {
    valid = false;
  }
  return {
    wallMs: wall,
    cpuMs: peak ? peak.userMs + peak.systemMs : undefined,
    maxRssKb: peak?.maxRssKb,
    status: child.status,
    signal: child.signal,
    outputBytes: child.stdout.length,
    validJson: valid,
    findings,
    verdicts,
    stderr: child.stderr.toString('utf8').slice(0, 300),
  };
}

/**
 * Runs every kind `rounds` times, round-robin (so that a load spike spreads over all kinds). Returns the rows and
 * the markdown lines of the report.
 */
export function runHostileBench({ rounds = 3, size = HOSTILE_BYTES, log = () => {} } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'force-mfa-hostile-'));
  try {
    const kinds = [{ id: 'normal policy', make: (n) => generatePolicy(n, 42) }, ...HOSTILE_KINDS];
    const files = kinds.map((k, i) => {
      const file = path.join(work, `${i}.json`);
      writeFileSync(file, k.make(size));
      return { id: k.id, file, bytes: statSync(file).size, runs: [] };
    });
    runCli(files[0].file, work); // warm-up: the file cache and Node's compile cache
    for (let r = 0; r < rounds; r++) {
      for (const f of files) f.runs.push(runCli(f.file, work));
      log(`hostile round ${r + 1}/${rounds} done`);
    }
    const rows = files.map((f) => {
      const last = f.runs[f.runs.length - 1];
      const rss = f.runs.map((x) => x.maxRssKb).filter((x) => x !== undefined);
      return {
        id: f.id,
        bytes: f.bytes,
        wallMs: median(f.runs.map((x) => x.wallMs)),
        cpuMs: median(f.runs.map((x) => x.cpuMs ?? NaN)),
        maxRssKb: rss.length ? Math.max(...rss) : undefined,
        exitCodes: [...new Set(f.runs.map((x) => x.status ?? `signal ${x.signal}`))],
        validJson: f.runs.every((x) => x.validJson),
        outputBytes: last.outputBytes,
        findings: last.findings,
        verdicts: last.verdicts,
        stderr: last.stderr,
        rounds: f.runs.map(({ wallMs, cpuMs, maxRssKb }) => ({ wallMs, cpuMs, maxRssKb })),
      };
    });
    const normal = rows[0];
    for (const row of rows) {
      row.timeRatio = row.wallMs / normal.wallMs;
      row.memoryRatio = row.maxRssKb !== undefined && normal.maxRssKb ? row.maxRssKb / normal.maxRssKb : undefined;
      row.memoryPerFileByte = row.maxRssKb !== undefined ? (row.maxRssKb * 1024) / row.bytes : undefined;
      row.met = row.validJson && row.memoryRatio !== undefined && row.timeRatio <= TIME_FACTOR && row.memoryRatio <= MEMORY_FACTOR;
    }
    const lines = [];
    lines.push(
      `Hostile 10 MB files through the CLI (\`node dist/cli.js lint --format json <file>\`, whole processes, ${rounds} rounds after a warm-up, median wall and CPU time; ` +
        'peak memory is the largest resident set of the process over the rounds, from its own `process.resourceUsage().maxRSS`). ' +
        `Target: within ${TIME_FACTOR}x the wall time and ${MEMORY_FACTOR}x the peak memory of the normal 10 MB policy.`,
    );
    lines.push('');
    const mb = (kb) => (kb === undefined ? 'died' : `${(kb / 1024).toFixed(0)} MB`);
    lines.push(
      table(
        [
          'file',
          'size',
          'exit',
          'findings listed (JSON bytes)',
          'wall ms',
          'CPU ms',
          'x normal time',
          'peak memory',
          'x normal memory',
          'memory / file size',
          'met?',
        ],
        rows.map((r) => [
          r.id,
          bytes(r.bytes),
          r.exitCodes.join(', '),
          r.validJson ? `${r.findings} (${bytes(r.outputBytes)})` : 'output is not JSON',
          ms(r.wallMs),
          Number.isNaN(r.cpuMs) ? '' : ms(r.cpuMs),
          `${r.timeRatio.toFixed(2)}x`,
          mb(r.maxRssKb),
          r.memoryRatio === undefined ? '' : `${r.memoryRatio.toFixed(2)}x`,
          r.memoryPerFileByte === undefined ? '' : `${r.memoryPerFileByte.toFixed(1)}x`,
          r === normal ? '(reference)' : r.met ? 'met' : '**missed**',
        ]),
      ),
    );
    lines.push('');
    lines.push(`Verdicts: ${rows.map((r) => `${r.id}: ${r.verdicts ?? 'none'}`).join('; ')}.`);
    return { rows, lines, rounds, size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const result = runHostileBench({
    rounds: option('--rounds', 3),
    size: option('--bytes', HOSTILE_BYTES),
    log: (m) => process.stderr.write(`[bench] ${m}\n`),
  });
  console.log(result.lines.join('\n'));
}
