// Issue 10, "Unbounded findings": a flood of errors (inside strings, runs of comments, pasted
// characters, duplicate keys, a policy rule firing on every statement) gives a bounded list, and
// one note per capped rule says how many more there were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits, editsOf, type Diagnostic, type LintResult } from '../../src/core';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE, MAX_MESSAGE_LENGTH } from '../../src/core/lint';
import { MAX_ERRORS } from '../../src/core/document/parse';
import { deny, only, policy } from '../fixtures/lib/core-helpers';

const MB = 1024 * 1024;
const DENY = deny({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });

/** The notes (findings standing for unlisted ones) and the other findings of a result. */
function split(r: LintResult): { notes: Diagnostic[]; listed: Diagnostic[] } {
  return { notes: r.diagnostics.filter((d) => d.omitted !== undefined), listed: r.diagnostics.filter((d) => d.omitted === undefined) };
}

/** Findings of `rule` as found: the listed ones plus those its note stands for. */
function total(r: LintResult, rule: string): number {
  return only(r, rule).reduce((n, d) => n + (d.omitted ?? 1), 0);
}

test('control characters inside one unterminated 2 MB string: 100 errors listed, one note counts the rest', () => {
  const text = `{"Statement": "${'\t'.repeat(2 * MB)}`;
  const r = lint(text);
  const { notes, listed } = split(r);
  assert.equal(listed.length, MAX_ERRORS);
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.rule, 'json-syntax');
  assert.equal(notes[0]!.severity, 'error');
  // 2 MB tabs, each an error; 100 listed; the unterminated string is one more (counted).
  assert.equal(total(r, 'json-syntax'), 2 * MB + 1);
  assert.match(notes[0]!.message, /^2,097,\d{3} more json-syntax findings not listed \(only the first 100\); fix those first\.$/);
});

test('a run of comments after the document: bounded, with the count of the rest', () => {
  const text = `${policy(DENY)}\n${'// c\n'.repeat(400_000)}`;
  const r = lint(text);
  const { notes, listed } = split(r);
  assert.equal(listed.length, MAX_ERRORS);
  assert.equal(total(r, 'json-syntax'), 400_000);
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.offset, listed[listed.length - 1]!.offset + 5, 'the note is where the first unlisted comment is');
});

test('bad escapes by the million: scanning stops, the note says so and where', () => {
  const text = `{"Statement": ["${'\\q'.repeat(MB)}"], "Version": 1}`;
  const r = lint(text);
  const { notes, listed } = split(r);
  assert.equal(listed.length, MAX_ERRORS);
  assert.equal(notes.length, 1);
  assert.match(
    notes[0]!.message,
    /^Too many syntax errors: 1,048,476 more json-syntax findings not listed, and the text from here on was not checked\.$/,
  );
  assert.equal(text.slice(notes[0]!.offset, notes[0]!.offset + 2), '],', 'at the first character not checked');
});

test('2 MB of no-break spaces: one pasted-characters finding with the count, and its safe fix removes them all', () => {
  const text = `{"Statement": [${'\u00a0'.repeat(MB)}]}`;
  const r = lint(text);
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.equal(d.rule, 'pasted-characters');
  assert.match(d.message, /1048576 non-breaking spaces \(U\+00A0\)/);
  assert.equal(applyEdits(text, editsOf(d.fixes[0]!)), `{"Statement": [${' '.repeat(MB)}]}`);
});

test('duplicate keys by the hundred thousand: 100 listed, one note', () => {
  const text = `{${'"a": 1, '.repeat(100_000)}"a": 2}`;
  const r = lint(text);
  const { notes, listed } = split(r);
  assert.equal(listed.length, 100);
  assert.equal(total(r, 'duplicate-key'), 100_000);
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.offset, listed[listed.length - 1]!.offset + 8);
});

test(`a policy rule that fires on every statement lists ${MAX_FINDINGS_PER_RULE}, its note counts the rest at its severity`, () => {
  const statements: object[] = [DENY];
  for (let i = 0; i < 500; i++)
    statements.push({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'True' } },
    });
  const r = lint(policy(...statements));
  const odd = only(r, 'odd-boolean-value');
  assert.equal(odd.length, MAX_FINDINGS_PER_RULE + 1);
  const note = odd.find((d) => d.omitted !== undefined)!;
  assert.equal(note.omitted, 300);
  assert.equal(note.severity, 'warning');
  assert.deepEqual(note.fixes, []);
  assert.match(note.message, /^300 more odd-boolean-value findings not listed \(only the first 200\); fix those first\.$/);
  // The listed findings keep their fixes.
  assert.ok(odd.filter((d) => d.omitted === undefined).every((d) => d.fixes.length === 1));
});

test(`at most ${MAX_FINDINGS_PER_FILE} findings per file, whatever the rules; every finding is listed or counted`, () => {
  const statements: object[] = [DENY];
  const n = 300;
  for (let i = 0; i < n; i++) {
    statements.push({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Bogus: 1,
      Resource: ['arn:aws:iam::*:mfa/${aws:username}', 'arn:aws:s3:::x', 'arn:aws:iam::*:user/${aws:username}'],
      Condition: { Bool: { 'aws:SecureTransport': 'True' }, 'ForAnyValue:StringEquals': { 'aws:username': 'x' } },
    });
  }
  const r = lint(policy(...statements), { partition: 'aws-cn' });
  const { notes, listed } = split(r);
  assert.ok(listed.length <= MAX_FINDINGS_PER_FILE, `${listed.length} listed`);
  assert.equal(listed.length, MAX_FINDINGS_PER_FILE, 'the cap is reached here');
  assert.ok(notes.length <= 7, 'one note per capped rule at most');
  assert.equal(total(r, 'iam-schema'), n);
  assert.equal(total(r, 'named-mfa-device-resource'), n);
  assert.equal(total(r, 'odd-boolean-value'), n);
  assert.equal(total(r, 'set-operator-on-single-valued-key'), n);
  assert.equal(total(r, 'user-path-not-matched'), n);
  assert.equal(total(r, 'arn-partition-mismatch'), 3 * n);
  // The last rules find the file's list full: their notes say so.
  const full = notes.filter((d) => !only(r, d.rule).some((x) => x.omitted === undefined));
  assert.ok(full.length > 0);
  for (const d of full) assert.match(d.message, /not listed \(the file has 1000 already\)/);
});

test('a message quoting a huge key is cut to a bounded length', () => {
  const key = 'k'.repeat(100_000);
  const r = lint(`{"${key}": 1, "${key}": 2}`);
  const d = only(r, 'duplicate-key')[0]!;
  assert.equal(d.message.length, MAX_MESSAGE_LENGTH);
  assert.ok(d.message.endsWith('\u2026'));
  assert.ok(d.related!.every((x) => x.message.length <= MAX_MESSAGE_LENGTH));
});

test('a byte order mark is called what it is: one finding, a safe fix, then the policy is analysed', () => {
  const clean = policy(DENY);
  const r = lint(`\ufeff${clean}`);
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.equal(d.rule, 'pasted-characters');
  assert.equal(d.offset, 0);
  assert.equal(
    d.message,
    'The file starts with a byte order mark (BOM, U+FEFF), which some editors write ("UTF-8 with BOM"). IAM rejects it, so this is not a valid policy yet; remove it to analyse it.',
  );
  assert.doesNotMatch(d.message, /pasted from a web page/);
  assert.equal(d.fixes.length, 1);
  assert.equal(d.fixes[0]!.kind, 'safe');
  assert.equal(d.fixes[0]!.title, 'Remove the byte order mark');
  const fixed = applyEdits(`\ufeff${clean}`, editsOf(d.fixes[0]!));
  assert.equal(fixed, clean);
  assert.deepEqual(
    lint(fixed).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('a byte order mark and pasted characters: still one finding, naming both, one fix for all', () => {
  const text = `\ufeff${policy(DENY).replace('"Version"', '\u00a0"Version"').replace('"Deny"', '\u201cDeny\u201d')}`;
  const r = lint(text);
  assert.equal(r.diagnostics.length, 1);
  const d = r.diagnostics[0]!;
  assert.match(d.message, /^The file starts with a byte order mark/);
  assert.match(d.message, /pasted from a web page.*1 non-breaking space \(U\+00A0\)/);
  assert.match(d.message, /left double quotation mark/);
  assert.deepEqual(
    lint(applyEdits(text, editsOf(d.fixes[0]!))).policies.map((p) => p.mfa),
    ['enforced'],
  );
});

test('U+FEFF inside the text is not a byte order mark', () => {
  const d = lint(`{"Statement": [\ufeff]}`).diagnostics[0]!;
  assert.match(d.message, /^Text pasted from a web page: 1 zero-width no-break space \(U\+FEFF\)/);
});
