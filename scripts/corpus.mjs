// `npm run corpus -- <folder>` (or FORCE_MFA_CORPUS=<folder>): the wild corpus comparison of issue 12, a dev
// tool that npm test does not run. The corpus is not part of the repository: a folder with files/ (real files
// from public repositories), extracted/ (the policies each holds, extracted by hand) and sources.json (which
// extracted files come from which original, and each one's format). For each original and its extracted
// copies, the built CLI lints both (`node dist/cli.js lint --format json`), each extracted policy is paired
// with the policy of the original that it came from, by content, and a table says whether each pair has the
// same verdict and lock-out list, and why not. Without a corpus folder it says so and exits 0.
// Options: --json (the rows as JSON instead of the table).
//
// Modules: the CLI lints a Terraform file with the other *.tf files of its folder (its module). The corpus's
// Terraform files come from different repositories, so each is linted in a folder of its own, with the files
// of its module that sources.json's `module` lists, if any: `{ "variables.tf": "modules/31/variables.tf" }`
// (the name in the module, the path in the corpus folder). Where the corpus lacks a module's files but its
// notes give the defaults, scripts/corpus-modules/<original without .tf>/ holds them, written from the notes.
//
// Pairing: the CLI's report gives each policy's pointer and verdict, not its text; the same core, bundled
// here from the same sources as the CLI (src/cli/main.ts registers the front-ends), gives each policy's
// offset and length, joined to the CLI's by pointer. The text of each policy (JSON, YAML, HCL, an escaped
// string: any of them) is reduced to its Sids, Effects and action names, and each extracted policy goes with
// the original policy whose reduction overlaps it most (Jaccard), one to one, if they share at least a quarter
// (below that, the copy came from something the CLI did not find, and any pair would be a wrong one).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const given = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? process.env.FORCE_MFA_CORPUS;
const asJson = process.argv.includes('--json');

if (!given || !existsSync(path.join(given, 'sources.json'))) {
  console.log(
    given
      ? `No corpus at ${path.resolve(given)} (no sources.json there): nothing to compare.`
      : 'No corpus folder given (npm run corpus -- <folder with files/, extracted/ and sources.json>, or FORCE_MFA_CORPUS): nothing to compare.',
  );
  process.exit(0);
}
const wild = path.resolve(given);
const cli = path.join(root, 'dist/cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm run build` first (`npm run corpus` does).');
  process.exit(2);
}

const sources = JSON.parse(readFileSync(path.join(wild, 'sources.json'), 'utf8'));
const originals = Object.keys(sources).filter((name) => existsSync(path.join(wild, 'files', name)));
const notKept = Object.keys(sources).filter((name) => !originals.includes(name));

/** What issue the file's format belongs to: Terraform is issue 13, the rest issue 12. */
function groupOf(name, format) {
  if (/^terraform/.test(format)) return 'Terraform';
  if (/^markdown/.test(format)) return 'Markdown';
  if (/cloudformation|serverless/.test(format)) return 'CloudFormation';
  if (/\.(txt|tpl)$/.test(name)) return 'JSON wrapper';
  return 'JSON';
}

/** The CLI's JSON report on `files` (paths relative to `cwd`, the corpus folder by default), by path. */
function cliReport(files, cwd = wild) {
  const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', ...files], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.error(`the CLI's output is not JSON (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    process.exit(1);
  }
  return { byFile: new Map(report.files.map((f) => [f.file, f])), stderr: run.stderr };
}

/**
 * Each Terraform original in a folder of its own under `dir`, with its module's files (sources.json `module`):
 * the path the CLI lints there (relative to `dir`), and the module as the core takes it, by original name.
 */
function isolateModules(names, dir) {
  const out = new Map();
  for (const name of names.filter((n) => n.endsWith('.tf'))) {
    const folder = path.join(dir, name.replace(/\.tf$/, ''));
    mkdirSync(folder, { recursive: true });
    copyFileSync(path.join(wild, 'files', name), path.join(folder, name));
    const files = [];
    for (const [inModule, inCorpus] of Object.entries(sources[name].module ?? {})) {
      const text = readFileSync(path.join(wild, inCorpus), 'utf8');
      mkdirSync(path.dirname(path.join(folder, inModule)), { recursive: true });
      copyFileSync(path.join(wild, inCorpus), path.join(folder, inModule));
      files.push({ name: inModule, text });
    }
    const overlay = path.join(root, 'scripts', 'corpus-modules', name.replace(/\.tf$/, ''));
    for (const inModule of existsSync(overlay) ? readdirSync(overlay) : []) {
      copyFileSync(path.join(overlay, inModule), path.join(folder, inModule));
      files.push({ name: inModule, text: readFileSync(path.join(overlay, inModule), 'utf8') });
    }
    out.set(name, { linted: path.join(path.basename(folder), name), module: { files } });
  }
  return out;
}

/** The core with every front-end that the CLI registers, bundled like dist/cli.js: for the policies' offsets. */
async function inProcessLint() {
  const { createRequire } = await import('node:module');
  const req = createRequire(import.meta.url);
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-corpus-'));
  const out = path.join(dir, 'core.cjs');
  const { build } = await import('esbuild');
  try {
    await build({
      stdin: {
        contents: "import './src/cli/main';\nexport { lint } from './src/core/index';\nexport { loadHcl } from './src/core/hcl';\n",
        resolveDir: root,
        loader: 'ts',
      },
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'es2022',
      mainFields: ['module', 'main'],
      logLevel: 'error',
      // As scripts/build.mjs bundles the CLI: web-tree-sitter's CommonJS build.
      plugins: [
        {
          name: 'web-tree-sitter-cjs',
          setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: req.resolve('web-tree-sitter') })),
        },
      ],
    });
    const core = req(out);
    // The CLI loads the HCL reader when it meets a Terraform file; here, once, from the build's copies.
    await core.loadHcl(path.join(root, 'dist'));
    return core.lint;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A policy's text reduced to what identifies it in any syntax: its Sids, its Effects (counted) and its action names. */
function features(text) {
  const set = new Set();
  for (const m of text.matchAll(/\bsid\\?["']?\s*[:=]\s*\\?["']?([A-Za-z0-9_-]+)/gi)) set.add(`sid ${m[1].toLowerCase()}`);
  const effects = {};
  for (const m of text.matchAll(/\beffect\\?["']?\s*[:=]\s*\\?["']?(allow|deny)/gi)) {
    const e = m[1].toLowerCase();
    effects[e] = (effects[e] ?? 0) + 1;
    set.add(`effect ${e} ${effects[e]}`);
  }
  for (const m of text.matchAll(/\b([a-z][a-z0-9-]*):([A-Za-z][A-Za-z0-9]*\*?|\*)/g)) {
    if (m[1] !== 'aws' && m[1] !== 'arn') set.add(`action ${m[1]}:${m[2].toLowerCase()}`);
  }
  return set;
}

/** The least overlap of two reductions for a pair (measured on the corpus: true pairs 0.73-1.00, a wrong one 0.02). */
const MIN_OVERLAP = 0.25;

function jaccard(a, b) {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const any = a.size + b.size - both;
  return any === 0 ? 0 : both / any;
}

const lockoutText = (l) => (l.length ? [...l].sort().join(', ') : '—');
const sameLockout = (a, b) => lockoutText(a) === lockoutText(b);
const verdictText = (p) => `${p.mfa}; lock-out ${lockoutText(p.lockout)}`;

/** Findings that say a file was not (fully) read: none is expected on a file of a format the CLI reads. */
const READING_RULES = ['json-syntax', 'iam-schema', 'unreadable-policy', 'internal-error', 'pasted-character'];
function readingProblems(report) {
  const counts = {};
  for (const d of report?.diagnostics ?? []) if (READING_RULES.includes(d.rule)) counts[d.rule] = (counts[d.rule] ?? 0) + 1;
  const list = Object.entries(counts).map(([rule, n]) => `${n} ${rule}`);
  return list.length ? list.join(', ') : 'none';
}

/** Why a file yields no policy: its first finding, shortened. */
function whyNotAnalysed(report) {
  if (!report) return 'not in the CLI report (skipped)';
  const d = report.diagnostics?.[0];
  if (!d) return 'no policy and no finding';
  const first = d.message.split('\n')[0];
  return `${d.rule}: ${first.length > 120 ? `${first.slice(0, first.lastIndexOf(' ', 120))} …` : first}`;
}

// Without it (the sources do not build), policies are paired by order and the table says so.
const lint = await inProcessLint().catch((e) => {
  console.error(`the core could not be bundled for the policies' offsets (${e.message.split('\n')[0]}): pairing by order`);
  return () => ({ policies: [] });
});
const moduleDir = mkdtempSync(path.join(tmpdir(), 'force-mfa-corpus-modules-'));
const modules = isolateModules(originals, moduleDir);
const origNames = originals.filter((n) => !modules.has(n)).map((n) => path.join('files', n));
const extractedNames = originals.flatMap((n) => sources[n].extracted.map((e) => path.join('extracted', e)));
const origReport = cliReport(origNames);
// The Terraform originals, each in its module's folder, reported under their names in the corpus.
if (modules.size) {
  const isolated = cliReport(
    [...modules.values()].map((m) => m.linted),
    moduleDir,
  );
  for (const [name, m] of modules) {
    const r = isolated.byFile.get(m.linted);
    if (r) origReport.byFile.set(path.join('files', name), { ...r, file: path.join('files', name) });
  }
}
rmSync(moduleDir, { recursive: true, force: true });
const extractedReport = cliReport(extractedNames);

const rows = [];
const files = [];
for (const name of originals) {
  const source = sources[name];
  const group = groupOf(name, source.format);
  const report = origReport.byFile.get(path.join('files', name));
  const policies = report?.policies ?? [];
  const text = readFileSync(path.join(wild, 'files', name), 'utf8');
  // The same policies with their offsets, joined to the CLI's by pointer.
  let located = [];
  try {
    const module = modules.get(name)?.module;
    located = lint(text, { fileName: path.join('files', name), ...(module ? { module } : {}) }).policies;
  } catch (e) {
    console.error(`${name}: in-process lint threw: ${e.message}`);
  }
  const unused = [...located];
  const candidates = policies.map((p, index) => {
    const i = unused.findIndex((q) => q.pointer === p.pointer);
    const at = i >= 0 ? unused.splice(i, 1)[0] : undefined;
    return { index, policy: p, features: at ? features(text.slice(at.offset, at.offset + at.length)) : undefined };
  });
  files.push({ name, group, analysed: policies.length > 0, policies: policies.length });

  const extracted = source.extracted.map((e) => {
    const r = extractedReport.byFile.get(path.join('extracted', e));
    const etext = readFileSync(path.join(wild, 'extracted', e), 'utf8');
    return { name: e, report: r, policy: r?.policies?.[0], features: features(etext) };
  });
  // A module judged with its variables' defaults: sources.json's `variants` names the copies made with them;
  // the other copies (another setting of the variables) have no policy on the original to pair with.
  const compared = (e) => !source.variants || source.variants.includes(e.name);
  // One to one, best overlap first; a policy whose text could not be located is paired by order, last.
  const pairs = new Map();
  const scored = [];
  for (const [ei, e] of extracted.entries())
    if (compared(e)) for (const c of candidates) if (c.features) scored.push({ ei, c, score: jaccard(e.features, c.features) });
  scored.sort((a, b) => b.score - a.score);
  const taken = new Set();
  for (const s of scored) {
    if (s.score < MIN_OVERLAP || pairs.has(s.ei) || taken.has(s.c.index)) continue;
    pairs.set(s.ei, { c: s.c, by: `content (${s.score.toFixed(2)})` });
    taken.add(s.c.index);
  }
  for (const [ei, e] of extracted.entries()) {
    if (pairs.has(ei) || !compared(e)) continue;
    const c = candidates.find((x) => !taken.has(x.index) && !x.features);
    if (c) {
      pairs.set(ei, { c, by: 'order (text not located)' });
      taken.add(c.index);
    }
  }

  for (const [ei, e] of extracted.entries()) {
    const pair = pairs.get(ei);
    const o = pair?.c.policy;
    const x = e.policy;
    let why = '';
    if (!compared(e)) {
      rows.push({ file: name, group, analysed: policies.length, problems: readingProblems(report), extracted: e.name, skipped: true });
      continue;
    }
    if (!x) why = `the extracted copy has no policy: ${whyNotAnalysed(e.report)}`;
    else if (!policies.length) why = `original not analysed: ${whyNotAnalysed(report)}`;
    else if (!o) why = `no policy of the original matches (${policies.length} found)`;
    else if (o.mfa !== x.mfa) why = `verdict: ${o.mfa} on the original, ${x.mfa} on the copy`;
    else if (!sameLockout(o.lockout, x.lockout)) why = `lock-out: ${lockoutText(o.lockout)} vs ${lockoutText(x.lockout)}`;
    rows.push({
      file: name,
      group,
      analysed: policies.length,
      problems: readingProblems(report),
      extracted: e.name,
      original: o ? { pointer: o.pointer, kind: o.kind, mfa: o.mfa, lockout: o.lockout } : undefined,
      copy: x ? { kind: x.kind, mfa: x.mfa, lockout: x.lockout } : undefined,
      pairedBy: pair?.by,
      match: !why,
      why,
      kindDiffers: o && x && o.kind !== x.kind ? `${o.kind} vs ${x.kind}` : undefined,
    });
  }
}

const analysed = files.filter((f) => f.analysed).length;
const matched = rows.filter((r) => r.match).length;
const skipped = rows.filter((r) => r.skipped);
const comparedRows = rows.filter((r) => !r.skipped);
const GROUPS = ['JSON', 'JSON wrapper', 'CloudFormation', 'Markdown', 'Terraform'];
const byGroup = GROUPS.map((g) => {
  const fs = files.filter((f) => f.group === g);
  const rs = comparedRows.filter((r) => r.group === g);
  return {
    group: g,
    files: fs.length,
    analysed: fs.filter((f) => f.analysed).length,
    policies: rs.length,
    matched: rs.filter((r) => r.match).length,
  };
});

if (asJson) {
  console.log(JSON.stringify({ files: files.length, analysed, extracted: comparedRows.length, matched, byGroup, rows }, null, 2));
  process.exit(0);
}
const cell = (s) => String(s).replace(/\|/g, '\\|');
const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
const out = [];
out.push(
  line([
    'file',
    'format',
    'analysed? (policies)',
    'reading problems',
    'extracted copy',
    'original: verdict; lock-out',
    'copy: verdict; lock-out',
    'paired by',
    'match',
    'why not',
  ]),
);
out.push(line(Array(10).fill('---')));
for (const r of rows) {
  if (r.skipped) {
    const not =
      "not compared: made with other values of the module's variables (sources.json variants name the copies made with the defaults)";
    out.push(line([r.file, r.group, r.analysed ? `yes (${r.analysed})` : 'no', r.problems, r.extracted, '—', '—', '—', '—', not]));
    continue;
  }
  out.push(
    line([
      r.file,
      r.group,
      r.analysed ? `yes (${r.analysed})` : 'no',
      r.problems,
      r.extracted,
      r.original ? `${verdictText(r.original)}${r.kindDiffers ? ` (${r.original.kind})` : ''}` : '—',
      r.copy ? `${verdictText(r.copy)}${r.kindDiffers ? ` (${r.copy.kind})` : ''}` : '—',
      r.pairedBy ?? '—',
      r.match ? '✓' : '✗',
      r.why,
    ]),
  );
}
out.push('');
out.push(line(['group', 'files analysed', 'extracted policies with equal verdict and lock-out']));
out.push(line(['---', '---', '---']));
for (const g of byGroup) out.push(line([g.group, `${g.analysed} of ${g.files}`, `${g.matched} of ${g.policies}`]));
out.push('');
out.push(
  `${analysed} of ${files.length} files analysed; ${matched} of ${comparedRows.length} extracted policies have equal verdict and lock-out` +
    (skipped.length ? ` (${skipped.length} made with other values of a module's variables, not compared)` : '') +
    (notKept.length ? ` (not kept, skipped: ${notKept.join(', ')})` : '') +
    '.',
);
console.log(out.join('\n'));
