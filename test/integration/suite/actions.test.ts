// Completion and hover for IAM actions, and the unknown-action finding, in a real editor: the catalogue
// of every AWS action (dist/iam-actions.json) is read with workspace.fs on the first lint, completion or
// hover. Only `vscode` API, so the same file runs in the web-worker extension host (test/integration/web).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ours, ruleOf, waitFor } from '../wait';

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/** A new untitled JSON document holding `text`, shown in an editor. */
async function untitled(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
  return vscode.window.showTextDocument(doc);
}

suite('editor: IAM actions', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  test('typing "s3:Get offers s3:GetObject with its access level', async () => {
    const before = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        ';
    const after = '\n      ],\n      "Resource": "*"\n    }\n  ]\n}\n';
    const editor = await untitled(before + after);
    const start = editor.document.positionAt(before.length);
    // Typed as a user types it: the opening quote, then the name (the closing quote comes with the typing or not at all).
    await editor.edit((b) => b.insert(start, '"s3:Get'));
    const cursor = start.translate(0, '"s3:Get'.length);
    const item = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        editor.document.uri,
        cursor,
      );
      return list.items.find((i) => labelOf(i) === 's3:GetObject');
    }, 's3:GetObject in the completion list');
    assert.strictEqual(item.detail, 'Read');
  });

  test('Terraform: s3:GetObject offered in the actions of an aws_iam_policy_document', async () => {
    const text =
      'data "aws_iam_policy_document" "d" {\n  statement {\n    effect    = "Allow"\n    actions   = ["s3:Get"]\n    resources = ["*"]\n  }\n}\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'terraform', content: text });
    await vscode.window.showTextDocument(doc);
    const cursor = doc.positionAt(text.indexOf('s3:Get') + 's3:Get'.length);
    await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, cursor);
      return list.items.some((i) => labelOf(i) === 's3:GetObject');
    }, 's3:GetObject in the completion list of a Terraform document');
  });

  test('hovering an action shows its access level, resource types and the service page', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*"}]}';
    const editor = await untitled(text);
    const at = editor.document.positionAt(text.indexOf('PutItem') + 2);
    const markdown = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
      const all = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
      return all.find((v) => v.includes('**dynamodb:PutItem**'));
    }, 'the hover of dynamodb:PutItem');
    assert.ok(markdown.includes('Access level: Write'), markdown);
    assert.ok(markdown.includes('list_amazondynamodb.html'), markdown);
  });

  test('a misspelled action is an unknown-action warning whose suggestion corrects it', async () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dyanmodb:PutItem","Resource":"*"}]}';
    const editor = await untitled(text);
    const uri = editor.document.uri;
    const diag = await waitFor(() => ours(uri).find((d) => ruleOf(d) === 'unknown-action'), 'the unknown-action diagnostic');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    const action = await waitFor(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
      return actions.find((a) => a.title === 'Change to "dynamodb:PutItem" (suggestion)');
    }, 'the suggestion');
    assert.ok(await vscode.workspace.applyEdit(action.edit!));
    assert.ok(editor.document.getText().includes('"Action":"dynamodb:PutItem"'));
    await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'unknown-action'), 'the finding gone');
  });
});
