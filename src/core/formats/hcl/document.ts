/**
 * A `data "aws_iam_policy_document"` block as the JSON policy Terraform renders from it, each node
 * on the HCL that produced it: `statement` blocks are the Statement items, `effect` (Allow where
 * absent) the Effect, `actions` the Action, `condition { test, variable, values }` the
 * Condition[test][variable] = values; list items that HCL writes as booleans or numbers are the
 * strings Terraform makes of them (`values = [false]` is "false"). A `dynamic "statement"` is
 * expanded where its `for_each` can be told from the module's defaults (./defaults.ts), and said so;
 * else it is one unknown statement. Other documents merged in (`source_policy_documents`) are read
 * when they are in the same file, else they are an unknown statement.
 */
import { JsonNode, JsonProperty, unknownNode } from '../../document/tree';
import type { HclNode } from './cst';
import { countOf, type Defaults } from './defaults';
import { inner, nameOf, readValue } from './values';

/** A statement that the module's defaults leave out or put in: said in the policy's findings. */
export interface DefaultNote {
  /** The dynamic block. */
  offset: number;
  /** e.g. `with the default manage_explicit_deny = false, the deny at line 283 is not emitted` (or `with manage_explicit_deny = true in terraform.tfvars, ...`). */
  text: string;
}

export interface RenderedDocument {
  node: JsonNode;
  notes: DefaultNote[];
  /** Names of the documents it merges in (`source_policy_documents`), read by the caller. */
  sources: Array<{ kind: 'source' | 'override'; names: string[] | undefined; at: HclNode }>;
  /** Its statements written in Terraform 0.11's attribute form (`statement = {...}`): no fix is written there. */
  legacy: JsonNode[];
}

export const STATEMENT_KEYS: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};
const LIST_KEYS = new Set(['actions', 'not_actions', 'resources', 'not_resources', 'identifiers', 'values']);

/** Where Terraform 0.11 wrote a nested block as an attribute (`statement = {...}`, `condition = [{...}]`): read as the blocks. */
const NESTED = new Set(['statement', 'condition', 'principals', 'not_principals']);

/**
 * The attributes and nested blocks of a block's body, with their names. Of an HCL object (Terraform
 * 0.11's `statement = { ... }`), its elements: one whose value is an object, or a tuple of objects, under
 * a name of NESTED, is read as that many nested blocks (what 0.11 modules hold, and what they meant).
 */
export function members(text: string, block: HclNode): Array<{ name: string; node: HclNode; value?: HclNode }> {
  if (block.type === 'object') return objectMembers(text, block);
  const body = block.children.find((c) => c.type === 'body');
  const out: Array<{ name: string; node: HclNode; value?: HclNode }> = [];
  for (const m of body?.children ?? []) {
    const id = m.children[0];
    if (id?.type !== 'identifier') continue;
    const name = text.slice(id.start, id.end);
    const nested = m.type === 'attribute' && NESTED.has(name) && m.children[1] ? objectsOf(m.children[1]) : undefined;
    if (nested) for (const o of nested) out.push({ name, node: o });
    else if (m.type === 'attribute') out.push({ name, node: m, value: m.children[1] });
    else if (m.type === 'block') out.push({ name, node: m });
  }
  return out;
}

/** The objects of Terraform 0.11's form of nested blocks, `= {...}` or `= [{...}, ...]`; undefined for any other value. */
export function objectsOf(expr: HclNode): HclNode[] | undefined {
  const v = inner(expr);
  if (v?.type === 'object') return [v];
  if (v?.type !== 'tuple') return undefined;
  const items = v.children.filter((c) => c.type === 'expression').map(inner);
  return items.every((i) => i?.type === 'object') ? (items as HclNode[]) : undefined;
}

function objectMembers(text: string, obj: HclNode): Array<{ name: string; node: HclNode; value?: HclNode }> {
  const out: Array<{ name: string; node: HclNode; value?: HclNode }> = [];
  for (const elem of obj.children) {
    const [key, value] = elem.children;
    const name = elem.type === 'object_elem' ? nameOf(text, key) : undefined;
    if (!name || !value) continue;
    const nested = NESTED.has(name) ? objectsOf(value) : undefined;
    if (nested) for (const o of nested) out.push({ name, node: o });
    else out.push({ name, node: elem, value });
  }
  return out;
}

/** A block's labels (`"aws_iam_policy_document"`, `"x"`), as written between the quotes. */
export function labels(text: string, block: HclNode): string[] {
  return block.children
    .filter((c) => c.type === 'string_lit' || c.type === 'identifier')
    .slice(1)
    .map((c) => (c.type === 'identifier' ? text.slice(c.start, c.end) : text.slice(c.start + 1, c.end - 1)));
}

function container(type: 'object' | 'array', from: number, to: number): JsonNode {
  const n = new JsonNode(type, from, null);
  n.length = to - from;
  if (type === 'object') n.props = [];
  else n.items = [];
  return n;
}

function setProp(obj: JsonNode, key: string, keyFrom: number, keyTo: number, value: JsonNode): JsonProperty {
  const p = new JsonProperty(key, keyFrom, keyTo - keyFrom);
  p.value = value;
  p.end = value.offset + value.length;
  obj.props!.push(p);
  return p;
}

/** A string standing for a literal that Terraform writes (`Allow` where no effect is given), on the HCL that implies it. */
function implied(value: string, at: HclNode): JsonNode {
  const n = new JsonNode('string', at.start, value);
  n.length = at.end - at.start;
  return n;
}

/** A list attribute's value: its booleans and numbers as the strings Terraform makes of them. */
function listValue(text: string, expr: HclNode): JsonNode {
  const v = readValue(text, expr);
  for (const [i, item] of (v.items ?? [v]).entries()) {
    if (item.type !== 'boolean' && item.type !== 'number') continue;
    const s = new JsonNode('string', item.offset, text.slice(item.offset, item.offset + item.length));
    s.length = item.length;
    if (v.items) v.items[i] = s;
    else return s;
  }
  return v;
}

/** The Principal or NotPrincipal object of `principals` blocks: { [type]: identifiers }, `*` alone for type "*". */
function principals(text: string, blocks: HclNode[], dynamic: HclNode | undefined): JsonNode {
  const first = blocks[0] ?? dynamic!;
  if (dynamic) return unknownNode(dynamic.start, text.slice(dynamic.start, dynamic.end));
  const obj = container('object', first.start, blocks[blocks.length - 1]!.end);
  for (const b of blocks) {
    const m = members(text, b);
    const type = m.find((x) => x.name === 'type')?.value;
    const ids = m.find((x) => x.name === 'identifiers')?.value;
    const key = type && readValue(text, type);
    if (!key || key.type !== 'string' || !ids) return unknownNode(first.start, text.slice(first.start, blocks[blocks.length - 1]!.end));
    const value = listValue(text, ids);
    if (key.value === '*' && blocks.length === 1) return implied('*', type);
    const same = obj.props!.find((p) => p.key === key.value);
    if (same?.value?.items && value.items) same.value.items.push(...value.items);
    else setProp(obj, key.value as string, key.offset, key.offset + key.length, value);
  }
  return obj;
}

/** The Condition object of `condition` blocks: { [test]: { [variable]: values } }, tests and variables merged. */
function conditions(text: string, blocks: HclNode[], dynamic: HclNode | undefined): JsonNode {
  const from = blocks[0] ?? dynamic!;
  const to = blocks[blocks.length - 1] ?? dynamic!;
  if (dynamic) return unknownNode(from.start, text.slice(from.start, Math.max(to.end, dynamic.end)));
  const obj = container('object', from.start, to.end);
  for (const b of blocks) {
    const m = members(text, b);
    const test = m.find((x) => x.name === 'test')?.value;
    const variable = m.find((x) => x.name === 'variable')?.value;
    const values = m.find((x) => x.name === 'values')?.value;
    const t = test && readValue(text, test);
    const v = variable && readValue(text, variable);
    if (!t || t.type !== 'string' || !v || v.type !== 'string' || !values) return unknownNode(from.start, text.slice(from.start, to.end));
    let op = obj.props!.find((p) => p.key === t.value)?.value;
    if (!op) setProp(obj, t.value as string, t.offset, t.offset + t.length, (op = container('object', b.start, b.end)));
    setProp(op, v.value as string, v.offset, v.offset + v.length, listValue(text, values));
  }
  return obj;
}

/** One statement from a `statement` block or a dynamic block's `content` block (`body`), on `block`; `keyword` is where an implied Effect stands. */
function statement(text: string, block: HclNode, body: HclNode, keyword: HclNode): JsonNode {
  const obj = container('object', block.start, block.end);
  const nested: Record<string, HclNode[]> = { principals: [], not_principals: [], condition: [] };
  const dynamic: Record<string, HclNode | undefined> = {};
  let effect = false;
  for (const m of members(text, body)) {
    if (m.value && STATEMENT_KEYS[m.name]) {
      const id = m.node.children[0]!;
      effect ||= m.name === 'effect';
      setProp(obj, STATEMENT_KEYS[m.name]!, id.start, id.end, LIST_KEYS.has(m.name) ? listValue(text, m.value) : readValue(text, m.value));
    } else if (!m.value && nested[m.name]) nested[m.name]!.push(m.node);
    else if (!m.value && m.name === 'dynamic') {
      const kind = labels(text, m.node)[0];
      if (kind && nested[kind]) dynamic[kind] = m.node;
    }
  }
  if (!effect) setProp(obj, 'Effect', keyword.start, keyword.end, implied('Allow', keyword));
  for (const [kind, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
    ['condition', 'Condition'],
  ] as const) {
    const blocks = nested[kind]!;
    if (!blocks.length && !dynamic[kind]) continue;
    const at = blocks[0] ?? dynamic[kind]!;
    const value = kind === 'condition' ? conditions(text, blocks, dynamic[kind]) : principals(text, blocks, dynamic[kind]);
    setProp(obj, key, at.children[0]!.start, at.children[0]!.end, value);
  }
  policyVariables(obj);
  return obj;
}

/**
 * A policy document writes IAM's policy variables `&{aws:username}` (`${` would be Terraform's
 * interpolation); the provider renders them as `${aws:username}`.
 */
function policyVariables(root: JsonNode): void {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string' && (n.value as string).includes('&{')) n.value = (n.value as string).replaceAll('&{', '${');
    for (const item of n.items ?? []) stack.push(item);
    for (const p of n.props ?? []) if (p.value) stack.push(p.value);
  }
}

/** Line number (1-based) of an offset, for a note. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The statements of a `dynamic "statement"` block: as many as its for_each makes with the defaults, else one unknown. */
function dynamicStatements(text: string, defaults: Defaults, block: HclNode, notes: DefaultNote[]): JsonNode[] {
  const m = members(text, block);
  const forEach = m.find((x) => x.name === 'for_each')?.value;
  const content = m.find((x) => x.name === 'content' && !x.value)?.node;
  const judged = forEach && countOf(text, defaults, forEach);
  if (!judged || !content || judged.value > 100) return [unknownNode(block.start, text.slice(block.start, block.end))];
  const made = Array.from({ length: judged.value }, () => statement(text, block, content, block.children[0]!));
  if (judged.by.length) {
    const effect = members(text, content!).find((x) => x.name === 'effect')?.value;
    const deny = effect && readValue(text, effect).value === 'Deny';
    const what = `the ${deny ? 'deny' : 'statement'} at line ${lineOf(text, block.start)}`;
    notes.push({
      offset: block.start,
      text: `with ${judged.by.join(' and ')}, ${what} is ${judged.value ? '' : 'not '}emitted`,
    });
  }
  return made;
}

/** The policy Terraform renders from a `data "aws_iam_policy_document"` block. */
export function renderDocument(text: string, defaults: Defaults, block: HclNode): RenderedDocument {
  const doc = container('object', block.start, block.end);
  const keyword = block.children[0]!;
  const notes: DefaultNote[] = [];
  const sources: RenderedDocument['sources'] = [];
  const items: JsonNode[] = [];
  const legacy: JsonNode[] = [];
  let version: JsonNode | undefined;
  let id: JsonNode | undefined;
  for (const m of members(text, block)) {
    if (m.name === 'statement' && !m.value) {
      items.push(statement(text, m.node, m.node, m.node.children[0]!));
      if (m.node.type === 'object' || members(text, m.node).some((x) => x.node.type === 'object')) legacy.push(items[items.length - 1]!);
    } else if (m.name === 'dynamic' && !m.value && labels(text, m.node)[0] === 'statement') {
      items.push(...dynamicStatements(text, defaults, m.node, notes));
    } else if (m.value && m.name === 'version') version = readValue(text, m.value);
    else if (m.value && m.name === 'policy_id') id = readValue(text, m.value);
    else if (m.value && (m.name === 'source_policy_documents' || m.name === 'override_policy_documents')) {
      sources.push({ kind: m.name.startsWith('source') ? 'source' : 'override', names: documentNames(text, m.value), at: m.node });
    }
  }
  setProp(doc, 'Version', keyword.start, keyword.end, version ?? implied('2012-10-17', keyword));
  if (id) setProp(doc, 'Id', id.offset, id.offset + id.length, id);
  const list = container(
    'array',
    items[0]?.offset ?? block.start,
    items.length ? items[items.length - 1]!.offset + items[items.length - 1]!.length : block.end,
  );
  list.items = items;
  // Its key stands on the document's name: a finding about the whole list (no deny in it) lands there.
  const name = block.children.filter((c) => c.type === 'string_lit')[1] ?? keyword;
  setProp(doc, 'Statement', name.start, name.end, list);
  return { node: doc, notes, sources, legacy };
}

/** The names X of `[data.aws_iam_policy_document.X.json, ...]`, or undefined when any item is something else. */
function documentNames(text: string, expr: HclNode): string[] | undefined {
  const v = readValue(text, expr);
  if (v.type !== 'array') return undefined;
  const names: string[] = [];
  const prefix = 'data.aws_iam_policy_document.';
  for (const item of v.items!) {
    const s = item.type === 'unknown' ? String(item.value).replace(/\s+/g, '') : '';
    if (!s.startsWith(prefix) || !s.endsWith('.json')) return undefined;
    names.push(s.slice(prefix.length, -'.json'.length));
  }
  return names;
}
