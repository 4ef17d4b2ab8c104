// force-mfa CLI: options, usage errors and exit codes, through main() in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleMetas } from '../../src/core';
import { FIXTURES, runCli, runJson, tempTree, fixture } from '../fixtures/cli/harness';

/** A usage error: exit 2, exactly one line on stderr that says `expected`, nothing on stdout. */
async function assertUsageError(argv: string[], expected: RegExp): Promise<void> {
  const r = await runCli(argv);
  assert.equal(r.code, 2, `exit code for ${argv.join(' ')}`);
  assert.equal(r.errLines.length, 1, `one stderr line, got: ${r.stderr}`);
  assert.match(r.errLines[0]!, /^force-mfa: /);
  assert.match(r.errLines[0]!, expected);
  assert.equal(r.stdout, '');
}

test('--help prints the usage with every option and exits 0', async () => {
  for (const flag of ['--help', '-h']) {
    const r = await runCli(['lint', flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    for (const option of [
      '--format',
      '--rule',
      '--partition',
      '--max-warnings',
      '--allow-password-change-without-mfa',
      '--version',
      '--stdin-filename',
      '--no-gitignore',
      '--quiet',
      '--color',
      '--no-color',
      '{a,b}',
      '!pattern',
    ]) {
      assert.ok(r.stdout.includes(option), `help mentions ${option}`);
    }
  }
  assert.equal((await runCli(['--help'])).code, 0, 'help needs no command');
});

test('--version prints the package version', async () => {
  const { version } = JSON.parse(readFileSync(path.join(FIXTURES, '../../../package.json'), 'utf8')) as { version: string };
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${version}\n`);
});

test('a missing or unknown command is a usage error', async () => {
  await assertUsageError([], /missing command/);
  await assertUsageError(['check', 'enforced.json'], /unknown command 'check'/);
});

test('an unknown option is a usage error that names it', async () => {
  await assertUsageError(['lint', '--bogus', 'enforced.json'], /unknown option '--bogus'/);
  await assertUsageError(['lint', '-x'], /unknown option '-x'/);
});

test('--format accepts stylish, json, sarif, github, junit and rejects anything else', async () => {
  await assertUsageError(
    ['lint', '--format', 'xml', 'enforced.json'],
    /--format must be one of stylish, json, sarif, github, junit \(got 'xml'\)/,
  );
  await assertUsageError(['lint', 'enforced.json', '--format'], /--format needs a value/);
  for (const format of ['stylish', 'json', 'sarif', 'github', 'junit']) {
    const r = await runCli(['lint', `--format=${format}`, 'syntax-error.json']);
    assert.equal(r.code, 1, `--format=${format} lints`);
    assert.ok(r.stdout.length > 0);
  }
});

test('--rule needs <name>=<error|warning|info|off> with a known rule name', async () => {
  await assertUsageError(
    ['lint', '--rule', 'missing-mfa-deny', 'enforced.json'],
    /--rule expects <name>=<error\|warning\|info\|off> \(got 'missing-mfa-deny'\)/,
  );
  await assertUsageError(['lint', '--rule', '=error'], /--rule expects/);
  await assertUsageError(
    ['lint', '--rule', 'missing-mfa-deny=loud'],
    /--rule missing-mfa-deny must be one of error, warning, info, off \(got 'loud'\)/,
  );
  await assertUsageError(['lint', '--rule', 'no-such-rule=off'], /unknown rule 'no-such-rule'/);
  await assertUsageError(
    ['lint', '--rule', 'missing-mfa-dney=off'],
    /unknown rule 'missing-mfa-dney' in --rule; did you mean 'missing-mfa-deny'\?/,
  );
});

test('every registered rule name is accepted by --rule', async () => {
  assert.ok(ruleMetas.length > 0, 'the core registers rules');
  const argv = ['lint', 'enforced.json'];
  for (const meta of ruleMetas) argv.push('--rule', `${meta.name}=off`);
  const r = await runJson(argv);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.json.files.flatMap((f) => f.diagnostics),
    [],
  );
});

test('--rule changes a severity, or switches a rule off', async () => {
  const base = await runJson(['lint', 'allow-only.json']);
  assert.equal(base.code, 0, 'a warning alone exits 0');
  assert.deepEqual(
    base.json.files[0]!.diagnostics.map((d) => [d.rule, d.severity]),
    [['missing-mfa-deny', 'warning']],
  );

  const raised = await runJson(['lint', 'allow-only.json', '--rule', 'missing-mfa-deny=error']);
  assert.equal(raised.code, 1);
  assert.deepEqual(
    raised.json.files[0]!.diagnostics.map((d) => [d.rule, d.severity]),
    [['missing-mfa-deny', 'error']],
  );

  const off = await runJson(['lint', 'allow-only.json', '--rule=missing-mfa-deny=off']);
  assert.equal(off.code, 0);
  assert.deepEqual(off.json.files[0]!.diagnostics, []);
  assert.equal(off.json.files[0]!.policies[0]!.mfa, 'missing', 'switching the rule off does not change the verdict');

  const syntaxOff = await runJson(['lint', 'syntax-error.json', '--rule', 'json-syntax=warning']);
  assert.equal(syntaxOff.code, 0, 'a syntax error lowered to a warning exits 0');
});

test('--max-warnings: more warnings than allowed exits 1', async () => {
  assert.equal((await runCli(['lint', 'allow-only.json', '--max-warnings', '0'])).code, 1);
  assert.equal((await runCli(['lint', 'allow-only.json', '--max-warnings=1'])).code, 0);
  assert.equal((await runCli(['lint', 'allow-only.json'])).code, 0);
  await assertUsageError(['lint', '--max-warnings', '-1'], /--max-warnings needs a whole number/);
  await assertUsageError(['lint', '--max-warnings', 'many'], /--max-warnings needs a whole number of 0 or more \(got 'many'\)/);
});

test('--partition aws-cn flags arn:aws: ARNs; aws (the default) does not', async () => {
  const def = await runJson(['lint', 'enforced.json']);
  assert.equal(def.json.files[0]!.diagnostics.filter((d) => d.rule === 'arn-partition-mismatch').length, 0);
  const cn = await runJson(['lint', 'enforced.json', '--partition', 'aws-cn']);
  assert.ok(
    cn.json.files[0]!.diagnostics.some((d) => d.rule === 'arn-partition-mismatch'),
    cn.stdout,
  );
  await assertUsageError(['lint', '--partition', 'aws-eu'], /--partition must be one of aws, aws-cn, aws-us-gov \(got 'aws-eu'\)/);
});

test('--allow-password-change-without-mfa accepts the iam:ChangePassword exemption', async () => {
  const mentions = (r: { json: { files: Array<{ diagnostics: Array<{ severity: string; message: string }> }> } }) =>
    r.json.files[0]!.diagnostics.filter((d) => d.severity !== 'info' && d.message.includes('ChangePassword'));
  const strict = await runJson(['lint', 'password-change-exempt.json']);
  const allowed = await runJson(['lint', 'password-change-exempt.json', '--allow-password-change-without-mfa']);
  assert.deepEqual([strict.json.files[0]!.policies[0]!.mfa, allowed.json.files[0]!.policies[0]!.mfa], ['weak', 'enforced']);
  assert.ok(mentions(strict).length > 0, `by default the exemption is reported: ${strict.stdout}`);
  assert.deepEqual(mentions(allowed), []);
  await assertUsageError(['lint', '--allow-password-change-without-mfa=yes'], /--allow-password-change-without-mfa takes no value/);
});

test('exit codes: 0 for an enforced policy, 1 for an error', async () => {
  const ok = await runJson(['lint', 'enforced.json']);
  assert.equal(ok.code, 0);
  assert.deepEqual(
    ok.json.files[0]!.policies.map((p) => p.mfa),
    ['enforced'],
  );
  const bad = await runCli(['lint', 'syntax-error.json']);
  assert.equal(bad.code, 1);
});

test('with no path, the current folder is linted; `--` ends the options', async () => {
  const t = tempTree({ 'policy.json': fixture('syntax-error.json'), '--odd.json': fixture('syntax-error.json') });
  try {
    const r = await runJson(['lint'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['--odd.json', 'policy.json'],
    );
    const odd = await runJson(['lint', '--', '--odd.json'], { cwd: t.dir });
    assert.deepEqual(
      odd.json.files.map((f) => f.file),
      ['--odd.json'],
    );
  } finally {
    t.cleanup();
  }
});

test('usage errors name what is wrong in words (node:util parseArgs, strict)', async () => {
  // An unknown option says how to lint a path that starts with '-'.
  await assertUsageError(
    ['lint', '--bogus=1'],
    /unknown option '--bogus' \(see force-mfa --help; a path that starts with '-' goes after '--'\)/,
  );
  // A short option inside a group is named alone.
  await assertUsageError(['lint', '-hx'], /unknown option '-x'/);
  // A value that starts with '-' and is taken for one: it must be written inline.
  await assertUsageError(
    ['lint', '--format', '--rule', 'enforced.json'],
    /--format must be one of stylish, json, sarif, github, junit \(got '--rule'\)/,
  );
  await assertUsageError(['lint', '--help=yes'], /--help takes no value/);
  await assertUsageError(['lint', '--format='], /--format must be one of .* \(got ''\)/);
  // Options may come before the command.
  const r = await runJson(['--rule', 'missing-mfa-deny=error', 'lint', 'allow-only.json']);
  assert.equal(r.code, 1);
});

test('the last of a repeated single-value option wins; --rule accumulates', async () => {
  const r = await runCli([
    'lint',
    '--format',
    'sarif',
    '--format',
    'json',
    'allow-only.json',
    '--rule',
    'missing-mfa-deny=error',
    '--rule',
    'json-syntax=off',
  ]);
  assert.equal(r.code, 1);
  assert.equal((JSON.parse(r.stdout) as { version: number }).version, 1);
});

test('--help: Terraform files and plans are read', async () => {
  const r = await runCli(['--help']);
  assert.ok(!r.stdout.includes('not read yet'), 'no "Terraform is not read yet"');
  for (const word of ['*.tf', '*.tf.json', 'plan']) assert.ok(r.stdout.includes(word), `help mentions ${word}`);
});
