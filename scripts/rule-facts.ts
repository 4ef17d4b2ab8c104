// The rule facts written from the registry (src/core/rules/index.ts), the one place they are stated:
// each docs page's fact block, the README's rules table, and the `forceMfa.rules` settings schema in
// package.json (with the partition list of `forceMfa.partition`). Pure: text in, text out. Run by
// scripts/gen-rule-facts.mjs (`npm run gen:rules`), checked by test/unit/rule-facts.test.ts.
import { PARTITIONS, RULE_SETTINGS, ruleMetas, type RuleMeta } from '../src/core';

/** Where a generated block starts and ends, in Markdown (an HTML comment: invisible once rendered). */
const BEGIN = '<!-- rule-facts:begin';
const END = '<!-- rule-facts:end -->';
const BEGIN_LINE = `${BEGIN} (generated from the rules by \`npm run gen:rules\`: edit the rule, not this block) -->`;

export const README = 'README.md';
export const MANIFEST = 'package.json';
export const CONFIG_SCHEMA = 'schemas/force-mfa-config.schema.json';
export const docsPage = (name: string) => `docs/rules/${name}.md`;

/** The generated files, by path relative to the repository root. */
export type Files = Map<string, string>;

/**
 * Every file the rule facts are written to, as it should be, from the files as they are (`read`
 * gives undefined for a file that does not exist: a rule's new docs page starts from a skeleton).
 */
export function generateRuleFacts(read: (path: string) => string | undefined, metas: readonly RuleMeta[] = ruleMetas): Files {
  const out: Files = new Map();
  for (const m of metas) out.set(docsPage(m.name), docsText(read(docsPage(m.name)), m));
  out.set(README, replaceBlock(required(read, README), README, readmeTable(metas)));
  out.set(MANIFEST, manifestText(required(read, MANIFEST), metas));
  out.set(CONFIG_SCHEMA, configSchemaText(required(read, CONFIG_SCHEMA), metas));
  return out;
}

function required(read: (path: string) => string | undefined, path: string): string {
  const text = read(path);
  if (text === undefined) throw new Error(`${path} is missing`);
  return text;
}

/**
 * The text with the block between the markers replaced (markers kept, the text's line endings followed).
 * A blank line before the end marker: a line right after a table would be read as one more row.
 */
function replaceBlock(text: string, path: string, lines: string[]): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin || text.indexOf(BEGIN, begin + 1) >= 0 || text.indexOf(END, end + 1) >= 0) {
    throw new Error(`${path}: needs exactly one block between a line starting "${BEGIN}" and a line "${END}"`);
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return text.slice(0, begin) + [BEGIN_LINE, ...lines, '', ''].join(eol) + text.slice(end);
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const quoted = (s: string) => `"${s}"`;

/** How to set the rule, in the editor and on the command line (where a hint is neither printed nor counted). */
function configureRow(m: RuleMeta): string {
  const editor = `\`"forceMfa.rules": { "${m.name}": ${RULE_SETTINGS.map(quoted).join(' \\| ')} }\``;
  const cli = m.defaultSeverity === 'hint' ? `CLI \`--rule ${m.name}=info\` to see it` : `CLI \`--rule ${m.name}=off\``;
  return `| configure | ${editor}, ${cli} |`;
}

function docsBlock(m: RuleMeta): string[] {
  return [
    m.description,
    '',
    '| | |',
    '|---|---|',
    `| id | ${m.id} |`,
    `| default severity | ${m.defaultSeverity} |`,
    `| fix | ${yesNo(m.fixable)} |`,
    configureRow(m),
  ];
}

/** A rule's docs page: the heading and the fact block generated, the rest (why, bad, good) written by hand. */
function docsText(current: string | undefined, m: RuleMeta): string {
  const path = docsPage(m.name);
  if (current === undefined) {
    return [
      `# ${m.name}`, '', BEGIN_LINE, ...docsBlock(m), '', END, '',
      '## Why', '', 'TODO: how a policy gets this wrong and what it costs.', '',
      '## Bad', '', '```json', '```', '',
      '## Good', '', '```json', '```', '',
    ].join('\n');
  }
  const heading = `# ${m.name}`;
  const firstLine = current.split(/\r?\n/, 1)[0]!;
  const withHeading = firstLine === heading ? current : heading + current.slice(firstLine.length);
  return replaceBlock(withHeading, path, docsBlock(m));
}

function readmeTable(metas: readonly RuleMeta[]): string[] {
  return [
    '| rule | default | fix | what it finds |',
    '|---|---|---|---|',
    ...metas.map((m) => `| [${m.name}](${docsPage(m.name)}) | ${m.defaultSeverity} | ${m.fixable ? 'yes' : ''} | ${m.description} |`),
  ];
}

/** The setting's hover text: the description and the default, with what a hint default means. */
function settingDescription(m: RuleMeta): string {
  const shown = m.defaultSeverity === 'hint'
    ? ' (faint dots in the editor, not in the Problems panel); set `info` to list it in the Problems panel'
    : '';
  return `${m.description} Default: \`${m.defaultSeverity}\`${shown}.`;
}

interface Schema {
  [key: string]: unknown;
}

function property(manifest: Schema, name: string): Schema {
  const properties = ((manifest.contributes as Schema | undefined)?.configuration as Schema | undefined)?.properties as Record<string, Schema> | undefined;
  const p = properties?.[name];
  if (!p || typeof p !== 'object') throw new Error(`package.json: no contributes.configuration.properties["${name}"]`);
  return p;
}

/** package.json with `forceMfa.rules` (a property per rule) and `forceMfa.partition`'s enum from the core; the rest kept. */
function manifestText(text: string, metas: readonly RuleMeta[]): string {
  const manifest = JSON.parse(text) as Schema;
  const rules = property(manifest, 'forceMfa.rules');
  rules.properties = Object.fromEntries(metas.map((m) => [m.name, {
    type: 'string',
    enum: [...RULE_SETTINGS],
    default: m.defaultSeverity,
    markdownDescription: settingDescription(m),
  }]));
  rules.additionalProperties = { type: 'string', enum: [...RULE_SETTINGS] };
  property(manifest, 'forceMfa.partition').enum = [...PARTITIONS];
  // npm's own layout: two spaces, a final newline.
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** .force-mfa.json's schema with its rule names (the `rules` keys, an ignore entry's `rule`) and partitions from the core; the rest kept. */
function configSchemaText(text: string, metas: readonly RuleMeta[]): string {
  const schema = JSON.parse(text) as Schema;
  const props = schema.properties as Record<string, Schema>;
  props.rules!.properties = Object.fromEntries(metas.map((m) => [m.name, {
    type: 'string',
    enum: [...RULE_SETTINGS],
    markdownDescription: settingDescription(m),
  }]));
  props.partition!.enum = [...PARTITIONS];
  const entry = (props.ignore!.items as Schema).properties as Record<string, Schema>;
  entry.rule!.enum = metas.map((m) => m.name);
  return `${JSON.stringify(schema, null, 2)}\n`;
}
