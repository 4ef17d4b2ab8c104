/**
 * The writer of a `*.tf.json` file's `data.aws_iam_policy_document` blocks (./terraform-json.ts
 * renderPolicyDocument): the fixes of ../fixes/writer.ts as JSON edits in the provider's schema,
 * not IAM's. The rendered policy's nodes stand on the source that makes them; this writer finds the
 * source node with the same range (the file parsed again once, when the first fix is built) and
 * writes there: a statement key is its attribute (Action is `actions`, always a list), a Condition
 * operator is the `test` of its condition blocks, a new Condition is a list of `{ test, variable,
 * values }` blocks, a new statement a block of those attributes. Where a node has no source of its
 * own (an effect the provider implies, a value an interpolation computes) or stands where this writer
 * does not write (a single block written as an object), it throws: the fix then has no edits
 * (editsOf), never a file Terraform would reject.
 */
import type { Edit, FormattingOptions } from '../types';
import { type JsonNode, type JsonProperty, getProp } from '../document/tree';
import type { PolicyDocument } from '../document/policy';
import { type FixWriter, type WriterFactory, provideWriter } from '../fixes/writer';
import { appendArrayItems, insertProperty, quote, removeArrayItem, removeArrayItems, replaceMember, replaceNode } from '../fixes/edits';
import { parseJson } from './json/builder';
import { REFERENCE_DENY_STATEMENT } from '../reference';
import { STATEMENT_KEYS } from './hcl/document';

/** The provider's attribute for each statement key (Action is `actions`). */
const ATTRIBUTE: Partial<Record<string, string>> = Object.fromEntries(Object.entries(STATEMENT_KEYS).map(([hcl, json]) => [json, hcl]));
/** Attributes that are lists in the provider's schema: a string written there is a one-item list. */
const LISTS = new Set(['actions', 'not_actions', 'resources', 'not_resources', 'values', 'identifiers']);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class Unwritable extends Error {}
function refuse(why: string): never {
  throw new Unwritable(why);
}

/** A statement key's value as its attribute holds it: a list where the schema has one. */
function attributeValue(name: string, v: unknown): unknown {
  return LISTS.has(name) && !Array.isArray(v) ? [v] : v;
}

/** A Condition object as `condition` blocks: one per operator and key, values always strings in a list. */
function conditionBlocks(condition: unknown): Array<Record<string, unknown>> {
  if (!isMap(condition)) return refuse('a Condition that is not an object');
  const out: Array<Record<string, unknown>> = [];
  for (const [test, vars] of Object.entries(condition)) {
    if (!isMap(vars)) refuse('a condition operator without keys');
    for (const [variable, values] of Object.entries(vars))
      out.push({ test, variable, values: (Array.isArray(values) ? values : [values]).map(String) });
  }
  return out;
}

/** Principal / NotPrincipal as `principals` blocks (`"*"` is type "*" with identifiers ["*"]). */
function principalBlocks(principal: unknown): Array<Record<string, unknown>> {
  if (principal === '*') return [{ type: '*', identifiers: ['*'] }];
  if (!isMap(principal)) return refuse('a Principal this writer does not write');
  return Object.entries(principal).map(([type, ids]) => ({ type, identifiers: Array.isArray(ids) ? ids : [ids] }));
}

/** An IAM statement as a `statement` block of the provider's attributes. */
function statementBlock(st: unknown): Record<string, unknown> {
  if (!isMap(st)) return refuse('a statement that is not an object');
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(st)) {
    const name = ATTRIBUTE[key];
    if (name) out[name] = attributeValue(name, v);
    else if (key === 'Condition') out.condition = conditionBlocks(v);
    else if (key === 'Principal' || key === 'NotPrincipal') out[key === 'Principal' ? 'principals' : 'not_principals'] = principalBlocks(v);
    else refuse(`${key} has no attribute in a statement block`);
  }
  return out;
}

/** A statement member's key and value as the block's attribute: `Action` → `actions` (a list), `Condition` → `condition` blocks. */
function blockMember(key: string, value: unknown): [string, unknown] {
  const name = ATTRIBUTE[key];
  if (name) return [name, attributeValue(name, value)];
  if (key === 'Condition') return ['condition', conditionBlocks(value)];
  if (key === 'Principal' || key === 'NotPrincipal') return [key === 'Principal' ? 'principals' : 'not_principals', principalBlocks(value)];
  return refuse(`${key} has no attribute in a statement block`);
}

interface Source {
  /** Source value nodes by `offset:length`. */
  nodes: Map<string, JsonNode>;
  /** Source members by their key's offset. */
  props: Map<number, JsonProperty>;
  /** Each source node's member (the property whose value it is, or whose array holds it). */
  owner: Map<JsonNode, JsonProperty>;
  /** Each source node's parent node. */
  parent: Map<JsonNode, JsonNode>;
}

class TerraformJsonWriter implements FixWriter {
  private source: Source | undefined;
  constructor(
    private readonly text: string,
    private readonly f: FormattingOptions,
  ) {}

  /** The file's own JSON tree, indexed (iteratively: nesting is the user's). */
  private get src(): Source {
    if (this.source) return this.source;
    const root = parseJson(this.text).root;
    const s: Source = { nodes: new Map(), props: new Map(), owner: new Map(), parent: new Map() };
    const stack: Array<[JsonNode, JsonProperty | undefined]> = root ? [[root, undefined]] : [];
    while (stack.length) {
      const [n, owner] = stack.pop()!;
      s.nodes.set(`${n.offset}:${n.length}`, n);
      if (owner) s.owner.set(n, owner);
      for (const item of n.items ?? []) {
        s.parent.set(item, n);
        stack.push([item, owner]);
      }
      for (const p of n.props ?? []) {
        s.props.set(p.keyOffset, p);
        if (!p.value) continue;
        s.parent.set(p.value, n);
        stack.push([p.value, p]);
      }
    }
    return (this.source = s);
  }

  /** The source node with exactly the rendered node's range; never one that the file computes. */
  private at(node: JsonNode): JsonNode {
    if (node.type === 'unknown') refuse('a value the file computes');
    return this.src.nodes.get(`${node.offset}:${node.length}`) ?? refuse('no source of its own');
  }

  /** The name of the member that holds a source node (`statement`, `condition`, `actions`, ...). */
  private ownerKey(n: JsonNode): string | undefined {
    return this.src.owner.get(n)?.key;
  }

  /** Is the source object a policy document's block (`data.aws_iam_policy_document.<name>`, or an item of its list)? */
  private isDocument(n: JsonNode): boolean {
    let p = this.src.parent.get(n);
    if (p?.type === 'array') p = this.src.parent.get(p);
    return !!p && this.src.parent.has(p) && this.ownerKey(p) === 'aws_iam_policy_document';
  }

  renameKey(prop: JsonProperty, key: string): Edit[] {
    const own = this.src.props.get(prop.keyOffset);
    if (own && own.keyLength === prop.keyLength) {
      // A statement attribute: written as the attribute of the new key (NotAction is `not_actions`).
      const name = ATTRIBUTE[key];
      if (!name || !ATTRIBUTE[prop.key]) refuse(`${key} has no attribute here`);
      return [{ offset: own.keyOffset, length: own.keyLength, content: quote(name) }];
    }
    // The key stands on a string of a condition block: its `test` (an operator) or its `variable`.
    const n = this.src.nodes.get(`${prop.keyOffset}:${prop.keyLength}`) ?? refuse('a key with no source of its own');
    if (this.ownerKey(n) !== 'test') return [{ offset: n.offset, length: n.length, content: quote(key) }];
    const tests = new Set<JsonNode>([n]);
    // An operator merged from several blocks: each of their tests.
    for (const v of prop.value?.props ?? []) {
      const variable = this.src.nodes.get(`${v.keyOffset}:${v.keyLength}`);
      const block = variable && this.src.parent.get(variable);
      const test = getProp(block, 'test')?.value;
      if (test?.type === 'string') tests.add(test);
    }
    return [...tests].map((t) => ({ offset: t.offset, length: t.length, content: quote(key) }));
  }

  writeString(node: JsonNode, value: string): Edit[] {
    const n = this.at(node);
    if (n.type === 'object' || n.type === 'array') refuse('not a scalar');
    return [{ offset: n.offset, length: n.length, content: quote(value) }];
  }

  replaceNode(node: JsonNode, value: unknown): Edit[] {
    const n = this.at(node);
    if (isMap(value)) refuse('an object in a policy document is a block');
    if (typeof value === 'string' && n.type !== 'array') return this.writeString(node, value);
    // A list attribute stays a list.
    const list = n.type === 'array' && !Array.isArray(value) ? [value] : value;
    return [replaceNode(this.text, n, list, this.f)];
  }

  appendItems(list: JsonNode, values: readonly unknown[]): Edit[] {
    const n = this.at(list);
    if (n.type !== 'array') refuse('a list written as one value');
    const items = this.ownerKey(n) === 'statement' ? values.map(statementBlock) : [...values];
    return appendArrayItems(this.text, n, items, this.f);
  }

  removeItems(list: JsonNode, indexes: readonly number[]): Edit[] {
    const n = this.at(list);
    if (n.type !== 'array' || indexes.some((i) => i >= n.items!.length)) refuse('items with no source of their own');
    return indexes.length === 1 ? removeArrayItem(n, indexes[0]!) : removeArrayItems(n, indexes);
  }

  insertMember(map: JsonNode, key: string, value: unknown, first = false): Edit[] {
    const n = this.at(map);
    if (n.type !== 'object') refuse('a map with no object of its own');
    const holder = this.ownerKey(n);
    if (holder === 'statement') {
      const [name, v] = blockMember(key, value);
      return insertProperty(this.text, n, name, v, this.f, first);
    }
    if (holder === 'condition') {
      // A key added under an operator: one more block of the same test, after this one.
      const test = getProp(n, 'test')?.value;
      const list = this.src.parent.get(n);
      if (test?.type !== 'string' || list?.type !== 'array') refuse('a condition block written alone');
      return appendArrayItems(
        this.text,
        list,
        [{ test: test.value, variable: key, values: (Array.isArray(value) ? value : [value]).map(String) }],
        this.f,
      );
    }
    if (!this.isDocument(n)) refuse(`${key} has no attribute here`);
    if (key === 'Version') return insertProperty(this.text, n, 'version', value, this.f, true);
    if (key === 'Statement')
      return insertProperty(this.text, n, 'statement', (Array.isArray(value) ? value : [value]).map(statementBlock), this.f);
    return refuse(`${key} has no attribute in a policy document`);
  }

  replaceMember(prop: JsonProperty, key: string, value: unknown): Edit[] {
    const own = this.src.props.get(prop.keyOffset);
    if (!own || own.keyLength !== prop.keyLength || !own.value) refuse('no member of its own');
    const [name, v] = blockMember(key, value);
    return [replaceMember(this.text, own, name, v, this.f)];
  }

  insertDeny(doc: PolicyDocument): Edit[] {
    const n = this.at(doc.node);
    const statements = getProp(n, 'statement')?.value;
    if (statements?.type === 'array') return appendArrayItems(this.text, statements, [statementBlock(REFERENCE_DENY_STATEMENT)], this.f);
    if (statements) refuse('a single statement block written as an object');
    return insertProperty(this.text, n, 'statement', [statementBlock(REFERENCE_DENY_STATEMENT)], this.f);
  }
}

/** The writer for one linted `*.tf.json` text's policy documents. */
export const terraformJsonWriter: WriterFactory = (text, formatting) => new TerraformJsonWriter(text, formatting);

provideWriter('tf-json', terraformJsonWriter);
