// --format github: GitHub Actions workflow commands, one annotation per finding, escaped as the
// Actions toolkit escapes them (data: % \r \n; properties also : and ,).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeData, escapeProperty } from '../../src/cli/format/github';
import { fixture, runCli, tempTree } from '../fixtures/cli/harness';

test('one ::error / ::warning / ::notice line per finding with file, positions and the rule as title; the summary last', async () => {
  const r = await runCli(['lint', '--format', 'github', 'syntax-error.json', 'allow-only.json', '--rule', 'json-syntax=error']);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(
    lines[0],
    "::error file=syntax-error.json,line=4,endLine=4,col=23,endColumn=24,title=json-syntax::Trailing comma: IAM rejects a comma before '}'.",
  );
  assert.match(
    lines[1]!,
    /^::warning file=allow-only\.json,line=3,endLine=\d+,col=3,endColumn=\d+,title=missing-mfa-deny::MFA not enforced/,
  );
  assert.match(lines[2]!, /^1 error, 1 warning, 0 info in 2 files/);
  assert.equal(lines.length, 3);
  const info = await runCli(['lint', '--format', 'github', 'allow-only.json', '--rule', 'missing-mfa-deny=info']);
  assert.match(info.stdout, /^::notice file=allow-only\.json,/);
  assert.equal(info.code, 0);
});

test('escaping: data escapes % \\r \\n; a property also : and , (a file name cannot break out of its field)', async () => {
  assert.equal(escapeData('50% done\r\nnext::x'), '50%25 done%0D%0Anext::x');
  assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  const t = tempTree({ 'we,ird:name.json': fixture('syntax-error.json') });
  try {
    const r = await runCli(['lint', '--format', 'github', '.'], { cwd: t.dir });
    assert.match(r.stdout, /^::error file=we%2Cird%3Aname\.json,line=4,/m);
  } finally {
    t.cleanup();
  }
});

test('a control character in a message or a name is written as an escape, never raw', async () => {
  const t = tempTree({ 'bell\u0007\u001b[2J.json': fixture('syntax-error.json') });
  try {
    const r = await runCli(['lint', '--format', 'github', '.'], { cwd: t.dir });
    assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(r.stdout), JSON.stringify(r.stdout));
    assert.match(r.stdout, /file=bell\\x07\\e\[2J\.json/);
  } finally {
    t.cleanup();
  }
});

test('--quiet leaves the warnings out of the annotations', async () => {
  const r = await runCli(['lint', '--format', 'github', '--quiet', 'allow-only.json']);
  assert.doesNotMatch(r.stdout, /::warning/);
});
