// What the format suites share (Node and web-worker hosts alike: `vscode` API only): the extension's
// API, fixtures opened from the run's own copy of the workspace, our findings, the verdict, a snippet
// accepted by its prefix.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ForceMfaApi } from '../../src/extension/extension';
import { ours, ruleOf, waitFor } from './wait';

const EXTENSION_ID = 'force-mfa.force-mfa';

/** Set by `startSession` in each suite's suiteSetup. */
export const session = { api: undefined as unknown as ForceMfaApi, folder: undefined as unknown as vscode.Uri };

export async function startSession(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders;
  assert.ok(folders && folders.length > 0, 'the fixture workspace is open');
  session.folder = folders[0]!.uri;
  const ext = vscode.extensions.getExtension<ForceMfaApi>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  session.api = await ext.activate();
}

/** A workspace fixture (the run's own copy), opened in an editor. Edits are reverted when the test closes it. */
export async function open(fixture: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(session.folder, ...fixture.split('/')));
  return vscode.window.showTextDocument(doc);
}

export const closeAll = () => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

/** Our findings above hint level: what the Problems panel lists. */
export const problems = (uri: vscode.Uri) =>
  ours(uri)
    .filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint)
    .map((d) => `${ruleOf(d)}/${d.severity}`);

export const diagnosticOf = (uri: vscode.Uri, rule: string) =>
  waitFor(() => ours(uri).find((d) => ruleOf(d) === rule), `a ${rule} diagnostic (have: ${ours(uri).map(ruleOf).join(', ')})`);

/** The verdict of the document, and the same on the status bar while it is the active editor. */
export const verdictIs = (uri: vscode.Uri, text: string) =>
  waitFor(
    () => session.api.verdictFor(uri)?.text === text && session.api.statusVerdict()?.text === text,
    `verdict "${text}" (now ${session.api.verdictFor(uri)?.text}, status bar ${session.api.statusVerdict()?.text})`,
  );

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** A new untitled document of `language` in which `force-mfa` is typed and its snippet completion accepted. */
export async function expandSnippet(language: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language, content: '' });
  const editor = await vscode.window.showTextDocument(doc);
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'force-mfa'));
  const end = new vscode.Position(0, 'force-mfa'.length);
  const item = await waitFor(async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, end);
    return list.items.find((i) => labelOf(i) === 'force-mfa' && i.insertText instanceof vscode.SnippetString);
  }, `the force-mfa completion in ${language}`);
  assert.ok(await editor.insertSnippet(item.insertText as vscode.SnippetString, new vscode.Range(new vscode.Position(0, 0), end)));
  await vscode.commands.executeCommand('leaveSnippet');
  return doc;
}
