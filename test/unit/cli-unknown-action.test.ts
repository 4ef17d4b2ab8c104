// The CLI reads the catalogue of every AWS action (dist/iam-actions.json beside the bundle; from the
// sources, the committed file) before its first lint, so unknown-action judges names there as in the
// editor; a catalogue that cannot be read leaves the rule silent and says so once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runJson, tempTree } from '../fixtures/cli/harness';
import { loadActionCatalogue } from '../../src/cli/action-catalogue';

test('a folder without the catalogue, or with a damaged one: a warning that says which file and what is not checked', () => {
  // Runs first: nothing has provided the catalogue to this process yet.
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-catalogue-'));
  const said = `the catalogue of AWS actions (${path.join(dir, 'iam-actions.json')}) could not be read; unknown-action is not checked`;
  try {
    assert.equal(loadActionCatalogue(dir), said);
    writeFileSync(path.join(dir, 'iam-actions.json'), '{"not":"a catalogue"');
    assert.equal(loadActionCatalogue(dir), said);
    writeFileSync(path.join(dir, 'iam-actions.json'), '{"not":"a catalogue"}');
    assert.equal(loadActionCatalogue(dir), said);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lint: a misspelled action is a warning with its suggestion, in JSON and YAML', async () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dyanmodb:PutItem', Resource: '*' }] });
  const yaml = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObjets\n    Resource: '*'\n";
  const { dir, cleanup } = tempTree({ 'p.json': policy, 'p.yaml': yaml });
  try {
    const r = await runJson(['lint', '--format', 'json', 'p.json', 'p.yaml'], { cwd: dir });
    const found = r.json.files.flatMap((f) =>
      f.diagnostics.filter((d) => d.rule === 'unknown-action').map((d) => [f.file, d.severity, d.message]),
    );
    assert.deepEqual(found, [
      ['p.json', 'warning', '"dyanmodb:PutItem": no AWS service has the prefix "dyanmodb": did you mean "dynamodb:PutItem"?'],
      ['p.yaml', 'warning', '"s3:GetObjets" is not an action of Amazon S3 (s3): did you mean "s3:GetObject"?'],
    ]);
  } finally {
    cleanup();
  }
});
