// A stand-in for an installed force-mfa: a folder whose dist/cli.js runs the CLI from this checkout's
// sources (through tsx), so that tests of what calls `dist/cli.js` (the GitHub Action, the pre-commit
// hook, the editor's task) run today's code without building into the shared dist/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface SourceCli {
  /** The folder that holds dist/cli.js (an action's path, an extension's folder). */
  dir: string;
  /** Its dist/cli.js. */
  cli: string;
  cleanup(): void;
}

export function sourceCli(): SourceCli {
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-source-cli-'));
  const cli = path.join(dir, 'dist', 'cli.js');
  mkdirSync(path.dirname(cli));
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  writeFileSync(cli, `require(${JSON.stringify(tsx)});\nrequire(${JSON.stringify(path.join(ROOT, 'src/cli/cli.ts'))});\n`);
  return { dir, cli, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
