// The npm package as a user gets it (issue 14): `npm pack` in a fresh copy of the project (its `prepack`
// builds the bundles and the core's declarations there, so nothing is taken from this checkout's dist/),
// then `npm install <tarball>` into an empty folder with no network, then the installed `force-mfa`
// binary on a weak policy, and the core's API through require(), import and TypeScript. The tarball's
// listing is checked: no tests, sources, scripts, screenshots or docs, only what runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const WINDOWS = process.platform === 'win32';

/**
 * What the package may hold: the CLI and the core's bundles, the WebAssembly the CLI's Terraform reader loads, the core's
 * declarations, the schemas (the policy schema, the config file's) and the texts. The editor's bundles, snippets and icon
 * ship in the .vsix (scripts/package.mjs), not here.
 */
const ALLOWED =
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/(cli|core)\.js|dist\/[\w-]+\.(wasm|json)|dist\/types\/[\w/.-]+\.d\.ts|schemas\/[\w.-]+\.json)$/;

/** A policy whose MFA deny uses Bool: long-term access keys escape it (bool-without-ifexists, a warning). */
const WEAK_POLICY = readFileSync(path.join(ROOT, 'test/fixtures/ci/weak.json'), 'utf8');

/**
 * The environment of a nested npm: without the npm_* variables of an `npm run` that started this test
 * (npm_config_prefix, npm_config_global, a lifecycle's npm_package_* ...), which the child would obey,
 * and with its own cache, so that an install can only use what it is given.
 */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'NODE_OPTIONS') env[k] = v;
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

function run(cmd: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', shell: WINDOWS && cmd !== process.execPath, timeout: 120_000, ...options });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), error: r.error };
}

/** The project's files as a fresh clone has them (tracked, and new files not ignored), copied with node_modules linked, not copied. */
function freshCopy(into: string): void {
  let files: string[] | undefined;
  try {
    files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\0')
      .filter((f) => f !== '' && existsSync(path.join(ROOT, f)));
  } catch {
    files = undefined;
  }
  if (files) {
    for (const f of files) cpSync(path.join(ROOT, f), path.join(into, f));
  } else {
    // Not a git checkout (a source tarball): everything but what a build or a test run leaves.
    const left = /^(node_modules|\.git|dist|out|\.e2e-[\w-]+|\.vscode-test[\w-]*|coverage)$|\.vsix$/;
    cpSync(ROOT, into, { recursive: true, filter: (src) => !left.test(path.basename(src)) });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(into, 'node_modules'), WINDOWS ? 'junction' : 'dir');
}

test(
  'npm pack from a fresh copy, npm install of the tarball offline into an empty folder: npx force-mfa lint and the core API with types work',
  { timeout: 180_000 },
  (t) => {
    if (spawnSync('npm', ['--version'], { shell: WINDOWS, encoding: 'utf8' }).status !== 0) {
      t.skip('npm is not on PATH: the package cannot be packed or installed here');
      return;
    }
    const tmp = mkdtempSync(path.join(tmpdir(), 'force-mfa-pack-'));
    try {
      const env = npmEnv(path.join(tmp, 'npm-cache'));
      const src = path.join(tmp, 'src');
      freshCopy(src);
      assert.ok(!existsSync(path.join(src, 'dist')), 'the copy has no build: prepack must make it');

      mkdirSync(path.join(tmp, 'pack'));
      const pack = run('npm', ['pack', '--pack-destination', path.join(tmp, 'pack')], { cwd: src, env });
      assert.equal(pack.status, 0, `npm pack failed:\n${pack.stderr.slice(-4000)}`);
      // pre-commit installs a node hook with `npm pack` and takes its whole stdout as the tarball's name: prepack's build must say nothing there.
      assert.equal(
        pack.stdout.trim(),
        'force-mfa-0.1.0.tgz'.replace(
          '0.1.0',
          (JSON.parse(readFileSync(path.join(src, 'package.json'), 'utf8')) as { version: string }).version,
        ),
      );
      // The listing of what was packed: the same tree, now built, without running prepack again.
      const dry = run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: src, env });
      assert.equal(dry.status, 0, dry.stderr);
      const [info] = JSON.parse(dry.stdout) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        entryCount: number;
        files: Array<{ path: string }>;
      }>;
      const listed = info!.files.map((f) => f.path).sort();
      console.log(`[pack] ${info!.filename}: ${info!.entryCount} files, ${info!.size} bytes packed, ${info!.unpackedSize} unpacked`);
      assert.deepEqual(
        listed.filter((f) => !ALLOWED.test(f)),
        [],
        'files a user does not run',
      );
      // The data the CLI reads from beside dist/cli.js (the Terraform reader's WebAssembly, the catalogue of IAM actions).
      const beside = readdirSync(path.join(src, 'dist')).filter((f) => /\.(wasm|json)$/.test(f));
      assert.deepEqual(
        listed.filter((f) => /^dist\/[^/]+\.(wasm|json)$/.test(f)),
        beside.map((f) => `dist/${f}`).sort(),
      );
      for (const need of [
        'dist/cli.js',
        'dist/core.js',
        'dist/types/index.d.ts',
        'dist/tree-sitter.wasm',
        'dist/tree-sitter-terraform.wasm',
        'LICENSE',
        'README.md',
      ]) {
        assert.ok(listed.includes(need), `${need} is packed`);
      }

      // A project of its own with no dependency but the tarball: --offline fails on any download.
      const app = path.join(tmp, 'app');
      mkdirSync(app);
      writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
      const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, 'pack', info!.filename)], {
        cwd: app,
        env,
      });
      assert.equal(install.status, 0, `npm install failed:\n${install.stderr.slice(-4000)}`);
      assert.deepEqual(
        readdirSync(path.join(app, 'node_modules')).filter((d) => !d.startsWith('.')),
        ['force-mfa'],
        'nothing installed beside force-mfa: the bundles hold their libraries',
      );

      writeFileSync(path.join(app, 'weak.json'), WEAK_POLICY);
      const lint = run('npx', ['--offline', '--no-install', 'force-mfa', 'lint', '--max-warnings', '0', 'weak.json'], { cwd: app, env });
      assert.equal(lint.status, 1, lint.stderr);
      assert.match(lint.stdout, /^weak\.json:9:22 {2}warning {2}MFA weak: .* {2}bool-without-ifexists$/m);

      checkLibrary(app);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);

/** The core API of the installed package: require(), import, and its declarations under TypeScript (wrong use is an error, so they are not `any`). */
function checkLibrary(app: string): void {
  const probe = `const r = m.lint(${JSON.stringify(WEAK_POLICY)}, { fileName: 'weak.json' });
    const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists');
    const fixed = m.applyEdits(${JSON.stringify(WEAK_POLICY)}, m.editsOf(d.fixes[0]));
    console.log(JSON.stringify({ rules: m.ruleMetas.length, mfa: r.policies[0].mfa, fixed: m.lint(fixed).policies[0].mfa }));`;
  const expected = (out: string) => {
    const got = JSON.parse(out) as { rules: number; mfa: string; fixed: string };
    assert.ok(got.rules > 20, `${got.rules} rules`);
    assert.equal(got.mfa, 'weak');
    assert.equal(got.fixed, 'enforced');
  };
  const cjs = run(process.execPath, ['-e', `const m = require('force-mfa');\n${probe}`], { cwd: app });
  assert.equal(cjs.status, 0, cjs.stderr);
  expected(cjs.stdout);
  const esm = run(process.execPath, ['--input-type=module', '-e', `import * as m from 'force-mfa';\n${probe}`], { cwd: app });
  assert.equal(esm.status, 0, esm.stderr);
  expected(esm.stdout);

  writeFileSync(
    path.join(app, 'use.ts'),
    `import { applyEdits, lint, ruleMetas, type LintResult } from 'force-mfa';
const result: LintResult = lint('{}', { fileName: 'p.json' });
const names: string[] = ruleMetas.map((r) => r.name);
const text: string = applyEdits('{}', []);
const wrong: number = lint('{}');
console.log(result, names, text, wrong);
`,
  );
  // node16 resolution reads package.json `exports`; skipLibCheck off checks the shipped declarations themselves.
  const compilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    module: 'node16',
    moduleResolution: 'node16',
    target: 'es2022',
    types: [],
  };
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
  const tsc = createRequire(__filename).resolve('typescript/bin/tsc');
  const types = run(process.execPath, [tsc, '-p', '.'], { cwd: app });
  // Exactly one error, on the line that assigns a LintResult to a number.
  const errors = types.stdout.split('\n').filter((l) => /error TS/.test(l));
  assert.equal(errors.length, 1, types.stdout);
  assert.match(errors[0]!, /^use\.ts\(5,7\): error TS2322: Type 'LintResult' is not assignable to type 'number'/);
  assert.ok(existsSync(path.join(app, 'node_modules/force-mfa/dist/types/index.d.ts')));
}

test('package.json: no runtime dependencies (the bundles hold their libraries), a bin, the core API with its types, a file list and a build before packing', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {
    scripts: Record<string, string>;
  };
  // A dependency would be downloaded by every install and never loaded: esbuild put its code in dist/.
  assert.deepEqual(Object.keys((pkg.dependencies as object | undefined) ?? {}), [], 'a library the CLI imports belongs in devDependencies');
  assert.deepEqual(pkg.bin, { 'force-mfa': 'dist/cli.js' });
  assert.deepEqual(pkg.exports, {
    '.': { types: './dist/types/index.d.ts', default: './dist/core.js' },
    './package.json': './package.json',
  });
  assert.equal(pkg.types, './dist/types/index.d.ts');
  assert.match(pkg.scripts.prepack!, /^npm run -s build 1>&2 && node scripts\/build-types\.mjs 1>&2$/);
  for (const f of pkg.files as string[]) assert.ok(!/^(src|test|bench|scripts|docs|out)\b|^images\/(?!icon\.png$)/.test(f), f);
});
