// force-mfa lint -: the text comes from stdin; --stdin-filename names it (format, output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { runCli, runJson, fixture } from '../fixtures/cli/harness';

const stdin = (text: string | Uint8Array) => () => Readable.from([typeof text === 'string' ? Buffer.from(text) : text]);

test('- reads the policy from stdin, listed as <stdin>', async () => {
  const r = await runJson(['lint', '-'], { stdin: stdin(fixture('allow-only.json')) });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    r.json.files.map((f) => [f.file, f.diagnostics.map((d) => d.rule)]),
    [['<stdin>', ['missing-mfa-deny']]],
  );
  const bad = await runCli(['lint', '-'], { stdin: stdin(fixture('syntax-error.json')) });
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^<stdin>:4:23 {2}error/m);
});

test('--stdin-filename names the text: its format comes from that name, and the output shows it', async () => {
  const yaml = [
    'Resources:',
    '  P:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    '          - Effect: Allow',
    "            Action: 's3:*'",
    "            Resource: '*'",
    '',
  ].join('\n');
  const named = await runJson(['lint', '--stdin-filename', 'infra/template.yaml', '-'], { stdin: stdin(yaml) });
  assert.equal(named.code, 0, named.stderr);
  assert.equal(named.json.files[0]!.file, 'infra/template.yaml');
  assert.deepEqual(
    named.json.files[0]!.policies.map((p) => p.mfa),
    ['missing'],
  );
  // Without the name the YAML is not read (stdin is read as JSON): it could not be analysed, and the message says what to do.
  const unnamed = await runJson(['lint', '-'], { stdin: stdin(yaml) });
  assert.equal(unnamed.code, 1);
  assert.equal(unnamed.json.files[0]!.status, 'could-not-analyse');
  assert.match(unnamed.json.files[0]!.diagnostics[0]!.message, /stdin is read as JSON unless --stdin-filename names its format/);
});

test('stdin beside files; a binary or too large stdin is reported as a file is', async () => {
  const both = await runJson(['lint', 'enforced.json', '-'], { stdin: stdin(fixture('allow-only.json')) });
  assert.deepEqual(
    both.json.files.map((f) => f.file),
    ['enforced.json', '<stdin>'],
  );
  const binary = await runCli(['lint', '-'], { stdin: stdin(new Uint8Array([0x7b, 0, 0x7d])) });
  assert.equal(binary.code, 2);
  assert.match(binary.stderr, /<stdin>: binary file/);
  const large = await runCli(['lint', '--max-file-size', '10', '-'], { stdin: stdin(fixture('allow-only.json')) });
  assert.equal(large.code, 1);
  assert.match(large.stderr, /<stdin>: .*over the 10 bytes limit/);
});

test('stdin usage errors: - twice, --stdin-filename without -, --fix on stdin', async () => {
  for (const [argv, expected] of [
    [['lint', '-', '-'], /'-' \(stdin\) can be given once/],
    [['lint', '--stdin-filename', 'p.json', 'enforced.json'], /--stdin-filename names the text read from stdin: give '-' as a path/],
    [['lint', '--fix', '-'], /--fix cannot write back to stdin; --fix-dry-run prints the diff/],
  ] as const) {
    const r = await runCli([...argv], { stdin: stdin('{}') });
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, expected);
  }
});

test('--fix-dry-run on stdin prints the diff under the --stdin-filename', async () => {
  const policy = fixture('enforced.json').replace('"Version": "2012-10-17",', '');
  const r = await runCli(['lint', '--fix-dry-run', '--stdin-filename', 'p.json', '-'], { stdin: stdin(policy) });
  assert.match(r.stdout, /^--- p\.json\n\+\+\+ p\.json\n/);
  assert.match(r.stdout, /^\+\s*"Version": "2012-10-17"/m);
});
