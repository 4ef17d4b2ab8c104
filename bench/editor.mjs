// `npm run bench:editor`: runs test/integration/suite/perf.test.ts alone inside a real VS Code (the
// integration harness, scripts/e2e/run-code-server.mjs, with a mocha entry that holds only that suite,
// so the figures do not depend on what the other suites left open) and keeps its editor figures
// (activation, edit-to-diagnostics latency apart from the debounce) in bench/results/editor.json,
// which `npm run bench` then reports. The figures come from $FORCE_MFA_PERF_OUT when the extension
// host sees that variable, and otherwise from the `[perf] {...}` line in the suite's log.
import { spawn, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const outFile = path.join(tmpdir(), `force-mfa-perf-${process.pid}.json`);
const PREFIX = '[perf] ';

// The extension bundles, then the mocha entry and the perf suite alone, bundled as scripts/build-tests.mjs does.
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const outdir = 'out/bench-editor';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['test/integration/index.ts', 'test/integration/suite/perf.test.ts'],
  outbase: 'test/integration',
  outdir,
  bundle: true,
  target: 'es2022',
  sourcemap: 'inline',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  platform: 'node',
  format: 'cjs',
  external: ['vscode', 'mocha'],
});

const child = spawn(process.execPath, ['scripts/e2e/run-code-server.mjs', '--extensionTestsPath', `${outdir}/index.js`], {
  env: { ...process.env, FORCE_MFA_PERF_OUT: outFile },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let log = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  log += chunk;
});
const code = await new Promise((resolve) => child.on('close', resolve));

let figures;
let source;
if (existsSync(outFile)) {
  figures = JSON.parse(readFileSync(outFile, 'utf8'));
  source = 'FORCE_MFA_PERF_OUT';
  rmSync(outFile, { force: true });
} else {
  const line = log
    .split('\n')
    .reverse()
    .find((l) => l.includes(PREFIX));
  if (line) {
    figures = JSON.parse(line.slice(line.indexOf(PREFIX) + PREFIX.length));
    source = 'the [perf] line of the suite log';
  }
}
if (!figures) {
  console.error(
    `[bench:editor] no editor figures: the perf suite did not run or failed (exit code ${code}); bench/results/editor.json is unchanged`,
  );
  process.exit(code || 1);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/editor.json', JSON.stringify(figures, null, 2) + '\n');
console.error(`[bench:editor] editor figures from ${source} -> bench/results/editor.json (exit code ${code})`);
process.exit(code ?? 1);
