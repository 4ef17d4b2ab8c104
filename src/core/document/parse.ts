/**
 * One hand-written pass over the text: a tolerant, iterative JSON parser (an explicit stack, so a
 * 100,000-deep nesting cannot overflow) that builds the lean tree of ./tree.ts and collects
 * syntax errors, duplicate keys and characters pasted from a web page in the same scan.
 * Comments and trailing commas are errors: IAM rejects them.
 */
import { JsonNode, JsonProperty } from './tree';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

export interface DuplicateKey {
  key: string;
  offset: number;
  length: number;
  firstOffset: number;
  firstLength: number;
}

/**
 * A list of int32 in fixed chunks: a million entries cost 4 MB, and growing it never copies (an
 * array of numbers grows by copying, and a flood of pasted characters would cost ten times more).
 */
export class Int32List {
  private readonly chunks: Int32Array[] = [];
  length = 0;
  push(v: number): void {
    const at = this.length & 0xffff;
    if (at === 0) this.chunks.push(new Int32Array(0x10000));
    this.chunks[this.chunks.length - 1]![at] = v;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> 16]![i & 0xffff]!;
  }
  map<T>(f: (v: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(f(this.get(i)));
    return out;
  }
}

/**
 * Characters a browser's copy brings (no-break or exotic spaces, zero-width characters, smart
 * quotes), packed one int32 each, as a flood of them must not cost an object each:
 * `offset * 2 + (1 when inside a string literal, not as a delimiter)`; the character is
 * `text.charCodeAt(offset)`. Read them with pastedOffset and pastedInString.
 */
export type PastedChars = Int32List;

export const pastedOffset = (p: number): number => Math.floor(p / 2);
export const pastedInString = (p: number): boolean => p % 2 === 1;

export interface ParseResult {
  root: JsonNode | undefined;
  /** The first MAX_ERRORS syntax errors. */
  errors: SyntaxProblem[];
  /** Syntax errors found but not listed (past MAX_ERRORS), and where the first of them is. */
  errorsOmitted: number;
  errorsOmittedAt: number;
  /** Where scanning gave up because of too many errors (the rest of the text is unchecked), else -1. */
  stoppedAt: number;
  /** The first MAX_DUPLICATES duplicate keys. */
  duplicates: DuplicateKey[];
  /** Duplicate keys found but not listed, and where the first of them is. */
  duplicatesOmitted: number;
  duplicatesOmittedAt: number;
  pasted: PastedChars;
  /** Whitespace characters outside strings (for policy size, which does not count whitespace). */
  whitespace: number;
}

/**
 * Past this many syntax errors the rest of the text is not worth scanning (garbage input). Errors
 * found while finishing the current token (inside one string, a run of comments) are only counted:
 * a flood of them costs no memory.
 */
export const MAX_ERRORS = 100;
/** Duplicate keys listed at most; the others are counted. */
export const MAX_DUPLICATES = 100;

/** 1 space-like, 2 zero-width, 3 smart double quote, 4 smart single quote, 0 none. */
export function pastedKind(c: number): number {
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680) return 1;
  if (c === 0x2028 || c === 0x2029 || c === 0x85) return 1;
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad) return 2;
  if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x201f || c === 0x2033) return 3;
  if (c === 0x2018 || c === 0x2019 || c === 0x201a || c === 0x201b || c === 0x2032) return 4;
  return 0;
}

/** A run of string characters that need no attention: not a quote, backslash, control or non-ASCII. */
const PLAIN = /[^"\\\u0000-\u001f\u0080-\uffff]*/y;

// Parser states.
const VALUE = 0; // a value is expected (top level, after ':' )
const OBJ_FIRST = 1; // after '{': a key or '}'
const OBJ_KEY = 2; // after ',' in an object: a key
const OBJ_COLON = 3; // after a key
const OBJ_NEXT = 4; // after a member: ',' or '}'
const ARR_FIRST = 5; // after '[': a value or ']'
const ARR_VALUE = 6; // after ',' in an array: a value
const ARR_NEXT = 7; // after an item: ',' or ']'
const END = 8; // after the root value

function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x24
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c < 0x20 || c === 0x7f) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const cp = text.codePointAt(i)!;
  return `character '${String.fromCodePoint(cp)}'`;
}

export function parse(text: string): ParseResult {
  const n = text.length;
  const errors: SyntaxProblem[] = [];
  const duplicates: DuplicateKey[] = [];
  const pasted: PastedChars = new Int32List();
  let errorsOmitted = 0;
  let errorsOmittedAt = 0;
  let duplicatesOmitted = 0;
  let duplicatesOmittedAt = 0;
  let stoppedAt = -1;
  const stack: JsonNode[] = [];
  let root: JsonNode | undefined;
  let state = VALUE;
  let i = 0;
  let lastComma = -1;
  let whitespace = 0;

  const error = (offset: number, length: number, message: string): void => {
    if (errors.length < MAX_ERRORS) errors.push({ offset, length, message });
    else if (errorsOmitted++ === 0) errorsOmittedAt = offset;
  };

  /** Skips whitespace, comments (an error each) and pasted space-like characters. */
  const skipTrivia = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) { i++; whitespace++; continue; }
      if (c === 0x2f) {
        const d = text.charCodeAt(i + 1);
        if (d === 0x2f) {
          let j = i + 2;
          while (j < n && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) j++;
          error(i, j - i, 'Comments are not allowed: IAM policies are strict JSON.');
          i = j;
          continue;
        }
        if (d === 0x2a) {
          const close = text.indexOf('*/', i + 2);
          const j = close < 0 ? n : close + 2;
          error(i, j - i, close < 0 ? 'Unterminated comment; comments are not allowed in IAM policies.' : 'Comments are not allowed: IAM policies are strict JSON.');
          i = j;
          continue;
        }
        return;
      }
      if (c >= 0x80) {
        const k = pastedKind(c);
        if (k === 1 || k === 2) { pasted.push(i * 2); i++; continue; }
      }
      return;
    }
  };

  /** Scans a string starting at i (a '"' or a smart double quote); returns its node. */
  const readString = (smartOpen: boolean): JsonNode => {
    const start = i;
    let j = i + 1;
    let escaped = false;
    let closed = false;
    for (; j < n; j++) {
      // Skip the ordinary characters in one sticky-regex step (much faster than a char loop).
      PLAIN.lastIndex = j;
      PLAIN.test(text);
      j = PLAIN.lastIndex;
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === 0x22) { closed = true; break; }
      if (c === 0x5c) { escaped = true; j++; continue; }
      if (c < 0x20) {
        if (c === 0x0a || c === 0x0d) break;
        error(j, 1, `Control ${describeChar(text, j)} inside a string: write it escaped (\\t, \\n).`);
        continue;
      }
      if (c >= 0x80) {
        const k = pastedKind(c);
        if (k !== 0) {
          if (k === 3 && smartOpen) { pasted.push(j * 2); closed = true; break; }
          pasted.push(j * 2 + 1);
        }
      }
    }
    let value: string;
    if (!closed) {
      error(start, j - start, 'Unterminated string: a closing double quote is missing.');
      value = text.slice(start + 1, j);
      i = j;
    } else {
      value = escaped ? unescape(text, start + 1, j) : text.slice(start + 1, j);
      i = j + 1;
    }
    const node = new JsonNode('string', start, value);
    node.length = i - start;
    return node;
  };

  const unescape = (s: string, from: number, to: number): string => {
    let out = '';
    // Past the error cap the text is no policy: its escapes are still checked and counted, not decoded.
    const add = (x: string): void => {
      if (errors.length < MAX_ERRORS) out += x;
    };
    let last = from;
    for (let j = from; j < to; j++) {
      if (s.charCodeAt(j) !== 0x5c) continue;
      add(s.slice(last, j));
      const e = s[j + 1];
      switch (e) {
        case '"': add('"'); break;
        case '\\': add('\\'); break;
        case '/': add('/'); break;
        case 'b': add('\b'); break;
        case 'f': add('\f'); break;
        case 'n': add('\n'); break;
        case 'r': add('\r'); break;
        case 't': add('\t'); break;
        case 'u': {
          const hex = s.slice(j + 2, j + 6);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) { add(String.fromCharCode(parseInt(hex, 16))); j += 4; }
          else error(j, Math.min(6, to - j), 'Invalid unicode escape: \\u needs four hex digits.');
          break;
        }
        default:
          error(j, 2, `Invalid escape sequence '\\${e ?? ''}' in a string.`);
          if (e !== undefined) add(e);
      }
      j++;
      last = j + 1;
    }
    return out + s.slice(last, to);
  };

  const readNumber = (): JsonNode => {
    const start = i;
    let j = i;
    let ok = true;
    if (text.charCodeAt(j) === 0x2d) j++;
    const first = text.charCodeAt(j);
    if (first === 0x30) j++;
    else if (isDigit(first)) { while (isDigit(text.charCodeAt(j))) j++; }
    else ok = false;
    if (ok && text.charCodeAt(j) === 0x2e) {
      j++;
      if (!isDigit(text.charCodeAt(j))) ok = false;
      while (isDigit(text.charCodeAt(j))) j++;
    }
    if (ok && (text.charCodeAt(j) | 0x20) === 0x65) {
      j++;
      const s = text.charCodeAt(j);
      if (s === 0x2b || s === 0x2d) j++;
      if (!isDigit(text.charCodeAt(j))) ok = false;
      while (isDigit(text.charCodeAt(j))) j++;
    }
    if (!ok || (j < n && isWordChar(text.charCodeAt(j)))) {
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      error(start, j - start, `Invalid number '${text.slice(start, Math.min(j, start + 40))}'.`);
    }
    i = j;
    const node = new JsonNode('number', start, Number(text.slice(start, j)));
    node.length = j - start;
    return node;
  };

  /** A bare word: true/false/null, or an error naming it. Undefined when it is no literal. */
  const readWord = (): JsonNode | undefined => {
    const start = i;
    let j = i;
    while (j < n && isWordChar(text.charCodeAt(j))) j++;
    if (j === start) {
      // Not a word: one unexpected character (a whole surrogate pair).
      const cp = text.codePointAt(i)!;
      j = i + (cp > 0xffff ? 2 : 1);
      error(start, j - start, `Unexpected ${describeChar(text, start)}: a JSON value is expected.`);
      i = j;
      return undefined;
    }
    const word = text.slice(start, j);
    i = j;
    let value: boolean | null | undefined;
    if (word === 'true') value = true;
    else if (word === 'false') value = false;
    else if (word === 'null') value = null;
    else {
      const lower = word.toLowerCase();
      error(start, j - start, lower === 'true' || lower === 'false' || lower === 'null'
        ? `'${word}' is not JSON: literals are lowercase (${lower}).`
        : `Unexpected '${word.slice(0, 40)}': strings must be in double quotes.`);
      return undefined;
    }
    const node = new JsonNode(value === null ? 'null' : 'boolean', start, value);
    node.length = j - start;
    return node;
  };

  const checkDuplicates = (obj: JsonNode): void => {
    const props = obj.props!;
    const len = props.length;
    if (len < 2) return;
    if (len <= 12) {
      for (let a = 1; a < len; a++) {
        const k = props[a]!.key;
        for (let b = 0; b < a; b++) {
          if (props[b]!.key === k) { pushDuplicate(props[b]!, props[a]!); break; }
        }
      }
      return;
    }
    const seen = new Map<string, JsonProperty>();
    for (const p of props) {
      const first = seen.get(p.key);
      if (first) pushDuplicate(first, p);
      else seen.set(p.key, p);
    }
  };
  const pushDuplicate = (first: JsonProperty, dup: JsonProperty): void => {
    if (duplicates.length >= MAX_DUPLICATES) {
      if (duplicatesOmitted++ === 0) duplicatesOmittedAt = dup.keyOffset;
      return;
    }
    duplicates.push({ key: dup.key, offset: dup.keyOffset, length: dup.keyLength, firstOffset: first.keyOffset, firstLength: first.keyLength });
  };

  /** Hangs a value (scalar or freshly opened container) onto its parent. */
  const attach = (v: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (!top) root = v;
    else if (top.type === 'array') top.items!.push(v);
    else top.props![top.props!.length - 1]!.value = v;
  };

  /** After a complete value: the state its parent expects next. */
  const afterValue = (v: JsonNode): void => {
    const top = stack[stack.length - 1];
    if (!top) { state = END; return; }
    if (top.type === 'array') { state = ARR_NEXT; return; }
    top.props![top.props!.length - 1]!.end = v.offset + v.length;
    state = OBJ_NEXT;
  };

  const close = (end: number): void => {
    const v = stack.pop()!;
    v.length = end - v.offset;
    if (v.type === 'object') checkDuplicates(v);
    afterValue(v);
  };

  /** A closing bracket that does not match the innermost container. */
  const mismatchedClose = (c: number): void => {
    const want = c === 0x7d ? 'object' : 'array';
    let depth = stack.length - 1;
    while (depth >= 0 && stack[depth]!.type !== want) depth--;
    const top = stack[stack.length - 1];
    if (depth < 0 || !top) {
      error(i, 1, `Unexpected '${String.fromCharCode(c)}': nothing to close here.`);
      i++;
      return;
    }
    error(i, 1, `Unexpected '${String.fromCharCode(c)}': expected '${top.type === 'object' ? '}' : ']'}' to close the ${top.type} first.`);
    while (stack.length - 1 > depth) close(i);
    close(i + 1);
    i++;
  };

  const beginValue = (c: number): void => {
    if (c === 0x7b) {
      const v = new JsonNode('object', i, null);
      v.props = [];
      attach(v);
      stack.push(v);
      state = OBJ_FIRST;
      i++;
      return;
    }
    if (c === 0x5b) {
      const v = new JsonNode('array', i, null);
      v.items = [];
      attach(v);
      stack.push(v);
      state = ARR_FIRST;
      i++;
      return;
    }
    let v: JsonNode | undefined;
    if (c === 0x22) v = readString(false);
    else if (c === 0x2d || isDigit(c)) v = readNumber();
    else if (c >= 0x80 && pastedKind(c) === 3) { pasted.push(i * 2); v = readString(true); }
    else v = readWord();
    if (v) { attach(v); afterValue(v); }
    else {
      // The value is lost; continue as if one was read.
      const top = stack[stack.length - 1];
      state = !top ? END : top.type === 'array' ? ARR_NEXT : OBJ_NEXT;
    }
  };

  const beginKey = (c: number): void => {
    const top = stack[stack.length - 1]!;
    let key: JsonNode | undefined;
    if (c === 0x22) key = readString(false);
    else if (c >= 0x80 && pastedKind(c) === 3) { pasted.push(i * 2); key = readString(true); }
    else {
      const start = i;
      let j = i;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      if (j === start) {
        error(i, 1, `Unexpected ${describeChar(text, i)}: a property name in double quotes is expected.`);
        i++;
        return;
      }
      error(start, j - start, `Property names must be in double quotes: "${text.slice(start, Math.min(j, start + 40))}".`);
      key = new JsonNode('string', start, text.slice(start, j));
      key.length = j - start;
      i = j;
    }
    top.props!.push(new JsonProperty(key.value as string, key.offset, key.length));
    state = OBJ_COLON;
  };

  skipTrivia();
  if (i >= n) return { root: undefined, errors, errorsOmitted, errorsOmittedAt, stoppedAt, duplicates, duplicatesOmitted, duplicatesOmittedAt, pasted, whitespace };

  while (errors.length < MAX_ERRORS) {
    skipTrivia();
    if (i >= n) break;
    const c = text.charCodeAt(i);
    switch (state) {
      case VALUE:
      case ARR_VALUE:
      case ARR_FIRST:
        if (c === 0x5d && state === ARR_FIRST) { close(i + 1); i++; break; }
        if (c === 0x5d || c === 0x7d || c === 0x2c) {
          if (state === ARR_VALUE && c === 0x5d) error(lastComma, 1, 'Trailing comma: IAM rejects a comma before \']\'.');
          else error(i, 1, `A value is expected before '${String.fromCharCode(c)}'.`);
          const top = stack[stack.length - 1];
          if (!top) { i++; break; }
          if (c === 0x2c) {
            lastComma = i;
            state = top.type === 'array' ? ARR_VALUE : OBJ_KEY;
            i++;
          } else if ((c === 0x5d) === (top.type === 'array')) { close(i + 1); i++; }
          else mismatchedClose(c);
          break;
        }
        if (c === 0x3a) { error(i, 1, "Unexpected ':'."); i++; break; }
        beginValue(c);
        break;
      case OBJ_FIRST:
      case OBJ_KEY:
        if (c === 0x7d) {
          if (state === OBJ_KEY) error(lastComma, 1, "Trailing comma: IAM rejects a comma before '}'.");
          close(i + 1);
          i++;
          break;
        }
        if (c === 0x5d) { mismatchedClose(c); break; }
        if (c === 0x2c) { error(i, 1, 'A property is expected before this comma.'); lastComma = i; i++; break; }
        beginKey(c);
        break;
      case OBJ_COLON:
        if (c === 0x3a) { state = VALUE; i++; break; }
        error(i, 1, "A colon ':' is expected after the property name.");
        if (c === 0x2c || c === 0x7d || c === 0x5d) { state = OBJ_NEXT; break; }
        state = VALUE;
        break;
      case OBJ_NEXT:
        if (c === 0x2c) { lastComma = i; state = OBJ_KEY; i++; break; }
        if (c === 0x7d) { close(i + 1); i++; break; }
        if (c === 0x5d) { mismatchedClose(c); break; }
        error(i, 1, "A comma ',' or '}' is expected between properties.");
        if (c === 0x22 || (c >= 0x80 && pastedKind(c) === 3)) { beginKey(c); break; }
        i++;
        break;
      case ARR_NEXT:
        if (c === 0x2c) { lastComma = i; state = ARR_VALUE; i++; break; }
        if (c === 0x5d) { close(i + 1); i++; break; }
        if (c === 0x7d) { mismatchedClose(c); break; }
        error(i, 1, "A comma ',' or ']' is expected between array items.");
        beginValue(c);
        break;
      default: {
        // END: text after the root value.
        error(i, Math.min(n - i, 40), 'Unexpected text after the end of the JSON document.');
        i = n;
      }
    }
  }

  if (errors.length >= MAX_ERRORS) {
    skipTrivia();
    if (i < n) stoppedAt = i;
  }
  if (stack.length && errors.length < MAX_ERRORS) {
    const inner = stack[stack.length - 1]!;
    error(inner.offset, 1, `Unexpected end of text: this ${inner.type} is never closed (missing '${inner.type === 'object' ? '}' : ']'}').`);
  }
  for (const v of stack) v.length = n - v.offset;
  if (!root && errors.length === 0) error(0, 0, 'A JSON value is expected.');
  return { root, errors, errorsOmitted, errorsOmittedAt, stoppedAt, duplicates, duplicatesOmitted, duplicatesOmittedAt, pasted, whitespace };
}
