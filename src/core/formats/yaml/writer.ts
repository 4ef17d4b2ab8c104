/**
 * The YAML writer: the fixes of ../../fixes/writer.ts as edits in the template's own style. It reads
 * the style from the file once, when the first fix is built: the indentation step of block maps,
 * whether `- ` items stand under their key or indented past it, and how strings are written (plain,
 * "double" or 'single' quoted), by key (`Sid`, `NotAction` items, ...) and over the whole file.
 * Block collections get block text (`key: value`, `- item`); inside a flow collection (`[a, b]`,
 * `{k: v}`) the text written is flow text. A string is quoted only where YAML needs it (where plain
 * text would read as a number, a boolean, a date, null or syntax) or where the file quotes such
 * strings anyway. Every byte that a fix does not change is kept.
 */
import type { Edit, FormattingOptions } from '../../types';
import type { JsonNode, JsonProperty } from '../../document/tree';
import type { PolicyDocument } from '../../document/policy';
import type { FixWriter, WriterFactory } from '../../fixes/writer';
import { removeArrayItems } from '../../fixes/edits';
import { REFERENCE_DENY_STATEMENT } from '../../reference';

type Quote = '"' | "'";

/** How the strings seen (under one key, or in the whole file) were written. */
interface Counts {
  plain: number;
  /** Quoted although plain text would have read the same: the author's choice. */
  chosen: number;
  double: number;
  single: number;
}

interface Style {
  /** Indentation of a block map's members past its key. */
  step: number;
  /** Indentation of a block list's `- ` past its key (0: `- ` under the key). */
  seqIndent: number;
  /** From a `- ` to its item's text (2 for `- item`, 4 for `-   item`). */
  dashGap: number;
  byKey: Map<string, Counts>;
  all: Counts;
  /** How the keys are written. */
  keys: Counts;
}

/** The collection (and, in a map, the member) that holds a node. */
interface Parent {
  node: JsonNode;
  prop?: JsonProperty;
}

/** Plain text that YAML 1.1 or 1.2 reads as no string (null, a boolean, a merge key), whatever its case. */
const NOT_A_STRING = /^(?:~|null|true|false|y|yes|n|no|on|off|<<|=|[-+]?\.inf|\.nan)$/i;
/**
 * Numbers, dates and times (YAML 1.1's sexagesimal ones, and `.` alone, too) start so: quoted, to stay
 * strings; so is an exponent alone (`E0`), which the yaml package's YAML 1.1 schema reads as a number.
 */
const NUMBER_LIKE = /^[-+.0-9]|^[eE][-+]?[0-9_]+$/;
/** A first character that YAML reads as syntax. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
/** Inside a line: a mapping separator, a comment, or a character that a plain scalar cannot hold. */
const INSIDE = /: |:$| #|[\t\r\n\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]|\s$/;
const FLOW_INDICATOR = /[,[\]{}]/;

/** Can `s` be written as a plain scalar (in flow context, where `,[]{}` end one, when `flow`)? */
export function plainOk(s: string, flow: boolean): boolean {
  return (
    s.length > 0 &&
    !NOT_A_STRING.test(s) &&
    !NUMBER_LIKE.test(s) &&
    !INDICATOR.test(s) &&
    !INSIDE.test(s) &&
    !(flow && FLOW_INDICATOR.test(s))
  );
}

/** `s` quoted with `q`; single quotes cannot escape control characters or line breaks, so those go double-quoted. */
export function quoteAs(s: string, q: Quote): string {
  if (q === "'" && !/[\x00-\x1f\x7f\u0085\u2028\u2029]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}

/** A key whose strings are written as another's where the file has none of its own (a new NotAction list as the Action lists). */
const SAME_STYLE: Partial<Record<string, string>> = {
  NotAction: 'Action',
  NotResource: 'Resource',
  Action: 'NotAction',
  Resource: 'NotResource',
};

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pad = (n: number): string => ' '.repeat(Math.max(0, n));
const emptyCounts = (): Counts => ({ plain: 0, chosen: 0, double: 0, single: 0 });

/** The most frequent of the votes (the first seen of equals), or `fallback`. */
function mostVoted(votes: Map<number, number>, fallback: number): number {
  let best = fallback;
  let n = 0;
  for (const [v, k] of votes) if (k > n) [best, n] = [v, k];
  return best;
}

class YamlWriter implements FixWriter {
  private read: { style: Style; parents: Map<JsonNode, Parent> } | undefined;
  private readonly eol: string;
  constructor(
    private readonly text: string,
    private readonly f: FormattingOptions,
    private readonly root: JsonNode | undefined,
  ) {
    this.eol = f.eol;
  }

  // ---- reading the file ----

  private get style(): Style {
    return (this.read ??= this.readFile()).style;
  }

  private get parents(): Map<JsonNode, Parent> {
    return (this.read ??= this.readFile()).parents;
  }

  /** Column of `offset` on its line. */
  private col(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  private isFlow(node: JsonNode): boolean {
    const c = this.text[node.offset];
    return (node.type === 'object' || node.type === 'array') && (c === '[' || c === '{');
  }

  /** A block map or list with at least one member or item (its range starts at the first one). */
  private isBlock(node: JsonNode): boolean {
    return !this.isFlow(node) && !!(node.items?.length || node.props?.length);
  }

  /** One walk over the tree (iterative): every node's parent, and the file's style. */
  private readFile(): { style: Style; parents: Map<JsonNode, Parent> } {
    const parents = new Map<JsonNode, Parent>();
    const steps = new Map<number, number>();
    const seqs = new Map<number, number>();
    const gaps = new Map<number, number>();
    const byKey = new Map<string, Counts>();
    const all = emptyCounts();
    const keys = emptyCounts();
    const stack: Array<[JsonNode, string | undefined]> = this.root ? [[this.root, undefined]] : [];
    while (stack.length) {
      const [node, key] = stack.pop()!;
      if (node.type === 'string') this.count(node, key, byKey, all);
      for (const item of node.items ?? []) {
        parents.set(item, { node });
        stack.push([item, key]);
      }
      const first = node.items?.[0];
      if (first && this.isBlock(node) && this.text.lastIndexOf('\n', first.offset) < node.offset) {
        const gap = first.offset - node.offset;
        gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
      }
      const block = node.props && !this.isFlow(node);
      for (const prop of node.props ?? []) {
        const q = this.text[prop.keyOffset];
        if (prop.keyLength) keys[q === '"' ? 'double' : q === "'" ? 'single' : 'plain']++;
        const v = prop.value;
        if (!v) continue;
        parents.set(v, { node, prop });
        stack.push([v, prop.key]);
        if (!block || !this.isBlock(v)) continue;
        const votes = v.type === 'object' ? steps : seqs;
        const indent = this.col(v.type === 'object' ? v.props![0]!.keyOffset : v.offset) - this.col(prop.keyOffset);
        if (indent > 0 || (indent === 0 && v.type === 'array')) votes.set(indent, (votes.get(indent) ?? 0) + 1);
      }
    }
    const step = mostVoted(steps, Math.min(8, Math.max(1, this.f.tabSize)));
    const dashGap = Math.max(2, mostVoted(gaps, 2));
    return { style: { step, seqIndent: mostVoted(seqs, step), dashGap, byKey, all, keys }, parents };
  }

  private count(node: JsonNode, key: string | undefined, byKey: Map<string, Counts>, all: Counts): void {
    const c = this.text[node.offset];
    if (c === '|' || c === '>' || node.length === 0) return;
    let counts = key === undefined ? undefined : byKey.get(key);
    if (key !== undefined && !counts) byKey.set(key, (counts = emptyCounts()));
    for (const t of counts ? [counts, all] : [all]) {
      if (c === '"') t.double++;
      else if (c === "'") t.single++;
      else t.plain++;
      if ((c === '"' || c === "'") && plainOk(node.value as string, true)) t.chosen++;
    }
  }

  /** How a new string under `key` is written: plain where the file writes such strings plain, and the quote to use. */
  private prefer(key: string | undefined): { plain: boolean; q: Quote } {
    const own = key === undefined ? undefined : (this.style.byKey.get(key) ?? this.style.byKey.get(SAME_STYLE[key] ?? ''));
    const { all } = this.style;
    const c = own && own.plain + own.chosen > 0 ? own : all;
    const quoted = own && own.double + own.single > 0 ? own : all;
    return { plain: c.plain >= c.chosen, q: quoted.single > quoted.double ? "'" : '"' };
  }

  /** Is the node inside a flow collection? */
  private inFlow(node: JsonNode): boolean {
    for (let p = this.parents.get(node); p; p = this.parents.get(p.node)) if (this.isFlow(p.node)) return true;
    return false;
  }

  /** Strings of a subtree by value, as written (one line): a printed value reuses them. */
  private writtenIn(node: JsonNode | undefined): Map<string, string> {
    const map = new Map<string, string>();
    const stack = node ? [node] : [];
    while (stack.length) {
      const n = stack.pop()!;
      const src = this.text.slice(n.offset, n.offset + n.length);
      if (n.type === 'string' && src && !/[\r\n]/.test(src) && src[0] !== '|' && src[0] !== '>') map.set(n.value as string, src);
      for (const x of n.items ?? []) stack.push(x);
      for (const x of n.props ?? []) if (x.value) stack.push(x.value);
    }
    return map;
  }

  // ---- printing ----

  /** A list item's dash and the spaces after it, as the file writes them. */
  private get dash(): string {
    return `-${pad(this.style.dashGap - 1)}`;
  }

  private scalar(value: unknown, key: string | undefined, flow: boolean, written?: Map<string, string>): string {
    if (typeof value !== 'string') return value === null || value === undefined ? 'null' : String(value);
    const kept = written?.get(value);
    if (kept !== undefined && (!flow || kept[0] === '"' || kept[0] === "'" || plainOk(value, true))) return kept;
    const { plain, q } = this.prefer(key);
    return plain && plainOk(value, flow) ? value : quoteAs(value, q);
  }

  /** A new key: plain unless the file quotes its keys or YAML needs quotes, then with the file's quote. */
  private keyText(key: string): string {
    const { plain, double, single } = this.style.keys;
    if (plain >= double + single && plainOk(key, true)) return key;
    return quoteAs(key, single > double ? "'" : double > 0 ? '"' : this.prefer(undefined).q);
  }

  /** A scalar or an empty collection, on the line of its key or dash (`flow`: inside a flow collection). */
  private inline(value: unknown, key: string | undefined, flow: boolean, written?: Map<string, string>): string {
    return Array.isArray(value) || isMap(value) ? this.flowText(value, key, written) : this.scalar(value, key, flow, written);
  }

  /** A value as flow text (`[a, b]`, `{k: v}`, a scalar). */
  private flowText(value: unknown, key: string | undefined, written?: Map<string, string>): string {
    if (Array.isArray(value)) return `[${value.map((v) => this.flowText(v, key, written)).join(', ')}]`;
    if (isMap(value))
      return `{${Object.entries(value)
        .map(([k, v]) => `${this.keyText(k)}: ${this.flowText(v, k, written)}`)
        .join(', ')}}`;
    return this.scalar(value, key, true, written);
  }

  /** What follows `key:` for a member whose key stands at column `col`: ` scalar`, or block lines. */
  private memberValue(value: unknown, key: string, col: number, written?: Map<string, string>): string {
    if (Array.isArray(value) && value.length) {
      const dash = col + this.style.seqIndent;
      return value.map((v) => `${this.eol}${pad(dash)}${this.dash}${this.itemText(v, key, dash, written)}`).join('');
    }
    if (isMap(value) && Object.keys(value).length) {
      const c = col + this.style.step;
      return Object.entries(value)
        .map(([k, v]) => `${this.eol}${pad(c)}${this.keyText(k)}:${this.memberValue(v, k, c, written)}`)
        .join('');
    }
    return ` ${this.inline(value, key, false, written)}`;
  }

  /** What follows the `- ` of a list item whose dash stands at column `dash` (a map's later members under its first). */
  private itemText(value: unknown, key: string, dash: number, written?: Map<string, string>): string {
    return this.blockAt(value, key, dash + this.style.dashGap, written);
  }

  /** A value whose first line continues at column `col` (already indented): block text for a non-empty collection. */
  private blockAt(value: unknown, key: string, col: number, written?: Map<string, string>): string {
    const line = (i: number) => (i ? `${this.eol}${pad(col)}` : '');
    if (Array.isArray(value) && value.length)
      return value.map((v, i) => `${line(i)}${this.dash}${this.itemText(v, key, col, written)}`).join('');
    if (isMap(value) && Object.keys(value).length)
      return Object.entries(value)
        .map(([k, v], i) => `${line(i)}${this.keyText(k)}:${this.memberValue(v, k, col, written)}`)
        .join('');
    return this.inline(value, key, false, written);
  }

  // ---- places ----

  /** The start of the line after the one where `end` stands (`end` itself after a line break); -1 at the end of the text. */
  private nextLine(end: number): number {
    if (end > 0 && this.text[end - 1] === '\n') return end;
    const nl = this.text.indexOf('\n', end);
    return nl < 0 ? -1 : nl + 1;
  }

  /** Lines inserted after the line where `end` stands. */
  private linesAfter(end: number, lines: string): Edit {
    const at = this.nextLine(end);
    return at < 0
      ? { offset: this.text.length, length: 0, content: this.eol + lines }
      : { offset: at, length: 0, content: lines + this.eol };
  }

  /** Replaces [offset, end) with `content`; a comment right after it stays one (YAML wants a space before `#`). */
  private replaceRange(offset: number, end: number, content: string): Edit {
    const spaced = content && this.text[end] === '#' && !/\s$/.test(content) ? `${content} ` : content;
    return { offset, length: end - offset, content: spaced };
  }

  /** A value left out (`key:` and nothing): the package puts its empty range after a comment that may follow. */
  private isEmpty(node: JsonNode | undefined): boolean {
    return !node || (node.type === 'null' && node.length === 0);
  }

  /** Just after the colon that follows a member's key (or after the key, when no colon follows on its line). */
  private afterColon(prop: JsonProperty): number {
    let i = prop.keyOffset + prop.keyLength;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text[i] === ':' ? i + 1 : prop.keyOffset + prop.keyLength;
  }

  /**
   * Where a value's text ends: its last written character. A block collection's range runs on over
   * its line break and the comments after it, and a left-out value's lies further on, so this
   * follows the last item or member down to a scalar (iteratively); a block scalar's line break is
   * not its text either. A map around it or on the way that is not laid out as the writer reads it
   * (`? ` explicit keys, an empty key) throws: the fix's builder fails, and editsOf gives the fix no
   * edits rather than wrong ones.
   */
  private contentEnd(node: JsonNode): number {
    // What follows the value belongs to the maps around it: they must be laid out as read, too.
    for (let p = this.parents.get(node); p; p = this.parents.get(p.node))
      if (p.prop && this.isBlock(p.node) && !this.isWrapper(p.node) && !this.plainLayout(p.node))
        throw new Error('a YAML map this writer does not read');
    let n = node;
    for (;;) {
      if (!this.isBlock(n)) break;
      if (n.items) n = n.items[n.items.length - 1]!;
      else {
        if (!this.isWrapper(n) && !this.plainLayout(n)) throw new Error('a YAML map this writer does not read');
        const last = n.props![n.props!.length - 1]!;
        if (this.isEmpty(last.value)) return this.afterColon(last);
        n = last.value!;
      }
    }
    let end = n.offset + n.length;
    while (end > n.offset && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return end;
  }

  /**
   * A map that a front-end made around a value to stand for a policy (a Serverless statement list
   * as a document's Statement): its keys are not text of their own (one stands before the map). It
   * has no layout to keep; the value inside it has.
   */
  private isWrapper(map: JsonNode): boolean {
    return map.props!.some((p) => p.keyOffset < map.offset);
  }

  /**
   * A block map laid out as this writer reads it: its first key preceded on its line by indentation
   * and dashes only (no `? ` explicit key, no tag), every key written (no `: x` with an empty key)
   * and at that key's column.
   */
  private plainLayout(map: JsonNode): boolean {
    const props = map.props!;
    const first = props[0]!.keyOffset;
    const col = this.col(first);
    return (
      /^ *(?:-[ ]+)*$/.test(this.text.slice(first - col, first)) && props.every((p) => p.keyLength > 0 && this.col(p.keyOffset) === col)
    );
  }

  private keyOf(node: JsonNode): string | undefined {
    const p = this.parents.get(node);
    return p?.prop?.key ?? (p ? this.parents.get(p.node)?.prop?.key : undefined);
  }

  // ---- the writer's operations ----

  renameKey(prop: JsonProperty, key: string): Edit[] {
    const c = this.text[prop.keyOffset];
    const content = c === '"' ? JSON.stringify(key) : c === "'" ? quoteAs(key, "'") : this.keyText(key);
    return [{ offset: prop.keyOffset, length: prop.keyLength, content }];
  }

  writeString(node: JsonNode, value: string): Edit[] {
    const c = this.text[node.offset];
    const end = this.contentEnd(node);
    if (c === '"' || c === "'") return [this.replaceRange(node.offset, end, quoteAs(value, c))];
    const flow = this.inFlow(node);
    const plain = c !== '|' && c !== '>' && node.type !== 'null';
    const content = plain && plainOk(value, flow) ? value : quoteAs(value, this.prefer(this.keyOf(node)).q);
    const parent = this.parents.get(node);
    if (this.isEmpty(node) && parent?.prop) return [this.afterKey(parent.prop, node, ` ${content}`)];
    return [this.replaceRange(node.offset, end, content)];
  }

  replaceNode(node: JsonNode, value: unknown): Edit[] {
    const end = this.contentEnd(node);
    const collection = (Array.isArray(value) && value.length > 0) || (isMap(value) && Object.keys(value).length > 0);
    if (typeof value === 'string' && node.type !== 'object' && node.type !== 'array') return this.writeString(node, value);
    const key = this.keyOf(node);
    const written = this.writtenIn(node);
    if (this.isFlow(node) || this.inFlow(node)) return [this.replaceRange(node.offset, end, this.flowText(value, key, written))];
    const parent = this.parents.get(node);
    if (this.isBlock(node)) {
      // A block value replaced by a scalar or an empty collection: written after its key, where the value was.
      if (!collection && parent?.prop) return [this.afterKey(parent.prop, node, ` ${this.inline(value, key, false, written)}`)];
      if (node.props && !this.plainLayout(node)) return [];
      return [this.replaceRange(node.offset, end, this.blockAt(value, key ?? '', this.col(node.offset), written))];
    }
    if (!collection && parent?.prop && this.isEmpty(node))
      return [this.afterKey(parent.prop, node, ` ${this.inline(value, key, false, written)}`)];
    if (!collection) return [this.replaceRange(node.offset, end, this.inline(value, key, false, written))];
    if (parent?.prop)
      return [this.afterKey(parent.prop, node, this.memberValue(value, parent.prop.key, this.col(parent.prop.keyOffset), written))];
    if (parent) return [this.replaceRange(node.offset, end, this.itemText(value, key ?? '', this.col(parent.node.offset), written))];
    return [this.replaceRange(node.offset, end, this.inline(value, key, false, written))];
  }

  /**
   * Replaces a member's value with `content` that starts right after the key's colon; where a
   * comment stands between them, at the value. A left-out value: `content` goes after the colon.
   */
  private afterKey(prop: JsonProperty, node: JsonNode, content: string): Edit {
    if (this.isEmpty(node)) {
      const at = this.afterColon(prop);
      return this.replaceRange(at, at, content);
    }
    let start = node.offset;
    while (start > prop.keyOffset + prop.keyLength && /[ \t\r\n]/.test(this.text[start - 1]!)) start--;
    return this.replaceRange(this.text[start - 1] === ':' ? start : node.offset, this.contentEnd(node), content);
  }

  appendItems(list: JsonNode, values: readonly unknown[]): Edit[] {
    const items = list.items!;
    const key = this.keyOf(list);
    if (this.isFlow(list) || !items.length) {
      const printed = values.map((v) => this.flowText(v, key)).join(', ');
      const last = items[items.length - 1];
      if (last) return [{ offset: this.contentEnd(last), length: 0, content: `, ${printed}` }];
      return [{ offset: list.offset + 1, length: Math.max(0, list.length - 2), content: printed }];
    }
    const dash = this.col(list.offset);
    const lines = values.map((v) => `${pad(dash)}${this.dash}${this.itemText(v, key ?? '', dash)}`).join(this.eol);
    return [this.linesAfter(this.contentEnd(list), lines)];
  }

  insertMember(map: JsonNode, key: string, value: unknown, first = false): Edit[] {
    const props = map.props!;
    if (this.isFlow(map) || !props.length) {
      const member = `${this.keyText(key)}: ${this.flowText(value, key)}`;
      if (!props.length) return [{ offset: map.offset + 1, length: Math.max(0, map.length - 2), content: member }];
      if (first) return [{ offset: props[0]!.keyOffset, length: 0, content: `${member}, ` }];
      const last = props[props.length - 1]!;
      return [{ offset: this.isEmpty(last.value) ? last.end : this.contentEnd(last.value!), length: 0, content: `, ${member}` }];
    }
    if (!this.plainLayout(map)) return [];
    const col = this.col(props[0]!.keyOffset);
    const member = `${this.keyText(key)}:${this.memberValue(value, key, col)}`;
    if (first) return [{ offset: props[0]!.keyOffset, length: 0, content: `${member}${this.eol}${pad(col)}` }];
    return [this.linesAfter(this.contentEnd(map), pad(col) + member)];
  }

  removeItems(list: JsonNode, indexes: readonly number[]): Edit[] {
    const items = list.items!;
    if (this.isFlow(list)) return removeArrayItems(list, indexes);
    if (new Set(indexes).size >= items.length) return this.replaceNode(list, []);
    return indexes.map((i) => {
      const item = items[i]!;
      // From the item's dash (its whole line when the dash starts it) to the next line.
      let dash = item.offset;
      while (dash > 0 && this.text[dash - 1] !== '-' && this.text[dash - 1] !== '\n') dash--;
      dash = Math.max(0, dash - 1);
      const lineStart = this.text.lastIndexOf('\n', dash - 1) + 1;
      const start = /^[ \t]*$/.test(this.text.slice(lineStart, dash)) ? lineStart : dash;
      const next = this.nextLine(this.contentEnd(item));
      return { offset: start, length: (next < 0 ? this.text.length : next) - start, content: '' };
    });
  }

  replaceMember(prop: JsonProperty, key: string, value: unknown): Edit[] {
    const keyText = key === prop.key ? this.text.slice(prop.keyOffset, prop.keyOffset + prop.keyLength) : this.keyText(key);
    const written = this.writtenIn(prop.value);
    const owner = prop.value ? this.parents.get(prop.value)?.node : undefined;
    const flow = owner ? this.isFlow(owner) || this.inFlow(owner) : false;
    const content = flow
      ? `${keyText}: ${this.flowText(value, key, written)}`
      : `${keyText}:${this.memberValue(value, key, this.col(prop.keyOffset), written)}`;
    const end = this.isEmpty(prop.value) ? this.afterColon(prop) : this.contentEnd(prop.value!);
    return [this.replaceRange(prop.keyOffset, end, content)];
  }

  insertDeny(doc: PolicyDocument): Edit[] {
    const prop = doc.statementProp;
    const st = prop?.value;
    if (st?.type === 'array') return this.appendItems(st, [REFERENCE_DENY_STATEMENT]);
    if (st?.type === 'object') return this.wrapStatement(prop!, st);
    // A computed Statement is the template's to write.
    if (st?.type === 'unknown') return [];
    if (st) return this.replaceNode(st, [REFERENCE_DENY_STATEMENT]);
    return this.insertMember(doc.node, 'Statement', [REFERENCE_DENY_STATEMENT]);
  }

  /**
   * A single statement (a map) becomes the first item of a list that also holds the deny: in flow
   * text `[{...}, {...deny...}]`; in block text `- ` before its first key, its later lines moved
   * right only as far as the file's list indentation needs (nothing else of it changes).
   */
  private wrapStatement(prop: JsonProperty, st: JsonNode): Edit[] {
    const end = this.contentEnd(st);
    if (this.isFlow(st) || this.inFlow(st) || !st.props?.length)
      return [
        { offset: st.offset, length: 0, content: '[' },
        { offset: end, length: 0, content: `, ${this.flowText(REFERENCE_DENY_STATEMENT, 'Statement')}]` },
      ];
    const lineStart = st.offset - this.col(st.offset);
    if (!/^ *$/.test(this.text.slice(lineStart, st.offset)) || !this.plainLayout(st)) return [];
    const mapCol = this.col(st.offset);
    let dash = this.col(prop.keyOffset) + this.style.seqIndent;
    let shift = dash + this.style.dashGap - mapCol;
    if (shift < 0) [dash, shift] = [mapCol - this.style.dashGap, 0];
    const edits: Edit[] = [{ offset: lineStart, length: mapCol, content: `${pad(dash)}${this.dash}` }];
    for (let nl = this.text.indexOf('\n', st.offset); shift > 0 && nl >= 0 && nl < end; nl = this.text.indexOf('\n', nl + 1)) {
      const next = this.text.indexOf('\n', nl + 1);
      if (!/^[ \t\r]*$/.test(this.text.slice(nl + 1, next < 0 ? this.text.length : next)))
        edits.push({ offset: nl + 1, length: 0, content: pad(shift) });
    }
    edits.push(this.linesAfter(end, `${pad(dash)}${this.dash}${this.itemText(REFERENCE_DENY_STATEMENT, 'Statement', dash)}`));
    return edits;
  }
}

/** The YAML writer for one linted text. */
export const yamlWriter: WriterFactory = (text, formatting, root) => new YamlWriter(text, formatting, root);
