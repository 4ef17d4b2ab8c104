// What VS Code loads at activation (the thin extension) stays within issue 12's 100 KB and holds none of the
// core; the core and the YAML front-end are files of their own, loaded on the first lint that needs them; and
// the changes that made the core small keep behaviour: the insert-deny fix on a scalar Statement (no
// jsonc-parser `modify`) and the slimmed validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build, type BuildOptions } from 'esbuild';
// @ts-expect-error: a plain ESM script without types
import { common, extensionBundles } from '../../scripts/extension-bundles.mjs';
import { applyEdits, editsOf, lint } from '../../src/core';
import { knownKeys } from '../../src/core/schema/generated/validate.js';

const root = new URL('../../', import.meta.url);

/** One of the extension's bundles as scripts/build.mjs makes it (the same list and options), in memory. */
async function bundle(outfile: string) {
  const target = (extensionBundles as Array<BuildOptions & { outfile: string }>).find((b) => b.outfile === outfile);
  assert.ok(target, outfile);
  const entryPoints = (target.entryPoints as string[]).map((e) => new URL(e, root).pathname);
  const result = await build({ ...common, ...target, entryPoints, write: false, metafile: true, logLevel: 'silent' });
  return { bytes: result.outputFiles![0]!.contents.length, inputs: Object.keys(result.metafile!.inputs) };
}

for (const outfile of ['dist/extension.js', 'dist/web/extension.js']) {
  test(`bundle ${outfile}: what is loaded at activation is at most 100 KB and holds no core, parser or catalogue`, async () => {
    const { bytes, inputs } = await bundle(outfile);
    console.log(`[bundle] ${outfile}: ${bytes} bytes`);
    // 18.2 KB measured: the extension without the core (docs/decisions/bundle-budget.md).
    assert.ok(bytes <= 100_000, `${bytes} bytes`);
    // The core's constants and types (../core/types) only; the linter itself is loaded on the first lint.
    assert.deepEqual(
      inputs.filter((f) => f.startsWith('src/core/') && f !== 'src/core/types.ts'),
      [],
    );
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules/')),
      [],
    );
  });
}

for (const lazy of ['dist/lazy']) {
  test(`bundle ${lazy}/core.js: the core with the IAM catalogue, without the YAML parser or jsonc-parser`, async () => {
    const { bytes, inputs } = await bundle(`${lazy}/core.js`);
    console.log(`[bundle] ${lazy}/core.js: ${bytes} bytes`);
    assert.ok(inputs.includes('src/core/mfa/iam-catalogue.generated.json'), 'the catalogue is embedded');
    assert.deepEqual(
      inputs.filter((f) => f.includes('node_modules/') || f.includes('formats/yaml/')),
      [],
    );
  });

  test(`bundle ${lazy}/yaml.js: the YAML front-end alone, without the linter`, async () => {
    const { bytes, inputs } = await bundle(`${lazy}/yaml.js`);
    console.log(`[bundle] ${lazy}/yaml.js: ${bytes} bytes`);
    assert.ok(
      inputs.some((f) => f.includes('node_modules/yaml/browser/')),
      "the `yaml` package's browser build",
    );
    assert.ok(inputs.includes('src/core/formats/yaml/builder.ts'));
    assert.deepEqual(
      inputs.filter((f) => f.startsWith('src/core/') && /\/(rules|mfa|formats\/json)\/|\/lint\.ts$/.test(f)),
      [],
    );
  });
}

const insertDeny = (text: string) => {
  const d = lint(text).diagnostics.find((x) => x.rule === 'missing-mfa-deny');
  assert.ok(d, 'missing-mfa-deny reported');
  const fix = d.fixes[0]!;
  assert.equal(editsOf(fix).length, 1);
  const out = applyEdits(text, editsOf(fix));
  const after = lint(out).diagnostics.map((x) => x.rule);
  assert.ok(!after.includes('missing-mfa-deny') && !after.includes('json-syntax'), after.join());
  return { out, edit: editsOf(fix)[0]! };
};

test("insert-deny on a scalar Statement: the value becomes the array, in the document's tabs and CRLF", () => {
  const input = '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": null\r\n}';
  const { out, edit } = insertDeny(input);
  assert.equal(input.slice(edit.offset, edit.offset + edit.length), 'null', 'only the scalar is replaced');
  assert.match(out, /^\{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": \[\r\n\t\t\{\r\n\t\t\t"Sid": "DenyAllExceptListedIfNoMFA",\r\n/);
  assert.ok(out.endsWith('\r\n\t\t}\r\n\t]\r\n}'));
  assert.ok(!/[^\r]\n/.test(out), 'no bare LF');
});

test('insert-deny on a scalar Statement: 4-space documents get 4 spaces, minified ones stay on one line', () => {
  const spaced = insertDeny('{\n    "Statement": "x",\n    "Id": "a"\n}').out;
  assert.match(spaced, /^\{\n {4}"Statement": \[\n {8}\{\n {12}"Sid"/);
  assert.ok(spaced.endsWith('\n        }\n    ],\n    "Id": "a"\n}'));
  const minified = insertDeny('{"Version":"2012-10-17","Statement":5}').out;
  assert.ok(!minified.includes('\n'));
  assert.ok(minified.startsWith('{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny",'));
});

test('insert-deny: a Statement key without a value (a syntax error) gets no edit rather than a duplicate key', () => {
  const d = lint('{\n  "Statement": \n}').diagnostics.find((x) => x.rule === 'missing-mfa-deny');
  assert.ok(!d || d.fixes.every((f) => editsOf(f).length === 0));
});

test('generated validator: no embedded copy of the schema, the operator pattern once, operators built from their factors', () => {
  const generated = readFileSync(new URL('src/core/schema/generated/validate.js', root), 'utf8');
  assert.ok(!/json-schema\.org|"\$ref"|markdownDescription/.test(generated), 'no schema object in the code');
  assert.equal(generated.split('NumericGreaterThanEquals').length - 1, 2, 'once in the pattern, once in the operator factors');
  assert.ok(!/if\(vErrors === null\)\{vErrors = \[err/.test(generated), 'errors are pushed in one statement');
  assert.ok(!/parentData|rootData/.test(generated), 'no $data context');
  const schema = JSON.parse(readFileSync(new URL('schemas/iam-policy.schema.json', root), 'utf8'));
  assert.deepEqual(knownKeys.operator, Object.keys(schema.definitions.statement.properties.Condition.properties));
  assert.equal(knownKeys.operator.length, 159);
});
