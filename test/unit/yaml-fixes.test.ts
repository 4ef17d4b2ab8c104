// Quick fixes in CloudFormation YAML templates, written in the template's own style (the YAML writer,
// src/core/formats/yaml/writer.ts): for each fixture, the exact text after the fix, which the `yaml`
// package parses, with no statement lost, the finding gone on a second lint, and the verdict the fix
// makes. Fixtures: test/fixtures/yaml-fixes/<name>.input.yaml and <name>.expected.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '../../src/core/yaml';
import {
  applyEdits,
  editsOf,
  fixAll,
  lint,
  statementCount,
  type Fix,
  type LintOptions,
  type LintResult,
  type MfaVerdict,
} from '../../src/core';
import { fixAllWith } from '../../src/core/fix-all';
import { plainOk, quoteAs } from '../../src/core/formats/yaml/writer';
import fc from 'fast-check';
import { parse, parseDocument } from 'yaml';
import { yamlStatements } from '../property/yaml-template';

const FIXTURES = path.join(__dirname, '../fixtures/yaml-fixes');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const OPTIONS: LintOptions = { fileName: 'template.yaml' };

interface Case {
  /** The input fixture, `<input>.input.yaml`. */
  input: string;
  /** The expected text, `<expected>.expected.yaml` (default: the input's name). */
  expected?: string;
  rule: string;
  /** Which finding of the rule (default the first). */
  finding?: number;
  /** The fix's title. */
  title: string;
  options?: LintOptions;
  /** Verdicts of the template's policies after the fix. */
  after: MfaVerdict[];
  /** Which request contexts the fixed policy denies, and why (DOMAIN.md sections 2-4). */
  why: string;
}

const INSERT_DENY = "Insert AWS's deny for requests without MFA";
/** What AWS's deny does, wherever it was inserted (DOMAIN.md sections 2 and 4). */
const AWS_DENY_WHY =
  'AWS\'s deny (NotAction the enrolment actions, Resource "*", BoolIfExists "false") fires for long-term access keys (the key absent) and console sessions without MFA ("false"), not with MFA ("true"); the enrolment actions stay allowed, so no lock-out.';
const ENFORCED_WHY =
  'The deny uses BoolIfExists "false" on every resource: it fires for long-term access keys (the key absent) and console sessions without MFA ("false"), not with MFA ("true").';

const CASES: Case[] = [
  {
    input: 'bool-to-boolifexists',
    rule: 'bool-without-ifexists',
    title: 'Change Bool to BoolIfExists',
    after: ['enforced'],
    why: 'Bool "false" missed long-term access keys (no key: Bool is false). BoolIfExists "false" is true when the key is absent or "false", so the deny now fires in both contexts without MFA, not with MFA.',
  },
  {
    input: 'bool-quoted-key-4-space-crlf',
    rule: 'bool-without-ifexists',
    title: 'Change Bool to BoolIfExists',
    after: ['enforced'],
    why: "As above; the key keeps its single quotes ('BoolIfExists') and the CRLF line ends stay.",
  },
  { input: 'insert-deny-append', rule: 'missing-mfa-deny', title: INSERT_DENY, after: ['enforced'], why: AWS_DENY_WHY },
  {
    input: 'insert-deny-group-single-statement',
    rule: 'missing-mfa-deny',
    title: INSERT_DENY,
    // Only the first of the group's two policies gets the deny; the other still has none.
    after: ['enforced', 'missing'],
    why: `The group's first policy holds AWS's deny beside its one Allow (made a list). ${AWS_DENY_WHY}`,
  },
  { input: 'insert-deny-flow-crlf', rule: 'missing-mfa-deny', title: INSERT_DENY, after: ['enforced'], why: AWS_DENY_WHY },
  { input: 'insert-deny-no-statement', rule: 'missing-mfa-deny', title: INSERT_DENY, after: ['enforced'], why: AWS_DENY_WHY },
  { input: 'insert-deny-flow-policy', rule: 'missing-mfa-deny', title: INSERT_DENY, after: ['enforced'], why: AWS_DENY_WHY },
  {
    input: 'null-to-boolifexists',
    rule: 'null-only-mfa-check',
    title: 'Replace Null "true" with BoolIfExists "false"',
    after: ['enforced'],
    why: `Null "true" missed console sessions without MFA ("false" is present). ${ENFORCED_WHY}`,
  },
  {
    input: 'lockout-remove-true-block',
    rule: 'mfa-lockout',
    title: 'Deny only when MFA is absent ("false")',
    after: ['enforced'],
    why: `With "true" among the values the deny also fired with MFA (everyone locked out); with "false" alone: ${ENFORCED_WHY}`,
  },
  {
    input: 'enrolment-exemptions-block',
    rule: 'missing-enrolment-exemption',
    title: 'Exempt the enrolment actions: iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice',
    after: ['enforced'],
    why: `${ENFORCED_WHY} Every enrolment action is now exempt, so the lock-out list is empty.`,
  },
  {
    input: 'enrolment-exemptions-scalar',
    rule: 'missing-enrolment-exemption',
    title:
      'Exempt the enrolment actions: iam:CreateVirtualMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice',
    after: ['enforced'],
    why: `${ENFORCED_WHY} The one exempted action became a list of all six, so no lock-out.`,
  },
  {
    input: 'enrolment-exemptions-flow',
    rule: 'missing-enrolment-exemption',
    title: 'Exempt the enrolment actions: iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice',
    after: ['enforced'],
    why: `${ENFORCED_WHY} The flow list holds every enrolment action, so no lock-out.`,
  },
  {
    input: 'weakening-exemption-remove',
    rule: 'weakening-exemption',
    title: 'Remove sts:AssumeRole from the exemptions',
    after: ['enforced'],
    why: `sts:AssumeRole exempted let a user without MFA assume roles; without it: ${ENFORCED_WHY}`,
  },
  {
    input: 'odd-boolean-values',
    rule: 'odd-boolean-value',
    title: 'Write the boolean values of this statement as "true"/"false"',
    after: ['enforced'],
    why: `${ENFORCED_WHY} ('false' now written as IAM documents it.)`,
  },
  {
    input: 'narrowed-deny-action-list',
    rule: 'narrowed-deny-scope',
    title: 'Deny every action except the enrolment ones (NotAction)',
    after: ['enforced'],
    why: `The deny covered s3 and ec2 only; NotAction the enrolment actions covers every other action. ${ENFORCED_WHY}`,
  },
  {
    input: 'version-2008',
    rule: 'policy-variables-need-version',
    title: 'Set "Version": "2012-10-17"',
    // No deny in this policy: the fix is about ${aws:username}, not MFA.
    after: ['missing'],
    why: 'An Allow-only policy: no request without MFA is denied, before or after the fix.',
  },
  {
    input: 'version-left-out',
    rule: 'policy-variables-need-version',
    title: 'Set "Version": "2012-10-17"',
    after: ['missing'],
    why: 'An Allow-only policy: no request without MFA is denied, before or after the fix.',
  },
  {
    input: 'version-missing',
    rule: 'policy-variables-need-version',
    title: 'Set "Version": "2012-10-17"',
    after: ['missing'],
    why: 'An Allow-only policy: no request without MFA is denied, before or after the fix.',
  },
  ...(['user-path', 'device-resource', 'delete-device', 'partition'] as const).map((what): Case => ({
    input: 'self-service',
    expected: `self-service.${what}`,
    rule: {
      'user-path': 'user-path-not-matched',
      'device-resource': 'named-mfa-device-resource',
      'delete-device': 'virtual-mfa-device-deletion',
      partition: 'arn-partition-mismatch',
    }[what],
    title: {
      'user-path': 'Add arn:aws:iam::*:user/*/${aws:username} (users created with a path)',
      'device-resource': 'Use arn:aws:iam::*:mfa/*',
      'delete-device': 'Remove iam:DeleteVirtualMFADevice',
      partition: 'Use arn:aws-cn: in this statement',
    }[what],
    ...(what === 'partition' ? { options: { ...OPTIONS, partition: 'aws-cn' } } : {}),
    after: ['missing'],
    why: 'The self-service Allows only: no deny, so no request without MFA is denied, before or after the fix.',
  })),
];

for (const c of CASES) {
  test(`YAML fix ${c.expected ?? c.input}: ${c.title}`, () => {
    const options = c.options ?? OPTIONS;
    const input = read(`${c.input}.input.yaml`);
    const before = lint(input, options);
    const findings = before.diagnostics.filter((d) => d.rule === c.rule);
    const d = findings[c.finding ?? 0];
    assert.ok(d, `no ${c.rule} finding in ${c.input}: ${before.diagnostics.map((x) => x.rule).join(', ')}`);
    const fix = d.fixes.find((f) => f.title === c.title);
    assert.ok(fix, `no fix "${c.title}": ${d.fixes.map((f) => f.title).join(', ')}`);
    const out = applyEdits(input, editsOf(fix));
    assert.equal(out, read(`${c.expected ?? c.input}.expected.yaml`));
    assert.ok(yamlStatements(out) >= yamlStatements(input), 'a statement was lost');
    if (input.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(out), 'a bare LF in a CRLF file');
    const after = lint(out, options);
    assert.ok(after.diagnostics.filter((x) => x.rule === c.rule).length < findings.length, `the ${c.rule} finding is still there:\n${out}`);
    assert.deepEqual(
      after.policies.map((p) => p.mfa),
      c.after,
      c.why,
    );
    assert.deepEqual(
      after.policies.map((p) => p.lockout),
      c.after.map(() => []),
      'a lock-out after the fix',
    );
    // Nothing new at error: no syntax or schema error, no lock-out.
    const errors = (r: typeof before) => new Set(r.diagnostics.filter((x) => x.severity === 'error').map((x) => x.rule));
    const was = errors(before);
    assert.deepEqual(
      [...errors(after)].filter((rule) => !was.has(rule)),
      [],
      `an error after the fix:\n${out}`,
    );
  });
}

test("fix-all counts a YAML template's statements with the YAML reader: a round that drops one is refused", () => {
  const text = read('bool-to-boolifexists.input.yaml');
  const effect = text.indexOf('Effect: Deny');
  // A fix no rule would offer: `Effect` renamed, so the deny is no statement any more.
  const drop: Fix = { title: 'drop', kind: 'safe', build: () => [{ offset: effect, length: 6, content: 'Note' }] };
  const linter = (t: string): LintResult =>
    t === text
      ? { policies: [], diagnostics: [{ rule: 'x', severity: 'warning', message: 'x', offset: 0, length: 0, fixes: [drop] }] }
      : lint(t, OPTIONS);
  assert.equal(statementCount(text, 'yaml'), 2);
  assert.equal(fixAllWith(linter, text, {}, 'yaml').stopped, 'loses-statements');
  // Read as JSON, the template holds no statement to lose.
  assert.equal(statementCount(text), 0);
  // fix-all picks the reader from the options, as lint does: a YAML template is fixed and stays YAML.
  const all = fixAll(text, OPTIONS);
  assert.equal(all.stopped, 'done');
  assert.equal(all.text, read('bool-to-boolifexists.expected.yaml'));
});

test('a finding on a Fn::Sub string (a value the template computes) has no fix in YAML either', () => {
  const text = read('self-service.input.yaml').replace(
    '"arn:aws:iam::*:mfa/${aws:username}"',
    '!Sub "arn:${AWS::Partition}:iam::*:mfa/${!aws:username}"',
  );
  const d = lint(text, OPTIONS).diagnostics.find((x) => x.rule === 'named-mfa-device-resource');
  assert.ok(d, 'the Fn::Sub string is read');
  assert.equal(text.slice(d.offset, d.offset + 5), '!Sub ');
  assert.deepEqual(d.fixes, []);
});

test('through a YAML alias, a fix edits the anchored text once, and both policies that share it are fixed', () => {
  const text = read('bool-to-boolifexists.input.yaml')
    .replace('            Condition:\n              Bool:', '            Condition: &mfa\n              Bool:')
    .concat(
      [
        '  SecondPolicy:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        '        Version: "2012-10-17"',
        '        Statement:',
        '          - Effect: Deny',
        '            NotAction: [iam:CreateVirtualMFADevice, iam:EnableMFADevice, iam:GetUser, iam:ListMFADevices, iam:ListVirtualMFADevices, iam:ResyncMFADevice]',
        '            Resource: "*"',
        '            Condition: *mfa',
        '',
      ].join('\n'),
    );
  const before = lint(text, OPTIONS);
  assert.deepEqual(
    before.policies.map((p) => p.mfa),
    ['weak', 'weak'],
  );
  const all = fixAll(text, OPTIONS);
  assert.equal(all.stopped, 'done');
  assert.equal(all.text, text.replace('              Bool:', '              BoolIfExists:'));
  // One BoolIfExists "false" under the anchor: both denies fire without MFA (key absent, "false"), not with it.
  assert.deepEqual(
    all.result.policies.map((p) => p.mfa),
    ['enforced', 'enforced'],
  );
});

test('plain where YAML reads the same string back, quoted otherwise: checked against the yaml package', () => {
  const pieces = ['iam:GetUser', '*', 'false', 'no', 'On', '~', 'null', '2012-10-17', '12:30', '0x1F', '.5', '-', '- x', '? x', 'a: b'];
  pieces.push('a #b', 'a#b', ' x', 'x ', '', '@x', '`x', '!Ref', '&a', '%x', '[a]', 'a,b', '{a}', "it's", 'say "hi"', 'tab\there');
  pieces.push('line\nbreak', 'arn:aws:iam::*:user/${aws:username}', 'é', '\u2028', 'a:', '<<', '=', '.inf', '+1', 'Yes', 'y', 'x:y');
  fc.assert(
    fc.property(
      fc.oneof(fc.constantFrom(...pieces), fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...pieces) })),
      (s) => {
        for (const version of ['1.1', '1.2'] as const) {
          if (plainOk(s, false)) assert.deepEqual(parse(`k: ${s}`, { version }), { k: s }, `plain ${JSON.stringify(s)} (YAML ${version})`);
          if (plainOk(s, true)) assert.deepEqual(parse(`[${s}, x]`, { version }), [s, 'x'], `plain in flow ${JSON.stringify(s)}`);
          for (const q of ['"', "'"] as const)
            assert.deepEqual(parse(`[${quoteAs(s, q)}]`, { version }), [s], `quoted ${q} ${JSON.stringify(s)}`);
        }
      },
    ),
    { numRuns: 3000, seed: 12 },
  );
});

test('mutated templates (tags, anchors, aliases, quotes, comments, flow brackets inserted; text deleted): every fix offered leaves YAML that parses, with every statement', () => {
  const bases = [
    'bool-to-boolifexists',
    'insert-deny-group-single-statement',
    'insert-deny-flow-crlf',
    'self-service',
    'weakening-exemption-remove',
  ];
  const pieces = [
    '!Ref ',
    '&a ',
    '*a',
    '<<: *a\n',
    '[',
    ']',
    '{',
    '}',
    ': ',
    '- ',
    '\n  ',
    '"',
    "'",
    ' #',
    '|\n',
    '? ',
    '&b [',
    '*b',
    '---\n',
  ];
  const mutation = fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom(...pieces), fc.nat({ max: 20 }));
  let fixed = 0;
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 3 }), (name, mutations) => {
      let text = read(`${name}.input.yaml`);
      for (const [at, insert, piece, cut] of mutations) {
        const i = at % text.length;
        text = insert ? text.slice(0, i) + piece + text.slice(i) : text.slice(0, i) + text.slice(i + cut);
      }
      if (parseDocument(text).errors.length) return;
      const statements = yamlStatements(text);
      for (const d of lint(text, OPTIONS).diagnostics) {
        for (const fix of d.fixes) {
          // A fix whose builder cannot read the layout around it has no edits: nothing to check.
          if (!editsOf(fix).length) continue;
          const out = applyEdits(text, editsOf(fix));
          assert.deepEqual(
            parseDocument(out).errors.map((e) => e.message),
            [],
            `fix "${fix.title}" broke the YAML:\n--- before\n${text}\n--- after\n${out}`,
          );
          assert.ok(yamlStatements(out) >= statements, `fix "${fix.title}" lost a statement:\n${out}`);
          fixed++;
        }
      }
    }),
    { numRuns: 1500, seed: 21 },
  );
  assert.ok(fixed > 500, `only ${fixed} fixes checked`);
});
