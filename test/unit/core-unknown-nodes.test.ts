// The format-neutral tree's `unknown` node (DESIGN.md, "Formats"): a value that a template computes
// (`!Sub`, `Ref`, `${var.x}`) keeps its source text, is never an error, matches nothing a string would
// match, and never counts toward `enforced`. The JSON front-end never makes one, so these tests build
// trees with unknown nodes the way a template front-end will (issues 12, 13) and lint them through the
// core's internal entry point for a parsed document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Diagnostic, LintResult } from '../../src/core';
import { lintDocument } from '../../src/core/lint';
import { type ParseResult, parse } from '../../src/core/document/parse';
import { type JsonNode, stringList, toValue, unknownNode } from '../../src/core/document/tree';

const REFERENCE = readFileSync(new URL('../fixtures/reference/aws-self-manage-credentials-with-mfa.json', import.meta.url), 'utf8');
const MFA = 'aws:MultiFactorAuthPresent';

/** Every node of a tree, parents first. */
function nodesOf(root: JsonNode | undefined): JsonNode[] {
  const out: JsonNode[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    for (const item of node.items ?? []) stack.push(item);
    for (const p of node.props ?? []) if (p.value) stack.push(p.value);
  }
  return out;
}

/**
 * The text parsed as JSON, with every string written `"<<...>>"` replaced by an unknown node over the
 * same range (its source text `<<...>>`, quotes and all): what a template front-end gives the core.
 */
function templateTree(text: string): ParseResult {
  const parsed = parse(text);
  const computed = (n: JsonNode | undefined) => n?.type === 'string' && /^<<.*>>$/.test(n.value as string);
  const swap = (n: JsonNode) => unknownNode(n.offset, text.slice(n.offset, n.offset + n.length));
  if (computed(parsed.root)) parsed.root = swap(parsed.root!);
  for (const node of nodesOf(parsed.root)) {
    node.items?.forEach((item, i) => {
      if (computed(item)) node.items![i] = swap(item);
    });
    for (const p of node.props ?? []) if (computed(p.value)) p.value = swap(p.value!);
  }
  return parsed;
}

function lintTemplate(text: string): LintResult {
  const parsed = templateTree(text);
  assert.ok(
    nodesOf(parsed.root).some((n) => n.type === 'unknown'),
    'the tree holds an unknown node',
  );
  return lintDocument(text, parsed, {});
}

/** The reference policy with the text `from` (its last occurrence: the MFA deny is the last statement) replaced. */
function computedAt(from: string, to = '"<<!Ref Computed>>"'): string {
  const at = REFERENCE.lastIndexOf(from);
  assert.ok(at >= 0, from);
  return REFERENCE.slice(0, at) + to + REFERENCE.slice(at + from.length);
}

/** Findings that lie on a computed value: there must be none. */
/**
 * Findings on an unknown value that blame it: an error, or anything but a warning that says the
 * verdict depends on what the template computes (a computed NotAction entry may exempt anything).
 */
function onUnknown(text: string, r: LintResult): Diagnostic[] {
  const spans = nodesOf(templateTree(text).root).filter((n) => n.type === 'unknown');
  return r.diagnostics
    .filter((d) => spans.some((n) => d.offset >= n.offset && d.offset + d.length <= n.offset + n.length))
    .filter((d) => !(d.severity === 'warning' && /the template computes it/.test(d.message)));
}

test('the JSON front-end never makes an unknown node', () => {
  for (const text of [REFERENCE, '"<<!Ref X>>"', '{"a": ["${var.x}", {"Ref": "X"}]}', '{"a": tru', '[nul']) {
    assert.ok(
      nodesOf(parse(text).root).every((n) => n.type !== 'unknown'),
      text,
    );
  }
});

test('an unknown node keeps its source text, as its value and its plain value', () => {
  const node = unknownNode(4, '!Sub "${AWS::AccountId}"');
  assert.equal(node.type, 'unknown');
  assert.equal(node.length, 24);
  assert.equal(node.value, '!Sub "${AWS::AccountId}"');
  assert.equal(toValue(node), '!Sub "${AWS::AccountId}"');
});

test('an unknown matches nothing a string would: stringList leaves it out', () => {
  const parsed = templateTree('{"Action": ["s3:GetObject", "<<!Ref Action>>"], "Resource": "<<!GetAtt Bucket.Arn>>"}');
  const action = parsed.root!.props![0]!.value!;
  const resource = parsed.root!.props![1]!.value!;
  assert.deepEqual(
    stringList(action).map((n) => n.value),
    ['s3:GetObject'],
  );
  assert.deepEqual(stringList(resource), []);
});

test('the reference policy is enforced; an unknown MFA condition value makes it neither an error nor enforced', () => {
  assert.equal(lintDocument(REFERENCE, parse(REFERENCE), {}).policies[0]!.mfa, 'enforced');
  const text = computedAt(`"${MFA}": "false"`, `"${MFA}": "<<!Ref MfaPresent>>"`);
  const r = lintTemplate(text);
  assert.equal(r.policies.length, 1);
  assert.notEqual(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(onUnknown(text, r), []);
  assert.ok(
    !r.diagnostics.some((d) => d.rule === 'iam-schema' || d.rule === 'odd-boolean-value' || d.rule === 'json-syntax'),
    JSON.stringify(r.diagnostics),
  );
});

test('an unknown Effect, Resource or condition block of the MFA deny: never enforced, never a finding on the value', () => {
  const open = REFERENCE.lastIndexOf('"BoolIfExists": ') + 16;
  const block = REFERENCE.slice(open, REFERENCE.indexOf('}', open) + 1);
  for (const [from, to] of [
    ['"Deny"', '"<<!Ref Effect>>"'],
    ['"Resource": "*"', '"Resource": "<<!Ref Resource>>"'],
    [block, '"<<!Ref MfaBlock>>"'],
  ] as const) {
    const text = computedAt(from, to);
    assert.notEqual(text, REFERENCE);
    const r = lintTemplate(text);
    assert.notEqual(r.policies[0]?.mfa, 'enforced', from);
    assert.deepEqual(onUnknown(text, r), [], from);
    assert.ok(!r.diagnostics.some((d) => d.rule === 'iam-schema'), `${from}: ${JSON.stringify(r.diagnostics)}`);
  }
});

test('an unknown where a string, an object or a statement is expected is no schema error', () => {
  const statement = (extra: object) =>
    JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra }] },
      null,
      2,
    );
  const texts = [
    statement({ Sid: '<<!Sub "${Env}Read">>' }),
    statement({ Effect: '<<!Ref Effect>>' }),
    statement({ Action: ['s3:GetObject', '<<!Ref ExtraAction>>'] }),
    statement({ Resource: '<<!GetAtt Bucket.Arn>>' }),
    statement({ Condition: '<<!If [IsProd, {...}, !Ref AWS::NoValue]>>' }),
    statement({ Condition: { StringEquals: '<<!Ref Tags>>' } }),
    statement({ Condition: { StringEquals: { 'aws:PrincipalTag/team': '<<!Ref Team>>' } } }),
    JSON.stringify({ Version: '<<!Ref PolicyVersion>>', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    JSON.stringify({
      Version: '2012-10-17',
      Statement: ['<<!If [IsProd, {...}, !Ref AWS::NoValue]>>', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    }),
    JSON.stringify({ Version: '2012-10-17', Statement: '<<!Ref Statements>>' }),
  ];
  for (const text of texts) {
    const r = lintTemplate(text);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.rule === 'iam-schema' || d.rule === 'internal-error'),
      [],
      text,
    );
    assert.deepEqual(onUnknown(text, r), [], text);
  }
});

test("a computed statement beside AWS's deny: the known deny still decides", () => {
  const doc = JSON.parse(REFERENCE) as { Statement: unknown[] };
  doc.Statement.push('<<!If [IsProd, {...}, !Ref AWS::NoValue]>>');
  const text = JSON.stringify(doc, null, 2);
  const r = lintTemplate(text);
  assert.equal(r.policies[0]!.mfa, 'enforced');
  const rules = (x: LintResult) => x.diagnostics.map((d) => d.rule);
  assert.deepEqual(rules(r), rules(lintDocument(REFERENCE, parse(REFERENCE), {})));
});

test('any one value of a weak policy made unknown never makes it enforced, and is never a finding itself', () => {
  const weak = JSON.parse(REFERENCE) as { Statement: Array<Record<string, unknown>> };
  const deny = weak.Statement.find((s) => s.Effect === 'Deny')!;
  deny.Condition = { Bool: { [MFA]: 'false' } };
  const text = JSON.stringify(weak, null, 2);
  assert.notEqual(lintDocument(text, parse(text), {}).policies[0]!.mfa, 'enforced');
  const scalars = nodesOf(parse(text).root).filter((n) => n.type === 'string');
  assert.ok(scalars.length > 30);
  for (const n of scalars) {
    const variant = `${text.slice(0, n.offset)}"<<computed>>"${text.slice(n.offset + n.length)}`;
    const r = lintTemplate(variant);
    assert.ok(!r.diagnostics.some((d) => d.rule === 'internal-error'), variant);
    assert.notEqual(r.policies[0]?.mfa, 'enforced', `${JSON.stringify(n.value)} made unknown`);
    assert.deepEqual(onUnknown(variant, r), [], `${JSON.stringify(n.value)} made unknown`);
  }
});

test('a computed Version is not reported as the wrong one', () => {
  const text = REFERENCE.replace('"2012-10-17"', '"<<!Ref PolicyVersion>>"');
  const r = lintTemplate(text);
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(
    r.diagnostics.filter((d) => d.rule === 'policy-variables-need-version' || d.rule === 'iam-schema'),
    [],
  );
});

// Left to the MFA model (src/core/mfa, issue 11's model with names): it reads a computed NotAction entry as
// exempting nothing, and the value of a condition as its source text, where both are unknown (SOMETIMES).
test('a computed NotAction entry, or a computed value under a negated operator, never leaves the deny enforced', () => {
  const variants = [
    computedAt('"sts:GetSessionToken"', '"sts:GetSessionToken", "<<!Ref MoreExemptions>>"'),
    computedAt('"BoolIfExists": {', '"ArnNotLike": { "aws:PrincipalArn": "<<!Ref BreakGlassRole>>" }, "BoolIfExists": {'),
  ];
  for (const text of variants) assert.notEqual(lintTemplate(text).policies[0]?.mfa, 'enforced', text);
});

// Where the verdict depends on a computed value, the finding says so, and no lock-out is asserted
// that the computed value could undo.
test('a computed NotAction is no certain lock-out; a computed Effect makes the missing verdict say what the template computes', () => {
  const notAction = REFERENCE.slice(REFERENCE.lastIndexOf('"NotAction"'));
  const list = notAction.slice(notAction.indexOf('['), notAction.indexOf(']') + 1);
  const computedList = lintTemplate(REFERENCE.replace(list, '"<<!Ref Exemptions>>"'));
  assert.notEqual(computedList.policies[0]!.mfa, 'enforced');
  assert.deepEqual(computedList.policies[0]!.lockout, []);
  assert.ok(!computedList.diagnostics.some((d) => d.rule === 'missing-enrolment-exemption'));

  const at = REFERENCE.lastIndexOf('"Effect": "Deny"');
  const computedEffect = lintTemplate(`${REFERENCE.slice(0, at)}"Effect": "<<!If [Strict, Deny, Allow]>>"${REFERENCE.slice(at + 16)}`);
  assert.equal(computedEffect.policies[0]!.mfa, 'missing');
  assert.match(computedEffect.policies[0]!.reason, /the template computes the Effect of statement "DenyAllExceptListedIfNoMFA"/);
  const finding = computedEffect.diagnostics.find((d) => d.rule === 'missing-mfa-deny');
  assert.ok(finding);
  assert.match(finding.message, /the verdict depends on what it computes/);
});
