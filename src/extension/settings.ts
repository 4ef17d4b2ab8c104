// Reads `forceMfa.*` for one document. Settings come from workspace files that may be hostile or
// hand-edited: every value is checked, and a bad one falls back to its default instead of throwing.
import * as vscode from 'vscode';
// The core's small constants only (../core/types holds no code of the linter): the activation bundle carries no core.
import { isPartition, RULE_SETTINGS, type FormattingOptions, type LintOptions, type Partition, type RuleSetting } from '../core/types';

export interface Settings {
  enable: boolean;
  rules: Record<string, RuleSetting>;
  partition: Partition;
  allowPasswordChangeWithoutMfa: boolean;
  exclude: string[];
  maxFileSize: number;
  debounceMs: number;
}

export const DEFAULT_MAX_FILE_SIZE = 1_048_576;
export const DEFAULT_DEBOUNCE_MS = 200;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readSettings(scope: vscode.Uri | undefined): Settings {
  const c = vscode.workspace.getConfiguration('forceMfa', scope);
  const rulesValue = c.get<unknown>('rules');
  const rules: Record<string, RuleSetting> = {};
  if (rulesValue && typeof rulesValue === 'object' && !Array.isArray(rulesValue)) {
    for (const [name, value] of Object.entries(rulesValue as Record<string, unknown>)) {
      if (RULE_SETTINGS.includes(value as RuleSetting)) rules[name] = value as RuleSetting;
    }
  }
  const partition = c.get<unknown>('partition');
  const exclude = c.get<unknown>('exclude');
  const maxFileSize = c.get<unknown>('maxFileSize');
  const debounceMs = c.get<unknown>('debounceMs');
  return {
    enable: c.get<unknown>('enable') !== false,
    rules,
    partition: isPartition(partition) ? partition : 'aws',
    allowPasswordChangeWithoutMfa: c.get<unknown>('allowPasswordChangeWithoutMfa') === true,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.length > 0) : [],
    maxFileSize: isFiniteNumber(maxFileSize) && maxFileSize >= 0 ? maxFileSize : DEFAULT_MAX_FILE_SIZE,
    debounceMs: isFiniteNumber(debounceMs) ? Math.min(Math.max(debounceMs, 0), 5000) : DEFAULT_DEBOUNCE_MS,
  };
}

/** The editor's indentation and line ending for this document: fix edits follow them. */
export function formattingFor(doc: vscode.TextDocument): FormattingOptions {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  const editorConfig = vscode.workspace.getConfiguration('editor', { uri: doc.uri, languageId: doc.languageId });
  const tabSize = editor && typeof editor.options.tabSize === 'number' ? editor.options.tabSize : editorConfig.get<unknown>('tabSize');
  const insertSpaces =
    editor && typeof editor.options.insertSpaces === 'boolean' ? editor.options.insertSpaces : editorConfig.get<unknown>('insertSpaces');
  return {
    tabSize: isFiniteNumber(tabSize) && tabSize > 0 ? tabSize : 4,
    insertSpaces: insertSpaces !== false,
    eol: doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
}

export function lintOptions(settings: Settings, formatting: FormattingOptions): LintOptions {
  return {
    rules: settings.rules,
    partition: settings.partition,
    allowPasswordChangeWithoutMfa: settings.allowPasswordChangeWithoutMfa,
    formatting,
  };
}

/**
 * `forceMfa.exclude`: a glob matches the whole path, or the path inside its workspace folder. The
 * core's matcher is linear: a hostile pattern in a repository's settings cannot stall the host
 * (VS Code's own glob matching compiles patterns to backtracking regular expressions).
 */
export function isExcluded(
  doc: vscode.TextDocument,
  patterns: readonly string[],
  globMatchesPath: (glob: string, path: string) => boolean,
): boolean {
  if (patterns.length === 0) return false;
  const path = doc.uri.path;
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.path.replace(/\/+$/, '');
  const inFolder = folder !== undefined && path.startsWith(`${folder}/`) ? path.slice(folder.length + 1) : undefined;
  return patterns.some((glob) => globMatchesPath(glob, path) || (inFolder !== undefined && globMatchesPath(glob, inFolder)));
}
