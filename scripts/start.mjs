#!/usr/bin/env node
// `npm start`: builds and packages the extension, then serves a real VS Code (code-server) on
// 127.0.0.1 with the packaged .vsix installed and the examples/ workspace open, and prints the
// address to open in a browser. Ctrl-C (SIGINT) or SIGTERM stops code-server and everything it
// started, and removes the run's temp folder.
//   node scripts/start.mjs [--port 18000-18099] [--no-build] [--folder <dir>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  ROOT,
  HarnessError,
  loadTools,
  makeRunDir,
  startCodeServer,
  codeServerCli,
  freePort,
  onCleanup,
  cleanup,
  cleaningUp,
  exitOnSignals,
} from './e2e/code-server.mjs';

const { name, version, publisher } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const VSIX = path.join(ROOT, `${name}-${version}.vsix`);

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new HarnessError(`${cmd} ${args.join(' ')} failed (exit code ${r.status})`);
}

/** Builds and packages the extension: the .vsix users install is what gets served. */
export function buildAndPackage() {
  sh('npm', ['run', '-s', 'build']);
  sh(process.execPath, [path.join(ROOT, 'scripts/package.mjs')]);
}

/**
 * Starts code-server with the packaged extension installed and `folder` open.
 * Resolves with { server, url, run }; cleanup() (from e2e/code-server.mjs) stops it.
 */
export async function serve({ folder = path.join(ROOT, 'examples'), port, verbose = false, keepRunDir = false } = {}) {
  if (!fs.existsSync(VSIX)) throw new HarnessError(`${VSIX} not found: run npm run package`);
  const tools = loadTools();
  const run = makeRunDir('force-mfa-start');
  if (!keepRunDir) onCleanup(() => fs.rmSync(run.dir, { recursive: true, force: true }));
  const installed = codeServerCli(tools, run, ['--install-extension', VSIX]);
  if (installed.status !== 0) throw new HarnessError(`code-server --install-extension failed:\n${installed.stdout}${installed.stderr}`);
  const id = `${publisher}.${name}`.toLowerCase();
  const listed = codeServerCli(tools, run, ['--list-extensions', '--show-versions']).stdout ?? '';
  if (!listed.toLowerCase().includes(`${id}@${version}`)) throw new HarnessError(`${id}@${version} is not installed: ${listed}`);
  // 18080 when it is free (a stable address to bookmark), otherwise any free port in range.
  const chosen = port ?? (await freePort(18080).catch(() => freePort()));
  const server = await startCodeServer(tools, run, { port: chosen, verbose, extraArgs: [folder] });
  const url = `${server.url}?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  return { server, url, run, tools, id };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: opt } = parseArgs({
    options: {
      port: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      folder: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  exitOnSignals((sig) => console.log(`\n[start] ${sig}: stopping code-server`));
  try {
    if (!opt['no-build']) buildAndPackage();
    const { server, url, tools, id } = await serve({
      folder: path.resolve(opt.folder ?? path.join(ROOT, 'examples')),
      port: opt.port ? Number(opt.port) : undefined,
      verbose: opt.verbose,
    });
    server.proc.once('exit', async (code, sig) => {
      if (cleaningUp()) return;
      console.error(`[start] code-server exited (code ${code}, signal ${sig})`);
      await cleanup();
      process.exit(1);
    });
    console.log(`
[start] VS Code ${tools.vscodeVersion} (code-server) is running with ${id}@${version} installed from ${path.basename(VSIX)}.
[start] Open this address in a browser:

    ${url}

[start] Press Ctrl-C to stop it.`);
  } catch (e) {
    console.error(`[start] ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
    await cleanup();
    process.exit(1);
  }
}
