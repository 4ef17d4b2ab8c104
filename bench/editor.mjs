// `npm run bench:editor`: runs the integration suite inside a real VS Code (`npm run test:integration`)
// and keeps the editor figures that test/integration/suite/perf.test.ts measured there
// (activation, edit-to-diagnostics latency apart from the debounce) in bench/results/editor.json,
// which `npm run bench` then reports. The figures come from $FORCE_MFA_PERF_OUT when the extension
// host sees that variable, and otherwise from the `[perf] {...}` line in the suite's log.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const outFile = path.join(tmpdir(), `force-mfa-perf-${process.pid}.json`);
const PREFIX = '[perf] ';

const child = spawn('npm', ['run', 'test:integration'], {
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
  const line = log.split('\n').reverse().find((l) => l.includes(PREFIX));
  if (line) {
    figures = JSON.parse(line.slice(line.indexOf(PREFIX) + PREFIX.length));
    source = 'the [perf] line of the suite log';
  }
}
if (!figures) {
  console.error(`[bench:editor] no editor figures: the perf suite did not run or failed (exit code ${code}); bench/results/editor.json is unchanged`);
  process.exit(code || 1);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/editor.json', JSON.stringify(figures, null, 2) + '\n');
console.error(`[bench:editor] editor figures from ${source} -> bench/results/editor.json (integration exit code ${code})`);
process.exit(code ?? 1);
