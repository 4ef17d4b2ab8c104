/**
 * Hostile text for the "no exception, ever" property: random bytes and strings, random JSON, policies
 * whose IAM fields hold random JSON, and mutations of real policies (truncation, deleted or duplicated
 * characters, swapped brackets, non-breaking spaces, smart quotes, BOMs, CRLF, lone surrogates...).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { isObj, render, type J, type JObj } from './json-model';
import { layoutArb, policyArb } from './policy-arbitrary';

const here = path.dirname(fileURLToPath(import.meta.url));
const referenceDir = path.resolve(here, '../fixtures/reference');

/** The real policies the mutations start from. */
export const REAL_POLICIES: readonly string[] = [
  readFileSync(path.join(referenceDir, 'aws-self-manage-credentials-with-mfa.json'), 'utf8'),
  readFileSync(path.join(referenceDir, 'article-policy-as-published.txt'), 'utf8'),
];

/** Characters a web page, an editor or a bad encoding brings into a file. */
const NASTY_CHARS = [
  '\u00a0',
  '\u201c',
  '\u201d',
  '\u2018',
  '\u2019',
  '\ufeff',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2028',
  '\u2029',
  '\ud800',
  '\udc00',
  '\udbff',
  '\udfff',
  '\u0000',
  '\r',
  '\r\n',
  '\t',
  '\\',
  '"',
  '\\u',
  '\\ud800',
  '//',
  '/*',
  '*/',
  ',',
  ':',
  '{',
  '}',
  '[',
  ']',
  '${',
  '${aws:username}',
  'Deny',
  'Statement',
  'NotAction',
  'Condition',
  'aws:MultiFactorAuthPresent',
  '\ufffd',
  '\u{1f600}',
];

const nastyChar = fc.constantFrom(...NASTY_CHARS);

type Mutation = (s: string) => string;

const at = (s: string, r: number) => (s.length === 0 ? 0 : r % (s.length + 1));

const SWAP: Record<string, string> = { '{': '[', '[': '{', '}': ']', ']': '}' };
const SMART: Record<string, string[]> = { '"': ['\u201c', '\u201d', '\u201e', '\u2033'], "'": ['\u2018', '\u2019'] };

/** One mutation of a text; every one of them is something that happens to real files. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map(
    (r): Mutation =>
      (s) =>
        s.slice(0, at(s, r)),
  ), // truncation
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })).map(
    ([r, n]): Mutation =>
      (s) =>
        s.slice(0, at(s, r)) + s.slice(at(s, r) + n),
  ), // deletion
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })).map(([r, n]): Mutation => (s) => {
    const i = at(s, r);
    return s.slice(0, i + n) + s.slice(i, i + n) + s.slice(i + n); // duplication
  }),
  fc.nat().map((r): Mutation => (s) => {
    // swap one bracket for the other kind
    const idx = [...s.matchAll(/[{}[\]]/g)].map((m) => m.index);
    if (idx.length === 0) return s;
    const i = idx[r % idx.length]!;
    return s.slice(0, i) + SWAP[s[i]!] + s.slice(i + 1);
  }),
  fc.integer({ min: 1, max: 5 }).map((k): Mutation => (s) => {
    // every k-th space becomes a non-breaking space (k = 1: all of them, as a browser copies)
    let n = 0;
    return s.replace(/ /g, (m) => (n++ % k === 0 ? '\u00a0' : m));
  }),
  fc.nat().map(
    (r): Mutation =>
      (s) =>
        s.replace(/["']/g, (q) => SMART[q]![r % SMART[q]!.length]!),
  ), // smart quotes
  fc.nat().map((r): Mutation => (s) => {
    let n = 0;
    return s.replace(/"/g, (q) => (n++ % 7 === r % 7 ? '\u201d' : q)); // some quotes only
  }),
  fc.constant<Mutation>((s) => '\ufeff' + s), // BOM
  fc.constant<Mutation>((s) => s.replace(/\r?\n/g, '\r\n')), // CRLF
  fc.constant<Mutation>((s) => s.replace(/\r?\n/g, '\r')), // old Mac line ends
  fc.tuple(fc.nat(), nastyChar).map(
    ([r, c]): Mutation =>
      (s) =>
        s.slice(0, at(s, r)) + c + s.slice(at(s, r)),
  ), // insertion
  fc.tuple(fc.nat(), fc.constantFrom('\ud800', '\udc00', '\udbff')).map(([r, c]): Mutation => (s) => {
    // a lone surrogate inside a string value
    const q = s.indexOf('"', at(s, r));
    return q < 0 ? s + c : s.slice(0, q + 1) + c + s.slice(q + 1);
  }),
  fc.nat().map((r): Mutation => (s) => {
    // a trailing comma before a closing bracket
    const idx = [...s.matchAll(/\s*[}\]]/g)].map((m) => m.index);
    if (idx.length === 0) return s;
    const i = idx[r % idx.length]!;
    return s.slice(0, i) + ',' + s.slice(i);
  }),
  fc.tuple(fc.nat(), fc.constantFrom('// note\n', '/* c */', '# yaml?\n')).map(
    ([r, c]): Mutation =>
      (s) =>
        s.slice(0, at(s, r)) + c + s.slice(at(s, r)),
  ),
  fc.tuple(fc.nat(), fc.json({ maxDepth: 2 })).map(([r, j]): Mutation => (s) => {
    // replace a quoted string with random JSON
    const idx = [...s.matchAll(/"[^"\n]*"/g)];
    if (idx.length === 0) return s;
    const m = idx[r % idx.length]!;
    return s.slice(0, m.index) + j + s.slice(m.index + m[0].length);
  }),
  fc.nat().map((r): Mutation => (s) => {
    // duplicate a whole line (duplicate keys, doubled statements)
    const lines = s.split('\n');
    const i = r % lines.length;
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }),
  fc.constant<Mutation>((s) => s.replace(/\s+/g, '')), // minified
  fc.constant<Mutation>((s) => s.toUpperCase()),
);

/** A generated policy rendered with a random layout. */
export const renderedPolicy: fc.Arbitrary<string> = fc.tuple(policyArb, layoutArb).map(([p, l]) => render(p, l));

/** Replace random subtrees of a policy with random JSON: Statement as a number, Condition as an array... */
export const chaoticPolicy: fc.Arbitrary<string> = fc
  .tuple(policyArb, fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 4 }), layoutArb)
  .map(([p, repl, layout]) => {
    let tree: J = p;
    for (const [r, v] of repl) tree = replaceNth(tree, r, v);
    return render(tree, layout);
  });

function replaceNth(tree: J, r: number, value: unknown): J {
  let count = 0;
  const countNodes = (x: J): void => {
    count++;
    if (Array.isArray(x)) x.forEach(countNodes);
    else if (isObj(x)) x.obj.forEach(([, e]) => countNodes(e));
  };
  countNodes(tree);
  const target = r % count;
  let i = 0;
  // `value` is plain JSON from fast-check: every object in it becomes an ordered model object.
  const toJ = (x: unknown): J => {
    if (Array.isArray(x)) return x.map(toJ);
    if (x !== null && typeof x === 'object') return { obj: Object.entries(x).map(([k, e]): [string, J] => [k, toJ(e)]) };
    return x as J;
  };
  const walk = (x: J): J => {
    if (i++ === target) return toJ(value);
    if (Array.isArray(x)) return x.map(walk);
    if (isObj(x)) return { obj: x.obj.map(([k, e]): [string, J] => [k, walk(e)]) } as JObj;
    return x;
  };
  return walk(tree);
}

/** A real or generated policy with 1 to 4 mutations. */
export const mutatedPolicy: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(fc.constantFrom(...REAL_POLICIES), renderedPolicy), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([s, ms]) => ms.reduce((acc, m) => m(acc), s));

const randomBytes = fc
  .uint8Array({ maxLength: 600 })
  .chain((b) => fc.constantFrom(new TextDecoder('latin1').decode(b), new TextDecoder('utf-8').decode(b), String.fromCharCode(...b)));

/** Any UTF-16 string, lone surrogates included. */
const rawUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 });

/** Random JSON with a random layout, sometimes wrapped so that it looks like a policy. */
const randomJson = fc
  .tuple(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 1, 2, '\t'), fc.boolean())
  .map(([v, ind, wrap]) => JSON.stringify(wrap ? { Version: '2012-10-17', Statement: v } : v, null, ind));

/** The whole mix of the "no exception, ever" property. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: randomBytes },
  { weight: 1, arbitrary: rawUtf16 },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: randomJson },
  { weight: 3, arbitrary: chaoticPolicy },
  { weight: 6, arbitrary: mutatedPolicy },
  { weight: 1, arbitrary: renderedPolicy },
);
