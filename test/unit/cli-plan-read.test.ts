// Issue 13, Terraform plans through the CLI: a plan (by its content) is read past the limit of other
// files, up to its own; a file is read into memory that is given back as soon as it is decoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeFs from 'node:fs';
import * as nodeFsPromises from 'node:fs/promises';
import path from 'node:path';
import {
  type CliFileSystem,
  decode,
  PLAN_MAX_FILE_SIZE,
  readCandidateSync,
  startsLikePlan,
  type SyncReadFileSystem,
} from '../../src/cli/files';
import { fixture, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const plan = fixture('../terraform-json/plan.json');
const minified = fixture('../terraform-json/plan-minified.json');
const enforced = fixture('enforced.json');
const bytes = (s: string) => new TextEncoder().encode(s);

test('a plan starts as Terraform writes it: an object whose first member is format_version', () => {
  for (const s of [plan, minified, `\ufeff${minified}`, '{\r\n\t"format_version": "1.2"}', '  {  "format_version"']) {
    assert.equal(startsLikePlan(bytes(s)), true, JSON.stringify(s.slice(0, 20)));
  }
  for (const s of ['', '{', '{"terraform_version":"1.6","format_version":"1.2"}', '["format_version"]', '{"format_versio"', enforced]) {
    assert.equal(startsLikePlan(bytes(s)), false, JSON.stringify(s.slice(0, 20)));
  }
});

test('decode: past the limit of other files only a plan is read, up to its own limit; its first bytes alone do not make one', () => {
  const limit = 1000;
  assert.ok(minified.length > limit);
  const read = decode(bytes(minified), limit, 100_000);
  assert.equal(read.kind, 'text');
  assert.equal(read.kind === 'text' && read.text, minified);
  // The same size, not a plan (a policy padded; a format_version object without a plan's keys).
  for (const s of [`${enforced}${' '.repeat(2000)}`, `{"format_version": "1.0", "x": "${'y'.repeat(2000)}"}`]) {
    assert.deepEqual(decode(bytes(s), limit, 100_000), {
      kind: 'too-large',
      reason: `${(s.length / 1024).toFixed(1)} KB, over the 1000 bytes limit for a policy file`,
    });
  }
  assert.deepEqual(decode(bytes(minified), limit, 2000), {
    kind: 'too-large',
    reason: `${(minified.length / 1024).toFixed(1)} KB, over the 2.0 KB limit for a Terraform plan`,
  });
  // Without a plan limit above the file limit (--max-file-size given), a plan is a file like any other.
  assert.equal(decode(bytes(minified), limit).kind, 'too-large');
});

test('the CLI lints a plan past the file limit without --max-file-size; --max-file-size, when given, holds for plans too', async () => {
  const padding = ' '.repeat(6000);
  const t = tempTree({ 'tfplan.json': `${minified}${padding}`, 'policy.json': `${enforced}${padding}` });
  try {
    const r = await runJson(['lint', 'tfplan.json', 'policy.json'], { cwd: t.dir, maxFileSize: 4096 });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['tfplan.json'],
    );
    assert.ok(r.json.files[0]!.policies.length > 0, 'the plan is linted');
    assert.deepEqual(r.errLines, [
      'force-mfa: error: policy.json: 9.2 KB, over the 4.0 KB limit for a policy file; not linted, which fails the run: raise the limit with --max-file-size <size>, or skip such files with --skip-large-files',
    ]);
    // The same through the asynchronous handle (the seam tests inject), which reads the first bytes with read().
    const handles = await runJson(['lint', 'tfplan.json'], {
      cwd: t.dir,
      maxFileSize: 4096,
      fs: nodeFsPromises as unknown as CliFileSystem,
    });
    assert.ok(handles.json.files[0]!.policies.length > 0);
    const over = await runCli(['lint', 'tfplan.json'], { cwd: t.dir, maxFileSize: 4096, planMaxFileSize: 5000 });
    assert.match(over.errLines[0]!, /tfplan\.json: [\d.]+ KB, over the 4\.9 KB limit for a Terraform plan; not linted/);
    const explicit = await runCli(['lint', 'tfplan.json', '--max-file-size', '4KB'], { cwd: t.dir });
    assert.match(explicit.errLines[0]!, /tfplan\.json: [\d.]+ KB, over the 4\.0 KB limit for a policy file; not linted/);
  } finally {
    t.cleanup();
  }
  assert.equal(PLAN_MAX_FILE_SIZE, 200 * 1024 * 1024);
});

/** node:fs, recording the buffers that readSync fills and, with `grow`, a file longer than fstat says (written after it). */
function recording(grow = 0): { fs: SyncReadFileSystem; buffers: ArrayBufferLike[]; reads: number[] } {
  const buffers: ArrayBufferLike[] = [];
  const reads: number[] = [];
  const fs: SyncReadFileSystem = {
    openSync: (p, flags) => nodeFs.openSync(p, flags),
    fstatSync: (fd) => {
      const st = nodeFs.fstatSync(fd);
      return Object.assign(st, { size: st.size - grow });
    },
    readFileSync: () => assert.fail('a file system with positioned reads reads with readSync'),
    readSync: (fd, buffer, offset, length, position) => {
      if (!buffers.includes(buffer.buffer)) buffers.push(buffer.buffer);
      const n = nodeFs.readSync(fd, buffer, offset, length, position);
      reads.push(n);
      return n;
    },
    closeSync: (fd) => nodeFs.closeSync(fd),
  };
  return { fs, buffers, reads };
}

test('a file is read into memory given back once decoded, to its end even when it grew after fstat, and no further than one byte past the limit', () => {
  const big = `${minified}${' '.repeat(200_000)}`;
  const t = tempTree({ 'plan.json': big, 'small.json': enforced });
  try {
    const file = path.join(t.dir, 'plan.json');
    const r = recording();
    const read = readCandidateSync(r.fs, file, 10_000, 1_000_000);
    assert.equal(read.kind === 'text' && read.text, big);
    // The head (512 bytes) to tell a plan, then the file: one buffer of its size and one byte more.
    assert.equal(r.buffers.length, 2);
    assert.equal(r.buffers[1]!.byteLength, 0, 'the bytes are given back');
    // Grown after fstat: read to its end all the same.
    const grown = recording(150_000);
    const again = readCandidateSync(grown.fs, file, 1_000_000);
    assert.equal(again.kind === 'text' && again.text, big);
    assert.equal(grown.buffers.at(-1)!.byteLength, 0);
    // Over the limit: refused by fstat before any read, or, grown past it since, after one byte more than the limit.
    const refused = recording();
    assert.equal(readCandidateSync(refused.fs, file, 1000).kind, 'too-large');
    assert.deepEqual(refused.reads, []);
    const late = recording(big.length - 10);
    assert.equal(readCandidateSync(late.fs, file, 100_000).kind, 'too-large');
    assert.equal(
      late.reads.reduce((a, b) => a + b, 0),
      100_001,
    );
    const small = recording();
    assert.equal(readCandidateSync(small.fs, path.join(t.dir, 'small.json'), 1000_000).kind, 'text');
    assert.equal(small.buffers.length, 1, 'a file within the limit: no head read');
  } finally {
    t.cleanup();
  }
});
