// Minimal host: publishes the core's diagnostics. The full editor layer replaces this.
import * as vscode from 'vscode';
import { lint } from '../core';

export function activate(context: vscode.ExtensionContext) {
  const started = Date.now();
  const collection = vscode.languages.createDiagnosticCollection('force-mfa');
  const refresh = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return;
    const result = lint(doc.getText());
    collection.set(
      doc.uri,
      result.diagnostics.map((d) => {
        const range = new vscode.Range(doc.positionAt(d.offset), doc.positionAt(d.offset + d.length));
        const diag = new vscode.Diagnostic(range, d.message, vscode.DiagnosticSeverity.Warning);
        diag.source = 'force-mfa';
        diag.code = d.rule;
        return diag;
      }),
    );
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
  );
  vscode.workspace.textDocuments.forEach(refresh);
  return { activationMs: Date.now() - started };
}

export function deactivate() {}
