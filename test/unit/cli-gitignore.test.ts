// .gitignore in folder and glob walks (the `ignore` package): the repository's files from its root
// down, nested ones, negation, --no-gitignore; named files always linted; node_modules and .git always skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, recordingReaddir, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const enforced = fixture('enforced.json');

function repo() {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/policy.json': enforced,
    '.gitignore': 'build/\n*.generated.json\n# a comment\n',
    'build/out.json': enforced,
    'node_modules/p/policy.json': enforced,
    'policies/a.json': enforced,
    'policies/a.generated.json': enforced,
    'policies/.gitignore': 'local.json\n!keep.generated.json\n',
    'policies/local.json': enforced,
    'policies/keep.generated.json': enforced,
    'policies/sub/local.json': enforced,
    'policies/sub/b.json': enforced,
  });
}

const filesOf = async (cwd: string, ...argv: string[]) => {
  const r = await runJson(['lint', ...argv], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return r.json.files.map((f) => f.file);
};

test('a folder walk honours the root and nested .gitignore files; a deeper one re-includes', async () => {
  const t = repo();
  try {
    assert.deepEqual(await filesOf(t.dir), ['policies/a.json', 'policies/keep.generated.json', 'policies/sub/b.json']);
    // Walking a folder inside the repository: the root's .gitignore still applies.
    assert.deepEqual(await filesOf(`${t.dir}/policies`, '.'), ['a.json', 'keep.generated.json', 'sub/b.json']);
    assert.deepEqual(await filesOf(t.dir, 'policies/sub'), ['policies/sub/b.json']);
  } finally {
    t.cleanup();
  }
});

test('globs honour .gitignore too; a glob whose every match is ignored says so', async () => {
  const t = repo();
  try {
    assert.deepEqual(await filesOf(t.dir, '**/*.json'), ['policies/a.json', 'policies/keep.generated.json', 'policies/sub/b.json']);
    const none = await runCli(['lint', 'build/*.json'], { cwd: t.dir });
    assert.equal(none.code, 0, 'build/ is the base, named: walked');
    const ignored = await runCli(['lint', '**/local.json'], { cwd: t.dir });
    assert.equal(ignored.code, 2);
    assert.match(
      ignored.stderr,
      /\*\*\/local\.json: no files match this pattern \(the files it matches are in \.gitignore; --no-gitignore reads them\)/,
    );
  } finally {
    t.cleanup();
  }
});

test('named files and named folders are linted though ignored; --no-gitignore reads everything but node_modules and .git', async () => {
  const t = repo();
  try {
    assert.deepEqual(await filesOf(t.dir, 'policies/local.json', 'build'), ['policies/local.json', 'build/out.json']);
    assert.deepEqual(await filesOf(t.dir, '--no-gitignore'), [
      'build/out.json',
      'policies/a.generated.json',
      'policies/a.json',
      'policies/keep.generated.json',
      'policies/local.json',
      'policies/sub/b.json',
      'policies/sub/local.json',
    ]);
  } finally {
    t.cleanup();
  }
});

test("an ignored folder is not entered (readdir counted); outside a repository, the walked folder's .gitignore applies", async () => {
  const t = repo();
  try {
    const { fs, read } = recordingReaddir(t.dir);
    await runJson(['lint'], { cwd: t.dir, fs });
    assert.deepEqual(read.sort(), ['.', 'policies', 'policies/sub']);
  } finally {
    t.cleanup();
  }
  const plain = tempTree({ '.gitignore': 'skip.json\n', 'skip.json': enforced, 'keep.json': enforced });
  try {
    assert.deepEqual(await filesOf(plain.dir), ['keep.json']);
  } finally {
    plain.cleanup();
  }
});
