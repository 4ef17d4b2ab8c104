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
import { type HclNode, noteErrors } from './cst';

/** What the copy uses of web-tree-sitter's TreeCursor (declared here: the core does not import the parser). */
export interface HclCursor {
  readonly nodeType: string;
  readonly nodeTypeId: number;
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
 * Named node types that are tokens of the grammar (token() and external rules): they have no children,
 * so the copy does not ask for them (a cursor step saved per identifier and quote). A test checks each
 * against the grammar's rules.
 */
export const TOKENS: ReadonlySet<string> = new Set([
  'identifier',
  'comment',
  'quoted_template_start',
  'quoted_template_end',
  'template_interpolation_start',
  'template_interpolation_end',
  'template_directive_start',
  'template_directive_end',
  'heredoc_identifier',
]);

/**
 * Named node types made of one string (`block_end` is "}"): their one child is that anonymous token,
 * never copied unless it is missing, which only a tree with errors has.
 */
export const PUNCTUATION: ReadonlySet<string> = new Set([
  'block_start',
  'block_end',
  'object_start',
  'object_end',
  'tuple_start',
  'tuple_end',
]);

/**
 * The children of every leaf: one array, frozen (nothing writes into a copied tree's lists). Half the
 * copied nodes are leaves, and an array each was a fifth of what the copy allocated.
 */
const LEAF: HclNode[] = Object.freeze([]) as unknown as HclNode[];

/**
 * A node type's name and whether it is named, by its id: read from the cursor once per type (one
 * WebAssembly call per node then gives both, where nodeType and nodeIsNamed were one each).
 */
class Types {
  readonly #names: string[] = [];
  readonly #named: boolean[] = [];
  constructor(
    private readonly cursor: HclCursor,
    private readonly work: CopyWork | undefined,
  ) {}
  /** The id of the cursor's node, its type learned on first sight. */
  current(): number {
    const id = this.cursor.nodeTypeId;
    if (this.work) this.work.reads++;
    if (this.#names[id] === undefined) {
      this.#names[id] = this.cursor.nodeType;
      this.#named[id] = this.cursor.nodeIsNamed;
      if (this.work) this.work.reads += 2;
    }
    return id;
  }
  name = (id: number): string => this.#names[id]!;
  named = (id: number): boolean => this.#named[id]!;
}

/** How many WebAssembly reads a copy made: cursor steps and node properties (the tests count them). */
export interface CopyWork {
  /** Cursor moves tried. */
  steps: number;
  /** Nodes the cursor stood on (below the root). */
  visits: number;
  /** Node properties read. */
  reads: number;
}

/**
 * The named (and, when `errors`, missing) nodes under the cursor's node as plain objects. With `text`
 * and no errors, top-level blocks that cannot hold a policy are left out (see above). Each node's
 * children are gathered on one stack and given an array of their number when the walk leaves it.
 */
export function copyCursor(cursor: HclCursor, errors: boolean, text?: string, work?: CopyWork): HclNode {
  const walk = new Walk(cursor, errors, text !== undefined && !errors ? blockFilter(text) : undefined, work);
  let descend = true;
  for (;;) {
    if (descend && walk.step(cursor.gotoFirstChild())) {
      descend = walk.visit();
      continue;
    }
    for (;;) {
      if (walk.step(cursor.gotoNextSibling())) {
        walk.leave();
        descend = walk.visit();
        break;
      }
      walk.leave();
      if (!walk.step(cursor.gotoParent())) return noteErrors(walk.root, errors);
    }
  }
}

/** The state of one copy: the node at each depth of the cursor, and the children gathered so far. */
class Walk {
  readonly root: HclNode;
  readonly #types: Types;
  /** The kept node at each depth of the cursor (an anonymous or left-out node stands as its nearest kept ancestor). */
  readonly #open: HclNode[];
  /** Where each open node's children start in #gathered (-1 where the depth stands for an ancestor). */
  readonly #from: number[] = [0];
  readonly #gathered: HclNode[] = [];

  constructor(
    private readonly cursor: HclCursor,
    private readonly errors: boolean,
    private readonly keep: ((start: number, end: number) => boolean) | undefined,
    private readonly work: CopyWork | undefined,
  ) {
    this.#types = new Types(cursor, work);
    this.root = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: LEAF };
    this.#open = [this.root];
  }

  /** Counts a cursor step (when counting) and returns whether it moved. */
  step(moved: boolean): boolean {
    if (this.work) this.work.steps++;
    return moved;
  }

  /**
   * The cursor is on a node one level deeper than the last open one: keep it when named or missing.
   * Returns whether to copy what is under it (false for a block left out).
   */
  visit(): boolean {
    const { cursor, work } = this;
    const open = this.#open;
    const parent = open[open.length - 1]!;
    const id = this.#types.current();
    if (work) work.visits++;
    const missing = this.errors && cursor.nodeIsMissing;
    if (work && this.errors) work.reads++;
    if (!this.#types.named(id) && !missing) {
      // Not kept, and a token: the grammar has no anonymous node with children (no alias), so none is looked for.
      open.push(parent);
      this.#from.push(-1);
      return false;
    }
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    if (work) work.reads += 2;
    const type = missing ? 'MISSING' : this.#types.name(id);
    if (this.keep && open.length === BLOCK_DEPTH && type === 'block' && !this.keep(start, end)) {
      // Left out, with nothing under it; the depth is kept for the step that leaves it.
      open.push(parent);
      this.#from.push(-1);
      return false;
    }
    const node: HclNode = { type, start, end, children: LEAF };
    this.#gathered.push(node);
    open.push(node);
    this.#from.push(this.#gathered.length);
    return !TOKENS.has(type) && (this.errors || !PUNCTUATION.has(type));
  }

  /** The cursor leaves the last open node: it gets the children gathered since it was opened. */
  leave(): void {
    const node = this.#open.pop()!;
    const from = this.#from.pop()!;
    if (from < 0 || this.#gathered.length === from) return;
    node.children = this.#gathered.slice(from);
    this.#gathered.length = from;
  }
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
