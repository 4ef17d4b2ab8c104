// The extension's bundles, as scripts/build.mjs builds them and test/unit/bundle-size.test.ts measures
// them (one list, so that the test measures what ships). What VS Code loads at activation is only the
// thin extension (dist/extension.js in the Node host, dist/web/extension.js in the web worker host):
// it holds none of the core. The core (with the IAM catalogue) and, apart, the YAML front-end (the
// `yaml` package) are files of their own, loaded on the first lint that needs them
// (src/extension/core-loader.ts) from dist/lazy/: require() in Node; in the web worker, imported as the
// body of an ES module. The HCL front-end (web-tree-sitter and our tree copy) is a third such file, loaded
// on the first Terraform text that may hold a policy; its two WebAssembly files are dist/*.wasm.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** web-tree-sitter's ES module finds its files through import.meta.url, which a CommonJS bundle lacks: its CommonJS build. */
export const webTreeSitterCjs = {
  name: 'web-tree-sitter-cjs',
  setup: (b) => b.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') })),
};

// Every bundle's options. jsonc-parser's `main` is a UMD build that fails at run time once bundled: prefer its ESM build.
export const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'es2022',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
};

const thin = { entryPoints: ['src/extension/extension.ts'], format: 'cjs', external: ['vscode'] };

export const extensionBundles = [
  { ...thin, outfile: 'dist/extension.js', platform: 'node' },
  { ...thin, outfile: 'dist/web/extension.js', platform: 'browser', define: { global: 'globalThis' } },
  { entryPoints: ['src/core/extension-entry.ts'], outfile: 'dist/lazy/core.js', platform: 'neutral', format: 'cjs' },
  // The audit's HTML report (the CLI's renderer), loaded when the report is first opened.
  { entryPoints: ['src/extension/audit-report.ts'], outfile: 'dist/lazy/audit-report.js', platform: 'neutral', format: 'cjs' },
  // The audit's worker thread in the Node host (JSON.parse of a large export and the report off the main path).
  { entryPoints: ['src/extension/audit-worker.ts'], outfile: 'dist/lazy/audit-worker.js', platform: 'node', format: 'cjs' },
  // The `yaml` package's browser build: no Node built-ins, so the same file serves both hosts.
  { entryPoints: ['src/core/yaml-front-end.ts'], outfile: 'dist/lazy/yaml.js', platform: 'browser', format: 'cjs' },
  // One file for both hosts: web-tree-sitter requires `fs` and `path` only where it finds Node (the Node host's require()
  // provides it); the host hands it both .wasm files' bytes, so it fetches and reads nothing itself.
  {
    entryPoints: ['src/core/hcl-front-end.ts'],
    outfile: 'dist/lazy/hcl.js',
    platform: 'browser',
    format: 'cjs',
    external: ['fs', 'fs/promises', 'path'],
    plugins: [webTreeSitterCjs],
  },
];
