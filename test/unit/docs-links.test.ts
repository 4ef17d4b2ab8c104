// The project refers to no file outside itself (issue 9): every relative link of its Markdown
// resolves inside the repository (anchors included), and no tracked file reads a sibling folder of
// the checkout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const MARKDOWN = [
  'README.md',
  'CONTRIBUTING.md',
  'bench/README.md',
  'examples/README.md',
  'docs/cli.md',
  'docs/robustness.md',
  'docs/iam-semantics.md',
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

for (const file of MARKDOWN) {
  test(`${file}: every relative link and anchor resolves inside the repository`, () => {
    const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l));
    assert.ok(links.length > 0 || file === 'examples/README.md', 'has links');
    for (const link of links) {
      const [target, hash] = link.split('#') as [string, string | undefined];
      const resolved = target ? path.resolve(ROOT, path.dirname(file), target) : path.join(ROOT, file);
      assert.ok(resolved.startsWith(ROOT + path.sep), `${link} leaves the repository`);
      assert.ok(existsSync(resolved), `${link} does not exist`);
      if (hash && resolved.endsWith('.md')) {
        const headings = [...readFileSync(resolved, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!));
        assert.ok(headings.includes(hash), `${link}: no heading #${hash}`);
      }
    }
  });
}

test('no tracked file points into a folder beside the checkout (a shared docs folder)', (t) => {
  let tracked: string[];
  try {
    tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter(Boolean);
  } catch {
    t.skip('not a git checkout');
    return;
  }
  const offenders = tracked
    .filter((f) => /\.(m?[jt]s|sh|json|md|yml|yaml)$|^\.ci\//.test(f) && !f.startsWith('test/fixtures/'))
    .filter((f) => /\.\.\/shared\b|\/work\/shared\b/.test(readFileSync(path.join(ROOT, f), 'utf8')));
  assert.deepEqual(offenders, []);
});
