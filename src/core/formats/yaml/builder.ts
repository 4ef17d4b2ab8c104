/**
 * The YAML front-end: the `yaml` package's document (its source ranges), turned into the core's tree
 * without recursion. CloudFormation's short-form tags become their long form (`!Sub x` is an object
 * `{ "Fn::Sub": x }` over the tag and its value), so that ../cloudformation.ts reads both forms alike;
 * any other tag is an unknown node. Aliases and merge keys are copies of their anchored nodes, at
 * most MAX_COPIED_NODES in all (an alias bomb is one syntax error). YAML syntax errors are syntax problems with their exact ranges; while there is
 * one, the core finds no policy in the text (a half-read file gives no policy findings).
 */
import {
  type CollectionTag,
  type Node as YamlNode,
  type Pair,
  type ScalarTag,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
} from 'yaml';
import { JsonNode, JsonProperty, unknownNode } from '../../document/tree';
import { DuplicateKeys, type ParseResult, SyntaxErrors } from '../../document/problems';
import { findPastedCharacters } from '../../document/pasted';

/** CloudFormation's short-form tags and the long-form key each stands for. */
export const SHORT_FORM_TAGS: ReadonlyMap<string, string> = new Map(
  ['Sub', 'GetAtt', 'Join', 'If', 'Select', 'Split', 'ImportValue', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'And', 'Or', 'Not', 'Equals']
    .map((n): [string, string] => [`!${n}`, `Fn::${n}`])
    .concat([
      ['!Ref', 'Ref'],
      ['!Condition', 'Condition'],
    ]),
);

/**
 * The short-form tags, told to the parser for what they are in YAML: a string, a map or a list under a
 * local tag, read exactly as an unknown tag is (the same string value, a plain map or list, the tag kept
 * on the node). Left unknown, each one costs the package a warning that the front-end never reads, and
 * building those warnings (an Error with its stack trace each) was a tenth of the time of a template's
 * lint (docs/decisions/yaml-front-end.md).
 */
const CLOUDFORMATION_TAGS: Array<ScalarTag | CollectionTag> = [...SHORT_FORM_TAGS.keys()].flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'map' as const },
  { tag, collection: 'seq' as const },
]);

/** The options the front-end parses with (the benchmark times the package with them too). */
export const YAML_PARSE_OPTIONS = { uniqueKeys: false, prettyErrors: false, customTags: CLOUDFORMATION_TAGS } as const;

/** Nesting deeper than this is not read (the `yaml` package composes recursively): one syntax error. */
export const MAX_YAML_DEPTH = 1000;

type Range = [number, number, number];

function rangeOf(node: YamlNode | Pair): Range | undefined {
  return isPair(node) ? undefined : ((node as { range?: Range | null }).range ?? undefined);
}

/** A rough, linear bound on the nesting of flow and block collections: more brackets open than this at once, or deeper indentation. */
function tooDeep(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_YAML_DEPTH) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return -1;
}

const aliasName = (alias: unknown): string => (alias as { source: string }).source;

/** The node whose members or items a YAML collection fills: a short-form tag's object stands for its one member's value. */
function fillTarget(node: JsonNode): JsonNode {
  return node.type === 'object' && node.props ? node.props[0]!.value! : node;
}

/** Values that merge keys and aliases may copy in all, past which the text is not read (an alias or merge bomb). */
export const MAX_COPIED_NODES = 100_000;

/** A copy of a subtree, without recursion; stops copying once the budget is spent. */
function copyTree(root: JsonNode, budget: { left: number }): JsonNode {
  const copyNode = (n: JsonNode): JsonNode => {
    budget.left--;
    const c = new JsonNode(n.type, n.offset, n.value);
    c.length = n.length;
    return c;
  };
  const out = copyNode(root);
  const stack: Array<[JsonNode, JsonNode]> = [[root, out]];
  while (stack.length && budget.left >= 0) {
    const [from, to] = stack.pop()!;
    if (from.items) {
      to.items = from.items.map((i) => {
        const c = copyNode(i);
        stack.push([i, c]);
        return c;
      });
    } else if (from.props) {
      to.props = from.props.map((q) => {
        const c = new JsonProperty(q.key, q.keyOffset, q.keyLength);
        c.end = q.end;
        if (q.value) {
          c.value = copyNode(q.value);
          stack.push([q.value, c.value]);
        }
        return c;
      });
    }
  }
  return out;
}

function copyProperty(p: JsonProperty, budget: { left: number }): JsonProperty {
  const copy = new JsonProperty(p.key, p.keyOffset, p.keyLength);
  copy.end = p.end;
  if (p.value) copy.value = copyTree(p.value, budget);
  return copy;
}

/** What is resolved once the tree is built, in text order: a merge key's maps, an alias's node. */
type Copy = { at: number; into: JsonNode; names: string[] } | { at: number; name: string; set: (node: JsonNode) => void };

class Builder {
  readonly duplicates = new DuplicateKeys();
  /** Anchored nodes by name (a name may be defined again: the definition before the alias counts). */
  private readonly anchors = new Map<string, JsonNode[]>();
  private readonly copies: Copy[] = [];
  constructor(
    private readonly text: string,
    private readonly errors: SyntaxErrors,
  ) {}

  private anchor(src: YamlNode, node: JsonNode): void {
    const name = (src as { anchor?: string }).anchor;
    if (!name) return;
    const list = this.anchors.get(name);
    if (list) list.push(node);
    else this.anchors.set(name, [node]);
  }

  /** A `<<` member whose value is an alias or a list of aliases: merged after the build. */
  private mergeOf(pair: Pair, into: JsonNode): void {
    const key = pair.key as YamlNode | null;
    if (!key || !isScalar(key) || key.value !== '<<') return;
    const v = pair.value as YamlNode | null;
    const aliases = isAlias(v) ? [v] : isSeq(v) && v.items.every((i) => isAlias(i)) ? (v.items as YamlNode[]) : [];
    if (aliases.length) this.copies.push({ at: into.offset, into, names: aliases.map(aliasName) });
  }

  private resolve(name: string, before: number): JsonNode | undefined {
    let found: JsonNode | undefined;
    for (const n of this.anchors.get(name) ?? []) if (n.offset < before && (!found || n.offset > found.offset)) found = n;
    return found;
  }

  /**
   * Aliases and merge keys, in text order (an anchored node's own aliases come before it is copied):
   * an alias is a copy of its anchored node; a merge key's map gets copies of the members of the
   * merged maps, then its own (the last member of a name is the one read, so its own win, then the
   * first merged map). Copies, not shared nodes: the tree stays a tree, and the nodes copied in all
   * are counted against MAX_COPIED_NODES. An alias with no anchor before it stays unknown.
   */
  resolveCopies(): void {
    const budget = { left: MAX_COPIED_NODES };
    this.copies.sort((a, b) => a.at - b.at);
    for (const job of this.copies) {
      if ('set' in job) {
        const source = this.resolve(job.name, job.at);
        if (source) job.set(copyTree(source, budget));
      } else {
        const { into, names } = job;
        const sources = names.map((n) => this.resolve(n, into.offset + into.length));
        if (!sources.every((m) => m?.type === 'object' && m.props)) continue;
        const merged: JsonProperty[] = [];
        for (const m of sources.reverse()) for (const p of m!.props!) merged.push(copyProperty(p, budget));
        into.props = [...merged, ...into.props!.filter((p) => p.key !== '<<')];
      }
      if (budget.left < 0) {
        this.errors.add(
          job.at,
          0,
          `YAML aliases and merge keys copy more than ${MAX_COPIED_NODES.toLocaleString('en-US')} values: not read.`,
        );
        return;
      }
    }
  }

  /** The tree of `root`, built with an explicit stack. */
  build(root: YamlNode): JsonNode {
    const out = this.shallow(root);
    const stack: Array<[YamlNode, JsonNode]> = [[root, fillTarget(out)]];
    while (stack.length) {
      const [src, dst] = stack.pop()!;
      if (isMap(src) && dst.type === 'object') {
        const props: JsonProperty[] = (dst.props = []);
        for (const pair of src.items) {
          const prop = this.property(pair, dst);
          props.push(prop);
          this.mergeOf(pair, dst);
          if (pair.value) {
            const v = this.shallow(pair.value as YamlNode);
            this.anchor(pair.value as YamlNode, v);
            if (isAlias(pair.value) && prop.key !== '<<')
              this.copies.push({ at: v.offset, name: aliasName(pair.value), set: (n) => (prop.value = n) });
            prop.value = v;
            prop.end = v.offset + v.length;
            stack.push([pair.value as YamlNode, fillTarget(v)]);
          }
        }
        this.duplicates.check(props);
      } else if (isSeq(src) && dst.type === 'array') {
        const items: JsonNode[] = (dst.items = []);
        for (const item of src.items) {
          const v = item ? this.shallow(item as YamlNode) : unknownNode(dst.offset, '');
          if (item) this.anchor(item as YamlNode, v);
          if (isAlias(item)) {
            const at = items.length;
            this.copies.push({ at: v.offset, name: aliasName(item), set: (n) => (items[at] = n) });
          }
          items.push(v);
          if (item) stack.push([item as YamlNode, fillTarget(v)]);
        }
      }
    }
    return out;
  }

  private property(pair: Pair, parent: JsonNode): JsonProperty {
    const key = pair.key as YamlNode | null;
    const r = key ? rangeOf(key) : undefined;
    // A plain key is its text: `Null:` (IAM's operator) is no null, `True:` no boolean, `0x10:` no 16.
    const plain = key && isScalar(key) && key.type === 'PLAIN' && typeof key.value !== 'string' && r;
    const name = key && isScalar(key) && !plain ? String(key.value) : r ? this.text.slice(r[0], r[1]) : '';
    const offset = r ? r[0] : parent.offset;
    return new JsonProperty(name, offset, r ? r[1] - r[0] : 0);
  }

  /**
   * The node for `src` without its children (an object or array is filled from the stack). A
   * short-form CloudFormation tag gives an object `{ "Fn::X": value }` whose one member's value is
   * the collection to fill (see build: the stack then fills that value).
   */
  shallow(src: YamlNode): JsonNode {
    const r = rangeOf(src) ?? [0, 0, 0];
    const tag = (src as { tag?: string }).tag;
    if (isAlias(src)) return unknownNode(r[0], this.text.slice(r[0], r[1]));
    if (tag && !tag.startsWith('tag:yaml.org,2002:')) {
      const long = SHORT_FORM_TAGS.get(tag);
      // The tag stands just before the node's range.
      const at = this.text.lastIndexOf(tag, r[0]);
      const start = at >= 0 && /^\s*$/.test(this.text.slice(at + tag.length, r[0])) ? at : r[0];
      if (!long) return unknownNode(start, this.text.slice(start, r[1]));
      const obj = new JsonNode('object', start, null);
      obj.length = r[1] - start;
      const prop = new JsonProperty(long, start, tag.length);
      prop.value = this.plain(src, r);
      prop.end = r[1];
      obj.props = [prop];
      return obj;
    }
    return this.plain(src, r);
  }

  private plain(src: YamlNode, r: Range): JsonNode {
    let node: JsonNode;
    if (isMap(src)) node = new JsonNode('object', r[0], null);
    else if (isSeq(src)) node = new JsonNode('array', r[0], null);
    else if (isScalar(src)) {
      const v = src.value;
      if (typeof v === 'string') node = new JsonNode('string', r[0], v);
      else if (typeof v === 'number') node = new JsonNode('number', r[0], v);
      else if (typeof v === 'bigint') node = new JsonNode('number', r[0], Number(v));
      else if (typeof v === 'boolean') node = new JsonNode('boolean', r[0], v);
      else if (v === null || v === undefined) node = new JsonNode('null', r[0], null);
      else node = new JsonNode('string', r[0], this.text.slice(r[0], r[1]));
    } else return unknownNode(r[0], this.text.slice(r[0], r[1]));
    node.length = r[1] - r[0];
    return node;
  }
}

/** Parses YAML text into the core's tree. Never throws on any text. */
export function parseYaml(text: string): ParseResult {
  const errors = new SyntaxErrors();
  const result = (root: JsonNode | undefined, duplicates = new DuplicateKeys()): ParseResult => ({
    root,
    errors: errors.list,
    errorsOmitted: errors.omitted,
    errorsOmittedAt: errors.omittedAt,
    stoppedAt: -1,
    duplicates: duplicates.list,
    duplicatesOmitted: duplicates.omitted,
    duplicatesOmittedAt: duplicates.omittedAt,
    pasted: findPastedCharacters(''),
  });
  const deep = tooDeep(text);
  if (deep >= 0) {
    errors.add(deep, 1, `YAML nested more than ${MAX_YAML_DEPTH} levels deep: not read.`);
    return result(undefined);
  }
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  for (const e of doc.errors) {
    // The package places an error at the end of the text one character past it (`{`: [1, 2]).
    const from = Math.min(e.pos[0], text.length);
    const to = Math.min(Math.max(e.pos[1], from), text.length);
    errors.add(from, to - from, `YAML: ${e.message.split('\n')[0]}`);
  }
  const contents = doc.contents as YamlNode | null;
  if (!contents) return result(undefined);
  const builder = new Builder(text, errors);
  const root = builder.build(contents);
  builder.resolveCopies();
  return result(root, builder.duplicates);
}
