/**
 * The editor's "Ignore this finding in .force-mfa.json…": one entry appended to `ignore`, with
 * jsonc-parser's `modify`, which edits only around the insertion, so the file's comments, order and
 * formatting stay as the team wrote them.
 */
import { modify } from 'jsonc-parser';
import type { Edit, FormattingOptions } from '../types';
import { applyEdits } from '../fixes/edits';
import { parseConfig } from './parse';

/** What a new file holds before its first entry: the schema (completion in VS Code) and an empty list. */
export const NEW_CONFIG_TEXT =
  '{\n  "$schema": "https://raw.githubusercontent.com/force-mfa/force-mfa/main/schemas/force-mfa-config.schema.json",\n  "ignore": []\n}\n';

export interface NewIgnoreEntry {
  files: string;
  rule: string;
  pointer?: string;
  sid?: string;
  reason: string;
}

/**
 * The edits that append the entry to the configuration's `ignore` list (created when absent), or a
 * message saying why the file cannot be edited safely (it does not parse, or is not an object).
 */
export function addIgnoreEntry(text: string, entry: NewIgnoreEntry, formatting: Partial<FormattingOptions> = {}): Edit[] | string {
  const source = text.trim() === '' ? NEW_CONFIG_TEXT : text;
  const { errors, readable } = parseConfig(source);
  if (!readable) return `it cannot be edited safely: line ${errors[0]!.line}: ${errors[0]!.message}`;
  // Keys in the order the schema lists them, the optional ones only when set.
  const value: NewIgnoreEntry = {
    files: entry.files,
    rule: entry.rule,
    ...(entry.sid !== undefined ? { sid: entry.sid } : {}),
    ...(entry.pointer !== undefined ? { pointer: entry.pointer } : {}),
    reason: entry.reason,
  };
  const edits = modify(source, ['ignore', -1], value, {
    isArrayInsertion: true,
    formattingOptions: { tabSize: formatting.tabSize ?? 2, insertSpaces: formatting.insertSpaces ?? true, eol: formatting.eol ?? '\n' },
  });
  const out = edits.map(({ offset, length, content }) => ({ offset, length, content }));
  // An empty file becomes the new file's text with the entry in it.
  return source === text ? out : [{ offset: 0, length: text.length, content: applyEdits(source, out) }];
}
