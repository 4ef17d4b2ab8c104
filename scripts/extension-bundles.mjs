// The extension's bundles, as scripts/build.mjs builds them and test/unit/bundle-size.test.ts measures
// them (one list, so that the test measures what ships). What VS Code loads at activation is only the
// thin extension (dist/extension.js in the Node host, dist/web/extension.js in the web worker host):
// it holds none of the core. The core (with the IAM catalogue) and, apart, the YAML front-end (the
// `yaml` package) are files of their own, loaded on the first lint that needs them
// (src/extension/core-loader.ts) from dist/lazy/: require() in Node; in the web worker, imported as the
// body of an ES module.

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
  // The `yaml` package's browser build: no Node built-ins, so the same file serves both hosts.
  { entryPoints: ['src/core/yaml-front-end.ts'], outfile: 'dist/lazy/yaml.js', platform: 'browser', format: 'cjs' },
];
