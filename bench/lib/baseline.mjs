// Another revision of the project, for `--baseline <rev|file.js>` in bench/run.mjs and bench/parser.mjs: the
// rows under test are then timed against its build in the same processes (a change must leave every lint
// row within 5%, or faster). A git revision is exported with `git archive` (no worktree, nothing in .git
// changes) into a temporary folder that borrows this checkout's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The source tree of a git revision, in a temporary folder removed at exit. */
export function exportRevision(spec, root, log) {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${spec}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'force-mfa-baseline-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: root, maxBuffer: 512 * 1024 * 1024 });
  if (archive.status !== 0) throw new Error(`git archive ${spec}: ${archive.stderr}`);
  execFileSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  log(`baseline: ${spec} (${commit.slice(0, 12)}) exported to ${dir}`);
  return { dir, label: `${spec} (${commit.slice(0, 12)})` };
}

/** A dist/core.js to compare with: the file itself, or the core a git revision builds with its own scripts/build.mjs. */
export function baselineCore(spec, root, log) {
  if (existsSync(spec) && spec.endsWith('.js')) return { path: path.resolve(spec), label: spec };
  const { dir, label } = exportRevision(spec, root, log);
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0 || !existsSync(path.join(dir, 'dist/core.js')))
    throw new Error(`building ${spec} failed:\n${built.stderr.slice(-2000)}`);
  return { path: path.join(dir, 'dist/core.js'), label };
}
