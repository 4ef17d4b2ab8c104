// force-mfa CLI, issue 12 "Nothing passes silently": a folder walk opens every format the core reads
// (the core picks each one's format from its name), a file the user chose in a format not read is
// never a JSON syntax error, and the summary counts the files read, skipped and could not analyse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixture, runCli, runJson, tempTree } from '../fixtures/cli/harness';
import { formatNotRead } from '../../src/cli/formats';
import { policySign } from '../../src/core/document/policy-sign';

const FORMATS = path.join(FIXTURES, 'formats');
const formats = (name: string): string => readFileSync(path.join(FORMATS, name), 'utf8');

/** 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): [number, number] {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return [before.length, before.at(-1)!.length + 1];
}

test('a folder walk reads CloudFormation, Serverless, Markdown, Terraform, JSON in .txt and .tpl; counted exactly', async () => {
  const r = await runJson(['lint', 'formats', 'enforced.json']);
  assert.deepEqual(
    // The verdicts, not the pointers: each front-end names the places of its policies (its own tests pin them).
    r.json.files.map((f) => [f.file, f.status, f.policies.map((p) => p.mfa).join()]),
    [
      ['formats/README.md', 'read', 'missing'],
      ['formats/main.tf', 'read', 'missing'],
      ['formats/policy.json.tpl', 'read', 'missing'],
      ['formats/policy.txt', 'read', 'missing'],
      // A function role's permissions with no MFA condition: MFA is no business of a Lambda's role.
      ['formats/serverless.yml', 'read', 'not-applicable'],
      ['formats/stack.yaml', 'read', 'missing'],
      ['enforced.json', 'read', 'enforced'],
    ],
    'a walk does not open deploy.py; compose.yml and notes.txt hold no policy',
  );
  assert.deepEqual(r.json.summary, {
    files: { read: 7, couldNotAnalyse: 0, skipped: 2, tooLarge: 0 },
    skipped: { notPolicies: 2, tooLarge: 0, formatNotRead: 0 },
    policies: { enforced: 1, weak: 0, missing: 5, 'not-applicable': 1 },
    findings: { error: 0, warning: 5, info: 0 },
    pathErrors: 0,
  });
  assert.equal(r.code, 0, 'warnings only: the policy in main.tf is read');
  assert.equal(r.stderr, '');
  // The finding lands on the Markdown page's own line: the fence's "Statement" key.
  const readme = formats('README.md');
  const d = r.json.files[0]!.diagnostics[0]!;
  assert.deepEqual([d.rule, d.line, d.column], ['missing-mfa-deny', ...positionOf(readme, '"Statement"')]);

  const s = await runCli(['lint', 'formats', 'enforced.json']);
  assert.equal(
    s.stdout.split('\n').at(-2),
    '0 errors, 5 warnings, 0 info in 7 files (7 policies: MFA 1 enforced, 5 missing, 1 not-applicable); 2 files skipped as not policies.',
  );
});

test('a Terraform file named on the command line is read as HCL (its finding on the policy document), never a JSON syntax error', async () => {
  const r = await runJson(['lint', 'formats/main.tf', 'formats/deploy.py']);
  assert.equal(r.code, 0, 'warnings only');
  assert.deepEqual(r.json.files.length, 1);
  const [file] = r.json.files;
  assert.equal(file!.status, 'read');
  assert.deepEqual(
    file!.policies.map((p) => [p.pointer, p.mfa]),
    [['/data/aws_iam_policy_document/s3_with_mfa', 'missing']],
  );
  assert.deepEqual(
    file!.diagnostics.map((d) => [d.rule, d.severity, d.line, d.column]),
    [['missing-mfa-deny', 'warning', ...positionOf(formats('main.tf'), '"s3_with_mfa"')]],
  );
  assert.deepEqual(r.errLines, [
    'force-mfa: warning: formats/deploy.py: a .py file is not read (force-mfa reads JSON, YAML, Markdown, and JSON in .txt and .tpl files); skipped (no sign of a policy in it)',
  ]);
  assert.deepEqual(r.json.summary.files, { read: 1, couldNotAnalyse: 0, skipped: 1, tooLarge: 0 });
  assert.deepEqual(r.json.summary.skipped, { notPolicies: 0, tooLarge: 0, formatNotRead: 1 });

  const s = await runCli(['lint', 'formats/main.tf', 'formats/deploy.py']);
  assert.doesNotMatch(s.stdout, /json-syntax/);
});

test('--rule unreadable-policy=warning reports a policy not analysed without failing; =off skips it with a warning', async () => {
  const t = tempTree({ 'deploy.py': 'condition = {"Bool": {"aws:MultiFactorAuthPresent": "false"}}\n' });
  try {
    const warned = await runJson(['lint', 'deploy.py', '--rule', 'unreadable-policy=warning'], { cwd: t.dir });
    assert.equal(warned.code, 0);
    assert.deepEqual(
      warned.json.files.map((f) => [f.status, f.diagnostics.map((d) => `${d.rule}/${d.severity}`).join()]),
      [['could-not-analyse', 'unreadable-policy/warning']],
    );
    assert.equal(
      (await runCli(['lint', 'deploy.py', '--rule', 'unreadable-policy=warning', '--max-warnings', '0'], { cwd: t.dir })).code,
      1,
    );

    const off = await runJson(['lint', 'deploy.py', '--rule', 'unreadable-policy=off'], { cwd: t.dir });
    assert.equal(off.code, 0);
    assert.deepEqual(off.json.files, []);
    assert.deepEqual(off.errLines, [
      'force-mfa: warning: deploy.py: a .py file is not read (force-mfa reads JSON, YAML, Markdown, and JSON in .txt and .tpl files); skipped (unreadable-policy is off)',
    ]);
    assert.deepEqual(off.json.summary.files, { read: 0, couldNotAnalyse: 0, skipped: 1, tooLarge: 0 });
  } finally {
    t.cleanup();
  }
});

test('named files of other formats: a sign of a policy in any case makes it could-not-analyse; JSON under any name is read', async () => {
  const py = `import json\npolicy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*"}]})\n`;
  const t = tempTree({
    'deploy.py': py,
    'iam.hcl': 'statement {\n  effect = "Deny"\n}\n',
    policy: fixture('allow-only.json'),
    NOTES: 'Remember to rotate the keys.\n',
    'image.py': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]),
  });
  const notRead = 'is not read (force-mfa reads JSON, YAML, Markdown, and JSON in .txt and .tpl files)';
  try {
    const r = await runJson(['lint', 'deploy.py', 'iam.hcl', 'policy', 'NOTES', 'image.py'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [
        f.file,
        f.status,
        f.policies.map((p) => p.mfa).join(),
        f.diagnostics.map((d) => `${d.rule} ${d.line}:${d.column}`),
      ]),
      [
        ['deploy.py', 'could-not-analyse', '', [`unreadable-policy ${positionOf(py, 'Statement').join(':')}`]],
        ['iam.hcl', 'could-not-analyse', '', ['unreadable-policy 1:1']],
        ['policy', 'read', 'missing', ['missing-mfa-deny 3:3']],
      ],
    );
    assert.equal(
      r.json.files[0]!.diagnostics[0]!.message,
      `This file looks like it holds a policy (it has a Statement with an Effect); a .py file ${notRead}, so its MFA enforcement is not checked.`,
    );
    assert.deepEqual(r.errLines, [
      `force-mfa: warning: NOTES: a file without an extension ${notRead}; skipped (no sign of a policy in it)`,
      'force-mfa: error: image.py: binary file (contains NUL bytes), not JSON text',
    ]);
    assert.equal(r.code, 2, 'the binary file named on the command line is a path that cannot be read');
    assert.deepEqual(r.json.summary.files, { read: 1, couldNotAnalyse: 2, skipped: 1, tooLarge: 0 });
  } finally {
    t.cleanup();
  }
});

test('a walk: a Markdown Terraform block, a broken fenced policy, notes naming the MFA key, a .tf policy could not be analysed; exit 1', async () => {
  const t = tempTree({
    'docs/terraform.md': '# Policy\n\n```hcl\nstatement {\n  effect = "Deny"\n}\n```\n',
    'docs/broken.md': '# Policy\n\n```json\n{ "Statement": [ { "Effect": "Deny", } ] }\n```\n',
    'docs/empty.md': '# Nothing here\n\nJust prose.\n',
    'notes/mfa.txt': 'Every deny checks aws:MultiFactorAuthPresent with BoolIfExists.\n',
    'notes/todo.txt': 'Buy milk.\n',
    'app/deploy.py': `policy = {"Statement": [{"Effect": "Allow"}]}\n`,
    'app/broken.yaml': 'a: [\n',
    // Being typed: an unclosed string.
    'infra/iam.tf': 'data "aws_iam_policy_document" "d" {\n  statement {\n    effect = "Deny\n  }\n}\n',
    'infra/variables.tf': 'variable "region" {}\n',
  });
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [f.file, f.status, f.diagnostics.map((d) => `${d.rule}/${d.severity}`).join()]),
      [
        ['docs/broken.md', 'could-not-analyse', 'json-syntax/error'],
        ['docs/terraform.md', 'could-not-analyse', 'unreadable-policy/error'],
        ['infra/iam.tf', 'could-not-analyse', 'unreadable-policy/error'],
        ['notes/mfa.txt', 'could-not-analyse', 'unreadable-policy/error'],
      ],
      'the core reports the parts it cannot read; the CLI makes them errors; a .py is not opened by a walk',
    );
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '', 'a Terraform file without a policy found by a walk is counted, not warned about');
    assert.deepEqual(r.json.summary.files, { read: 0, couldNotAnalyse: 4, skipped: 4, tooLarge: 0 });
    assert.deepEqual(r.json.summary.skipped, { notPolicies: 4, tooLarge: 0, formatNotRead: 0 });
    const s = await runCli(['lint', '.'], { cwd: t.dir });
    assert.equal(
      s.stdout.split('\n').at(-2),
      '4 errors, 0 warnings, 0 info in 4 files: 0 read, 4 could not be analysed; 4 files skipped as not policies.',
    );
  } finally {
    t.cleanup();
  }
});

test('a glob chooses files of any format: a Terraform file with a policy is read, one without is counted, quietly', async () => {
  const t = tempTree({
    'infra/main.tf': formats('main.tf'),
    'infra/variables.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n',
  });
  try {
    const r = await runJson(['lint', '**/*.tf'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [f.file, f.status]),
      [['infra/main.tf', 'read']],
    );
    assert.equal(r.stderr, '', 'a file a glob matched is counted, not warned about one by one');
    assert.deepEqual(r.json.summary.skipped, { notPolicies: 1, tooLarge: 0, formatNotRead: 0 });
    assert.equal(r.code, 0);
  } finally {
    t.cleanup();
  }
});

test('over the size limit: a Markdown, text or Terraform file found by a walk is skipped with a warning; named, or JSON, it fails the run', async () => {
  const big = `# Log\n\n${'x'.repeat(8192)}\n`;
  const t = tempTree({ 'CHANGELOG.md': big, 'logs/run.txt': big, 'gen/big.tf': big, 'p/enforced.json': fixture('enforced.json') });
  try {
    const walked = await runJson(['lint', '.'], { cwd: t.dir, maxFileSize: 4096 });
    assert.equal(walked.code, 0);
    assert.deepEqual(walked.errLines, [
      'force-mfa: warning: CHANGELOG.md: 8.0 KB, over the 4.0 KB limit for a policy file; skipped (found by walking a folder, and no policy file by its name)',
      'force-mfa: warning: gen/big.tf: 8.0 KB, over the 4.0 KB limit for a policy file; skipped (found by walking a folder, and no policy file by its name)',
      'force-mfa: warning: logs/run.txt: 8.0 KB, over the 4.0 KB limit for a policy file; skipped (found by walking a folder, and no policy file by its name)',
    ]);
    assert.deepEqual(walked.json.summary.files, { read: 1, couldNotAnalyse: 0, skipped: 3, tooLarge: 0 });
    assert.deepEqual(walked.json.summary.skipped, { notPolicies: 0, tooLarge: 3, formatNotRead: 0 });

    const named = await runJson(['lint', 'CHANGELOG.md'], { cwd: t.dir, maxFileSize: 4096 });
    assert.equal(named.code, 1, 'a file the user named is not skipped for its size');
    assert.deepEqual(named.json.summary.files, { read: 0, couldNotAnalyse: 0, skipped: 0, tooLarge: 1 });
  } finally {
    t.cleanup();
  }
});

test("sarif: the summary is the run's properties; unreadable-policy is an error by default in the CLI", async () => {
  // A policy document being typed (an unclosed string): not read.
  const t = tempTree({
    'iam.tf': 'data "aws_iam_policy_document" "d" {\n  statement {\n    effect = "Deny\n  }\n}\n',
    'enforced.json': fixture('enforced.json'),
  });
  const r = await runCli(['lint', '--format', 'sarif', 'iam.tf', 'enforced.json'], { cwd: t.dir });
  t.cleanup();
  assert.equal(r.code, 1);
  const run = (JSON.parse(r.stdout) as { runs: Array<Record<string, any>> }).runs[0]!;
  assert.deepEqual(run.properties, {
    files: { read: 1, couldNotAnalyse: 1, skipped: 0, tooLarge: 0 },
    skipped: { notPolicies: 0, tooLarge: 0, formatNotRead: 0 },
    policies: { enforced: 1, weak: 0, missing: 0, 'not-applicable': 0 },
    findings: { error: 1, warning: 0, info: 0 },
    pathErrors: 0,
  });
  const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'unreadable-policy');
  assert.deepEqual(rule.defaultConfiguration, { level: 'error' });
  assert.deepEqual(
    run.results.map((x: { ruleId: string; level: string }) => [x.ruleId, x.level]),
    [['unreadable-policy', 'error']],
  );
});

test('--fix lints each file as its own format: a fix inside a Markdown fence, or in a YAML template, is applied there', async () => {
  const page = [
    '# Deny without MFA',
    '',
    '```json',
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [',
    '    {',
    '      "Effect": "Deny",',
    '      "NotAction": "iam:*",',
    '      "Resource": "*",',
    '      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }',
    '    }',
    '  ]',
    '}',
    '```',
    '',
  ].join('\n');
  const template = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  DenyWithoutMfa:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Deny',
    '            NotAction: "iam:*"',
    '            Resource: "*"',
    '            Condition:',
    '              Bool:',
    '                aws:MultiFactorAuthPresent: "false"',
    '',
  ].join('\n');
  const t = tempTree({ 'README.md': page, 'stack.yaml': template });
  try {
    const r = await runCli(['lint', '--fix-dry-run', 'README.md', 'stack.yaml'], { cwd: t.dir });
    assert.match(r.stdout, /^- {6}"Condition": \{ "Bool": \{/m);
    assert.match(r.stdout, /^\+ {6}"Condition": \{ "BoolIfExists": \{/m);
    assert.match(r.stdout, /^- {14}Bool:\n\+ {14}BoolIfExists:$/m, 'YAML written as YAML');
    assert.match(r.stderr, /2 fixes would be applied to 2 files/);
  } finally {
    t.cleanup();
  }
});

test('formatNotRead and policySign: names and signs', () => {
  assert.equal(formatNotRead('a/b.json', 'x'), undefined);
  assert.equal(formatNotRead('README.MARKDOWN', '# x'), undefined);
  assert.equal(formatNotRead('policy.json.tpl', '%{ if x }'), undefined, 'the core reads .tpl files, or says why not');
  // Asked only where the HCL reader could not be loaded (main.ts hclReader): the message says so.
  const noReader = 'Terraform is not read: the Terraform reader could not be loaded';
  assert.equal(formatNotRead('main.TF', '{}'), noReader, 'HCL, whatever its first character');
  assert.equal(formatNotRead('prod.tfvars', 'x = 1'), noReader);
  assert.equal(formatNotRead('policy.iam', '\uFEFF \n [ ]'), undefined, 'JSON under any other name is read as JSON');
  assert.match(formatNotRead('x.py', 'import os')!, /^a \.py file is not read/);
  assert.match(formatNotRead('dir.v2/Makefile', 'all:')!, /^a file without an extension is not read/);
  assert.match(formatNotRead('.env', 'A=1')!, /^a file without an extension/, 'a dot file is a name, not an extension');

  const mfa = { offset: 2, length: 26, what: 'it names aws:MultiFactorAuthPresent' };
  assert.deepEqual(policySign('x AWS:MULTIFACTORAUTHPRESENT y', true), mfa, 'any case, for HCL and code');
  assert.equal(policySign('x AWS:MULTIFACTORAUTHPRESENT y', false), undefined, 'as IAM spells it, for JSON and YAML');
  assert.deepEqual(policySign('x aws:MultiFactorAuthPresent y', false), mfa);
  assert.deepEqual(policySign('Effect then statement', true), { offset: 12, length: 9, what: 'it has a Statement with an Effect' });
  assert.equal(policySign('Ein Statement mit effect', false), undefined);
  assert.equal(policySign('a Statement alone', true), undefined);
  assert.equal(policySign('aws:MultiFactorAuth', true), undefined);
  assert.equal(policySign('', true), undefined);
  // Near misses everywhere: each search stops a word's length into each of them.
  assert.equal(policySign('aws:multifactorauthpresen'.repeat(10_000) + 'statemen effec', true), undefined);
});

test("an empty path ('') is an error, not the current folder linted unasked", async () => {
  const r = await runJson(['lint', '', 'enforced.json']);
  assert.equal(r.code, 2);
  assert.deepEqual(r.errLines, ["force-mfa: error: '': an empty path"]);
  assert.deepEqual(
    r.json.files.map((f) => f.file),
    ['enforced.json'],
  );
});

test('a walk skips binary Markdown and text files, and counts them', async () => {
  const binary = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x0d]);
  const t = tempTree({ 'a.md': binary, 'b.txt': binary, 'c.tpl': binary, 'p.json': fixture('enforced.json') });
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    assert.deepEqual(r.json.summary.files, { read: 1, couldNotAnalyse: 0, skipped: 3, tooLarge: 0 });
  } finally {
    t.cleanup();
  }
});

test('a walk lists a broken file that has IAM keys as IAM spells them; not one that uses the words in another sense', async () => {
  const t = tempTree({
    'iam/statements.yaml': 'Statement:\n  - Effect: Allow\n    Action: [s3:*\n',
    'i18n/de.json': '{ "m1": "Ein Statement ohne effect", }',
    'ci/workflow.yml': 'jobs: [\n# statement: effect\n',
  });
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [f.file, f.status, f.diagnostics.map((d) => d.rule).join()]),
      [['iam/statements.yaml', 'could-not-analyse', 'json-syntax']],
    );
    assert.deepEqual(r.json.summary.files, { read: 0, couldNotAnalyse: 1, skipped: 2, tooLarge: 0 });
    assert.equal(r.code, 1);
  } finally {
    t.cleanup();
  }
});
