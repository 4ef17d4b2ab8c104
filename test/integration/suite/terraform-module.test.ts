// A Terraform document in the real editor is judged with its module: the other .tf files of its folder, read
// with workspace.fs (Node and web-worker hosts alike), an open one's unsaved text first; typing in a sibling
// lints the document again.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAll, open, session, startSession } from '../session';
import { ours, ruleOf, waitFor } from '../wait';

suiteSetup(startSession);

suite('formats: Terraform modules', () => {
  teardown(async () => {
    await closeAll();
    await closeAll();
  });

  test("a module's default in variables.tf decides the deny, and an unsaved edit there lints the document again", async () => {
    const main = (await open('terraform-module/main.tf')).document;
    const verdict = () => session.api.verdictFor(main.uri)?.text;
    // With enforce_mfa = true (variables.tf), the deny is emitted: enforced.
    await waitFor(() => verdict() === 'MFA enforced', `verdict "MFA enforced" (now ${verdict()})`);
    const variables = await open('terraform-module/variables.tf');
    const at = variables.document.getText().indexOf('true');
    assert.ok(at > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      variables.document.uri,
      new vscode.Range(variables.document.positionAt(at), variables.document.positionAt(at + 4)),
      'false',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    // With enforce_mfa = false, typed and not saved: no deny is emitted, and the finding names the file.
    // While the changed module is read again, the document is linted alone for a moment (the deny then
    // depends on an unknown variable): wait for the result with the module.
    const missing = () => ours(main.uri).find((d) => ruleOf(d) === 'missing-mfa-deny')?.message ?? '';
    await waitFor(
      () => verdict() === 'MFA missing' && /enforce_mfa = false in variables\.tf/.test(missing()),
      `verdict "MFA missing" naming variables.tf (now ${verdict()}: ${missing()})`,
    );
  });
});
