// Policies where they live, in the real editor: CloudFormation templates in YAML and JSON (and a
// `*.template` file in plain text), the YAML snippet, and Markdown. Only the `vscode` API, so that the
// web-worker host runs this suite too (test/integration/web/index.ts): there the core and the YAML
// front-end are loaded by reading and evaluating their files rather than with require().
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DOCUMENT_FORMATS } from '../../../src/core/types';
import { closeAll, diagnosticOf, expandSnippet, open, problems, session, startSession, verdictIs } from '../session';
import { ours, quickFixFor, ruleOf, waitFor } from '../wait';

suiteSetup(startSession);

suite('formats: CloudFormation templates, the YAML snippet and Markdown', () => {
  teardown(closeAll);

  test('a YAML file that is no template gets nothing, and does not load the YAML parser', async () => {
    const workflow = (await open('formats/workflow.yaml')).document;
    // A JSON policy opened after it is linted after it: once its finding is there, the YAML file was looked at.
    const policy = await open('editor/no-deny.json');
    await diagnosticOf(policy.document.uri, 'missing-mfa-deny');
    await closeAll();
    assert.deepStrictEqual(ours(workflow.uri), []);
    assert.strictEqual(session.api.verdictFor(workflow.uri), undefined);
    assert.strictEqual(session.api.yamlLoaded(), false, 'no YAML parser for a file that cannot hold a policy');
  });

  test('a CloudFormation YAML template with a weak deny: the diagnostic, the quick fix (Bool -> BoolIfExists), and the verdict becomes enforced', async () => {
    const editor = await open('formats/bool-deny.yaml');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    assert.strictEqual(editor.document.getText(diag.range), 'Bool', 'the finding is on the Bool key');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    await verdictIs(uri, 'MFA weak');
    assert.ok(session.api.yamlLoaded(), 'the YAML front-end is loaded with the first template');
    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    assert.match(
      editor.document.getText(),
      /^ {14}"?BoolIfExists"?:\n {16}aws:MultiFactorAuthPresent: "false"$/m,
      'written in YAML, in place',
    );
    await verdictIs(uri, 'MFA enforced');
    await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'bool-without-ifexists'), 'the finding to go');
    assert.deepStrictEqual(problems(uri), []);
  });

  test('YAML and Markdown files that name policy words but hold no policy get nothing', async () => {
    const files = ['formats/tolerations.yaml', 'formats/notes.md'];
    const docs = [];
    for (const f of files) docs.push((await open(f)).document);
    // Linted in the order opened: once a template opened after them has its finding, they were looked at.
    const template = await open('formats/no-deny.template');
    await diagnosticOf(template.document.uri, 'missing-mfa-deny');
    for (const doc of docs) {
      assert.deepStrictEqual(ours(doc.uri), [], doc.uri.path);
      assert.strictEqual(session.api.verdictFor(doc.uri), undefined, doc.uri.path);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a fix its writer cannot write in this layout (YAML explicit keys) is not offered: the finding is, with no action that does nothing', async () => {
    const uri = (await open('formats/explicit-keys.yaml')).document.uri;
    const diag = await diagnosticOf(uri, 'missing-mfa-deny');
    await verdictIs(uri, 'MFA missing');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const ofOurs = actions.filter((a) => a.diagnostics?.some((d) => ruleOf(d) === 'missing-mfa-deny'));
    assert.deepStrictEqual(
      ofOurs.map((a) => a.title),
      [],
      'the insert-deny fix has no edit in this layout, so it is not offered',
    );
  });

  test('Fix All in a YAML template applies the safe fixes in YAML, as one edit', async () => {
    const editor = await open('formats/bool-deny.yaml');
    const uri = editor.document.uri;
    await verdictIs(uri, 'MFA weak');
    const lines = editor.document.lineCount;
    assert.ok(await vscode.commands.executeCommand('forceMfa.fixAll', uri));
    assert.match(editor.document.getText(), /^ +"?BoolIfExists"?:$/m);
    assert.strictEqual(editor.document.lineCount, lines, 'the template keeps its shape');
    await verdictIs(uri, 'MFA enforced');
    await vscode.commands.executeCommand('undo');
    await verdictIs(uri, 'MFA weak');
  });

  test('a CloudFormation JSON template: its intrinsic functions are no errors, and its weak deny is found and fixed', async () => {
    const editor = await open('formats/bool-deny-template.json');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    await verdictIs(uri, 'MFA weak');
    assert.deepStrictEqual(problems(uri), ['bool-without-ifexists/1'], 'no iam-schema error for Ref, Fn::Sub or Fn::Join');
    assert.ok(await vscode.workspace.applyEdit((await quickFixFor(uri, diag)).edit!));
    await verdictIs(uri, 'MFA enforced');
    assert.deepStrictEqual(problems(uri), []);
  });

  test('a *.template file in plain text is read as the CloudFormation YAML it holds', async () => {
    const editor = await open('formats/no-deny.template');
    assert.notStrictEqual(editor.document.languageId, 'json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    await verdictIs(uri, 'MFA missing');
  });

  test('typing force-mfa in a new YAML document and accepting the completion gives a template whose policy is enforced', async () => {
    const doc = await expandSnippet('yaml');
    const text = doc.getText();
    assert.match(text, /^AWSTemplateFormatVersion: "2010-09-09"$/m);
    assert.match(text, /Type: AWS::IAM::ManagedPolicy/);
    assert.match(text, /^ +- !Ref ForceMfaGroup$/m, 'the policy is attached to the group');
    assert.match(text, /!Sub "arn:\$\{AWS::Partition\}:iam::\*:user\/\$\{!aws:username\}"/, 'ARNs in the stack partition');
    await verdictIs(doc.uri, 'MFA enforced');
    assert.deepStrictEqual(
      problems(doc.uri).filter((p) => !p.endsWith(`/${vscode.DiagnosticSeverity.Information}`)),
      [],
      'nothing at warning or error',
    );
  });

  test('a Markdown file with a fenced JSON policy gets its diagnostic', async function () {
    // The Markdown front-end is the core's (format "markdown"); until the core reads Markdown, the editor leaves it alone.
    if (!(DOCUMENT_FORMATS as readonly string[]).includes('markdown')) this.skip();
    const editor = await open('formats/policy.md');
    assert.strictEqual(editor.document.languageId, 'markdown');
    const diag = await diagnosticOf(editor.document.uri, 'missing-mfa-deny');
    assert.match(editor.document.getText(diag.range), /\S/);
    await verdictIs(editor.document.uri, 'MFA missing');
  });
});
