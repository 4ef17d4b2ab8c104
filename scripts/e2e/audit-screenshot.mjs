// images/audit-report.png: the page `force-mfa audit --format html` writes (the same page the editor's
// "Force MFA: Audit Account Export…" shows), rendered by headless Chromium through playwright-core.
// The export is the real-editor suite's (test/integration/workspace/audit/auth-details.json) with the
// audit's credential report fixture. Run after `npm run build`:
//   node scripts/e2e/audit-screenshot.mjs
// Tools: E2E_PLAYWRIGHT_CORE (default .e2e-tools/playwright-core-*/node_modules/playwright-core) and
// E2E_CHROMIUM (default /usr/bin/chromium).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tools = path.join(root, '.e2e-tools');
const playwrightCore =
  process.env.E2E_PLAYWRIGHT_CORE ??
  path.join(tools, readdirSync(tools).find((d) => d.startsWith('playwright-core-')) ?? 'playwright-core', 'node_modules/playwright-core');
const { chromium } = createRequire(import.meta.url)(playwrightCore);

// The inputs under the names the README's commands give them.
const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-shot-'));
copyFileSync(path.join(root, 'test/integration/workspace/audit/auth-details.json'), path.join(dir, 'auth.json'));
copyFileSync(path.join(root, 'test/fixtures/audit/credential-report.csv'), path.join(dir, 'report.csv'));
let html;
try {
  html = execFileSync(
    process.execPath,
    [path.join(root, 'dist/cli.js'), 'audit', 'auth.json', '--credential-report', 'report.csv', '--format', 'html'],
    {
      cwd: dir,
    },
  );
} catch (e) {
  // Exit 1: some user is not forced (the point of the picture).
  if (e.status !== 1) throw e;
  html = e.stdout;
}
try {
  const file = path.join(dir, 'audit.html');
  writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  // The page fetches nothing (its CSP forbids it); any request would be a bug.
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) throw new Error(`the report requested ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  await page.screenshot({ path: path.join(root, 'images/audit-report.png'), fullPage: false });
  await browser.close();
  console.log('[screenshot] images/audit-report.png');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
