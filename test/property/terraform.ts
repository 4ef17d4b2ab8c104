/**
 * The Terraform side of the property suite: a generated policy (policy-arbitrary.ts) rendered as a
 * `data "aws_iam_policy_document"` (statement blocks, condition and principals blocks, HCL booleans
 * and numbers among the values) or as `jsonencode({...})` in one of several HCL styles (indentation
 * 2 or 4 spaces or a tab, CRLF or LF, bare or quoted keys, `=` or `:`, commas, `=` aligned as `terraform fmt` does, lists on one
 * line or one item a line, comments, text inserted here and there), and the checks that the HCL writer's fixes must pass.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LintOptions } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';
import { parseHcl } from '../../src/core/document/parse';
import { hasError } from '../../src/core/formats/hcl/cst';
import { terraformPolicies } from '../../src/core/formats/hcl/terraform';
import { getValue } from '../../src/core/document/tree';
import { STATEMENT_KEYS } from '../../src/core/formats/hcl/document';
import type { Stats } from './checks';
import { isObj, type J, type JObj } from './json-model';
import { checkEachFix } from './yaml-template';

/** The HCL reader, loading from the moment this module is imported (the property runs synchronously: await this first). */
export const terraformReader: Promise<void> = loadTerraformReader();

export interface TerraformStyle {
  form: 'document' | 'jsonencode';
  /** One level of indentation: 2 or 4 spaces, or a tab. */
  indent: '  ' | '    ' | '\t';
  crlf: boolean;
  /** A comment at the end of every other line (`# ...` or `// ...`): fixes must keep them and stay HCL. */
  comments: 'none' | '#' | '//';
  /** Text inserted at line ends (the n-th, modulo their count): comments, line breaks, spaces, commas; an input that no longer parses is skipped. */
  inserts: Array<[number, string]>;
  /** Lists of strings on one line (`["a", "b"]`) or one item a line with a trailing comma. */
  oneLineLists: boolean;
  /** A comma after the last item of a list written one item a line. */
  trailingCommas: boolean;
  /** jsonencode keys: `Key = v`, `"Key" = v`, or `"Key": v`. */
  keys: 'bare' | 'quoted' | 'colon';
  /** jsonencode elements followed by commas. */
  commas: boolean;
  /** `=` aligned over runs of one-line attributes (`terraform fmt`). */
  align: boolean;
}

export const terraformStyleArb: fc.Arbitrary<TerraformStyle> = fc.record({
  form: fc.constantFrom<TerraformStyle['form']>('document', 'jsonencode'),
  indent: fc.constantFrom<TerraformStyle['indent']>('  ', '  ', '    ', '\t'),
  crlf: fc.boolean(),
  comments: fc.constantFrom<TerraformStyle['comments']>('none', 'none', '#', '//'),
  inserts: fc.oneof(
    { weight: 3, arbitrary: fc.constant<Array<[number, string]>>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.tuple(fc.nat(), fc.constantFrom('\n', ' ', '/* c */', '\n# c\n', '\n// c\n', ',', '\t')), { maxLength: 6 }),
    },
  ),
  oneLineLists: fc.boolean(),
  trailingCommas: fc.boolean(),
  keys: fc.constantFrom<TerraformStyle['keys']>('bare', 'quoted', 'colon'),
  commas: fc.boolean(),
  align: fc.boolean(),
});

/** A string as an HCL literal: `${` is Terraform's interpolation, written `&{` in a policy document and `$${` elsewhere. */
function str(s: string, doc: boolean): string {
  const q = JSON.stringify(s);
  return (doc ? q.replaceAll('${', '&{') : q.replaceAll('${', () => '$${')).replaceAll('%{', '%%{');
}

/** Members of an object, a repeated key once (the last, as Terraform's readers would refuse it anyway). */
function entries(v: JObj): Array<[string, J]> {
  const last = new Map<string, J>();
  for (const [k, x] of v.obj) last.set(k, x);
  return [...last];
}

/** `name = value` lines, aligned as the style says over runs of one-line values. */
function assignments(pairs: Array<[string, string]>, pad: string, s: TerraformStyle, sep = ' = ', comma = ''): string {
  const out: string[] = [];
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && !pairs[j]![1].includes('\n')) j++;
    const run = pairs.slice(i, Math.max(j, i + 1));
    const width = s.align && sep === ' = ' ? run.reduce((w, [k]) => Math.max(w, k.length), 0) : 0;
    for (const [k, v] of run) out.push(`${pad}${k.padEnd(width)}${sep}${v}${comma}`);
    i += run.length;
  }
  return out.join('\n');
}

/** A list of HCL values in the style's list form. */
function list(items: string[], pad: string, s: TerraformStyle, multi = false): string {
  if (!items.length) return '[]';
  if (s.oneLineLists && !multi) return `[${items.join(', ')}]`;
  const inner = pad + s.indent;
  return `[\n${items.map((x) => `${inner}${x}`).join(',\n')}${s.trailingCommas ? ',' : ''}\n${pad}]`;
}

/** A value in a policy document's list attribute: strings quoted, booleans and numbers bare (Terraform makes strings of them). */
function docItems(v: J): string[] {
  const items = Array.isArray(v) ? v : [v];
  return items.map((x) =>
    typeof x === 'string' ? str(x, true) : typeof x === 'number' || typeof x === 'boolean' ? String(x) : str(JSON.stringify(x), true),
  );
}

/** Statement keys as the provider's attributes: the front-end's map read the other way. */
const ATTRIBUTES: Record<string, string> = Object.fromEntries(Object.entries(STATEMENT_KEYS).map(([hcl, json]) => [json, hcl]));

function statementBlock(st: J, pad: string, s: TerraformStyle): string {
  const inner = pad + s.indent;
  const pairs: Array<[string, string]> = [];
  const blocks: string[] = [];
  for (const [k, v] of isObj(st) ? entries(st) : []) {
    const name = ATTRIBUTES[k];
    if (name === 'sid' || name === 'effect') pairs.push([name, typeof v === 'string' ? str(v, true) : (docItems(v)[0] ?? '""')]);
    else if (name) pairs.push([name, list(docItems(v), inner, s)]);
    else if (k === 'Condition' && isObj(v)) {
      for (const [test, vars] of entries(v))
        for (const [variable, values] of isObj(vars) ? entries(vars) : []) {
          const lines: Array<[string, string]> = [
            ['test', str(test, true)],
            ['variable', str(variable, true)],
            ['values', list(docItems(values), inner + s.indent, s)],
          ];
          blocks.push(`${inner}condition {\n${assignments(lines, inner + s.indent, s)}\n${inner}}`);
        }
    } else if ((k === 'Principal' || k === 'NotPrincipal') && (v === '*' || isObj(v))) {
      const kind = k === 'Principal' ? 'principals' : 'not_principals';
      const types: Array<[string, J]> = v === '*' ? [['*', ['*']]] : entries(v as JObj);
      for (const [type, ids] of types) {
        const lines: Array<[string, string]> = [
          ['type', str(type, true)],
          ['identifiers', list(docItems(ids), inner + s.indent, s)],
        ];
        blocks.push(`${inner}${kind} {\n${assignments(lines, inner + s.indent, s)}\n${inner}}`);
      }
    }
  }
  const body = [assignments(pairs, inner, s), ...blocks].filter((x) => x).join('\n\n');
  return `${pad}statement {\n${body}\n${pad}}`;
}

/** The policy as a `data "aws_iam_policy_document"` block. */
function renderDocument(p: JObj, s: TerraformStyle): string {
  const pad = s.indent;
  const top: Array<[string, string]> = [];
  let statements: J[] = [];
  for (const [k, v] of entries(p)) {
    if (k === 'Version' && typeof v === 'string') top.push(['version', str(v, true)]);
    else if (k === 'Id' && typeof v === 'string') top.push(['policy_id', str(v, true)]);
    else if (k === 'Statement') statements = Array.isArray(v) ? v : [v];
  }
  const parts = [assignments(top, pad, s), ...statements.map((st) => statementBlock(st, pad, s))].filter((x) => x);
  return `data "aws_iam_policy_document" "generated" {\n${parts.join('\n\n')}\n}\n`;
}

/** A JSON value as an HCL expression in the style (jsonencode's argument). */
function hclValue(v: J, pad: string, s: TerraformStyle): string {
  if (typeof v === 'string') return str(v, false);
  if (v === null || typeof v !== 'object') return String(v);
  const inner = pad + s.indent;
  if (Array.isArray(v))
    return list(
      v.map((x) => hclValue(x, inner, s)),
      pad,
      s,
      v.some((x) => typeof x === 'object' && x !== null),
    );
  const pairs = entries(v).map(([k, x]): [string, string] => [
    s.keys === 'bare' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !['true', 'false', 'null'].includes(k) ? k : str(k, false),
    hclValue(x, inner, s),
  ]);
  if (!pairs.length) return '{}';
  return `{\n${assignments(pairs, inner, s, s.keys === 'colon' ? ': ' : ' = ', s.commas ? ',' : '')}\n${pad}}`;
}

/** The policy in a Terraform file, in the style's form. */
export function renderTerraform(p: JObj, s: TerraformStyle): string {
  const pad = s.indent;
  const text =
    s.form === 'document'
      ? renderDocument(p, s)
      : `resource "aws_iam_policy" "generated" {\n${pad}name   = "generated"\n${pad}policy = jsonencode(${hclValue(p, pad, s)})\n}\n`;
  const commented = s.comments === 'none' ? text : text.replace(/\n/g, (nl, at: number) => (at % 2 ? ` ${s.comments} note${nl}` : nl));
  let out = s.crlf ? commented.replace(/\n/g, '\r\n') : commented;
  for (const [at, text] of s.inserts) {
    // At the end of a line (inside a string, it would make another string: a misspelled key, say).
    const ends: number[] = [];
    for (let i = out.indexOf('\n'); i >= 0; i = out.indexOf('\n', i + 1)) ends.push(out[i - 1] === '\r' ? i - 1 : i);
    const i = ends[at % ends.length] ?? out.length;
    out = out.slice(0, i) + (s.crlf ? text.replace(/\n/g, '\r\n') : text) + out.slice(i);
  }
  return out;
}

/** Statements of the policies the file renders, read by the same parser; fails on a syntax error. */
export function terraformStatements(text: string): number {
  const cst = parseHcl(text);
  assert.ok(cst, 'the HCL reader is loaded (await terraformReader)');
  assert.equal(hasError(cst), false, `not valid HCL:\n${text}`);
  let n = 0;
  for (const doc of terraformPolicies(text, cst).known) n += getValue(doc, 'Statement')?.items?.length ?? 0;
  return n;
}

/**
 * Every fix offered in the Terraform file, applied alone: the text still parses with the same parser
 * (no ERROR node), keeps every statement, has fewer findings of the fixed rule, gets no new syntax or
 * schema finding, and no verdict gets worse (no lock-out grows). A fix the writer refuses (no edits)
 * fails it: on these policies every fix offered must be written.
 */
export function checkTerraformFixes(text: string, options: LintOptions, stats?: Stats): void {
  // Text inserted into the rendering may leave no valid HCL: nothing to check then.
  if (hasError(parseHcl(text)!)) return;
  checkEachFix(text, options, terraformStatements, stats);
}

/** The Terraform file in a ```hcl fence of a Markdown page, as a README shows it. */
export const inMarkdownFence = (tf: string): string => {
  const eol = tf.includes('\r\n') ? '\r\n' : '\n';
  return `# Policy${eol}${eol}\`\`\`hcl${eol}${tf}\`\`\`${eol}`;
};

/** Statements of the policies the page's one fence renders (the text between its fence lines), read by the HCL parser. */
function fencedStatements(page: string): number {
  const open = page.indexOf('```hcl');
  const from = page.indexOf('\n', open) + 1;
  return terraformStatements(page.slice(from, page.lastIndexOf('```')));
}

/** checkTerraformFixes on the file shown in a Markdown fence: each fix written in HCL inside the fence. */
export function checkTerraformMarkdownFixes(tf: string, options: LintOptions, stats?: Stats): void {
  if (hasError(parseHcl(tf)!)) return;
  checkEachFix(inMarkdownFence(tf), options, fencedStatements, stats);
}
