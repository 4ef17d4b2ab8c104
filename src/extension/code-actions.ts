// Quick fixes (one CodeAction per core Fix, tied to its diagnostic) and the fix-all source actions.
// Every action is ONE WorkspaceEdit, so one undo restores the exact text.
import * as vscode from 'vscode';
import type { Edit } from '../core';
import { configActions } from './config';
import { rangeOf, SOURCE, type Linted, type Linter } from './diagnostics';
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

/** One edit spanning only what changed between the two texts (keeps cursor and markers elsewhere). */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair or a CRLF at either edge.
  const splits = (i: number) =>
    i > 0 &&
    i < before.length &&
    ((/[\uDC00-\uDFFF]/.test(before[i]!) && /[\uD800-\uDBFF]/.test(before[i - 1]!)) || (before[i] === '\n' && before[i - 1] === '\r'));
  while (splits(start)) start--;
  while (end > 0 && splits(before.length - end)) end--;
  return { offset: start, length: before.length - end - start, content: after.slice(start, after.length - end) };
}

/** The core's fix engine over the document, as one minimal edit, with the options it was just linted with. */
export function fixAllEdit(doc: vscode.TextDocument, linted: Linted, includeSuggestions: boolean): vscode.WorkspaceEdit | undefined {
  const text = doc.getText();
  const fixOptions = { includeSuggestions, ...(linted.accepted ? { accepted: linted.accepted } : {}) };
  const edit = minimalEdit(text, linted.core.fixAll(text, linted.options, fixOptions).text);
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
        const match = linted.published.find(
          (p) => p.vscode === diag || (sameRange(p.vscode.range, diag.range) && p.vscode.message === diag.message),
        );
        if (!match) continue;
        for (const fix of match.core.fixes) {
          // A fix its writer cannot write here (a YAML layout it does not read, a string it cannot
          // escape into) has no edits: offering it would be an action that does nothing.
          const edits = linted.core.editsOf(fix);
          if (!edits.length) continue;
          const action = new vscode.CodeAction(
            fix.kind === 'suggestion' ? `${fix.title} (suggestion)` : fix.title,
            vscode.CodeActionKind.QuickFix,
          );
          action.diagnostics = [diag];
          action.isPreferred = fix.isPreferred === true;
          action.edit = workspaceEdit(doc, edits);
          actions.push(action);
        }
        const docs = linted.core.ruleMetas.find((m) => m.name === match.core.rule)?.docs;
        actions.push(...configActions(doc, diag, match.core, docs));
      }
    }
    // Source actions only when asked for (the Source Action menu, codeActionsOnSave): fix-all lints several times.
    const hasFixes = linted.result.diagnostics.some((d) => d.fixes.length > 0);
    for (const includeSuggestions of [false, true]) {
      const kind = includeSuggestions ? FIX_ALL_SUGGESTIONS_KIND : FIX_ALL_KIND;
      if (!hasFixes || !only || !kind.intersects(only)) continue;
      // The options the document was just linted with: settings are not read again.
      const edit = fixAllEdit(doc, linted, includeSuggestions);
      if (!edit) continue;
      const action = new vscode.CodeAction(
        includeSuggestions ? 'Fix all force-MFA problems, including suggestions' : 'Fix all force-MFA problems',
        kind,
      );
      action.edit = edit;
      actions.push(action);
    }
    return actions;
  }
}

/** `forceMfa.fixAll` / `forceMfa.fixAllIncludingSuggestions`: applies the fixes as one edit. */
export async function runFixAll(linter: Linter, uri: unknown, includeSuggestions: boolean): Promise<boolean> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) return false;
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (!doc) return false;
  // Linted now with the current settings and indentation, unless the published result is current.
  const linted = linter.ensure(doc) ?? linter.run(doc);
  const edit = linted && fixAllEdit(doc, linted, includeSuggestions);
  if (!edit) return false;
  return vscode.workspace.applyEdit(edit);
}
