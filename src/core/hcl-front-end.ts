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
import { copyCursor } from './formats/hcl/copy';

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
      return copyTree(tree, text);
    } finally {
      tree.delete();
    }
  };
}

/**
 * The named nodes of `tree` as plain objects (./formats/hcl/copy.ts); with the tree's `text`, the
 * top-level blocks that cannot hold a policy are left out.
 */
export function copyTree(tree: Tree, text?: string): HclNode {
  const cursor = tree.walk();
  try {
    // A tree without errors has no missing node: one WebAssembly call per node saved.
    return copyCursor(cursor, tree.rootNode.hasError, text);
  } finally {
    cursor.delete();
  }
}
