// Globs through picomatch (src/cli/glob.ts): {a,b}, [...], `!` exclusions, literal paths with glob
// characters, folders that cannot match not entered (counted), and patterns too costly to match refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch/posix';
import { hasGlobChars, isMatch, parseGlob, startState, step } from '../../src/cli/glob';
import { fixture, recordingReaddir, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const enforced = fixture('enforced.json');
const allowOnly = fixture('allow-only.json');

function tree() {
  return tempTree({
    'iam/admin.json': enforced,
    'iam/dev.yaml': 'Version: "2012-10-17"\nStatement: []\n',
    'iam/legacy/old.json': allowOnly,
    'iam/legacy/deeper/older.json': allowOnly,
    'other/a.json': enforced,
    'other/b.json': enforced,
    'other/c.json': enforced,
    'a[1].json': enforced,
  });
}

const filesOf = async (cwd: string, ...argv: string[]) => {
  const r = await runJson(['lint', ...argv], { cwd });
  return { ...r, files: r.json.files.map((f) => f.file) };
};

test('{a,b} braces and [...] classes', async () => {
  const t = tree();
  try {
    assert.deepEqual((await filesOf(t.dir, 'other/{a,c}.json')).files, ['other/a.json', 'other/c.json']);
    assert.deepEqual((await filesOf(t.dir, 'iam/*.{json,yaml}')).files, ['iam/admin.json', 'iam/dev.yaml']);
    assert.deepEqual((await filesOf(t.dir, '{iam,other}/[ab]*.json')).files, ['iam/admin.json', 'other/a.json', 'other/b.json']);
    // A brace that spans folders: matched on the whole path.
    assert.deepEqual((await filesOf(t.dir, '{iam/legacy,other}/*.json')).files, [
      'iam/legacy/old.json',
      'other/a.json',
      'other/b.json',
      'other/c.json',
    ]);
  } finally {
    t.cleanup();
  }
});

test('! leaves out what it matches, from globs, folder walks and named files; only exclusions lint the current folder', async () => {
  const t = tree();
  try {
    assert.deepEqual((await filesOf(t.dir, 'iam/**/*.json', '!iam/legacy/**')).files, ['iam/admin.json']);
    assert.deepEqual((await filesOf(t.dir, 'iam', '!**/deeper')).files, ['iam/admin.json', 'iam/dev.yaml', 'iam/legacy/old.json']);
    assert.deepEqual((await filesOf(t.dir, 'other/a.json', 'other/b.json', '!other/a.json')).files, ['other/b.json']);
    assert.deepEqual((await filesOf(t.dir, '!iam/**', '!a*.json')).files, ['other/a.json', 'other/b.json', 'other/c.json']);
    const bare = await runCli(['lint', '!'], { cwd: t.dir });
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /'!' needs a pattern after it/);
  } finally {
    t.cleanup();
  }
});

test('an existing path with glob characters is that path, not a pattern', async () => {
  const t = tree();
  try {
    assert.deepEqual((await filesOf(t.dir, 'a[1].json')).files, ['a[1].json']);
  } finally {
    t.cleanup();
  }
});

test('a folder that cannot match is not entered: readdir calls counted', async () => {
  const t = tree();
  try {
    const { fs, read } = recordingReaddir(t.dir);
    const r = await runJson(['lint', '{iam,x}/*.json'], { cwd: t.dir, fs });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['iam/admin.json'],
    );
    assert.deepEqual(read.sort(), ['.', 'iam'], 'other/ and iam/legacy/ are not read');
  } finally {
    t.cleanup();
  }
});

test('a pattern too costly to match is a usage error before anything is read; extglobs are not patterns', async () => {
  const r = await runCli(['lint', 'x/*a*a*a*aZ.json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /x\/\*a\*a\*a\*aZ\.json: a glob may hold at most 3 '\*' in one path segment \(this one has 4\)/);
  assert.equal(r.stdout, '');
  assert.equal(await runCli(['lint', '!**/*a*a*a*a']).then((x) => x.code), 2, 'exclusions are checked too');
  const three = await runCli(['lint', 'nothing/*a*a*a.json']);
  assert.match(three.stderr, /nothing\/\*a\*a\*a\.json: no files match this pattern/, 'three are allowed');
  // With extglobs off, `+(a|b)` is a `+` then a group: no "one or more" to backtrack on.
  const t = tempTree({ 'p+a.json': enforced, 'paa.json': enforced });
  try {
    assert.deepEqual((await filesOf(t.dir, '*+(a|b).json')).files, ['p+a.json']);
  } finally {
    t.cleanup();
  }
});

test("the walk's segment-by-segment matching agrees with picomatch on the whole path (random patterns and paths)", () => {
  const segment = fc.constantFrom('a', 'b', 'ab', '.h', 'x.json', 'a.yaml');
  const patternSegment = fc.constantFrom('*', '**', 'a*', '?', 'a', '{a,b}', '[ab]', '*.json', '*.{json,yaml}', '.h', 'x.json');
  fc.assert(
    fc.property(
      fc.array(patternSegment, { minLength: 1, maxLength: 4 }),
      fc.array(segment, { minLength: 1, maxLength: 5 }),
      (pattern, parts) => {
        const text = pattern.join('/');
        // A pattern without wildcards is a path, never parsed as a glob.
        if (!hasGlobChars(text)) return;
        const glob = parseGlob(text);
        let state = startState(glob);
        for (const name of parts) state = step(glob, state, name);
        // The walk starts at the pattern's literal base: the paths it meets are below it.
        const path = [...(glob.base ? [glob.base] : []), ...parts].join('/');
        const whole = picomatch(text, { dot: false, noextglob: true, nonegate: true })(path);
        assert.equal(isMatch(glob, state), whole, `${text} on ${path}`);
      },
    ),
    { numRuns: 3000, seed: 14 },
  );
});
