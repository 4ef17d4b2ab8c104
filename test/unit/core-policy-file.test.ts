// "Is this file a policy": one answer in the core (isPolicyFile), asked by the editor (publish the
// findings or not) and by the CLI (report a file found by walking a folder or not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPolicyFile, lint } from '../../src/core';

const asks = (text: string) => isPolicyFile(lint(text), text);

test('a policy is a policy file, clean or not', () => {
  assert.equal(asks('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'), true);
  assert.equal(asks('{"Version":"2012-10-17","Statement":[]}'), true);
});

test('broken JSON with a Statement key was meant to be a policy', () => {
  assert.equal(asks('{"Version": "2012-10-17", "Statement": [ // comment\n]}'), true);
  assert.equal(asks('{"Statement" : [,]}'), true);
  assert.equal(asks('{\u201CStatement\u201D: []}'), true, 'smart quotes pasted from a web page');
  assert.equal(asks('{"Statement": [], "Statement": []}'), true, 'duplicate keys');
});

test('other JSON is not, whatever its syntax', () => {
  assert.equal(asks('{"name": "x", "version": "1.0.0"}'), false);
  assert.equal(asks('{"name": "x", // comment\n}'), false);
  assert.equal(asks('{"a": 1, "a": 2}'), false, 'duplicate keys without a Statement');
  assert.equal(asks('{"a": "\u00A0"}'), false);
  assert.equal(asks(''), false);
  assert.equal(asks('"Statement": broken'), true, 'a Statement key in broken text');
});

test('a Statement key in text that parses but holds no policy is not enough (no findings)', () => {
  assert.equal(asks('{"config": {"Statement": "just a word"}}'), false);
});
