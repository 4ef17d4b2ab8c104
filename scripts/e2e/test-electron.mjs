#!/usr/bin/env node
// The standard entry: @vscode/test-electron's runTests() downloads VS Code and runs the
// integration suite in its Node extension host. Where VS Code cannot be downloaded (this
// project's CI), `--code-server` or FORCE_MFA_E2E_SHIM=1 hands runTests() a stand-in executable
// (scripts/e2e/vscode-shim/code) that runs the same suite in code-server instead; nothing else
// changes. Build first: npm run build && node scripts/build-tests.mjs.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './code-server.mjs';

const useShim = process.argv.includes('--code-server') || process.env.FORCE_MFA_E2E_SHIM === '1';
try {
  await runTests({
    ...(useShim ? { vscodeExecutablePath: path.join(ROOT, 'scripts/e2e/vscode-shim/code') } : {}),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/integration/index.js'),
    launchArgs: [path.join(ROOT, 'test/integration/workspace'), '--disable-extensions'],
  });
  process.exit(0);
} catch (e) {
  console.error(`[test-electron] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
