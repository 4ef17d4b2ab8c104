// Terraform in the real editor: `.tf` files are the `terraform` language (this extension contributes it;
// HashiCorp's extension contributes the same id), read by the HCL front-end that loads with the first
// Terraform file that may hold a policy. Only the `vscode` API, so that the web-worker host runs this
// suite too (test/integration/web/index.ts): there the front-end's WebAssembly files are read with
// workspace.fs and handed to web-tree-sitter.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LANGUAGES } from '../../../src/extension/diagnostics';
import { closeAll, diagnosticOf, expandSnippet, open, problems, session, startSession, verdictIs } from '../session';
import { ours, quickFixFor, ruleOf, waitFor } from '../wait';

suiteSetup(startSession);

suite('formats: Terraform', () => {
  teardown(closeAll);

  test('the manifest contributes the terraform language for .tf, and activates on every language linted', () => {
    const manifest = vscode.extensions.getExtension('force-mfa.force-mfa')!.packageJSON;
    assert.deepStrictEqual(manifest.contributes.languages, [
      { id: 'terraform', aliases: ['Terraform', 'terraform'], extensions: ['.tf'] },
      // .force-mfa.json is JSON with comments (the configuration file).
      { id: 'jsonc', filenames: ['.force-mfa.json'] },
    ]);
    for (const language of LANGUAGES) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    for (const command of manifest.contributes.menus.commandPalette as Array<{ command: string; when: string }>) {
      const clauses = command.when.split(' || ');
      for (const language of LANGUAGES) assert.ok(clauses.includes(`editorLangId == ${language}`), `${command.command}: ${language}`);
      for (const ext of ['.tf', '.tfvars']) assert.ok(clauses.includes(`resourceExtname == ${ext}`), `${command.command}: ${ext}`);
    }
  });

  test('a .tf file without a policy gets nothing and does not load the Terraform reader', async () => {
    // The export suite (Node host) opens a Terraform export before this suite: then the reader is loaded already.
    const loadedBefore = session.api.hclLoaded();
    const variables = (await open('terraform/variables.tf')).document;
    assert.strictEqual(variables.languageId, 'terraform', "a .tf file is the terraform language, HashiCorp's extension or not");
    // A JSON policy opened after it is linted after it: once its finding is there, the .tf file was looked at.
    const policy = await open('editor/no-deny.json');
    await diagnosticOf(policy.document.uri, 'missing-mfa-deny');
    await closeAll();
    assert.deepStrictEqual(ours(variables.uri), []);
    assert.strictEqual(session.api.verdictFor(variables.uri), undefined);
    if (!loadedBefore) assert.strictEqual(session.api.hclLoaded(), false, 'no HCL parser for a file that cannot hold a policy');
  });

  test('an aws_iam_policy_document whose deny tests Bool: the diagnostic on "Bool", the verdict MFA weak, and the quick fix makes it enforced', async () => {
    const editor = await open('terraform/weak-document.tf');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    assert.strictEqual(editor.document.getText(diag.range), '"Bool"', 'the finding is on the test attribute');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    await verdictIs(uri, 'MFA weak');
    assert.ok(session.api.hclLoaded(), 'the Terraform reader is loaded with the first Terraform policy');
    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    assert.match(editor.document.getText(), /^ {6}test {5}= "BoolIfExists"$/m, 'written in HCL, in place');
    await verdictIs(uri, 'MFA enforced');
    assert.deepStrictEqual(problems(uri), []);
  });

  test("a .tfvars file is read too, in whatever language it is open (no terraform-vars language without HashiCorp's extension)", async () => {
    const editor = await open('terraform/policy.auto.tfvars');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    assert.strictEqual(editor.document.getText(diag.range), '"Bool"');
    await verdictIs(uri, 'MFA weak');
  });

  test('a heredoc JSON policy in a .tf file: the quick fix (Bool -> BoolIfExists) is written in place, and the verdict becomes enforced', async () => {
    const editor = await open('terraform/weak-heredoc.tf');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    await verdictIs(uri, 'MFA weak');
    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    assert.match(
      editor.document.getText(),
      /^ {8}"BoolIfExists": \{\n {10}"aws:MultiFactorAuthPresent": "false"$/m,
      'in the heredoc, in place',
    );
    assert.match(editor.document.getText(), /^EOF\n\}\n$/m, 'the heredoc and the resource still close');
    await verdictIs(uri, 'MFA enforced');
    await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'bool-without-ifexists'), 'the finding to go');
    assert.deepStrictEqual(problems(uri), []);
  });

  test('typing force-mfa in a new Terraform document and accepting the completion gives a policy that is enforced', async () => {
    const doc = await expandSnippet('terraform');
    const text = doc.getText();
    assert.match(text, /^data "aws_iam_policy_document" "force_mfa" \{$/m);
    assert.match(text, /^resource "aws_iam_group_policy_attachment" /m, 'the policy is attached to a group');
    await verdictIs(doc.uri, 'MFA enforced');
    assert.deepStrictEqual(
      problems(doc.uri).filter((p) => !p.endsWith(`/${vscode.DiagnosticSeverity.Information}`)),
      [],
      'nothing at warning or error',
    );
  });
});
