// SARIF for code scanning: security-severity per rule (docs/cli.md has the table), rule help from
// docs/rules/*.md, and partialFingerprints that stay when lines move.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ruleMetas } from '../../src/core';
import { SECURITY_SEVERITY } from '../../src/cli/format/security-severity';
import { fixture, runCli, tempTree } from '../fixtures/cli/harness';
import { sarifValidator } from '../fixtures/cli/sarif';

interface Rule {
  id: string;
  helpUri: string;
  help: { text: string; markdown: string };
  properties: Record<string, unknown>;
}
interface Result {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: Array<{ physicalLocation: { region: { startLine: number } } }>;
}
interface Log {
  runs: Array<{ tool: { driver: { rules: Rule[] } }; results: Result[] }>;
}

async function sarif(argv: string[], cwd?: string): Promise<Log> {
  const r = await runCli(['lint', '--format', 'sarif', ...argv], cwd ? { cwd } : {});
  const log = JSON.parse(r.stdout) as Log;
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  return log;
}

test('every rule has a security-severity (a number from 0 to 10, as a string) in its properties', async () => {
  const { rules } = (await sarif(['enforced.json'])).runs[0]!.tool.driver;
  for (const meta of ruleMetas) assert.ok(SECURITY_SEVERITY[meta.name], `${meta.name} has a security-severity: a new rule needs one`);
  for (const rule of rules) {
    const value = rule.properties['security-severity'];
    assert.equal(typeof value, 'string', rule.id);
    assert.match(value as string, /^\d{1,2}\.\d$/);
    assert.ok(Number(value) > 0 && Number(value) <= 10, rule.id);
  }
  const of = (name: string) => Number(rules.find((x) => x.id === name)!.properties['security-severity']);
  // Walking around the MFA deny ranks high (7.0 to 8.9); a lock-out and a policy not analysed medium; hygiene low.
  assert.ok(of('missing-mfa-deny') >= 7 && of('bool-without-ifexists') >= 7);
  assert.ok(of('mfa-lockout') >= 4 && of('mfa-lockout') < 7);
  assert.ok(of('unreadable-policy') >= 4 && of('unreadable-policy') < 7);
  assert.ok(of('policy-size-limit') < 4);
});

test("rule help: text and markdown from the rule's docs page (its summary and Why), and its helpUri", async () => {
  const { rules } = (await sarif(['enforced.json'])).runs[0]!.tool.driver;
  const rule = rules.find((x) => x.id === 'missing-mfa-deny')!;
  assert.equal(rule.helpUri, 'https://github.com/force-mfa/force-mfa/blob/main/docs/rules/missing-mfa-deny.md');
  assert.ok(rule.help.text.startsWith('No statement denies requests made without MFA'), rule.help.text);
  assert.match(rule.help.text, /Allows add up across all of a user's policies; only an explicit Deny overrides them\./);
  assert.match(rule.help.markdown, /^\*\*No statement denies requests made without MFA/);
  assert.match(
    rule.help.markdown,
    /\[missing-mfa-deny\]\(https:\/\/github\.com\/force-mfa\/force-mfa\/blob\/main\/docs\/rules\/missing-mfa-deny\.md\)/,
  );
  for (const r of rules) assert.ok(r.help.text.length > 40 && r.help.markdown.length > 40, `${r.id} has help`);
  // Relative links in the pages become absolute: no markdown link may point at a bare `x.md`.
  for (const r of rules) assert.doesNotMatch(r.help.markdown, /\]\((?!https:)[^)]*\.md[)#]/, r.id);
});

test('partialFingerprints: the same across runs, and when lines are inserted above the finding', async () => {
  const policy = fixture('allow-only.json');
  const t = tempTree({ 'p.json': policy, 'q.json': policy });
  try {
    const fingerprints = async () => {
      const log = await sarif(['p.json', 'q.json'], t.dir);
      return log.runs[0]!.results.map((x) => ({
        rule: x.ruleId,
        line: x.locations[0]!.physicalLocation.region.startLine,
        fp: x.partialFingerprints['forceMfaFinding/v1']!,
      }));
    };
    const first = await fingerprints();
    assert.equal(first.length, 2);
    assert.match(first[0]!.fp, /^[0-9a-f]{32}$/);
    assert.notEqual(first[0]!.fp, first[1]!.fp, 'another file, another fingerprint');
    assert.deepEqual(await fingerprints(), first, 'stable across runs');
    // Blank lines and a re-indented copy above the statement: the finding moves down, its fingerprint stays.
    writeFileSync(path.join(t.dir, 'p.json'), `\n\n\n${JSON.stringify(JSON.parse(policy), null, 4)}`);
    const moved = await fingerprints();
    assert.ok(moved[0]!.line > first[0]!.line + 2, `moved from ${first[0]!.line} to ${moved[0]!.line}`);
    assert.equal(moved[0]!.fp, first[0]!.fp);
  } finally {
    t.cleanup();
  }
});

test('partialFingerprints: a statement named by its Sid keeps its fingerprint when a statement is inserted before it', async () => {
  const statement = {
    Sid: 'Odd',
    Effect: 'Deny',
    NotAction: ['iam:ListMFADevices'],
    Resource: '*',
    Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
  };
  const other = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  const write = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  const t = tempTree({ 'p.json': write([statement]) });
  try {
    const bool = async () => (await sarif(['p.json'], t.dir)).runs[0]!.results.filter((x) => x.ruleId === 'bool-without-ifexists');
    const before = await bool();
    assert.equal(before.length, 1);
    writeFileSync(path.join(t.dir, 'p.json'), write([other, other, statement]));
    const after = await bool();
    assert.equal(after.length, 1);
    assert.notEqual(after[0]!.locations[0]!.physicalLocation.region.startLine, before[0]!.locations[0]!.physicalLocation.region.startLine);
    assert.equal(after[0]!.partialFingerprints['forceMfaFinding/v1'], before[0]!.partialFingerprints['forceMfaFinding/v1']);
  } finally {
    t.cleanup();
  }
});

test("the rule help bundled in the CLI is the docs pages' (scripts/rule-help.mjs --check)", () => {
  const root = path.join(__dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/rule-help.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stderr}: run npm run gen:rules`);
  const help = JSON.parse(readFileSync(path.join(root, 'src/cli/rule-help.generated.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(help).sort(), ruleMetas.map((m) => m.name).sort(), 'a page per rule');
});
