// Builds every bundle with esbuild. `--watch` rebuilds on change.
// The ajv validator is generated first (scripts/gen-validator.mjs): no schema compilation at run time.
import { context, build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { common, extensionBundles, webTreeSitterCjs } from './extension-bundles.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

if (existsSync('scripts/gen-validator.mjs')) {
  await import('./gen-validator.mjs');
}

const targets = [
  ...extensionBundles,
  {
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [webTreeSitterCjs],
  },
  // The npm package's `require('force-mfa')`. Platform node only so that esbuild writes the annotation from which
  // Node finds a CommonJS file's named exports: `import { lint } from 'force-mfa'` then works too. The core imports no node:*.
  { entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js', platform: 'node', format: 'cjs', mainFields: ['module', 'main'] },
].filter((t) => existsSync(t.entryPoints[0]));

// The CLI's HCL reader (src/core/hcl.ts) loads tree-sitter's runtime and its Terraform grammar from beside the bundle.
mkdirSync('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  copyFileSync(require.resolve(wasm), path.join('dist', path.basename(wasm)));
}

// The catalogue of every AWS action (418 KB): no bundle embeds it; the extension reads it on its first lint,
// completion or hover, the CLI from beside dist/cli.js (docs/decisions/iam-action-catalogue.md).
copyFileSync('src/core/mfa/iam-actions.generated.json', 'dist/iam-actions.json');

// Left by builds before the core was loaded lazily (it is embedded in dist/lazy/core.js now).
rmSync('dist/iam-catalogue.json', { force: true });

if (watch) {
  for (const t of targets) {
    const ctx = await context({ ...common, ...t, minify: false, sourcemap: 'linked' });
    await ctx.watch();
  }
  console.log('[build] watching', targets.map((t) => t.outfile).join(', '));
} else {
  await Promise.all(targets.map((t) => build({ ...common, ...t })));
  const { chmodSync } = await import('node:fs');
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
  console.log('[build] built', targets.map((t) => t.outfile).join(', '));
}
