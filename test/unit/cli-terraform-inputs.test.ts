// force-mfa CLI, issue 13: what the CLI reads for Terraform beyond a module's .tf files: a Markdown page's
// Terraform policy blocks (the HCL reader is loaded for such a page too), and the variable values
// Terraform itself loads for a root module (terraform.tfvars, *.auto.tfvars, --var-file, --var).
// Request contexts (DOMAIN.md §2): long-term access keys carry no aws:MultiFactorAuthPresent;
// temporary credentials without MFA carry "false"; with MFA, "true".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { runCli, runJson, tempTree } from '../fixtures/cli/harness';

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

/** The module of fixtures/terraform-module (its deny is emitted only when var.manage_explicit_deny is true; default false) with `extra` files. */
function moduleTree(extra: Record<string, string>): { dir: string; cleanup: () => void } {
  const files: Record<string, string> = {};
  for (const name of ['main.tf', 'variables.tf', 'locals.tf']) files[`m/${name}`] = fixture(`terraform-module/${name}`);
  for (const [name, text] of Object.entries(extra)) files[name] = text;
  return tempTree(files);
}

/** The policy document's verdict and the messages of its findings (each says what decided the verdict). */
async function documentVerdict(argv: string[], cwd: string): Promise<[string, string]> {
  const r = await runJson(['lint', ...argv], { cwd });
  const file = r.json.files.find((f) => f.file.endsWith('main.tf'))!;
  const own = file.diagnostics.filter((d) => d.line < 40).map((d) => d.message);
  return [file.policies[0]!.mfa, own.join('\n')];
}

test('terraform.tfvars and *.auto.tfvars in the folder override the defaults; --var-file and --var override those, in the order given', async () => {
  const t = moduleTree({
    'm/terraform.tfvars': 'manage_explicit_deny = true\n',
    'm/z.auto.tfvars.json': '{"manage_explicit_deny": false}\n',
    'prod.tfvars': 'manage_explicit_deny = true\n',
  });
  try {
    // z.auto.tfvars.json (false) over terraform.tfvars (true): no deny is emitted; every request context is only allowed: missing.
    const [mfa, says] = await documentVerdict(['m/main.tf'], t.dir);
    assert.equal(mfa, 'missing');
    assert.match(says, /with manage_explicit_deny = false in z\.auto\.tfvars\.json, the deny at line 10 is not emitted/);
    // --var-file prod.tfvars (true) over the folder's: the BoolIfExists "false" NotAction deny is emitted, so access keys
    // (key absent) and sessions without MFA ("false") are denied all but enrolment: enforced.
    assert.equal((await documentVerdict(['m/main.tf', '--var-file', 'prod.tfvars'], t.dir))[0], 'enforced');
    // A later --var wins over an earlier --var-file, and the other way round.
    const [flag, flagSays] = await documentVerdict(
      ['m/main.tf', '--var-file', 'prod.tfvars', '--var', 'manage_explicit_deny=false'],
      t.dir,
    );
    assert.equal(flag, 'missing');
    assert.match(flagSays, /with manage_explicit_deny = false from --var, the deny at line 10 is not emitted/);
    assert.equal(
      (await documentVerdict(['m/main.tf', '--var', 'manage_explicit_deny=false', '--var-file=prod.tfvars'], t.dir))[0],
      'enforced',
    );
    assert.equal((await documentVerdict(['m/main.tf', '--var', 'manage_explicit_deny=true'], t.dir))[0], 'enforced');
  } finally {
    t.cleanup();
  }
});

test('--var-file that cannot be read, and --var without name=value: usage errors (exit 2)', async () => {
  const t = moduleTree({});
  try {
    const missing = await runCli(['lint', 'm/main.tf', '--var-file', 'absent.tfvars'], { cwd: t.dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--var-file absent\.tfvars/);
    const bad = await runCli(['lint', 'm/main.tf', '--var', 'no-equals'], { cwd: t.dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--var expects <name>=<value>/);
  } finally {
    t.cleanup();
  }
});

test('a Terraform file on stdin (--stdin-filename main.tf) gets --var too: its own variable defaults are overridden', async () => {
  // The module in one text: its variable block beside the document.
  const text = `${fixture('terraform-module/variables.tf')}\n${fixture('terraform-module/main.tf')}`;
  const run = (extra: string[]) =>
    runJson(['lint', '--stdin-filename', 'main.tf', ...extra, '-'], { stdin: () => Readable.from([Buffer.from(text)]) });
  // The default (false): no deny is emitted: missing.
  assert.equal((await run([])).json.files[0]!.policies[0]!.mfa, 'missing');
  // --var true: the BoolIfExists "false" NotAction deny is emitted; access keys and sessions without MFA are denied: enforced.
  assert.equal((await run(['--var', 'manage_explicit_deny=true'])).json.files[0]!.policies[0]!.mfa, 'enforced');
});
