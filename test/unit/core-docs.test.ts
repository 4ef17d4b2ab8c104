// Every rule in the registry has its docs page, with a bad example that reports it and a good one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lint, ruleMetas } from '../../src/core';
import { provideTestActionCatalogue } from '../lib/action-catalogue';

// unknown-action judges names only once a host has provided the catalogue of actions.
provideTestActionCatalogue();

for (const m of ruleMetas) {
  test(`docs/rules/${m.name}.md: bad example reports the rule, good example does not`, () => {
    const md = readFileSync(new URL(`../../docs/rules/${m.name}.md`, import.meta.url), 'utf8');
    assert.match(md, new RegExp(`^# ${m.name}\\n`));
    assert.ok(md.includes(m.description));
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)\n```/g)].map((x) => x[1]!);
    const bad = md.split('## Good')[0]!.match(/```json\n([\s\S]*?)\n```/)?.[1];
    const good = md.split('## Good')[1]!.match(/```json\n([\s\S]*?)\n```/)?.[1];
    const options = m.name === 'arn-partition-mismatch' ? { partition: 'aws-cn' as const } : {};
    if (m.name !== 'policy-size-limit') {
      assert.ok(bad && good, 'both examples');
      assert.ok(
        lint(bad, options).diagnostics.some((d) => d.rule === m.name),
        'bad example reports the rule',
      );
      assert.ok(!lint(good, options).diagnostics.some((d) => d.rule === m.name), 'good example is clean of it');
    } else assert.ok(blocks.length === 1);
  });
}
