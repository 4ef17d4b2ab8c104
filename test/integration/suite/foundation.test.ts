// The ground the other suites stand on: the extension activates on a JSON document inside a real
// VS Code, publishes the core's diagnostics, and contributes its snippets. Only `vscode` API, so
// the same file also runs in the web-worker extension host (test/integration/web).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ours, ruleOf, waitFor } from '../wait';

const EXTENSION_ID = 'force-mfa.force-mfa';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

suite('foundation', () => {
  let folder: vscode.Uri;

  suiteSetup(() => {
    const folders = vscode.workspace.workspaceFolders;
    assert.ok(folders && folders.length > 0, 'the fixture workspace is open');
    folder = folders[0].uri;
  });

  test('the extension activates on a JSON document', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'no-mfa-deny.json'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'json');
    const ext = vscode.extensions.getExtension<{ activationMs: number }>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed in the extension host`);
    await waitFor(() => ext.isActive, 'activation on a JSON document');
    assert.strictEqual(typeof ext.exports.activationMs, 'number', 'activate() returns { activationMs }');
  });

  test('a policy without an MFA deny gets the missing-mfa-deny warning', async () => {
    const uri = vscode.Uri.joinPath(folder, 'no-mfa-deny.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitFor(() => ours(uri).length > 0 && ours(uri), 'a force-mfa diagnostic');
    const missing = diags.find((d) => ruleOf(d) === 'missing-mfa-deny');
    assert.ok(missing, `missing-mfa-deny reported; got ${diags.map(ruleOf).join(', ')}`);
    assert.strictEqual(missing.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('the force-mfa snippet is offered for its prefix', async () => {
    const uri = vscode.Uri.joinPath(folder, 'empty.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const item = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(0, 0),
        undefined,
      );
      return list.items.find((i) => labelOf(i) === 'force-mfa');
    }, 'a "force-mfa" completion item');
    assert.strictEqual(item.kind, vscode.CompletionItemKind.Snippet);
    const body = item.insertText instanceof vscode.SnippetString ? item.insertText.value : String(item.insertText);
    assert.match(body, /aws:MultiFactorAuthPresent/);
    assert.match(body, /DenyAllExceptListedIfNoMFA/);
  });

  // Proves that a failing test fails the run: FAIL_ON_PURPOSE=1 makes the runner put this marker
  // into its copy of the workspace (a file, so that the web-worker host sees it as well).
  test('failure canary (fails only when FAIL_ON_PURPOSE is in the workspace)', async () => {
    const marker = await Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'FAIL_ON_PURPOSE'))).then(
      () => true,
      () => false,
    );
    assert.strictEqual(marker ? 'failing on purpose (FAIL_ON_PURPOSE)' : 'ok', 'ok');
  });
});
