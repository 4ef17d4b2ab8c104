// Terraform variable values (issue 13): a *.tfvars file linted on its own judges the policy JSON its
// values hold (heredoc or quoted) by content, as in a .tf file, with fixes written in its escapes; and
// the values Terraform loads for a root module (terraform.tfvars, terraform.tfvars.json, *.auto.tfvars
// in lexical order, then -var-file and -var) override a variable's default in the module's judgement,
// the finding naming where the value came from. Request contexts (DOMAIN.md §2): long-term access keys
// carry no aws:MultiFactorAuthPresent; temporary credentials without MFA carry "false"; with MFA, "true".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type LintResult, type ModuleFile, type TerraformModule, applyEdits, editsOf, lint } from '../../src/core';
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

// A module whose deny exists only when var.manage_explicit_deny is true (its default, false, in variables.tf).
const MODULE_DIR = path.join(__dirname, '../fixtures/terraform-module');
const moduleFile = (name: string): string => readFileSync(path.join(MODULE_DIR, name), 'utf8');
const MAIN = moduleFile('main.tf');
const SIBLINGS: ModuleFile[] = [
  { name: 'variables.tf', text: moduleFile('variables.tf') },
  { name: 'locals.tf', text: moduleFile('locals.tf') },
];
/** The policy document's verdict and its missing-mfa-deny message (if any), with the module's files `extra` beside the .tf files. */
function judged(extra: ModuleFile[], values?: ModuleFile[]): { mfa: string; message: string } {
  const module: TerraformModule = { files: [...SIBLINGS, ...extra], ...(values ? { values } : {}) };
  const r = lint(MAIN, { fileName: 'main.tf', module });
  const missing = r.diagnostics.find((d) => d.rule === 'missing-mfa-deny' && d.policy === 0);
  return { mfa: r.policies[0]!.mfa, message: missing?.message ?? '' };
}

test('terraform.tfvars overrides a variable default: the deny is emitted, and the verdict says where the value came from', () => {
  // The default (false): no deny statement at all, every request context (key absent, "false", "true") is only allowed: missing.
  const byDefault = judged([]);
  assert.equal(byDefault.mfa, 'missing');
  assert.match(byDefault.message, /with the default manage_explicit_deny = false in variables\.tf, the deny at line 10 is not emitted/);
  // true in terraform.tfvars: the dynamic block makes the BoolIfExists "false" NotAction deny: access keys (key absent) and
  // sessions without MFA ("false") are denied all but the enrolment actions: enforced.
  const r = lint(MAIN, {
    fileName: 'main.tf',
    module: { files: [...SIBLINGS, { name: 'terraform.tfvars', text: 'manage_explicit_deny = true\n' }] },
  });
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.match(r.policies[0]!.reason, /with manage_explicit_deny = true in terraform\.tfvars, the deny at line 10 is emitted/);
});

test("Terraform's precedence: defaults < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars (lexical) < --var-file / --var in order", () => {
  const tfvars = { name: 'terraform.tfvars', text: 'manage_explicit_deny = true\n' };
  const json = { name: 'terraform.tfvars.json', text: '{"manage_explicit_deny": false}' };
  const autoA = { name: 'a.auto.tfvars', text: 'manage_explicit_deny = true\n' };
  const autoB = { name: 'b.auto.tfvars.json', text: '{"manage_explicit_deny": false}' };
  // Given in any order, read in Terraform's: the last one that sets the variable decides.
  assert.match(
    judged([json, tfvars]).message,
    /with manage_explicit_deny = false in terraform\.tfvars\.json, the deny at line 10 is not emitted/,
  );
  assert.equal(judged([autoA, json, tfvars]).mfa, 'enforced');
  assert.match(judged([autoB, autoA, json, tfvars]).message, /manage_explicit_deny = false in b\.auto\.tfvars\.json/);
  // The host's values (-var-file, then -var, in the order given) over all of those.
  const varFile = { name: 'prod.tfvars', text: 'manage_explicit_deny = true\n' };
  assert.equal(judged([autoB], [varFile]).mfa, 'enforced');
  const flag = { name: '--var', text: 'manage_explicit_deny = false\n' };
  assert.match(judged([], [varFile, flag]).message, /with manage_explicit_deny = false from --var, the deny at line 10 is not emitted/);
  // A .tfvars file that is not one Terraform loads by itself (prod.tfvars in the folder) changes nothing.
  assert.equal(judged([varFile]).mfa, 'missing');
  // A value that is not a literal (a string, a list) decides nothing: the default stands.
  assert.equal(judged([{ name: 'terraform.tfvars', text: 'manage_explicit_deny = "maybe"\n' }]).mfa, 'missing');
  // A broken value file is left out, not a crash.
  assert.equal(judged([{ name: 'terraform.tfvars.json', text: '{"manage_explicit_deny": tru' }]).mfa, 'missing');
});
