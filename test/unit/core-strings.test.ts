// Policies held inside another text (issue 12): the embedded lint (src/core/embedded-lint.ts) maps a
// piece's policies, findings and fixes to the outer text; the string front-end (src/core/formats/strings.ts)
// finds policies in JSON and YAML strings, Fn::Sub strings and Terraform templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { type Diagnostic, type LintResult, applyEdits, editsOf, fixAll, lint } from '../../src/core';
import '../../src/core/yaml';
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

test('lintEmbedded: each unreadable part is one unreadable-policy warning, with the configured severity or off', () => {
  const outer = 'x'.repeat(50);
  const part = { offset: 10, length: 5, what: 'a Terraform block', why: 'Terraform (HCL) is not read yet' };
  const r = lintEmbedded(outer, [], {}, [part]);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, d.severity, d.offset, d.length]),
    [['unreadable-policy', 'warning', 10, 5]],
  );
  assert.match(r.diagnostics[0]!.message, /a Terraform block: Terraform \(HCL\) is not read yet\. /);
  assert.equal(lintEmbedded(outer, [], { rules: { 'unreadable-policy': 'error' } }, [part]).diagnostics[0]!.severity, 'error');
  assert.deepEqual(lintEmbedded(outer, [], { rules: { 'unreadable-policy': 'off' } }, [part]).diagnostics, []);
});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/strings/${name}`, import.meta.url), 'utf8');

/** The outer file still reads in its own syntax (a template is read by lint itself: no syntax error, no unreadable part). */
function assertParses(name: string, text: string): void {
  if (name.endsWith('.json')) JSON.parse(text);
  else if (name.endsWith('.yaml')) assert.deepEqual(parseDocument(text).errors, []);
  const r = lint(text, { fileName: name });
  assert.deepEqual(
    r.diagnostics.filter((d) => d.rule === 'json-syntax' || d.rule === 'unreadable-policy'),
    [],
  );
}

/**
 * The one finding of `rule` in the fixture stands on `source` (the exact characters inside the
 * string), its fix applied gives a file that still parses, and that file's policies are all enforced.
 */
function roundTrip(name: string, rule: string, source: string, policies = 1): string {
  const text = fixture(name);
  const before = lint(text, { fileName: name });
  assert.equal(before.policies.length, policies, name);
  const [d, ...more] = only(before, rule);
  assert.ok(d, `${name}: no ${rule}`);
  assert.deepEqual(more, []);
  assert.equal(text.slice(d.offset, d.offset + d.length), source, name);
  const edits = editsOf(d.fixes[0]!);
  assert.ok(edits.length, `${name}: the fix has edits`);
  const fixed = applyEdits(text, edits);
  assertParses(name, fixed);
  const after = lint(fixed, { fileName: name });
  assert.equal(after.policies.length, policies, name);
  assert.deepEqual(only(after, rule), [], name);
  assert.equal(after.policies[d.policy!]!.mfa, 'enforced', name);
  return fixed;
}

test('a policy in a JSON string inside JSON: the finding on the escaped characters, the fix written with escapes', () => {
  const fixed = roundTrip('json-string.json', 'bool-without-ifexists', String.raw`\"Bool\"`);
  assert.match(fixed, /\\"BoolIfExists\\": \{/);
  const inner = JSON.parse((JSON.parse(fixed) as { PolicyDocument: string }).PolicyDocument) as object;
  assert.ok(JSON.stringify(inner).includes('BoolIfExists'));
});

test("a Terraform plan's values.policy: the missing deny inserted inside the string, escaped", () => {
  const fixed = roundTrip('plan.json', 'missing-mfa-deny', String.raw`\"Statement\"`);
  const plan = JSON.parse(fixed) as { planned_values: { root_module: { resources: Array<{ values: { policy: string } }> } } };
  const policy = JSON.parse(plan.planned_values.root_module.resources[0]!.values.policy) as { Statement: Array<{ Sid?: string }> };
  assert.deepEqual(
    policy.Statement.map((s) => s.Sid),
    [undefined, 'DenyAllExceptListedIfNoMFA'],
  );
  assert.deepEqual(
    lint(fixture('plan.json')).policies.map((p) => p.pointer),
    ['/planned_values/root_module/resources/0/values/policy'],
  );
});

test('YAML single-quoted strings: a rename and an inline deny insert', () => {
  roundTrip('yaml-single.yaml', 'bool-without-ifexists', '"Bool"');
  const fixed = roundTrip('yaml-single-missing.yaml', 'missing-mfa-deny', '"Statement"');
  assert.equal(fixed.split('\n').length, fixture('yaml-single-missing.yaml').split('\n').length, 'the insert stays on the line');
});

test('a YAML double-quoted string with escapes, and one folded over lines', () => {
  roundTrip('yaml-double.yaml', 'bool-without-ifexists', String.raw`\"Bool\"`);
  const text = fixture('yaml-folded.yaml');
  const r = lint(text, { fileName: 'yaml-folded.yaml' });
  const found = only(r, 'bool-without-ifexists');
  assert.deepEqual(
    found.map((d) => text.slice(d.offset, d.offset + d.length)),
    [String.raw`\"Bool\"`, '"Bool"'],
  );
  let fixed = text;
  // Applied from the end, so that the first finding's offsets still hold.
  for (const d of [...found].reverse()) fixed = applyEdits(fixed, editsOf(d.fixes[0]!));
  assertParses('yaml-folded.yaml', fixed);
  assert.deepEqual(
    lint(fixed, { fileName: 'yaml-folded.yaml' }).policies.map((p) => p.mfa),
    ['enforced', 'enforced'],
  );
});

test('YAML block scalars: the multi-line deny indented into a | block; a rename in a |- block', () => {
  const fixed = roundTrip('yaml-literal.yaml', 'missing-mfa-deny', '"Statement"');
  const value = (parseDocument(fixed).toJS() as { Resources: { Policy: { Properties: { PolicyDocument: string } } } }).Resources.Policy
    .Properties.PolicyDocument;
  assert.deepEqual(
    (JSON.parse(value) as { Statement: Array<{ Sid?: string }> }).Statement.map((s) => s.Sid),
    [undefined, 'DenyAllExceptListedIfNoMFA'],
  );
  assert.match(fixed, /\n {8} {6}"Sid": "DenyAllExceptListedIfNoMFA",\n/);
  roundTrip('yaml-strip.yaml', 'bool-without-ifexists', '"Bool"');
});

test('!Sub | block: ${AWS::Partition} known, ${!aws:username} the policy variable; no fix on a substituted value', () => {
  const text = fixture('sub-block.yaml');
  const r = lint(text, { fileName: 'sub-block.yaml' });
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['/Resources/Policy/Properties/PolicyDocument/Fn::Sub'],
  );
  const [named] = only(r, 'named-mfa-device-resource');
  assert.equal(
    text.slice(named!.offset, named!.offset + named!.length),
    '"arn:${AWS::Partition}:iam::${AWS::AccountId}:mfa/${!aws:username}"',
  );
  assert.match(named!.message, /arn:aws:iam::\*:mfa\/\$\{aws:username\}/);
  assert.deepEqual(named!.fixes, []);
  roundTrip('sub-block.yaml', 'bool-without-ifexists', '"Bool"');
});

test('Fn::Sub long form in JSON, a string and a [string, vars] list: ${Bucket} is a computed value', () => {
  const text = fixture('sub-long.json');
  const r = lint(text, { fileName: 'sub-long.json' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/Resources/Policy/Properties/PolicyDocument/Fn::Sub', 'weak'],
      ['/Resources/Other/Properties/PolicyDocument/Fn::Sub/0', 'missing'],
    ],
  );
  assert.deepEqual(
    r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'json-syntax'),
    [],
  );
  roundTrip('sub-long.json', 'bool-without-ifexists', String.raw`\"Bool\"`, 2);
});

test('a Terraform template (.json.tpl): $${aws:username} is the variable, ${...} computed, even where JSON needs a value', () => {
  const text = fixture('policy.json.tpl');
  const r = lint(text, { fileName: 'infra/policy.json.tpl' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [['', 'weak']],
  );
  assert.deepEqual(
    r.diagnostics.filter((d) => d.rule === 'json-syntax' || d.rule === 'iam-schema'),
    [],
  );
  // An editor that gives the file the JSON language still has it read as a template.
  assert.deepEqual(
    lint(text, { fileName: 'policy.json.tpl', format: 'json' }).policies.map((p) => p.mfa),
    ['weak'],
  );
  const fixed = roundTrip('policy.json.tpl', 'bool-without-ifexists', '"Bool"');
  assert.ok(fixed.includes('$${aws:username}') && fixed.includes('${jsonencode(mfa_actions)}'));
});

test('a .txt file is JSON when it starts with { or [; otherwise no syntax error, and one unreadable-policy where it looks like a policy', () => {
  roundTrip('policy.txt', 'bool-without-ifexists', '"Bool"');
  assert.deepEqual(lint('Some notes about our AWS accounts.\n', { fileName: 'notes.txt' }).diagnostics, []);
  const notes = 'Policy: Statement Effect Deny unless aws:MultiFactorAuthPresent\n';
  assert.deepEqual(
    lint(notes, { fileName: 'notes.txt' }).diagnostics.map((d) => [d.rule, d.offset, d.length]),
    [['unreadable-policy', 0, notes.length - 1]],
  );
  const directive = '{"Statement": [%{ for s in stmts }${s},%{ endfor }], "Effect": 1}';
  const [d] = lint(directive, { fileName: 'p.tpl' }).diagnostics;
  assert.equal(d?.rule, 'unreadable-policy');
  assert.match(d!.message, /%\{\.\.\.\} directives/);
});

test('a string that looks like a policy but is not JSON: one unreadable-policy finding on the string, saying where', () => {
  const text = JSON.stringify({ PolicyDocument: '{ "Statement": [ { "Effect": "Deny", "Action": "*",, } ] }', Other: 'x' });
  const r = lint(text);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.rule, d.severity, text.slice(d.offset, d.offset + d.length)]),
    [['unreadable-policy', 'warning', JSON.stringify('{ "Statement": [ { "Effect": "Deny", "Action": "*",, } ] }')]],
  );
  assert.match(r.diagnostics[0]!.message, /cannot read the string at \/PolicyDocument: its JSON has a syntax error at line 1, column \d+/);
  // A string that mentions Statement but is no JSON and no policy-like text stays quiet.
  assert.deepEqual(lint(JSON.stringify({ Note: '{ Statement of work }' })).diagnostics, []);
});

test('one level only: a policy in a string inside a held policy is not read again', () => {
  const innermost = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  const inner = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/p': innermost } } },
    ],
  });
  const r = lint(JSON.stringify({ policy: inner }));
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['/policy'],
  );
});

test('hostile strings: a megabyte of escapes and deep nesting inside a string are read without error', () => {
  const escapes = JSON.stringify({ p: `{"Statement": "${'\\u0041'.repeat(170_000)}", "Effect": 1}` });
  assert.ok(escapes.length > 1_000_000);
  const r1 = lint(escapes);
  assert.ok(!r1.diagnostics.some((d) => d.rule === 'internal-error'));
  const deep = JSON.stringify({ p: `{"Statement": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "Effect": "Deny"}` });
  const r2 = lint(deep);
  assert.ok(!r2.diagnostics.some((d) => d.rule === 'internal-error'));
  assert.ok(r2.diagnostics.length <= 10, JSON.stringify(r2.diagnostics.map((d) => d.rule)));
});

test('a | block in a CRLF file: the inserted lines end in CRLF and are indented', () => {
  const name = 'yaml-literal.yaml';
  const text = fixture(name).replace(/\n/g, '\r\n');
  const [d] = only(lint(text, { fileName: name }), 'missing-mfa-deny');
  const fixed = applyEdits(text, editsOf(d!.fixes[0]!));
  assert.equal(fixed.replace(/\r\n/g, '').includes('\n'), false, 'no bare line feed');
  assert.deepEqual(parseDocument(fixed).errors, []);
  assert.deepEqual(
    lint(fixed, { fileName: name }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a > folded block: the deny inserted on its one line', () => {
  const text = [
    'Resources:',
    '  Policy:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: >-',
    '        {"Version": "2012-10-17",',
    '        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}',
    '',
  ].join('\n');
  const [d] = only(lint(text, { fileName: 't.yaml' }), 'missing-mfa-deny');
  assert.equal(text.slice(d!.offset, d!.offset + d!.length), '"Statement"');
  const fixed = applyEdits(text, editsOf(d!.fixes[0]!));
  assert.equal(fixed.split('\n').length, text.split('\n').length);
  assert.deepEqual(parseDocument(fixed).errors, []);
  assert.deepEqual(
    lint(fixed, { fileName: 't.yaml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a YAML flow mapping is the document itself, not a string: read once', () => {
  const text = 'PolicyDocument: {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}\n';
  assert.deepEqual(
    lint(text, { fileName: 't.yaml' }).policies.map((p) => p.pointer),
    ['/PolicyDocument'],
  );
});

test('many policy strings keep the cap of one file: past it, one note per rule counts the rest', () => {
  const weak = fixture('yaml-single.yaml').split("PolicyDocument: '")[1]!.split("'\n")[0]!;
  const text = JSON.stringify(Array.from({ length: 1100 }, () => ({ PolicyDocument: weak })));
  const r = lint(text);
  assert.equal(r.policies.length, 1100);
  const listed = r.diagnostics.filter((d) => d.omitted === undefined);
  assert.equal(listed.length, 1000);
  const notes = r.diagnostics.filter((d) => d.omitted !== undefined);
  assert.deepEqual(
    notes.map((d) => [d.rule, d.omitted]),
    [['bool-without-ifexists', 100]],
  );
  assert.equal(listed[999]!.policy, 999);
});

test('YAML aliases of a policy string: the string is read once, however often it is copied', () => {
  const weak = fixture('yaml-single.yaml').split('PolicyDocument: ')[1]!.split('\n')[0]!;
  const text = `base: &p ${weak}\ncopies: [${Array.from({ length: 2_000 }, () => '*p').join(', ')}]\n`;
  const r = lint(text, { fileName: 'aliases.yaml' });
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['/base'],
  );
  assert.equal(only(r, 'bool-without-ifexists').length, 1);
});

test('YAML double-quoted: a \\U escape outside the basic plane and an escaped line break keep later offsets exact', () => {
  const policy =
    String.raw`{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"arn:aws:s3:::b/\U0001F600\x41*\"}, \"Sid\": \"DenyAllExceptListedIfNoMFA\", \"Effect\": \"Deny\", \"NotAction\": [\"iam:CreateVirtualMFADevice\", \"iam:EnableMFADevice\", \"iam:GetUser\", \"iam:ListMFADevices\", \"iam:ListVirtualMFADevices\", \"iam:ResyncMFADevice\", \"sts:GetSessionToken\"], \"Resource\": \"*\", \"Cond\
    ition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"}}}]}`.replace('}, \\"Sid', '}, {\\"Sid');
  const text = `PolicyDocument: "${policy}"\n`;
  const r = lint(text, { fileName: 't.yaml' });
  assert.deepEqual(
    r.policies.map((p) => p.mfa),
    ['weak'],
  );
  const [d] = only(r, 'bool-without-ifexists');
  assert.equal(text.slice(d!.offset, d!.offset + d!.length), String.raw`\"Bool\"`);
  const fixed = applyEdits(text, editsOf(d!.fixes[0]!));
  assert.deepEqual(parseDocument(fixed).errors, []);
  assert.deepEqual(
    lint(fixed, { fileName: 't.yaml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a duplicate key inside a policy string: the finding and its related location on the exact escaped characters', () => {
  const inner = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}';
  const text = JSON.stringify({ policy: inner });
  const [d] = only(lint(text), 'duplicate-key');
  assert.equal(text.slice(d!.offset, d!.offset + d!.length), String.raw`\"Effect\"`);
  const [rel] = d!.related!;
  assert.equal(text.slice(rel!.offset, rel!.offset + rel!.length), String.raw`\"Effect\"`);
  assert.ok(rel!.offset < d!.offset);
});

test('Fn::Sub long form in YAML (Fn::Sub: |) reads as the short form does', () => {
  const short = fixture('sub-block.yaml');
  const [head, body] = short.split('PolicyDocument: !Sub |\n');
  const text = `${head}PolicyDocument:\n        Fn::Sub: |\n${body!
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n')}`;
  const r = lint(text, { fileName: 'long.yaml' });
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [['/Resources/Policy/Properties/PolicyDocument/Fn::Sub', 'weak']],
  );
  const [d] = only(r, 'bool-without-ifexists');
  const fixed = applyEdits(text, editsOf(d!.fixes[0]!));
  assert.deepEqual(parseDocument(fixed).errors, []);
  assert.deepEqual(
    lint(fixed, { fileName: 'long.yaml' }).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('every fix offered inside a string, applied alone, keeps the file readable and its policies', () => {
  let applied = 0;
  for (const name of readdirSync(new URL('../fixtures/strings/', import.meta.url))) {
    const text = fixture(name);
    const before = lint(text, { fileName: name });
    for (const d of before.diagnostics)
      for (const fix of d.fixes) {
        const edits = editsOf(fix);
        assert.ok(edits.length, `${name}: ${fix.title} has edits`);
        const fixed = applyEdits(text, edits);
        assertParses(name, fixed);
        const after = lint(fixed, { fileName: name });
        assert.equal(after.policies.length, before.policies.length, `${name}: ${fix.title}`);
        assert.ok(!after.diagnostics.some((x) => x.rule === 'duplicate-key' || x.rule === 'internal-error'));
        applied++;
      }
  }
  assert.ok(applied >= 12, `${applied} fixes applied`);
});

test('a Fn::Sub policy whose JSON breaks where a variable stands for a list: one unreadable-policy finding, on the string', () => {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      Policy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            'Fn::Sub':
              '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": ${Arns}, "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}',
          },
        },
      },
    },
  };
  const text = JSON.stringify(template, null, 2);
  const found = only(lint(text, { fileName: 'stack.json' }), 'unreadable-policy');
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0]!.offset, found[0]!.offset + 2), '"{');
  assert.match(
    found[0]!.message,
    /the Fn::Sub string at \/Resources\/Policy\/Properties\/PolicyDocument\/Fn::Sub: its JSON has a syntax error at line 1, column \d+/,
  );
});

test('a pasted character inside a policy string is reported once, by the policy it breaks', () => {
  const inner = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",\u00a0"Resource": "*"}]}';
  const text = JSON.stringify({ policy: inner });
  const found = only(lint(text), 'pasted-characters');
  assert.deepEqual(
    found.map((d) => text.slice(d.offset, d.offset + d.length)),
    ['\u00a0'],
  );
  const fixed = applyEdits(text, editsOf(found[0]!.fixes[0]!));
  JSON.parse(fixed);
  assert.deepEqual(
    lint(fixed).policies.map((p) => p.pointer),
    ['/policy'],
  );
});

test("fix-all (the CLI's --fix) applies fixes inside strings: every fixture ends enforced in one round", () => {
  for (const name of readdirSync(new URL('../fixtures/strings/', import.meta.url))) {
    const r = fixAll(fixture(name), { fileName: name }, { includeSuggestions: true });
    assert.equal(r.stopped, 'done', name);
    assert.equal(r.rounds.length, 1, name);
    assertParses(name, r.text);
    assert.ok(
      r.result.policies.length && r.result.policies.every((p) => p.mfa === 'enforced'),
      `${name}: ${r.result.policies.map((p) => p.mfa)}`,
    );
  }
});

test('a Terraform file (the HCL reader not loaded) is never a JSON syntax error: one unreadable-policy finding at the first sign of a policy, else nothing', () => {
  const tf =
    'data "aws_iam_policy_document" "mfa" {\n  statement {\n    effect = "Deny"\n    condition {\n      variable = "aws:MultiFactorAuthPresent"\n    }\n  }\n}\n';
  for (const fileName of ['main.tf', 'MAIN.TF', 'policy.hcl']) {
    const result = lint(tf, { fileName });
    assert.deepEqual(
      result.diagnostics.map((d) => [d.rule, tf.slice(d.offset, d.offset + d.length)]),
      [['unreadable-policy', 'aws:MultiFactorAuthPresent']],
      fileName,
    );
    assert.match(result.diagnostics[0]!.message, /the Terraform reader is not loaded/);
    assert.deepEqual(result.policies, []);
  }
  // HCL spells the keys its own way: the sign is found in any case.
  assert.equal(lint('statement {\n  effect = "Allow"\n}\n', { fileName: 'x.tf' }).diagnostics[0]?.rule, 'unreadable-policy');
  assert.deepEqual(lint('resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', { fileName: 'main.tf' }).diagnostics, []);
  // Terraform JSON is JSON.
  assert.equal(lint('{"resource": {}}', { fileName: 'main.tf.json' }).diagnostics.length, 0);
});
