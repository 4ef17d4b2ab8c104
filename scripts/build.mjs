// Builds every bundle with esbuild. `--watch` rebuilds on change.
// The ajv validator is generated first (scripts/gen-validator.mjs): no schema compilation at run time.
import { context, build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { withoutEmbeddedCatalogue } from './without-embedded-catalogue.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const watch = process.argv.includes('--watch');

if (existsSync('scripts/gen-validator.mjs')) {
  await import('./gen-validator.mjs');
}

// jsonc-parser's `main` is a UMD build that fails at run time once bundled: prefer its ESM build.
const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  target: 'es2022',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
};

const targets = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [withoutEmbeddedCatalogue],
  },
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    define: { global: 'globalThis' },
    plugins: [withoutEmbeddedCatalogue],
  },
  {
    entryPoints: ['src/cli/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  { entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js', platform: 'neutral', format: 'cjs', mainFields: ['module', 'main'] },
].filter((t) => existsSync(t.entryPoints[0]));

// The extension reads the IAM catalogue from here at activation (compact JSON).
mkdirSync('dist', { recursive: true });
writeFileSync('dist/iam-catalogue.json', JSON.stringify(JSON.parse(readFileSync('src/core/mfa/iam-catalogue.generated.json', 'utf8'))));

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
