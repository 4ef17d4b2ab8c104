/**
 * The policies of a Terraform file (`*.tf`), from its HCL syntax tree (./cst.ts): every
 * `data "aws_iam_policy_document"` rendered as the JSON Terraform makes (./document.ts); every
 * `jsonencode({...})` as its JSON tree (./values.ts); every heredoc (`<<EOF`, `<<-EOF`) and quoted
 * string that holds a JSON policy as a piece of text of its own, read as a Terraform template
 * (`${...}` computed). A block with a syntax error is left out and, when it looks like it holds a
 * policy, reported as unreadable: the others are read all the same. A block whose `count` is 0
 * with the module's defaults is not read (Terraform does not make it).
 */
import { JsonNode, JsonProperty, getValue, pointerSegment, unknownNode } from '../../document/tree';
import { looksLikePolicy } from '../../document/policy-sign';
import type { EmbeddedText, UnreadablePart } from '../embedded';
import { decodeTemplate } from '../strings';
import { hasError, type HclNode } from './cst';
import { asHcl2 } from './hcl1';
import { countOf, readDefaults } from './defaults';
import { type DefaultNote, labels, lineOf, members, renderDocument, type RenderedDocument } from './document';
import { callOf, heredocBody, nameOf, readValue, unescapeHcl } from './values';
import type { ModuleContext } from './module';
import { type Reach, policyReach, reachesOnlyRoles } from './roles';

const NO_REACH: Reach = { policies: new Set(), documents: new Set() };

export interface TerraformPolicies {
  /** Objects that stand for policies, each under its pointer (`/data/aws_iam_policy_document/x`), and the tree that holds them all. */
  root: JsonNode;
  /** Of those, the ones that are policies by where they stand (a policy document, a jsonencode with a Statement). */
  known: Set<JsonNode>;
  pieces: EmbeddedText[];
  unreadable: UnreadablePart[];
  /** What the module's defaults decided, by the offset of the policy document it concerns. */
  notes: Map<number, DefaultNote[]>;
  /** Statements written in Terraform 0.11's `statement = {...}` form: no fix is written there. */
  legacy: JsonNode[];
  /** Of `known`, the policies that reach only roles (./roles.ts). */
  roles: Set<JsonNode>;
  /** Which of the module's policies reach only roles, by name. */
  reach: Reach;
}

/** Puts `node` in `root` under the path `segments` (objects made on the way; a taken name gets `#2`, `#3`, ...). */
function place(root: JsonNode, segments: readonly string[], node: JsonNode): void {
  let at = root;
  for (let i = 0; i < segments.length; i++) {
    const last = i === segments.length - 1;
    let key = segments[i]!;
    let next = getValue(at, key);
    if (last || (next && next.type !== 'object')) {
      for (let n = 2; getValue(at, key); n++) key = `${segments[i]}#${n}`;
      next = undefined;
    }
    if (!next) {
      next = last ? node : new JsonNode('object', node.offset, null);
      if (!last) next.props = [];
      const p = new JsonProperty(key, node.offset, 0);
      p.value = next;
      at.props!.push(p);
    }
    at = next;
  }
}

/** The top-level blocks and attributes of a syntax tree, and the errors among them. */
function topLevel(cst: HclNode): HclNode[] {
  const body = cst.children.find((c) => c.type === 'body');
  return [...(body?.children ?? []), ...cst.children.filter((c) => c.type !== 'body')];
}

/**
 * Where top-level blocks start: lines that begin, in column 0, with a name and end with `{`
 * (`resource "aws_iam_policy" "x" {`, `locals {`), as Terraform files are written.
 */
function blockStarts(text: string): number[] {
  const starts: number[] = [];
  for (let at = 0; at < text.length;) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next;
    const c = text.charCodeAt(at) | 0x20;
    if ((c >= 97 && c <= 122) || text[at] === '_') {
      let last = end - 1;
      while (last > at && text.charCodeAt(last) <= 0x20) last--;
      if (text[last] === '{') starts.push(at);
    }
    at = end + 1;
  }
  return starts;
}

/** A tree's offsets moved by `by` (a part of the text parsed on its own). */
function shift(cst: HclNode, by: number): HclNode {
  const stack = [cst];
  while (stack.length) {
    const n = stack.pop()!;
    n.start += by;
    n.end += by;
    for (const c of n.children) stack.push(c);
  }
  return cst;
}

/**
 * The units read one by one: the top-level nodes of the tree; when it has an error, the file is
 * cut where top-level blocks start and each part parsed on its own, so that a block being typed
 * (an unclosed string runs on into the next blocks) hides no other. A part with an error is one
 * ERROR unit.
 */
export function units(
  text: string,
  cst: HclNode,
  parse: ((text: string) => HclNode | undefined) | undefined,
  errors = hasError(cst),
): HclNode[] {
  if (!parse || !errors) return topLevel(cst);
  const starts = blockStarts(text);
  if (starts[0] !== 0) starts.unshift(0);
  const out: HclNode[] = [];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? text.length;
    let part = parse(text.slice(from, to));
    if (part && hasError(part)) {
      // Terraform 0.11's commas after attributes and `statement = {` blocks (./hcl1.ts): parsed once more as HCL 2.
      const old = asHcl2(text.slice(from, to));
      const again = old === undefined ? undefined : parse(old);
      if (again && !hasError(again)) part = again;
    }
    if (part && !hasError(part)) out.push(...topLevel(shift(part, from)));
    else out.push({ type: 'ERROR', start: from, end: to, children: part ? [shift(part, from)] : [] });
  }
  return out;
}

/** Reads the policies of a Terraform file; `parse` (the HCL parser) reads parts of it again when it has a syntax error. */
export function terraformPolicies(
  text: string,
  cst: HclNode,
  parse?: (text: string) => HclNode | undefined,
  module?: ModuleContext,
): TerraformPolicies {
  const root = new JsonNode('object', 0, null);
  root.props = [];
  root.length = text.length;
  const out: TerraformPolicies = {
    root,
    known: new Set(),
    pieces: [],
    unreadable: [],
    notes: new Map(),
    legacy: [],
    roles: new Set(),
    reach: NO_REACH,
  };
  // One walk for errors: a tree without any has none in its blocks.
  const errors = hasError(cst);
  const top = units(text, cst, parse, errors);
  // The module's other files' defaults too (Terraform reads a folder as one module); the file's own first.
  const defaults = readDefaults(text, top);
  for (const source of module?.sources ?? []) readDefaults(source.text, source.top, source.name, defaults);
  // The values Terraform loads for the module (terraform.tfvars, *.auto.tfvars, the host's -var-file and -var) decide over them.
  for (const [name, value] of module?.values ?? []) defaults.set(name, value);
  out.reach = policyReach([text, ...(module?.sources ?? []).map((m) => m.text)]);
  const documents = new Map<string, RenderedDocument>();
  for (const node of top) {
    if (errors && hasError(node)) {
      const source = text.slice(node.start, node.end);
      if (looksLikePolicy(source, true)) {
        // The block's first line names it: `data "aws_iam_policy_document" "x"`.
        let head = firstLine(source);
        while (head > 0 && (source[head - 1] === '{' || source.charCodeAt(head - 1) <= 0x20)) head--;
        out.unreadable.push({
          offset: node.start,
          length: head,
          what: `this Terraform block (${source.slice(0, head)})`,
          why: `its HCL has a syntax error (line ${lineOf(text, errorAt(node))})`,
        });
      }
      continue;
    }
    if (node.type === 'attribute') readAttributes(text, node, [], out);
    if (node.type !== 'block') continue;
    const kind = kindOf(text, node);
    const names = labels(text, node);
    const count = members(text, node).find((m) => m.name === 'count' && m.value)?.value;
    if (count && countOf(text, defaults, count)?.value === 0) continue;
    // Declared as a resource by mistake (Terraform rejects it), it is still the policy its author meant.
    if ((kind === 'data' || kind === 'resource') && names[0] === 'aws_iam_policy_document') {
      const doc = renderDocument(text, defaults, node);
      documents.set(names[1] ?? '', doc);
      place(root, [kind, ...names], doc.node);
      out.known.add(doc.node);
      if (kind === 'data' && out.reach.documents.has(names[1] ?? '')) out.roles.add(doc.node);
      if (doc.notes.length) out.notes.set(doc.node.offset, doc.notes);
      out.legacy.push(...doc.legacy);
    } else if (kind !== 'variable') for (const c of node.children) readAttributes(text, c, [kind, ...names], out);
  }
  for (const doc of documents.values()) mergeSources(text, doc, documents);
  return out;
}

const kindOf = (text: string, block: HclNode): string => text.slice(block.children[0]!.start, block.children[0]!.end);
const firstLine = (s: string): number => (s.indexOf('\n') < 0 ? s.length : s.indexOf('\n'));

/** Where the first error under `node` starts. */
function errorAt(node: HclNode): number {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    // An error that starts where the block does is the whole block recovered as one: look inside it.
    if (n.type === 'MISSING' || (n.type === 'ERROR' && n.start !== node.start)) return n.start;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return node.start;
}

/**
 * The policies in a block's attributes (nested blocks included), each under the block's path and
 * the attribute's name: jsonencode trees, and JSON policies in heredocs and quoted strings.
 */
function readAttributes(text: string, start: HclNode, path: readonly string[], out: TerraformPolicies): void {
  const stack: Array<[HclNode, readonly string[]]> = [[start, path]];
  while (stack.length) {
    const [node, at] = stack.pop()!;
    let here = at;
    if (node.type === 'attribute' || node.type === 'block') here = [...at, text.slice(node.children[0]!.start, node.children[0]!.end)];
    const call = callOf(text, node);
    if (call?.name === 'jsonencode' && call.args.length === 1) {
      readJsonencode(text, call.args[0]!, here, out);
      continue;
    }
    if (node.type === 'heredoc_template' || node.type === 'quoted_template' || node.type === 'string_lit') {
      readString(text, node, here, out);
      continue;
    }
    // An HCL object written as a policy (a local that is jsonencoded elsewhere): read by its content.
    if (node.type === 'object' && node.children.some((e) => e.type === 'object_elem' && nameOf(text, e.children[0]) === 'Statement')) {
      readJsonencode(text, node, here, out);
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, here]);
  }
}

function readJsonencode(text: string, arg: HclNode, path: readonly string[], out: TerraformPolicies): void {
  const value = readValue(text, arg);
  if (value.type !== 'object' && value.type !== 'array') return;
  place(out.root, path, value);
  if (value.type === 'object' && getValue(value, 'Statement')) out.known.add(value);
  if (reachesOnlyRoles(path, out.reach)) out.roles.add(value);
}

/** A heredoc or a quoted string that holds a JSON policy: a piece read as a Terraform template. */
function readString(text: string, node: HclNode, path: readonly string[], out: TerraformPolicies): void {
  let from: number;
  let to: number;
  let raw: string;
  let map: number[] | undefined;
  if (node.type === 'heredoc_template') {
    const body = heredocBody(text, node);
    if (!body) return;
    [from, to] = body;
    raw = text.slice(from, to);
  } else {
    from = node.children[0]?.end ?? node.start;
    to = node.children[node.children.length - 1]?.start ?? node.end;
    map = [];
    raw = unescapeHcl(text, from, to, map);
  }
  const trimmed = raw.trimStart();
  if (!trimmed.startsWith('{') || !raw.includes('Statement')) return;
  const pointer = path.map((s) => `/${pointerSegment(s)}`).join('');
  const decoded = decodeTemplate(raw);
  if (!decoded) {
    out.unreadable.push({
      offset: from,
      length: firstLine(raw),
      what: 'this policy in a Terraform string',
      why: 'its %{...} directives (or an unclosed ${) are not read',
    });
    return;
  }
  const starts = new Int32Array(decoded.starts.length);
  for (let i = 0; i < starts.length; i++) starts[i] = map ? map[decoded.starts[i]!]! : from + decoded.starts[i]!;
  // A heredoc is written as it reads (only `${` escaped); a quoted string with its backslash escapes too.
  const encode = map ? (content: string, at: number) => escapeQuoted(decoded.encode(content, at)) : decoded.encode;
  const role = reachesOnlyRoles(path, out.reach);
  out.pieces.push({ text: decoded.text, starts, computed: decoded.computed, encode, format: 'json', pointer, values: 'template', role });
}

const QUOTED_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text for a quoted HCL string (its template escapes already written): backslashes, quotes and line breaks escaped. */
function escapeQuoted(content: string | undefined): string | undefined {
  return content?.replace(/[\\"\n\r\t]/g, (c) => QUOTED_ESCAPES[c]!);
}

/**
 * `source_policy_documents` and `override_policy_documents` of documents in the same file: the
 * sources' statements first, then this document's (a Sid already there replaced), then the
 * overrides' the same way. A document named elsewhere, or a list that the file computes, is one
 * unknown statement.
 */
function mergeSources(text: string, doc: RenderedDocument, documents: ReadonlyMap<string, RenderedDocument>): void {
  if (!doc.sources.length) return;
  const list = getValue(doc.node, 'Statement')!;
  const own = list.items!;
  const statementsOf = (names: string[] | undefined) =>
    names?.every((n) => documents.has(n) && documents.get(n) !== doc)
      ? names.flatMap((n) => getValue(documents.get(n)!.node, 'Statement')!.items!)
      : undefined;
  let merged: JsonNode[] = [];
  const unknown: JsonNode[] = [];
  for (const s of doc.sources.filter((x) => x.kind === 'source')) {
    const got = statementsOf(s.names);
    if (got) merged.push(...got);
    else unknown.push(unknownNode(s.at.start, text.slice(s.at.start, s.at.end)));
  }
  merged = bySid(merged, own);
  for (const s of doc.sources.filter((x) => x.kind === 'override')) {
    const got = statementsOf(s.names);
    if (got) merged = bySid(merged, got);
    else unknown.push(unknownNode(s.at.start, text.slice(s.at.start, s.at.end)));
  }
  list.items = [...merged, ...unknown];
}

/** `base` with `later` added: a statement of `later` whose Sid one of `base` has takes its place. */
function bySid(base: JsonNode[], later: JsonNode[]): JsonNode[] {
  const out = [...base];
  for (const s of later) {
    const sid = getValue(s, 'Sid');
    const at = sid?.type === 'string' && sid.value ? out.findIndex((b) => getValue(b, 'Sid')?.value === sid.value) : -1;
    if (at >= 0) out[at] = s;
    else out.push(s);
  }
  return out;
}
