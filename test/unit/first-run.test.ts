// A new user's first look (issue 9): AWS's reference policy, as shipped in examples/, gives no
// finding at error, warning or info through the CLI in every format; the user-path advice is a hint
// that the CLI neither prints nor counts until raised; examples/README.md says what each example
// really gets; the editor settings offer `hint` and state each rule's real default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lint, ruleMetas } from '../../src/core';
import '../../src/core/yaml';
import { loadTerraformReader } from '../lib/hcl-reader';
import { runCli, runJson } from '../fixtures/cli/harness';

const ROOT = path.resolve(__dirname, '../..');
const REFERENCE = 'examples/aws-reference-policy.json';
const cli = (argv: string[]) => runCli(argv, { cwd: ROOT });

test(`${REFERENCE} in the CLI: stylish prints no finding, only the summary; exit 0`, async () => {
  const r = await cli(['lint', REFERENCE]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '0 errors, 0 warnings, 0 info in 1 file (1 policy: MFA 1 enforced); 0 files skipped as not policies.\n');
});

test(`${REFERENCE} in the CLI: json and sarif hold no finding; sarif says the hint rule is off by default`, async () => {
  const json = await runJson(['lint', REFERENCE], { cwd: ROOT });
  assert.deepEqual(
    json.json.files.map((f) => [f.file, f.policies.map((p) => p.mfa), f.diagnostics]),
    [[REFERENCE, ['enforced'], []]],
  );
  const sarif = JSON.parse((await cli(['lint', '--format', 'sarif', REFERENCE])).stdout);
  assert.deepEqual(sarif.runs[0].results, []);
  const rule = sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'user-path-not-matched');
  assert.deepEqual(rule.defaultConfiguration, { level: 'note', enabled: false });
});

test('the user-path advice is a hint in the core, and --rule user-path-not-matched=info brings it to the CLI', async () => {
  const r = lint(readFileSync(path.join(ROOT, REFERENCE), 'utf8'));
  assert.deepEqual([...new Set(r.diagnostics.map((d) => `${d.rule}/${d.severity}`))], ['user-path-not-matched/hint']);
  assert.ok(
    r.diagnostics.every((d) => d.fixes.length === 1),
    'each hint keeps its fix',
  );
  const raised = await runJson(['lint', '--rule', 'user-path-not-matched=info', REFERENCE], { cwd: ROOT });
  assert.equal(raised.code, 0);
  assert.deepEqual(
    raised.json.files[0]!.diagnostics.map((d) => `${d.rule}/${d.severity}`),
    Array(r.diagnostics.length).fill('user-path-not-matched/info'),
  );
  const stylish = await cli(['lint', '--rule', 'user-path-not-matched=info', REFERENCE]);
  assert.match(stylish.stdout, new RegExp(`\\n0 errors, 0 warnings, ${r.diagnostics.length} info in 1 file`));
});

test('examples/README.md names, for each example, exactly the rules it raises above hint level', async () => {
  // The examples are in every format the editor reads: JSON, a CloudFormation template, Terraform.
  await loadTerraformReader();
  const readme = readFileSync(path.join(ROOT, 'examples/README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `([^`]+\.(?:json|yaml|tf))` \| (.*) \|$/gm)];
  assert.deepEqual(
    rows.map((r) => r[1]!.slice(r[1]!.lastIndexOf('.'))).filter((e, i, all) => all.indexOf(e) === i),
    ['.json', '.yaml', '.tf'],
    'a row per example, in each format',
  );
  assert.ok(rows.length >= 4, 'a row per example');
  const names = new Set(ruleMetas.map((m) => m.name));
  for (const [, file, says] of rows) {
    const named = [...says!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).filter((n) => names.has(n));
    const raised = lint(readFileSync(path.join(ROOT, 'examples', file!), 'utf8'), { fileName: file })
      .diagnostics.filter((d) => d.severity !== 'hint')
      .map((d) => d.rule);
    assert.deepEqual([...new Set(raised)].sort(), [...new Set(named)].sort(), file);
  }
});

test('forceMfa.rules in package.json: every rule accepts hint, and states its real default', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const rules = manifest.contributes.configuration.properties['forceMfa.rules'];
  assert.deepEqual(rules.additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
  for (const m of ruleMetas) {
    const p = rules.properties[m.name];
    assert.ok(p, m.name);
    assert.deepEqual(p.enum, ['error', 'warning', 'info', 'hint', 'off'], m.name);
    assert.match(p.markdownDescription, new RegExp(`Default: \`${m.defaultSeverity}\``), m.name);
  }
});

// forceMfa.rules may set any rule to "hint": the core applies it (the editor passes the setting on
// as it is), and a finding's own severity (an info carve-out) does not override it.
test('a rule set to hint in the options gives hints, with their fixes, from the core itself', () => {
  const weak = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } }],
  });
  const before = lint(weak);
  assert.deepEqual(before.diagnostics.map((d) => `${d.rule}/${d.severity}`).sort(), [
    'bool-without-ifexists/warning',
    'missing-enrolment-exemption/error',
  ]);
  const after = lint(weak, { rules: { 'bool-without-ifexists': 'hint', 'missing-enrolment-exemption': 'hint' } });
  assert.deepEqual(after.diagnostics.map((d) => `${d.rule}/${d.severity}`).sort(), [
    'bool-without-ifexists/hint',
    'missing-enrolment-exemption/hint',
  ]);
  assert.ok(after.diagnostics.every((d) => d.fixes.length > 0));
});
