/**
 * The module of a Terraform file that the CLI lints (the core's LintOptions.module): the other `*.tf`
 * files of its folder (Terraform reads a folder as one module: their variable defaults, locals and
 * attachments judge the file's policies) and the files that its file() and templatefile() calls name
 * (terraformFileReferences), linted as the policies there. Within MODULE_LIMITS (files, and characters
 * in all); a symlink is followed only to a file inside the folder. A folder is read once, and every
 * file of it that names no other file gets the same module object (the core parses a module once); only
 * the last folder is kept.
 */
import path from 'node:path';
import { MODULE_LIMITS, isAutoValuesName, terraformFileReferences, type ModuleFile, type TerraformModule } from '../core';
import type { TerraformVariable } from './args';
import { readCandidate, readCandidateSync, type CliFileSystem } from './files';

export class ModuleReader {
  private readonly folders = new Map<string, Promise<Folder | undefined>>();
  private readonly modules = new Map<string, TerraformModule>();

  constructor(
    private readonly fs: CliFileSystem,
    /** --var-file and --var, read once: every module gets them (LintOptions.module's values). */
    private readonly values?: readonly ModuleFile[],
  ) {}

  /** The module of the file at `abs` (whose text is `text`); undefined when its folder cannot be read. */
  async moduleOf(abs: string, text: string): Promise<TerraformModule | undefined> {
    const dir = path.dirname(abs);
    // A walk lints a folder's files one after another: only the last folder's files are kept.
    if (!this.folders.has(dir)) {
      this.folders.clear();
      this.modules.clear();
    }
    let folder = this.folders.get(dir);
    if (!folder) this.folders.set(dir, (folder = this.readFolder(dir).catch(() => undefined)));
    const read = await folder;
    if (!read) return undefined;
    const own = path.basename(abs);
    const wanted = terraformFileReferences(text).filter((n) => !read.files.some((f) => f.name === n));
    const key = `${dir}\0${own}\0${wanted.join('\0')}`;
    let module = this.modules.get(key);
    if (module) return module;
    const files = read.files.filter((f) => f.name !== own);
    let chars = files.reduce((n, f) => n + f.text.length, 0);
    for (const name of wanted) {
      if (files.length >= MODULE_LIMITS.files) break;
      const t = await this.readInside(read.real, path.join(dir, ...name.split('/')), MODULE_LIMITS.chars - chars);
      if (t === undefined) continue;
      files.push({ name, text: t });
      chars += t.length;
    }
    this.modules.set(key, (module = this.values?.length ? { files, values: this.values } : { files }));
    return module;
  }

  /** The folder's real path and its `*.tf` files and the variable values Terraform loads from it (sorted by name), within the limits. */
  private async readFolder(dir: string): Promise<Folder> {
    const real = String(await this.fs.realpath(dir, { encoding: 'buffer' }));
    const entries = await this.fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    const names = entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => String(e.name))
      .filter((n) => n.endsWith('.tf') || isAutoValuesName(n))
      .sort();
    const files: ModuleFile[] = [];
    let chars = 0;
    for (const name of names) {
      // One more than the module holds: the linted file is among them, and left out per file.
      if (files.length > MODULE_LIMITS.files) break;
      const text = await this.readInside(real, path.join(dir, name), MODULE_LIMITS.chars - chars);
      if (text === undefined) continue;
      files.push({ name, text });
      chars += text.length;
    }
    return { real, files };
  }

  /** A file's text when its real path is inside `real` (the folder's) and it fits in `budget` characters. */
  private async readInside(real: string, file: string, budget: number): Promise<string | undefined> {
    if (budget <= 0) return undefined;
    let target: string;
    try {
      target = String(await this.fs.realpath(file, { encoding: 'buffer' }));
    } catch {
      return undefined;
    }
    const rel = path.relative(real, target);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const got = this.fs.sync ? readCandidateSync(this.fs.sync, target, budget) : await readCandidate(this.fs, target, budget);
    return got.kind === 'text' ? got.text : undefined;
  }
}

interface Folder {
  real: string;
  files: ModuleFile[];
}

const readers = new WeakMap<CliFileSystem, ModuleReader>();

/** The module of a Terraform file read through `fs` (one reader per file system, so per run), with the run's --var-file and --var values. */
export function terraformModuleOf(
  fs: CliFileSystem,
  abs: string,
  text: string,
  values?: readonly ModuleFile[],
): Promise<TerraformModule | undefined> {
  let reader = readers.get(fs);
  if (!reader) readers.set(fs, (reader = new ModuleReader(fs, values)));
  return reader.moduleOf(abs, text);
}

/**
 * The --var-file files (read from `cwd`, within MODULE_LIMITS) and --var flags (each a one-line file
 * named `--var`), in the order given; or the error that fails the run: a --var-file that cannot be read.
 */
export async function givenValues(
  fs: CliFileSystem,
  cwd: string,
  variables: readonly TerraformVariable[] = [],
): Promise<ModuleFile[] | string> {
  const out: ModuleFile[] = [];
  let chars = 0;
  for (const v of variables.slice(0, MODULE_LIMITS.files)) {
    if ('name' in v) {
      // Written as HCL: a literal (true, false, a number, null) is read as one, anything else as a string.
      const literal = /^(true|false|null|-?\d+(\.\d+)?)$/.test(v.value.trim());
      out.push({ name: '--var', text: `${v.name} = ${literal ? v.value.trim() : JSON.stringify(v.value)}\n` });
      continue;
    }
    const abs = path.resolve(cwd, v.file);
    const got = fs.sync
      ? readCandidateSync(fs.sync, abs, MODULE_LIMITS.chars - chars)
      : await readCandidate(fs, abs, MODULE_LIMITS.chars - chars);
    if (got.kind !== 'text') return `--var-file ${v.file}: ${got.reason}`;
    out.push({ name: path.basename(v.file), text: got.text });
    chars += got.text.length;
  }
  return out;
}
