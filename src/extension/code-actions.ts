// Quick fixes (one CodeAction per core Fix, tied to its diagnostic) and the fix-all source actions.
// Every action is ONE WorkspaceEdit, so one undo restores the exact text.
import * as vscode from 'vscode';
import { applyEdits, lint, type Edit, type Fix, type LintOptions } from '../core';
import { parse } from '../core/document/parse';
import { rangeOf, SOURCE, type Linter } from './diagnostics';
import { formattingFor, lintOptions, readSettings } from './settings';
import { guard } from './ui';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('forceMfa');
/** Not under source.fixAll: `editor.codeActionsOnSave` must never apply suggestions. */
export const FIX_ALL_SUGGESTIONS_KIND = vscode.CodeActionKind.Source.append('forceMfa').append('includingSuggestions');

const sameRange = (a: vscode.Range, b: vscode.Range) => a.isEqual(b);

function workspaceEdit(doc: vscode.TextDocument, edits: readonly Edit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, rangeOf(doc, e.offset, e.length), e.content);
  return edit;
}

/**
 * How many statements (objects with an `Effect`) the text holds: a fix-all round never lowers it.
 * Read with the core's own tolerant parser (jsonc-parser's `visit` would add 16 KB to the bundle).
 */
export function statementCount(text: string): number {
  let count = 0;
  const root = parse(text).root;
  const nodes = root ? [root] : [];
  while (nodes.length) {
    const node = nodes.pop()!;
    if (node.items) nodes.push(...node.items);
    else if (node.props) {
      for (const p of node.props) {
        if (p.key === 'Effect') count++;
        if (p.value) nodes.push(p.value);
      }
    }
  }
  return count;
}

/**
 * Applies fixes over and over (each round re-lints) until none is left: the text with every
 * safe fix (and, on request, every suggestion). A round that would add syntax errors, drop a
 * statement, or come back to an earlier text is refused.
 */
export function fixAllText(text: string, options: LintOptions, includeSuggestions: boolean): string {
  let current = text;
  let result = lint(current, options);
  const statements = statementCount(text);
  const seen = new Set([text]);
  for (let round = 0; round < 25; round++) {
    const chosen: Edit[] = [];
    const taken: Array<[number, number]> = [];
    for (const d of result.diagnostics) {
      const fix = pickFix(d.fixes, includeSuggestions);
      if (!fix || fix.edits.length === 0) continue;
      const spans = fix.edits.map((e): [number, number] => [e.offset, e.offset + e.length]);
      // Touching spans count as overlapping too: the next round picks up whatever was skipped.
      const overlaps = spans.some(([s, e]) => taken.some(([ts, te]) => s <= te && ts <= e));
      if (overlaps) continue;
      taken.push(...spans);
      chosen.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    let next: string;
    try {
      next = applyEdits(current, chosen);
    } catch {
      break;
    }
    const nextResult = lint(next, options);
    const syntax = (r: typeof result) => r.diagnostics.filter((d) => d.rule === 'json-syntax').length;
    if (seen.has(next) || syntax(nextResult) > syntax(result) || statementCount(next) < statements) break;
    seen.add(next);
    current = next;
    result = nextResult;
  }
  return current;
}

function pickFix(fixes: readonly Fix[], includeSuggestions: boolean): Fix | undefined {
  const allowed = fixes.filter((f) => f.kind === 'safe' || includeSuggestions);
  return allowed.find((f) => f.isPreferred) ?? allowed[0];
}

/** One edit spanning only what changed between the two texts (keeps cursor and markers elsewhere). */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair or a CRLF at either edge.
  const splits = (i: number) => i > 0 && i < before.length
    && ((/[\uDC00-\uDFFF]/.test(before[i]!) && /[\uD800-\uDBFF]/.test(before[i - 1]!)) || (before[i] === '\n' && before[i - 1] === '\r'));
  while (splits(start)) start--;
  while (end > 0 && splits(before.length - end)) end--;
  return { offset: start, length: before.length - end - start, content: after.slice(start, after.length - end) };
}

export function fixAllEdit(doc: vscode.TextDocument, includeSuggestions: boolean): vscode.WorkspaceEdit | undefined {
  const text = doc.getText();
  const options = lintOptions(readSettings(doc.uri), formattingFor(doc));
  const edit = minimalEdit(text, fixAllText(text, options, includeSuggestions));
  return edit ? workspaceEdit(doc, [edit]) : undefined;
}

export class ForceMfaCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND, FIX_ALL_SUGGESTIONS_KIND],
  };

  constructor(private readonly linter: Linter) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return guard('code actions', () => this.actions(doc, context)) ?? [];
  }

  private actions(doc: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const linted = this.linter.ensure(doc);
    if (!linted) return [];
    const only = context.only;
    const actions: vscode.CodeAction[] = [];
    if (!only || only.intersects(vscode.CodeActionKind.QuickFix)) {
      for (const diag of context.diagnostics) {
        if (diag.source !== SOURCE) continue;
        const match = linted.published.find((p) => p.vscode === diag
          || (sameRange(p.vscode.range, diag.range) && p.vscode.message === diag.message));
        if (!match) continue;
        for (const fix of match.core.fixes) {
          const action = new vscode.CodeAction(fix.kind === 'suggestion' ? `${fix.title} (suggestion)` : fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [diag];
          action.isPreferred = fix.isPreferred === true;
          action.edit = workspaceEdit(doc, fix.edits);
          actions.push(action);
        }
      }
    }
    // Source actions only when asked for (the Source Action menu, codeActionsOnSave): fix-all lints several times.
    const hasFixes = linted.result.diagnostics.some((d) => d.fixes.length > 0);
    for (const includeSuggestions of [false, true]) {
      const kind = includeSuggestions ? FIX_ALL_SUGGESTIONS_KIND : FIX_ALL_KIND;
      if (!hasFixes || !only || !kind.intersects(only)) continue;
      const edit = fixAllEdit(doc, includeSuggestions);
      if (!edit) continue;
      const action = new vscode.CodeAction(
        includeSuggestions ? 'Fix all force-MFA problems, including suggestions' : 'Fix all force-MFA problems', kind);
      action.edit = edit;
      actions.push(action);
    }
    return actions;
  }
}

/** `forceMfa.fixAll` / `forceMfa.fixAllIncludingSuggestions`: applies the fixes as one edit. */
export async function runFixAll(uri: unknown, includeSuggestions: boolean): Promise<boolean> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) return false;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (!doc) return false;
  const edit = fixAllEdit(doc, includeSuggestions);
  if (!edit) return false;
  return vscode.workspace.applyEdit(edit);
}
