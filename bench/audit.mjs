// The audit row (issue 15): a generated account export (bench/gen-auth-details.mjs: 5,000 users, 1,000 groups,
// 2,000 managed policies) audited in fresh processes, against JSON.parse of the same file:
// - core: dist/core.js's readAuthorizationDetails + auditAccount on the file's text, CPU time inside the process,
//   beside JSON.parse of the same text in a process of its own; peak memory over a process that loads the same
//   code and reads nothing (the figure the target is about: memory <= 3x the file);
// - CLI: `node dist/cli.js audit <file> --format json`, wall time and peak memory, beside `dist/cli.js --version`;
// - linearity: the same export at half and at full size, core CPU time per user.
// Peak memory is the process's own resourceUsage().maxRSS (bench/lib/peak.mjs).
//
// Run by `npm run bench` (one line in bench/run.mjs); alone: `npm run build && node bench/audit.mjs [--rounds N]`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { generateAuthDetails } from './gen-auth-details.mjs';
import { bytes, median, ms, table } from './lib/stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
/** The target: peak memory over the baseline process at most this many times the file. */
export const AUDIT_MEMORY_FACTOR = 3;

/** In a child process: one measurement, printed as JSON on stdout. */
function child(mode, file) {
  // As the CLI does (src/cli/audit.ts KEEP_YOUNG_GENERATION); 'audit-default' keeps V8's defaults, for comparison.
  if (mode === 'audit') setFlagsFromString('--semi-space-growth-factor=1');
  const core = mode === 'parse' ? undefined : createRequire(import.meta.url)(path.join(root, 'dist/core.js'));
  const start = process.cpuUsage();
  let out = {};
  if (mode === 'parse') out = { keys: Object.keys(JSON.parse(readFileSync(file, 'utf8'))).length };
  if (mode === 'audit' || mode === 'audit-default') {
    // As the CLI does: the text goes out of scope once read, before the users are judged.
    const read = core.readAuthorizationDetails(readFileSync(file, 'utf8'));
    out = { totals: core.auditAccount(read.model).totals };
  }
  const cpu = process.cpuUsage(start);
  process.stdout.write(JSON.stringify({ ...out, cpuMs: (cpu.user + cpu.system) / 1000 }));
}

function run(argv, work) {
  const peakFile = path.join(work, 'peak.json');
  rmSync(peakFile, { force: true });
  const start = performance.now();
  const p = spawnSync(process.execPath, ['--import', './bench/lib/peak.mjs', ...argv], {
    cwd: root,
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const wallMs = performance.now() - start;
  let peak;
  try {
    peak = JSON.parse(readFileSync(peakFile, 'utf8'));
  } catch {
    peak = undefined;
  }
  let printed;
  try {
    printed = JSON.parse(p.stdout.toString('utf8'));
  } catch {
    printed = undefined;
  }
  const cpuMs = peak ? peak.userMs + peak.systemMs : NaN;
  return { wallMs, cpuMs, maxRssKb: peak?.maxRssKb, status: p.status, printed, stderr: p.stderr.toString('utf8').slice(0, 300) };
}

const SIZES = [
  { id: 'half', users: 2500, groups: 500, policies: 1000 },
  { id: 'full', users: 5000, groups: 1000, policies: 2000 },
];

function measure(files, rounds, work, log) {
  const runs = { none: [], parse: [], audit: [], auditDefault: [], half: [], cli: [], cliBase: [] };
  const full = files.full;
  for (let r = 0; r < rounds; r++) {
    runs.none.push(run([self, '--child', 'none', full], work));
    runs.parse.push(run([self, '--child', 'parse', full], work));
    runs.audit.push(run([self, '--child', 'audit', full], work));
    runs.auditDefault.push(run([self, '--child', 'audit-default', full], work));
    runs.half.push(run([self, '--child', 'audit', files.half], work));
    runs.cliBase.push(run(['dist/cli.js', '--version'], work));
    runs.cli.push(run(['dist/cli.js', 'audit', full, '--format', 'json'], work));
    log(`audit round ${r + 1}/${rounds} done`);
  }
  return runs;
}

export function runAuditBench({ rounds = 3, log = () => {} } = {}) {
  const work = mkdtempSync(path.join(tmpdir(), 'force-mfa-audit-'));
  try {
    const files = {};
    for (const s of SIZES) {
      files[s.id] = path.join(work, `${s.id}.json`);
      writeFileSync(files[s.id], generateAuthDetails(s));
    }
    const fileBytes = statSync(files.full).size;
    const runs = measure(files, rounds, work, log);
    const cpu = (list) => median(list.map((x) => x.printed?.cpuMs ?? NaN));
    const peak = (list) => Math.max(...list.map((x) => x.maxRssKb ?? NaN)) * 1024;
    const row = {
      bytes: fileBytes,
      users: SIZES[1].users,
      parseCpuMs: cpu(runs.parse),
      auditCpuMs: cpu(runs.audit),
      halfAuditCpuMs: cpu(runs.half),
      baselinePeak: peak(runs.none),
      parsePeak: peak(runs.parse),
      auditPeak: peak(runs.audit),
      auditDefaultCpuMs: cpu(runs.auditDefault),
      auditDefaultPeak: peak(runs.auditDefault),
      cliWallMs: median(runs.cli.map((x) => x.wallMs)),
      cliCpuMs: median(runs.cli.map((x) => x.cpuMs)),
      cliBaseCpuMs: median(runs.cliBase.map((x) => x.cpuMs)),
      cliPeak: peak(runs.cli),
      cliBasePeak: peak(runs.cliBase),
      cliExit: [...new Set(runs.cli.map((x) => x.status))],
      totals: runs.audit.at(-1).printed?.totals,
    };
    row.timeRatio = row.auditCpuMs / row.parseCpuMs;
    row.memoryPerFile = (row.auditPeak - row.baselinePeak) / fileBytes;
    row.defaultMemoryPerFile = (row.auditDefaultPeak - row.baselinePeak) / fileBytes;
    row.parseMemoryPerFile = (row.parsePeak - row.baselinePeak) / fileBytes;
    row.cliMemoryPerFile = (row.cliPeak - row.cliBasePeak) / fileBytes;
    row.linearity = row.auditCpuMs / row.halfAuditCpuMs;
    // The target is about the command an administrator runs.
    row.met = row.cliMemoryPerFile <= AUDIT_MEMORY_FACTOR;
    return { row, lines: linesOf(row, rounds) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function linesOf(r, rounds) {
  const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
  const x = (v) => `${v.toFixed(2)}x`;
  return [
    `Audit of a generated account export (bench/gen-auth-details.mjs: ${r.users} users, 1,000 groups, 2,000 managed policies, ${bytes(r.bytes)}), ` +
      `fresh processes, ${rounds} rounds, median CPU time, largest peak memory (resourceUsage().maxRSS) less that of a process that loads the same code and reads nothing. ` +
      `Target: the CLI's memory <= ${AUDIT_MEMORY_FACTOR}x the file, time linear in the export (full / half size <= 2).`,
    '',
    table(
      ['what', 'time', 'x JSON.parse', 'peak memory', 'over baseline / file size', 'met?'],
      [
        ['file read + JSON.parse', ms(r.parseCpuMs), '1.00x', mb(r.parsePeak), x(r.parseMemoryPerFile), ''],
        [
          'file read + readAuthorizationDetails + auditAccount (dist/core.js), young generation kept as the CLI keeps it',
          ms(r.auditCpuMs),
          x(r.timeRatio),
          mb(r.auditPeak),
          x(r.memoryPerFile),
          '',
        ],
        [
          'the same with V8 defaults',
          ms(r.auditDefaultCpuMs),
          x(r.auditDefaultCpuMs / r.parseCpuMs),
          mb(r.auditDefaultPeak),
          x(r.defaultMemoryPerFile),
          '',
        ],
        ['read + audit, half the export', ms(r.halfAuditCpuMs), '', '', '', `full / half: ${x(r.linearity)}`],
        [
          `CLI \`audit --format json\` (exit ${r.cliExit.join(', ')}), less \`--version\``,
          `${ms(r.cliCpuMs - r.cliBaseCpuMs)} (process CPU; wall ${ms(r.cliWallMs)})`,
          x((r.cliCpuMs - r.cliBaseCpuMs) / r.parseCpuMs),
          mb(r.cliPeak),
          x(r.cliMemoryPerFile),
          r.met ? 'yes' : 'no',
        ],
      ],
    ),
  ];
}

/** For bench/run.mjs: runs the row, writes bench/results/audit.json, returns the report's lines. */
export function auditBenchLines(options) {
  const { row, lines } = runAuditBench(options);
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/audit.json'), `${JSON.stringify(row, null, 2)}\n`);
  return ['', '### Audit of an account export (issue 15)', '', ...lines];
}

const argv = process.argv.slice(2);
if (process.argv[1] === self) {
  if (argv[0] === '--child') child(argv[1], argv[2]);
  else {
    const rounds = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 3;
    const { row, lines } = runAuditBench({ rounds, log: (m) => process.stderr.write(`[audit] ${m}\n`) });
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}
