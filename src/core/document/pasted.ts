/**
 * Characters a browser's copy brings (no-break or exotic spaces, zero-width characters, smart
 * quotes). They are no concern of any one format: the pre-pass here finds them all, by their
 * offsets in the unchanged text, before a front-end scans it; the front-end, which knows where its
 * strings are, then keeps each one it meets (marked as inside a string literal or not) and drops
 * the ones it never scans (comments, text after the document).
 */

/**
 * A list of int32 in fixed chunks: a million entries cost 4 MB, and growing it never copies (an
 * array of numbers grows by copying, and a flood of pasted characters would cost ten times more).
 */
export class Int32List {
  private readonly chunks: Int32Array[] = [];
  length = 0;
  push(v: number): void {
    const at = this.length & 0xffff;
    if (at === 0 && this.length >>> 16 === this.chunks.length) this.chunks.push(new Int32Array(0x10000));
    this.chunks[this.length >>> 16]![at] = v;
    this.length++;
  }
  get(i: number): number {
    return this.chunks[i >>> 16]![i & 0xffff]!;
  }
  set(i: number, v: number): void {
    this.chunks[i >>> 16]![i & 0xffff] = v;
  }
  /** Keeps the first `length` entries, and only the chunks they need. */
  truncate(length: number): void {
    if (length >= this.length) return;
    this.length = length;
    this.chunks.length = (length + 0xffff) >>> 16;
  }
  map<T>(f: (v: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(f(this.get(i)));
    return out;
  }
}

/**
 * The pasted characters of a parsed text, packed one int32 each, as a flood of them must not cost
 * an object each: `offset * 2 + (1 when inside a string literal, not as a delimiter)`; the
 * character is `text.charCodeAt(offset)`. Read them with pastedOffset and pastedInString.
 */
export type PastedChars = Int32List;

export const pastedOffset = (p: number): number => Math.floor(p / 2);
export const pastedInString = (p: number): boolean => p % 2 === 1;

/** 1 space-like, 2 zero-width, 3 smart double quote, 4 smart single quote, 0 none. */
export function pastedKind(c: number): number {
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x1680) return 1;
  if (c === 0x2028 || c === 0x2029 || c === 0x85) return 1;
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad) return 2;
  if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x201f || c === 0x2033) return 3;
  if (c === 0x2018 || c === 0x2019 || c === 0x201a || c === 0x201b || c === 0x2032) return 4;
  return 0;
}

/** Every character that pastedKind names (kept in step with it by a unit test). */
const PASTED = /[\u0085\u00a0\u00ad\u1680\u2000-\u200d\u2018-\u201f\u2028\u2029\u202f\u2032\u2033\u205f\u2060\u3000\ufeff]/g;
/** The same set without its three Latin-1 members: V8 rejects it at once on a text of one-byte characters. */
const PASTED_ABOVE_LATIN1 = /[\u1680\u2000-\u200d\u2018-\u201f\u2028\u2029\u202f\u2032\u2033\u205f\u2060\u3000\ufeff]/;

/**
 * The pre-pass: the offset of every pasted character in the text, in order. A text without any (nearly
 * every one) costs three `indexOf` scans and a regular expression that a one-byte text fails at once.
 */
export function findPastedCharacters(text: string): Int32List {
  const found = new Int32List();
  if (text.indexOf('\u00a0') < 0 && text.indexOf('\u00ad') < 0 && text.indexOf('\u0085') < 0 && !PASTED_ABOVE_LATIN1.test(text))
    return found;
  PASTED.lastIndex = 0;
  for (let m = PASTED.exec(text); m; m = PASTED.exec(text)) found.push(m.index);
  return found;
}

/** Never an offset: past the end of any text. */
const NONE = 0x7fffffff;

/**
 * The pre-pass's offsets, read in order by a front-end as it scans: each one it meets is kept with
 * its string bit, the ones it passes over are dropped. Kept entries are written over the ones read,
 * so the list the rule reads costs no second copy (the kept are a subsequence of the found).
 */
export class PastedCursor {
  /** Offset of the next character not yet kept or dropped. */
  next: number;
  #read = 0;
  #kept = 0;
  readonly #list: Int32List;
  constructor(list: Int32List) {
    this.#list = list;
    this.next = list.length ? list.get(0) : NONE;
  }

  /** Drops every character before `offset`. */
  skipTo(offset: number): void {
    while (this.next < offset) this.#advance();
  }

  /** Keeps the character at `offset` (a pasted one), dropping those before it. */
  keep(offset: number, inString: boolean): void {
    this.skipTo(offset);
    if (this.next !== offset) return;
    this.#list.set(this.#kept++, offset * 2 + (inString ? 1 : 0));
    this.#advance();
  }

  /** The kept characters; the cursor is done. */
  finish(): PastedChars {
    this.#list.truncate(this.#kept);
    this.next = NONE;
    return this.#list;
  }

  #advance(): void {
    this.#read++;
    this.next = this.#read < this.#list.length ? this.#list.get(this.#read) : NONE;
  }
}
