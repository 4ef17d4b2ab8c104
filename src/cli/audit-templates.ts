/**
 * `force-mfa audit <template or folder>`: where the input is not an account export, its users, groups
 * and policies are read from a CloudFormation template or a Terraform file, or from every template of
 * a folder (one model: a Terraform folder is one module). The core reads them (readTemplates); this
 * reads the files and loads the Terraform reader when a `.tf` file is among them.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isTerraformName, readTemplates, type AccountModel, type TemplateFile } from '../core';
import { loadHcl } from '../core/hcl';
import { positionsAt, type Position } from '../core/text/positions';

/** The files of a folder that may be templates. */
const TEMPLATE_EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.tf'];

export interface TemplateInput {
  model: AccountModel;
  notes: string[];
  places: Map<string, Position>;
  /** How the audit names what the model lacks. */
  source: 'the template';
}

/** Loads the HCL front-end (the WebAssembly files beside the bundle, or in node_modules when run from the sources). */
async function terraformReader(): Promise<string | undefined> {
  try {
    if (existsSync(path.join(__dirname, 'tree-sitter-terraform.wasm'))) await loadHcl(__dirname);
    else {
      const folderOf = (file: string) => path.dirname(require.resolve(file));
      await loadHcl(
        folderOf('web-tree-sitter/tree-sitter.wasm'),
        folderOf('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
      );
    }
    return undefined;
  } catch (e) {
    return `the Terraform reader could not be loaded (${e instanceof Error ? e.message : String(e)}): policy documents in .tf files are unknown`;
  }
}

/** A folder's files with a template's extension, in name order (not its subfolders: a Terraform module is one folder). */
async function folderFiles(given: string, abs: string): Promise<Array<{ display: string; abs: string }>> {
  const names = (await readdir(abs, { withFileTypes: true }))
    .filter((e) => e.isFile() && TEMPLATE_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x)))
    .map((e) => e.name)
    .sort();
  return names.map((n) => ({ display: path.join(given, n), abs: path.join(abs, n) }));
}

export async function isFolder(abs: string): Promise<boolean> {
  return (await stat(abs).catch(() => undefined))?.isDirectory() === true;
}

/**
 * The templates' model: of the file given (its text already read: it was no export), or of a folder's
 * templates (`text` undefined). `places` only for one file (a folder's users stand in several).
 */
export async function auditTemplates(
  given: string,
  abs: string,
  text: string | undefined,
  readText: (display: string, abs: string) => Promise<string>,
): Promise<TemplateInput | { error: string }> {
  const listed = text === undefined ? await folderFiles(given, abs) : [];
  const files: TemplateFile[] = text === undefined ? [] : [{ name: given, text }];
  for (const f of listed) files.push({ name: f.display, text: await readText(f.display, f.abs) });
  const notes: string[] = [];
  if (files.some((f) => isTerraformName(f.name))) {
    const why = await terraformReader();
    if (why) notes.push(why);
  }
  const read = readTemplates(files);
  if (!read.read.length)
    return {
      error: files.length
        ? `not a template: ${read.skipped.map((s) => (text === undefined ? `${s.name}: ${s.why}` : s.why)).join('; ')}`
        : `no template in the folder (${TEMPLATE_EXTENSIONS.map((x) => `*${x}`).join(', ')})`,
    };
  if (text === undefined) notes.push(`Read ${read.read.length} template${read.read.length > 1 ? 's' : ''}: ${read.read.join(', ')}.`);
  for (const s of read.skipped) notes.push(`${s.name}: not read (${s.why}).`);
  const places = new Map<string, Position>();
  if (text !== undefined) {
    const users = read.declared.filter((d) => d.kind === 'user');
    const at = positionsAt(
      text,
      users.map((d) => d.offset),
    );
    users.forEach((d, i) => places.set(d.name, at[i]!));
  }
  return { model: read.model, notes: [...notes, ...read.notes], places, source: 'the template' };
}
