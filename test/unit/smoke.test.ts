import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../src/core';

test('lint reports a syntax error with its offset', () => {
  const r = lint('{"Version": }');
  assert.equal(r.diagnostics[0]?.rule, 'json-syntax');
  assert.equal(r.diagnostics[0]?.offset, 12);
});
