// `force-mfa audit` (issue 15): the command line, its four formats and its exit codes, in process.
// The exports are those of test/fixtures/audit (see core-audit.test.ts for why each user gets its verdict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli, tempTree } from '../fixtures/cli/harness';
import { parseArgs } from '../../src/cli/args';
import { escapeHtml } from '../../src/cli/audit-html';

const AUDIT = path.join(__dirname, '../fixtures/audit');
const audit = (...argv: string[]) => runCli(['audit', ...argv], { cwd: AUDIT });

test('arguments: audit has its own options; lint keeps its own', () => {
  assert.deepEqual(parseArgs(['audit', 'x.json', '--credential-report', 'r.csv', '--format', 'html'], []), {
    kind: 'audit',
    exportPath: 'x.json',
    credentialReport: 'r.csv',
    format: 'html',
    allowPasswordChangeWithoutMfa: false,
    maxFileSize: 200 * 1024 * 1024,
  });
  assert.equal(parseArgs(['--format', 'json', 'audit', 'x.json'], []).kind, 'audit');
  assert.deepEqual(parseArgs(['audit', '--help'], []), { kind: 'audit-help' });
  assert.throws(() => parseArgs(['audit', 'x.json', '--fix'], []), /Unknown option '--fix'.*see force-mfa audit --help/);
  assert.throws(() => parseArgs(['audit'], []), /audit needs the export/);
  assert.throws(() => parseArgs(['audit', 'a.json', 'b.json'], []), /audit reads one export \(got 2 paths\)/);
  assert.throws(() => parseArgs(['audit', 'a.json', '--format', 'xml'], []), /--format must be one of stylish, json, sarif, html/);
  assert.throws(() => parseArgs(['lint', '--credential-report', 'r.csv'], []), /unknown option '--credential-report'/);
});

test('stylish: a row per user, the reasons of those that need attention, the totals; exit 1 when one is not forced', async () => {
  const r = await audit('group-only.json', '--credential-report', 'credential-report.csv');
  assert.equal(r.code, 1, 'henry is not forced');
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^USER\s+MFA\s+ENROL\s+RISK$/);
  assert.match(
    lines[3]!,
    /^henry\s+not-forced\s+no\s+console password, 2 active access keys, no MFA device, not forced, cannot enrol a device$/,
  );
  assert.ok(lines.includes('group-only.json:34:25  henry'), 'the user is located at their name in the export');
  assert.ok(lines.includes('note: Root user: no MFA device active.'));
  assert.equal(lines.at(-2), '4 users: 3 forced, 0 weak, 1 not forced; 0 locked out, 2 cannot enrol a device');
  assert.equal(r.stderr, '');
});

test('exit 0 when every user is forced and none is locked out; 1 for a lock-out alone', async () => {
  const { dir, cleanup } = tempTree({ 'ok.json': JSON.stringify(onlyUsers('group-only.json', ['alice', 'bob'])) });
  try {
    assert.equal((await runCli(['audit', 'ok.json'], { cwd: dir })).code, 0);
  } finally {
    cleanup();
  }
  // carol is forced, and locked out by another policy.
  const r = await audit('forced-and-locked.json', '--format', 'json');
  assert.equal(r.code, 1);
});

function onlyUsers(file: string, names: string[]): Record<string, unknown[]> {
  const x = JSON.parse(readFileSync(path.join(AUDIT, file), 'utf8')) as Record<string, unknown[]>;
  return { ...x, UserDetailList: x.UserDetailList!.filter((u) => names.includes((u as { UserName: string }).UserName)) };
}

test('json: the version 1 contract', async () => {
  const r = await audit('forced-and-locked.json', '--format', 'json');
  const out = JSON.parse(r.stdout) as {
    version: number;
    file: string;
    totals: Record<string, number>;
    notes: string[];
    users: Array<Record<string, unknown>>;
  };
  assert.equal(out.version, 1);
  assert.equal(out.file, 'forced-and-locked.json');
  assert.deepEqual(out.totals, { users: 1, enforced: 1, weak: 0, notForced: 0, undecided: 0, lockedOut: 1, cannotEnrol: 1, failing: 1 });
  const carol = out.users[0]!;
  assert.deepEqual(
    [carol.user, carol.arn, carol.mfa, carol.decided, carol.canEnrol, carol.lockout],
    [
      'carol',
      'arn:aws:iam::123456789012:user/carol',
      'enforced',
      true,
      false,
      [
        'iam:CreateVirtualMFADevice',
        'iam:EnableMFADevice',
        'iam:GetUser',
        'iam:ListMFADevices',
        'iam:ListVirtualMFADevices',
        'iam:ResyncMFADevice',
      ],
    ],
  );
  assert.deepEqual(Object.keys(carol).sort(), [
    'arn',
    'canEnrol',
    'canEnrolDecided',
    'decided',
    'deniedBy',
    'enrolReason',
    'escapes',
    'failing',
    'lockout',
    'lockoutBy',
    'mfa',
    'policies',
    'reason',
    'risk',
    'unknown',
    'user',
  ]);
});

test("sarif: valid SARIF 2.1.0, one result per finding on a user, at the user's name", async () => {
  const r = await audit('missing-managed.json', '--format', 'sarif');
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        message: { text: string };
        locations: Array<{ physicalLocation: { region: { startLine: number } } }>;
      }>;
    }>;
  };
  const schema = JSON.parse(readFileSync(require.resolve('../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  const results = log.runs[0]!.results;
  assert.deepEqual(
    results.map((x) => [x.ruleId, x.message.text.split(' ')[0]]),
    [
      ['user-not-forced', 'frank'],
      ['user-cannot-enrol', 'frank'],
      ['user-not-forced', 'gus'],
      ['user-cannot-enrol', 'gus'],
    ],
  );
  assert.equal(results[0]!.locations[0]!.physicalLocation.region.startLine, 5);
});

test("html: one self-contained page, totals first, each user's path to the verdict, everything escaped", async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const x = onlyUsers('bool-weak.json', ['erin']);
  (x.UserDetailList![0] as { UserName: string }).UserName = hostile;
  const { dir, cleanup } = tempTree({ 'x.json': JSON.stringify(x) });
  try {
    const r = await runCli(['audit', 'x.json', '--format', 'html'], { cwd: dir });
    assert.equal(r.code, 1);
    const html = r.stdout;
    assert.ok(html.startsWith('<!doctype html>'));
    assert.ok(!html.includes(hostile), 'the name is escaped');
    assert.ok(html.includes(escapeHtml(hostile)));
    assert.doesNotMatch(html, /<script|https?:\/\/|src=(?!x onerror)/i, 'no script and no network');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.ok(html.indexOf('class="totals"') < html.indexOf('<h2>Each user</h2>'), 'the totals come first');
    assert.match(html, /long-term access keys \(no MFA key\): <span class="bad">escapes<\/span>/);
    assert.match(
      html,
      /sessions without MFA \(&quot;false&quot;\): denied by statement &quot;DenyWithoutMfa&quot; of inline policy &quot;RequireMfa&quot;/,
    );
  } finally {
    cleanup();
  }
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});

test('bad input: exit 2 with one clear line', async () => {
  const { dir, cleanup } = tempTree({
    'policy.json': '{"Version":"2012-10-17","Statement":[]}',
    'broken.json': '{"UserDetailList": [',
    'bad.csv': 'a,b\n1,2\n',
  });
  try {
    const run = (...a: string[]) => runCli(['audit', ...a], { cwd: dir });
    const expect = async (argv: string[], message: RegExp) => {
      const r = await run(...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.equal(r.stdout, '');
      assert.equal(r.errLines.length, 1);
      assert.match(r.errLines[0]!, message);
    };
    await expect(['missing.json'], /^force-mfa: error: missing\.json: cannot be read \(ENOENT\)$/);
    await expect(['policy.json'], /^force-mfa: error: policy\.json: not the output of aws iam get-account-authorization-details/);
    await expect(['broken.json'], /^force-mfa: error: broken\.json: not JSON/);
    // A folder is read as templates (cli-audit-templates.test.ts): none here.
    await expect(
      ['.'],
      /^force-mfa: error: \.: not a template: broken\.json: a syntax error .*; policy\.json: not a CloudFormation template$/,
    );
    await expect(['policy.json', '--max-file-size', '10'], /over the limit of 10 \(--max-file-size\)$/);
    await expect(
      [path.join(AUDIT, 'group-only.json'), '--credential-report', 'bad.csv'],
      /^force-mfa: error: bad\.csv: not an IAM credential report/,
    );
  } finally {
    cleanup();
  }
});

test("an export saved as UTF-16 with a byte order mark (Windows PowerShell's >) is read", async () => {
  const text = readFileSync(path.join(AUDIT, 'bool-weak.json'), 'utf8');
  const { dir, cleanup } = tempTree({ 'utf16.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) });
  try {
    const r = await runCli(['audit', 'utf16.json', '--format', 'json'], { cwd: dir });
    assert.equal((JSON.parse(r.stdout) as { totals: { users: number } }).totals.users, 4);
  } finally {
    cleanup();
  }
});
