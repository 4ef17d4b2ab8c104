/**
 * `.gitignore` in folder and glob walks, read with the `ignore` package (git's own rules: negation,
 * anchoring, `dir/`, `**`). The files of the repository from its root down to the walk's folder
 * apply, then each .gitignore met on the way down, a deeper one able to re-include (`!keep.json`)
 * what a shallower one left out, as git does. Not read: .git/info/exclude and the global excludes file.
 */
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readCandidate, readCandidateSync, type CliFileSystem, type Notify } from './files';

/** One .gitignore: the folder it sits in (its patterns are relative to it) and its rules. */
export interface IgnoreLevel {
  dir: string;
  rules: Ignore;
}

/** A .gitignore larger than this is not one a person wrote; it is not read. */
const MAX_GITIGNORE_SIZE = 1024 * 1024;

/** git compares names as the file system does: exactly on Linux, ignoring case on macOS and Windows. */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

export class GitIgnores {
  constructor(
    private readonly fs: CliFileSystem,
    private readonly notify: Notify,
  ) {}

  /**
   * The .gitignore files that apply above a walk's folder: from the repository's root (the nearest
   * folder up that holds `.git`) down to the folder's parent. None outside a repository.
   */
  async above(dir: string): Promise<IgnoreLevel[]> {
    // The folder's parents, nearest first, up to the repository's root.
    const parents: string[] = [];
    let root: string | undefined;
    for (let current = dir; ;) {
      if (await this.exists(path.join(current, '.git'))) {
        root = current;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      parents.push(parent);
      current = parent;
    }
    if (root === undefined || root === dir) return [];
    const levels: IgnoreLevel[] = [];
    for (const folder of parents.reverse()) {
      const level = await this.read(folder, path.join(folder, '.gitignore'), false);
      if (level) levels.push(level);
    }
    return levels;
  }

  /** The levels inside a walked folder: those above it, and its own .gitignore when it has one. */
  async inside(levels: readonly IgnoreLevel[], dir: string, display: string, hasGitignore: boolean): Promise<readonly IgnoreLevel[]> {
    if (!hasGitignore) return levels;
    const level = await this.read(dir, path.join(dir, '.gitignore'), true, display);
    return level ? [...levels, level] : levels;
  }

  private async exists(p: string): Promise<boolean> {
    try {
      await this.fs.stat(p);
      return true;
    } catch {
      return false;
    }
  }

  private async read(dir: string, file: string, known: boolean, display?: string): Promise<IgnoreLevel | undefined> {
    if (!known && !(await this.exists(file))) return undefined;
    const read = this.fs.sync
      ? readCandidateSync(this.fs.sync, file, MAX_GITIGNORE_SIZE)
      : await readCandidate(this.fs, file, MAX_GITIGNORE_SIZE);
    if (read.kind !== 'text') {
      this.notify('warning', display ? path.join(display, '.gitignore') : file, `${read.reason}; not honoured`);
      return undefined;
    }
    return { dir, rules: ignore({ ignorecase: IGNORE_CASE }).add(read.text) };
  }
}

/**
 * Is this path left out by the .gitignore files that apply? Each level, shallow to deep, may ignore
 * it or re-include it; the last word wins. A folder is tested with its trailing `/` (`build/` rules).
 */
export function isIgnored(levels: readonly IgnoreLevel[], abs: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const rel = path.relative(level.dir, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue;
    try {
      const result = level.rules.test(isDir ? `${rel}/` : rel);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    } catch {
      // A name the package refuses as a path is not ignored.
    }
  }
  return ignored;
}
