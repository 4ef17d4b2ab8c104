// The schema file and the validator generated from it: in sync, standalone (no run-time compilation),
// draft-07 with VS Code's annotation only, and good for the editor's completion and hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getLanguageService, TextDocument, type JSONSchema } from 'vscode-json-languageservice';
import { buildSchema, conditionOperators } from '../../schemas/generate-schema.mjs';
import { validate } from '../../src/core/schema/generated/validate.js';

const root = new URL('../../', import.meta.url);
const schemaText = readFileSync(new URL('schemas/iam-policy.schema.json', root), 'utf8');
const schema = JSON.parse(schemaText) as JSONSchema & Record<string, unknown>;
const generated = readFileSync(new URL('src/core/schema/generated/validate.js', root), 'utf8');

test('schema: the committed schema is what schemas/generate-schema.mjs builds', () => {
  assert.deepEqual(schema, buildSchema());
});

test('schema: generated validator compiles nothing at run time and imports nothing', () => {
  assert.ok(generated.length > 1000);
  assert.doesNotMatch(generated, /new Function/);
  assert.doesNotMatch(generated, /\beval\s*\(/);
  assert.doesNotMatch(generated, /\brequire\s*\(/);
  assert.doesNotMatch(generated, /^\s*import\b/m);
  console.log(`[schema] generated validator: ${Buffer.byteLength(generated)} bytes`);
});

test('schema: only draft-07 keywords, plus markdownDescription', () => {
  const draft07 = new Set([
    '$schema',
    '$id',
    '$ref',
    '$comment',
    'title',
    'description',
    'default',
    'examples',
    'type',
    'enum',
    'const',
    'properties',
    'patternProperties',
    'additionalProperties',
    'required',
    'propertyNames',
    'minProperties',
    'maxProperties',
    'dependencies',
    'items',
    'additionalItems',
    'minItems',
    'maxItems',
    'uniqueItems',
    'contains',
    'pattern',
    'minLength',
    'maxLength',
    'format',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
    'allOf',
    'anyOf',
    'oneOf',
    'not',
    'if',
    'then',
    'else',
    'definitions',
    'readOnly',
    'writeOnly',
    'contentMediaType',
    'contentEncoding',
    'markdownDescription',
  ]);
  const nameMaps = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      seen.add(k);
      if (nameMaps.has(k)) Object.values(v as object).forEach(walk);
      else if (k !== 'enum' && k !== 'examples' && k !== 'const' && k !== 'default') walk(v);
    }
  };
  walk(schema);
  assert.deepEqual(
    [...seen].filter((k) => !draft07.has(k)),
    [],
  );
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
});

test('schema: operator list is complete: 27 base operators, IfExists on all but Null, two set prefixes', () => {
  const names = conditionOperators().map(([n]) => n);
  assert.equal(names.length, 3 * (26 * 2 + 1));
  assert.equal(new Set(names).size, names.length);
  for (const n of [
    'StringEquals',
    'StringNotEqualsIgnoreCaseIfExists',
    'BoolIfExists',
    'Null',
    'ForAllValues:StringLike',
    'ForAnyValue:ArnNotLikeIfExists',
    'NumericGreaterThanEquals',
    'DateLessThanEqualsIfExists',
    'BinaryEqualsIfExists',
    'NotIpAddressIfExists',
    'ArnEquals',
  ]) {
    assert.ok(names.includes(n), n);
  }
  assert.ok(!names.some((n) => /NullIfExists/.test(n)));
});

// VS Code's own JSON support, driven the way the editor drives it.
const service = getLanguageService({});
service.configure({ validate: true, schemas: [{ uri: 'force-mfa://iam-policy.schema.json', fileMatch: ['*.json'], schema }] });

async function complete(textWithCursor: string): Promise<string[]> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const doc = TextDocument.create('file:///p.json', 'json', 1, text);
  const list = await service.doComplete(doc, doc.positionAt(offset), service.parseJSONDocument(doc));
  return (list?.items ?? []).map((i) => i.label);
}

async function hover(textWithCursor: string): Promise<string> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const doc = TextDocument.create('file:///p.json', 'json', 1, text);
  const h = await service.doHover(doc, doc.positionAt(offset), service.parseJSONDocument(doc));
  const c = h?.contents;
  return Array.isArray(c) ? c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n') : typeof c === 'string' ? c : (c?.value ?? '');
}

test('schema: the editor completes statement keys, Effect values and condition operators', async () => {
  const keys = await complete('{"Statement":[{|}]}');
  for (const k of ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'Condition']) {
    assert.ok(keys.includes(k), `statement key ${k} in ${keys.join(',')}`);
  }
  assert.deepEqual((await complete('{"Statement":{"Effect":|}}')).sort(), ['"Allow"', '"Deny"']);
  assert.deepEqual((await complete('{"Version":|}')).sort(), ['"2008-10-17"', '"2012-10-17"']);
  const ops = await complete('{"Statement":[{"Effect":"Deny","Condition":{|}}]}');
  assert.equal(ops.length, 159);
  assert.ok(ops.includes('BoolIfExists') && ops.includes('ForAnyValue:StringLike') && !ops.includes('NullIfExists'));
  const top = await complete('{|}');
  assert.deepEqual(top.sort(), ['Id', 'Statement', 'Version']);
});

test('schema: the editor shows IAM help on hover', async () => {
  assert.match(await hover('{"Statement":[{"Eff|ect":"Allow"}]}'), /"Allow"`? or `?"Deny"/);
  assert.match(await hover('{"Statement":[{"Condition":{"Bool|IfExists":{}}}]}'), /absent from the request/);
  assert.match(await hover('{"Statement":[{"Condition":{"Bool":{"aws:MultiFactor|AuthPresent":"true"}}}]}'), /long-term access keys/);
});

test("schema: VS Code's validator agrees on the AWS reference policy (no problems)", async () => {
  const text = readFileSync(new URL('test/fixtures/reference/aws-self-manage-credentials-with-mfa.json', root), 'utf8');
  const doc = TextDocument.create('file:///ref.json', 'json', 1, text);
  assert.deepEqual(await service.doValidation(doc, service.parseJSONDocument(doc)), []);
});

test('schema: gen-validator skips the work when its output is newer than the schema', () => {
  const script = fileURLToPath(new URL('scripts/gen-validator.mjs', root));
  const out = fileURLToPath(new URL('src/core/schema/generated/validate.js', root));
  execFileSync(process.execPath, [script]); // brings the output up to date if it is not
  const before = statSync(out).mtimeMs;
  assert.ok(before > statSync(fileURLToPath(new URL('schemas/iam-policy.schema.json', root))).mtimeMs);
  const second = execFileSync(process.execPath, [script], { encoding: 'utf8' });
  assert.equal(second, '');
  assert.equal(statSync(out).mtimeMs, before);
});

test('schema: the generated validator accepts exactly the 159 operator names (its compacted form agrees with the list)', () => {
  const names = conditionOperators().map(([n]) => n);
  const candidates = new Set<string>(names);
  for (const n of names) {
    candidates.add(n.toLowerCase());
    candidates.add(`${n}IfExists`);
    candidates.add(`${n} `);
    candidates.add(`ForAllValues:${n}`);
    candidates.add(n.replace('ForAnyValue:', 'ForAnyValues:'));
  }
  for (const odd of ['', 'IfExists', 'ForAllValues:', 'NullIfExists', 'ForAnyValue:NullIfExists', 'Bool\nIfExists']) candidates.add(odd);
  const valid = new Set(names);
  const accepted = (op: string): boolean =>
    validate({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [op]: { k: 'v' } } } });
  const wrong = [...candidates].filter((op) => accepted(op) !== valid.has(op));
  assert.deepEqual(wrong, []);
  assert.ok(candidates.size > 600);
});
