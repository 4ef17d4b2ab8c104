/**
 * The HCL writer: the fixes of ../../fixes/writer.ts as edits in a Terraform file's own syntax
 * (docs/decisions/hcl-writer.md). The core's trees of a `.tf` file are JSON trees whose nodes stand
 * on the HCL that made them (./document.ts, ./values.ts); this writer finds, for each node a fix
 * touches, the HCL node with the same range in the file's syntax tree (parsed again once, when the
 * first fix is built) and writes there: in an `aws_iam_policy_document` the JSON keys are the
 * provider's attributes and blocks (Action is `actions`, a Condition operator is a `test` value, a
 * new statement is a `statement` block); in `jsonencode({...})` it writes HCL object syntax in the
 * object's own style. Where a node has no HCL of its own (a default the front-end implied: an absent
 * `effect` or `version`), stands in a `dynamic` block, or is laid out in a way this writer does not
 * read, it throws: the fix then has no edits (editsOf), never broken HCL.
 */
import type { Edit, FormattingOptions } from '../../types';
import type { JsonNode, JsonProperty } from '../../document/tree';
import type { PolicyDocument } from '../../document/policy';
import type { FixWriter, WriterFactory } from '../../fixes/writer';
import { parseHcl } from '../../document/parse';
import { REFERENCE_DENY_STATEMENT } from '../../reference';
import type { HclNode } from './cst';
import { units } from './terraform';
import { STATEMENT_KEYS } from './document';

/** The provider's attribute for each statement key (Action is `actions`): the front-end's map read the other way. */
const ATTRIBUTE: Partial<Record<string, string>> = Object.fromEntries(Object.entries(STATEMENT_KEYS).map(([hcl, json]) => [json, hcl]));
/** Attributes that are lists in the provider's schema: a string written there is a one-item list. */
const LISTS = new Set(['actions', 'not_actions', 'resources', 'not_resources', 'values']);
const LITERALS = new Set(['string_lit', 'quoted_template', 'bool_lit', 'numeric_lit', 'null_lit']);
/** A key HCL reads as a literal name when written bare (no keyword, no `:` or `/`). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const DOC: Place = { doc: true, quoted: false, colon: false, commas: false };

class Unwritable extends Error {}
/** No edits for this fix: the place is not one this writer reads (see the file's comment). */
function refuse(why: string): never {
  throw new Unwritable(why);
}

/** How the file writes what the writer adds. */
interface Style {
  /** One level of indentation. */
  unit: string;
  /** `=` of consecutive one-line attributes aligned, as `terraform fmt` does. */
  align: boolean;
}

/** Where a value is written: in a policy document (the provider's schema) or in a jsonencode object. */
interface Place {
  doc: boolean;
  /** Keys of a new jsonencode object quoted (`"Sid" = ...`), and the separator after them. */
  quoted: boolean;
  colon: boolean;
  /** Elements followed by commas (`"Key": "v",`). */
  commas: boolean;
}

class HclWriter implements FixWriter {
  private tree: { byStart: Map<number, HclNode[]>; parents: Map<HclNode, HclNode> } | undefined;
  private fileStyle: Style | undefined;
  private readonly eol: string;
  constructor(
    private readonly text: string,
    private readonly f: FormattingOptions,
  ) {
    this.eol = f.eol;
  }

  // ---- reading the file ----

  /** The file's syntax tree, indexed by where nodes start (outermost first), with each node's parent; a unit with an error is left out. */
  private get index(): { byStart: Map<number, HclNode[]>; parents: Map<HclNode, HclNode> } {
    if (this.tree) return this.tree;
    const cst = parseHcl(this.text);
    if (!cst) refuse('the HCL reader is not loaded');
    const byStart = new Map<number, HclNode[]>();
    const parents = new Map<HclNode, HclNode>();
    const stack = units(this.text, cst, parseHcl).filter((u) => u.type !== 'ERROR');
    while (stack.length) {
      const n = stack.pop()!;
      const list = byStart.get(n.start);
      if (list) list.push(n);
      else byStart.set(n.start, [n]);
      for (const c of n.children) {
        parents.set(c, n);
        stack.push(c);
      }
    }
    return (this.tree = { byStart, parents });
  }

  private get style(): Style {
    if (this.fileStyle) return this.fileStyle;
    const votes = new Map<string, number>();
    for (const list of this.index.byStart.values())
      for (const n of list) {
        if (n.type !== 'block' && n.type !== 'object') continue;
        const first = this.members(n)[0];
        if (!first || !this.startsLine(first) || !this.startsLine(n)) continue;
        const outer = this.indentOf(n.start);
        const inner = this.indentOf(first.start);
        if (inner.length > outer.length && inner.startsWith(outer)) {
          const unit = inner.slice(outer.length);
          votes.set(unit, (votes.get(unit) ?? 0) + 1);
        }
      }
    let unit = this.f.insertSpaces === false ? '\t' : ' '.repeat(Math.max(1, Math.min(8, this.f.tabSize || 2)));
    let best = 0;
    for (const [u, k] of votes) if (k > best) [unit, best] = [u, k];
    // Two spaces or more before an `=` that ends a name: the file is aligned as `terraform fmt` aligns it.
    return (this.fileStyle = { unit, align: /[\w"] {2,}= /.test(this.text) });
  }

  /** The node with exactly this range: the innermost (a literal inside its expression), of one of `types` when given. */
  private nodeAt(offset: number, length: number, types?: ReadonlySet<string>): HclNode {
    const list = this.index.byStart.get(offset) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const n = list[i]!;
      if (n.end === offset + length && (!types || types.has(n.type))) return this.writable(n);
    }
    return refuse('no HCL node of its own');
  }

  /** `n`, unless it stands in a `dynamic` block (its text is a template for many statements). */
  private writable(n: HclNode): HclNode {
    for (let p = this.index.parents.get(n); p; p = this.index.parents.get(p))
      if (p.type === 'block' && this.nameOf(p) === 'dynamic') refuse('in a dynamic block');
    return n;
  }

  private nameOf(n: HclNode | undefined): string {
    const id = n?.children[0];
    return id?.type === 'identifier' ? this.text.slice(id.start, id.end) : '';
  }

  /** The `data "aws_iam_policy_document"` block around `n`, if any. */
  private documentOf(n: HclNode): HclNode | undefined {
    for (let p: HclNode | undefined = n; p; p = this.index.parents.get(p)) {
      if (p.type !== 'block') continue;
      const label = p.children.find((c) => c.type === 'string_lit');
      if (label && this.text.slice(label.start, label.end) === '"aws_iam_policy_document"') return p;
    }
    return undefined;
  }

  /** An attribute's or an object element's value (a comment may stand between it and the key). */
  private valueOf(member: HclNode): HclNode | undefined {
    const exprs = member.children.filter((c) => c.type === 'expression');
    return member.type === 'object_elem' ? exprs[1] : exprs[0];
  }

  /** A block's attributes and blocks, or an object's elements. */
  private members(n: HclNode): HclNode[] {
    if (n.type === 'object') return n.children.filter((c) => c.type === 'object_elem');
    return n.children.find((c) => c.type === 'body')?.children.filter((c) => c.type === 'attribute' || c.type === 'block') ?? [];
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private indentOf(offset: number): string {
    const from = this.lineStart(offset);
    let to = from;
    while (this.text[to] === ' ' || this.text[to] === '\t') to++;
    return this.text.slice(from, to);
  }

  /** Just after the last character before `at` that is not white space (the line breaks and indentation before `at` left out). */
  private tokenEnd(at: number): number {
    let i = at;
    while (i > 0 && /\s/.test(this.text[i - 1]!)) i--;
    return i;
  }

  /** The end of the line when only a `#` or `//` comment follows `at` on it (new lines go after the comment, which stays where it is), else `at`. */
  private pastComment(at: number): number {
    let i = at;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    if (this.text[i] !== '#' && !this.text.startsWith('//', i)) return at;
    const nl = this.text.indexOf('\n', i);
    const end = nl < 0 ? this.text.length : nl;
    return this.text[end - 1] === '\r' ? end - 1 : end;
  }

  /** Only indentation before `n` on its line. */
  private startsLine(n: HclNode): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(n.start), n.start));
  }

  /** The offset after `at`'s trailing spaces and a comma, if one follows; and whether one did. */
  private afterComma(at: number): { end: number; comma: boolean } {
    let i = at;
    while (this.text[i] === ' ' || this.text[i] === '\t') i++;
    return this.text[i] === ',' ? { end: i + 1, comma: true } : { end: at, comma: false };
  }

  /** How a jsonencode object writes its keys, read from its elements (`Key = v`, `"Key" = v`, `Key: v`). */
  private placeOf(n: HclNode): Place {
    let obj: HclNode | undefined = n;
    while (obj && obj.type !== 'object') obj = this.index.parents.get(obj);
    const elem = obj && this.members(obj)[0];
    const key = elem?.children[0];
    const value = elem && this.valueOf(elem);
    return {
      doc: !!this.documentOf(n),
      quoted: !!key && this.text[key.start] === '"',
      colon: !!key && !!value && this.text.slice(key.end, value.start).includes(':'),
      commas: !!elem && this.afterComma(elem.end).comma,
    };
  }

  // ---- printing ----

  /** A string as an HCL quoted literal; in a policy document a policy variable is written `&{...}`, as the provider reads it. */
  private quote(s: string, doc: boolean): string {
    const out = JSON.stringify(s);
    return (doc ? out.replaceAll('${', '&{') : out.replaceAll('${', () => '$${')).replaceAll('%{', '%%{');
  }

  private keyText(key: string, place: Place): string {
    return !place.quoted && IDENTIFIER.test(key) && !KEYWORDS.has(key) ? key : this.quote(key, false);
  }

  /** A value as HCL text whose later lines are indented by `indent`; lists of several items and objects span lines. */
  private value(v: unknown, indent: string, place: Place): string {
    if (typeof v === 'string') return this.quote(v, place.doc);
    if (Array.isArray(v)) {
      if (v.length <= 1 && !v.some((x) => isMap(x) || Array.isArray(x)))
        return `[${v.map((x) => this.value(x, indent, place)).join(', ')}]`;
      const inner = indent + this.style.unit;
      return `[${v.map((x) => `${this.eol}${inner}${this.value(x, inner, place)},`).join('')}${this.eol}${indent}]`;
    }
    if (isMap(v)) {
      const entries = Object.entries(v);
      if (!entries.length) return '{}';
      const inner = indent + this.style.unit;
      const sep = place.colon ? ':' : '=';
      const lines = this.assignments(
        entries.map(([k, x]) => [this.keyText(k, place), this.value(x, inner, place)]),
        sep,
      );
      return `{${lines.map((l) => this.eol + inner + l + (place.commas ? ',' : '')).join('')}${this.eol}${indent}}`;
    }
    return v === undefined ? 'null' : String(v);
  }

  /** `name = value` lines, `=` aligned over runs of one-line values where the file aligns (a value over lines ends a run, as in `terraform fmt`). */
  private assignments(pairs: Array<[string, string]>, sep: '=' | ':'): string[] {
    const width = new Array<number>(pairs.length).fill(0);
    for (let i = 0; i < pairs.length;) {
      let j = i;
      let w = 0;
      while (j < pairs.length && !pairs[j]![1].includes('\n')) w = Math.max(w, pairs[j++]![0].length);
      for (let k = i; k < j; k++) width[k] = w;
      i = Math.max(j, i + 1);
    }
    return pairs.map(([k, v], i) => {
      if (sep === ':') return `${k}: ${v}`;
      return `${this.style.align ? k.padEnd(width[i]!) : k} = ${v}`;
    });
  }

  /** A statement block of the provider's schema, its lines after the first indented by `indent`. */
  private statementBlock(st: Record<string, unknown>, indent: string): string {
    const inner = indent + this.style.unit;
    const place = DOC;
    const pairs: Array<[string, string]> = [];
    const blocks: string[] = [];
    for (const [key, v] of Object.entries(st)) {
      const name = ATTRIBUTE[key];
      if (name) pairs.push([name, this.value(LISTS.has(name) && !Array.isArray(v) ? [v] : v, inner, place)]);
      else if (key === 'Condition' && isMap(v)) blocks.push(...this.conditionBlocks(v, inner));
      else refuse(`${key} has no attribute in a statement block`);
    }
    const body = [...this.assignments(pairs, '=').map((l) => inner + l), ...blocks.map((b, i) => (i ? '' : this.eol) + inner + b)];
    return `statement {${this.eol}${body.join(this.eol)}${this.eol}${indent}}`;
  }

  /** `condition { test, variable, values }` blocks of a Condition object. */
  private conditionBlocks(condition: Record<string, unknown>, indent: string): string[] {
    const inner = indent + this.style.unit;
    const place = DOC;
    const out: string[] = [];
    for (const [test, vars] of Object.entries(condition)) {
      if (!isMap(vars)) refuse('a condition operator without keys');
      for (const [variable, values] of Object.entries(vars)) {
        const lines = this.assignments(
          [
            ['test', this.quote(test, true)],
            ['variable', this.quote(variable, true)],
            ['values', this.value(Array.isArray(values) ? values.map(String) : [String(values)], inner, place)],
          ],
          '=',
        );
        out.push(`condition {${lines.map((l) => this.eol + inner + l).join('')}${this.eol}${indent}}`);
      }
    }
    return out;
  }

  // ---- the writer's operations ----

  renameKey(prop: JsonProperty, key: string): Edit[] {
    const k = this.nodeAt(prop.keyOffset, prop.keyLength);
    const parent = this.index.parents.get(k);
    const attribute = parent && this.index.parents.get(this.index.parents.get(parent) ?? parent);
    if (k.type === 'string_lit' || k.type === 'quoted_template') {
      // A Condition operator is the `test` of each condition block whose variables it holds.
      if (attribute?.type === 'attribute' && this.nameOf(attribute) === 'test') return this.renameTests(prop, key);
      return [{ offset: k.start, length: k.end - k.start, content: this.quote(key, !!this.documentOf(k)) }];
    }
    if (k.type === 'identifier' && parent?.type === 'variable_expr') {
      return [{ offset: k.start, length: k.end - k.start, content: this.keyText(key, this.placeOf(k)) }];
    }
    if (k.type === 'identifier' && parent?.type === 'attribute' && ATTRIBUTE[key] && ATTRIBUTE[prop.key]) {
      return [{ offset: k.start, length: k.end - k.start, content: ATTRIBUTE[key] }];
    }
    return refuse('a key with no HCL of its own');
  }

  /** Every `test` of the condition blocks that the operator's variables come from, written `key`. */
  private renameTests(prop: JsonProperty, key: string): Edit[] {
    const tests = new Set<HclNode>();
    for (const variable of prop.value?.props ?? []) {
      let block: HclNode | undefined = this.nodeAt(variable.keyOffset, variable.keyLength);
      while (block && block.type !== 'block') block = this.index.parents.get(block);
      const test = block && this.members(block).find((m) => m.type === 'attribute' && this.nameOf(m) === 'test');
      const value = test && this.valueOf(test);
      if (!value || this.text.slice(value.start, value.end) !== this.text.slice(prop.keyOffset, prop.keyOffset + prop.keyLength))
        refuse('a condition block this writer does not read');
      tests.add(value);
    }
    if (!tests.size) tests.add(this.nodeAt(prop.keyOffset, prop.keyLength));
    return [...tests].map((t) => ({ offset: t.start, length: t.end - t.start, content: this.quote(key, true) }));
  }

  writeString(node: JsonNode, value: string): Edit[] {
    const n = this.nodeAt(node.offset, node.length, LITERALS);
    return [{ offset: n.start, length: n.end - n.start, content: this.quote(value, !!this.documentOf(n)) }];
  }

  replaceNode(node: JsonNode, value: unknown): Edit[] {
    if (typeof value === 'string' && node.type !== 'array' && node.type !== 'object') return this.writeString(node, value);
    const n = this.nodeAt(node.offset, node.length);
    if (n.type !== 'tuple' && n.type !== 'object' && !LITERALS.has(n.type)) refuse('no HCL value of its own');
    const place = this.placeOf(n);
    const list = n.type === 'tuple' && place.doc && !Array.isArray(value) ? [value] : value;
    if (place.doc && isMap(list)) refuse('an object in a policy document is a block');
    return [{ offset: n.start, length: n.end - n.start, content: this.value(list, this.indentOf(n.start), place) }];
  }

  appendItems(list: JsonNode, values: readonly unknown[]): Edit[] {
    const n = this.nodeAt(list.offset, list.length, new Set(['tuple']));
    const items = n.children.filter((c) => c.type === 'expression');
    const place = this.placeOf(n);
    const last = items[items.length - 1];
    if (!last) return [{ offset: n.start, length: n.end - n.start, content: this.value([...values], this.indentOf(n.start), place) }];
    if (!this.text.slice(n.start, n.end).includes('\n') || !this.startsLine(last)) {
      return [{ offset: last.end, length: 0, content: values.map((v) => `, ${this.value(v, this.indentOf(n.start), place)}`).join('') }];
    }
    // One item a line, in the last item's indentation; a trailing comma where the list has one.
    const indent = this.indentOf(last.start);
    const after = this.afterComma(last.end);
    const printed = values.map((v) => this.value(v, indent, place));
    // Trailing commas where the list has one; else commas between the items only.
    const lines = printed.map((p) => `${this.eol}${indent}${p}`).join(',') + (after.comma ? ',' : '');
    const at = this.pastComment(after.end);
    if (after.comma) return [{ offset: at, length: 0, content: lines }];
    return at === last.end
      ? [{ offset: at, length: 0, content: `,${lines}` }]
      : [
          { offset: last.end, length: 0, content: ',' },
          { offset: at, length: 0, content: lines },
        ];
  }

  removeItems(list: JsonNode, indexes: readonly number[]): Edit[] {
    const n = this.nodeAt(list.offset, list.length, new Set(['tuple']));
    const items = n.children.filter((c) => c.type === 'expression');
    const gone = new Set(indexes);
    if (items.every((_, i) => gone.has(i))) return [{ offset: n.start, length: n.end - n.start, content: '[]' }];
    const ranges: Array<[number, number]> = [];
    for (const i of [...gone].sort((a, b) => a - b)) {
      const item = items[i];
      if (!item) continue;
      const after = this.afterComma(item.end);
      const nl = this.text.indexOf('\n', after.end);
      const alone = this.startsLine(item) && nl >= 0 && /^[ \t\r]*$/.test(this.text.slice(after.end, nl));
      // Each range ends where the item (and its comma) ends, so that items appended in the same fix go right after it.
      if (alone && after.comma) ranges.push([this.tokenEnd(item.start), after.end]);
      else if (i < items.length - 1) ranges.push([item.start, items[i + 1]!.start]);
      else {
        // The last item, no comma after it: from the end of the item before it, with that item's comma.
        let k = i - 1;
        while (gone.has(k)) k--;
        ranges.push([items[k]!.end, item.end]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const r of ranges) {
      const top = merged[merged.length - 1];
      if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
      else merged.push([...r]);
    }
    return merged.map(([from, to]) => ({ offset: from, length: to - from, content: '' }));
  }

  insertMember(map: JsonNode, key: string, value: unknown, first = false): Edit[] {
    const n = this.nodeAt(map.offset, map.length, new Set(['object', 'block']));
    if (n.type === 'block') return this.insertAttribute(n, key, value, first);
    const place = this.placeOf(n);
    const elems = this.members(n);
    const member = (indent: string) => `${this.keyText(key, place)}${place.colon ? ':' : ' ='} ${this.value(value, indent, place)}`;
    if (!elems.length) return [{ offset: n.start, length: n.end - n.start, content: `{ ${member(this.indentOf(n.start))} }` }];
    const edge = first ? elems[0]! : elems[elems.length - 1]!;
    if (!this.text.slice(n.start, n.end).includes('\n') || !this.startsLine(edge)) {
      const m = member(this.indentOf(n.start));
      return first ? [{ offset: edge.start, length: 0, content: `${m}, ` }] : [{ offset: edge.end, length: 0, content: `, ${m}` }];
    }
    const indent = this.indentOf(edge.start);
    const after = this.afterComma(edge.end);
    const comma = after.comma ? ',' : '';
    if (first) return [{ offset: edge.start, length: 0, content: `${member(indent)}${comma}${this.eol}${indent}` }];
    return [{ offset: this.pastComment(after.end), length: 0, content: `${this.eol}${indent}${member(indent)}${comma}` }];
  }

  /** A member of a policy document (its `version`) or of a statement block (an attribute, or condition blocks). */
  private insertAttribute(block: HclNode, key: string, value: unknown, first: boolean): Edit[] {
    const doc = this.documentOf(block) === block;
    const name = doc ? (key === 'Version' ? 'version' : undefined) : ATTRIBUTE[key];
    const members = this.members(block);
    const anchor = first || key === 'Version' ? members[0] : (members.filter((m) => m.type === 'attribute').pop() ?? members[0]);
    if (!anchor || !this.startsLine(anchor)) refuse('an empty or one-line block');
    const indent = this.indentOf(anchor.start);
    let text: string;
    if (name) text = `${name} = ${this.value(LISTS.has(name) && !Array.isArray(value) ? [value] : value, indent, DOC)}`;
    else if (!doc && key === 'Condition' && isMap(value)) text = this.conditionBlocks(value, indent).join(this.eol + indent);
    else return refuse(`${key} has no attribute here`);
    if (anchor === members[0] && (first || key === 'Version' || anchor.type !== 'attribute'))
      return [{ offset: anchor.start, length: 0, content: `${text}${this.eol}${indent}` }];
    return [{ offset: anchor.end, length: 0, content: `${this.eol}${indent}${text}` }];
  }

  replaceMember(prop: JsonProperty, key: string, value: unknown): Edit[] {
    const k = this.nodeAt(prop.keyOffset, prop.keyLength);
    let member = this.index.parents.get(k);
    while (member && member.type !== 'attribute' && member.type !== 'object_elem' && member.type !== 'block')
      member = this.index.parents.get(member);
    const v = member && this.valueOf(member);
    if (!member || member.type === 'block' || !v) return refuse('no member of its own');
    if (member.type === 'attribute') {
      const name = ATTRIBUTE[key];
      if (!name || !ATTRIBUTE[prop.key] || this.index.parents.get(k) !== member) refuse(`${key} has no attribute here`);
      const indent = this.indentOf(member.start);
      // `=` stays in its column where the new name fits before it.
      const gap = Math.max(1, v.start - 2 - k.start - name.length);
      const text = this.value(LISTS.has(name) && !Array.isArray(value) ? [value] : value, indent, DOC);
      return [{ offset: member.start, length: member.end - member.start, content: `${name}${' '.repeat(gap)}= ${text}` }];
    }
    const place = this.placeOf(member);
    const keyText =
      key === prop.key ? this.text.slice(k.start, k.end) : this.keyText(key, { ...place, quoted: this.text[k.start] === '"' });
    const sep = this.text.slice(k.end, v.start);
    return [
      {
        offset: member.start,
        length: member.end - member.start,
        content: `${keyText}${sep}${this.value(value, this.indentOf(member.start), place)}`,
      },
    ];
  }

  insertDeny(doc: PolicyDocument): Edit[] {
    const n = this.nodeAt(doc.node.offset, doc.node.length, new Set(['object', 'block']));
    if (n.type === 'block') return this.insertStatementBlock(n);
    const st = doc.statementProp?.value;
    if (st?.type === 'array') return this.appendItems(st, [REFERENCE_DENY_STATEMENT]);
    if (st?.type === 'object') {
      const obj = this.nodeAt(st.offset, st.length, new Set(['object']));
      const indent = this.indentOf(obj.start);
      return [
        { offset: obj.start, length: 0, content: '[' },
        { offset: obj.end, length: 0, content: `, ${this.value(REFERENCE_DENY_STATEMENT, indent, this.placeOf(obj))}]` },
      ];
    }
    if (st) return refuse('a Statement that the file computes');
    return this.insertMember(doc.node, 'Statement', [REFERENCE_DENY_STATEMENT]);
  }

  /** AWS's deny as a `statement` block after the document's last statement (a blank line between, where the file has one). */
  private insertStatementBlock(block: HclNode): Edit[] {
    const members = this.members(block);
    const statements = members.filter((m) => m.type === 'block' && (this.nameOf(m) === 'statement' || this.nameOf(m) === 'dynamic'));
    const last = statements[statements.length - 1] ?? members[members.length - 1];
    if (last) {
      if (!this.startsLine(last)) refuse('a one-line policy document');
      const indent = this.indentOf(last.start);
      const prev = statements[statements.length - 2];
      const blank = prev ? /\n[ \t\r]*\n/.test(this.text.slice(prev.end, last.start)) : true;
      return [
        {
          offset: this.pastComment(last.end),
          length: 0,
          content: `${this.eol}${blank ? this.eol : ''}${indent}${this.statementBlock(REFERENCE_DENY_STATEMENT, indent)}`,
        },
      ];
    }
    // An empty document (`{}`): the front-end reads none.
    return refuse('an empty policy document');
  }
}

/** The HCL writer for one linted Terraform text. */
export const hclWriter: WriterFactory = (text, formatting) => new HclWriter(text, formatting);
