/**
 * Fix plumbing: the document's own formatting, small edit builders over the core's tree, the one
 * function that builds a fix's edits (editsOf), and the one function that applies edits.
 *
 * Why not jsonc-parser's `modify` (which issue 3 names): the builders below splice in text printed
 * in the document's own indentation and line ending and keep every existing byte, which is what
 * `modify` with formatting options promises too, minus its drawbacks here: it re-formats the whole
 * line around an edit (a minified policy came out half re-indented), it recurses and so needed a
 * try/catch for deep documents, and it re-parses the text with its own tree although the core has
 * one. Its last use (replacing a scalar `Statement`) was the only reason jsonc-parser (scanner,
 * parser, formatter, editor: 16.4 KB of 124 KB) was in the extension bundles.
 */
import type { Edit, Fix, FormattingOptions } from '../types';
import type { JsonNode, JsonProperty } from '../document/tree';
import { pastedKind } from '../document/parse';

/** The widest indentation step taken from a host (a tab size beyond it is clamped). */
export const MAX_TAB_SIZE = 16;

/**
 * Indentation and line ending of the text, as far as the first indented lines tell, then what the
 * host asks for where it makes sense: whatever `override` holds (any type, any value), the result
 * is a tab size of 1..16, a boolean and '\n' or '\r\n', so no fix can throw building its edits.
 */
export function detectFormatting(text: string, override?: unknown): FormattingOptions {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  let eol = crlf >= 0 && crlf < lf ? '\r\n' : '\n';
  let tabSize = 2;
  let insertSpaces = true;
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const re = /\n([ \t]+)\S/g;
  let m: RegExpExecArray | null;
  let smallest = Infinity;
  let seen = 0;
  while ((m = re.exec(sample)) && seen < 50) {
    seen++;
    const ws = m[1]!;
    if (ws[0] === '\t') {
      insertSpaces = false;
      break;
    }
    if (ws.length < smallest) smallest = ws.length;
  }
  if (insertSpaces && smallest !== Infinity && smallest > 0 && smallest <= 8) tabSize = smallest;
  const o = (override !== null && typeof override === 'object' ? override : {}) as Record<string, unknown>;
  const t = o.tabSize;
  if (typeof t === 'number' && Number.isFinite(t)) tabSize = Math.min(MAX_TAB_SIZE, Math.max(1, Math.round(t)));
  if (typeof o.insertSpaces === 'boolean') insertSpaces = o.insertSpaces;
  if (o.eol === '\n' || o.eol === '\r\n') eol = o.eol;
  return { tabSize, insertSpaces, eol };
}

/** One indentation step in the document's style (`f` as detectFormatting returns it). */
export function indentUnit(f: FormattingOptions): string {
  return f.insertSpaces ? ' '.repeat(f.tabSize) : '\t';
}

/**
 * Work done locating lines, counted (characters scanned plus search steps) so that a test can
 * show that building every fix's edits stays linear on a minified line (no timer).
 */
export const editWork = { steps: 0 };

/**
 * The line starts (after each '\n') of the last text edits were built for, and the indentation
 * width of each line once asked for: one scan per text, then a binary search per question, where
 * scanning back to the line start for each fix was quadratic on a long minified line.
 */
let lines: { text: string; starts: number[]; indents: Map<number, number> } | undefined;

/** How many lines start at or before `offset` (at least 1), and the lines of `text`. */
function lineCount(text: string, offset: number) {
  if (lines?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    editWork.steps += text.length;
    lines = { text, starts, indents: new Map() };
  }
  const { starts } = lines;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    editWork.steps++;
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return { count: lo, lines };
}

/** The start of the line that holds `offset`, and the width of the spaces and tabs that begin it. */
function lineAt(text: string, offset: number): { start: number; indent: number } {
  const { count, lines: l } = lineCount(text, offset);
  const start = l.starts[count - 1]!;
  let indent = l.indents.get(start);
  if (indent === undefined) {
    for (indent = 0; text[start + indent] === ' ' || text[start + indent] === '\t'; indent++) editWork.steps++;
    l.indents.set(start, indent);
  }
  return { start, indent };
}

/** Leading whitespace of the line that holds `offset` (up to `offset`). */
export function lineIndent(text: string, offset: number): string {
  const { start, indent } = lineAt(text, offset);
  return text.slice(start, start + Math.min(indent, offset - start));
}

/** Only spaces and tabs between the start of its line and `offset`. */
function startsLine(text: string, offset: number): boolean {
  const { start, indent } = lineAt(text, offset);
  return indent >= offset - start;
}

/** A container written on one line (minified or inline): inserted text stays on one line too. */
export function isInline(text: string, node: JsonNode): boolean {
  // A '\n' at k in [offset, end) is a line start k + 1 in (offset, end].
  return lineCount(text, node.offset + node.length).count === lineCount(text, node.offset).count;
}

/**
 * JSON text with every character that pasted-characters reports (no-break spaces, zero-width
 * characters, smart quotes) written as a \u escape: a value decoded from `"\u200b"` must not come
 * back as the invisible character itself.
 */
const escapePasted = (json: string): string =>
  json.replace(/[^\0-\x7f]/g, (c) => (pastedKind(c.charCodeAt(0)) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));

/** A string as a JSON literal that lints clean. */
export const quote = (s: string): string => escapePasted(JSON.stringify(s));

/** The source text of a string node when it is a plain "..." literal. */
function literalOf(text: string, node: JsonNode): string | undefined {
  const end = node.offset + node.length;
  return node.type === 'string' && node.length > 1 && text[node.offset] === '"' && text[end - 1] === '"'
    ? text.slice(node.offset, end)
    : undefined;
}

/**
 * `literal` (the source of a JSON string whose decoded value is `from`) changed to say `to`: the
 * common beginning and end are kept as written, escapes included (`\u200b`, `\/`, `\"`,
 * `\u0041`), and only what differs is printed; undefined when the literal does not decode to `from`.
 */
export function reEscape(literal: string, from: string, to: string): string | undefined {
  // Raw index of each decoded code unit: a \uXXXX escape is 6 characters, another escape 2, any other 1.
  const at: number[] = [];
  const end = literal.length - 1;
  let j = 1;
  while (j < end) {
    at.push(j);
    j += literal[j] !== '\\' ? 1 : literal[j + 1] === 'u' ? 6 : 2;
  }
  if (j !== end || at.length !== from.length) return undefined;
  at.push(end);
  const max = Math.min(from.length, to.length);
  let p = 0;
  while (p < max && from[p] === to[p]) p++;
  let q = 0;
  while (q < max - p && from[from.length - 1 - q] === to[to.length - 1 - q]) q++;
  // Never split a surrogate pair between what is kept and what is printed (0x36: high, 0x37: low).
  if (from.charCodeAt(p - 1) >> 10 === 0x36) p--;
  if (from.charCodeAt(from.length - q) >> 10 === 0x37) q--;
  return literal.slice(0, at[p]) + quote(to.slice(p, to.length - q)).slice(1, -1) + literal.slice(at[from.length - q]);
}

/** Decoded string -> its source literal, for the strings of a subtree: what a printed value reuses as written. */
type Written = (s: string) => string | undefined;

function writtenIn(text: string, node: JsonNode | undefined): Written {
  const map = new Map<unknown, string>();
  const stack = node ? [node] : [];
  while (stack.length) {
    const n = stack.pop()!;
    const lit = literalOf(text, n);
    if (lit) map.set(n.value, lit);
    for (const x of n.items ?? []) stack.push(x);
    for (const x of n.props ?? []) if (x.value) stack.push(x.value);
  }
  return (s) => map.get(s);
}

/**
 * A JSON value printed in the document's style, its later lines indented by `base` (or on one
 * line); strings that `written` knows keep their source text, others lint clean (see quote).
 */
export function printValue(value: unknown, base: string, f: FormattingOptions, inline = false, written?: Written): string {
  const json = inline
    ? JSON.stringify(value)
    : JSON.stringify(value, null, indentUnit(f))
        .split('\n')
        .join(f.eol + base);
  return json.replace(/"(?:[^"\\]|\\.)*"/g, (t) => written?.(JSON.parse(t) as string) ?? escapePasted(t));
}

/** Appends an item to an array, keeping every existing byte. */
export function appendArrayItem(text: string, arr: JsonNode, value: unknown, f: FormattingOptions): Edit[] {
  return appendArrayItems(text, arr, [value], f);
}

/** Appends items to an array, keeping every existing byte. */
export function appendArrayItems(text: string, arr: JsonNode, values: unknown[], f: FormattingOptions): Edit[] {
  const items = arr.items!;
  const many = (sep: string, indent: string, inline: boolean) => values.map((v) => printValue(v, indent, f, inline)).join(sep);
  const inline = isInline(text, arr);
  const last = items[items.length - 1];
  if (last) {
    const end = last.offset + last.length;
    if (inline || !startsLine(text, last.offset))
      return [{ offset: end, length: 0, content: `, ${many(', ', lineIndent(text, last.offset), inline)}` }];
    const indent = lineIndent(text, last.offset);
    return [{ offset: end, length: 0, content: `,${f.eol}${indent}${many(`,${f.eol}${indent}`, indent, false)}` }];
  }
  if (inline) return [{ offset: arr.offset + 1, length: arr.length - 2, content: many(', ', '', true) }];
  const base = lineIndent(text, arr.offset);
  const indent = base + indentUnit(f);
  return [
    {
      offset: arr.offset + 1,
      length: arr.length - 2,
      content: `${f.eol}${indent}${many(`,${f.eol}${indent}`, indent, false)}${f.eol}${base}`,
    },
  ];
}

/** Adds a member to an object, first or last, keeping every existing byte. */
export function insertProperty(text: string, obj: JsonNode, key: string, value: unknown, f: FormattingOptions, first = false): Edit[] {
  const props = obj.props!;
  const inline = isInline(text, obj);
  const member = (indent: string) => `${quote(key)}:${inline ? '' : ' '}${printValue(value, indent, f, inline)}`;
  if (!props.length) {
    if (inline) return [{ offset: obj.offset + 1, length: obj.length - 2, content: member('') }];
    const base = lineIndent(text, obj.offset);
    const indent = base + indentUnit(f);
    return [{ offset: obj.offset + 1, length: obj.length - 2, content: `${f.eol}${indent}${member(indent)}${f.eol}${base}` }];
  }
  const anchor = first ? props[0]! : props[props.length - 1]!;
  const indent = lineIndent(text, anchor.keyOffset);
  const ownLine = !inline && startsLine(text, anchor.keyOffset);
  if (first) {
    return [{ offset: anchor.keyOffset, length: 0, content: ownLine ? `${member(indent)},${f.eol}${indent}` : `${member(indent)}, ` }];
  }
  return [{ offset: anchor.end, length: 0, content: ownLine ? `,${f.eol}${indent}${member(indent)}` : `, ${member(indent)}` }];
}

/** Removes one array item with its separating comma, keeping every other byte. */
export function removeArrayItem(arr: JsonNode, index: number): Edit[] {
  const items = arr.items!;
  const item = items[index]!;
  if (index < items.length - 1) return [{ offset: item.offset, length: items[index + 1]!.offset - item.offset, content: '' }];
  if (index > 0) {
    const prev = items[index - 1]!;
    const from = prev.offset + prev.length;
    return [{ offset: from, length: item.offset + item.length - from, content: '' }];
  }
  return [{ offset: item.offset, length: item.length, content: '' }];
}

/**
 * Removes the items at `indexes` (ascending, at least one kept where possible): each with the
 * separator after it, the last ones with the separator before them, keeping every other byte.
 */
export function removeArrayItems(arr: JsonNode, indexes: readonly number[]): Edit[] {
  const items = arr.items!;
  const gone = new Set(indexes);
  if (gone.size >= items.length) {
    const last = items[items.length - 1]!;
    return items.length ? [{ offset: items[0]!.offset, length: last.offset + last.length - items[0]!.offset, content: '' }] : [];
  }
  let lastKept = items.length - 1;
  while (gone.has(lastKept)) lastKept--;
  const edits: Edit[] = [];
  for (let i = 0; i < lastKept; i++)
    if (gone.has(i)) edits.push({ offset: items[i]!.offset, length: items[i + 1]!.offset - items[i]!.offset, content: '' });
  const last = items[items.length - 1]!;
  const kept = items[lastKept]!;
  if (lastKept < items.length - 1)
    edits.push({ offset: kept.offset + kept.length, length: last.offset + last.length - kept.offset - kept.length, content: '' });
  return edits;
}

/** The key of `prop` as written when it stays the same, else `key` printed. */
function keyText(text: string, prop: JsonProperty, key: string): string {
  return key === prop.key ? text.slice(prop.keyOffset, prop.keyOffset + prop.keyLength) : quote(key);
}

/** Replaces a whole member (`"Key": value`) with another key and value; strings of the old value keep their source text. */
export function replaceMember(text: string, prop: JsonProperty, key: string, value: unknown, f: FormattingOptions): Edit {
  const ownLine = startsLine(text, prop.keyOffset);
  const printed = printValue(value, ownLine ? lineIndent(text, prop.keyOffset) : '', f, !ownLine, writtenIn(text, prop.value));
  return { offset: prop.keyOffset, length: prop.end - prop.keyOffset, content: `${keyText(text, prop, key)}: ${printed}` };
}

/** Replaces a key's text, keeping its value. */
export function renameKey(prop: JsonProperty, key: string): Edit {
  return { offset: prop.keyOffset, length: prop.keyLength, content: quote(key) };
}

/**
 * Replaces a scalar or container node with a printed value. A string replacing a string keeps what
 * they share as written (escapes included); strings of the old subtree keep their source text.
 */
export function replaceNode(text: string, node: JsonNode, value: unknown, f: FormattingOptions): Edit {
  const edit = (content: string): Edit => ({ offset: node.offset, length: node.length, content });
  if (typeof value === 'string') {
    const literal = literalOf(text, node);
    return edit((literal && reEscape(literal, node.value as string, value)) || quote(value));
  }
  const inline = typeof value !== 'object' || value === null || isInline(text, node);
  return edit(printValue(value, inline ? '' : lineIndent(text, node.offset), f, inline, writtenIn(text, node)));
}

/** A fix whose edits `build` computes when a host asks for them, with editsOf(fix). */
export function makeFix(title: string, kind: Fix['kind'], build: () => Edit[], isPreferred = false): Fix {
  return isPreferred ? { title, kind, build, isPreferred } : { title, kind, build };
}

/** Edits already built, by fix: a fix is built once however often a host asks. */
const built = new WeakMap<Fix, Edit[]>();

/**
 * The edits of a fix: where they are computed, on the first request (most fixes are never asked
 * for, so a lint builds none). Never throws: a builder that fails, or a fix that is not one, gives
 * no edits (the fix then does nothing).
 */
export function editsOf(fix: Fix): Edit[] {
  if (fix === null || typeof fix !== 'object') return [];
  let edits = built.get(fix);
  if (edits === undefined) {
    try {
      const result = fix.build();
      edits = Array.isArray(result) ? result : [];
    } catch {
      edits = [];
    }
    built.set(fix, edits);
  }
  return edits;
}

/**
 * Applies non-overlapping edits. Whatever it is passed, the only exception is a RangeError when
 * two edits overlap: a text that is not a string counts as '', edits that are not an array as none,
 * an edit without a numeric offset is skipped, and ranges are clamped to the text.
 */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const src = typeof text === 'string' ? text : '';
  const n = src.length;
  const clamp = (x: unknown, min: number) => Math.min(n, Math.max(min, Math.floor(typeof x === 'number' ? x : 0) || 0));
  const valid = (Array.isArray(edits) ? edits : [])
    .filter((e: Edit | null) => typeof e?.offset === 'number' && !Number.isNaN(e.offset))
    .map((e: Edit, i) => {
      const offset = clamp(e.offset, 0);
      return { offset, end: offset + clamp(e.length, 0), content: typeof e.content === 'string' ? e.content : '', i };
    })
    .sort((a, b) => a.offset - b.offset || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const e of valid) {
    if (e.offset < pos) throw new RangeError(`Overlapping edits at offset ${e.offset}.`);
    out += src.slice(pos, e.offset) + e.content;
    pos = Math.min(n, e.end);
  }
  return out + src.slice(pos);
}
