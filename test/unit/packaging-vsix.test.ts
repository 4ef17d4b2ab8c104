// The .vsix as the Marketplace and Open VSX get it (issue 14): the listing's README and the docs it
// leads to link only to files of the repository (vsce makes relative links absolute on GitHub, so a link
// to a build output or a missing file is a broken listing), the manifest has what a listing shows, and
// `npm run package`'s packaging (from a staged copy: vsce refuses .vscodeignore beside package.json
// `files`) gives a .vsix whose listing scripts/package.mjs accepts, the lint task's CLI included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain ESM script without types
import { checkVsix, packageVsix } from '../../scripts/package.mjs';

const ROOT = path.resolve(__dirname, '../..');
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown> & {
  categories: string[];
  keywords: string[];
  icon: string;
  galleryBanner: { color: string; theme: string };
  repository: { url: string };
};

/** Every Markdown file of the listing's reach: the README and all of docs/. */
function markdownFiles(): string[] {
  const out = ['README.md'];
  const dirs = ['docs'];
  for (let dir = dirs.pop(); dir !== undefined; dir = dirs.pop()) {
    for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) dirs.push(rel);
      else if (e.name.endsWith('.md')) out.push(rel);
    }
  }
  return out.sort();
}

/** The link and image targets of a Markdown text: inline `[x](t)` and `![x](t "title")`, references `[x]: t`, and `<img src>`; code is not prose. */
function targets(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [
    ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!),
    ...[...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1]!),
    ...[...prose.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/gi)].map((m) => m[1]!),
  ];
}

test('README.md and every page of docs/: each relative link and image is a file of the repository, none a build output', () => {
  const files = markdownFiles();
  assert.ok(files.length > 30, `${files.length} Markdown files`);
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const target of targets(readFileSync(path.join(ROOT, file), 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      checked++;
      const rel = path.relative(ROOT, path.resolve(ROOT, path.dirname(file), decodeURI(target.split('#')[0]!)));
      if (rel.startsWith('..') || path.isAbsolute(rel)) broken.push(`${file}: ${target} leaves the repository`);
      else if (/^(dist|out|node_modules)([\\/]|$)/.test(rel)) broken.push(`${file}: ${target} is a build output, not on GitHub`);
      else if (!existsSync(path.join(ROOT, rel))) broken.push(`${file}: ${target} does not exist`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 30, `${checked} links checked`);
});

test('README.md for the listing: images are PNG or JPEG (the Marketplace refuses SVG), relative or https', () => {
  const images = [...readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]!);
  assert.ok(images.length > 0);
  for (const image of images) {
    assert.ok(!/^[a-z]+:/i.test(image) || image.startsWith('https://'), `${image}: https only`);
    assert.match(image, /\.(png|jpe?g|gif)$/i, `${image}: vsce refuses SVG images in a README`);
  }
});

test('manifest for the Marketplace and Open VSX: icon, categories, banner, Q&A, keywords, repository, licence', () => {
  const icon = readFileSync(path.join(ROOT, PKG.icon));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', 'the icon is a PNG');
  assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'at least 128x128 pixels');
  // The Marketplace's category names: any other is refused when publishing.
  const known = [
    'Azure',
    'Data Science',
    'Debuggers',
    'Education',
    'Extension Packs',
    'Formatters',
    'Keymaps',
    'Language Packs',
    'Linters',
  ];
  known.push(
    'Machine Learning',
    'Notebooks',
    'Other',
    'Programming Languages',
    'SCM Providers',
    'Snippets',
    'Testing',
    'Themes',
    'Visualization',
    'AI',
    'Chat',
  );
  assert.deepEqual(
    PKG.categories.filter((c) => !known.includes(c)),
    [],
  );
  assert.ok(PKG.categories.includes('Linters'));
  assert.match(PKG.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(PKG.galleryBanner.theme));
  assert.ok(PKG.qna === 'marketplace' || PKG.qna === false || (typeof PKG.qna === 'string' && PKG.qna.startsWith('https://')));
  // vsce refuses more than 30 keywords.
  assert.ok(PKG.keywords.length > 0 && PKG.keywords.length <= 30, `${PKG.keywords.length} keywords`);
  assert.match(PKG.repository.url, /^https:\/\/github\.com\//, 'vsce makes the README links absolute from it');
  assert.equal(PKG.license, 'MIT');
  assert.ok(existsSync(path.join(ROOT, 'LICENSE')) && existsSync(path.join(ROOT, 'CHANGELOG.md')));
});

test(
  'npm run package: the .vsix from the staged copy passes scripts/package.mjs (contents, budget), the lint task CLI included',
  { timeout: 180_000 },
  () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'force-mfa-vsix-'));
    try {
      const vsix = path.join(tmp, 'force-mfa.vsix');
      const check = checkVsix as (f: string) => { files: string[]; size: number; problems: string[] };
      (packageVsix as (out: string) => void)(vsix);
      // Packaging takes the checkout's dist/ as it is: when a bundle the .vsix needs is not built (or not yet), build and package again.
      if (check(vsix).problems.some((p) => p.startsWith('missing: dist/'))) {
        execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
        (packageVsix as (out: string) => void)(vsix);
      }
      const { files, size, problems } = check(vsix);
      console.log(`[vsix] ${size} bytes, ${files.length} files`);
      assert.deepEqual(problems, []);
      assert.ok(files.includes('dist/cli.js'), 'the lint task runs it');
      assert.deepEqual(
        files.filter((f) => /^(images\/(?!icon\.png)|docs\/(?!rules\/)|dist\/types\/|dist\/core\.js)/.test(f)),
        [],
        'screenshots, docs other than the rule pages, and the npm-only files stay out',
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
