/**
 * Which files the CLI opens, and what it says about a file it does not read. The core picks a
 * file's format from its name (LintOptions.fileName); the CLI only decides which files to open.
 */
import { isTerraformName } from '../core';

/** Every format the core reads (.txt and .tpl when they hold JSON): the core picks the format from the name. */
const READ = ['.json', '.yaml', '.yml', '.template', '.md', '.markdown', '.txt', '.tpl'];

/**
 * Prose and notes, where a large file is ordinary (a changelog, a log), and Terraform modules, where
 * a large generated file is too: one found by a walk over the size limit is skipped with a warning, not a failure.
 */
const DOCUMENTS = ['.md', '.markdown', '.txt', '.tf'];

/** Terraform files hold policies in infrastructure repositories: a walk opens them too. */
const WALKED = [...READ, '.tf'];

function endsWithAny(name: string, endings: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return endings.some((e) => lower.endsWith(e));
}

/** Does a folder walk open this file? */
export const isWalkedName = (name: string): boolean => endsWithAny(name, WALKED);

/** Does the core read this file's format, picked by its name? */
const isReadName = (name: string): boolean => endsWithAny(name, READ);

/** Is this a document (Markdown, text) or a Terraform file, rather than a file made to hold policies? */
export const isDocumentName = (name: string): boolean => endsWithAny(name, DOCUMENTS);

/** Does the text start with a JSON object or array (after a byte order mark and blanks)? */
function startsLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\uFEFF') return false;
  }
  return false;
}

/** The extension of a path's last segment, lowercase with its dot, or '' when it has none. */
function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * Why a file is not read, or undefined when the core reads it: a format the core reads by its name,
 * or any other name whose text is JSON (a policy saved as `policy`, or as `policy.iam`). One line,
 * without the file name.
 */
export function formatNotRead(name: string, text: string): string | undefined {
  if (isReadName(name)) return undefined;
  // Reached only where the HCL reader could not be loaded (main.ts hclReader).
  if (isTerraformName(name)) return 'Terraform is not read: the Terraform reader could not be loaded';
  if (startsLikeJson(text)) return undefined;
  const ext = extensionOf(name);
  return `${ext ? `a ${ext} file` : 'a file without an extension'} is not read (force-mfa reads JSON, YAML, Markdown, and JSON in .txt and .tpl files)`;
}
