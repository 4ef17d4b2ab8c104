// The JSON front-end in parts (issue 11): the pasted-character pre-pass and the scanner, each alone.
// The tree builder is tested through parse() in core-parse.test.ts and the property tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScanError, Token, createScanner } from '../../src/core/formats/json';
import { Int32List, PastedCursor, findPastedCharacters, pastedInString, pastedKind, pastedOffset } from '../../src/core/document/pasted';

interface Scanned {
  token: string;
  offset: number;
  length: number;
  value: string;
  error?: string;
}

const TOKEN_NAMES: Record<number, string> = {
  [Token.OpenBrace]: 'OpenBrace',
  [Token.CloseBrace]: 'CloseBrace',
  [Token.OpenBracket]: 'OpenBracket',
  [Token.CloseBracket]: 'CloseBracket',
  [Token.Comma]: 'Comma',
  [Token.Colon]: 'Colon',
  [Token.String]: 'String',
  [Token.Number]: 'Number',
  [Token.Word]: 'Word',
  [Token.Unexpected]: 'Unexpected',
};
const ERROR_NAMES: Record<number, string> = {
  [ScanError.UnterminatedString]: 'UnterminatedString',
  [ScanError.InvalidCharacter]: 'InvalidCharacter',
  [ScanError.InvalidEscape]: 'InvalidEscape',
  [ScanError.InvalidUnicode]: 'InvalidUnicode',
  [ScanError.InvalidNumber]: 'InvalidNumber',
};

/** Every token of a text, as jsonc-parser's scanner is driven: scan() until EOF. */
function tokens(text: string) {
  const s = createScanner(text);
  const out: Scanned[] = [];
  for (let t = s.scan(); t !== Token.EOF; t = s.scan()) {
    out.push({
      token: TOKEN_NAMES[t]!,
      offset: s.offset,
      length: s.length,
      value: s.value,
      ...(s.error ? { error: ERROR_NAMES[s.error] } : {}),
    });
  }
  return {
    tokens: out,
    errors: s.errors.list.map((e) => [e.offset, e.length, e.message]),
    pasted: s.pasted.finish().map((p) => [pastedOffset(p), pastedInString(p)]),
  };
}

const kinds = (text: string) => tokens(text).tokens.map((t) => t.token);

test('scan: the tokens of a document, with offsets, lengths and values', () => {
  // kind@offset:length=value
  const table = tokens('{"a": [1, -2.5e3, true, null]}').tokens.map(
    (t) => `${t.token}@${t.offset}:${t.length}${t.value ? `=${t.value}` : ''}`,
  );
  assert.deepEqual(
    table.join(' '),
    [
      'OpenBrace@0:1 String@1:3=a Colon@4:1 OpenBracket@6:1 Number@7:1=1 Comma@8:1 Number@10:6=-2.5e3',
      'Comma@16:1 Word@18:4=true Comma@22:1 Word@24:4=null CloseBracket@28:1 CloseBrace@29:1',
    ].join(' '),
  );
  assert.deepEqual(kinds(''), []);
  assert.deepEqual(kinds(' \t\r\n '), []);
});

test('strings: escapes decoded, the length is the source text, problems inside reported in text order', () => {
  assert.deepEqual(tokens(String.raw`"x\"y\u00e9\n\/"`).tokens, [{ token: 'String', offset: 0, length: 16, value: 'x"y\u00e9\n/' }]);
  const r = tokens('"a\tb\\qc\\u12"');
  assert.deepEqual(r.tokens, [{ token: 'String', offset: 0, length: 12, value: 'a\tbqc12', error: 'InvalidCharacter' }]);
  assert.deepEqual(
    r.errors.map(([o, l]) => [o, l]),
    [
      [2, 1],
      [4, 2],
      [7, 4],
    ],
  );
  assert.match(String(r.errors[0]![2]), /Control control character U\+0009 inside a string/);
  assert.match(String(r.errors[2]![2]), /Invalid unicode escape/);
});

test('an unterminated string ends at the line break, or at the end of the text (never past it)', () => {
  const r = tokens('"abc\n1');
  assert.deepEqual(r.tokens, [
    { token: 'String', offset: 0, length: 4, value: 'abc', error: 'UnterminatedString' },
    { token: 'Number', offset: 5, length: 1, value: '1' },
  ]);
  for (const text of ['"ab\\', '"\\', '["x\\']) {
    const last = tokens(text).tokens.at(-1)!;
    assert.equal(last.offset + last.length, text.length, text);
    assert.equal((tokens(text).errors[0]![0]! as number) + (tokens(text).errors[0]![1] as number), text.length, text);
  }
});

test('numbers and words are runs of word characters; a malformed number is marked, not reported', () => {
  assert.deepEqual(
    tokens('01 1. -x 1e+ 2e-3 abc_$ True').tokens.map((t) => [t.token, t.value, t.error ?? '']),
    [
      ['Number', '01', 'InvalidNumber'],
      ['Number', '1.', 'InvalidNumber'],
      ['Number', '-x', 'InvalidNumber'],
      ['Number', '1e+', 'InvalidNumber'],
      ['Number', '2e-3', ''],
      ['Word', 'abc_$', ''],
      ['Word', 'True', ''],
    ],
  );
  assert.deepEqual(tokens('01').errors, []);
});

test('one unexpected character is one token, a surrogate pair whole', () => {
  assert.deepEqual(
    tokens("'😀/").tokens.map((t) => [t.token, t.offset, t.length]),
    [
      ['Unexpected', 0, 1],
      ['Unexpected', 1, 2],
      ['Unexpected', 3, 1],
    ],
  );
});

test('comments are trivia, each one an error; an unterminated block comment runs to the end', () => {
  const r = tokens('1 // one\n/* two */ 2 /* three');
  assert.deepEqual(
    r.tokens.map((t) => t.value),
    ['1', '2'],
  );
  assert.deepEqual(
    r.errors.map(([o, l]) => [o, l]),
    [
      [2, 6],
      [9, 9],
      [21, 8],
    ],
  );
  assert.match(String(r.errors[2]![2]), /Unterminated comment/);
});

test('peek classifies the next token without reading it; setPosition continues elsewhere', () => {
  const s = createScanner('  {"a\\q": 1}');
  assert.equal(s.peek(), Token.OpenBrace);
  assert.equal(s.offset, 2);
  assert.equal(s.peek(), Token.OpenBrace);
  assert.equal(s.scan(), Token.OpenBrace);
  assert.equal(s.peek(), Token.String);
  assert.equal(s.errors.list.length, 0, 'nothing inside the string is read by peek');
  assert.equal(s.scan(), Token.String);
  assert.equal(s.errors.list.length, 1);
  s.setPosition(s.offset + 1);
  assert.equal(s.scan(), Token.Word);
  assert.equal(s.value, 'a');
});

test('typographic quotes: a string opened by one is closed by either kind; inside a straight string they are content', () => {
  const r = tokens('[\u201cab\u201d, \u201ccd", "e\u201cf"]');
  assert.deepEqual(
    r.tokens.filter((t) => t.token === 'String').map((t) => [t.offset, t.length, t.value]),
    [
      [1, 4, 'ab'],
      [7, 4, 'cd'],
      [13, 5, 'e\u201cf'],
    ],
  );
  assert.deepEqual(r.pasted, [
    [1, false],
    [4, false],
    [7, false],
    [15, true],
  ]);
});

test('pasted characters: kept as trivia or inside a string, dropped where the scanner does not read (comments)', () => {
  const r = tokens('{\u00a0"a\u200b": /* \u00a0 */ 1\u3000}');
  assert.deepEqual(
    r.tokens.map((t) => t.token),
    ['OpenBrace', 'String', 'Colon', 'Number', 'CloseBrace'],
  );
  assert.deepEqual(r.tokens[1]!.value, 'a\u200b');
  assert.deepEqual(r.pasted, [
    [1, false],
    [4, true],
    [17, false],
  ]);
});

test('the pre-pass finds exactly the characters pastedKind names, at their offsets in the unchanged text', () => {
  let all = '';
  for (let c = 0x20; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) all += `a${String.fromCharCode(c)}`;
  const found = findPastedCharacters(all).map((o) => o);
  const expected: number[] = [];
  for (let i = 0; i < all.length; i++) if (pastedKind(all.charCodeAt(i)) !== 0) expected.push(i);
  assert.ok(expected.length > 30, `${expected.length}`);
  assert.deepEqual(found, expected);
  assert.equal(findPastedCharacters(JSON.stringify({ Statement: ['\u00e9\u4e2d', 'x'.repeat(1000)] })).length, 0);
  assert.deepEqual(
    findPastedCharacters('ab\u00a0\u00ad\u0085').map((o) => o),
    [2, 3, 4],
    'the Latin-1 ones too',
  );
});

test('the cursor keeps what it is told in order, drops what it passes over, and compacts in place', () => {
  const list = new Int32List();
  for (const o of [3, 5, 8, 13, 21]) list.push(o);
  const cursor = new PastedCursor(list);
  assert.equal(cursor.next, 3);
  cursor.keep(5, true);
  cursor.skipTo(14);
  assert.equal(cursor.next, 21);
  cursor.keep(21, false);
  const kept = cursor.finish();
  assert.equal(kept, list);
  assert.deepEqual(
    kept.map((p) => [pastedOffset(p), pastedInString(p)]),
    [
      [5, true],
      [21, false],
    ],
  );
});

test('a million chunked entries: the list grows without copying, reads back, and gives back what truncating frees', () => {
  const list = new Int32List();
  for (let i = 0; i < 1_000_000; i++) list.push(i * 3);
  assert.equal(list.length, 1_000_000);
  assert.equal(list.get(999_999), 2_999_997);
  assert.equal(list.get(65_536), 196_608);
  list.truncate(65_537);
  assert.equal((list as unknown as { chunks: unknown[] }).chunks.length, 2);
  list.push(7);
  assert.deepEqual([list.length, list.get(65_536), list.get(65_537)], [65_538, 196_608, 7]);
  list.truncate(0);
  list.push(5);
  assert.deepEqual(
    list.map((v) => v),
    [5],
  );
});

test('a flood of smart quotes where no token may start is dropped, and its memory with it', () => {
  const s = createScanner('\u2018'.repeat(200_000));
  for (let t = s.scan(); t !== Token.EOF; t = s.scan());
  const pasted = s.pasted.finish();
  assert.equal(pasted.length, 0);
  assert.equal((pasted as unknown as { chunks: unknown[] }).chunks.length, 0);
});
