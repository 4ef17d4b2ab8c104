/**
 * Policies held as strings: a JSON or YAML string (or a CloudFormation `Fn::Sub` string) whose value
 * is a policy's JSON, and a Terraform template file (`*.tpl`) that is JSON once its `${...}` are
 * read. Each is decoded to an EmbeddedText (./embedded.ts) with the outer offset of every decoded
 * character, exactly: a decoding is checked against the value the outer parser read, and where it
 * differs the string is reported as unreadable rather than mapped wrongly. The encoders write an
 * inserted text in the string's own syntax: JSON escapes, YAML's quote doubling, a block's indentation.
 * One level only: a string inside a held policy is not searched again.
 */
import type { ParseResult } from '../document/problems';
import { type JsonNode, pointerSegment } from '../document/tree';
import { locatePolicies } from '../document/policy';
import { MFA_KEY, looksLikePolicy } from '../document/policy-sign';
import { parseJson } from './json/builder';
import { quote } from '../fixes/edits';
import type { EmbeddedText, UnreadablePart } from './embedded';

/** A decoded text and the outer offset of each of its characters (and of its end). */
export interface Decoded {
  text: string;
  starts: Int32Array;
  encode(content: string, at: number): string | undefined;
}

/**
 * Decoded characters (UTF-16 code units) as they are read, each with where it starts and ends in the
 * outer text. A decoding never makes more code units than it reads source characters, so the
 * arrays are sized once from the source's length.
 */
class Out {
  readonly codes: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.codes = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity + 1);
    this.ends = new Int32Array(capacity);
  }
  push(code: number, at: number, end = at + 1): void {
    const n = this.length++;
    this.codes[n] = code;
    this.starts[n] = at;
    this.ends[n] = end;
  }
  truncate(n: number): void {
    this.length = n;
  }
  /** The text and its map; the end stands at `end`, else just after the last character. */
  finish(end: number | undefined, fallback: number): { text: string; starts: Int32Array } {
    const n = this.length;
    const starts = this.starts.slice(0, n + 1);
    starts[n] = end ?? (n ? this.ends[n - 1]! : fallback);
    let text = '';
    // In chunks: String.fromCharCode takes its code units as arguments.
    for (let i = 0; i < n; i += 8192) text += String.fromCharCode(...this.codes.subarray(i, Math.min(n, i + 8192)));
    return { text, starts };
  }
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const afterBreak = (src: string, i: number) => (src[i] === '\r' && src[i + 1] === '\n' ? i + 2 : i + 1);

/** The one-character escapes of YAML's double-quoted scalars (JSON's are among them). */
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  '\t': '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  '"': '"',
  '\\': '\\',
  '/': '/',
  '0': '\0',
  a: '\x07',
  v: '\x0b',
  e: '\x1b',
  ' ': ' ',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_WIDTH: Record<string, number> = { x: 2, u: 4, U: 8 };
/** Hex digits, lower case then upper (an upper-case digit's index is its value + 6). */
const HEX_DIGITS = '0123456789abcdefABCDEF';

/** The code point of the escape at `i` (a backslash), else -1; it is 2 characters long, or 2 + its hex width. */
function escapeAt(src: string, i: number): number {
  const c = src[i + 1] ?? '';
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return simple.charCodeAt(0);
  const width = HEX_WIDTH[c];
  if (!width) return -1;
  let code = 0;
  for (let k = i + 2; k < i + 2 + width; k++) {
    const digit = HEX_DIGITS.indexOf(src[k] ?? 'x');
    if (digit < 0) return -1;
    code = code * 16 + (digit > 15 ? digit - 6 : digit);
  }
  return code > 0x10ffff ? -1 : code;
}

/**
 * A flow scalar's content, [from, to): JSON and YAML double-quoted strings (escapes), YAML
 * single-quoted (`''`) and plain scalars; YAML's line folding (a line break between text is a
 * space, n empty lines are n line breaks, whitespace around a break is dropped).
 */
export function decodeFlow(
  src: string,
  from: number,
  to: number,
  kind: 'double' | 'single' | 'plain',
): { text: string; starts: Int32Array } | undefined {
  const out = new Out(Math.max(0, to - from));
  // The decoded length up to the last character that folding keeps (trailing blanks are dropped).
  let keep = 0;
  let i = from;
  while (i < to) {
    const c = src[i]!;
    if (isBreak(c)) {
      const at = out.length > keep ? out.starts[keep]! : i;
      out.truncate(keep);
      let empty = 0;
      i = afterBreak(src, i);
      for (;;) {
        while (i < to && isBlank(src[i])) i++;
        if (i < to && isBreak(src[i])) {
          empty++;
          i = afterBreak(src, i);
        } else break;
      }
      if (empty === 0) out.push(0x20, at, i);
      for (let k = 0; k < empty; k++) out.push(0x0a, at, i);
      keep = out.length;
    } else if (kind === 'double' && c === '\\') {
      if (isBreak(src[i + 1])) {
        // An escaped line break joins the lines: no space, the next line's indentation dropped.
        i = afterBreak(src, i + 1);
        while (i < to && isBlank(src[i])) i++;
      } else {
        const code = escapeAt(src, i);
        if (code < 0) return undefined;
        const end = i + 2 + (HEX_WIDTH[src[i + 1]!] ?? 0);
        if (code > 0xffff) {
          // Outside the basic plane: its two surrogates, both standing on the escape.
          out.push(0xd800 + ((code - 0x10000) >> 10), i, end);
          out.push(0xdc00 + ((code - 0x10000) & 0x3ff), i, end);
        } else out.push(code, i, end);
        i = end;
      }
      keep = out.length;
    } else if (kind === 'single' && c === "'" && src[i + 1] === "'") {
      out.push(0x27, i, i + 2);
      i += 2;
      keep = out.length;
    } else {
      out.push(src.charCodeAt(i), i);
      i++;
      if (!isBlank(c)) keep = out.length;
    }
  }
  return out.finish(kind === 'plain' ? undefined : to, from);
}

interface Line {
  /** Where the line starts, where its content starts (after the block's indentation), and its break. */
  start: number;
  content: number;
  end: number;
  /** After the line break (or `end` for the last line without one). */
  next: number;
  blank: boolean;
  /** Starts with a blank after the indentation: folding keeps the breaks around it. */
  more: boolean;
}

/** The lines of a block scalar's body, [from, to), and its indentation; undefined when the indentation is explicit. */
function blockLines(src: string, from: number, to: number): { lines: Line[]; indent: number } {
  const raw: Array<[number, number, number]> = [];
  let indent = -1;
  for (let i = from; i < to;) {
    let end = i;
    while (end < to && !isBreak(src[end])) end++;
    let sp = i;
    while (sp < end && src[sp] === ' ') sp++;
    if (indent < 0 && sp < end) indent = sp - i;
    raw.push([i, end, end < to ? afterBreak(src, end) : end]);
    i = end < to ? afterBreak(src, end) : to;
  }
  if (indent < 0) indent = 0;
  const lines = raw.map(([start, end, next]): Line => {
    let sp = start;
    while (sp < end && src[sp] === ' ') sp++;
    const blank = sp === end && sp - start <= indent;
    const content = Math.min(end, start + indent);
    return { start, content, end, next, blank, more: !blank && isBlank(src[content]) };
  });
  return { lines, indent };
}

/**
 * A YAML block scalar (`|`, `|-`, `|+`, `>`, `>-`, `>+`) over [offset, end): its content minus the
 * block's indentation, folded for `>`; undefined for an explicit indentation indicator.
 */
export function decodeBlock(src: string, offset: number, end: number): (Decoded & { indent: number }) | undefined {
  const folded = src[offset] === '>';
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let i = offset + 1;
  for (; i < end && !isBreak(src[i]) && !isBlank(src[i]) && src[i] !== '#'; i++) {
    if (src[i] === '-') chomp = 'strip';
    else if (src[i] === '+') chomp = 'keep';
    else return undefined;
  }
  while (i < end && !isBreak(src[i])) i++;
  const bodyFrom = i < end ? afterBreak(src, i) : end;
  const { lines, indent } = blockLines(src, bodyFrom, end);
  const out = new Out(Math.max(0, end - bodyFrom));
  if (folded) emitFolded(src, lines, out);
  else
    for (const l of lines) {
      if (!l.blank) for (let k = l.content; k < l.end; k++) out.push(src.charCodeAt(k), k);
      if (l.next > l.end) out.push(0x0a, l.end, l.next);
    }
  let last = out.length;
  while (last > 0 && out.codes[last - 1] === 0x0a) last--;
  if (chomp === 'strip') out.truncate(last);
  else if (chomp === 'clip') out.truncate(Math.min(out.length, last + 1));
  const { text, starts } = out.finish(undefined, bodyFrom);
  // Inserted lines end as the block's own lines do.
  const eol = src[bodyFrom - 2] === '\r' ? '\r\n' : '\n';
  return { text, starts, indent, encode: folded ? encodeFolded(text) : encodeLiteral(src, text, starts, ' '.repeat(indent), eol) };
}

/** Folded lines: a break between two text lines is a space, unless either starts more indented; empty lines are breaks. */
function emitFolded(src: string, lines: readonly Line[], out: Out): void {
  let prev: Line | undefined;
  let empties: Line[] = [];
  for (const l of lines) {
    if (l.blank) {
      empties.push(l);
      continue;
    }
    if (prev && !prev.more && !l.more && !empties.length) out.push(0x20, prev.end, prev.next);
    else if (prev && (prev.more || l.more)) out.push(0x0a, prev.end, prev.next);
    for (const e of empties) out.push(0x0a, e.end, e.next);
    for (let k = l.content; k < l.end; k++) out.push(src.charCodeAt(k), k);
    prev = l;
    empties = [];
  }
  if (prev && prev.next > prev.end) out.push(0x0a, prev.end, prev.next);
  for (const e of empties) out.push(0x0a, e.end, e.next);
}

/** Inserted text in a literal block: the block's indentation after each of its line breaks (and before it at a line's start). */
function encodeLiteral(src: string, text: string, starts: Int32Array, indent: string, eol: string) {
  return (content: string, at: number): string => {
    const body = content.replace(/\r\n?/g, '\n').split('\n').join(`${eol}${indent}`);
    if (at > 0 && text[at - 1] !== '\n') return body;
    // At a line's start: an empty line has no indentation of its own to follow.
    const pos = starts[at]!;
    const column = pos - (src.lastIndexOf('\n', pos - 1) + 1);
    return column < indent.length ? indent.slice(column) + body : body;
  };
}

/** Inserted text in a folded block: one line only, not starting a line with a blank (that would change the folding). */
function encodeFolded(text: string) {
  return (content: string, at: number): string | undefined => {
    if (/[\r\n]/.test(content)) return undefined;
    if ((at === 0 || text[at - 1] === '\n') && isBlank(content[0])) return undefined;
    return content;
  };
}

/** Inserted text in a JSON or YAML double-quoted string: JSON's escapes (YAML reads them alike). */
const encodeDouble = (content: string): string => quote(content).slice(1, -1);
/** In a YAML single-quoted string: quotes doubled; a line break would fold, so none. */
const encodeSingle = (content: string): string | undefined => (/[\r\n]/.test(content) ? undefined : content.replace(/'/g, "''"));
/** In a YAML plain scalar: nothing that would end it or start a comment or a mapping. */
const encodePlain = (content: string): string | undefined => (/[\r\n]|: | #/.test(content) ? undefined : content);

/** The string node's source decoded, by the syntax it is written in; undefined when that does not give its value exactly. */
export function decodeString(src: string, node: JsonNode): Decoded | undefined {
  const from = node.offset;
  const to = node.offset + node.length;
  const first = src[from];
  let decoded: Decoded | undefined;
  if (first === '|' || first === '>') decoded = decodeBlock(src, from, to);
  else if (first === '"' || first === "'") {
    const flow =
      src[to - 1] === first && to - from >= 2 ? decodeFlow(src, from + 1, to - 1, first === '"' ? 'double' : 'single') : undefined;
    if (flow) decoded = { ...flow, encode: first === '"' ? encodeDouble : encodeSingle };
  } else {
    const flow = decodeFlow(src, from, to, 'plain');
    if (flow) decoded = { ...flow, encode: encodePlain };
  }
  return decoded?.text === node.value ? decoded : undefined;
}

/** The cheap test before any parsing: after blanks it opens an object, and it mentions Statement or the MFA key. */
function mayHoldPolicy(value: string): boolean {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 0x20) i++;
  return value[i] === '{' && (value.includes('Statement') || value.includes(MFA_KEY));
}

/** Line and column (1-based) of `offset` in `text`. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/** Policies held in strings of a parsed document, and the strings that look like one but cannot be read. */
export interface HeldPolicies {
  pieces: EmbeddedText[];
  unreadable: UnreadablePart[];
}

/** One string: a piece when it holds a policy, an unreadable part when it looks like one but its JSON or its characters cannot be read. */
export function readString(src: string, node: JsonNode, pointer: string, values: EmbeddedText['values'], held: HeldPolicies): void {
  const value = node.value as string;
  if (!mayHoldPolicy(value)) {
    // A Terraform expression that builds the policy ("${jsonencode({ Statement = [...] })}") is not JSON: said, not passed.
    if (values === 'template' && expressionPolicy(value))
      held.unreadable.push({
        ...range(node),
        what: `the Terraform expression${pointer ? ` at ${pointer}` : ''}`,
        why: 'a policy built by an expression in a string is not read',
      });
    return;
  }
  const what = `${values === 'sub' ? 'the Fn::Sub string' : values === 'template' ? 'the Terraform string' : 'the string'}${pointer ? ` at ${pointer}` : ''}`;
  // A Terraform string is the JSON it makes once its ${...} are read (an interpolation is an unknown value).
  const template = values === 'template' ? decodeTemplate(value) : undefined;
  if (values === 'template' && !template) {
    if (looksLikePolicy(value))
      held.unreadable.push({ ...range(node), what, why: 'its %{...} directives (or an unclosed ${) are not read' });
    return;
  }
  const text = template ? template.text : value;
  const inner = parseJson(text);
  const problem = inner.errors[0];
  if (problem) {
    if (looksLikePolicy(value))
      held.unreadable.push({
        ...range(node),
        what,
        why: `its JSON has a syntax error at ${lineColumn(text, problem.offset)} (${problem.message.replace(/\.$/, '')})`,
      });
    return;
  }
  if (inner.root?.type !== 'object' || !locatePolicies(inner.root).length) return;
  const decoded = decodeString(src, node);
  if (!decoded) {
    held.unreadable.push({ ...range(node), what, why: 'its characters could not be matched to the source exactly' });
    return;
  }
  if (template) held.pieces.push(throughTemplate(decoded, template, pointer));
  else held.pieces.push({ text: value, format: 'json', starts: decoded.starts, encode: decoded.encode, pointer, values });
}

/** A template read from a string's value, mapped through the string's own decoding to the outer text (and encoded back through both). */
function throughTemplate(outer: Decoded, template: Decoded & { computed: number[] }, pointer: string): EmbeddedText {
  const n = template.text.length;
  const starts = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) starts[i] = outer.starts[template.starts[i]!]!;
  const encode = (content: string, at: number): string | undefined => {
    const inTemplate = template.encode(content, at);
    return inTemplate === undefined ? undefined : outer.encode(inTemplate, template.starts[at]!);
  };
  return { text: template.text, format: 'json', starts, encode, pointer, values: 'template', computed: template.computed };
}

const range = (n: JsonNode) => ({ offset: n.offset, length: n.length });

/** The string a `Fn::Sub` object substitutes (`Fn::Sub: "..."` or `Fn::Sub: ["...", { vars }]`), with its pointer below the object. */
function subTemplate(sub: JsonNode): { node: JsonNode; pointer: string } | undefined {
  const arg = sub.props![0]!.value;
  const key = `/${pointerSegment(sub.props![0]!.key)}`;
  if (arg?.type === 'string') return { node: arg, pointer: key };
  const first = arg?.type === 'array' ? arg.items![0] : undefined;
  return first?.type === 'string' ? { node: first, pointer: `${key}/0` } : undefined;
}

/** Does a string of the tree (or a Fn::Sub's template) pass the cheap test? A walk without pointers: most documents hold none. */
function anyCandidate(root: JsonNode, subs: ReadonlyMap<number, JsonNode>, terraform: boolean): boolean {
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string' && (mayHoldPolicy(node.value as string) || (terraform && expressionPolicy(node.value as string))))
      return true;
    if (node.type === 'string' || node.type === 'unknown') {
      const sub = subs.get(node.offset);
      const t = sub && subTemplate(sub);
      if (t && mayHoldPolicy(t.node.value as string)) return true;
    } else if (node.items) for (const item of node.items) stack.push(item);
    else if (node.props) for (const p of node.props) if (p.value) stack.push(p.value);
  }
  return false;
}

/** A Terraform string that builds a policy with an expression (`${jsonencode({ Statement = ... })}`). */
const expressionPolicy = (value: string): boolean => value.includes('${') && looksLikePolicy(value);

/** Documents of Terraform's JSON syntax (`*.tf.json`): a string with `${` in them is a Terraform template. */
const terraformDocuments = new WeakSet<ParseResult>();

/** Marks `parsed` as a `*.tf.json` document: heldPolicies reads its strings as Terraform reads them. */
export function readAsTerraform(parsed: ParseResult): void {
  terraformDocuments.add(parsed);
}

/**
 * The policies held in the strings of `parsed` (a JSON or YAML document of `src`), in text order; a
 * `Fn::Sub` that the intrinsics pass replaced is read from the object it was. Undefined when none.
 */
export function heldPolicies(src: string, parsed: ParseResult): HeldPolicies | undefined {
  const root = parsed.root;
  if (!root || parsed.errors.length) return undefined;
  const subs = new Map<number, JsonNode>();
  for (const s of parsed.subs ?? []) subs.set(s.offset, s);
  const terraform = terraformDocuments.has(parsed);
  if (!anyCandidate(root, subs, terraform)) return undefined;
  const computed = new Set(parsed.computed);
  const held: HeldPolicies = { pieces: [], unreadable: [] };
  // A YAML alias is a copy of its anchored node, at the same offset: its string is read once, so
  // that 100,000 aliases of one policy string cost one lint, not 100,000.
  const seen = new Set<number>();
  const stack: Array<[JsonNode, string]> = [[root, '']];
  while (stack.length) {
    const [node, pointer] = stack.pop()!;
    if (node.type === 'string' || node.type === 'unknown') {
      if (seen.has(node.offset)) continue;
      seen.add(node.offset);
    }
    if (node.type === 'unknown' || computed.has(node)) {
      const sub = subs.get(node.offset);
      const t = sub && subTemplate(sub);
      if (t) readString(src, t.node, pointer + t.pointer, 'sub', held);
    } else if (node.type === 'string') {
      const template = terraform && (node.value as string).includes('${');
      readString(src, node, pointer, template ? 'template' : 'plain', held);
    } else if (node.items) for (let k = node.items.length - 1; k >= 0; k--) stack.push([node.items[k]!, `${pointer}/${k}`]);
    else if (node.props)
      for (let k = node.props.length - 1; k >= 0; k--) {
        const p = node.props[k]!;
        if (p.value) stack.push([p.value, `${pointer}/${pointerSegment(p.key)}`]);
      }
  }
  return held.pieces.length || held.unreadable.length ? held : undefined;
}

/** After a Terraform template's `${` at `i`: the offset after its matching `}` (strings inside skipped), or -1. */
function interpolationEnd(src: string, i: number): number {
  let depth = 0;
  let quoted = false;
  for (let k = i + 1; k < src.length; k++) {
    const c = src[k];
    if (quoted) {
      if (c === '\\') k++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return k + 1;
  }
  return -1;
}

/** Inserted text in a Terraform template: a `${` or `%{` it holds is written escaped (`$${`, `%%{`). */
const encodeTemplate = (content: string): string => content.replace(/([$%])\{/g, '$1$1{');

/**
 * A Terraform template file read as the JSON it makes: `$${x}` is the literal `${x}` (its map skips
 * the extra `$`), `%%{` the literal `%{`; an interpolation `${...}` is a computed range (written as
 * a JSON string where it stands outside one, so that the JSON around it still parses). Undefined
 * for a directive (`%{ for }`, `%{ if }`) or an unclosed interpolation: not read.
 */
export function decodeTemplate(src: string): (Decoded & { computed: number[] }) | undefined {
  const out = new Out(2 * src.length + 2);
  const computed: number[] = [];
  let inString = false;
  for (let i = 0; i < src.length;) {
    const c = src[i]!;
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      out.push(src.charCodeAt(i), i + 1, i + 2);
      i += 2;
    } else if (c === '%' && src[i + 1] === '{') return undefined;
    else if (c === '$' && src[i + 1] === '{') {
      const end = interpolationEnd(src, i);
      if (end < 0) return undefined;
      const from = out.length;
      if (!inString) out.push(0x22, i, i);
      for (let k = i; k < end; k++) {
        const ch = src[k]!;
        if (ch === '"' || ch === '\\') out.push(0x5c, k, k);
        out.push(Math.max(0x20, ch.charCodeAt(0)), k);
      }
      if (!inString) out.push(0x22, end, end);
      computed.push(from, out.length);
      i = end;
    } else if (inString && c === '\\' && i + 1 < src.length) {
      out.push(src.charCodeAt(i), i);
      out.push(src.charCodeAt(i + 1), i + 1);
      i += 2;
    } else {
      if (c === '"') inString = !inString;
      out.push(src.charCodeAt(i), i);
      i++;
    }
  }
  const { text, starts } = out.finish(src.length, 0);
  return { text, starts, computed, encode: encodeTemplate };
}
