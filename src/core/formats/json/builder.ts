/**
 * The JSON tree builder: a tolerant, iterative parser (an explicit stack and a state, so a
 * 100,000-deep nesting cannot overflow) over the tokens of ./scanner.ts, building the tree of
 * document/tree.ts. It reports what only the grammar can tell (a missing comma or colon, a
 * trailing comma, a bracket that closes the wrong container, text after the document), recovers
 * and goes on, and checks each object for duplicate keys as it closes. Comments and trailing
 * commas are errors: IAM rejects them.
 */
import { DuplicateKeys, type ParseResult, SyntaxErrors } from '../../document/problems';
import { PastedCursor, findPastedCharacters } from '../../document/pasted';
import { JsonNode, JsonProperty } from '../../document/tree';
import { JsonScanner, ScanError, Token, describeChar } from './scanner';

// What the builder expects next.
const VALUE = 0; // a value (top level, after ':')
const OBJ_FIRST = 1; // after '{': a key or '}'
const OBJ_KEY = 2; // after ',' in an object: a key
const OBJ_COLON = 3; // after a key
const OBJ_NEXT = 4; // after a member: ',' or '}'
const ARR_FIRST = 5; // after '[': a value or ']'
const ARR_VALUE = 6; // after ',' in an array: a value
const ARR_NEXT = 7; // after an item: ',' or ']'
const END = 8; // after the root value

/** The JSON front-end: the pre-pass for pasted characters, then the scanner and the tree builder in one pass. */
export function parseJson(text: string): ParseResult {
  const errors = new SyntaxErrors();
  const pasted = new PastedCursor(findPastedCharacters(text));
  const duplicates = new DuplicateKeys();
  const builder = new TreeBuilder(new JsonScanner(text, errors, pasted), errors, duplicates);
  builder.build();
  return {
    root: builder.root,
    errors: errors.list,
    errorsOmitted: errors.omitted,
    errorsOmittedAt: errors.omittedAt,
    stoppedAt: builder.stoppedAt,
    duplicates: duplicates.list,
    duplicatesOmitted: duplicates.omitted,
    duplicatesOmittedAt: duplicates.omittedAt,
    pasted: pasted.finish(),
  };
}

class TreeBuilder {
  root: JsonNode | undefined = undefined;
  /** Where building gave up because of too many errors, else -1. */
  stoppedAt = -1;
  /** The open containers, innermost last. */
  readonly #stack: JsonNode[] = [];
  /** The innermost open container (the last of the stack). */
  #top: JsonNode | undefined = undefined;
  #state = VALUE;
  #lastComma = -1;
  readonly #text: string;
  readonly #s: JsonScanner;
  readonly #errors: SyntaxErrors;
  readonly #duplicates: DuplicateKeys;

  constructor(s: JsonScanner, errors: SyntaxErrors, duplicates: DuplicateKeys) {
    this.#s = s;
    this.#text = s.text;
    this.#errors = errors;
    this.#duplicates = duplicates;
  }

  build(): void {
    const s = this.#s;
    // Nothing but trivia: no document, and nothing to say beyond the trivia's own errors.
    if (s.peek() === Token.EOF) return;
    while (!this.#errors.full) {
      const token = s.peek();
      if (token === Token.EOF) break;
      switch (this.#state) {
        case VALUE:
        case ARR_VALUE:
        case ARR_FIRST:
          this.#inValue(token);
          break;
        case OBJ_FIRST:
        case OBJ_KEY:
          this.#inKey(token);
          break;
        case OBJ_COLON:
          this.#afterKey(token);
          break;
        case OBJ_NEXT:
          this.#afterMember(token);
          break;
        case ARR_NEXT:
          this.#afterItem(token);
          break;
        default:
          this.#afterRoot();
      }
    }
    this.#finish();
  }

  #error(offset: number, length: number, message: string): void {
    this.#errors.add(offset, length, message);
  }

  /** Where a value is expected. */
  #inValue(token: Token): void {
    if (token === Token.Colon) {
      this.#error(this.#s.offset, 1, "Unexpected ':'.");
      this.#s.scan();
    } else if (token === Token.CloseBracket && this.#state === ARR_FIRST) this.#closeHere();
    else if (token === Token.CloseBracket || token === Token.CloseBrace || token === Token.Comma) this.#missingValue(token);
    else this.#beginValue(token);
  }

  /** `]`, `}` or `,` where a value is expected. */
  #missingValue(token: Token): void {
    const at = this.#s.offset;
    const top = this.#top;
    if (this.#state === ARR_VALUE && token === Token.CloseBracket)
      this.#error(this.#lastComma, 1, "Trailing comma: IAM rejects a comma before ']'.");
    else this.#error(at, 1, `A value is expected before '${this.#text[at]}'.`);
    if (!top) this.#s.scan();
    else if (token === Token.Comma) this.#comma(top.type === 'array' ? ARR_VALUE : OBJ_KEY);
    else this.#closing(token);
  }

  /** Where a key is expected: after `{` or after a comma in an object. */
  #inKey(token: Token): void {
    if (token === Token.Comma) {
      this.#error(this.#s.offset, 1, 'A property is expected before this comma.');
      this.#comma(this.#state);
      return;
    }
    if (token === Token.CloseBrace && this.#state === OBJ_KEY)
      this.#error(this.#lastComma, 1, "Trailing comma: IAM rejects a comma before '}'.");
    if (token === Token.CloseBrace || token === Token.CloseBracket) this.#closing(token);
    else this.#beginKey(token);
  }

  #afterKey(token: Token): void {
    if (token === Token.Colon) {
      this.#state = VALUE;
      this.#s.scan();
      return;
    }
    // Nothing is read: the token is taken as what comes after the colon.
    this.#error(this.#s.offset, 1, "A colon ':' is expected after the property name.");
    this.#state = token === Token.Comma || token === Token.CloseBrace || token === Token.CloseBracket ? OBJ_NEXT : VALUE;
  }

  #afterMember(token: Token): void {
    const s = this.#s;
    if (token === Token.Comma) this.#comma(OBJ_KEY);
    else if (token === Token.CloseBrace || token === Token.CloseBracket) this.#closing(token);
    else {
      this.#error(s.offset, 1, "A comma ',' or '}' is expected between properties.");
      if (token === Token.String) this.#beginKey(token);
      else s.setPosition(s.offset + 1);
    }
  }

  #afterItem(token: Token): void {
    if (token === Token.Comma) this.#comma(ARR_VALUE);
    else if (token === Token.CloseBrace || token === Token.CloseBracket) this.#closing(token);
    else {
      this.#error(this.#s.offset, 1, "A comma ',' or ']' is expected between array items.");
      this.#beginValue(token);
    }
  }

  #afterRoot(): void {
    const at = this.#s.offset;
    const n = this.#text.length;
    this.#error(at, Math.min(n - at, 40), 'Unexpected text after the end of the JSON document.');
    this.#s.setPosition(n);
  }

  /** Reads a comma; `state` is what is expected after it. */
  #comma(state: number): void {
    this.#lastComma = this.#s.offset;
    this.#state = state;
    this.#s.scan();
  }

  /** A closing bracket: it closes the innermost container, or it is the wrong one. */
  #closing(token: Token): void {
    if ((token === Token.CloseBracket) === (this.#top!.type === 'array')) this.#closeHere();
    else this.#mismatchedClose();
  }

  /** Reads the closing bracket of the innermost container and closes it. */
  #closeHere(): void {
    this.#s.scan();
    this.#close(this.#s.offset + 1);
  }

  #beginValue(token: Token): void {
    const s = this.#s;
    s.scan();
    if (token === Token.OpenBrace || token === Token.OpenBracket) {
      const v = new JsonNode(token === Token.OpenBrace ? 'object' : 'array', s.offset, null);
      if (token === Token.OpenBrace) v.props = [];
      else v.items = [];
      this.#attach(v);
      this.#stack.push(v);
      this.#top = v;
      this.#state = token === Token.OpenBrace ? OBJ_FIRST : ARR_FIRST;
      return;
    }
    let v: JsonNode | undefined;
    if (token === Token.String || token === Token.Number || token === Token.Word) v = this.#scalar(token);
    else this.#error(s.offset, s.length, `Unexpected ${describeChar(this.#text, s.offset)}: a JSON value is expected.`);
    if (v) {
      this.#attach(v);
      this.#afterValue(v);
      return;
    }
    // The value is lost; continue as if one was read.
    const top = this.#top;
    this.#state = !top ? END : top.type === 'array' ? ARR_NEXT : OBJ_NEXT;
  }

  /** The scalar node of the token just scanned, or undefined (reported) for a word that is no literal. */
  #scalar(token: Token): JsonNode | undefined {
    const s = this.#s;
    let node: JsonNode;
    if (token === Token.String) node = new JsonNode('string', s.offset, s.value);
    else if (token === Token.Number) {
      if (s.error === ScanError.InvalidNumber) this.#error(s.offset, s.length, `Invalid number '${s.value.slice(0, 40)}'.`);
      node = new JsonNode('number', s.offset, Number(s.value));
    } else {
      const word = s.value;
      if (word === 'true' || word === 'false') node = new JsonNode('boolean', s.offset, word === 'true');
      else if (word === 'null') node = new JsonNode('null', s.offset, null);
      else {
        const lower = word.toLowerCase();
        this.#error(
          s.offset,
          s.length,
          lower === 'true' || lower === 'false' || lower === 'null'
            ? `'${word}' is not JSON: literals are lowercase (${lower}).`
            : `Unexpected '${word.slice(0, 40)}': strings must be in double quotes.`,
        );
        return undefined;
      }
    }
    node.length = s.length;
    return node;
  }

  #beginKey(token: Token): void {
    const s = this.#s;
    if (token !== Token.String && token !== Token.Word && token !== Token.Number) {
      // One character (one code unit) is stepped over; the rest is read again.
      this.#error(s.offset, 1, `Unexpected ${describeChar(this.#text, s.offset)}: a property name in double quotes is expected.`);
      s.setPosition(s.offset + 1);
      return;
    }
    s.scan();
    if (token !== Token.String) this.#error(s.offset, s.length, `Property names must be in double quotes: "${s.value.slice(0, 40)}".`);
    this.#top!.props!.push(new JsonProperty(s.value, s.offset, s.length));
    this.#state = OBJ_COLON;
  }

  /** Hangs a value (scalar or freshly opened container) onto its parent. */
  #attach(v: JsonNode): void {
    const top = this.#top;
    if (!top) this.root = v;
    else if (top.type === 'array') top.items!.push(v);
    else top.props![top.props!.length - 1]!.value = v;
  }

  /** After a complete value: the state its parent expects next. */
  #afterValue(v: JsonNode): void {
    const top = this.#top;
    if (!top) this.#state = END;
    else if (top.type === 'array') this.#state = ARR_NEXT;
    else {
      top.props![top.props!.length - 1]!.end = v.offset + v.length;
      this.#state = OBJ_NEXT;
    }
  }

  #close(end: number): void {
    const stack = this.#stack;
    const v = stack.pop()!;
    this.#top = stack[stack.length - 1];
    v.length = end - v.offset;
    if (v.type === 'object') this.#duplicates.check(v.props!);
    this.#afterValue(v);
  }

  /** A closing bracket (the current token) that does not match the innermost container. */
  #mismatchedClose(): void {
    const s = this.#s;
    const at = s.offset;
    const c = this.#text[at]!;
    const want = c === '}' ? 'object' : 'array';
    const stack = this.#stack;
    let depth = stack.length - 1;
    while (depth >= 0 && stack[depth]!.type !== want) depth--;
    const top = this.#top!;
    s.scan();
    if (depth < 0) {
      this.#error(at, 1, `Unexpected '${c}': nothing to close here.`);
      return;
    }
    this.#error(at, 1, `Unexpected '${c}': expected '${top.type === 'object' ? '}' : ']'}' to close the ${top.type} first.`);
    while (stack.length - 1 > depth) this.#close(at);
    this.#close(at + 1);
  }

  /** After the last token read: where building stopped, and the containers left open. */
  #finish(): void {
    const s = this.#s;
    const n = this.#text.length;
    if (this.#errors.full && s.peek() !== Token.EOF) this.stoppedAt = s.offset;
    const inner = this.#top;
    if (inner && !this.#errors.full) {
      this.#error(
        inner.offset,
        1,
        `Unexpected end of text: this ${inner.type} is never closed (missing '${inner.type === 'object' ? '}' : ']'}').`,
      );
    }
    for (const v of this.#stack) v.length = n - v.offset;
    if (!this.root && this.#errors.list.length === 0) this.#error(0, 0, 'A JSON value is expected.');
  }
}
