// Issue 10 through the CLI: an error flood gives a bounded, valid report (written in pieces, never
// one giant string); a file not linted because of its size fails the run unless the user opts out;
// file names and messages reach the terminal escaped; a name that is not UTF-8 is linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ChunkedSink, collect, writeJson } from '../../src/cli/format/stream';
import { LineIndex, positionsAt } from '../../src/core/text/positions';
import { displayBytes, terminalSafe } from '../../src/cli/terminal';
import { FIXTURES, fixture, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const MB = 1024 * 1024;
const enforced = fixture('enforced.json');
const syntaxError = fixture('syntax-error.json');

/** Floods of each kind, about `size` characters each. */
function floods(size: number): Record<string, string> {
  return {
    'control.json': `{"Statement": "${'\t'.repeat(size)}`,
    'comments.json': `${enforced}\n${'// c\n'.repeat(size / 5)}`,
    'escapes.json': `{"Statement": ["${'\\q'.repeat(size / 2)}"]}`,
    'nbsp.json': `{"Statement": [${'\u00a0'.repeat(size)}]}`,
    'duplicates.json': `{"Statement": [], ${'"a": 1, '.repeat(size / 8)}"a": 2}`,
  };
}

test('a multi-MB error flood of every kind: exit 1, valid JSON, SARIF and stylish, a bounded report with the "more" notes', async () => {
  const t = tempTree(floods(2 * MB));
  try {
    const json = await runJson(['lint', '.'], { cwd: t.dir });
    assert.equal(json.code, 1);
    assert.equal(json.stderr, '');
    assert.equal(json.json.files.length, 5);
    for (const f of json.json.files) {
      assert.ok(f.diagnostics.length <= 110, `${f.file}: ${f.diagnostics.length} diagnostics`);
      if (f.file !== 'nbsp.json')
        assert.ok(
          f.diagnostics.some((d) => /more (json-syntax|duplicate-key) findings not listed/.test(d.message)),
          f.file,
        );
    }
    assert.ok(json.stdout.length < 200_000, `${json.stdout.length} characters of JSON`);
    const sarif = await runCli(['lint', '--format', 'sarif', '.'], { cwd: t.dir });
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[] }> };
    assert.ok(log.runs[0]!.results.length <= 5 * 110);
    const stylish = await runCli(['lint', '.'], { cwd: t.dir });
    assert.equal(stylish.code, 1);
    // The notes count what they stand for: 2 MB of tabs alone are 2 MB errors.
    const errors = Number(/^(\d+) errors, \d+ warnings?, 0 info in 5 files/m.exec(stylish.stdout)?.[1]);
    assert.ok(errors > 2 * MB + MB / 2, `${errors} errors counted`);
  } finally {
    t.cleanup();
  }
});

test(
  'the CLI on a 10 MB flood with a 200 MB heap: exits 1 with valid JSON (it died out of memory, or printed nothing)',
  { timeout: 120_000 },
  () => {
    const t = tempTree({ 'flood.json': `{"Statement": "${'\t'.repeat(10_000_000)}` });
    try {
      const root = path.resolve(FIXTURES, '../../..');
      const script = `import('./src/cli/main.ts').then((m) => (m.main ?? m.default.main)(['lint', '--format', 'json', 'flood.json'], { stdout: process.stdout, stderr: process.stderr, cwd: ${JSON.stringify(t.dir)} })).then((c) => { process.exitCode = c; });`;
      const r = spawnSync(process.execPath, ['--max-old-space-size=200', '--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * MB,
      });
      assert.equal(r.status, 1, r.stderr.slice(0, 500));
      const out = JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ message: string }> }> };
      assert.equal(out.files[0]!.diagnostics.length, 101);
      assert.match(out.files[0]!.diagnostics.at(-1)!.message, /^9,999,901 more json-syntax findings not listed/);
    } finally {
      t.cleanup();
    }
  },
);

test('output is written in pieces of about 64 KB, the same bytes as one JSON.stringify', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) files[`p${String(i).padStart(3, '0')}.json`] = syntaxError;
  const t = tempTree(files);
  try {
    const writes: string[] = [];
    const { main } = await import('../../src/cli/main');
    const code = await main(['lint', '--format', 'json', '.'], {
      cwd: t.dir,
      stdout: { write: (s: string) => writes.push(s) },
      stderr: { write: () => undefined },
    });
    assert.equal(code, 1);
    assert.ok(writes.length > 1, 'more than one write');
    assert.ok(
      writes.every((w) => w.length < 80 * 1024),
      `largest write: ${Math.max(...writes.map((w) => w.length))}`,
    );
    const text = writes.join('');
    assert.equal(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  } finally {
    t.cleanup();
  }
});

test('property: writeJson prints exactly what JSON.stringify(value, null, 2) prints', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom('  ', '\t', '    '), (value, indent) => {
      assert.equal(
        collect((sink) => writeJson(sink, value, indent)),
        JSON.stringify(value, null, indent),
      );
    }),
    { numRuns: 400, seed: 1010 },
  );
  const odd = { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: NaN, e: -0, f: new Date(0), g: {} };
  assert.equal(
    collect((sink) => writeJson(sink, odd)),
    JSON.stringify(odd, null, 2),
  );
  const chunks: string[] = [];
  const sink = new ChunkedSink({ write: (s: string) => chunks.push(s) }, 10);
  for (let i = 0; i < 25; i++) sink.write('abc');
  sink.flush();
  assert.equal(chunks.join(''), 'abc'.repeat(25));
  assert.ok(chunks.length >= 7);
});

test('property: positionsAt (one pass, any offsets) agrees with LineIndex', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('a', '\n', '\r', '\r\n', '\u{1F600}'), { maxLength: 60 }).map((a) => a.join('')),
      fc.array(fc.oneof(fc.integer({ min: -3, max: 130 }), fc.constantFrom(NaN, Infinity)), { maxLength: 20 }),
      (text, offsets) => {
        const index = new LineIndex(text);
        assert.deepEqual(
          positionsAt(text, offsets),
          offsets.map((o) => index.positionAt(o)),
        );
      },
    ),
    { numRuns: 500, seed: 1010 },
  );
});

// --- The size gate ---------------------------------------------------------------------------

/** The AWS policy padded with whitespace (IAM does not count it) to `bytes`. */
const padded = (bytes: number) => `${enforced}${' '.repeat(Math.max(0, bytes - enforced.length))}`;

test('a file over the size limit fails the run (exit 1), even when everything else is clean, whatever --max-warnings says', async () => {
  const t = tempTree({ 'big.json': padded(8192), 'small.json': enforced });
  try {
    for (const extra of [[], ['--max-warnings', '0']]) {
      const r = await runJson(['lint', '.', ...extra], { cwd: t.dir, maxFileSize: 4096 });
      assert.equal(r.code, 1);
      assert.deepEqual(r.errLines, [
        'force-mfa: error: big.json: 8.0 KB, over the 4.0 KB limit for a policy file; not linted, which fails the run: raise the limit with --max-file-size <size>, or skip such files with --skip-large-files',
      ]);
      assert.deepEqual(
        r.json.files.map((f) => f.file),
        ['small.json'],
      );
    }
    const stylish = await runCli(['lint', '.'], { cwd: t.dir, maxFileSize: 4096 });
    assert.match(stylish.stdout, /; 1 file too large to lint \(see --max-file-size\)\.\n$/);
    const sarif = JSON.parse((await runCli(['lint', '--format', 'sarif', '.'], { cwd: t.dir, maxFileSize: 4096 })).stdout) as {
      runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }>;
    };
    assert.deepEqual(
      sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => [n.level, n.message.text.slice(0, 9)]),
      [['error', 'big.json:']],
    );
  } finally {
    t.cleanup();
  }
});

test('whitespace padding cannot make a policy pass: an allow-only policy padded past the default limit fails', async () => {
  const t = tempTree({ 'padded.json': `${fixture('allow-only.json')}${' '.repeat(10 * MB)}` });
  try {
    const r = await runCli(['lint', 'padded.json', '--max-warnings', '0'], { cwd: t.dir });
    assert.equal(r.code, 1);
    assert.match(
      r.errLines[0]!,
      /^force-mfa: error: padded\.json: 10,486,\d{3} bytes, over the 10,485,760-byte limit for a policy file; not linted/,
    );
    const linted = await runJson(['lint', 'padded.json', '--max-file-size', '11MB'], { cwd: t.dir });
    assert.equal(linted.json.files[0]!.policies[0]!.mfa, 'missing', 'with a higher limit it is linted, and found wanting');
  } finally {
    t.cleanup();
  }
});

test('--skip-large-files: a warning, the file skipped and counted, exit 0 when the rest is clean', async () => {
  const t = tempTree({ 'big.json': padded(8192), 'small.json': enforced });
  try {
    const r = await runCli(['lint', '.', '--skip-large-files', '--max-file-size', '4KB'], { cwd: t.dir });
    assert.equal(r.code, 0);
    assert.deepEqual(r.errLines, [
      'force-mfa: warning: big.json: 8.0 KB, over the 4.0 KB limit for a policy file; skipped (--skip-large-files)',
    ]);
    assert.match(r.stdout, /, 1 as too large\.\n$/);
  } finally {
    t.cleanup();
  }
});

test('--max-file-size takes bytes, KB or MB (1024-based); it wins over the default; bad values are usage errors', async () => {
  const t = tempTree({ 'big.json': padded(4096) });
  try {
    for (const size of ['4096', '4KB', '4 kb', '4k', '1MB', '1m', '1mib']) {
      const r = await runJson(['lint', 'big.json', `--max-file-size=${size}`], { cwd: t.dir, maxFileSize: 10 });
      assert.equal(r.code, 0, size);
      assert.equal(r.json.files[0]!.policies[0]!.mfa, 'enforced');
    }
    const just = await runCli(['lint', 'big.json', '--max-file-size', '4095'], { cwd: t.dir });
    assert.equal(just.code, 1);
    assert.match(
      just.errLines[0]!,
      /big\.json: 4,096 bytes, over the 4,095-byte limit/,
      'exact bytes where rounding would show them equal',
    );
    for (const bad of ['0', '-1', 'abc', '1GB', '501MB', '1.5MB', '']) {
      const r = await runCli(['lint', 'big.json', '--max-file-size', bad], { cwd: t.dir });
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /^force-mfa: --max-file-size needs a size from 1 byte to 500MB/);
      assert.equal(r.stdout, '');
    }
  } finally {
    t.cleanup();
  }
});

test('--help documents the size limit, how to opt out, and that a large file fails the run', async () => {
  const r = await runCli(['--help']);
  for (const s of ['--max-file-size <n>[KB|MB]', '--skip-large-files', 'a file too large']) assert.ok(r.stdout.includes(s), s);
});

// --- Names and messages reach the terminal escaped ------------------------------------------------

test('terminalSafe: controls, ANSI escapes and invisible reordering characters become visible escapes', () => {
  assert.equal(terminalSafe('a\u001b[2Jb\u0007c\td\u009be\u202ef\u200bg'), 'a\\e[2Jb\\x07c\\td\\x9be\\u202ef\\u200bg');
  assert.equal(terminalSafe('plain/path-é.json'), 'plain/path-é.json');
  assert.equal(displayBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a])), 'caf\\xe9.j');
  assert.equal(displayBytes(Buffer.from('naïve-\u{1F600}', 'utf8')), 'naïve-\u{1F600}');
  assert.equal(
    displayBytes(Buffer.from([0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80])),
    '\\xed\\xa0\\x80\\xc0\\xaf\\xf4\\x90\\x80\\x80',
    'surrogates, overlongs, beyond U+10FFFF',
  );
});

test('a file name with ANSI escapes and control characters is printed escaped: findings, summary and stderr lines', async () => {
  const name = 'evil\u001b[2J\u001b[31m\u0007\r.json';
  const t = tempTree({ [name]: syntaxError });
  try {
    const r = await runCli(['lint', '.', `missing\u001b]0;title\u0007.json`], { cwd: t.dir });
    assert.equal(r.code, 2);
    const all = r.stdout + r.stderr;
    assert.doesNotMatch(all, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no raw control character');
    assert.match(r.stdout, /^evil\\e\[2J\\e\[31m\\x07\\r\.json:4:\d+ {2}error/m);
    assert.deepEqual(r.errLines, ['force-mfa: error: missing\\e]0;title\\x07.json: no such file or folder']);
    // JSON keeps the name as it is (JSON escapes it itself).
    assert.deepEqual(
      (await runJson(['lint', '.'], { cwd: t.dir })).json.files.map((f) => f.file),
      [name],
    );
  } finally {
    t.cleanup();
  }
});

test('a message quoting a key decoded from escapes reaches the terminal escaped', async () => {
  const t = tempTree({ 'dup.json': '{"Statement": [], "\\u001b[31mx": 1, "\\u001b[31mx": 2}' });
  try {
    const r = await runCli(['lint', 'dup.json'], { cwd: t.dir });
    assert.doesNotMatch(r.stdout, /\u001b/);
    assert.match(r.stdout, /Duplicate key "\\e\[31mx"/);
  } finally {
    t.cleanup();
  }
});

test('usage errors quote the argument escaped', async () => {
  const r = await runCli(['lint', '--bogus\u001b[2J']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "force-mfa: unknown option '--bogus\\e[2J' (see force-mfa --help; a path that starts with '-' goes after '--')\n");
});

// --- Names that are not UTF-8 -------------------------------------------------------------------

test('a file (and a folder) whose name is not UTF-8 is found, linted and printed escaped; SARIF percent-encodes its bytes', async (t) => {
  const tree = tempTree({ 'ok.json': enforced });
  try {
    const bytes = (s: string, ...raw: number[]) => Buffer.concat([Buffer.from(path.join(tree.dir, s)), Buffer.from(raw)]);
    try {
      writeFileSync(Buffer.concat([bytes('caf', 0xe9), Buffer.from('.json')]), syntaxError);
      mkdirSync(bytes('dir', 0xff));
      writeFileSync(Buffer.concat([bytes('dir', 0xff), Buffer.from('/p.json')]), syntaxError);
    } catch (e) {
      t.skip(`this file system refuses names that are not UTF-8 (${(e as Error).message})`);
      return;
    }
    const r = await runJson(['lint', '.'], { cwd: tree.dir });
    assert.equal(r.stderr, '', 'nothing reported missing');
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['caf\\xe9.json', 'dir\\xff/p.json', 'ok.json'],
    );
    assert.ok(
      r.json.files[0]!.diagnostics.some((d) => d.rule === 'json-syntax'),
      'really read and linted',
    );
    const stylish = await runCli(['lint', '.'], { cwd: tree.dir });
    assert.match(stylish.stdout, /^caf\\xe9\.json:4:\d+ {2}error/m);
    const globbed = await runJson(['lint', 'caf*.json'], { cwd: tree.dir });
    assert.deepEqual(
      globbed.json.files.map((f) => f.file),
      ['caf\\xe9.json'],
    );
    const sarif = JSON.parse((await runCli(['lint', '--format', 'sarif', '.'], { cwd: tree.dir })).stdout) as {
      runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
    };
    const uris = new Set(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris], ['caf%E9.json', 'dir%FF/p.json']);
  } finally {
    tree.cleanup();
  }
});
