/**
 * The YAML side of the property suite: a generated policy (policy-arbitrary.ts) rendered as a
 * CloudFormation YAML template by the `yaml` package in one of several styles (indentation 2 or 4,
 * `- ` items indented or not, plain or quoted strings and keys, flow lists or a flow policy, CRLF,
 * a managed policy or a group's inline policy), and the checks that the YAML writer's fixes must pass.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, isMap, isScalar, parseDocument, visit } from 'yaml';
import '../../src/core/yaml';
import { fixAll, type LintOptions, type LintResult } from '../../src/core';
import { applyEdits, editsOf, lint, type Stats } from './checks';
import { isObj, type J, type JObj } from './json-model';

export interface YamlStyle {
  indent: 2 | 4;
  /** `key:\n  - item` (true) or `key:\n- item`. */
  indentSeq: boolean;
  strings: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';
  quotedKeys: boolean;
  /** Lists of scalars as `[a, b]`, or the whole policy document as flow text. */
  flow: 'none' | 'lists' | 'policy';
  crlf: boolean;
  place: 'managed-policy' | 'group-policies';
}

export const yamlStyleArb: fc.Arbitrary<YamlStyle> = fc.record({
  indent: fc.constantFrom<2 | 4>(2, 4),
  indentSeq: fc.boolean(),
  strings: fc.constantFrom<YamlStyle['strings']>('PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  quotedKeys: fc.boolean(),
  flow: fc.constantFrom<YamlStyle['flow']>('none', 'none', 'lists', 'policy'),
  crlf: fc.boolean(),
  place: fc.constantFrom<YamlStyle['place']>('managed-policy', 'group-policies'),
});

/** The model as a plain value (a repeated key: the last one, as YAML readers keep it). */
function toJs(v: J): unknown {
  if (Array.isArray(v)) return v.map(toJs);
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, e] of v.obj) out[k] = toJs(e);
  return out;
}

/** The policy as the PolicyDocument of a CloudFormation template in YAML, written in `s`'s style. */
export function renderYamlTemplate(p: JObj, s: YamlStyle): string {
  const policy = toJs(p);
  const resource =
    s.place === 'managed-policy'
      ? { Type: 'AWS::IAM::ManagedPolicy', Properties: { ManagedPolicyName: 'force-mfa', PolicyDocument: policy } }
      : { Type: 'AWS::IAM::Group', Properties: { Policies: [{ PolicyName: 'force-mfa', PolicyDocument: policy }] } };
  const doc = new Document({ AWSTemplateFormatVersion: '2010-09-09', Resources: { ForceMfa: resource } });
  visit(doc, {
    Pair(_, pair) {
      if (s.flow === 'policy' && isScalar(pair.key) && pair.key.value === 'PolicyDocument' && isMap(pair.value)) pair.value.flow = true;
    },
    Seq(_, seq) {
      if (s.flow === 'lists' && seq.items.every((i) => isScalar(i))) seq.flow = true;
    },
  });
  const text = doc.toString({
    indent: s.indent,
    indentSeq: s.indentSeq,
    defaultStringType: s.strings,
    defaultKeyType: s.quotedKeys ? null : 'PLAIN',
    lineWidth: 0,
  });
  return s.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Statements (maps with an Effect) in a YAML text as the `yaml` package reads it; fails on a YAML error. */
export function yamlStatements(text: string): number {
  const doc = parseDocument(text, { uniqueKeys: false });
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `not valid YAML:\n${text}`,
  );
  let n = 0;
  visit(doc, {
    Map(_, map) {
      if (map.items.some((pair) => isScalar(pair.key) && pair.key.value === 'Effect')) n++;
    },
  });
  return n;
}

const VERDICT_RANK: Record<string, number> = { missing: 1, weak: 2, enforced: 3 };

/** No policy's verdict got worse, and no lock-out grew. */
export function noWorse(before: LintResult, after: LintResult, where: string): void {
  assert.equal(after.policies.length, before.policies.length, `${where}: policy count changed`);
  for (const [i, p] of before.policies.entries()) {
    const q = after.policies[i]!;
    if (p.mfa in VERDICT_RANK) assert.ok((VERDICT_RANK[q.mfa] ?? 0) >= VERDICT_RANK[p.mfa]!, `${where}: verdict ${p.mfa} -> ${q.mfa}`);
    const was = new Set(p.lockout.map((a) => a.toLowerCase()));
    assert.deepEqual(
      q.lockout.filter((a) => !was.has(a.toLowerCase())),
      [],
      `${where}: lock-out grew`,
    );
  }
}

/** Findings that say a text no longer reads: a fix must not add one. */
const broken = (r: LintResult) => r.diagnostics.filter((d) => d.rule === 'json-syntax' || d.rule === 'iam-schema').length;

/**
 * Every fix offered in a text with edits, applied alone (shared by the YAML and Terraform properties):
 * `statementsOf` (the format's own reader, which fails on a syntax error) finds every statement again,
 * the fixed rule has fewer findings, no new syntax or schema finding, no bare LF in a CRLF file, and
 * no verdict gets worse.
 */
export function checkEachFix(text: string, options: LintOptions, statementsOf: (text: string) => number, stats?: Stats): void {
  const before = lint(text, options);
  const statements = statementsOf(text);
  for (const d of before.diagnostics) {
    for (const fix of d.fixes) {
      const where = `fix "${fix.title}" for ${d.rule} at ${d.offset}`;
      try {
        const out = applyEdits(text, editsOf(fix));
        assert.ok(statementsOf(out) >= statements, `${where}: a statement was lost`);
        if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(out), `${where}: a bare LF in a CRLF file`);
        const after = lint(out, options);
        assert.ok(broken(after) <= broken(before), `${where}: a new syntax or schema finding`);
        const count = (r: LintResult) => r.diagnostics.filter((x) => x.rule === d.rule).length;
        assert.ok(count(after) < count(before), `${where}: the finding is still there:\n${out}`);
        noWorse(before, after, where);
        if (stats) stats.fixesChecked++;
        if (stats && d.rule === 'missing-mfa-deny') stats.insertDenyChecked++;
      } catch (e) {
        if (e instanceof Error) e.message += `\n--- input:\n${text}`;
        throw e;
      }
    }
  }
  if (stats) stats.inputs++;
}

/** Every fix offered in a YAML template, applied alone: the text still parses (the `yaml` package), and checkEachFix. */
export function checkYamlFixes(text: string, options: LintOptions, stats?: Stats): void {
  checkEachFix(text, options, yamlStatements, stats);
}

/**
 * Fix-all on a YAML template (safe fixes, or suggestions too): it ends by itself, the text still
 * parses with no statement lost, and a second pass changes nothing.
 */
export function checkYamlFixAll(text: string, options: LintOptions, includeSuggestions: boolean, stats?: Stats): void {
  const statements = yamlStatements(text);
  const first = fixAll(text, options, { includeSuggestions });
  const why = `\n--- input:\n${text}\n--- after fix-all (${first.stopped}):\n${first.text}`;
  assert.equal(first.stopped, 'done', `fix-all stopped: ${first.stopped}${why}`);
  assert.ok(yamlStatements(first.text) >= statements, `a statement was lost${why}`);
  const second = fixAll(first.text, options, { includeSuggestions });
  assert.deepEqual(second.rounds, [], `a second fix-all pass still fixed something${why}`);
  assert.equal(second.text, first.text);
  if (stats) {
    stats.inputs++;
    stats.fixesChecked += first.rounds.reduce((n, r) => n + r.length, 0);
  }
}
