// Quick fixes in CloudFormation YAML templates, written in the template's own style (the YAML writer,
// src/core/formats/yaml/writer.ts): for each fixture, the exact text after the fix, which the `yaml`
// package parses, with no statement lost, the finding gone on a second lint, and the verdict the fix
// makes. Fixtures: test/fixtures/yaml-fixes/<name>.input.yaml and <name>.expected.yaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import '../../src/core/yaml';
import { applyEdits, editsOf, lint, type LintOptions, type MfaVerdict } from '../../src/core';

const FIXTURES = path.join(__dirname, '../fixtures/yaml-fixes');
const read = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const OPTIONS: LintOptions = { fileName: 'template.yaml' };

/** Statements (maps with an Effect) in a YAML text, as the `yaml` package reads it. */
export function yamlStatements(text: string): number {
  const doc = parseDocument(text, { uniqueKeys: false });
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `not valid YAML:\n${text}`,
  );
  let n = 0;
  const stack: unknown[] = [doc.toJS({ maxAliasCount: -1 })];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      if ('Effect' in v) n++;
      stack.push(...Object.values(v));
    }
  }
  return n;
}

interface Case {
  name: string;
  rule: string;
  /** Which finding of the rule (default the first). */
  finding?: number;
  /** The fix's title. */
  title: string;
  /** Verdicts of the template's policies after the fix. */
  after: MfaVerdict[];
  /** Which request contexts the fixed policy denies, and why (DOMAIN.md sections 2-4). */
  why: string;
}

const CASES: Case[] = [
  {
    name: 'bool-to-boolifexists',
    rule: 'bool-without-ifexists',
    title: 'Change Bool to BoolIfExists',
    after: ['enforced'],
    why: 'BoolIfExists "false" is true when aws:MultiFactorAuthPresent is absent (long-term access keys) or "false" (a console session without MFA), so the deny fires in both contexts without MFA and not with MFA ("true").',
  },
  {
    name: 'bool-quoted-key-4-space-crlf',
    rule: 'bool-without-ifexists',
    title: 'Change Bool to BoolIfExists',
    after: ['enforced'],
    why: "As above; the key keeps its single quotes ('BoolIfExists') and the CRLF line ends stay.",
  },
  {
    name: 'insert-deny-append',
    rule: 'missing-mfa-deny',
    title: "Insert AWS's deny for requests without MFA",
    after: ['enforced'],
    why: 'AWS\'s deny (NotAction the enrolment actions, Resource "*", BoolIfExists "false") fires for access keys (key absent) and console sessions without MFA ("false"), not with MFA; the enrolment actions stay allowed, so no lock-out.',
  },
  {
    name: 'insert-deny-group-single-statement',
    rule: 'missing-mfa-deny',
    title: "Insert AWS's deny for requests without MFA",
    // Only the first of the group's two policies gets the deny; the other still has none.
    after: ['enforced', 'missing'],
    why: 'The group\'s first policy now holds AWS\'s deny beside its one Allow (made a list): it denies every request without MFA (key absent or "false").',
  },
  {
    name: 'insert-deny-flow-crlf',
    rule: 'missing-mfa-deny',
    title: "Insert AWS's deny for requests without MFA",
    after: ['enforced'],
    why: 'AWS\'s deny, written as flow text inside the flow list: it fires without MFA in both contexts (absent, "false").',
  },
  {
    name: 'insert-deny-no-statement',
    rule: 'missing-mfa-deny',
    title: "Insert AWS's deny for requests without MFA",
    after: ['enforced'],
    why: 'A Statement list holding only AWS\'s deny: every request without MFA (absent, "false") is denied except the enrolment actions.',
  },
];

for (const c of CASES) {
  test(`YAML fix ${c.name}: ${c.title}`, () => {
    const input = read(`${c.name}.input.yaml`);
    const before = lint(input, OPTIONS);
    const findings = before.diagnostics.filter((d) => d.rule === c.rule);
    const d = findings[c.finding ?? 0];
    assert.ok(d, `no ${c.rule} finding in ${c.name}: ${before.diagnostics.map((x) => x.rule).join(', ')}`);
    const fix = d.fixes.find((f) => f.title === c.title);
    assert.ok(fix, `no fix "${c.title}": ${d.fixes.map((f) => f.title).join(', ')}`);
    const out = applyEdits(input, editsOf(fix));
    assert.equal(out, read(`${c.name}.expected.yaml`));
    assert.ok(yamlStatements(out) >= yamlStatements(input), 'a statement was lost');
    if (input.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(out), 'a bare LF in a CRLF file');
    const after = lint(out, OPTIONS);
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
    assert.ok(!after.diagnostics.some((x) => x.severity === 'error'), `an error after the fix: ${after.diagnostics.map((x) => x.message)}`);
  });
}
