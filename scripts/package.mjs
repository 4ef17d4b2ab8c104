#!/usr/bin/env node
// `npm run package`: packages the built extension into force-mfa-<version>.vsix with @vscode/vsce,
// offline (--no-dependencies: esbuild bundled everything, there is nothing to scan), then checks
// what went in: only bundles, snippets, schemas, README/CHANGELOG/LICENSE, icon and manifest;
// no node_modules, sources, tests or maps; under MAX_BYTES (620 KB). Run `npm run build` first.
//   node scripts/package.mjs [--check <file.vsix>]   (--check: only verify an existing .vsix)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// 150 KB until issue 13: the HCL reader (dist/lazy/hcl.js and two WebAssembly files) adds 120 KB compressed (docs/decisions/bundle-budget.md).
// 280 KB until issue 14: the catalogue of every AWS action (dist/iam-actions.json) adds 138.6 KB compressed, read by the
// unknown-action rule, completion and hover (docs/decisions/iam-action-catalogue.md).
// 420 KB until the lint task (issue 14): the CLI it runs, dist/cli.js, byte for byte the npm package's binary, adds
// 150 KB compressed (docs/decisions/editor-task-cli.md).
// 600 KB until .force-mfa.json (issue 14): jsonc-parser and the configuration code in dist/lazy/core.js and dist/cli.js,
// the editor's side in both extension bundles, and the file's schema add about 17 KB compressed (docs/decisions/config-file.md).
const MAX_BYTES = 620 * 1024;
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * The entries of a zip file (a .vsix is one), read from its central directory: names and
 * uncompressed sizes. In JavaScript, so that packaging needs no `unzip` on the machine.
 */
export function zipEntries(file) {
  const buf = readFileSync(file);
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file (no end-of-central-directory record)`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: broken central directory at byte ${at}`);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + skip;
  }
  return entries;
}

/** The names of the extension's own files in a .vsix. */
export function listVsix(vsix) {
  return zipEntries(vsix)
    .map((e) => e.name)
    .filter((f) => f.startsWith('extension/'))
    .map((f) => f.slice('extension/'.length));
}

/** Problems with a .vsix: forbidden files, files missing, size. Empty when it is fine. */
export function checkVsix(vsix) {
  const files = listVsix(vsix);
  const problems = [];
  const forbidden = /(^|\/)node_modules\/|^src\/|^test\/|^out\/|^scripts\/|\.map$|\.ts$|^\.e2e|^dist\/core\.js$/;
  for (const f of files) if (forbidden.test(f)) problems.push(`must not be packaged: ${f}`);
  const allowed =
    /^(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|dist\/extension\.js|dist\/cli\.js|dist\/web\/extension\.js|dist\/lazy\/(core|yaml|hcl|audit-report|audit-worker)\.js|dist\/tree-sitter(-terraform)?\.wasm|dist\/iam-actions\.json|snippets\/[^/]+\.(json|code-snippets)|schemas\/[^/]+\.json|images\/icon\.png)$/i;
  for (const f of files) if (!allowed.test(f) && !forbidden.test(f)) problems.push(`unexpected file: ${f}`);
  for (const need of [
    'package.json',
    'dist/extension.js',
    'dist/cli.js',
    'dist/web/extension.js',
    'dist/lazy/core.js',
    'dist/lazy/yaml.js',
    'dist/lazy/hcl.js',
    'dist/lazy/audit-report.js',
    'dist/lazy/audit-worker.js',
    'dist/tree-sitter.wasm',
    'dist/tree-sitter-terraform.wasm',
    'dist/iam-actions.json',
    'images/icon.png',
  ]) {
    if (!files.includes(need)) problems.push(`missing: ${need}`);
  }
  const size = statSync(vsix).size;
  if (size >= MAX_BYTES) problems.push(`${size} bytes, over the ${MAX_BYTES}-byte budget`);
  return { files, size, problems };
}

/**
 * vsce refuses a folder with both a .vscodeignore and package.json `files` (which lists what the npm
 * package holds: the CLI and the core, not the editor's bundles). So the extension is packaged from a
 * copy of what .vscodeignore may let in, with a manifest without `files`: the .vsix is chosen by
 * .vscodeignore alone, as before. README links are made absolute from `repository` by vsce either way.
 */
function stageExtension() {
  const stage = mkdtempSync(path.join(tmpdir(), 'force-mfa-vsix-'));
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of ['.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'snippets', 'schemas', 'images/icon.png']) {
    if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(stage, f), { recursive: true });
  }
  return stage;
}

/** Packages the built extension into `vsix` with vsce, from a staged copy (stageExtension). */
export function packageVsix(vsix, stdio = 'pipe') {
  const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
  const stage = stageExtension();
  try {
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: stage, stdio });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function report(vsix) {
  const { files, size, problems } = checkVsix(vsix);
  for (const e of zipEntries(vsix)) console.log(`${String(e.size).padStart(9)}  ${e.name}`);
  console.log(`[package] ${path.relative(process.cwd(), vsix)}: ${(size / 1024).toFixed(1)} KB, ${files.length} files`);
  if (problems.length) {
    for (const p of problems) console.error(`[package] ${p}`);
    process.exit(1);
  }
  console.log(`[package] contents ok: no node_modules, sources or tests; under ${MAX_BYTES / 1024} KB`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--check');
  if (i > 0) {
    report(path.resolve(process.argv[i + 1]));
  } else {
    const needed = [
      'extension.js',
      'cli.js',
      'web/extension.js',
      'lazy/core.js',
      'lazy/yaml.js',
      'lazy/hcl.js',
      'lazy/audit-report.js',
      'lazy/audit-worker.js',
      'tree-sitter.wasm',
      'tree-sitter-terraform.wasm',
    ];
    for (const f of needed.map((n) => `dist/${n}`)) {
      if (!existsSync(path.join(root, f))) {
        console.error(`[package] ${f} missing: run npm run build`);
        process.exit(1);
      }
    }
    const vsix = path.join(root, `${name}-${version}.vsix`);
    packageVsix(vsix, 'inherit');
    report(vsix);
  }
}
