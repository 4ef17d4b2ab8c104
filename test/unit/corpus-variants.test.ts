// scripts/corpus.mjs with sources.json's `variants`: a module whose policy depends on its variables is judged with
// their defaults, so its policy is paired with the copy made with the defaults (the one `variants` names), even
// where another copy (made with other values) overlaps it more; the other copies are listed as not compared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { tempTree } from '../fixtures/cli/harness';

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts/corpus.mjs');
const allow = { Sid: 'ReadBuckets', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' };
const deny = { Sid: 'DenyWithoutMfa', Effect: 'Deny', NotAction: ['iam:ChangePassword'], Resource: '*' };
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement }, null, 2);

interface Row {
  extracted: string;
  original?: { mfa: string };
  pairedBy?: string;
  match?: boolean;
  skipped?: boolean;
}

test(
  'corpus.mjs pairs an original with the copy that sources.json variants name, and does not compare the others',
  { timeout: 120_000 },
  () => {
    if (!existsSync(path.join(root, 'dist/cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    // The original holds both statements; the copy with the defaults has the allow alone, the other copy both.
    const t = tempTree({
      'files/m.json': policy(allow, deny),
      'extracted/m.1.json': policy(allow),
      'extracted/m.2.json': policy(allow, deny),
      'sources.json': JSON.stringify({ 'm.json': { format: 'json', extracted: ['m.1.json', 'm.2.json'], variants: ['m.1.json'] } }),
    });
    try {
      const run = spawnSync(process.execPath, [script, t.dir, '--json'], { cwd: root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { extracted: number; rows: Row[] };
      const row = (name: string) => out.rows.find((r) => r.extracted === name)!;
      assert.match(row('m.1.json').pairedBy!, /^content/);
      assert.ok(row('m.1.json').original);
      assert.equal(row('m.2.json').skipped, true);
      assert.equal(row('m.2.json').original, undefined);
      assert.equal(out.extracted, 1);
      const table = spawnSync(process.execPath, [script, t.dir], { cwd: root, encoding: 'utf8' });
      assert.match(table.stdout, /\| m\.2\.json \| — \| — \| — \| — \| not compared: made with other values of the module's variables/);
      assert.match(table.stdout, /1 of 1 extracted policies have equal verdict and lock-out|0 of 1 extracted policies/);
      assert.match(table.stdout, /\(1 made with other values of a module's variables, not compared\)/);
    } finally {
      t.cleanup();
    }
  },
);
