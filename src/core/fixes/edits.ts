/**
 * Fix plumbing: the document's own formatting, small edit builders over the core's tree, lazily
 * built edits, and the one function that applies edits.
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

/** Indentation and line ending of the text, as far as the first indented lines tell. */
export function detectFormatting(text: string, override?: Partial<FormattingOptions>): FormattingOptions {
  const crlf = text.indexOf('\r\n');
  const lf = text.indexOf('\n');
  const eol = crlf >= 0 && crlf < lf ? '\r\n' : '\n';
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
    if (ws[0] === '\t') { insertSpaces = false; break; }
    if (ws.length < smallest) smallest = ws.length;
  }
  if (insertSpaces && smallest !== Infinity && smallest > 0 && smallest <= 8) tabSize = smallest;
  return { tabSize, insertSpaces, eol, ...override };
}

/** One indentation step in the document's style. */
export function indentUnit(f: FormattingOptions): string {
  return f.insertSpaces ? ' '.repeat(f.tabSize) : '\t';
}

/** Leading whitespace of the line that holds `offset`. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** A container written on one line (minified or inline): inserted text stays on one line too. */
export function isInline(text: string, node: JsonNode): boolean {
  const end = node.offset + node.length;
  for (let i = node.offset; i < end; i++) if (text.charCodeAt(i) === 0x0a) return false;
  return true;
}

/** A JSON value printed in the document's style, its later lines indented by `base` (or on one line). */
export function printValue(value: unknown, base: string, f: FormattingOptions, inline = false): string {
  if (inline) return JSON.stringify(value);
  return JSON.stringify(value, null, indentUnit(f)).split('\n').join(f.eol + base);
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
    const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, last.offset));
    const indent = lineIndent(text, last.offset);
    if (inline || !ownLine) return [{ offset: end, length: 0, content: `, ${many(', ', indent, inline)}` }];
    return [{ offset: end, length: 0, content: `,${f.eol}${indent}${many(`,${f.eol}${indent}`, indent, false)}` }];
  }
  if (inline) return [{ offset: arr.offset + 1, length: arr.length - 2, content: many(', ', '', true) }];
  const base = lineIndent(text, arr.offset);
  const indent = base + indentUnit(f);
  return [{ offset: arr.offset + 1, length: arr.length - 2, content: `${f.eol}${indent}${many(`,${f.eol}${indent}`, indent, false)}${f.eol}${base}` }];
}

/** Adds a member to an object, first or last, keeping every existing byte. */
export function insertProperty(text: string, obj: JsonNode, key: string, value: unknown, f: FormattingOptions, first = false): Edit[] {
  const props = obj.props!;
  const inline = isInline(text, obj);
  const member = (indent: string) => `${JSON.stringify(key)}:${inline ? '' : ' '}${printValue(value, indent, f, inline)}`;
  if (!props.length) {
    if (inline) return [{ offset: obj.offset + 1, length: obj.length - 2, content: member('') }];
    const base = lineIndent(text, obj.offset);
    const indent = base + indentUnit(f);
    return [{ offset: obj.offset + 1, length: obj.length - 2, content: `${f.eol}${indent}${member(indent)}${f.eol}${base}` }];
  }
  const anchor = first ? props[0]! : props[props.length - 1]!;
  const indent = lineIndent(text, anchor.keyOffset);
  const lineStart = text.lastIndexOf('\n', anchor.keyOffset - 1) + 1;
  const ownLine = !inline && /^[ \t]*$/.test(text.slice(lineStart, anchor.keyOffset));
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

/** Replaces a whole member (`"Key": value`) with another key and value. */
export function replaceMember(text: string, prop: JsonProperty, key: string, value: unknown, f: FormattingOptions): Edit {
  const indent = lineIndent(text, prop.keyOffset);
  const lineStart = text.lastIndexOf('\n', prop.keyOffset - 1) + 1;
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, prop.keyOffset));
  const printed = printValue(value, indent, f, !ownLine);
  return { offset: prop.keyOffset, length: prop.end - prop.keyOffset, content: `${JSON.stringify(key)}: ${printed}` };
}

/** Replaces a key's text, keeping its value. */
export function renameKey(prop: JsonProperty, key: string): Edit {
  return { offset: prop.keyOffset, length: prop.keyLength, content: JSON.stringify(key) };
}

/** Replaces a scalar or container node with a printed value. */
export function replaceNode(text: string, node: JsonNode, value: unknown, f: FormattingOptions): Edit {
  return { offset: node.offset, length: node.length, content: printValue(value, lineIndent(text, node.offset), f, typeof value !== 'object' || isInline(text, node)) };
}

/** A fix whose edits are computed on first access: most fixes are never looked at. */
export function lazyFix(title: string, kind: Fix['kind'], build: () => Edit[], isPreferred = false): Fix {
  let edits: Edit[] | undefined;
  const fix = { title, kind } as Fix;
  Object.defineProperty(fix, 'edits', {
    enumerable: true,
    configurable: true,
    get: () => (edits ??= build()),
    set: (v: Edit[]) => { edits = v; },
  });
  if (isPreferred) fix.isPreferred = true;
  return fix;
}

/** Applies non-overlapping edits; throws RangeError when two edits overlap. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.offset - b.e.offset || a.i - b.i).map((x) => x.e);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.offset < pos) throw new RangeError(`Overlapping edits at offset ${e.offset}.`);
    out += text.slice(pos, e.offset) + e.content;
    pos = Math.min(text.length, e.offset + e.length);
  }
  return out + text.slice(pos);
}
