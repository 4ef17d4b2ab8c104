// Bundles the integration suite for the extension hosts, with esbuild:
//   node host (code-server / test-electron): test/integration/index.ts and every
//     test/integration/suite/*.test.ts -> out/test/integration/{index.js, suite/*.test.js}
//     (cjs; `vscode` and `mocha` stay external: the host and node_modules provide them)
//   web-worker host (@vscode/test-web), only with --web: test/integration/web/index.ts ->
//     out/test/integration/web/index.js, one self-contained file (mocha's browser build and the
//     suites bundled in; `assert` mapped to a small shim because a worker has no node:assert).
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const outRoot = 'out/test/integration';
const suites = readdirSync('test/integration/suite')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/integration/suite/${f}`);

const common = {
  bundle: true,
  target: 'es2022',
  sourcemap: 'inline',
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build that fails once bundled; its ESM build works.
  mainFields: ['module', 'main'],
};

// Stale suites of deleted files must not run (the web bundle is left alone unless rebuilt).
rmSync(`${outRoot}/suite`, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: ['test/integration/index.ts', ...suites],
  outbase: 'test/integration',
  outdir: outRoot,
  platform: 'node',
  format: 'cjs',
  external: ['vscode', 'mocha'],
});
const built = [`${outRoot}/index.js`, ...suites.map((s) => `${outRoot}/suite/${path.basename(s, '.ts')}.js`)];

if (process.argv.includes('--web') && existsSync('test/integration/web/index.ts')) {
  await build({
    ...common,
    entryPoints: ['test/integration/web/index.ts'],
    outfile: `${outRoot}/web/index.js`,
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
    alias: { assert: './test/integration/web/assert.ts', 'node:assert': './test/integration/web/assert.ts' },
  });
  built.push(`${outRoot}/web/index.js`);
}
console.log(`[build-tests] ${built.length} files: ${built.join(', ')}`);
