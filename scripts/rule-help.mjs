// The rule help that SARIF carries (src/cli/format/sarif.ts): each docs/rules/<name>.md page's
// "Why" section, as Markdown whose links are absolute (a SARIF viewer has no repository to resolve
// `x.md` against); the plain text is derived from it at run time. `npm run gen:rules` (or
// `node scripts/rule-help.mjs`) writes src/cli/rule-help.generated.json; `--check` writes nothing
// and exits 1 when it is out of date (test/unit/cli-sarif.test.ts runs it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RULE_HELP_FILE = 'src/cli/rule-help.generated.json';
const DOCS = 'https://github.com/force-mfa/force-mfa/blob/main/docs/rules/';

/** The "## Why" section of a rule page, up to the next heading, trimmed. */
function whySection(page) {
  const lines = page.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Why');
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim();
}

/** { [rule]: markdown } for every page under docs/rules/, in name order. */
export function ruleHelp() {
  const dir = path.join(root, 'docs/rules');
  const out = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const why = whySection(readFileSync(path.join(dir, file), 'utf8'));
    const base = `${DOCS}${file}`;
    out[file.slice(0, -3)] = why.replace(/\]\(([^)]*)\)/g, (_, href) => `](${new URL(href, base).href})`);
  }
  return out;
}

export const ruleHelpJson = () => `${JSON.stringify(ruleHelp(), null, 2)}\n`;

/**
 * Writes the generated file when it differs (nothing with `check`). True when it was out of date.
 * `npm run gen:rules` calls it, so a docs page edited there is carried into the CLI too.
 */
export function updateRuleHelp(check) {
  const file = path.join(root, RULE_HELP_FILE);
  const text = ruleHelpJson();
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // Not written yet.
  }
  if (current === text) return false;
  if (!check) writeFileSync(file, text);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const check = process.argv.includes('--check');
  if (updateRuleHelp(check)) {
    console.error(check ? `${RULE_HELP_FILE} is out of date: run npm run gen:rules` : `wrote ${RULE_HELP_FILE}`);
    if (check) process.exitCode = 1;
  }
}
