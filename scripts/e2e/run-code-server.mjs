#!/usr/bin/env node
// Runs the integration suite inside a real VS Code: code-server's Node extension host, with the
// workbench opened in headless Debian Chromium (playwright-core) and VS Code's own test `payload`
// (extensionDevelopmentPath + extensionTestsPath, the mechanism of VS Code's browser integration
// tests). The suite's output is forwarded; the last line is `integration: N passed, M failed`.
//
// Exit code: mocha's (0 all passed, 1 a test failed or the suite crashed), 2 = the harness could
// not run the suite (tools, server, browser, timeout). Per-run state lives in a temp folder,
// deleted on success and kept (with logs) otherwise.
//
//   node scripts/e2e/run-code-server.mjs [--extensionDevelopmentPath <dir>]... [--extensionTestsPath <file>]
//        [--workspace <folder>] [--port 18000-18099] [--timeout <s>] [--keep] [--verbose]
// Defaults: this project, out/test/integration/index.js, test/integration/workspace.
// FAIL_ON_PURPOSE=1 (or --fail-on-purpose) puts a marker into the run's copy of the workspace that
// makes the suite's canary test fail: the self-check that failures reach the exit code.
import fs from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  ROOT,
  HarnessError,
  loadTools,
  makeRunDir,
  startCodeServer,
  launchChromium,
  enableTestPayload,
  workbenchUrl,
  remoteUri,
  cleanup,
  exitOnSignals,
} from './code-server.mjs';

const { values: opt } = parseArgs({
  options: {
    extensionDevelopmentPath: { type: 'string', multiple: true },
    extensionTestsPath: { type: 'string' },
    workspace: { type: 'string' },
    port: { type: 'string', default: process.env.E2E_PORT },
    timeout: { type: 'string', default: process.env.E2E_TIMEOUT ?? '600' },
    'fail-on-purpose': { type: 'boolean', default: process.env.FAIL_ON_PURPOSE === '1' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: process.env.E2E_VERBOSE === '1' },
  },
});
const devPaths = (opt.extensionDevelopmentPath ?? [ROOT]).map((p) => path.resolve(p));
const testsPath = path.resolve(opt.extensionTestsPath ?? path.join(ROOT, 'out/test/integration/index.js'));
const workspaceSrc = path.resolve(opt.workspace ?? path.join(ROOT, 'test/integration/workspace'));

// The workbench's own chatter (connection set-up, offline gallery lookups): shown with --verbose.
const WORKBENCH_NOISE =
  /open-vsx\.org|^\[AccountPolicyGate\]|^\[AgentHost|^\[Service Worker\]|^\[reconnection-grace-time\]|^Creating a socket|^Resolv(ing|ed) connection token|^Updating additional builtin extensions cache|Timed out waiting for authentication provider/;

const t0 = Date.now();
const log = (...m) => console.log(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);
const counts = { passing: undefined, failing: 0, pending: 0 };
let run;
let page;
let done = false;

async function finish(code, why) {
  if (done) return;
  done = true;
  if (code === 2 && page) {
    const shot = path.join(run.dir, 'workbench.png');
    await page.screenshot({ path: shot, timeout: 10_000 }).then(
      () => log(`screenshot of the workbench: ${shot}`),
      () => {},
    );
  }
  await cleanup();
  if (code === 2 && run && !opt.verbose) {
    const tail = fs.existsSync(run.serverLog) ? fs.readFileSync(run.serverLog, 'utf8').split('\n').slice(-30).join('\n') : '';
    if (tail.trim()) console.error(`---- code-server.log (last lines) ----\n${tail}`);
  }
  if (run) {
    if (code !== 0 || opt.keep) log(`state and logs kept in ${run.dir}`);
    else fs.rmSync(run.dir, { recursive: true, force: true });
  }
  log(`exit code ${code}${why ? ` (${why})` : ''}`);
  const failed = counts.failing || (code !== 0 && counts.passing === undefined ? 1 : 0);
  console.log(`integration: ${counts.passing ?? 0} passed, ${failed} failed`);
  process.exit(code);
}

exitOnSignals((sig) => {
  if (!done) console.log(`integration: ${counts.passing ?? 0} passed, ${counts.failing} failed (interrupted by ${sig})`);
  done = true;
});
process.on('uncaughtException', (e) => finish(2, `harness error: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => finish(2, `harness error: ${e?.stack ?? e}`));

try {
  if (!fs.existsSync(testsPath)) throw new HarnessError(`${testsPath} not found: run node scripts/build-tests.mjs first`);
  for (const p of devPaths) if (!fs.existsSync(path.join(p, 'package.json'))) throw new HarnessError(`no extension in ${p}`);
  const tools = loadTools();
  run = makeRunDir('force-mfa-e2e');
  // The suite may edit files: it gets a copy, and the repository stays clean.
  const workspace = path.join(run.dir, 'workspace');
  fs.cpSync(workspaceSrc, workspace, { recursive: true });
  if (opt['fail-on-purpose']) {
    fs.writeFileSync(path.join(workspace, 'FAIL_ON_PURPOSE'), 'set by FAIL_ON_PURPOSE=1: the canary test must fail\n');
    log('FAIL_ON_PURPOSE: the canary test will fail, and so must this run');
  }
  setTimeout(() => finish(2, `timeout after ${opt.timeout} s`), Number(opt.timeout) * 1000).unref();

  log(`starting code-server ${tools.vscodeVersion} (Node ${tools.node})`);
  const server = await startCodeServer(tools, run, { port: opt.port && Number(opt.port), verbose: opt.verbose });
  server.proc.once('exit', (c, s) => finish(2, `code-server exited during the run (code ${c}, signal ${s})`));
  log(`code-server listens on ${server.url}`);

  log(`browser: ${tools.chromium}`);
  const context = await launchChromium(tools, run);
  page = context.pages()[0] ?? (await context.newPage());
  // The workbench calls these when it runs extension tests: the log (everything the extension
  // host prints, mocha's reporter included) and the tests' exit code.
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    const list = Array.isArray(args) ? args : [args];
    // mocha prints printf-style (['  %d passing (%s)', 3, '1s']), and in colour under CI=true
    // whatever its `color` option says: plain text for logs and for the summary.
    const text = format(...list).replace(/\x1b\[[0-9;]*m/g, '');
    if (opt.verbose || !WORKBENCH_NOISE.test(text)) (type === 'error' ? console.error : console.log)(text);
    let m;
    if ((m = /^\s*(\d+) passing/m.exec(text))) counts.passing = Number(m[1]);
    if ((m = /^\s*(\d+) failing/m.exec(text))) counts.failing = Number(m[1]);
    if ((m = /^\s*(\d+) pending/m.exec(text))) counts.pending = Number(m[1]);
  });
  await context.exposeFunction('codeAutomationExit', (code, logs) => {
    log(`the extension host finished the tests with exit code ${code}`);
    for (const l of Array.isArray(logs) ? logs : []) {
      try {
        const f = path.join(run.dir, 'workbench-logs', l.relativePath);
        fs.mkdirSync(path.dirname(f), { recursive: true });
        fs.writeFileSync(f, l.contents);
      } catch {
        /* logs are a courtesy */
      }
    }
    setTimeout(() => finish(typeof code === 'number' ? code : 1), 0);
  });
  page.on('pageerror', (e) => console.error('[workbench page error]', e.message));
  page.on('crash', () => finish(2, 'the workbench page crashed'));
  if (opt.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}]`, m.text()));
  await enableTestPayload(context);

  const payload = [
    ...devPaths.map((p) => ['extensionDevelopmentPath', remoteUri(server, p)]),
    ['extensionTestsPath', remoteUri(server, testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  log('opening the workbench with the test payload');
  await page.goto(workbenchUrl(server, { folder: workspace, payload }), { timeout: 120_000 });
  const patched = await page.evaluate(() => globalThis.__forceMfaPayloadEnabled === true).catch(() => false);
  if (!patched) log('WARNING: the workbench configuration was not patched; the payload may be ignored');
  log('workbench loaded; the extension host runs the suite');
} catch (e) {
  await finish(2, e instanceof HarnessError ? e.message : (e?.stack ?? String(e)));
}
