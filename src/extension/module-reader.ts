// The module of a Terraform document in the editor (the core's LintOptions.module), read through a small file
// interface that the host fills with workspace.fs (./terraform-module.ts; the same in the Node and web hosts)
// and the unit tests with a table: the other `*.tf` files of the document's folder and the policy files that its
// file()/templatefile() calls name. An open document's text stands for its file (unsaved edits count). Within
// the core's MODULE_LIMITS, by size before reading; a symbolic link is not followed (the editor's file API does
// not say where it leads, so it may leave the folder).
import { MODULE_LIMITS, isAutoValuesName, type ModuleFile, type TerraformModule } from '../core/types';

export type EntryKind = 'file' | 'folder' | 'link' | 'other';

export interface ModuleFs {
  /** A folder's entries, by name (a link of any kind is `link`). */
  list(folder: string): Promise<ReadonlyArray<readonly [string, EntryKind]>>;
  /** A file's size in bytes. */
  size(file: string): Promise<number>;
  read(file: string): Promise<Uint8Array>;
  /** The text of the open document at that path, if one is open. */
  openText(file: string): string | undefined;
}

const join = (folder: string, name: string): string => (folder.endsWith('/') ? folder + name : `${folder}/${name}`);

/** Reads files within what is left of MODULE_LIMITS. */
class Budget {
  readonly files: ModuleFile[] = [];
  private chars = 0;
  constructor(private readonly fs: ModuleFs) {}

  get full(): boolean {
    return this.files.length >= MODULE_LIMITS.files || this.chars >= MODULE_LIMITS.chars;
  }

  /** Adds the file at `path` under `name`, if it fits; a file that cannot be read is left out. */
  async add(name: string, path: string): Promise<void> {
    if (this.full) return;
    let text = this.fs.openText(path);
    try {
      if (text === undefined && (await this.fs.size(path)) <= MODULE_LIMITS.chars - this.chars) {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await this.fs.read(path));
      }
    } catch {
      return;
    }
    if (text === undefined || text.length > MODULE_LIMITS.chars - this.chars) return;
    this.files.push({ name, text });
    this.chars += text.length;
  }
}

/** Is `name` (a `/`-separated path below `folder`) a file reached without a link? */
async function plainFile(fs: ModuleFs, folder: string, name: string): Promise<boolean> {
  let at = folder;
  const parts = name.split('/');
  for (const [i, part] of parts.entries()) {
    const kind = (await fs.list(at)).find(([n]) => n === part)?.[1];
    if (kind !== (i === parts.length - 1 ? 'file' : 'folder')) return false;
    at = join(at, part);
  }
  return true;
}

/**
 * The module of the document named `own` in `folder`: the folder's other `*.tf` files and the variable values
 * Terraform loads from it (terraform.tfvars, `*.auto.tfvars`: sorted by name), then
 * the files of `references` (terraformFileReferences of its text) that are not among them.
 */
export async function readModule(fs: ModuleFs, folder: string, own: string, references: readonly string[]): Promise<TerraformModule> {
  const budget = new Budget(fs);
  const entries = await fs.list(folder);
  const siblings = entries
    .filter(([name, kind]) => kind === 'file' && (name.endsWith('.tf') || isAutoValuesName(name)) && name !== own)
    .map(([name]) => name)
    .sort();
  for (const name of siblings) await budget.add(name, join(folder, name));
  for (const name of references) {
    if (budget.full) break;
    if (name === own || siblings.includes(name) || !(await plainFile(fs, folder, name).catch(() => false))) continue;
    await budget.add(name, join(folder, name));
  }
  return { files: budget.files };
}
