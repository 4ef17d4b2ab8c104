/**
 * The JSON scanner: one token at a time, on the model of jsonc-parser's createScanner (`scan()`,
 * then `token`, `offset`, `length`, `value`, `error`), strict as IAM is: comments are trivia that it
 * reports as errors. `peek()` classifies the next token without reading it, so that the tree
 * builder can report a misplaced token before the errors inside it, in text order.
 *
 * What it reports itself is what it alone can judge: comments, and problems inside a string
 * (control characters, bad escapes, a missing closing quote), possibly many per token, into the
 * shared SyntaxErrors. Whether a word or a number is allowed where it stands is the builder's call:
 * the scanner only marks a malformed number (`error`). Pasted characters found by the pre-pass are
 * kept as the scanner meets them: space-like ones as trivia, smart double quotes as string quotes.
 */
import { SyntaxErrors } from '../../document/problems';
import { PastedCursor, findPastedCharacters, pastedKind } from '../../document/pasted';

export const enum Token {
  OpenBrace = 1,
  CloseBrace,
  OpenBracket,
  CloseBracket,
  Comma,
  Colon,
  /** A string literal, between straight or typographic double quotes. */
  String,
  /** A run of word characters that starts with `-` or a digit. */
  Number,
  /** Any other run of word characters: true, false, null, or a bare word. */
  Word,
  /** One character that starts no token (a whole surrogate pair). */
  Unexpected,
  EOF,
}

/** The first problem of the token just scanned (the messages are in SyntaxErrors). */
export const enum ScanError {
  None,
  UnterminatedString,
  /** A control character inside a string. */
  InvalidCharacter,
  InvalidEscape,
  InvalidUnicode,
  InvalidNumber,
}

/** A run of string characters that need no attention: not a quote, backslash or control character. */
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Token kinds of the ASCII characters that start one. */
const KIND = new Uint8Array(128).fill(Token.Unexpected);
for (let c = 0; c < 128; c++) if (isWordChar(c)) KIND[c] = c === 0x2d || (c >= 0x30 && c <= 0x39) ? Token.Number : Token.Word;
KIND[0x7b] = Token.OpenBrace;
KIND[0x7d] = Token.CloseBrace;
KIND[0x5b] = Token.OpenBracket;
KIND[0x5d] = Token.CloseBracket;
KIND[0x2c] = Token.Comma;
KIND[0x3a] = Token.Colon;
KIND[0x22] = Token.String;

/** Letters, digits and `_ - + . $`: what a bare word or a number is made of. */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x2e ||
    c === 0x24
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** "control character U+0009" or "character 'x'" (a whole surrogate pair), for messages. */
export function describeChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c < 0x20 || c === 0x7f) return `control character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  const cp = text.codePointAt(i)!;
  return `character '${String.fromCodePoint(cp)}'`;
}

/** Is text[from, to) a JSON number? (A number token is a whole run of word characters.) */
function isNumber(text: string, from: number, to: number): boolean {
  let j = from;
  if (text.charCodeAt(j) === 0x2d) j++;
  const first = text.charCodeAt(j);
  if (first === 0x30) j++;
  else if (isDigit(first)) while (isDigit(text.charCodeAt(j))) j++;
  else return false;
  if (text.charCodeAt(j) === 0x2e) {
    j++;
    if (!isDigit(text.charCodeAt(j))) return false;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  if ((text.charCodeAt(j) | 0x20) === 0x65) {
    j++;
    const s = text.charCodeAt(j);
    if (s === 0x2b || s === 0x2d) j++;
    if (!isDigit(text.charCodeAt(j))) return false;
    while (isDigit(text.charCodeAt(j))) j++;
  }
  return j === to;
}

export class JsonScanner {
  /** The current token (after `scan()`), or the next one (after `peek()`). */
  token = Token.EOF;
  /** Where the token starts. */
  offset = 0;
  /** Its length, once scanned. */
  length = 0;
  /** A string's decoded value; the text of a number or a word; '' for the others. */
  value = '';
  error = ScanError.None;
  #pos = 0;
  /** The token at `pos` is classified by peek() but not read yet. */
  #peeked = false;
  readonly #end: number;

  constructor(
    readonly text: string,
    readonly errors: SyntaxErrors,
    readonly pasted: PastedCursor,
  ) {
    this.#end = text.length;
  }

  /** Continues at `pos` (the builder steps over one character of a token it cannot use). */
  setPosition(pos: number): void {
    this.#pos = pos;
    this.#peeked = false;
  }

  /** Skips trivia and returns the next token's kind, with its offset; reads nothing. */
  peek(): Token {
    if (!this.#peeked) {
      this.#skipTrivia();
      const pos = this.#pos;
      this.offset = pos;
      this.token = pos >= this.#end ? Token.EOF : this.#kindAt(this.text.charCodeAt(pos));
      this.#peeked = true;
    }
    return this.token;
  }

  /** Reads the next token: its kind, and its offset, length, value and error. */
  scan(): Token {
    const token = this.peek();
    this.#peeked = false;
    this.error = ScanError.None;
    this.value = '';
    switch (token) {
      case Token.String:
        this.#readString();
        break;
      case Token.Number:
      case Token.Word:
        this.#readWord(token);
        break;
      case Token.Unexpected:
        this.#pos += this.text.codePointAt(this.#pos)! > 0xffff ? 2 : 1;
        break;
      case Token.EOF:
        break;
      default:
        this.#pos++;
    }
    this.length = this.#pos - this.offset;
    return token;
  }

  #kindAt(c: number): Token {
    if (c < 128) return KIND[c] as Token;
    return pastedKind(c) === 3 ? Token.String : Token.Unexpected;
  }

  /** Skips whitespace, comments (an error each) and pasted space-like characters. */
  #skipTrivia(): void {
    const text = this.text;
    const n = this.#end;
    let i = this.#pos;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      if (c === 0x2f) {
        const d = text.charCodeAt(i + 1);
        if (d !== 0x2f && d !== 0x2a) break;
        i = this.#skipComment(i, d === 0x2a);
        continue;
      }
      if (c >= 0x80) {
        const k = pastedKind(c);
        if (k === 1 || k === 2) {
          this.pasted.keep(i, false);
          i++;
          continue;
        }
      }
      break;
    }
    this.#pos = i;
  }

  /** Reports the comment at `i` and returns where it ends. */
  #skipComment(i: number, block: boolean): number {
    const text = this.text;
    if (!block) {
      let j = i + 2;
      while (j < this.#end && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) j++;
      this.errors.add(i, j - i, 'Comments are not allowed: IAM policies are strict JSON.');
      return j;
    }
    const close = text.indexOf('*/', i + 2);
    const j = close < 0 ? this.#end : close + 2;
    this.errors.add(
      i,
      j - i,
      close < 0
        ? 'Unterminated comment; comments are not allowed in IAM policies.'
        : 'Comments are not allowed: IAM policies are strict JSON.',
    );
    return j;
  }

  #readWord(token: Token): void {
    const text = this.text;
    let j = this.#pos;
    while (j < this.#end && isWordChar(text.charCodeAt(j))) j++;
    this.value = text.slice(this.#pos, j);
    if (token === Token.Number && !isNumber(text, this.#pos, j)) this.error = ScanError.InvalidNumber;
    this.#pos = j;
  }

  /** A string from its opening quote: a straight one, or a typographic one (closed by either kind). */
  #readString(): void {
    const text = this.text;
    const n = this.#end;
    const start = this.#pos;
    const smart = text.charCodeAt(start) !== 0x22;
    if (smart) this.pasted.keep(start, false);
    let j = start + 1;
    let escaped = false;
    let closed = false;
    for (;;) {
      // Skip the ordinary characters in one sticky-regex step (much faster than a char loop).
      PLAIN.lastIndex = j;
      PLAIN.test(text);
      const run = PLAIN.lastIndex;
      if (this.pasted.next < run) {
        const close = this.#pastedInside(j, run, smart);
        if (close >= 0) {
          j = close;
          closed = true;
          break;
        }
      }
      j = run;
      if (j >= n) break;
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        closed = true;
        break;
      }
      if (c === 0x5c) {
        escaped = true;
        j = Math.min(j + 2, n);
        continue;
      }
      if (c === 0x0a || c === 0x0d) break;
      this.errors.add(j, 1, `Control ${describeChar(text, j)} inside a string: write it escaped (\\t, \\n).`);
      this.error ||= ScanError.InvalidCharacter;
      j++;
    }
    if (!closed) {
      this.errors.add(start, j - start, 'Unterminated string: a closing double quote is missing.');
      this.error ||= ScanError.UnterminatedString;
      this.value = text.slice(start + 1, j);
      this.#pos = j;
      return;
    }
    this.value = escaped ? this.#unescape(start + 1, j) : text.slice(start + 1, j);
    this.#pos = j + 1;
  }

  /**
   * Keeps the pasted characters in text[from, to) as inside the string; returns the offset of the
   * typographic double quote that closes a string opened by one, else -1.
   */
  #pastedInside(from: number, to: number, smart: boolean): number {
    const pasted = this.pasted;
    pasted.skipTo(from);
    while (pasted.next < to) {
      const at = pasted.next;
      if (smart && pastedKind(this.text.charCodeAt(at)) === 3) {
        pasted.keep(at, false);
        return at;
      }
      pasted.keep(at, true);
    }
    return -1;
  }

  /** The decoded text[from, to). Past the error cap the text is no policy: its escapes are checked and counted, not decoded. */
  #unescape(from: number, to: number): string {
    const s = this.text;
    const errors = this.errors;
    let out = '';
    let last = from;
    for (let j = from; j < to; j++) {
      if (s.charCodeAt(j) !== 0x5c) continue;
      if (!errors.full) out += s.slice(last, j);
      const e = s[j + 1];
      let add: string | undefined = ESCAPES[e!];
      if (e === 'u') {
        const hex = s.slice(j + 2, j + 6);
        if (HEX4.test(hex)) {
          add = String.fromCharCode(parseInt(hex, 16));
          j += 4;
        } else {
          errors.add(j, Math.min(6, to - j), 'Invalid unicode escape: \\u needs four hex digits.');
          this.error ||= ScanError.InvalidUnicode;
        }
      } else if (add === undefined) {
        errors.add(j, 2, `Invalid escape sequence '\\${e ?? ''}' in a string.`);
        this.error ||= ScanError.InvalidEscape;
        add = e;
      }
      if (add !== undefined && !errors.full) out += add;
      j++;
      last = j + 1;
    }
    return out + s.slice(last, to);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A scanner over `text` with its own error list and pasted characters (the pre-pass runs here). */
export function createScanner(
  text: string,
  errors = new SyntaxErrors(),
  pasted = new PastedCursor(findPastedCharacters(text)),
): JsonScanner {
  return new JsonScanner(text, errors, pasted);
}
