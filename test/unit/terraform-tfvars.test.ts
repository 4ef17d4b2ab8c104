// Terraform variable values (issue 13): a *.tfvars file linted on its own judges the policy JSON its
// values hold (heredoc or quoted) by content, as in a .tf file, with fixes written in its escapes; and
// the values Terraform loads for a root module (terraform.tfvars, terraform.tfvars.json, *.auto.tfvars
// in lexical order, then -var-file and -var) override a variable's default in the module's judgement,
// the finding naming where the value came from. Request contexts (DOMAIN.md §2): long-term access keys
// carry no aws:MultiFactorAuthPresent; temporary credentials without MFA carry "false"; with MFA, "true".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type LintResult, applyEdits, editsOf, lint } from '../../src/core';
import { loadTerraformReader } from '../lib/hcl-reader';
import { parseHcl } from '../../src/core/document/parse';
import { hasError } from '../../src/core/formats/hcl/cst';

before(async () => {
  await loadTerraformReader();
});

const POLICY =
  '{"Statement":[{"Effect":"Deny","NotAction":"iam:ListMFADevices","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}';
const TFVARS = `policy_json = <<EOF\n${POLICY}\nEOF\nquoted = ${JSON.stringify(POLICY)}\n`;
const vars = (text: string): LintResult => lint(text, { fileName: 'prod.tfvars' });

test('a *.tfvars value holding a policy JSON (heredoc, quoted string) is judged by its content', () => {
  const r = vars(TFVARS);
  // Bool "false" on a deny: temporary credentials without MFA are denied, long-term access keys (key absent) are not: weak.
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['/policy_json', 'weak'],
      ['/quoted', 'weak'],
    ],
  );
  const bools = r.diagnostics.filter((d) => d.rule === 'bool-without-ifexists');
  assert.deepEqual(
    bools.map((d) => TFVARS.slice(d.offset, d.offset + d.length)),
    ['"Bool"', '\\"Bool\\"'],
  );
});

test("a quoted policy string's fix is written with HCL's escapes; the file still parses and the policy is enforced", () => {
  const r = vars(TFVARS);
  const quoted = r.diagnostics.filter((d) => d.rule === 'bool-without-ifexists')[1]!;
  const after = applyEdits(TFVARS, editsOf(quoted.fixes[0]!));
  assert.equal(after, TFVARS.replace('\\"Bool\\"', '\\"BoolIfExists\\"'));
  assert.equal(hasError(parseHcl(after)!), false);
  // BoolIfExists "false": the absent key is denied too: enforced.
  assert.deepEqual(
    vars(after).policies.map((p) => p.mfa),
    ['weak', 'enforced'],
  );
  // An inserted text with quotes, a line break, a backslash and an interpolation is escaped for the quoted string.
  const path = r.diagnostics.filter((d) => d.rule === 'missing-enrolment-exemption')[1]!;
  const fixed = applyEdits(TFVARS, editsOf(path.fixes[0]!));
  assert.equal(hasError(parseHcl(fixed)!), false, fixed);
  assert.ok(!vars(fixed).diagnostics.some((d) => d.rule === 'missing-enrolment-exemption' && d.offset > fixed.indexOf('quoted')));
});
