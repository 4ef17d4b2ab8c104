// Fixes in a *.tf.json file's data.aws_iam_policy_document blocks (issue 13; src/core/formats/terraform-json-writer.ts):
// written as JSON in the provider's attributes (sid, effect, not_actions, condition [{ test, variable, values }]),
// never IAM's keys; after each, the file still parses as JSON and the policy improves as promised. Request contexts
// (DOMAIN.md §2): long-term access keys carry no aws:MultiFactorAuthPresent; temporary credentials without MFA
// carry "false"; with MFA, "true".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { type LintResult, applyEdits, editsOf, fixAll, lint } from '../../src/core';
import { policyDocuments } from '../../src/core/formats/terraform-json';
import { parseJson } from '../../src/core/formats/json/builder';
import { getValue } from '../../src/core/document/tree';
import { STATEMENT_KEYS } from '../../src/core/formats/hcl/document';
import { policyArb } from '../property/policy-arbitrary';
import { checkEachFix } from '../property/yaml-template';
import { get, isObj, o, render, type J, type JObj } from '../property/json-model';

const fixture = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/terraform-json', name), 'utf8');
const NAME = 'main.tf.json';
const tfJson = (text: string): LintResult => lint(text, { fileName: NAME });
const at = (text: string, d: { offset: number; length: number }) => text.slice(d.offset, d.offset + d.length);

/** The statements Terraform renders from the file's documents; fails when the file is no JSON. */
function statements(text: string): number {
  JSON.parse(text);
  const docs = policyDocuments(text, parseJson(text).root);
  let n = 0;
  for (const doc of docs?.known ?? []) n += getValue(doc, 'Statement')?.items?.length ?? 0;
  return n;
}

test('Bool -> BoolIfExists is written on the condition block\'s "test"; weak -> enforced', () => {
  const text = fixture('documents.tf.json');
  const r = tfJson(text);
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.equal(at(text, d), '"Bool"');
  const after = applyEdits(text, editsOf(d.fixes[0]!));
  assert.equal(after, text.replace('"test": "Bool"', '"test": "BoolIfExists"'));
  // Bool "false" let long-term access keys (key absent) through; BoolIfExists "false" denies them too: enforced.
  assert.deepEqual(
    tfJson(after).policies.map((p) => p.mfa),
    ['enforced', 'not-applicable', 'missing'],
  );
});

test("the missing deny inserted into a document: a statement block in the provider's attributes, the file still JSON", () => {
  const text = JSON.stringify(
    { data: { aws_iam_policy_document: { d: { statement: [{ actions: ['s3:GetObject'], resources: ['*'] }] } } } },
    null,
    2,
  );
  const r = tfJson(text);
  // Only an Allow: every request context (key absent, "false", "true") may call s3:GetObject: missing.
  assert.equal(r.policies[0]!.mfa, 'missing');
  const fix = r.diagnostics.find((x) => x.rule === 'missing-mfa-deny')!.fixes[0]!;
  const after = applyEdits(text, editsOf(fix));
  const added = (JSON.parse(after) as { data: { aws_iam_policy_document: { d: { statement: Array<Record<string, unknown>> } } } }).data
    .aws_iam_policy_document.d.statement[1]!;
  assert.deepEqual(Object.keys(added), ['sid', 'effect', 'not_actions', 'resources', 'condition']);
  assert.deepEqual(added.condition, [{ test: 'BoolIfExists', variable: 'aws:MultiFactorAuthPresent', values: ['false'] }]);
  // AWS's deny: everything but enrolment is refused when the key is absent or "false": enforced.
  assert.equal(tfJson(after).policies[0]!.mfa, 'enforced');
  // Fix-all with suggestions ends with the same policy, still JSON.
  const all = fixAll(text, { fileName: NAME }, { includeSuggestions: true });
  assert.equal(tfJson(all.text).policies[0]!.mfa, 'enforced');
});

test('no fix is written on what the file computes or on an effect the provider implies', () => {
  const text = JSON.stringify({
    data: {
      aws_iam_policy_document: {
        d: {
          statement: [
            {
              effect: 'Deny',
              not_actions: ['iam:ListMFADevices'],
              resources: ['*'],
              condition: [{ test: '${var.test}', variable: 'aws:MultiFactorAuthPresent', values: ['false'] }],
            },
          ],
        },
      },
    },
  });
  for (const d of tfJson(text).diagnostics)
    for (const f of d.fixes) for (const e of editsOf(f)) assert.ok(!at(text, e).includes('${'), `${d.rule} writes over an interpolation`);
});

/** Statement keys as the provider's attributes. */
const ATTRIBUTES: Record<string, string> = Object.fromEntries(Object.entries(STATEMENT_KEYS).map(([hcl, json]) => [json, hcl]));
/** A value as a list of the provider's (an object item as its JSON text, which is what Terraform would make of it). */
const asList = (v: J): J[] => (Array.isArray(v) ? v : [v]).map((x) => (isObj(x) ? JSON.stringify(x.obj) : x));

/** One IAM statement as a `statement` block (what the provider cannot hold, such as a Principal written otherwise, left out). */
function statementBlock(st: JObj): JObj {
  const block: Array<[string, J]> = [];
  for (const [k, v] of st.obj) {
    const name = ATTRIBUTES[k];
    if (name === 'sid' || name === 'effect') {
      if (typeof v === 'string') block.push([name, v]);
    } else if (name) block.push([name, asList(v)]);
    else if (k === 'Condition' && isObj(v)) {
      const blocks = v.obj.flatMap(([test, vars]) =>
        isObj(vars) ? vars.obj.map(([variable, values]) => o(['test', test], ['variable', variable], ['values', asList(values)])) : [],
      );
      block.push(['condition', blocks]);
    }
  }
  return o(...block);
}

/** A generated IAM policy as a tf.json data source, its statements written as the provider's blocks. */
function tfJsonDocument(p: JObj): string {
  const st = get(p, 'Statement');
  const statements = (Array.isArray(st) ? st : st === undefined ? [] : [st]).filter(isObj).map(statementBlock);
  return `${render(o(['data', o(['aws_iam_policy_document', o(['generated', o(['statement', statements])])])]))}\n`;
}

test('fix round-trip on generated tf.json documents: every fix offered still parses as JSON, keeps its statements, and does what it promises', () => {
  let checked = 0;
  fc.assert(
    fc.property(policyArb, (p) => {
      const text = tfJsonDocument(p);
      const before = tfJson(text).diagnostics.reduce((n, d) => n + d.fixes.filter((f) => editsOf(f).length).length, 0);
      checkEachFix(text, { fileName: NAME }, statements);
      checked += before;
    }),
    { numRuns: 150, seed: 1_515 },
  );
  assert.ok(checked > 100, `fixes checked: ${checked}`);
});
