// Mocha entry for the web-worker extension host (@vscode/test-web, scripts/e2e/run-web.mjs).
// A worker cannot require() files from disk: build-tests.mjs --web bundles this file, mocha's
// browser build and the suites that only use the `vscode` API into one out/test/integration/web/index.js.
import { describeHost } from '../host';

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; color: boolean; timeout: number }): void;
  run(done: (failures: number) => void): void;
}

export function run(): Promise<void> {
  console.log(`[web] ${describeHost()}`);
  // mocha's browser build is UMD; in a `"type": "module"` package esbuild bundles it as ESM, so it
  // takes its global branch and sets globalThis.mocha instead of module.exports.
  const loaded = require('mocha/mocha.js') as Partial<BrowserMocha>;
  const mocha = (loaded.setup ? loaded : (globalThis as { mocha?: BrowserMocha }).mocha) as BrowserMocha;
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000 });
  // Loaded after setup(), which defines suite()/test() on globalThis.
  require('../suite/foundation.test');
  require('./quick-fix.test');
  // Templates, the YAML snippet and Markdown: the core and the YAML front-end loaded without require().
  require('../suite/cloudformation-markdown.test');
  // Terraform: the HCL front-end and its WebAssembly files loaded in the worker.
  require('../suite/terraform.test');
  // A Terraform module's other files read with workspace.fs in the worker, followed as one is edited.
  require('../suite/terraform-module.test');
  // The catalogue of every AWS action read with workspace.fs: completion, hover and unknown-action.
  require('../suite/actions.test');
  // .force-mfa.json read with workspace.fs, followed as it changes; the ignore code action.
  require('../suite/config.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`[web] mocha finished: ${failures} failure(s)`);
      if (failures > 0) reject(new Error(`${failures} web test(s) failed`));
      else resolve();
    });
  });
}
