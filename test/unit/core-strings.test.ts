// Policies held inside another text (issue 12): the embedded lint (src/core/embedded-lint.ts) maps a
// piece's policies, findings and fixes to the outer text; the string front-end (src/core/formats/strings.ts)
// finds policies in JSON and YAML strings, Fn::Sub strings and Terraform templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Diagnostic, type LintResult, applyEdits, editsOf } from '../../src/core';
import { lintEmbedded } from '../../src/core/embedded-lint';
import { type EmbeddedText, sliceStarts } from '../../src/core/formats/embedded';

const WEAK = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyAllExceptListedIfNoMFA",
      "Effect": "Deny",
      "NotAction": ["iam:ChangePassword"],
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}`;

const only = (r: LintResult, rule: string): Diagnostic[] => r.diagnostics.filter((d) => d.rule === rule);

test('lintEmbedded: two pieces of one text, ranges and pointers mapped, policy indices counted across pieces', () => {
  const outer = `# Two policies\n\n${WEAK}\n\ntext\n\n${WEAK}\n`;
  const first = outer.indexOf('{');
  const second = outer.lastIndexOf('{\n  "Version"');
  const piece = (from: number, pointer: string): EmbeddedText => ({
    text: WEAK,
    format: 'json',
    starts: sliceStarts(from, WEAK.length),
    encode: (s) => s,
    pointer,
    values: 'plain',
  });
  const r = lintEmbedded(outer, [piece(first, '/a'), piece(second, '/b')], {});
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.offset, p.length, p.mfa]),
    [
      ['/a', first, WEAK.length, 'weak'],
      ['/b', second, WEAK.length, 'weak'],
    ],
  );
  const weak = only(r, 'bool-without-ifexists');
  assert.deepEqual(
    weak.map((d) => [outer.slice(d.offset, d.offset + d.length), d.policy]),
    [
      ['"Bool"', 0],
      ['"Bool"', 1],
    ],
  );
  assert.ok(weak[1]!.offset > second);
  const fixed = applyEdits(outer, editsOf(weak[1]!.fixes[0]!));
  assert.equal(fixed.slice(second), `${WEAK.replace('"Bool"', '"BoolIfExists"')}\n`);
  assert.equal(fixed.slice(0, second), outer.slice(0, second));
});

test('lintEmbedded: a fix whose text cannot be written in its place gives no edits', () => {
  const piece: EmbeddedText = {
    text: WEAK,
    format: 'json',
    starts: sliceStarts(0, WEAK.length),
    encode: () => undefined,
    pointer: '',
    values: 'plain',
  };
  const [d] = only(lintEmbedded(WEAK, [piece], {}), 'bool-without-ifexists');
  assert.deepEqual(editsOf(d!.fixes[0]!), []);
});
