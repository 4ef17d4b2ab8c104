/**
 * tree-sitter's Terraform grammar under web-tree-sitter, as a synchronous front-end that turns a `.tf`
 * text into ./formats/hcl/cst.ts's tree. It registers nothing itself: ./hcl.ts loadHcl hands it to the
 * core (the CLI, the tests), and the editor extension loads it as its own file (dist/lazy/hcl.js) and
 * hands it to the core it loaded before, as it does the YAML front-end. Each WebAssembly file is given
 * as a location (a path in Node, a URL in a browser) or as its bytes (the web extension reads them
 * with workspace.fs: its files may be on no URL that fetch() reaches).
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import type { HclNode } from './formats/hcl/cst';

export interface HclWasm {
  /** tree-sitter.wasm: its bytes, or the folder that holds it (ending in `/`). */
  runtime: Uint8Array | { folder: string };
  /** tree-sitter-terraform.wasm: its bytes, or its location. */
  grammar: Uint8Array | string;
}

export type HclFrontEnd = (text: string) => HclNode | undefined;

export async function createHclFrontEnd(wasm: HclWasm): Promise<HclFrontEnd> {
  const { runtime } = wasm;
  await Parser.init(runtime instanceof Uint8Array ? { wasmBinary: runtime } : { locateFile: (name: string) => `${runtime.folder}${name}` });
  const language = await Language.load(wasm.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return (text) => {
    const tree = parser.parse(text);
    if (!tree) return undefined;
    try {
      return copyTree(tree);
    } finally {
      tree.delete();
    }
  };
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
