// The registry is the one source of rule facts (issue 11): the docs pages' fact blocks, the README's
// rules table and package.json's `forceMfa.rules` are generated from it by `npm run gen:rules`
// (scripts/rule-facts.ts). A fact changed in a rule without regenerating fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PARTITIONS, ruleMetas, type RuleMeta } from '../../src/core';
import { CONFIG_SCHEMA, docsPage, generateRuleFacts, MANIFEST, README, type Files } from '../../scripts/rule-facts';

const ROOT = path.resolve(__dirname, '../..');
const onDisk = (file: string) => {
  const abs = path.join(ROOT, file);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
};
const from = (files: Files) => (file: string) => files.get(file) ?? onDisk(file);
/** The generated files that differ from those given. */
const differing = (files: Files, read: (file: string) => string | undefined) =>
  [...files].filter(([f, text]) => read(f) !== text).map(([f]) => f);

test('rule facts: the committed docs pages, README and package.json are what the registry generates (npm run gen:rules)', () => {
  const files = generateRuleFacts(onDisk);
  assert.deepEqual([...files.keys()].sort(), [...ruleMetas.map((m) => docsPage(m.name)), README, MANIFEST, CONFIG_SCHEMA].sort());
  assert.deepEqual(differing(files, onDisk), [], 'out of date: run npm run gen:rules');
});

test('rule facts: generating twice changes nothing', () => {
  const once = generateRuleFacts(onDisk);
  const twice = generateRuleFacts(from(once));
  assert.deepEqual(differing(twice, from(once)), []);
});

test('rule facts: a default severity changed in a rule changes all three places (so the first test fails until regenerated)', () => {
  const metas: RuleMeta[] = ruleMetas.map((m) => (m.name === 'bool-without-ifexists' ? { ...m, defaultSeverity: 'error' } : m));
  const files = generateRuleFacts(onDisk, metas);
  assert.deepEqual(
    differing(files, from(generateRuleFacts(onDisk))).sort(),
    [README, docsPage('bool-without-ifexists'), MANIFEST, CONFIG_SCHEMA].sort(),
  );
  const manifest = JSON.parse(files.get(MANIFEST)!);
  const setting = manifest.contributes.configuration.properties['forceMfa.rules'].properties['bool-without-ifexists'];
  assert.equal(setting.default, 'error');
  assert.match(setting.markdownDescription, /Default: `error`\.$/);
  assert.match(files.get(docsPage('bool-without-ifexists'))!, /^\| default severity \| error \|$/m);
  assert.match(files.get(README)!, /^\| \[bool-without-ifexists\]\(docs\/rules\/bool-without-ifexists\.md\) \| error \| yes \|/m);
});

test('rule facts: only the generated block of a page changes; its heading, why, bad and good examples are kept', () => {
  const page = docsPage('mfa-lockout');
  const current = onDisk(page)!;
  const metas = ruleMetas.map((m) => (m.name === 'mfa-lockout' ? { ...m, description: 'A new description.', fixable: false } : m));
  const next = generateRuleFacts(onDisk, metas).get(page)!;
  const outside = (text: string) => text.replace(/<!-- rule-facts:begin[\s\S]*<!-- rule-facts:end -->/, '');
  assert.equal(outside(next), outside(current));
  assert.match(next, /^A new description\.$/m);
  assert.match(next, /^\| fix \| no \|$/m);
});

test('rule facts: package.json states each rule in registry order, with every setting and its default; the partitions are the core list', () => {
  const manifest = JSON.parse(onDisk(MANIFEST)!);
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(props['forceMfa.partition'].enum, [...PARTITIONS]);
  const rules = props['forceMfa.rules'];
  assert.deepEqual(
    Object.keys(rules.properties),
    ruleMetas.map((m) => m.name),
    'in registry order',
  );
  for (const m of ruleMetas) {
    assert.deepEqual(rules.properties[m.name], {
      type: 'string',
      enum: ['error', 'warning', 'info', 'hint', 'off'],
      default: m.defaultSeverity,
      markdownDescription: rules.properties[m.name].markdownDescription,
    });
    assert.ok(rules.properties[m.name].markdownDescription.startsWith(`${m.description} Default: \`${m.defaultSeverity}\``), m.name);
  }
});

test('rule facts: a new rule gets a page with its facts and the sections to write; a page without markers is refused', () => {
  const added: RuleMeta = {
    id: 'FMFA999',
    name: 'brand-new-rule',
    description: 'Something new.',
    defaultSeverity: 'warning',
    docs: '',
    fixable: true,
  };
  const page = generateRuleFacts(onDisk, [...ruleMetas, added]).get(docsPage(added.name))!;
  assert.match(page, /^# brand-new-rule\n\n<!-- rule-facts:begin[^\n]*-->\nSomething new\.\n/);
  for (const section of ['## Why', '## Bad', '## Good']) assert.ok(page.includes(`\n${section}\n`), section);
  const unmarked = (file: string) => (file === docsPage('json-syntax') ? '# json-syntax\n\nHand-written facts.\n' : onDisk(file));
  assert.throws(() => generateRuleFacts(unmarked), /docs\/rules\/json-syntax\.md: needs exactly one block/);
});

test('rule facts: every page under docs/rules belongs to a rule of the registry', () => {
  const pages = readdirSync(path.join(ROOT, 'docs/rules'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/rules/${f}`);
  assert.deepEqual(pages.sort(), ruleMetas.map((m) => docsPage(m.name)).sort());
});

test('rule facts: the script runs on the TypeScript sources, and --check writes nothing and passes', () => {
  const out = execFileSync(process.execPath, ['scripts/gen-rule-facts.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.doesNotMatch(out, /wrote/);
});
