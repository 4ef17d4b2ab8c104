#!/usr/bin/env node
// README screenshots, taken from the real editor: serves the packaged .vsix in code-server with a
// copy of examples/ open (scripts/start.mjs), drives the workbench in headless Chromium the way
// a user would (quick open, go to line, hover, Ctrl+., command palette), and writes PNGs to images/.
// Run through `npm run screenshots` (builds and packages first).
//   node scripts/e2e/screenshots.mjs [--only <name>[,<name>]] [--out <dir>]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { ROOT, HarnessError, launchChromium, cleanup, exitOnSignals, onCleanup } from './code-server.mjs';
import { serve } from '../start.mjs';

const { values: opt } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string' } } });
const outDir = path.resolve(opt.out ?? path.join(ROOT, 'images'));
const only = opt.only ? new Set(opt.only.split(',')) : undefined;
const { lint } = createRequire(import.meta.url)(path.join(ROOT, 'dist/core.js'));
const log = (...m) => console.log('[screenshots]', ...m);
exitOnSignals();

/** 1-based line and column of a policy's first finding of `rule`, from the core itself. */
function findingPosition(file, rule) {
  const text = fs.readFileSync(file, 'utf8');
  const d = lint(text).diagnostics.find((x) => x.rule === rule);
  if (!d) throw new HarnessError(`${path.basename(file)}: no ${rule} finding to show`);
  const before = text.slice(0, d.offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, diagnostic: d };
}

async function run() {
  fs.mkdirSync(outDir, { recursive: true });
  // A copy: nothing the session does may touch the repository's examples.
  const { server, url, run: runDir, tools } = await serve({ folder: await copyExamples() });
  log(`code-server on ${server.url}`);
  const context = await launchChromium(tools, runDir, { viewport: { width: 1280, height: 760 } });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url, { timeout: 120_000 });
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(3000); // extensions activate, first notifications settle

  const workspace = new URL(url).searchParams.get('folder');
  const key = (k) => page.keyboard.press(k);
  const palette = async (command) => {
    await key('F1');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type(command, { delay: 10 });
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
    await page.waitForTimeout(300);
    await key('Enter');
  };
  const open = async (file) => {
    await key('Control+P');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type(file, { delay: 10 });
    // Enter before the file search answered would do nothing.
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout: 20_000 });
    await page.waitForTimeout(300);
    await key('Enter');
    await page
      .waitForSelector(`.tab.active[aria-label*="${file}"], .tab.active [aria-label*="${file}"]`, { timeout: 15_000 })
      .catch(() => {});
    await page.waitForTimeout(800);
  };
  const goTo = async ({ line, column }) => {
    await key('Control+G');
    await page.waitForSelector('.quick-input-widget', { state: 'visible' });
    await page.keyboard.type(`${line}:${column}`);
    await key('Enter');
    await page.waitForTimeout(400);
  };
  const clearNotifications = () => palette('Notifications: Clear All Notifications').then(() => page.waitForTimeout(300));
  const shot = async (name) => {
    const file = path.join(outDir, `${name}.png`);
    await page.screenshot({ path: file });
    log(`wrote ${path.relative(ROOT, file)}`);
  };
  const want = (name) => !only || only.has(name);

  await clearNotifications();

  if (want('diagnostic-quick-fix')) {
    // The warning on a policy without the MFA deny, with its quick-fix menu open (Ctrl+.).
    const file = 'no-mfa-deny-policy.json';
    await open(file);
    await page.waitForSelector('.squiggly-warning, .squiggly-error', { timeout: 20_000 });
    await palette('View: Focus Problems');
    await page.waitForTimeout(800);
    await open(file); // focus back in the editor
    await goTo(findingPosition(path.join(workspace, file), 'missing-mfa-deny'));
    await key('Control+.');
    await page.waitForSelector('.action-widget', { state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('diagnostic-quick-fix');
    await key('Escape');
  }

  if (want('diagnostic-hover')) {
    const file = 'no-mfa-deny-policy.json';
    await open(file);
    const squiggle = await page.waitForSelector('.squiggly-warning', { timeout: 20_000 });
    const box = await squiggle.boundingBox();
    await page.mouse.move(box.x + Math.min(box.width / 2, 30), box.y + box.height / 2);
    await page.waitForSelector('.monaco-hover:not(.hidden) .hover-row', { state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(800);
    await shot('diagnostic-hover');
    await page.mouse.move(5, 5);
    await key('Escape');
  }

  if (want('export-picker')) {
    await open('aws-reference-policy.json');
    await palette('Force MFA: Export Policy');
    await page.waitForSelector('.quick-input-widget .quick-input-title', { state: 'visible', timeout: 15_000 });
    await page.waitForFunction(
      () => /Export Policy/.test(document.querySelector('.quick-input-widget .quick-input-title')?.textContent ?? ''),
      null,
      { timeout: 15_000 },
    );
    await page.waitForTimeout(600);
    await shot('export-picker');
    await key('Escape');
  }

  if (want('start')) {
    // What `npm start` shows: the examples, a weak policy open, the verdict in the status bar.
    await open('weak-bool-deny-policy.json');
    await page.waitForTimeout(1500);
    await shot('start');
  }
}

async function copyExamples() {
  const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'force-mfa-examples-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  const target = path.join(dir, 'examples');
  fs.cpSync(path.join(ROOT, 'examples'), target, { recursive: true });
  return target;
}

try {
  await run();
  await cleanup();
  process.exit(0);
} catch (e) {
  console.error(`[screenshots] ${e instanceof HarnessError ? e.message : (e?.stack ?? e)}`);
  await cleanup();
  process.exit(1);
}
