// Activation: wires the linter, quick fixes, commands and the status bar. Nothing is linted here:
// the open documents are linted on the next tick, so activation stays cheap.
import * as vscode from 'vscode';
import { loadCatalogue } from './catalogue';
import { ForceMfaCodeActions, runFixAll } from './code-actions';
import { isJsonDocument, Linter } from './diagnostics';
import { exportPolicy, type ExportOutcome } from './export';
import { VerdictStatus, type Verdict } from './status';
import { defaultUi, guard, guardAsync, type Ui } from './ui';

export interface ForceMfaApi {
  activationMs: number;
  /** The verdict of the policy in this open document, if it is one (what the status bar shows for it). */
  verdictFor(uri: vscode.Uri): Verdict | undefined;
  /** The status bar item's current verdict, undefined when it is hidden. */
  statusVerdict(): Verdict | undefined;
  /** Prompts and file operations; tests replace members to answer the prompts. */
  ui: Ui;
}

export function activate(context: vscode.ExtensionContext): ForceMfaApi {
  const started = performance.now();
  const ui = defaultUi();
  const linter = new Linter(ui);
  const status = new VerdictStatus(linter);
  const selector: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

  context.subscriptions.push(
    linter,
    status,
    vscode.workspace.onDidOpenTextDocument((doc) => linter.schedule(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) linter.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => guard('close', () => linter.closed(doc))),
    // A language switch (json <-> plaintext) comes as close + open; a save may change the path match.
    vscode.workspace.onDidSaveTextDocument((doc) => linter.schedule(doc, 0)),
    vscode.workspace.onDidChangeConfiguration((e) =>
      guard('settings', () => {
        if (
          e.affectsConfiguration('forceMfa') ||
          e.affectsConfiguration('json.validate') ||
          e.affectsConfiguration('editor.tabSize') ||
          e.affectsConfiguration('editor.insertSpaces')
        ) {
          linter.relintAll();
          status.update();
        }
      }),
    ),
    vscode.languages.registerCodeActionsProvider(selector, new ForceMfaCodeActions(linter), ForceMfaCodeActions.metadata),
    vscode.commands.registerCommand('forceMfa.fixAll', (uri?: unknown) => guardAsync('Fix all', () => runFixAll(uri, false))),
    vscode.commands.registerCommand('forceMfa.fixAllIncludingSuggestions', (uri?: unknown) =>
      guardAsync('Fix all', () => runFixAll(uri, true)),
    ),
    vscode.commands.registerCommand('forceMfa.exportPolicy', (): Promise<ExportOutcome | undefined> =>
      guardAsync('Export', () => exportPolicy(linter, ui)),
    ),
    vscode.commands.registerCommand('forceMfa.showVerdict', () => guardAsync('Show verdict', () => status.showVerdict())),
  );

  // The open documents are linted once the catalogue is read (a few milliseconds; or once reading
  // it failed); anything linted before that (an edit in the meantime) is linted again then, once.
  let disposed = false;
  context.subscriptions.push({
    dispose: () => {
      disposed = true;
    },
  });
  void loadCatalogue(context.extensionUri).then(() =>
    guard('catalogue', () => {
      if (disposed) return;
      for (const doc of vscode.workspace.textDocuments) if (isJsonDocument(doc)) linter.schedule(doc, 0);
      status.update();
    }),
  );

  return {
    activationMs: performance.now() - started,
    verdictFor: (uri) => guard('verdict', () => status.verdictFor(uri)),
    statusVerdict: () => status.shown,
    ui,
  };
}

export function deactivate(): void {}
