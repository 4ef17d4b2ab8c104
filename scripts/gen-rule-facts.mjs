// `npm run gen:rules`: writes the rule facts from the registry (src/core/rules/index.ts) into the
// docs pages' fact blocks, the README's rules table and package.json's `forceMfa.rules` schema
// (scripts/rule-facts.ts says what is generated). Writes a file only when its content changes.
//   --check   write nothing; list the files that are out of date and exit 1 if any
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

// The registry imports the schema validator, which is generated (and skipped when up to date).
await import('./gen-validator.mjs');
const { generateRuleFacts } = await tsImport('./rule-facts.ts', import.meta.url);

const read = (file) => {
  const abs = path.join(root, file);
  return existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
};

const files = generateRuleFacts(read);
const stale = [];
for (const [file, text] of files) {
  if (read(file) === text) continue;
  stale.push(file);
  if (check) continue;
  const abs = path.join(root, file);
  // Via a temporary file and a rename: a reader never sees half a file.
  writeFileSync(`${abs}.${process.pid}.tmp`, text);
  renameSync(`${abs}.${process.pid}.tmp`, abs);
}

// A page under docs/rules/ that no rule has: a renamed or removed rule left it behind.
const orphans = readdirSync(path.join(root, 'docs/rules'))
  .filter((f) => f.endsWith('.md') && !files.has(`docs/rules/${f}`))
  .map((f) => `docs/rules/${f}`);
for (const f of orphans) console.error(`[gen:rules] ${f} belongs to no rule: remove it or register its rule`);

// The rule help the CLI's SARIF carries, from the same pages (scripts/rule-help.mjs).
const { RULE_HELP_FILE, updateRuleHelp } = await import('./rule-help.mjs');
if (updateRuleHelp(check)) stale.push(RULE_HELP_FILE);

if (check) {
  for (const f of stale) console.error(`[gen:rules] ${f} is out of date: run npm run gen:rules`);
} else {
  console.log(stale.length ? `[gen:rules] wrote ${stale.join(', ')}` : '[gen:rules] rule facts up to date');
}
process.exitCode = orphans.length || (check && stale.length) ? 1 : 0;
