/**
 * The core's HCL entry: `await loadHcl(wasmDir)` loads tree-sitter's HCL grammar (the Terraform
 * dialect, a WebAssembly file) under web-tree-sitter and hands the core a synchronous front-end that
 * turns a `.tf` text into ./formats/hcl/cst.ts's tree. Kept out of ./index.ts: the parser (about
 * 300 KB of WebAssembly) is loaded only when the first Terraform file is linted, by the host that
 * reads one (the CLI; the editor next). `wasmDir` is the folder (a path in Node, a URL in a browser)
 * that holds `tree-sitter.wasm` and `tree-sitter-terraform.wasm` (scripts/build.mjs copies both to dist/).
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { provideHclFrontEnd } from './document/parse';
import type { HclNode } from './formats/hcl/cst';

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
  await Parser.init({ locateFile: (name: string) => `${dir}${name}` });
  const language = await Language.load(`${grammarDir}tree-sitter-terraform.wasm`);
  const parser = new Parser();
  parser.setLanguage(language);
  provideHclFrontEnd((text) => {
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return copyTree(tree);
    } finally {
      tree.delete();
    }
  });
}

/** The named nodes of `tree` as plain objects, walked with one cursor (no recursion, one WebAssembly call per step). */
export function copyTree(tree: Tree): HclNode {
  const cursor = tree.walk();
  // A tree without errors has no missing node: one WebAssembly call per node saved.
  const errors = tree.rootNode.hasError;
  try {
    const root: HclNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
    // The nearest kept ancestor of the cursor's node at each depth.
    const parents: HclNode[] = [root];
    for (;;) {
      if (cursor.gotoFirstChild()) {
        visit(cursor, parents, errors);
        continue;
      }
      for (;;) {
        if (cursor.gotoNextSibling()) {
          parents.pop();
          visit(cursor, parents, errors);
          break;
        }
        if (!cursor.gotoParent()) return root;
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The cursor is on a node one level deeper than parents' last: keep it under its nearest kept ancestor when named or missing. */
function visit(cursor: ReturnType<Tree['walk']>, parents: HclNode[], errors: boolean): void {
  const parent = parents[parents.length - 1]!;
  const missing = errors && cursor.nodeIsMissing;
  if (!cursor.nodeIsNamed && !missing) {
    // Not kept: its children (an anonymous node has none that matter) hang on the same ancestor.
    parents.push(parent);
    return;
  }
  const node: HclNode = { type: missing ? 'MISSING' : cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  parent.children.push(node);
  parents.push(node);
}
