#!/usr/bin/env node
// Declarations for the core's public API (what `require('force-mfa')` gives: dist/core.js, built from
// src/core/index.ts), written to dist/types/ for package.json's `types` and `exports`. Run by `prepack`
// after the build, not by every build: tsc takes seconds where esbuild takes a fraction of one, and only
// the npm package reads them. The core's own tsconfig (no Node types) makes the declarations, so they
// name no Node or DOM type a library user would need to install.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/types');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// The validator that src/core/schema imports is generated (and gitignored); this does nothing when it is up to date.
await import('./gen-validator.mjs');
rmSync(out, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [tsc, '-p', 'src/core', '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--outDir', out], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  console.error('[types] tsc failed (above): no declarations written');
  process.exit(1);
}
// tsc copies no hand-written or generated .d.ts to outDir; the schema's messages name the generated validator's error type.
mkdirSync(path.join(out, 'schema/generated'), { recursive: true });
copyFileSync(path.join(root, 'src/core/schema/generated/validate.d.ts'), path.join(out, 'schema/generated/validate.d.ts'));
if (!existsSync(path.join(out, 'index.d.ts'))) {
  console.error('[types] dist/types/index.d.ts was not written');
  process.exit(1);
}
console.log('[types] wrote dist/types (declarations of src/core)');
