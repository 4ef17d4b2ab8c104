// .force-mfa.json in the CLI: the same file changes the CLI's output. Found from the linted file's
// folder up to the repository root (.git), or named with --config; flags win over it; its ignore
// entries move findings out of the counts into the reports (stylish summary, JSON with the reason,
// SARIF suppressions); a stale entry is a warning with its line; a config error is exit 2 with file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, runJson, tempTree } from '../fixtures/cli/harness';
import { sarifValidator } from '../fixtures/cli/sarif';

// Bool "false" on the MFA key in two statements: each is a bool-without-ifexists warning. The deny
// fires for console and session requests without MFA, but requests signed with long-term access
// keys carry no MFA key, Bool does not match an absent key, so they are not denied (MFA weak).
const DENY = (sid: string) => `{
      ${sid ? `"Sid": "${sid}",` : ''}
      "Effect": "Deny",
      "NotAction": ["iam:ListMFADevices", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListVirtualMFADevices", "sts:GetSessionToken", "iam:GetUser"],
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    }`;
const WEAK = `{
  "Version": "2012-10-17",
  "Statement": [
    ${DENY('Legacy')},
    ${DENY('')}
  ]
}
`;

/** A repository: .git, a weak policy under policies/, and the configuration given (if any). */
function repo(config?: string, more: Record<string, string> = {}) {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'policies/weak.json': WEAK,
    ...(config ? { '.force-mfa.json': config } : {}),
    ...more,
  });
}

test('config rules: the file changes severities; a --rule flag wins over it', async () => {
  const bare = repo();
  const off = repo('{ "rules": { "bool-without-ifexists": "off" } }');
  const raised = repo('{\n  // CI fails on these\n  "rules": { "bool-without-ifexists": "error" },\n}');
  try {
    const a = await runJson(['lint', 'policies'], { cwd: bare.dir });
    assert.equal(a.code, 0);
    assert.deepEqual(a.json.summary.findings, { error: 0, warning: 2, info: 0 });
    assert.equal('config' in a.json.summary, false, 'no configuration: the summary keeps its exact shape');

    const b = await runJson(['lint', 'policies'], { cwd: off.dir });
    assert.deepEqual(b.json.summary.findings, { error: 0, warning: 0, info: 0 });

    const c = await runCli(['lint', 'policies/weak.json'], { cwd: raised.dir });
    assert.equal(c.code, 1, 'raised to error by the file');
    assert.match(c.stdout, /policies\/weak\.json:\d+:\d+ {2}error {3}/);

    const d = await runCli(['lint', 'policies/weak.json', '--rule', 'bool-without-ifexists=warning'], { cwd: raised.dir });
    assert.equal(d.code, 0, 'the flag wins over the file');
    assert.match(d.stdout, /2 warnings/);
  } finally {
    bare.cleanup();
    off.cleanup();
    raised.cleanup();
  }
});

test('config: the nearest file from the linted file up to the repository root; none above .git; --config overrides', async () => {
  const t = tempTree({
    // Above the repository: never read.
    '.force-mfa.json': '{ "rules": { "bool-without-ifexists": "error" } }',
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/policies/weak.json': WEAK,
    'repo/nested/.force-mfa.json': '{ "rules": { "bool-without-ifexists": "off" } }',
    'repo/nested/deeper/weak.json': WEAK,
    'other.json': '{ "rules": { "bool-without-ifexists": "info" } }',
  });
  try {
    const r = await runJson(['lint', '.'], { cwd: path.join(t.dir, 'repo') });
    const byFile = Object.fromEntries(r.json.files.map((f) => [f.file, f.diagnostics.map((d) => d.severity)]));
    assert.deepEqual(byFile, { 'policies/weak.json': ['warning', 'warning'], 'nested/deeper/weak.json': [] });
    assert.equal(r.code, 0, 'the file above .git is not read');

    const o = await runJson(['lint', '.', '--config', '../other.json'], { cwd: path.join(t.dir, 'repo') });
    assert.deepEqual(
      o.json.files.map((f) => f.diagnostics.map((d) => d.severity)),
      [
        ['info', 'info'],
        ['info', 'info'],
      ],
    );
    const missing = await runCli(['lint', '.', '--config', 'nope.json'], { cwd: path.join(t.dir, 'repo') });
    assert.equal(missing.code, 2);
    assert.deepEqual(missing.errLines, ['force-mfa: error: nope.json: cannot read the configuration: no such file or folder']);
  } finally {
    t.cleanup();
  }
});

test('config: a configuration error fails with exit 2 and file:line:column, and nothing is linted', async () => {
  const t = repo(`{
  "ignore": [
    { "files": "policies/weak.json", "rule": "bool-without-ifexists" }
  ],
  "rules": { "bool-without-ifexist": "off" }
}`);
  try {
    const r = await runCli(['lint', '.'], { cwd: t.dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.errLines, [
      'force-mfa: error: .force-mfa.json:3:5: This ignore entry has no "reason": say why the finding is accepted, so that a reviewer can judge it.',
      'force-mfa: error: .force-mfa.json:5:14: Unknown rule "bool-without-ifexist"; did you mean "bool-without-ifexists"? The rules are listed in docs/rules.',
    ]);
  } finally {
    t.cleanup();
  }
});

const IGNORE = `{
  "ignore": [
    { "files": "policies/*.json", "rule": "bool-without-ifexists", "sid": "Legacy", "reason": "retired with the old VPN" },
    { "files": "policies/gone.json", "rule": "missing-mfa-deny", "reason": "file deleted since" }
  ]
}
`;

test('ignore: stylish counts the suppressed findings; the JSON report lists them with their reason; a stale entry is a warning with its line', async () => {
  const t = repo(IGNORE);
  try {
    const s = await runCli(['lint', '.'], { cwd: t.dir });
    assert.equal(s.code, 0);
    assert.equal((s.stdout.match(/bool-without-ifexists/g) ?? []).length, 1, 'only the statement without the Sid is listed');
    assert.match(s.stdout, /; 1 finding suppressed by \.force-mfa\.json; 1 stale ignore entry\.\n$/);
    assert.deepEqual(s.errLines, [
      'force-mfa: warning: .force-mfa.json:4:5: stale ignore entry: missing-mfa-deny in policies/gone.json matched no finding; remove it',
    ]);

    const j = await runJson(['lint', '.'], { cwd: t.dir });
    const out = j.json as unknown as {
      files: Array<{ diagnostics: unknown[]; suppressed: Array<Record<string, unknown>> }>;
      summary: { findings: unknown; config: unknown };
      staleIgnores: unknown[];
    };
    assert.equal(out.files[0]!.diagnostics.length, 1);
    assert.equal(out.files[0]!.suppressed.length, 1);
    const [sup] = out.files[0]!.suppressed;
    assert.equal(sup!.rule, 'bool-without-ifexists');
    assert.equal(sup!.severity, 'warning');
    assert.equal(sup!.reason, 'retired with the old VPN');
    assert.deepEqual(sup!.ignoredBy, { config: '.force-mfa.json', line: 3 });
    assert.equal(sup!.line, 9, 'the position of the finding in the policy');
    assert.deepEqual(out.summary.findings, { error: 0, warning: 1, info: 0 });
    assert.deepEqual(out.summary.config, { suppressed: 1, staleIgnores: 1, excluded: 0 });
    assert.deepEqual(out.staleIgnores, [
      { config: '.force-mfa.json', line: 4, column: 5, files: 'policies/gone.json', rule: 'missing-mfa-deny' },
    ]);

    // Linting one file says nothing of the entries for others: no stale warning.
    const one = await runCli(['lint', 'policies/weak.json'], { cwd: t.dir });
    assert.deepEqual(one.errLines, []);
  } finally {
    t.cleanup();
  }
});

test('ignore: SARIF carries suppressed findings as results with an external suppression and the reason; the log validates', async () => {
  const t = repo(IGNORE);
  try {
    const r = await runCli(['lint', '.', '--format', 'sarif'], { cwd: t.dir });
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }> };
    const results = log.runs[0]!.results;
    assert.equal(results.length, 2);
    assert.equal(results[0]!.suppressions, undefined);
    assert.deepEqual(results[1]!.suppressions, [{ kind: 'external', status: 'accepted', justification: 'retired with the old VPN' }]);
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  } finally {
    t.cleanup();
  }
});

test('exclude: files matching its globs are not linted, and the summary says how many', async () => {
  const t = repo('{ "exclude": ["generated/**"] }', { 'generated/weak.json': WEAK });
  try {
    const r = await runJson(['lint', '.'], { cwd: t.dir });
    assert.deepEqual(
      r.json.files.map((f) => f.file),
      ['policies/weak.json'],
    );
    assert.deepEqual((r.json.summary as unknown as { config: unknown }).config, { suppressed: 0, staleIgnores: 0, excluded: 1 });
    const s = await runCli(['lint', '.'], { cwd: t.dir });
    assert.match(s.stdout, /, 1 excluded by \.force-mfa\.json/);
  } finally {
    t.cleanup();
  }
});

test('a file in a format not read: its unreadable-policy finding follows the file (severity, ignore)', async () => {
  const py = 'import boto3\n# the deny checks "aws:MultiFactorAuthPresent"\n';
  const warn = repo('{ "rules": { "unreadable-policy": "warning" } }', { 'deploy.py': py });
  const ignored = repo('{ "ignore": [{ "files": "deploy.py", "rule": "unreadable-policy", "reason": "a script, not a policy" }] }', {
    'deploy.py': py,
  });
  try {
    const w = await runJson(['lint', 'deploy.py'], { cwd: warn.dir });
    assert.equal(w.code, 0, 'a warning in the file instead of the CLI default error');
    assert.deepEqual(
      w.json.files[0]!.diagnostics.map((d) => `${d.rule}/${d.severity}`),
      ['unreadable-policy/warning'],
    );
    const i = await runJson(['lint', 'deploy.py'], { cwd: ignored.dir });
    assert.equal(i.code, 0);
    const file = i.json.files[0] as unknown as { diagnostics: unknown[]; suppressed: Array<{ rule: string; reason: string }> };
    assert.deepEqual(file.diagnostics, []);
    assert.deepEqual(
      file.suppressed.map((s) => [s.rule, s.reason]),
      [['unreadable-policy', 'a script, not a policy']],
    );
  } finally {
    warn.cleanup();
    ignored.cleanup();
  }
});

test('--fix leaves the findings an ignore entry accepts as they are, and fixes the others', async () => {
  const t = repo(IGNORE);
  try {
    const r = await runJson(['lint', '--fix', '.'], { cwd: t.dir });
    const text = readFileSync(path.join(t.dir, 'policies/weak.json'), 'utf8');
    // The statement with Sid Legacy keeps Bool: its finding was accepted with a reason. The other
    // statement's Bool becomes BoolIfExists, which also denies requests with no MFA key (access keys).
    const legacy = text.slice(text.indexOf('"Legacy"'), text.indexOf('}', text.indexOf('"Condition"')));
    assert.match(legacy, /"Bool": \{/);
    assert.equal((text.match(/"BoolIfExists"/g) ?? []).length, 1);
    const file = (r.json.files as unknown as Array<{ fixed: Array<{ rule: string }>; policies: Array<{ mfa: string }> }>)[0]!;
    assert.deepEqual(
      file.fixed.map((f) => f.rule),
      ['bool-without-ifexists'],
    );
    // The fixed statement now denies every request without MFA (key absent or "false"), so the
    // accepted Bool adds no escape and the policy is enforced.
    assert.deepEqual(
      file.policies.map((p) => p.mfa),
      ['enforced'],
    );
  } finally {
    t.cleanup();
  }
});
