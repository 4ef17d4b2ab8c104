// force-mfa CLI: the stylish, json (a contract, version 1) and SARIF 2.1.0 formatters, and the
// offset -> line/column conversion they share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ruleMetas } from '../../src/core';
import { LineIndex } from '../../src/core/text/positions';
import { formatJson } from '../../src/cli/format/json';
import { FIXTURES, runCli, runJson } from '../fixtures/cli/harness';
import { sarifValidator } from '../fixtures/cli/sarif';

test('positions are 1-based; \\n, \\r\\n and a lone \\r end lines; columns count UTF-16 units', () => {
  const index = new LineIndex('ab\ncd\r\nef\rg\u{1F600}h');
  const at = (o: number) => {
    const p = index.positionAt(o);
    return [p.line, p.column];
  };
  assert.deepEqual(at(0), [1, 1]);
  assert.deepEqual(at(2), [1, 3], 'the newline itself ends line 1');
  assert.deepEqual(at(3), [2, 1]);
  assert.deepEqual(at(5), [2, 3], '\\r of \\r\\n');
  assert.deepEqual(at(7), [3, 1], 'after \\r\\n');
  assert.deepEqual(at(10), [4, 1], 'after a lone \\r');
  assert.deepEqual(at(13), [4, 4], 'an emoji is two UTF-16 units');
  assert.deepEqual(at(999), [4, 5], 'past the end clamps to the end');
  assert.deepEqual(at(-5), [1, 1]);
});

test('json: the version 1 contract, field by field, nothing internal leaks', () => {
  const out = formatJson({
    files: [
      {
        file: 'a/p.json',
        abs: '/x/a/p.json',
        policies: [{ pointer: '', kind: 'identity', mfa: 'weak', lockout: ['iam:EnableMFADevice'], line: 1, column: 1 }],
        diagnostics: [{ rule: 'bool-without-ifexists', severity: 'warning', message: 'm', line: 3, column: 5, endLine: 3, endColumn: 9 }],
      },
    ],
    skippedNotPolicies: 4,
    skippedTooLarge: 0,
    pathErrors: ['x: permission denied'],
  });
  assert.deepEqual(JSON.parse(out), {
    version: 1,
    files: [
      {
        file: 'a/p.json',
        policies: [{ pointer: '', kind: 'identity', mfa: 'weak', lockout: ['iam:EnableMFADevice'] }],
        diagnostics: [{ rule: 'bool-without-ifexists', severity: 'warning', message: 'm', line: 3, column: 5, endLine: 3, endColumn: 9 }],
        status: 'read',
      },
    ],
    summary: {
      files: { read: 1, couldNotAnalyse: 0, skipped: 4, tooLarge: 0 },
      skipped: { notPolicies: 4, tooLarge: 0, formatNotRead: 0 },
      policies: { enforced: 0, weak: 1, missing: 0, 'not-applicable': 0 },
      findings: { error: 0, warning: 1, info: 0 },
      pathErrors: 1,
    },
  });
  assert.ok(out.endsWith('}\n'));
});

test('json: AWS reference policy is enforced, no lock-out, no findings', async () => {
  const r = await runJson(['lint', 'enforced.json']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.json, {
    version: 1,
    files: [
      {
        file: 'enforced.json',
        policies: [{ pointer: '', kind: 'identity', mfa: 'enforced', lockout: [] }],
        diagnostics: [],
        status: 'read',
      },
    ],
    summary: {
      files: { read: 1, couldNotAnalyse: 0, skipped: 0, tooLarge: 0 },
      skipped: { notPolicies: 0, tooLarge: 0, formatNotRead: 0 },
      policies: { enforced: 1, weak: 0, missing: 0, 'not-applicable': 0 },
      findings: { error: 0, warning: 0, info: 0 },
      pathErrors: 0,
    },
  });
});

test('json: an allow-only policy is missing; the file path is kept as given', async () => {
  const r = await runJson(['lint', './allow-only.json']);
  const file = r.json.files[0]!;
  assert.equal(file.file, './allow-only.json');
  assert.deepEqual(file.policies, [{ pointer: '', kind: 'identity', mfa: 'missing', lockout: [] }]);
  assert.deepEqual(
    file.diagnostics.map((d) => d.rule),
    ['missing-mfa-deny'],
  );
});

test('json: a file that does not parse has policies: [] and its syntax diagnostics, 1-based', async () => {
  const r = await runJson(['lint', 'syntax-error.json']);
  assert.equal(r.code, 1);
  const [file] = r.json.files;
  assert.deepEqual(Object.keys(file!), ['file', 'policies', 'diagnostics', 'status']);
  assert.equal((file as { status?: string }).status, 'could-not-analyse');
  assert.deepEqual(file!.policies, []);
  assert.ok(file!.diagnostics.length > 0);
  for (const d of file!.diagnostics) {
    assert.deepEqual(Object.keys(d), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
    assert.equal(d.rule, 'json-syntax');
    assert.equal(d.severity, 'error');
  }
  // `{ "Effect": "Deny", }`: the trailing comma, or the brace after it, on line 4 (1-based).
  const text = readFileSync(path.join(FIXTURES, 'syntax-error.json'), 'utf8').split('\n');
  const d = file!.diagnostics[0]!;
  assert.equal(d.line, 4);
  assert.ok([text[3]!.indexOf(',') + 1, text[3]!.indexOf('}') + 1].includes(d.column), `column ${d.column}`);
  assert.ok(d.endLine > d.line || d.endColumn >= d.column);
});

test('stylish: path:line:col  severity  message  rule, then one summary line', async () => {
  const r = await runCli(['lint', 'syntax-error.json', 'allow-only.json', 'enforced.json', 'not-a-policy.json']);
  const lines = r.stdout.trimEnd().split('\n');
  const summary = lines.pop()!;
  assert.equal(lines.pop(), '', 'a blank line before the summary');
  for (const line of lines) assert.match(line, /^[\w./-]+\.json:\d+:\d+ {2}(error|warning|info) *.+ {2}[a-z-]+$/);
  assert.ok(lines.some((l) => l.startsWith('syntax-error.json:4:') && l.endsWith('  json-syntax')));
  assert.ok(lines.some((l) => l.startsWith('allow-only.json:') && l.includes('  warning  ') && l.endsWith('  missing-mfa-deny')));
  assert.match(
    summary,
    /^\d+ errors?, 1 warning, 0 info in 3 files: 2 read, 1 could not be analysed \(2 policies: MFA 1 enforced, 1 missing\); 1 file skipped as not a policy\.$/,
  );
});

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; shortDescription: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex?: number;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }>;
    }>;
    invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: unknown[] }>;
  }>;
}

test('sarif: valid against the SARIF 2.1.0 schema, rules from the registry with help URIs, regions as in json', async () => {
  const validate = sarifValidator();
  const argv = ['lint', 'syntax-error.json', 'allow-only.json', 'enforced.json'];
  const r = await runCli(['--format', 'sarif', ...argv]);
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.equal(
    validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0]!.results[0], level: 'warn' }] }] }),
    false,
    'the schema is really checked: a bad level is rejected',
  );
  assert.equal(log.version, '2.1.0');
  const { driver } = log.runs[0]!.tool;
  assert.equal(driver.name, 'force-mfa');
  assert.deepEqual(
    driver.rules.map((x) => x.id),
    ruleMetas.map((m) => m.name),
  );
  for (const [i, rule] of driver.rules.entries()) {
    assert.equal(rule.helpUri, `https://github.com/force-mfa/force-mfa/blob/main/docs/rules/${ruleMetas[i]!.name}.md`);
    assert.equal(rule.shortDescription.text, ruleMetas[i]!.description);
  }
  const json = (await runJson(argv)).json;
  const expected = json.files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      uri: f.file,
      ruleId: d.rule,
      level: d.severity === 'info' ? 'note' : d.severity,
      region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
    })),
  );
  const results = log.runs[0]!.results;
  assert.deepEqual(
    results.map((x) => ({
      uri: x.locations[0]!.physicalLocation.artifactLocation.uri,
      ruleId: x.ruleId,
      level: x.level,
      region: x.locations[0]!.physicalLocation.region,
    })),
    expected,
  );
  for (const x of results) assert.equal(driver.rules[x.ruleIndex!]!.id, x.ruleId, 'ruleIndex points at its rule');
  assert.ok(results.some((x) => x.ruleId === 'missing-mfa-deny'));
});

test('sarif: unreadable paths become tool notifications and the log stays valid', async () => {
  const validate = sarifValidator();
  const r = await runCli(['lint', '--format', 'sarif', 'missing.json', 'syntax-error.json']);
  assert.equal(r.code, 2);
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, false);
  assert.equal(log.runs[0]!.invocations[0]!.toolExecutionNotifications.length, 1);
});
