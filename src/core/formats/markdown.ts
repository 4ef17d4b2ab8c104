/**
 * The Markdown front-end: the policies a page shows, found in its fenced code blocks (CommonMark
 * fences of ``` or ~~~, also inside list items and blockquotes) and, where a page writes one
 * without a fence, a JSON object that starts a line. Each becomes an EmbeddedText that the core
 * lints as a document of its own; findings and fixes land on the page's own characters.
 *
 * What is read, by the block's info string (its first word):
 * - `json`, `jsonc`: JSON, when it names a Statement or aws:MultiFactorAuthPresent;
 * - no info string, `text`, `sh`, `bash`, `console`, `shell`, `json5`: JSON, when the content
 *   starts with `{` and names a Statement (READMEs often fence a policy without saying so);
 * - `yaml`, `yml`: YAML, when it names a Statement or aws:MultiFactorAuthPresent, and where the
 *   host has loaded the YAML reader (elsewhere such a block is reported as unreadable);
 * - `hcl`, `terraform`, `tf`: when it looks like a policy, the whole block is read by the HCL
 *   front-end (policy documents, jsonencode, heredocs) where the host has loaded the HCL reader;
 *   elsewhere the JSON policies of its heredocs (`<<EOF` … `EOF`) are read as Terraform templates,
 *   and a block that still looks like a policy outside them (a `jsonencode(...)`, a
 *   `statement { ... }`) is reported as unreadable.
 * A fence that is never closed runs to the end of the page (CommonMark): its content is read as
 * the JSON objects that start its lines, not as one document, since such a page usually goes on
 * with prose and more policies. A page that names aws:MultiFactorAuthPresent where nothing could
 * be read gets one unreadable part, so that it never passes silently.
 *
 * Pointers (EmbeddedText.pointer; a policy's own pointer is appended): `#block-N` is the N-th
 * fenced block of the page (1-based, every fence counted); `#block-N/heredoc-K` the K-th heredoc
 * in it; `#block-N/object-K` the K-th JSON object in a fence left open; `#object-K` the K-th JSON
 * object written outside any fence.
 *
 * Linear: every line is looked at a bounded number of times, the searches are literal, and no
 * regular expression is built from the text.
 */
import type { DocumentFormat } from '../types';
import { type EmbeddedText, type UnreadablePart, sliceStarts } from './embedded';
import { looksLikePolicy } from '../document/policy-sign';
import { formatOf, isTerraformName } from '../document/parse';

/** Past this many pieces a page's rest is not read (one unreadable part says so). */
export const MAX_MARKDOWN_PIECES = 1000;

export interface MarkdownPieces {
  pieces: EmbeddedText[];
  unreadable: UnreadablePart[];
  /** Terraform blocks that look like a policy, for the HCL front-end (only where MarkdownOptions.readsHcl). */
  terraform: TerraformFence[];
}

/** A Terraform block's content as a text of its own, mapped to the page as an EmbeddedText is. */
export type TerraformFence = Pick<EmbeddedText, 'text' | 'starts' | 'encode' | 'pointer'>;

export interface MarkdownOptions {
  /** Whether the host has the YAML reader (false: a YAML block that looks like a policy is unreadable). */
  readsYaml?: boolean;
  /** Whether the host has loaded the HCL reader (true: a Terraform block that looks like a policy goes to MarkdownPieces.terraform). */
  readsHcl?: boolean;
}

/** A fenced code block as the scan found it. */
interface Fence {
  number: number;
  /** The info string's first word, lower case. */
  lang: string;
  /** The opening fence marker's offset and the end of its line. */
  marker: number;
  markerEnd: number;
  /** What stands before each content line (blockquote markers, the indentation): re-added after an inserted line break. */
  prefix: string;
  /** Pairs of outer offsets [from, to): the content lines, their indentation stripped, line breaks kept. */
  ranges: number[];
  /** Outer offset where the content ends (the closing fence's line, after its indentation). */
  end: number;
  /** False when the fence ran to the end of the page. */
  closed: boolean;
}

/** An open fence while the scan is inside it. */
interface OpenFence extends Fence {
  char: number;
  length: number;
  quotes: number;
  /** The column of the list item that holds it (0 outside lists), and the fence's own column. */
  container: number;
  column: number;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const QUOTE = 62; // '>'
const BACKTICK = 96;
const TILDE = 126;
const BRACE = 123; // '{'
const MFA_KEY = /multifactorauthpresent/i;

export function markdownPieces(text: string, options: MarkdownOptions = {}): MarkdownPieces {
  const out: MarkdownPieces = { pieces: [], unreadable: [], terraform: [] };
  scanPage(text, { readsYaml: options.readsYaml !== false, readsHcl: options.readsHcl === true }, out);
  if (out.pieces.length > MAX_MARKDOWN_PIECES) {
    const first = out.pieces[MAX_MARKDOWN_PIECES]!.starts[0]!;
    out.pieces.length = MAX_MARKDOWN_PIECES;
    out.unreadable.push({
      offset: first,
      length: 0,
      what: 'the rest of this page',
      why: `it holds more than ${MAX_MARKDOWN_PIECES} policy blocks`,
    });
  }
  if (!out.pieces.length && !out.unreadable.length && !out.terraform.length) {
    const key = keyInCode(text);
    if (key)
      out.unreadable.push({
        ...key,
        what: 'a policy on this Markdown page',
        why: 'it is not in a fenced json, yaml or hcl block, nor a JSON object that could be read',
      });
  }
  return out;
}

/** A fence opened with an hcl, terraform or tf info string, at a line's start (after list indentation and `>` markers). */
const TERRAFORM_FENCE = /^[ \t>]*(?:`{3,}|~{3,})[ \t]*(?:hcl|terraform|tf)(?![A-Za-z0-9_-])/im;

/**
 * Whether a page holds a Terraform block that looks like a policy, which only the HCL reader reads:
 * hosts load it for such a page. A literal test first, so that most pages cost one search.
 */
export function hasTerraformPolicy(text: string): boolean {
  if (!TERRAFORM_FENCE.test(text)) return false;
  return markdownPieces(text, { readsHcl: true }).terraform.length > 0;
}

/** Whether a host should load the HCL reader before linting this text: a Terraform file, or a page with a Terraform policy block. */
export function needsTerraformReader(text: string, fileName: unknown): boolean {
  if (isTerraformName(fileName)) return true;
  return typeof fileName === 'string' && formatOf(text, { fileName }) === 'markdown' && hasTerraformPolicy(text);
}

const MFA_KEYS = /multifactorauthpresent/gi;

/**
 * The first mention of the MFA key written as a policy writes it: quoted (`"aws:MultiFactorAuthPresent"`,
 * JSON, HCL, code) or as a key (`aws:MultiFactorAuthPresent: false`, YAML). A page that only talks
 * about the key (in prose, in backticks) holds no policy to read.
 */
function keyInCode(text: string): { offset: number; length: number } | undefined {
  MFA_KEYS.lastIndex = 0;
  for (let m = MFA_KEYS.exec(text); m; m = MFA_KEYS.exec(text)) {
    const at = m.index;
    const from = text.slice(Math.max(0, at - 4), at).toLowerCase() === 'aws:' ? at - 4 : at;
    let after = at + m[0].length;
    const quote = text[after];
    if (quote === '"' || quote === "'") after++;
    while (text[after] === ' ' || text[after] === '\t') after++;
    if (text[from - 1] === '"' || text[from - 1] === "'" || text[after] === ':' || text[after] === '=')
      return { offset: from, length: at + m[0].length - from };
  }
  return undefined;
}

function add(out: MarkdownPieces, piece: EmbeddedText): void {
  // One past the cap is kept so that the caller knows where the unread rest begins.
  if (out.pieces.length <= MAX_MARKDOWN_PIECES) out.pieces.push(piece);
}

/** Writes inserted text for a place behind `prefix`: the prefix again after each line break; in a Terraform template, `${` and `%{` escaped. */
function encoder(prefix: string, template: boolean): (content: string) => string {
  return (content) => {
    // Replacer functions: in a replacement string `$$` would stand for one `$`.
    let s = template ? content.replaceAll('${', () => '$${').replaceAll('%{', () => '%%{') : content;
    if (prefix) s = s.replaceAll('\n', () => `\n${prefix}`);
    return s;
  };
}

/**
 * Reads the page line by line: each fence is read when it ends, each JSON object written outside
 * fences when found, in text order; past the cap of pieces the rest is not looked at.
 */
function scanPage(text: string, readers: Required<MarkdownOptions>, out: MarkdownPieces): void {
  const state: LineState = { lists: [], quotes: 0, noObjectBefore: 0, fences: 0, objects: 0 };
  let open: OpenFence | undefined;
  // A byte order mark is not part of the first line: a fence may open there.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length && out.pieces.length <= MAX_MARKDOWN_PIECES) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    if (open) {
      const step = fenceLine(text, open, pos, end, next);
      if (step === 'content') {
        pos = next;
        continue;
      }
      readFence(text, open, readers, out);
      open = undefined;
      if (step === 'closed') {
        pos = next;
        continue;
      }
      state.lists.length = 0;
    }
    const seen = outsideLine(text, state, pos, end);
    if (seen && 'lang' in seen) open = seen;
    else if (seen) {
      const { from, to, prefix } = seen;
      const [starts, encode, pointer] = [sliceStarts(from, to - from), encoder(prefix, false), `#object-${++state.objects}`];
      add(out, { text: text.slice(from, to), format: 'json', starts, encode, pointer, values: 'plain' });
      pos = lineAfter(text, to);
      continue;
    }
    pos = next;
  }
  if (open) {
    open.end = text.length;
    open.closed = false;
    readFence(text, open, readers, out);
  }
}

/** Start of the line after the one holding `offset`. */
function lineAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

interface LineState {
  /** Content columns of the list items open at this point. */
  lists: number[];
  /** Blockquote depth of the last line that was not blank. */
  quotes: number;
  /** A JSON object that failed to close stopped here: none starts before it. */
  noObjectBefore: number;
  /** Fences opened and JSON objects read outside fences so far (their pointers count them). */
  fences: number;
  objects: number;
}

/** A line outside any fence: opens a fence, starts a JSON object written in the prose, or neither. */
function outsideLine(
  text: string,
  state: LineState,
  pos: number,
  end: number,
): OpenFence | { from: number; to: number; prefix: string } | undefined {
  const [quotes, q] = quoteMarkers(text, pos, end);
  const [indent, first] = indentAt(text, q, end, 0);
  if (isBlank(text, first, end)) return undefined;
  if (quotes !== state.quotes) state.lists.length = 0;
  state.quotes = quotes;
  const lists = state.lists;
  while (lists.length && lists[lists.length - 1]! > indent) lists.pop();
  let column = indent;
  let at = first;
  for (let item = listItem(text, at, end, column); item; item = listItem(text, at, end, column)) {
    lists.push(item[1]);
    [column, at] = [item[1], item[0]];
  }
  const container = lists.length ? lists[lists.length - 1]! : 0;
  // Four columns past its container a line is an indented code block: no fence, but a policy may be shown there.
  const marker = column - container <= 3 ? fenceMarker(text, at, end) : undefined;
  if (marker) {
    const [char, length, lang] = marker;
    const prefix = prefixOf(text, pos, at);
    const number = ++state.fences;
    return { number, lang, marker: at, markerEnd: end, prefix, ranges: [], end, closed: true, char, length, quotes, container, column };
  }
  if (quotes || text.charCodeAt(at) !== BRACE || at < state.noObjectBefore) return undefined;
  const [to, closed] = balancedEnd(text, at, text.length);
  if (!closed) {
    state.noObjectBefore = to;
    return undefined;
  }
  return text.slice(at, to).includes('Statement') ? { from: at, to, prefix: prefixOf(text, pos, at) } : undefined;
}

/** What stands before a line's content as it is written again on a new line: blockquote markers and tabs kept, a list marker turned to spaces. */
function prefixOf(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^>\t]/g, ' ');
}

/** A line inside an open fence: more content, the closing fence, or a line that ends the fence's container (a list item, a blockquote). */
function fenceLine(text: string, f: OpenFence, pos: number, end: number, next: number): 'content' | 'closed' | 'ended' {
  let q = pos;
  if (f.quotes) {
    const [quotes, after] = quoteMarkers(text, pos, end, f.quotes);
    if (quotes < f.quotes) {
      f.end = pos;
      return 'ended';
    }
    q = after;
  }
  const [indent, first] = indentAt(text, q, end, 0);
  const blank = isBlank(text, first, end);
  if (!blank && indent < f.container) {
    f.end = pos;
    return 'ended';
  }
  const from = skipColumns(text, q, end, f.column);
  if (!blank && indent - f.container <= 3 && isClosingFence(text, first, end, f.char, f.length)) {
    f.end = from;
    return 'closed';
  }
  // Only the content of a block that may be read is kept.
  if (READ.has(f.lang)) f.ranges.push(from, next);
  return 'content';
}

/** Blockquote markers (`>`, up to three spaces before, one optional space after) at the line's start, at most `max`: how many, and where they end. */
function quoteMarkers(text: string, pos: number, end: number, max = Infinity): [number, number] {
  let count = 0;
  while (count < max) {
    let p = pos;
    while (p < end && p - pos < 3 && text.charCodeAt(p) === SPACE) p++;
    if (p >= end || text.charCodeAt(p) !== QUOTE) break;
    pos = p + 1;
    if (pos < end && text.charCodeAt(pos) === SPACE) pos++;
    count++;
  }
  return [count, pos];
}

/** The indentation from `pos` in columns (a tab to the next multiple of four), and the first other character. */
function indentAt(text: string, pos: number, end: number, column: number): [number, number] {
  let cols = column;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    if (c === SPACE) cols++;
    else if (c === TAB) cols += 4 - (cols % 4);
    else break;
    pos++;
  }
  return [cols - column, pos];
}

/** Skips at most `max` columns of indentation: what a fence's content lines lose. */
function skipColumns(text: string, pos: number, end: number, max: number): number {
  let cols = 0;
  while (pos < end) {
    const c = text.charCodeAt(pos);
    const w = c === SPACE ? 1 : c === TAB ? 4 - (cols % 4) : 0;
    if (!w || cols + w > max) break;
    cols += w;
    pos++;
  }
  return pos;
}

function isBlank(text: string, pos: number, end: number): boolean {
  for (; pos < end; pos++) {
    const c = text.charCodeAt(pos);
    if (c !== SPACE && c !== TAB && c !== CR) return false;
  }
  return true;
}

/** A list item's marker at `at` (`-`, `*`, `+`, `1.`, `1)`): where its content starts and that content's column. */
function listItem(text: string, at: number, end: number, column: number): [number, number] | undefined {
  const c = text.charCodeAt(at);
  let p = at;
  if (c === 45 || c === 42 || c === 43) p++;
  else {
    while (p < end && p - at < 9 && text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) p++;
    if (p === at || (text.charCodeAt(p) !== 46 && text.charCodeAt(p) !== 41)) return undefined;
    p++;
  }
  const markerColumn = column + (p - at);
  if (isBlank(text, p, end)) return [p, markerColumn + 1];
  const [spaces, after] = indentAt(text, p, end, markerColumn);
  if (!spaces) return undefined;
  // Five or more spaces: the content is an indented code block one column after the marker.
  return spaces > 4 ? [p + 1, markerColumn + 1] : [after, markerColumn + spaces];
}

/** An opening fence at `at`: its character, its length and the info string's first word. */
function fenceMarker(text: string, at: number, end: number): [number, number, string] | undefined {
  const char = text.charCodeAt(at);
  if (char !== BACKTICK && char !== TILDE) return undefined;
  let p = at;
  while (p < end && text.charCodeAt(p) === char) p++;
  if (p - at < 3) return undefined;
  const info = text.slice(p, end);
  if (char === BACKTICK && info.includes('`')) return undefined;
  return [char, p - at, infoWord(info)];
}

/** `json`, from ` json title="x"`, `{.json}` or `json:policy.json`. */
function infoWord(info: string): string {
  let i = 0;
  while (i < info.length && (info[i] === ' ' || info[i] === '\t' || info[i] === '{' || info[i] === '.')) i++;
  let j = i;
  while (j < info.length && /[A-Za-z0-9_+-]/.test(info[j]!)) j++;
  return info.slice(i, j).toLowerCase();
}

function isClosingFence(text: string, first: number, end: number, char: number, length: number): boolean {
  let p = first;
  while (p < end && text.charCodeAt(p) === char) p++;
  return p - first >= length && isBlank(text, p, end);
}

/**
 * The end of the JSON object that opens at `from` (braces counted outside strings; a string ends at
 * its line's end, as JSON strings cannot span lines), and whether it closed before `limit` and
 * before a line that Markdown would read as a fence or a heading, which JSON never starts a line with.
 * Where it did not close, the offset returned is where the search stopped.
 */
function balancedEnd(text: string, from: number, limit: number): [number, boolean] {
  let depth = 0;
  let inString = false;
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      inString = false;
      const [, first] = indentAt(text, i + 1, limit, 0);
      const d = text.charCodeAt(first);
      if (d === 35 || ((d === BACKTICK || d === TILDE) && text.charCodeAt(first + 1) === d && text.charCodeAt(first + 2) === d))
        return [i + 1, false];
    } else if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === BRACE) depth++;
    else if (c === 125 && --depth === 0) return [i + 1, true];
  }
  return [limit, false];
}

/** The content of a fence as a text of its own, and the outer offset of each of its characters. */
function decode(text: string, f: Fence): { text: string; starts: Int32Array } {
  let n = 0;
  for (let i = 0; i < f.ranges.length; i += 2) n += f.ranges[i + 1]! - f.ranges[i]!;
  const starts = new Int32Array(n + 1);
  const parts: string[] = [];
  let k = 0;
  for (let i = 0; i < f.ranges.length; i += 2) {
    const [from, to] = [f.ranges[i]!, f.ranges[i + 1]!];
    parts.push(text.slice(from, to));
    for (let o = from; o < to; o++) starts[k++] = o;
  }
  starts[n] = f.end;
  return { text: parts.join(''), starts };
}

/** The fence's outer text, indentation included: enough to decide whether it looks like a policy. */
function rawContent(text: string, f: Fence): string {
  return f.ranges.length ? text.slice(f.ranges[0], f.ranges[f.ranges.length - 1]) : '';
}

const looksLikeJsonPolicy = (s: string): boolean => s.includes('Statement') || MFA_KEY.test(s);

const JSON_LANGS = new Set(['json', 'jsonc']);
const PLAIN = new Set(['', 'text', 'txt', 'plaintext', 'sh', 'bash', 'shell', 'console', 'json5']);
const YAML_LANGS = new Set(['yaml', 'yml']);
const HCL_LANGS = new Set(['hcl', 'terraform', 'tf']);
const READ = new Set([...JSON_LANGS, ...PLAIN, ...YAML_LANGS, ...HCL_LANGS]);

/** The pieces and unreadable parts of one fenced block, by its info string. */
function readFence(text: string, f: Fence, readers: Required<MarkdownOptions>, out: MarkdownPieces): void {
  const lang = f.lang;
  if (!READ.has(lang)) return;
  if (!f.closed && (JSON_LANGS.has(lang) || PLAIN.has(lang))) return objectsInFence(text, f, out);
  if (HCL_LANGS.has(lang)) return readers.readsHcl ? terraformFence(text, f, out) : terraformBlock(text, f, out);
  const raw = rawContent(text, f);
  let format: DocumentFormat | undefined;
  if (JSON_LANGS.has(lang)) format = looksLikeJsonPolicy(raw) ? 'json' : undefined;
  else if (PLAIN.has(lang)) format = raw.trimStart().startsWith('{') && raw.includes('Statement') ? 'json' : undefined;
  else if (looksLikeJsonPolicy(raw)) {
    if (readers.readsYaml) format = 'yaml';
    else unreadable(out, f, 'a YAML block', 'YAML is not read here: this host has not loaded the YAML reader');
  }
  if (!format) return;
  const { text: inner, starts } = decode(text, f);
  add(out, { text: inner, format, starts, encode: encoder(f.prefix, false), pointer: `#block-${f.number}`, values: 'plain' });
}

function unreadable(out: MarkdownPieces, f: Fence, what: string, why: string): void {
  out.unreadable.push({ offset: f.marker, length: f.markerEnd - f.marker, what, why });
}

/** A fence left open runs to the page's end: its JSON objects are read one by one. */
function objectsInFence(text: string, f: Fence, out: MarkdownPieces): void {
  const { text: inner, starts } = decode(text, f);
  let count = 0;
  let pos = 0;
  while (pos < inner.length) {
    const [, first] = indentAt(inner, pos, inner.length, 0);
    if (inner.charCodeAt(first) !== BRACE) {
      pos = lineAfter(inner, pos);
      continue;
    }
    const [to, closed] = balancedEnd(inner, first, inner.length);
    if (closed && inner.slice(first, to).includes('Statement')) {
      const pointer = `#block-${f.number}/object-${++count}`;
      add(out, {
        text: inner.slice(first, to),
        format: 'json',
        starts: starts.slice(first, to + 1),
        encode: encoder(f.prefix, false),
        pointer,
        values: 'plain',
      });
    }
    pos = closed ? lineAfter(inner, to) : to;
  }
}

/**
 * A Terraform block where the HCL reader is loaded: the whole block, when it looks like a policy
 * (Terraform writes `statement { effect = ... }`: any case), for the HCL front-end.
 */
function terraformFence(text: string, f: Fence, out: MarkdownPieces): void {
  if (!looksLikePolicy(rawContent(text, f), true) || out.terraform.length >= MAX_MARKDOWN_PIECES) return;
  const { text: inner, starts } = decode(text, f);
  out.terraform.push({ text: inner, starts, encode: encoder(f.prefix, false), pointer: `#block-${f.number}` });
}

/**
 * A Terraform block where the HCL reader could not be loaded: the JSON policies in its heredocs
 * are read as templates (`${...}` computed); what is left, when it still looks like a policy (a
 * `jsonencode(...)`, a policy document's `statement` blocks), is reported as unreadable.
 */
function terraformBlock(text: string, f: Fence, out: MarkdownPieces): void {
  const { text: inner, starts } = decode(text, f);
  let rest = '';
  let count = 0;
  let pos = 0;
  let kept = 0;
  while (pos < inner.length) {
    const end = lineAfter(inner, pos);
    const heredoc = heredocAt(inner, pos, end);
    if (!heredoc) {
      pos = end;
      continue;
    }
    const [bodyFrom, bodyTo, after, closed] = heredoc;
    const body = inner.slice(bodyFrom, bodyTo);
    if (closed && body.trimStart().startsWith('{') && body.includes('Statement')) {
      const pointer = `#block-${f.number}/heredoc-${++count}`;
      const template = readTemplate(body, starts.subarray(bodyFrom, bodyTo + 1));
      add(out, { ...template, format: 'json', encode: encoder(f.prefix, true), pointer, values: 'template' });
      rest += inner.slice(kept, bodyFrom);
      kept = bodyTo;
    }
    pos = after;
  }
  rest += inner.slice(kept);
  // Terraform writes `statement { effect = ... }` in a policy document: any case.
  if (looksLikePolicy(rest, true)) unreadable(out, f, 'a Terraform block', 'the Terraform reader could not be loaded');
}

/**
 * A heredoc opened on the line [pos, end) (`<<EOF`, `<<-EOF`): its body's range, where the line
 * after its closing marker starts, and whether it has one (a heredoc never closed runs to the end
 * and is not read).
 */
function heredocAt(s: string, pos: number, end: number): [number, number, number, boolean] | undefined {
  const open = s.slice(pos, end).indexOf('<<');
  if (open < 0) return undefined;
  let p = pos + open + 2;
  if (s[p] === '-') p++;
  let q = p;
  while (q < end && /[A-Za-z0-9_]/.test(s[q]!)) q++;
  const name = s.slice(p, q);
  if (!name || !/[A-Za-z_]/.test(name[0]!)) return undefined;
  for (let line = end; line < s.length;) {
    const next = lineAfter(s, line);
    if (s.slice(line, next).trim() === name) return [end, line, next, true];
    line = next;
  }
  return [end, s.length, s.length, false];
}

/**
 * A Terraform template as the text it stands for: `$${` and `%%{` are the literal `${` and `%{`
 * (the decoded `$` mapped to the first of the two), and each interpolation or directive (`${...}`,
 * `%{...}`: braces inside counted, quoted strings skipped) a computed range.
 */
function readTemplate(body: string, bodyStarts: Int32Array): { text: string; starts: Int32Array; computed: number[] } {
  const parts: string[] = [];
  const starts = new Int32Array(body.length + 1);
  const computed: number[] = [];
  let n = 0;
  let kept = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    starts[n++] = bodyStarts[i]!;
    if ((c !== '$' && c !== '%') || body[i + 1] === undefined) continue;
    if (body[i + 1] === c && body[i + 2] === '{') {
      // The escape: its second character is not part of the text.
      parts.push(body.slice(kept, i + 1));
      kept = i + 2;
      i++;
    } else if (body[i + 1] === '{') {
      const end = interpolationEnd(body, i + 2);
      computed.push(n - 1, n - 1 + (end - i));
      for (let j = i + 1; j < end; j++) starts[n++] = bodyStarts[j]!;
      i = end - 1;
    }
  }
  parts.push(body.slice(kept));
  starts[n] = bodyStarts[body.length]!;
  return { text: parts.join(''), starts: starts.slice(0, n + 1), computed };
}

/** The end of an interpolation whose inside starts at `from` (after its `{`): past its closing brace, or the text's end. */
function interpolationEnd(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"' && s[i] !== '\n'; i++) if (s[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return s.length;
}
