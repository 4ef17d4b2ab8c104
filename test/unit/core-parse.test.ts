import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/core';
import { parse } from '../../src/core/document/parse';
import { toValue } from '../../src/core/document/tree';

const syntax = (text: string) =>
  lint(text)
    .diagnostics.filter((d) => d.rule === 'json-syntax')
    .map((d) => [d.offset, d.length]);

test('a missing value is reported at the closing brace', () => {
  const r = lint('{"Version": }');
  assert.equal(r.diagnostics[0]?.rule, 'json-syntax');
  assert.equal(r.diagnostics[0]?.offset, 12);
  assert.deepEqual(r.policies, []);
});

test('the tree matches JSON.parse on valid JSON, escapes included', () => {
  const samples = [
    '{"a":[1,-2.5e3,true,false,null,"x\\"y\\u00e9\\n"],"b":{"c":{}},"d":[]}',
    '[{"Statement":[]}, 0, "s"]',
    '"just a string"',
    '  12  ',
  ];
  for (const s of samples) {
    const p = parse(s);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(toValue(p.root!), JSON.parse(s));
  }
});

test('comments and trailing commas are errors with exact ranges', () => {
  assert.deepEqual(syntax('{"a": 1 // note\n}'), [[8, 7]]);
  assert.deepEqual(syntax('{"a": 1 /* x */}'), [[8, 7]]);
  assert.deepEqual(syntax('{"a": [1, 2,]}'), [[11, 1]]);
  assert.deepEqual(syntax('{"a": 1,}'), [[7, 1]]);
});

test('plain messages for common mistakes', () => {
  const m = (t: string) =>
    lint(t)
      .diagnostics.map((d) => d.message)
      .join(' | ');
  assert.match(m('{"Effect": "Allow" "Action": "*"}'), /comma/);
  assert.match(m('{"a": True}'), /lowercase/);
  assert.match(m("{'a': 1}"), /double quotes|Unexpected/);
  assert.match(m('{"a": "unterminated\n}'), /Unterminated string/);
  assert.match(m('{"a": 1'), /never closed/);
  assert.match(m('{"a": 01}'), /Invalid number/);
});

test('duplicate keys: the later one is reported, pointing to the first', () => {
  const text = '{"Statement": [], "Version": "2012-10-17", "Version": "2008-10-17"}';
  const d = lint(text).diagnostics.filter((x) => x.rule === 'duplicate-key');
  assert.equal(d.length, 1);
  assert.equal(d[0]!.offset, text.lastIndexOf('"Version"'));
  assert.equal(d[0]!.related?.[0]?.offset, text.indexOf('"Version"'));
  const big = `{${Array.from({ length: 40 }, (_, i) => `"k${i}": 1`).join(',')}, "k7": 2}`;
  assert.equal(lint(big).diagnostics.filter((x) => x.rule === 'duplicate-key').length, 1);
});

test('hostile inputs return a result without throwing', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const deepObj = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  const unclosed = '{"a":['.repeat(100_000);
  let garbage = '';
  for (let i = 0; i < 5000; i++) garbage += String.fromCharCode((i * 7919) % 65536);
  for (const t of [
    '',
    '   ',
    '[]',
    '[1,2,3]',
    'null',
    '"x"',
    deep,
    deepObj,
    unclosed,
    garbage,
    '\uFEFF{}',
    '\uD800{"a":1}',
    '}{][',
    '{"Statement": 5}',
  ]) {
    const r = lint(t);
    assert.ok(Array.isArray(r.diagnostics) && Array.isArray(r.policies));
  }
  assert.equal(lint(deepObj).diagnostics.length, 0);
  assert.ok(lint(unclosed).diagnostics.some((d) => /never closed/.test(d.message)));
});

test('a 10 MB document lints', () => {
  const st = { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::bucket/${aws:username}/*' };
  const statements = JSON.stringify(st);
  const n = Math.ceil(10_000_000 / statements.length);
  const text = `{"Version":"2012-10-17","Statement":[${Array(n).fill(statements).join(',\n')}]}`;
  const r = lint(text);
  assert.equal(r.policies.length, 1);
  assert.equal(r.policies[0]!.mfa, 'missing');
});
