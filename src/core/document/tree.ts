/**
 * The document tree, the same for every format: each front-end (../formats) builds it, and policy
 * discovery, the MFA model and the rules read only it. Lean: offsets and lengths into the source
 * text, decoded keys and scalar values; no parent pointers and no separate key nodes, so a 10 MB
 * document allocates about one object per value. (The classes keep the names of the JSON tree they
 * started as.)
 *
 * An `unknown` node is a value that the file computes (CloudFormation's `!Sub` or `Ref`, Terraform's
 * `${var.x}`): its value is its source text. It is never an error, it matches nothing that a string
 * would match (stringList leaves it out), and it never counts toward an enforced MFA verdict. The
 * JSON front-end never makes one.
 */
export type NodeType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'unknown';

export class JsonProperty {
  /** End of the value (or of the key when the value is missing), set when the member is complete. */
  end: number;
  value: JsonNode | undefined = undefined;
  constructor(
    readonly key: string,
    readonly keyOffset: number,
    readonly keyLength: number,
  ) {
    this.end = keyOffset + keyLength;
  }
}

export class JsonNode {
  /** Set when the container closes (or at the end of the text for an unclosed one). */
  length = 0;
  /** Array items. */
  items: JsonNode[] | undefined = undefined;
  /** Object members, in text order (duplicates included). */
  props: JsonProperty[] | undefined = undefined;
  constructor(
    readonly type: NodeType,
    readonly offset: number,
    public value: string | number | boolean | null,
  ) {}
}

/** A value the file computes, standing at `offset` with the source text `source`. */
export function unknownNode(offset: number, source: string): JsonNode {
  const node = new JsonNode('unknown', offset, source);
  node.length = source.length;
  return node;
}

/** The last member named `key` (a JSON parser keeps the last duplicate; so does IAM's). */
export function getProp(node: JsonNode | undefined, key: string): JsonProperty | undefined {
  const props = node?.props;
  if (!props) return undefined;
  for (let i = props.length - 1; i >= 0; i--) if (props[i]!.key === key) return props[i];
  return undefined;
}

export function getValue(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return getProp(node, key)?.value;
}

/** A string or an array of strings as a list of string nodes; other values are skipped. */
export function stringList(node: JsonNode | undefined): JsonNode[] {
  if (!node) return [];
  if (node.type === 'string') return [node];
  if (node.type === 'array') return node.items!.filter((n) => n.type === 'string');
  return [];
}

/**
 * The plain JS value of a subtree, built without recursion (nesting depth is unbounded). An unknown
 * node becomes its source text: a key whose value is computed is still present.
 */
export function toValue(root: JsonNode): unknown {
  if (root.type !== 'object' && root.type !== 'array') return root.value;
  const out: unknown = root.type === 'object' ? {} : [];
  const nodes: JsonNode[] = [root];
  const targets: unknown[] = [out];
  while (nodes.length) {
    const node = nodes.pop()!;
    const target = targets.pop();
    if (node.type === 'array') {
      const arr = target as unknown[];
      for (const item of node.items!) {
        const t = item.type;
        if (t === 'object' || t === 'array') {
          const v = t === 'object' ? {} : [];
          arr.push(v);
          nodes.push(item);
          targets.push(v);
        } else arr.push(item.value);
      }
    } else {
      const obj = target as Record<string, unknown>;
      for (const p of node.props!) {
        const item = p.value;
        if (!item) continue;
        const t = item.type;
        let v: unknown = item.value;
        if (t === 'object' || t === 'array') {
          v = t === 'object' ? {} : [];
          nodes.push(item);
          targets.push(v);
        }
        // A key named "__proto__" must stay a plain member.
        if (p.key === '__proto__') Object.defineProperty(obj, p.key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[p.key] = v;
      }
    }
  }
  return out;
}

/** JSON pointer segment escaping (RFC 6901). */
export function pointerSegment(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}
