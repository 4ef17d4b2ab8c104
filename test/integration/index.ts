// Mocha entry of the integration suite, loaded by the extension host (`extensionTestsPath`):
// under @vscode/test-electron in desktop VS Code, or by scripts/e2e/run-code-server.mjs in
// code-server's Node extension host. Runs every bundled suite/*.test.js next to this file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeHost } from './host';
import type MochaType from 'mocha';

// mocha 12 is an ES module: Node's require(esm) hands back its namespace, older mochas the class.
const loaded = require('mocha') as { default?: typeof MochaType } & typeof MochaType;
const Mocha: typeof MochaType = loaded.default ?? loaded;

export function run(): Promise<void> {
  console.log(`[integration] ${describeHost()}`);
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
  const suiteDir = path.resolve(__dirname, 'suite');
  for (const f of fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(suiteDir, f));
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        console.log(`[integration] mocha finished: ${failures} failure(s)`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e);
    }
  });
}
