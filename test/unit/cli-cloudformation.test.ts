// force-mfa CLI and CloudFormation: a folder walk reads *.yaml, *.yml and *.template files that are
// templates (others are skipped and counted), a YAML file named on the command line is read as YAML,
// and positions are the YAML text's lines and columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, runCli, runJson, tempTree } from '../fixtures/cli/harness';

const cfn = (name: string): string => readFileSync(path.join(__dirname, '../fixtures/cloudformation', name), 'utf8');

test('a folder walk reads CloudFormation templates in YAML and JSON, skips other YAML, and counts it', async () => {
  const t = tempTree({
    'infra/weak.yaml': cfn('weak-deny.yaml'),
    'infra/enforced.yml': cfn('enforced.yaml'),
    'infra/stack.template': cfn('enforced.template.json'),
    'infra/broken.yml': cfn('broken.yml'),
    '.github/ci.yaml': cfn('not-a-template.yaml'),
    'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
    'policies/enforced.json': fixture('enforced.json'),
  });
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [f.file, f.policies.map((p) => p.mfa).join()]),
      [
        ['infra/broken.yml', ''],
        ['infra/enforced.yml', 'enforced'],
        ['infra/stack.template', 'enforced'],
        ['infra/weak.yaml', 'weak'],
        ['policies/enforced.json', 'enforced'],
      ],
    );
    assert.equal(r.code, 1, 'broken.yml has a syntax error');
    const text = cfn('weak-deny.yaml');
    const d = r.json.files.find((f) => f.file === 'infra/weak.yaml')!.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
    const offset = text.indexOf('              Bool:') + 14;
    const before = text.slice(0, offset).split('\n');
    assert.deepEqual([d.line, d.column, d.endColumn], [before.length, before.at(-1)!.length + 1, before.at(-1)!.length + 5]);
    const s = await runCli(['lint', '.'], { cwd: t.dir });
    assert.match(
      s.stdout,
      /in 5 files: 4 read, 1 could not be analysed \(4 policies: MFA 3 enforced, 1 weak\); 2 files skipped as not policies\.\n$/,
    );
  } finally {
    t.cleanup();
  }
});

test('a YAML file named on the command line is read as YAML, a template or not', async () => {
  const t = tempTree({ 'weak.yaml': cfn('weak-deny.yaml'), 'ci.yaml': cfn('not-a-template.yaml') });
  try {
    const r = await runJson(['lint', 'weak.yaml', 'ci.yaml'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => [f.file, f.policies.map((p) => p.mfa).join(), f.diagnostics.map((d) => d.rule).join()]),
      [['weak.yaml', 'weak', 'bool-without-ifexists']],
    );
    assert.equal(r.code, 0);
  } finally {
    t.cleanup();
  }
});
