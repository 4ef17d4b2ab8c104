// The Markdown front-end (src/core/formats/markdown.ts): the policies a page shows in its fenced
// json, yaml and hcl/terraform blocks (also in list items, blockquotes, ~~~ fences and fences left
// open), and in JSON objects written without a fence, are linted where they stand: findings on the
// exact characters, fixes that keep the page Markdown (its indentation and `> ` markers re-added),
// one unreadable-policy finding where a policy cannot be read, and bounded work on hostile pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import '../../src/core/yaml';
import { editsOf, lint, type LintResult } from '../../src/core';
import { fixAll } from '../../src/core/fix-all';
import { formatOf } from '../../src/core/document/parse';
import { MAX_MARKDOWN_PIECES, markdownPieces } from '../../src/core/formats/markdown';

const FIXTURES = path.join(__dirname, '../fixtures/markdown');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const md = (text: string): LintResult => lint(text, { fileName: 'README.md' });
const rules = (r: LintResult): string[] => r.diagnostics.map((d) => d.rule);
/** The characters a finding, policy or unreadable part covers. */
const span = (text: string, r: { offset: number; length: number }): string => text.slice(r.offset, r.offset + r.length);

/** Each decoded character of each piece is the page's own character at its mapped offset. */
function assertVerbatim(text: string): void {
  for (const p of markdownPieces(text).pieces) {
    assert.equal(p.starts.length, p.text.length + 1, p.pointer);
    for (let i = 0; i < p.text.length; i++) assert.equal(text[p.starts[i]!], p.text[i], `${p.pointer} at ${i}`);
  }
}

/** The content of the first fence of a page, its lines' `strip` characters removed. */
function firstFence(text: string, strip: number): string {
  const lines = text.split('\n');
  const open = lines.findIndex((l) => /^[> ]*```/.test(l));
  const close = lines.findIndex((l, i) => i > open && /^[> ]*```\s*$/.test(l));
  return lines
    .slice(open + 1, close)
    .map((l) => l.slice(strip))
    .join('\n');
}

test('formatOf: .md, .markdown and .mdx are Markdown; format: markdown is honoured', () => {
  for (const fileName of ['README.md', 'docs/Guide.MARKDOWN', 'page.mdx']) assert.equal(formatOf('{}', { fileName }), 'markdown');
  assert.equal(formatOf('# x', { format: 'markdown' }), 'markdown');
  assert.equal(formatOf('{}', { fileName: 'policy.json' }), 'json');
});

test('a README with a weak deny in a json block: one finding on the block\u2019s own characters; the fix keeps the page Markdown and enforces the policy', () => {
  const text = fixture('readme-weak-deny.md');
  const r = md(text);
  assert.equal(r.policies.length, 1);
  assert.equal(r.policies[0]!.pointer, '#block-1');
  assert.equal(r.policies[0]!.mfa, 'weak');
  assert.equal(text.slice(r.policies[0]!.offset, r.policies[0]!.offset + 1), '{');
  assert.deepEqual(rules(r), ['bool-without-ifexists']);
  const d = r.diagnostics[0]!;
  assert.equal(span(text, d), '"Bool"');
  assert.equal(d.offset, text.indexOf('"Bool"'));

  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  assert.notEqual(fixed, text);
  // The prose and the other block are untouched, and the block is still JSON.
  assert.ok(fixed.startsWith(text.slice(0, text.indexOf('```json'))));
  assert.ok(fixed.endsWith(text.slice(text.indexOf('Then run'))));
  assert.equal(JSON.parse(firstFence(fixed, 0)).Statement[0].Condition.BoolIfExists['aws:MultiFactorAuthPresent'], 'false');
  const again = md(fixed);
  assert.equal(again.policies[0]!.mfa, 'enforced');
  assert.deepEqual(rules(again), []);
});

test('a json block that is not a policy, a plain block that does not start with {, and prose: no findings, no policies', () => {
  const r = md(fixture('no-policy.md'));
  assert.deepEqual(r, { policies: [], diagnostics: [] });
  assert.deepEqual(markdownPieces(fixture('no-policy.md')), { pieces: [], unreadable: [], terraform: [] });
});

test('a YAML block is read with the YAML front-end: its policy and finding on the YAML text', () => {
  const text = fixture('readme-yaml.md');
  const r = md(text);
  assert.equal(r.policies.length, 1);
  assert.equal(r.policies[0]!.mfa, 'weak');
  assert.ok(r.policies[0]!.pointer.startsWith('#block-1/'), r.policies[0]!.pointer);
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.equal(span(text, d), 'Bool');
});

test('where the host has no YAML reader, a YAML block that looks like a policy is one unreadable part, not a crash', () => {
  const text = fixture('readme-yaml.md');
  const { pieces, unreadable } = markdownPieces(text, { readsYaml: false });
  assert.deepEqual(pieces, []);
  assert.equal(unreadable.length, 1);
  assert.equal(span(text, unreadable[0]!), '```yaml');
  assert.equal(unreadable[0]!.what, 'a YAML block');
  // A YAML block that is no policy is simply not read.
  assert.deepEqual(markdownPieces('```yaml\nkey: value\n```\n', { readsYaml: false }), { pieces: [], unreadable: [], terraform: [] });
});

test('a fence in a list item: content lines lose the item\u2019s indentation, and a fix that inserts lines writes it again', () => {
  const text = fixture('list-item-fence.md');
  assertVerbatim(text);
  const r = md(text);
  assert.deepEqual(rules(r), ['missing-enrolment-exemption']);
  const d = r.diagnostics[0]!;
  assert.equal(span(text, d), '"NotAction"');
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  const block = firstFence(fixed, 0).split('\n');
  assert.equal(block.length, firstFence(text, 0).split('\n').length + 4, 'the fix inserted four lines');
  for (const line of block) assert.ok(line === '' || line.startsWith('   '), `indented: ${JSON.stringify(line)}`);
  assert.deepEqual(JSON.parse(firstFence(fixed, 3)).Statement[0].NotAction.length, 7);
  assert.ok(fixed.endsWith('   ```\n\n3. Add the users.\n'));
  assert.deepEqual(rules(md(fixed)), []);
});

test('a fence in a blockquote: `> ` markers are mapped over, and written again on inserted lines', () => {
  const text = fixture('blockquote-fence.md');
  assertVerbatim(text);
  const r = md(text);
  assert.equal(r.policies[0]!.mfa, 'enforced');
  assert.deepEqual(rules(r), ['missing-enrolment-exemption']);
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  const block = firstFence(fixed, 0).split('\n');
  for (const line of block) assert.ok(line.startsWith('> '), `quoted: ${JSON.stringify(line)}`);
  assert.equal(JSON.parse(firstFence(fixed, 2)).Statement[0].NotAction.length, 7);
  assert.ok(fixed.endsWith('> ```\n\nAfter the quote.\n'));
  assert.deepEqual(rules(md(fixed)), []);
});

test('~~~ fences, longer fences, and a shorter or other-character fence inside that does not close them', () => {
  const policy = '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*" }] }';
  const text = `~~~json\n${policy}\n~~~\n\n\`\`\`\`\n\`\`\`json\n${policy}\n\`\`\`\n\`\`\`\`\n`;
  const { pieces } = markdownPieces(text);
  assert.deepEqual(
    pieces.map((p) => p.pointer),
    ['#block-1'],
  );
  assert.equal(pieces[0]!.text, `${policy}\n`);
  // The four-backtick block holds a fenced example whose content is not a JSON document: not read.
  const r = md(text);
  assert.equal(r.policies.length, 1);
});

test('info strings: `json title=...`, `{.json}` and `JSON` are JSON; a plain block starting with { and naming a Statement is JSON; `python` is not read', () => {
  const policy = '{ "Version": "2012-10-17", "Statement": [] }';
  for (const info of ['json title="policy.json"', '{.json}', 'JSON', '', 'sh', 'console', 'text'])
    assert.equal(markdownPieces(`\`\`\`${info}\n${policy}\n\`\`\`\n`).pieces.length, 1, info);
  assert.equal(markdownPieces(`\`\`\`python\n${policy}\n\`\`\`\n`).pieces.length, 0);
  // A plain block that is a fragment (no opening brace) is not read as a document.
  assert.equal(markdownPieces('```\n"Effect": "Deny",\n"Statement": []\n```\n').pieces.length, 0);
});

test('an unclosed fence runs to the end: its JSON objects are read one by one; a list item\u2019s fence ends with the item', () => {
  const text = fixture('unclosed-fence.md');
  assertVerbatim(text);
  const r = md(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [
      ['#block-1', 'missing'],
      ['#block-2/object-1', 'weak'],
      ['#block-2/object-2', 'missing'],
    ],
  );
  assert.ok(!rules(r).includes('json-syntax'));
  // The list item's fence closed with the item: the heading after it is not in the policy.
  const first = r.policies[0]!;
  assert.ok(!span(text, first).includes('###'));
});

test('a Terraform heredoc holding a JSON policy is read as a template: `$${` is the literal `${`, interpolations are computed ranges', () => {
  const text = fixture('terraform-heredoc.md');
  const { pieces, unreadable } = markdownPieces(text);
  assert.deepEqual(unreadable, []);
  assert.equal(pieces.length, 1);
  const p = pieces[0]!;
  assert.equal(p.pointer, '#block-2/heredoc-1');
  assert.equal(p.values, 'template');
  const parsed = JSON.parse(p.text);
  assert.equal(parsed.Statement[1].Resource, 'arn:aws:iam::*:user/${aws:username}');
  const at = p.text.indexOf('${var.bucket}');
  assert.deepEqual(p.computed, [at, at + '${var.bucket}'.length]);
  // The map skips the escape's second `$`; every other character is the page's own.
  for (let i = 0; i < p.text.length; i++) assert.equal(text[p.starts[i]!], p.text[i]);
  assert.equal(text.slice(p.starts[p.text.indexOf('${aws:username}')]!, p.starts[p.text.indexOf('${aws:username}') + 2]!), '$${');
  // Inserted text is escaped for the template and indented as the block is.
  assert.equal(p.encode('"arn:aws:iam::*:user/${aws:username}",\n', 0), '"arn:aws:iam::*:user/$${aws:username}",\n');
});

test('a Terraform heredoc policy is linted where it stands (corpus shape, no interpolation)', () => {
  const text = [
    '```terraform',
    'resource aws_iam_group_policy mfa {',
    '    policy = <<EOF',
    '{',
    '  "Version": "2012-10-17",',
    '  "Statement": [{ "Effect": "Deny", "NotAction": "iam:CreateVirtualMFADevice", "Resource": "arn:aws:iam::*:user/$${aws:username}",',
    '    "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } } }]',
    '}',
    'EOF',
    '}',
    '```',
    '',
  ].join('\n');
  const r = md(text);
  assert.deepEqual(
    r.policies.map((p) => [p.pointer, p.mfa]),
    [['#block-1/heredoc-1', 'weak']],
  );
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.equal(span(text, d), '"Bool"');
});

test('a heredoc policy with an interpolation: the computed value is unknown, the rest of the policy is still read', () => {
  const text = fixture('terraform-heredoc.md');
  const r = md(text);
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['#block-2/heredoc-1'],
  );
  assert.notEqual(r.policies[0]!.mfa, 'enforced');
  const d = r.diagnostics.find((x) => x.rule === 'bool-without-ifexists')!;
  assert.equal(span(text, d), '"Bool"');
  // The fix renames the operator in the heredoc; the page keeps its escapes and interpolation.
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  assert.ok(fixed.includes('"BoolIfExists"') && fixed.includes('$${aws:username}') && fixed.includes('${var.bucket}'));
  // A suggestion that writes a policy variable writes it escaped for the template.
  const path = r.diagnostics.find((x) => x.rule === 'user-path-not-matched')!;
  const written = editsOf(path.fixes[0]!)
    .map((e) => e.content)
    .join('');
  assert.ok(written.includes('user/*/$${aws:username}') && !written.includes('/${aws'), written);
});

test('without the HCL reader, a Terraform block that is a policy but holds no JSON heredoc (a policy document, jsonencode): one unreadable-policy finding on its fence', () => {
  const text = fixture('terraform-no-heredoc.md');
  const r = md(text);
  assert.deepEqual(r.policies, []);
  assert.deepEqual(rules(r), ['unreadable-policy']);
  assert.equal(span(text, r.diagnostics[0]!), '```hcl');
  const encoded = '```tf\nresource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Deny" }] })\n}\n```\n';
  assert.deepEqual(
    markdownPieces(encoded).unreadable.map((u) => u.why),
    ['the Terraform reader could not be loaded'],
  );
  // A Terraform block with no policy in it is not reported.
  assert.deepEqual(markdownPieces(fixture('terraform-heredoc.md')).unreadable, []);
});

test('a JSON policy written outside any fence is read (#object-N), with its indentation kept on inserted lines', () => {
  const policy = [
    '    {',
    '      "Version": "2012-10-17",',
    '      "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*",',
    '        "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } } }]',
    '    }',
  ].join('\n');
  const text = `# Policy\n\nThe policy:\n\n${policy}\n\nDone. A {brace} in prose is nothing.\n`;
  assertVerbatim(text);
  const { pieces } = markdownPieces(text);
  assert.deepEqual(
    pieces.map((p) => p.pointer),
    ['#object-1'],
  );
  assert.equal(pieces[0]!.encode('[\n"a"\n]', 0), '[\n    "a"\n    ]');
  assert.equal(md(text).policies[0]!.mfa, 'enforced');
});

test('a page that writes aws:MultiFactorAuthPresent as a policy does (quoted, or as a key) where nothing can be read: one unreadable part on it; prose about the key is no policy', () => {
  const text =
    'Use `aws:MultiFactorAuthPresent`:\n\n```python\npolicy = {"Statement": [{"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}\n```\n';
  const r = md(text);
  assert.deepEqual(rules(r), ['unreadable-policy']);
  assert.equal(span(text, r.diagnostics[0]!), 'aws:MultiFactorAuthPresent');
  assert.equal(text[r.diagnostics[0]!.offset - 1], '"', 'the quoted key in the code, not the mention in prose');
  // As a YAML key in a block of a language that is not read.
  const yaml = '```toml\nCondition:\n  Bool:\n    aws:MultiFactorAuthPresent: false\n```\n';
  assert.deepEqual(rules(md(yaml)), ['unreadable-policy']);
  // Only talked about: in backticks, in prose, in a table.
  for (const prose of [
    'Deny when `aws:MultiFactorAuthPresent` is false.\n',
    'The aws:MultiFactorAuthPresent key is absent for access keys.\n',
    '| key | meaning |\n| --- | --- |\n| `aws:MultiFactorAuthPresent` | MFA was used |\n',
  ])
    assert.deepEqual(rules(md(prose)), [], prose);
  // Where a policy was read, prose that names the key is no second finding.
  assert.ok(!rules(md(fixture('readme-weak-deny.md'))).includes('unreadable-policy'));
});

test('a page that starts with a byte order mark: a fence on its first line opens', () => {
  const text = `\uFEFF${fixture('readme-weak-deny.md').slice(fixture('readme-weak-deny.md').indexOf('```json'))}`;
  assert.ok(text.startsWith('\uFEFF```json'));
  const r = md(text);
  assert.deepEqual(
    r.policies.map((p) => p.pointer),
    ['#block-1'],
  );
  assert.deepEqual(rules(r), ['bool-without-ifexists']);
  assert.equal(span(text, r.diagnostics[0]!), '"Bool"');
});

test('CRLF pages: pieces are verbatim and a fix keeps CRLF', () => {
  const text = fixture('list-item-fence.md').replace(/\n/g, '\r\n');
  assertVerbatim(text);
  const fixed = fixAll(text, { fileName: 'README.md' }).text;
  assert.notEqual(fixed, text);
  assert.ok(!/[^\r]\n/.test(fixed), 'every line break is CRLF');
  assert.deepEqual(rules(md(fixed)), []);
});

test(`past ${MAX_MARKDOWN_PIECES} policy blocks the rest of the page is one unreadable part`, () => {
  const block = '```json\n{ "Statement": [] }\n```\n';
  const { pieces, unreadable } = markdownPieces(block.repeat(MAX_MARKDOWN_PIECES + 5));
  assert.equal(pieces.length, MAX_MARKDOWN_PIECES);
  assert.equal(unreadable.length, 1);
  assert.equal(unreadable[0]!.offset, block.length * MAX_MARKDOWN_PIECES + '```json\n'.length);
});

test('hostile pages are read in bounded work: 100,000 backticks, 10,000 unclosed fences, unbalanced braces, a 5 MB page', () => {
  assert.deepEqual(md('`'.repeat(100_000)), { policies: [], diagnostics: [] });
  assert.deepEqual(md(`${'`'.repeat(100_000)}\n{ "Statement": [] }\n`).policies.length, 1);
  assert.deepEqual(md('```json\n'.repeat(10_000)), { policies: [], diagnostics: [] });
  assert.deepEqual(md('```\n{\n'.repeat(10_000)), { policies: [], diagnostics: [] });
  assert.deepEqual(md('{ "Statement"\n'.repeat(10_000)), { policies: [], diagnostics: [] });
  assert.deepEqual(markdownPieces('```tf\n<<EOF\n'.repeat(10_000)), { pieces: [], unreadable: [], terraform: [] });
  // The quote's fence ends at the first line without its markers: that line is prose, a JSON object.
  assert.deepEqual(
    markdownPieces('> '.repeat(50_000) + '```json\n{ "Statement": [] }\n').pieces.map((p) => p.pointer),
    ['#object-1'],
  );
  const readme = fixture('readme-weak-deny.md');
  const big = readme.repeat(Math.ceil(5_000_000 / readme.length));
  const r = md(big);
  assert.equal(r.policies.length, MAX_MARKDOWN_PIECES);
  assert.ok(r.policies.every((p) => p.mfa === 'weak'));
});

/** Where a page may hold a fence: the opening line's lead, what stands before each content line, and the fence. */
const CONTAINERS: Array<{ name: string; lead: string; prefix: string; fence: string }> = [
  { name: 'top level', lead: '', prefix: '', fence: '```' },
  { name: 'three spaces in', lead: '   ', prefix: '   ', fence: '```' },
  { name: 'tildes', lead: '', prefix: '', fence: '~~~~' },
  { name: 'on a list marker', lead: '- ', prefix: '  ', fence: '```' },
  { name: 'under an ordered item', lead: '    ', prefix: '    ', fence: '```' },
  { name: 'in a blockquote', lead: '> ', prefix: '> ', fence: '```' },
  { name: 'in a list in a blockquote', lead: '> 1. ', prefix: '>    ', fence: '```' },
];

/** Each fix fixture's input, fenced in each container: the page gives the same verdicts and findings, and its fixes write the same JSON. */
test('a policy gives the same verdicts, findings and fixed JSON wherever the page fences it', () => {
  const dir = path.join(__dirname, '../fixtures/fixes');
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.input.json'));
  assert.ok(inputs.length >= 20);
  let checked = 0;
  for (const file of inputs) {
    const json = readFileSync(path.join(dir, file), 'utf8');
    if (!json.includes('Statement')) continue;
    const eol = json.includes('\r\n') ? '\r\n' : '\n';
    const bare = lint(json);
    const bareFixed = fixAll(json).text;
    for (const c of CONTAINERS) {
      const lines = json.replace(/\r?\n$/, '').split(/\r?\n/);
      const content = lines.map((l) => c.prefix + l).join(eol);
      const intro = c.name === 'under an ordered item' ? `1. The policy:${eol}${eol}` : '';
      const page = `# Policy${eol}${eol}${intro}${c.lead}${c.fence}json${eol}${content}${eol}${c.prefix}${c.fence}${eol}${eol}The end.${eol}`;
      const where = `${file} ${c.name}`;
      const r = md(page);
      assert.deepEqual(
        r.policies.map((p) => [p.mfa, p.lockout]),
        bare.policies.map((p) => [p.mfa, p.lockout]),
        where,
      );
      assert.deepEqual(rules(r), rules(bare), where);
      r.diagnostics.forEach((d, i) => {
        const b = bare.diagnostics[i]!;
        if (!span(json, b).includes('\n')) assert.equal(span(page, d), span(json, b), `${where}: ${d.rule}`);
      });
      const fixed = fixAll(page, { fileName: 'README.md' }).text;
      const at = fixed.indexOf(`${c.fence}json${eol}`) + c.fence.length + 4 + eol.length;
      const close = fixed.indexOf(`${eol}${c.prefix}${c.fence}${eol}${eol}The end.`);
      const block = fixed.slice(at, close).split(eol);
      for (const line of block) assert.ok(line.startsWith(c.prefix), `${where}: ${JSON.stringify(line)}`);
      assert.equal(
        block.map((l) => l.slice(c.prefix.length)).join(eol) + eol,
        bareFixed.endsWith(eol) ? bareFixed : bareFixed + eol,
        where,
      );
      checked++;
    }
  }
  assert.ok(checked >= 20 * CONTAINERS.length, `${checked} pages`);
});
