// scripts/corpus.mjs (npm run corpus): on a small corpus of its own, each extracted policy is paired with
// the original's policy it came from by content (not by order), an equal verdict and lock-out is a match, and
// a differing verdict or an original that is not analysed is a mismatch that says why; without a corpus
// folder the script says so and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tempTree } from '../fixtures/cli/harness';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/corpus.mjs');
const reference = readFileSync(path.join(root, 'test/fixtures/reference/aws-self-manage-credentials-with-mfa.json'), 'utf8');
const readOnly = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadBuckets', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }],
};

// A template with a policy without MFA first and AWS's policy second; the sources list their copies the other way
// round, so that pairing by order would pair each with the wrong policy.
const template = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  ReadOnly:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  `      PolicyDocument: ${JSON.stringify(readOnly)}`,
  '  ForceMfa:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  `      PolicyDocument: ${JSON.stringify(JSON.parse(reference))}`,
  '',
].join('\n');
// A page whose policy uses Bool (weak) while its extracted copy has BoolIfExists (enforced).
const page = `# Force MFA\n\n\`\`\`json\n${reference.replace('"BoolIfExists"', '"Bool"')}\n\`\`\`\n`;

const corpus = {
  'files/a.yaml': template,
  'files/b.md': page,
  'files/c.rb': `POLICY = '${reference.replace(/\n/g, ' ')}'\n`,
  // Its only policy is not the one the copy came from: no pair, rather than a wrong one.
  'files/d.json': JSON.stringify(readOnly),
  'extracted/a.1.json': reference,
  'extracted/a.2.json': JSON.stringify(readOnly, null, 2),
  'extracted/b.json': reference,
  'extracted/c.json': reference,
  'extracted/d.json': reference,
  'extracted/gone.json': reference,
  'sources.json': JSON.stringify({
    'a.yaml': { format: 'cloudformation yaml', extracted: ['a.1.json', 'a.2.json'] },
    'b.md': { format: 'markdown', extracted: ['b.json'] },
    'c.rb': { format: 'ruby', extracted: ['c.json'] },
    'd.json': { format: 'json', extracted: ['d.json'] },
    'gone.erb': { format: 'json (ERB template)', extracted: ['gone.json'] },
  }),
};

interface Row {
  file: string;
  extracted: string;
  original?: { pointer: string; mfa: string };
  copy?: { mfa: string };
  pairedBy?: string;
  match: boolean;
  why: string;
}

test('corpus.mjs pairs each extracted policy by content and says why a pair differs', { timeout: 120_000 }, () => {
  if (!existsSync(path.join(root, 'dist/cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
  const t = tempTree(corpus);
  try {
    const run = spawnSync(process.execPath, [script, t.dir, '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { files: number; analysed: number; extracted: number; matched: number; rows: Row[] };
    const row = (name: string) => out.rows.find((r) => r.extracted === name)!;

    assert.equal(row('a.2.json').original?.pointer, '/Resources/ReadOnly/Properties/PolicyDocument');
    assert.equal(row('a.1.json').original?.pointer, '/Resources/ForceMfa/Properties/PolicyDocument');
    for (const name of ['a.1.json', 'a.2.json']) {
      assert.match(row(name).pairedBy!, /^content/);
      assert.equal(row(name).match, true, row(name).why);
    }
    assert.equal(row('a.1.json').original?.mfa, 'enforced');
    assert.equal(row('a.2.json').original?.mfa, 'missing');

    assert.equal(row('b.json').match, false);
    assert.equal(row('b.json').why, 'verdict: weak on the original, enforced on the copy');

    assert.equal(row('c.json').match, false);
    assert.match(row('c.json').why, /^original not analysed: unreadable-policy: /);

    assert.equal(row('d.json').original, undefined);
    assert.equal(row('d.json').why, 'no policy of the original matches (1 found)');

    assert.equal(row('gone.json'), undefined, 'an original that is not kept is skipped');
    assert.deepEqual([out.files, out.analysed, out.extracted, out.matched], [4, 3, 5, 2]);

    const table = spawnSync(process.execPath, [script, t.dir], { cwd: root, encoding: 'utf8' });
    assert.match(
      table.stdout,
      /\n3 of 4 files analysed; 2 of 5 extracted policies have equal verdict and lock-out \(not kept, skipped: gone\.erb\)\.\n$/,
    );
  } finally {
    t.cleanup();
  }
});

test('corpus.mjs without a corpus folder says so and exits 0', () => {
  const env = { ...process.env };
  delete env.FORCE_MFA_CORPUS;
  const none = spawnSync(process.execPath, [script], { cwd: root, encoding: 'utf8', env });
  assert.equal(none.status, 0);
  assert.match(none.stdout, /^No corpus folder given/);
  const missing = spawnSync(process.execPath, [script, path.join(root, 'no-such-corpus')], { cwd: root, encoding: 'utf8', env });
  assert.equal(missing.status, 0);
  assert.match(missing.stdout, /^No corpus at .*no-such-corpus \(no sources\.json there\)/);
});
