// What VS Code loads at activation (the thin extension) stays within issue 12's 100 KB and holds none of the
// core; the core and the YAML front-end are files of their own, loaded on the first lint that needs them; and
// the changes that made the core small keep behaviour: the insert-deny fix on a scalar Statement (no
// jsonc-parser `modify`) and the slimmed validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
  const file = result.outputFiles![0]!;
  return { bytes: file.contents.length, inputs: Object.keys(result.metafile!.inputs), text: file.text };
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
  test(`bundle ${lazy}/core.js: the core with the IAM catalogue and the .force-mfa.json reader (jsonc-parser's ESM build), without the YAML parser`, async () => {
    const { bytes, inputs } = await bundle(`${lazy}/core.js`);
    console.log(`[bundle] ${lazy}/core.js: ${bytes} bytes`);
    assert.ok(inputs.includes('src/core/mfa/iam-catalogue.generated.json'), 'the catalogue is embedded');
    // The catalogue of every AWS action (418 KB) is a file of its own, read on the first lint, completion or hover.
    assert.ok(!inputs.includes('src/core/mfa/iam-actions.generated.json'), 'the action catalogue is not embedded');
    // The configuration file is read with jsonc-parser, loaded with the core (docs/decisions/config-file.md).
    assert.ok(inputs.includes('src/core/config/parse.ts'));
    assert.deepEqual(
      inputs.filter(
        (f) => (f.includes('node_modules/') && !f.includes('node_modules/jsonc-parser/lib/esm/')) || f.includes('formats/yaml/'),
      ),
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

test('bundle dist/lazy/hcl.js: web-tree-sitter and the tree copy without the linter; given both .wasm files as bytes, it reads Terraform for the lazily loaded core', async () => {
  const hcl = await bundle('dist/lazy/hcl.js');
  console.log(`[bundle] dist/lazy/hcl.js: ${hcl.bytes} bytes`);
  assert.ok(
    hcl.inputs.some((f) => f.endsWith('node_modules/web-tree-sitter/tree-sitter.cjs')),
    "web-tree-sitter's CommonJS build",
  );
  assert.deepEqual(
    hcl.inputs.filter((f) => f.startsWith('src/core/') && /\/(rules|mfa|document|formats\/json)\/|\/lint\.ts$/.test(f)),
    [],
  );
  const core = await bundle('dist/lazy/core.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-lazy-'));
  try {
    // As the Node host loads them: require() of each file, the WebAssembly as bytes (the web host reads them with workspace.fs).
    writeFileSync(path.join(dir, 'hcl.js'), hcl.text);
    writeFileSync(path.join(dir, 'core.js'), core.text);
    const load = createRequire(path.join(dir, 'x.js'));
    const lazyCore = load('./core.js') as typeof import('../../src/core/extension-entry');
    const lazyHcl = load('./hcl.js') as typeof import('../../src/core/hcl-front-end');
    const wasm = (name: string) => new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(name)));
    const text =
      'data "aws_iam_policy_document" "d" {\n  statement {\n    effect = "Deny"\n    not_actions = ["iam:ListMFADevices"]\n    resources = ["*"]\n    condition {\n      test = "Bool"\n      variable = "aws:MultiFactorAuthPresent"\n      values = ["false"]\n    }\n  }\n}\n';
    const before = lazyCore.lint(text, { fileName: 'main.tf' });
    assert.ok(
      before.diagnostics.every((d) => d.rule !== 'bool-without-ifexists'),
      'not read before the front-end is there',
    );
    const frontEnd = await lazyHcl.createHclFrontEnd({
      runtime: wasm('web-tree-sitter/tree-sitter.wasm'),
      grammar: wasm('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    });
    lazyCore.provideHclFrontEnd(frontEnd);
    const after = lazyCore.lint(text, { fileName: 'main.tf' });
    assert.deepEqual(
      after.policies.map((p) => p.mfa),
      ['weak'],
    );
    const bool = after.diagnostics.find((d) => d.rule === 'bool-without-ifexists');
    assert.equal(bool && text.slice(bool.offset, bool.offset + bool.length), '"Bool"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

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

test('bundle dist/lazy/audit-report.js: the audit report page without the linter, Node built-ins or packages', async () => {
  const { bytes, inputs, text } = await bundle('dist/lazy/audit-report.js');
  console.log(`[bundle] dist/lazy/audit-report.js: ${bytes} bytes`);
  // 6.1 KB measured: the CLI's HTML renderer, its labels and the audit's label functions.
  assert.ok(bytes <= 20_000, `${bytes} bytes`);
  assert.ok(inputs.includes('src/cli/audit-html.ts'));
  assert.deepEqual(
    inputs.filter((f) => f.includes('node_modules/') || /\/(rules|formats)\/|\/lint\.ts$|audit-format\.ts$/.test(f)),
    [],
  );
  assert.ok(!/require\("(node:)?(path|url|fs)"\)/.test(text), 'no Node built-in');
});

test('bundle dist/lazy/audit-worker.js: the job alone; the core and the report page are required from beside it, not bundled again', async () => {
  const { bytes, inputs, text } = await bundle('dist/lazy/audit-worker.js');
  console.log(`[bundle] dist/lazy/audit-worker.js: ${bytes} bytes`);
  assert.ok(bytes <= 10_000, `${bytes} bytes`);
  assert.deepEqual(
    inputs.filter((f) => f.startsWith('src/core/') || f.includes('node_modules/') || f.startsWith('src/cli/')),
    [],
  );
  assert.ok(!text.includes('require("vscode")'));
});
