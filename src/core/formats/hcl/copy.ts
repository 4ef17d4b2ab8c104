/**
 * The copy of tree-sitter's tree into ./cst.ts's plain objects, walked with one cursor (no recursion;
 * one WebAssembly call per cursor step and per property read). Copying costs about as much as parsing
 * (measured: 40 to 60 % of the parse time when every node was copied), so, in a file without syntax
 * errors, a top-level block that cannot hold a policy is left out: the front-end reads nothing there.
 * A block can hold a policy when its text has `statement` or `Statement` in it (a policy document's
 * statement blocks, a jsonencode, heredoc or quoted policy's Statement key); `variable` and `locals`
 * blocks are kept too (the module's defaults and values). A file with an error is copied whole: it is
 * cut into parts and each part parsed and copied again (./terraform.ts units), with the same rule.
 */
import type { HclNode } from './cst';

/** What the copy uses of web-tree-sitter's TreeCursor (declared here: the core does not import the parser). */
export interface HclCursor {
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}

/** Depth of a top-level block: config_file (0) > body (1) > block (2). */
const BLOCK_DEPTH = 2;

/**
 * The named (and, when `errors`, missing) nodes under the cursor's node as plain objects. With `text`
 * and no errors, top-level blocks that cannot hold a policy are left out (see above).
 */
export function copyCursor(cursor: HclCursor, errors: boolean, text?: string): HclNode {
  const root: HclNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  const keep = text !== undefined && !errors ? blockFilter(text) : undefined;
  // The nearest kept ancestor of the cursor's node at each depth (its length is the depth of the next child).
  const parents: HclNode[] = [root];
  let descend = true;
  for (;;) {
    if (descend && cursor.gotoFirstChild()) {
      descend = visit(cursor, parents, errors, keep);
      continue;
    }
    for (;;) {
      if (cursor.gotoNextSibling()) {
        parents.pop();
        descend = visit(cursor, parents, errors, keep);
        break;
      }
      if (!cursor.gotoParent()) return root;
      parents.pop();
    }
  }
}

/**
 * The cursor is on a node one level deeper than parents' last: keep it under its nearest kept ancestor
 * when named or missing. Returns whether to copy what is under it (false for a block left out).
 */
function visit(
  cursor: HclCursor,
  parents: HclNode[],
  errors: boolean,
  keep: ((start: number, end: number) => boolean) | undefined,
): boolean {
  const parent = parents[parents.length - 1]!;
  if (keep && parents.length === BLOCK_DEPTH && cursor.nodeType === 'block' && !keep(cursor.startIndex, cursor.endIndex)) {
    // Left out, with nothing under it; the depth is kept for the sibling step that pops it.
    parents.push(parent);
    return false;
  }
  const missing = errors && cursor.nodeIsMissing;
  if (!cursor.nodeIsNamed && !missing) {
    // Not kept: its children (an anonymous node has none that matter) hang on the same ancestor.
    parents.push(parent);
    return true;
  }
  const node: HclNode = { type: missing ? 'MISSING' : cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: [] };
  parent.children.push(node);
  parents.push(node);
  return true;
}

/**
 * Whether a top-level block in [start, end) may hold a policy or the module's values. Blocks come in
 * order, so the next `tatement` (of statement and Statement) is searched for once from where the last
 * search stopped: linear in the file's length.
 */
function blockFilter(text: string): (start: number, end: number) => boolean {
  let hit = -2;
  return (start, end) => {
    if (text.startsWith('variable', start) || text.startsWith('locals', start)) return true;
    if (hit !== -1 && hit < start) hit = text.indexOf('tatement', start);
    return hit >= 0 && hit < end;
  };
}
