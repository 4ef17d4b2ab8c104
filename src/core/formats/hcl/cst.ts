/**
 * The HCL concrete syntax tree as the Terraform front-end reads it: tree-sitter's nodes copied into
 * plain objects once (../../hcl.ts), so that the front-end is pure, synchronous, testable without the
 * parser, and never crosses into WebAssembly per property. Only named nodes are kept (the grammar
 * names every token the front-end needs: `bool_lit`, `heredoc_start`, `template_literal`, ...);
 * tree-sitter's error recovery shows as `ERROR` nodes and `MISSING` ones (a token it assumed).
 */
export interface HclNode {
  type: string;
  /** UTF-16 offsets into the text, [start, end). */
  start: number;
  end: number;
  children: HclNode[];
}

/** The first child of `type`. */
export const child = (node: HclNode | undefined, type: string): HclNode | undefined => node?.children.find((c) => c.type === type);

/** What the parser said of the trees it copied (./copy.ts): whether each has an error. */
const parsed = new WeakMap<HclNode, boolean>();

/** Records what the parser said of a copied tree: asking hasError of it then walks nothing. */
export function noteErrors(root: HclNode, errors: boolean): HclNode {
  parsed.set(root, errors);
  return root;
}

/** Whether the node or anything under it is an error or an assumed token (iterative: nesting is unbounded). */
export function hasError(node: HclNode): boolean {
  const known = parsed.get(node);
  if (known !== undefined) return known;
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.type === 'MISSING') return true;
    // Indexed: a for-of here allocated an iterator result per node (6 MB of a 1 MB file's lint).
    for (let i = 0; i < n.children.length; i++) stack.push(n.children[i]!);
  }
  return false;
}
