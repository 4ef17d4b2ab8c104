/**
 * The core's HCL entry: `await loadHcl(wasmDir)` loads tree-sitter's HCL grammar (the Terraform
 * dialect, a WebAssembly file) under web-tree-sitter and hands the core a synchronous front-end that
 * turns a `.tf` text into ./formats/hcl/cst.ts's tree. Kept out of ./index.ts: the parser (about
 * 300 KB of WebAssembly) is loaded only when the first Terraform file is linted, by the host that
 * reads one (the CLI; the editor next). `wasmDir` is the folder (a path in Node, a URL in a browser)
 * that holds `tree-sitter.wasm` and `tree-sitter-terraform.wasm` (scripts/build.mjs copies both to dist/).
 */
import { provideHclFrontEnd } from './document/parse';
import { createHclFrontEnd } from './hcl-front-end';

export { copyTree } from './hcl-front-end';

let loading: Promise<void> | undefined;

/**
 * Loads the parser once (later calls wait for the same load; a failed load may be tried again) and
 * provides the HCL front-end to the core. `grammarDir` holds the grammar when it is not beside the
 * runtime (in node_modules, for the tests).
 */
export function loadHcl(wasmDir: string, grammarDir = wasmDir): Promise<void> {
  loading ??= load(folder(wasmDir), folder(grammarDir)).catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}

const folder = (dir: string): string => (dir.endsWith('/') ? dir : `${dir}/`);

async function load(dir: string, grammarDir: string): Promise<void> {
  provideHclFrontEnd(await createHclFrontEnd({ runtime: { folder: dir }, grammar: `${grammarDir}tree-sitter-terraform.wasm` }));
}
