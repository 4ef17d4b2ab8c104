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

/** Whether the node or anything under it is an error or an assumed token (iterative: nesting is unbounded). */
export function hasError(node: HclNode): boolean {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.type === 'MISSING') return true;
    for (const c of n.children) stack.push(c);
  }
  return false;
}
