/**
 * What stands at an offset of a policy, for completion and hover: an action in a statement's `Action`
 * or `NotAction`, or a condition key (a key of an operator's block in `Condition`). Read from the
 * document tree, so JSON and YAML alike; the walk goes down one child per level (iterative, linear
 * in the depth).
 */
import type { JsonNode, JsonProperty } from '../document/tree';

export type PlaceKind = 'action' | 'condition-key';

export interface Place {
  kind: PlaceKind;
  /** The text between the quotes (or the plain scalar) as written, and where it starts and ends. */
  value: string;
  start: number;
  end: number;
  /** The statement it belongs to. */
  statement: JsonNode;
}

interface Step {
  /** The member this step went through, when the parent is an object. */
  prop?: JsonProperty;
  /** The offset is on that member's key, not its value. */
  onKey?: boolean;
  node?: JsonNode;
}

/** A node's or key's inner range: inside its quotes when it is quoted. */
function inner(text: string, offset: number, length: number): { start: number; end: number } {
  const q = text[offset];
  if ((q === '"' || q === "'") && length >= 1) {
    const closed = length >= 2 && text[offset + length - 1] === q;
    return { start: offset + 1, end: offset + length - (closed ? 1 : 0) };
  }
  return { start: offset, end: offset + length };
}

const within = (offset: number, start: number, length: number) => offset >= start && offset <= start + length;

/** The path from the root to the deepest node (or key) around `offset`. */
function pathTo(root: JsonNode, offset: number): Step[] {
  const path: Step[] = [{ node: root }];
  let node: JsonNode | undefined = root;
  while (node) {
    let next: Step | undefined;
    if (node.props) {
      for (const p of node.props) {
        if (within(offset, p.keyOffset, p.keyLength)) next = { prop: p, onKey: true };
        else if (p.value && within(offset, p.value.offset, p.value.length)) next = { prop: p, node: p.value };
        if (next) break;
      }
    } else if (node.items) {
      const item: JsonNode | undefined = node.items.find((n) => within(offset, n.offset, n.length));
      if (item) next = { node: item };
    }
    if (!next) break;
    path.push(next);
    node = next.node;
  }
  return path;
}

/** The statement whose member path[i] is: an object under `Statement` (itself, or an item of its list). */
function statementAt(path: Step[], i: number): JsonNode | undefined {
  const s = path[i - 1]?.node;
  if (s?.type !== 'object') return undefined;
  const up = path[i - 1]!.prop ? path[i - 1] : path[i - 2];
  return up?.prop?.key === 'Statement' ? s : undefined;
}

/** The action or condition key at `offset` of a parsed document, if the offset is on one. */
export function placeAt(text: string, root: JsonNode | undefined, offset: number): Place | undefined {
  if (!root) return undefined;
  const path = pathTo(root, offset);
  const last = path[path.length - 1]!;
  // A condition key: Statement > statement > Condition > operator > key.
  if (last.onKey && path.length >= 4 && path[path.length - 3]!.prop?.key === 'Condition') {
    const statement = statementAt(path, path.length - 3);
    const p = last.prop!;
    const r = inner(text, p.keyOffset, p.keyLength);
    if (statement) return { kind: 'condition-key', value: text.slice(r.start, r.end), ...r, statement };
  }
  // An action: Statement > statement > Action (> item), a string.
  if (last.node?.type !== 'string') return undefined;
  const at = last.prop ? path.length - 1 : path.length - 2;
  const key = path[at]?.prop?.key;
  if (key !== 'Action' && key !== 'NotAction') return undefined;
  if (!last.prop && path[at]!.node?.type !== 'array') return undefined;
  const statement = statementAt(path, at);
  if (!statement) return undefined;
  const r = inner(text, last.node.offset, last.node.length);
  return { kind: 'action', value: text.slice(r.start, r.end), ...r, statement };
}
