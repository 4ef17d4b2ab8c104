// force-mfa CLI: --fix, --fix-suggestions and --fix-dry-run. The CLI writes exactly what the core's
// fix engine (the editor's fix-all) gives, atomically, and reports what is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { fixAll, type LintOptions } from '../../src/core';
import type { WriteFileSystem } from '../../src/cli/write';
import { FIXTURES, runCli, runJson, tempTree } from '../fixtures/cli/harness';
import { goldenFixes } from '../fixtures/lib/core-helpers';

const golden = goldenFixes();
const byName = (name: string) => golden.find((g) => g.name === name)!;

/** The command-line flags that say what a fixture's lint options say. */
function flagsFor(options: LintOptions): string[] {
  const flags = Object.entries(options.rules ?? {}).map(([rule, setting]) => `--rule=${rule}=${setting}`);
  return options.partition ? [...flags, '--partition', options.partition] : flags;
}

test("--fix writes exactly what the fix engine gives (the editor's fix-all), on every golden fixture", async () => {
  const files = Object.fromEntries(golden.map((g) => [`${g.name}.json`, g.input]));
  const t = tempTree(files);
  try {
    for (const g of golden) {
      const flag = g.suggestion ? '--fix-suggestions' : '--fix';
      const r = await runCli(['lint', flag, ...flagsFor(g.options), `${g.name}.json`], { cwd: t.dir });
      assert.equal(r.stderr, '', g.name);
      const written = readFileSync(path.join(t.dir, `${g.name}.json`), 'utf8');
      assert.equal(written, fixAll(g.input, g.options, { includeSuggestions: g.suggestion }).text, g.name);
      assert.equal(written, g.expected, g.name);
    }
    assert.deepEqual(
      readdirSync(t.dir).filter((f) => !f.endsWith('.json')),
      [],
      'no temporary file left',
    );
  } finally {
    t.cleanup();
  }
});

test('--fix reports each fix, then what remains; the exit code follows what remains', async () => {
  const bool = byName('bool-to-boolifexists');
  const deny = byName('insert-deny-append-4-spaces');
  const t = tempTree({ 'bool.json': bool.input, 'deny.json': deny.input });
  try {
    const r = await runCli(['lint', '--fix', '--rule', 'bool-without-ifexists=error', '--rule', 'missing-mfa-deny=error', '.'], {
      cwd: t.dir,
    });
    assert.equal(r.code, 1, 'the deny is a suggestion: still missing');
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'bool.json  fixed    Change Bool to BoolIfExists  bool-without-ifexists');
    assert.match(lines[1]!, /^deny\.json:\d+:\d+ {2}error {4}MFA not enforced .* {2}missing-mfa-deny$/);
    assert.match(r.stdout, /; 1 fix applied to 1 file\.\n$/);
    assert.equal(readFileSync(path.join(t.dir, 'bool.json'), 'utf8'), bool.expected);
    assert.equal(readFileSync(path.join(t.dir, 'deny.json'), 'utf8'), deny.input, 'a suggestion is not applied by --fix');

    const all = await runJson(['lint', '--fix-suggestions', '--rule', 'missing-mfa-deny=error', '.'], { cwd: t.dir });
    assert.equal(all.code, 0);
    const fixed = (all.json.files as Array<{ file: string; fixed?: unknown[] }>).map((f) => [f.file, f.fixed]);
    assert.deepEqual(fixed, [
      ['bool.json', []],
      ['deny.json', [{ rule: 'missing-mfa-deny', title: "Insert AWS's deny for requests without MFA", kind: 'suggestion' }]],
    ]);
    assert.equal(readFileSync(path.join(t.dir, 'deny.json'), 'utf8'), deny.expected);
    // Without --fix the JSON report keeps its shape.
    assert.ok(!('fixed' in (await runJson(['lint', '.'], { cwd: t.dir })).json.files[0]!));
  } finally {
    t.cleanup();
  }
});

test('--fix keeps the file mode, follows a symbolic link, and leaves files that are not policies alone', async () => {
  const bool = byName('bool-to-boolifexists');
  // A BOM is a pasted-characters finding with a fix, but a file found by walking that holds no policy is not touched.
  const notPolicy = '\uFEFF{ "name": "x", "version": "1.0.0" }\n';
  const t = tempTree({ 'p/bool.json': bool.input, 'p/package.json': notPolicy });
  try {
    chmodSync(path.join(t.dir, 'p/bool.json'), 0o640);
    symlinkSync('p/bool.json', path.join(t.dir, 'link.json'));
    const r = await runCli(['lint', '--fix', 'link.json', 'p'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(statSync(path.join(t.dir, 'p/bool.json')).mode & 0o7777, 0o640);
    assert.equal(readFileSync(path.join(t.dir, 'p/bool.json'), 'utf8'), bool.expected);
    assert.ok((await fsp.lstat(path.join(t.dir, 'link.json'))).isSymbolicLink(), 'the link is kept');
    assert.equal(readFileSync(path.join(t.dir, 'p/package.json'), 'utf8'), notPolicy);
  } finally {
    t.cleanup();
  }
});

test('--fix-dry-run writes nothing: a unified diff on stdout, a summary on stderr, the exit code of what would remain', async () => {
  const g = byName('lockout-remove-true');
  const t = tempTree({ 'lockout.json': g.input });
  try {
    const r = await runCli(['lint', '--fix-dry-run', 'lockout.json'], { cwd: t.dir });
    assert.equal(r.code, 0, 'the lock-out error would be fixed');
    assert.equal(r.stdout, `--- lockout.json\n+++ lockout.json\n@@ -1,1 +1,1 @@\n-${g.input}+${g.expected}`);
    assert.deepEqual(r.errLines, [
      'force-mfa: --fix-dry-run: 1 fix would be applied to 1 file (nothing was written); 0 errors, 0 warnings, 0 info would remain.',
    ]);
    assert.equal(readFileSync(path.join(t.dir, 'lockout.json'), 'utf8'), g.input);
    assert.equal((await runCli(['lint', 'lockout.json'], { cwd: t.dir })).code, 1, 'unfixed, the lock-out is an error');
  } finally {
    t.cleanup();
  }
});

test('--fix-dry-run --fix-suggestions shows the suggestions too; the diff applies with patch -p0', async (ctx) => {
  const g = byName('user-path-string-to-array-crlf-tabs');
  const t = tempTree({ 'crlf.json': g.input });
  try {
    const safe = await runCli(['lint', '--fix-dry-run', '--rule', 'missing-mfa-deny=off', 'crlf.json'], { cwd: t.dir });
    assert.equal(safe.stdout, '', 'nothing safe to fix');
    const r = await runCli(['lint', '--fix-dry-run', '--fix-suggestions', '--rule', 'missing-mfa-deny=off', 'crlf.json'], { cwd: t.dir });
    assert.match(r.stdout, /^--- crlf\.json\n\+\+\+ crlf\.json\n@@ -7,7 \+7,10 @@\n \t\t\t\t"iam:ChangePassword",\r\n/);
    if (spawnSync('patch', ['--version']).status !== 0) return ctx.skip('no patch on this machine');
    execFileSync('patch', ['-s', '-p0'], { cwd: t.dir, input: r.stdout });
    assert.equal(readFileSync(path.join(t.dir, 'crlf.json'), 'utf8'), g.expected);
  } finally {
    t.cleanup();
  }
});

test('--fix-dry-run cannot share stdout with --format json or sarif', async () => {
  for (const format of ['json', 'sarif']) {
    const r = await runCli(['lint', '--fix-dry-run', '--format', format, 'enforced.json']);
    assert.equal(r.code, 2);
    assert.deepEqual(r.errLines, [`force-mfa: --fix-dry-run prints a diff on stdout: it cannot be combined with --format ${format}`]);
  }
});

test('a file that cannot be written: one error line, exit code 2, the file unchanged, no temporary file left', async () => {
  const g = byName('bool-to-boolifexists');
  const t = tempTree({ 'bool.json': g.input });
  const unlinked: string[] = [];
  const failing: WriteFileSystem = {
    ...(fsp as unknown as WriteFileSystem),
    rename: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })),
    unlink: (p) => {
      unlinked.push(String(p));
      return fsp.unlink(p);
    },
  };
  try {
    const r = await runJson(['lint', '--fix', 'bool.json'], { cwd: t.dir, writeFs: failing });
    assert.equal(r.code, 2);
    assert.deepEqual(r.errLines, ['force-mfa: error: bool.json: cannot write the fixed text (the file is unchanged): permission denied']);
    assert.equal(readFileSync(path.join(t.dir, 'bool.json'), 'utf8'), g.input);
    assert.deepEqual(readdirSync(t.dir), ['bool.json']);
    assert.equal(unlinked.length, 1);
    assert.deepEqual(
      r.json.files[0]!.diagnostics.map((d) => d.rule),
      ['bool-without-ifexists'],
      'the findings of the text as it is',
    );
  } finally {
    t.cleanup();
  }
});

test('dist/cli.js --fix: the built binary writes the fixed file', { timeout: 120_000 }, () => {
  const root = path.resolve(FIXTURES, '../../..');
  const cli = path.join(root, 'dist/cli.js');
  if (!existsSync(cli) || !readFileSync(cli, 'utf8').includes('--fix-dry-run'))
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  const g = byName('bool-to-boolifexists');
  const t = tempTree({ 'bool.json': g.input });
  try {
    const r = spawnSync(process.execPath, [cli, 'lint', '--fix', 'bool.json'], { cwd: t.dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(path.join(t.dir, 'bool.json'), 'utf8'), g.expected);
    assert.match(r.stdout, /^bool\.json {2}fixed {4}Change Bool to BoolIfExists {2}bool-without-ifexists\n/);
  } finally {
    t.cleanup();
  }
});
