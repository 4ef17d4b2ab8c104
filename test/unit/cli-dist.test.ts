// force-mfa CLI: the built binary, once, through a real process and a real pipe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixture, tempTree } from '../fixtures/cli/harness';

const root = path.resolve(FIXTURES, '../../..');
const cli = path.join(root, 'dist/cli.js');

test('dist/cli.js: shebang, exit codes, json on stdout, quiet when the pipe closes early, real EACCES', { timeout: 120_000 }, () => {
  if (!existsSync(cli)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  assert.match(readFileSync(cli, 'utf8'), /^#!\/usr\/bin\/env node\n/);

  const ok = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', 'syntax-error.json', 'missing.json'], {
    cwd: FIXTURES,
    encoding: 'utf8',
  });
  assert.equal(ok.status, 2, ok.stderr);
  assert.equal(ok.stderr, 'force-mfa: error: missing.json: no such file or folder\n');
  const json = JSON.parse(ok.stdout) as { version: number; files: Array<{ file: string }> };
  assert.equal(json.version, 1);
  assert.deepEqual(
    json.files.map((f) => f.file),
    ['syntax-error.json'],
  );

  const usage = spawnSync(process.execPath, [cli, 'lint', '--format', 'xml'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.equal(usage.stdout, '');
  assert.equal(usage.stderr.split('\n').filter(Boolean).length, 1);

  // Far more output than a pipe buffers (64 KB), so the writer really meets the closed pipe (EPIPE).
  const files: Record<string, string> = {};
  for (let i = 0; i < 1500; i++) files[`p${String(i).padStart(4, '0')}.json`] = fixture('syntax-error.json');
  const t = tempTree(files);
  try {
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${cli}" lint . | head -1`], { cwd: t.dir, encoding: 'utf8' });
    assert.equal(piped.status, 0, 'head exits 0');
    assert.equal(piped.stderr, '', 'no EPIPE trace, no message');
    assert.match(piped.stdout, /^p0000\.json:4:\d+ {2}error {4}.+ {2}json-syntax\n$/);
  } finally {
    t.cleanup();
  }

  // Root reads any file, so a real "permission denied" needs another user: as root (CI), run the
  // bundle (self-contained but for the catalogue of actions beside it, both copied where that user can read them) as
  // nobody via util-linux setpriv.
  // Not root: the in-process chmod test in cli-files.test.ts does it directly.
  if (process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0) {
    const locked = tempTree({ 'locked.json': fixture('syntax-error.json'), 'open.json': fixture('syntax-error.json') });
    try {
      copyFileSync(cli, path.join(locked.dir, 'cli.js'));
      copyFileSync(path.join(root, 'dist/iam-actions.json'), path.join(locked.dir, 'iam-actions.json'));
      chmodSync(locked.dir, 0o755);
      chmodSync(path.join(locked.dir, 'locked.json'), 0o000);
      const r = spawnSync(
        'setpriv',
        [
          '--reuid=65534',
          '--regid=65534',
          '--clear-groups',
          process.execPath,
          'cli.js',
          'lint',
          '--format',
          'json',
          'locked.json',
          'open.json',
        ],
        { cwd: locked.dir, encoding: 'utf8' },
      );
      assert.equal(r.stderr, 'force-mfa: error: locked.json: permission denied\n');
      assert.equal(r.status, 2);
      assert.deepEqual(
        (JSON.parse(r.stdout) as { files: Array<{ file: string }> }).files.map((f) => f.file),
        ['open.json'],
      );
    } finally {
      locked.cleanup();
    }
  }
});
