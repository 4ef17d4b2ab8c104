// force-mfa CLI: folders, globs, and every way a path can fail. Each failure is one clear line,
// and the other files are still linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import type { CliFileSystem } from '../../src/cli/files';
import { fixture, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const enforced = fixture('enforced.json');
const allowOnly = fixture('allow-only.json');
const syntaxError = fixture('syntax-error.json');
const notPolicy = fixture('not-a-policy.json');

/** A repository-like tree: policies at several depths, files that are not policies, folders to skip. */
function repoTree() {
  return tempTree({
    'policies/enforced.json': enforced,
    'policies/deep/allow-only.json': allowOnly,
    'policies/broken.json': syntaxError,
    'policies/notes.txt': enforced,
    'policies/.hidden.json': enforced,
    'config/settings.json': notPolicy,
    'config/tsconfig.json': '{ "compilerOptions": { "strict": true, }, // comment\n}',
    'node_modules/pkg/policy.json': enforced,
    '.git/policy.json': enforced,
  });
}

test('a folder is walked for policies (a .txt holding JSON too); node_modules and .git are skipped; non-policies are counted', async () => {
  const t = repoTree();
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['policies/.hidden.json', 'policies/broken.json', 'policies/deep/allow-only.json', 'policies/enforced.json', 'policies/notes.txt'],
    );
    assert.equal(r.code, 1, 'broken.json has a syntax error');
    assert.equal(r.stderr, '');
    const stylish = await runCli(['lint', 'policies', 'config'], { cwd: t.dir });
    assert.match(stylish.stdout, /; 2 files skipped as not policies\.\n$/, 'settings.json and tsconfig.json are counted');
    assert.match(stylish.stdout, /^policies\/broken\.json:4:\d+ {2}error {4}.+ {2}json-syntax$/m);
  } finally {
    t.cleanup();
  }
});

test('a named file that is not a policy is skipped and counted, not reported', async () => {
  const r = await runCli(['lint', 'not-a-policy.json', 'enforced.json']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /in 1 file \(1 policy: MFA 1 enforced\); 1 file skipped as not a policy\.\n$/);
});

test('globs: *, ** and ? match below their base folder; dot files only when named', async () => {
  const t = repoTree();
  try {
    const files = async (...patterns: string[]) => (await runJson(['lint', ...patterns], { cwd: t.dir })).json.files.map((f) => f.file);
    assert.deepEqual(await files('**/*.json'), ['policies/broken.json', 'policies/deep/allow-only.json', 'policies/enforced.json']);
    assert.deepEqual(await files('policies/*.json'), ['policies/broken.json', 'policies/enforced.json']);
    assert.deepEqual(await files('policies/deep/allow-?nly.json'), ['policies/deep/allow-only.json']);
    assert.deepEqual(await files('policies/.*.json'), ['policies/.hidden.json']);
    assert.deepEqual(await files('policies/**/*.txt'), ['policies/notes.txt'], 'a glob may name any extension');
    assert.deepEqual(
      await files('p*'),
      ['policies/.hidden.json', 'policies/broken.json', 'policies/deep/allow-only.json', 'policies/enforced.json', 'policies/notes.txt'],
      'a matched folder is walked as a named folder is',
    );
    assert.deepEqual(
      await files(`${t.dir}/policies/*.json`),
      [`${t.dir}/policies/broken.json`, `${t.dir}/policies/enforced.json`],
      'absolute patterns',
    );
  } finally {
    t.cleanup();
  }
});

test('a glob that matches nothing is an error; the other paths are still linted', async () => {
  const r = await runJson(['lint', 'nothing/**/*.json', 'syntax-error.json']);
  assert.equal(r.code, 2);
  assert.deepEqual(r.errLines, ['force-mfa: error: nothing/**/*.json: no files match this pattern']);
  assert.deepEqual(
    r.json.files.map((f) => f.file),
    ['syntax-error.json'],
  );
});

test('a nonexistent path: one line, exit 2, the other files still linted', async () => {
  const r = await runJson(['lint', 'no-such-file.json', 'syntax-error.json', 'enforced.json']);
  assert.equal(r.code, 2);
  assert.deepEqual(r.errLines, ['force-mfa: error: no-such-file.json: no such file or folder']);
  assert.deepEqual(
    r.json.files.map((f) => f.file),
    ['syntax-error.json', 'enforced.json'],
  );
});

// Tests run as root, which ignores file permissions: the error is injected through the CLI's fs seam,
// exactly as node:fs/promises raises it. The test below does it for real where it can.
test('an unreadable file (EACCES, injected): one line, exit 2, the other files still linted', async () => {
  const denied: CliFileSystem = {
    ...(fsp as unknown as CliFileSystem),
    open: async (p, flags) => {
      if (String(p).endsWith('syntax-error.json')) {
        throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
      }
      return (fsp as unknown as CliFileSystem).open(p, flags);
    },
  };
  const r = await runJson(['lint', 'syntax-error.json', 'enforced.json'], { fs: denied });
  assert.equal(r.code, 2);
  assert.deepEqual(r.errLines, ['force-mfa: error: syntax-error.json: permission denied']);
  assert.deepEqual(
    r.json.files.map((f) => f.file),
    ['enforced.json'],
  );
});

test(
  'an unreadable file (chmod 000, real)',
  {
    skip:
      process.getuid?.() === 0 ? 'root reads any file: the injected EACCES test above, and the dist test run as nobody, cover this' : false,
  },
  async () => {
    const t = tempTree({ 'locked.json': syntaxError, 'open.json': syntaxError });
    try {
      chmodSync(path.join(t.dir, 'locked.json'), 0o000);
      const r = await runJson(['lint', 'locked.json', 'open.json'], { cwd: t.dir });
      assert.equal(r.code, 2);
      assert.deepEqual(r.errLines, ['force-mfa: error: locked.json: permission denied']);
      assert.deepEqual(
        r.json.files.map((f) => f.file),
        ['open.json'],
      );
    } finally {
      t.cleanup();
    }
  },
);

test('a binary file: an error when named, "not a policy" when found in a folder', async () => {
  const binary = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
  const t = tempTree({
    'image.json': binary,
    'utf16.json': Buffer.from('\ufeff{"Statement": []}', 'utf16le'),
    'latin1.json': Buffer.from([0x7b, 0xe9, 0x7d]),
    'p/broken.json': syntaxError,
    'p/image.json': binary,
  });
  try {
    const named = await runJson(['lint', 'image.json', 'utf16.json', 'latin1.json', 'p/broken.json'], { cwd: t.dir });
    assert.equal(named.code, 2);
    assert.deepEqual(named.errLines, [
      'force-mfa: error: image.json: binary file (contains NUL bytes), not JSON text',
      'force-mfa: error: utf16.json: UTF-16 text; IAM policies are UTF-8: save the file as UTF-8',
      'force-mfa: error: latin1.json: not UTF-8 text; save the file as UTF-8',
    ]);
    assert.deepEqual(
      named.json.files.map((f) => f.file),
      ['p/broken.json'],
    );

    const walked = await runCli(['lint', 'p'], { cwd: t.dir });
    assert.equal(walked.code, 1, 'only the syntax error counts');
    assert.equal(walked.stderr, '');
    assert.match(walked.stdout, /; 1 file skipped as not a policy\.\n$/);
  } finally {
    t.cleanup();
  }
});

test('a FIFO is reported without blocking on it; the other files are still linted', { timeout: 20_000 }, async () => {
  const t = tempTree({ 'p/a.json': syntaxError });
  try {
    execFileSync('mkfifo', [path.join(t.dir, 'pipe.json'), path.join(t.dir, 'p/pipe.json')]);
    const r = await runJson(['lint', 'pipe.json', 'p'], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.deepEqual(r.errLines, [
      'force-mfa: error: pipe.json: a FIFO (named pipe), not a file',
      'force-mfa: error: p/pipe.json: a FIFO (named pipe), not a file',
    ]);
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['p/a.json'],
    );
  } finally {
    t.cleanup();
  }
});

test('a folder with a symlink loop does not hang: the loop is named, not followed', { timeout: 20_000 }, async () => {
  const t = tempTree({ 'p/a.json': syntaxError, 'p/sub/b.json': syntaxError });
  try {
    symlinkSync('..', path.join(t.dir, 'p/sub/up'));
    symlinkSync('.', path.join(t.dir, 'p/self'));
    const r = await runJson(['lint', 'p'], { cwd: t.dir });
    assert.equal(r.code, 1, 'a followed loop is a warning; the syntax errors decide the exit code');
    assert.deepEqual(r.errLines, [
      'force-mfa: warning: p/self: symlink loop back to an enclosing folder, not followed',
      'force-mfa: warning: p/sub/up: symlink loop back to an enclosing folder, not followed',
    ]);
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['p/a.json', 'p/sub/b.json'],
      'each file once',
    );
  } finally {
    t.cleanup();
  }
});

test('symlinks that loop on themselves, or point nowhere: one line each, exit 2', async () => {
  const t = tempTree({ 'p/a.json': syntaxError });
  try {
    symlinkSync('loop2.json', path.join(t.dir, 'p/loop1.json'));
    symlinkSync('loop1.json', path.join(t.dir, 'p/loop2.json'));
    symlinkSync('missing.json', path.join(t.dir, 'p/dangling.json'));
    symlinkSync('missing', path.join(t.dir, 'p/dangling-dir'));
    const r = await runJson(['lint', 'p', 'p/loop1.json'], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.deepEqual(r.errLines, [
      'force-mfa: error: p/dangling.json: no such file or folder',
      'force-mfa: error: p/loop1.json: symlink loop (too many levels of symbolic links)',
      'force-mfa: error: p/loop2.json: symlink loop (too many levels of symbolic links)',
      'force-mfa: error: p/loop1.json: symlink loop (too many levels of symbolic links)',
    ]);
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['p/a.json'],
    );
  } finally {
    t.cleanup();
  }
});

test('a file reached twice (named and inside a named folder, or through a link) is linted once', async () => {
  const t = tempTree({ 'p/a.json': syntaxError });
  try {
    symlinkSync('a.json', path.join(t.dir, 'p/link.json'));
    const r = await runJson(['lint', 'p/a.json', 'p', './p/a.json'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['p/a.json'],
    );
  } finally {
    t.cleanup();
  }
});

test('with --skip-large-files, a file over the size cap gets a one-line warning and is not read; the others are linted', async () => {
  const t = tempTree({ 'big.json': `${syntaxError}${' '.repeat(4096)}`, 'small.json': syntaxError });
  try {
    let reads = 0;
    const counting: CliFileSystem = {
      ...(fsp as unknown as CliFileSystem),
      open: async (p, flags) => {
        const h = await (fsp as unknown as CliFileSystem).open(p, flags);
        return { stat: () => h.stat(), close: () => h.close(), readFile: () => (reads++, h.readFile()) };
      },
    };
    const r = await runCli(['lint', '.', '--skip-large-files'], { cwd: t.dir, maxFileSize: 1024, fs: counting });
    assert.equal(r.code, 1, 'skipped, too large is not a failure in itself (small.json has an error)');
    assert.deepEqual(r.errLines, [
      'force-mfa: warning: big.json: 4.1 KB, over the 1.0 KB limit for a policy file; skipped (--skip-large-files)',
    ]);
    assert.equal(reads, 1, 'only small.json is read');
    assert.match(r.stdout, /^small\.json:/m);
    assert.match(r.stdout, /, 1 as too large\.\n$/);
  } finally {
    t.cleanup();
  }
});

test('an unreadable folder (EACCES on readdir, injected): one line, exit 2, its siblings still linted', async () => {
  const t = tempTree({ 'p/locked/a.json': syntaxError, 'p/open/b.json': syntaxError });
  try {
    const real = fsp as unknown as CliFileSystem;
    const denied: CliFileSystem = {
      ...real,
      readdir: async (p, options) => {
        if (String(p).endsWith(`${path.sep}locked`))
          throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: 'EACCES' });
        return real.readdir(p, options);
      },
    };
    const r = await runJson(['lint', 'p'], { cwd: t.dir, fs: denied });
    assert.equal(r.code, 2);
    assert.deepEqual(r.errLines, ['force-mfa: error: p/locked: permission denied']);
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['p/open/b.json'],
    );
  } finally {
    t.cleanup();
  }
});
