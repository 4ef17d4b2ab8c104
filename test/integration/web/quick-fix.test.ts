// In the web-worker extension host (vscode.dev's): the browser bundle publishes diagnostics and
// its quick fix applies. Runs there through test/integration/web/index.ts; `vscode` API only.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ours, quickFixFor, ruleOf, waitFor } from '../wait';

suite('web: diagnostics and quick fix', () => {
  test('the missing-mfa-deny quick fix inserts the deny and the warning goes away', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the fixture workspace is open');
    const uri = vscode.Uri.joinPath(folder, 'no-mfa-deny.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor(() => ours(uri).find((d) => ruleOf(d) === 'missing-mfa-deny'), 'the missing-mfa-deny warning');

    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    assert.match(doc.getText(), /"aws:MultiFactorAuthPresent"/);
    assert.match(doc.getText(), /"AllowReadOnlyEverywhere"/, 'the existing statement is kept');
    await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'missing-mfa-deny'), 'the warning to go away after the fix');
  });
});
