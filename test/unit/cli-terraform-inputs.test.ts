// force-mfa CLI, issue 13: what the CLI reads for Terraform beyond a module's .tf files: a Markdown page's
// Terraform policy blocks (the HCL reader is loaded for such a page too), and the variable values
// Terraform itself loads for a root module (terraform.tfvars, *.auto.tfvars, --var-file, --var).
// Request contexts (DOMAIN.md §2): long-term access keys carry no aws:MultiFactorAuthPresent;
// temporary credentials without MFA carry "false"; with MFA, "true".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runJson, tempTree } from '../fixtures/cli/harness';

const FIXTURES = path.join(__dirname, '../fixtures');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

test('a README whose ```hcl block holds a policy document: the CLI loads the HCL reader and lints the block (no unreadable-policy)', async () => {
  const t = tempTree({ 'README.md': fixture('markdown/terraform-no-heredoc.md') });
  try {
    const r = await runJson(['lint', 'README.md'], { cwd: t.dir });
    const [file] = r.json.files;
    // BoolIfExists "false" on a NotAction deny: access keys and sessions without MFA are denied: enforced.
    assert.deepEqual(
      file!.policies.map((p) => [p.pointer, p.mfa]),
      [['#block-1/data/aws_iam_policy_document/mfa', 'enforced']],
    );
    assert.ok(!file!.diagnostics.some((d) => d.rule === 'unreadable-policy'));
  } finally {
    t.cleanup();
  }
});
