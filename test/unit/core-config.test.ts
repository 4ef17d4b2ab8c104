// .force-mfa.json in the core: parsing and checking (errors with their lines), the lint options it
// sets, ignore entries applied to a lint result (by file glob, rule, pointer, Sid), stale entries,
// and the edit that appends an entry keeping the file's comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addIgnoreEntry,
  applyEdits,
  applyIgnores,
  checkGlob,
  configGlobMatches,
  configLintOptions,
  entriesFor,
  isExcludedByConfig,
  lint,
  MAX_CONFIG_DEPTH,
  parseConfig,
  placeOfFinding,
  staleEntries,
  type IgnoreEntry,
} from '../../src/core';

// Two statements with Bool "false" on the MFA key: each is a bool-without-ifexists finding. The
// deny fires for console and session requests without MFA (the key is "false"), but not for
// long-term access keys, whose requests carry no MFA key: Bool on an absent key does not match, so
// those requests are not denied (the verdict is weak).
const WEAK = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyWithoutMfaA",
      "Effect": "Deny",
      "NotAction": ["iam:ListMFADevices", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListVirtualMFADevices", "sts:GetSessionToken", "iam:GetUser"],
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    },
    {
      "Effect": "Deny",
      "NotAction": ["iam:ListMFADevices", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListVirtualMFADevices", "sts:GetSessionToken", "iam:GetUser"],
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}
`;

const boolFindings = (text: string) => lint(text, { fileName: 'p.json' }).diagnostics.filter((d) => d.rule === 'bool-without-ifexists');

test('config: a full file is read; comments and trailing commas are allowed', () => {
  const { config, errors, readable } = parseConfig(`{
    // the team's settings
    "$schema": "./schemas/force-mfa-config.schema.json",
    "rules": { "missing-mfa-deny": "error", "virtual-mfa-device-deletion": "off", },
    "partition": "aws-cn",
    "allowPasswordChangeWithoutMfa": true,
    "exclude": ["generated/**", "**/*.{tmp,bak}.json"],
    "ignore": [
      { "files": "policies/legacy.json", "rule": "bool-without-ifexists", "sid": "Old", "reason": "retired in Q3" },
    ],
  }`);
  assert.deepEqual(errors, []);
  assert.equal(readable, true);
  assert.deepEqual(config.rules, { 'missing-mfa-deny': 'error', 'virtual-mfa-device-deletion': 'off' });
  assert.equal(config.partition, 'aws-cn');
  assert.equal(config.allowPasswordChangeWithoutMfa, true);
  assert.deepEqual(config.exclude, ['generated/**', '**/*.{tmp,bak}.json']);
  assert.equal(config.ignore.length, 1);
  const [entry] = config.ignore;
  assert.deepEqual(
    { files: entry!.files, rule: entry!.rule, sid: entry!.sid, reason: entry!.reason, line: entry!.line, column: entry!.column },
    { files: 'policies/legacy.json', rule: 'bool-without-ifexists', sid: 'Old', reason: 'retired in Q3', line: 9, column: 7 },
  );
  assert.deepEqual(configLintOptions(config), {
    rules: { 'missing-mfa-deny': 'error', 'virtual-mfa-device-deletion': 'off' },
    partition: 'aws-cn',
    allowPasswordChangeWithoutMfa: true,
  });
  assert.deepEqual(configLintOptions(parseConfig('{}').config), { rules: {} });
  assert.deepEqual(parseConfig('').errors, [], 'an empty file configures nothing');
});

test('config: an ignore entry without a reason is an error at its line, and is not applied', () => {
  const { config, errors } = parseConfig(`{
  "ignore": [
    { "files": "a.json", "rule": "missing-mfa-deny", "reason": "ok" },
    { "files": "b.json", "rule": "missing-mfa-deny" },
    { "files": "c.json", "rule": "missing-mfa-deny", "reason": "   " }
  ]
}`);
  assert.deepEqual(
    errors.map((e) => [e.line, e.column, e.message.slice(0, 40)]),
    [
      [4, 5, 'This ignore entry has no "reason": say w'],
      [5, 64, 'This ignore entry has no "reason": say w'],
    ],
  );
  assert.deepEqual(
    config.ignore.map((e) => e.files),
    ['a.json'],
  );
});

test('config: unknown rules (with a suggestion), bad severities, bad globs, bad values, unknown keys: each an error with its line', () => {
  const { config, errors } = parseConfig(`{
  "rules": { "missing-mfa-denny": "error", "bool-without-ifexists": "fatal", "odd-boolean-value": "info" },
  "partition": "aws-mars",
  "allowPasswordChangeWithoutMfa": "yes",
  "exclude": ["", "!generated/**", "/abs/**", "a\\\\b", "[ab].json", "{a,b", "../up/*.json", 3, "ok/**"],
  "ignore": [
    { "files": "*.json", "rule": "no-such-rule", "reason": "r" },
    { "files": "*.json", "rule": "missing-mfa-deny", "pointer": "Statement/0", "reason": "r" },
    { "files": "*.json", "rule": "missing-mfa-deny", "reason": "r", "because": "x" },
    "not an object"
  ],
  "colour": true
}`);
  const got = errors.map((e) => `${e.line}: ${e.message}`);
  const expect = [
    '2: Unknown rule "missing-mfa-denny"; did you mean "missing-mfa-deny"?',
    '2: The severity of "bool-without-ifexists" must be one of error, warning, info, hint, off.',
    '3: "partition" must be one of aws, aws-cn, aws-us-gov.',
    '4: "allowPasswordChangeWithoutMfa" must be true or false.',
    '5: Bad glob: an empty glob matches nothing.',
    '5: Bad glob: "!generated/**": negation (!) is not supported',
    '5: Bad glob: "/abs/**" is absolute',
    '5: Bad glob: "a\\b" holds a backslash',
    '5: Bad glob: "[ab].json": character classes',
    '5: Bad glob: "{a,b": a "{" without its "}".',
    '5: Bad glob: "../up/*.json" goes up',
    '5: Bad glob: a glob must be a string.',
    '7: Unknown rule "no-such-rule"',
    '8: "pointer" must be a JSON pointer',
    '9: Unknown key "because" in an ignore entry',
    '10: An ignore entry must be an object',
    '12: Unknown key "colour"',
  ];
  assert.equal(got.length, expect.length, got.join('\n'));
  expect.forEach((prefix, i) => assert.ok(got[i]!.startsWith(prefix), `${got[i]} should start with ${prefix}`));
  assert.deepEqual(config.rules, { 'odd-boolean-value': 'info' }, 'only the good values are kept');
  assert.equal(config.partition, undefined);
  assert.deepEqual(config.exclude, ['ok/**']);
  assert.deepEqual(config.ignore, []);
});

test('config: syntax errors, a root that is no object, duplicate keys, hostile nesting: errors, never a throw', () => {
  const syntax = parseConfig('{\n  "rules": {\n    "missing-mfa-deny": "error"\n  \n');
  assert.equal(syntax.readable, false);
  assert.ok(syntax.errors.length > 0 && syntax.errors[0]!.message.startsWith('JSON syntax:'), syntax.errors[0]?.message);
  assert.equal(parseConfig('[]').errors[0]!.message.startsWith('The configuration must be an object'), true);
  const dup = parseConfig('{ "partition": "aws",\n "partition": "aws-cn" }');
  assert.deepEqual(
    dup.errors.map((e) => [e.line, e.message]),
    [[2, 'Duplicate key "partition".']],
  );
  assert.deepEqual([dup.errors[0]!.column, dup.errors[0]!.endLine, dup.errors[0]!.endColumn], [2, 2, 13], 'the range of the key at fault');
  // 200,000 levels: jsonc-parser's parser recurses, so the depth is checked first by a scan.
  const deep = parseConfig(`{"ignore":${'['.repeat(200_000)}`);
  assert.equal(deep.readable, false);
  assert.ok(deep.errors[0]!.message.includes(`more than ${MAX_CONFIG_DEPTH} levels`));
  // A flood of errors is capped.
  const many = parseConfig(`{ "exclude": [${Array.from({ length: 5000 }, () => '""').join(',')}] }`);
  assert.equal(many.errors.length, 100);
});

test('config globs: relative to the config folder, ** across folders, {a,b}, dot folders; bad globs said why', () => {
  assert.equal(configGlobMatches('policies/*.json', 'policies/admin.json'), true);
  assert.equal(configGlobMatches('policies/*.json', 'other/policies/admin.json'), false, 'relative to the config folder, not anywhere');
  assert.equal(configGlobMatches('**/admin.json', 'a/b/admin.json'), true);
  assert.equal(configGlobMatches('**/*.{yaml,yml}', 'cfn/stack.yml'), true);
  assert.equal(configGlobMatches('**/*.{yaml,yml}', 'cfn/stack.json'), false);
  assert.equal(configGlobMatches('**/*.json', '.github/p.json'), true);
  assert.equal(checkGlob('{a,{b,c}}'), '"{a,{b,c}}": nested {} groups are not supported');
  assert.match(checkGlob('{a,b,c,d}/{a,b,c,d}/{a,b,c,d}/{a,b,c,d}')!, /more than 64 alternatives/);
  const { config } = parseConfig(
    '{ "exclude": ["generated/**"], "ignore": [{ "files": "p/*.json", "rule": "missing-mfa-deny", "reason": "r" }] }',
  );
  assert.equal(isExcludedByConfig(config, 'generated/x/y.json'), true);
  assert.equal(isExcludedByConfig(config, 'src/y.json'), false);
  assert.equal(entriesFor(config, 'p/a.json').length, 1);
  assert.equal(entriesFor(config, '../p/a.json').length, 0, 'a file outside the config folder');
});

const entriesOf = (json: string): IgnoreEntry[] => {
  const parsed = parseConfig(json);
  assert.deepEqual(parsed.errors, []);
  return parsed.config.ignore;
};

test('ignore: by rule and file, every finding of the rule; by Sid or pointer, only those inside that statement', () => {
  const options = { fileName: 'p.json' };
  const result = lint(WEAK, options);
  const findings = boolFindings(WEAK);
  assert.equal(findings.length, 2, 'one finding per statement');

  const all = entriesOf('{ "ignore": [{ "files": "p.json", "rule": "bool-without-ifexists", "reason": "accepted" }] }');
  const used = new Set<IgnoreEntry>();
  const a = applyIgnores(result, all, WEAK, options, used);
  assert.equal(a.suppressed.length, 2);
  assert.equal(a.suppressed[0]!.entry.reason, 'accepted');
  assert.equal(a.result.diagnostics.filter((d) => d.rule === 'bool-without-ifexists').length, 0);
  assert.equal(a.result.diagnostics.length, result.diagnostics.length - 2, 'the other findings stay');
  assert.deepEqual(staleEntries({ rules: {}, exclude: [], ignore: all }, used), []);

  const bySid = entriesOf(
    '{ "ignore": [{ "files": "p.json", "rule": "bool-without-ifexists", "sid": "DenyWithoutMfaA", "reason": "r" }] }',
  );
  const s = applyIgnores(result, bySid, WEAK, options);
  assert.deepEqual(
    s.suppressed.map((x) => x.diagnostic.offset),
    [findings[0]!.offset],
  );
  const byPointer = entriesOf(
    '{ "ignore": [{ "files": "p.json", "rule": "bool-without-ifexists", "pointer": "/Statement/1", "reason": "r" }] }',
  );
  const p = applyIgnores(result, byPointer, WEAK, options);
  assert.deepEqual(
    p.suppressed.map((x) => x.diagnostic.offset),
    [findings[1]!.offset],
  );

  // An entry for another rule, a Sid that no statement has, a pointer to nothing: nothing accepted, each stale.
  const none = entriesOf(`{ "ignore": [
    { "files": "p.json", "rule": "missing-mfa-deny", "reason": "r" },
    { "files": "p.json", "rule": "bool-without-ifexists", "sid": "Gone", "reason": "r" },
    { "files": "p.json", "rule": "bool-without-ifexists", "pointer": "/Statement/7", "reason": "r" }
  ] }`);
  const usedNone = new Set<IgnoreEntry>();
  const n = applyIgnores(result, none, WEAK, options, usedNone);
  assert.equal(n.suppressed.length, 0);
  assert.equal(n.result, result, 'nothing accepted: the same result');
  assert.deepEqual(
    staleEntries({ rules: {}, exclude: [], ignore: none }, usedNone).map((e) => e.line),
    [2, 3, 4],
  );
});

test('ignore: a Sid in a YAML CloudFormation template is found in its tree (once the YAML reader is there)', async () => {
  await import('../../src/core/yaml');
  const yaml = `Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: Legacy
            Effect: Deny
            NotAction: ["iam:ListMFADevices", "iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ResyncMFADevice", "iam:ListVirtualMFADevices", "sts:GetSessionToken", "iam:GetUser"]
            Resource: "*"
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "false" } }
`;
  const options = { fileName: 'stack.yaml' };
  const result = lint(yaml, options);
  const finding = result.diagnostics.find((d) => d.rule === 'bool-without-ifexists')!;
  assert.ok(finding);
  assert.deepEqual(placeOfFinding(yaml, options, finding.offset), { sid: 'Legacy' });
  const entries = entriesOf('{ "ignore": [{ "files": "*.yaml", "rule": "bool-without-ifexists", "sid": "Legacy", "reason": "r" }] }');
  assert.equal(applyIgnores(result, entries, yaml, options).suppressed.length, 1);
});

test("placeOfFinding: a statement's Sid, else its pointer; nothing for a policy-wide finding or an unplaceable format", () => {
  const options = { fileName: 'p.json' };
  const [first, second] = boolFindings(WEAK);
  assert.deepEqual(placeOfFinding(WEAK, options, first!.offset), { sid: 'DenyWithoutMfaA' });
  assert.deepEqual(placeOfFinding(WEAK, options, second!.offset), { pointer: '/Statement/1' });
  assert.deepEqual(placeOfFinding(WEAK, options, 0), {});
  const single = '{ "Version": "2012-10-17", "Statement": { "Effect": "Allow", "Action": "s3:*", "Resource": "*" } }';
  assert.deepEqual(placeOfFinding(single, options, single.indexOf('s3:*')), { pointer: '/Statement' });
  assert.deepEqual(placeOfFinding('```json\n{}\n```', { fileName: 'README.md' }, 3), {});
  assert.deepEqual(placeOfFinding('resource "x" "y" {}', { fileName: 'main.tf' }, 3), {});
});

test('addIgnoreEntry: appends to ignore with jsonc-parser modify, keeping comments and formatting; creates ignore or the file', () => {
  const text = `{
  // severities the team agreed on
  "rules": { "missing-mfa-deny": "error" }, /* keep */
  "ignore": [
    { "files": "a.json", "rule": "missing-mfa-deny", "reason": "old" }
  ]
}
`;
  const edits = addIgnoreEntry(text, { files: 'p/b.json', rule: 'bool-without-ifexists', sid: 'S1', reason: 'migrating' });
  assert.ok(Array.isArray(edits));
  const out = applyEdits(text, edits);
  assert.ok(out.includes('// severities the team agreed on') && out.includes('/* keep */'), out);
  const parsed = parseConfig(out);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(
    parsed.config.ignore.map((e) => [e.files, e.rule, e.sid, e.reason]),
    [
      ['a.json', 'missing-mfa-deny', undefined, 'old'],
      ['p/b.json', 'bool-without-ifexists', 'S1', 'migrating'],
    ],
  );
  assert.ok(out.startsWith(text.slice(0, text.indexOf('"ignore"'))), 'nothing before the list changed');

  const noList = '{ "partition": "aws" }';
  const added = applyEdits(noList, addIgnoreEntry(noList, { files: 'x.json', rule: 'missing-mfa-deny', reason: 'r' }) as never);
  assert.equal(parseConfig(added).config.ignore.length, 1);
  assert.equal(parseConfig(added).config.partition, 'aws');

  const created = applyEdits(
    '',
    addIgnoreEntry('', { files: 'x.json', rule: 'missing-mfa-deny', pointer: '/Statement/0', reason: 'r' }) as never,
  );
  assert.deepEqual(parseConfig(created).errors, []);
  assert.equal(parseConfig(created).config.ignore[0]!.pointer, '/Statement/0');

  assert.match(
    addIgnoreEntry('{ "ignore": [', { files: 'x', rule: 'missing-mfa-deny', reason: 'r' }) as string,
    /cannot be edited safely: line 1/,
  );
});

test('config: whatever a host passes, parseConfig answers and never throws', () => {
  for (const value of [
    undefined,
    null,
    42,
    {},
    '\u0000',
    '{"rules":{"__proto__":"off"}}',
    '{"ignore":[{"files":"**","rule":"constructor","reason":"r"}]}',
  ]) {
    const parsed = parseConfig(value as unknown as string);
    assert.ok(Array.isArray(parsed.errors));
    assert.equal(Object.getPrototypeOf(parsed.config.rules), Object.prototype, 'no prototype pollution through "__proto__"');
  }
  assert.match(parseConfig('{"rules":{"__proto__":"off"}}').errors[0]!.message, /Unknown rule "__proto__"/);
  assert.match(
    parseConfig('{"ignore":[{"files":"**","rule":"constructor","reason":"r"}]}').errors[0]!.message,
    /Unknown rule "constructor"/,
  );
});
