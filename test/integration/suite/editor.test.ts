// The editor layer driven the way a user drives it, inside a real VS Code: snippets, live
// diagnostics and settings, quick fixes and undo, fix-all, the status bar verdict, export with its
// prompts answered by the test, large files, fast typing, and the untrusted-workspace promises.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import { lint, ruleMetas } from '../../../src/core';
import type { ForceMfaApi } from '../../../src/extension/extension';
import type { Ui } from '../../../src/extension/ui';
import { matchesSchemaFileName } from '../../../src/extension/schema-files';
import { ours, ruleOf, waitFor } from '../wait';

const EXTENSION_ID = 'force-mfa.force-mfa';
const MFA_RULES = new Set([
  'missing-mfa-deny',
  'bool-without-ifexists',
  'null-only-mfa-check',
  'for-any-value-mfa-check',
  'narrowed-mfa-condition',
  'weakening-exemption',
  'narrowed-deny-scope',
  'missing-enrolment-exemption',
  'mfa-lockout',
]);

/** Our findings above hint level: what the Problems panel lists. */
const problems = (uri: vscode.Uri) =>
  ours(uri)
    .filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint)
    .map((d) => `${ruleOf(d)}/${d.severity}`);
const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
const rulesOf = (uri: vscode.Uri) => ours(uri).map(ruleOf).sort();

let api: ForceMfaApi;
let folder: vscode.Uri;
let counter = 0;

/** A fresh copy of a workspace fixture (or new content) under a unique name, opened in an editor. */
async function open(fixtureOrContent: string, name?: string, content?: string): Promise<vscode.TextEditor> {
  const target = vscode.Uri.joinPath(folder, 'out', `${++counter}-${name ?? fixtureOrContent.split('/').pop()}`);
  const bytes =
    content !== undefined
      ? new TextEncoder().encode(content)
      : await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, fixtureOrContent));
  await vscode.workspace.fs.writeFile(target, bytes);
  const doc = await vscode.workspace.openTextDocument(target);
  return vscode.window.showTextDocument(doc);
}

async function diagnosticOf(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  return waitFor(() => ours(uri).find((d) => ruleOf(d) === rule), `a ${rule} diagnostic (have: ${rulesOf(uri).join(', ')})`);
}

/**
 * Asks VS Code for the quick fixes at a diagnostic, polling until ours appear, and returns the
 * preferred one. (The command does not carry `CodeAction.diagnostics` back to the caller.)
 */
async function quickFixFor(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<vscode.CodeAction> {
  return waitFor(
    async () => {
      const actions = (
        await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          diag.range,
          vscode.CodeActionKind.QuickFix.value,
        )
      ).filter((a) => a.edit && a.edit.get(uri).length > 0);
      return actions.find((a) => a.isPreferred) ?? actions[0];
    },
    `a quick fix for ${ruleOf(diag)}`,
  );
}

const verdictIs = (uri: vscode.Uri, text: string) =>
  waitFor(() => api.verdictFor(uri)?.text === text && api.verdictFor(uri), `verdict "${text}" (now ${api.verdictFor(uri)?.text})`);

/** The statements of the document, parsed. */
const statements = (doc: vscode.TextDocument) => (JSON.parse(doc.getText()) as { Statement: unknown[] }).Statement;

function setting<T>(key: string, value: T | undefined) {
  return vscode.workspace.getConfiguration('forceMfa').update(key, value, vscode.ConfigurationTarget.Workspace);
}

suiteSetup(async () => {
  const folders = vscode.workspace.workspaceFolders;
  assert.ok(folders && folders.length > 0, 'the fixture workspace is open');
  folder = folders[0]!.uri;
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, 'out'));
  const ext = vscode.extensions.getExtension<ForceMfaApi>(EXTENSION_ID);
  assert.ok(ext, 'the extension is installed');
  api = await ext.activate();
});

suite('editor: snippets', () => {
  test('typing force-mfa in an empty .json file and accepting the completion gives an enforced policy', async () => {
    const editor = await open('', 'snippet.json', '');
    const uri = editor.document.uri;
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'force-mfa'));
    const end = new vscode.Position(0, 'force-mfa'.length);
    const item = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, end);
      return list.items.find((i) => labelOf(i) === 'force-mfa');
    }, 'the force-mfa completion');
    assert.ok(item.insertText instanceof vscode.SnippetString);
    // Accepting the completion: the snippet replaces the typed prefix.
    assert.ok(await editor.insertSnippet(item.insertText, new vscode.Range(new vscode.Position(0, 0), end)));
    await vscode.commands.executeCommand('leaveSnippet');
    const text = editor.document.getText();
    assert.match(text, /"arn:aws:iam::\*:mfa\/\*"/, 'the partition choice defaults to aws');
    assert.match(text, /\$\{aws:username\}/, 'IAM policy variables are kept literally');
    await verdictIs(uri, 'MFA enforced');
    assert.deepEqual(
      ours(uri)
        .map(ruleOf)
        .filter((r) => MFA_RULES.has(r)),
      [],
    );
    // A clean first impression: nothing at error, warning or info (nothing in the Problems panel);
    // the user-path advice stays as hints.
    await waitFor(() => ours(uri).some((d) => ruleOf(d) === 'user-path-not-matched'), 'the user-path hints');
    assert.deepStrictEqual(problems(uri), []);
    assert.ok(ours(uri).every((d) => d.severity === vscode.DiagnosticSeverity.Hint));
  });

  test("AWS's reference policy (examples/) shows no finding at error, warning or info; the user-path hint keeps its quick fix", async () => {
    const examples = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'examples/aws-reference-policy.json');
    const editor = await open('', 'aws-reference-policy.json', new TextDecoder().decode(await vscode.workspace.fs.readFile(examples)));
    const uri = editor.document.uri;
    await verdictIs(uri, 'MFA enforced');
    const hint = await diagnosticOf(uri, 'user-path-not-matched');
    assert.strictEqual(hint.severity, vscode.DiagnosticSeverity.Hint);
    assert.deepStrictEqual(problems(uri), []);
    assert.deepStrictEqual([...new Set(ours(uri).map(ruleOf))], ['user-path-not-matched']);
    const fix = await quickFixFor(uri, hint);
    assert.match(fix.title, /user\/\*\/\$\{aws:username\}/);
    // A user who wants the advice listed raises it.
    try {
      await setting('rules', { 'user-path-not-matched': 'info' });
      await waitFor(
        () => ours(uri).length > 0 && ours(uri).every((d) => d.severity === vscode.DiagnosticSeverity.Information),
        'the hints raised to info',
      );
    } finally {
      await setting('rules', undefined);
    }
  });

  test('every snippet is offered in json and jsonc', async () => {
    for (const language of ['json', 'jsonc']) {
      const doc = await vscode.workspace.openTextDocument({ language, content: '' });
      const list = await waitFor(async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(0, 0),
        );
        return l.items.some((i) => labelOf(i) === 'force-mfa-scp') && l;
      }, `snippets in ${language}`);
      const labels = list.items.map(labelOf);
      for (const prefix of ['force-mfa', 'force-mfa-deny', 'mfa-trust-policy', 'force-mfa-scp'])
        assert.ok(labels.includes(prefix), `${prefix} in ${language}`);
    }
  });
});

suite('editor: diagnostics and quick fixes', () => {
  test('a policy without the deny: a warning with source, docs link, and a quick fix that makes it enforced, keeping every statement', async () => {
    const editor = await open('editor/no-deny.json');
    const uri = editor.document.uri;
    const before = editor.document.getText();
    const originalStatements = statements(editor.document);
    const diag = await diagnosticOf(uri, 'missing-mfa-deny');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(diag.source, 'force-mfa');
    assert.ok(
      typeof diag.code === 'object' && diag.code.target.toString().endsWith('/docs/rules/missing-mfa-deny.md'),
      'code links the rule page',
    );
    await verdictIs(uri, 'MFA missing');
    assert.strictEqual(api.statusVerdict()?.text, 'MFA missing', 'the status bar shows the active policy');
    assert.ok(api.statusVerdict()?.reason, 'the tooltip says why');

    const fix = await quickFixFor(uri, diag);
    assert.strictEqual(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await verdictIs(uri, 'MFA enforced');
    const after = statements(editor.document);
    assert.deepEqual(after.slice(0, originalStatements.length), originalStatements, "the user's statements are kept, in order");
    assert.ok(!ours(uri).some((d) => ruleOf(d) === 'missing-mfa-deny'));
    await waitFor(() => api.statusVerdict()?.text === 'MFA enforced', 'the status bar to follow');

    // One undo restores the exact text.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before);
  });

  test('Bool "false" becomes BoolIfExists through the quick fix', async () => {
    const editor = await open('editor/bool-deny.json');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'bool-without-ifexists');
    await verdictIs(uri, 'MFA weak');
    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await verdictIs(uri, 'MFA enforced');
    assert.match(editor.document.getText(), /"BoolIfExists"/);
    assert.strictEqual(statements(editor.document).length, 9);
  });

  test('a weakening exemption is removed by the quick fix', async () => {
    const editor = await open('editor/weak-exemption.json');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'weakening-exemption');
    const related = diag.relatedInformation ?? [];
    assert.ok(
      related.every((r) => r.location.uri.toString() === uri.toString()),
      'related information points into the policy',
    );
    const fix = await quickFixFor(uri, diag);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    await verdictIs(uri, 'MFA enforced');
    assert.doesNotMatch(editor.document.getText(), /iam:DeactivateMFADevice"\s*\]/);
    assert.strictEqual(statements(editor.document).length, 9);
  });

  test("the quick fix follows the editor's tabSize and insertSpaces for the levels it adds", async () => {
    const editor = await open('editor/no-deny.json', 'indent.json');
    const uri = editor.document.uri;
    const diag = await diagnosticOf(uri, 'missing-mfa-deny');
    const inserted = async () =>
      (await quickFixFor(uri, diag))
        .edit!.get(uri)
        .map((e) => e.newText)
        .join('');
    // The statement sits 4 spaces deep (the file's own indentation); each level below it is one editor indent.
    editor.options = { tabSize: 4, insertSpaces: false };
    assert.match(await inserted(), /\n {4}\t"Effect": "Deny"/);
    editor.options = { tabSize: 3, insertSpaces: true };
    assert.match(await inserted(), /\n {7}"Effect": "Deny"/);
  });

  test('Fix all applies the safe fixes; the suggestions only through the second action', async () => {
    const editor = await open('editor/no-deny.json', 'fix-all.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    const all = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const safe = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      all,
      'source.fixAll.forceMfa',
    );
    assert.ok(!safe.some((a) => a.title === 'Fix all force-MFA problems'), 'nothing safe to fix: the deny is a suggestion');
    const withSuggestions = await waitFor(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        all,
        'source.forceMfa.includingSuggestions',
      );
      return actions.find((a) => a.title.includes('including suggestions'));
    }, 'the fix-all-including-suggestions action');
    const before = editor.document.getText();
    const originalStatements = statements(editor.document);
    assert.ok(await vscode.workspace.applyEdit(withSuggestions.edit!));
    await verdictIs(uri, 'MFA enforced');
    // Suggestions may widen a statement's Resource (user-path-not-matched); nothing else of them changes.
    const withoutResource = (list: unknown[]) => list.map((st) => ({ ...(st as Record<string, unknown>), Resource: undefined }));
    assert.deepStrictEqual(
      withoutResource(statements(editor.document).slice(0, originalStatements.length)),
      withoutResource(originalStatements),
      'statements kept, in order',
    );
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before, 'one undo restores the exact text');
  });

  test('Fix all (safe) repairs Bool without touching what the policy permits', async () => {
    const editor = await open('editor/bool-deny.json', 'fix-all-bool.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'bool-without-ifexists');
    assert.ok(await vscode.commands.executeCommand('forceMfa.fixAll', uri));
    await verdictIs(uri, 'MFA enforced');
  });

  test('a trust policy shows "not an identity policy" in the status bar, with the reason', async () => {
    const editor = await open('editor/trust.json');
    const uri = editor.document.uri;
    await verdictIs(uri, 'not an identity policy');
    await waitFor(() => api.statusVerdict()?.text === 'not an identity policy', 'the status bar verdict');
    assert.ok(api.statusVerdict()!.reason.length > 0);
    assert.ok(!ours(uri).some((d) => ruleOf(d) === 'trust-policy-mfa'));
  });

  test("related information mirrors the core's related locations", async () => {
    let related = 0;
    for (const fixture of ['editor/weak-exemption.json', 'editor/bool-deny.json', 'editor/no-deny.json']) {
      const editor = await open(fixture);
      const doc = editor.document;
      const expected = lint(doc.getText()).diagnostics;
      related += expected.filter((d) => d.related?.length).length;
      await waitFor(() => ours(doc.uri).length === expected.length, `${fixture}: ${expected.length} diagnostics`);
      for (const core of expected) {
        const shown = ours(doc.uri).find((d) => ruleOf(d) === core.rule && doc.offsetAt(d.range.start) === core.offset)!;
        assert.ok(shown, `${core.rule} is shown at its offset`);
        assert.deepStrictEqual(
          (shown.relatedInformation ?? []).map((r) => [doc.offsetAt(r.location.range.start), r.message]),
          (core.related ?? []).map((r) => [r.offset, r.message]),
        );
      }
    }
    assert.ok(related >= 2, 'a weak deny points at the statement that causes it (weakening-exemption, bool-without-ifexists)');
  });

  test('the status bar click reveals the first finding', async () => {
    const editor = await open('editor/no-deny.json', 'reveal.json');
    const diag = await diagnosticOf(editor.document.uri, 'missing-mfa-deny');
    await waitFor(() => api.statusVerdict()?.text === 'MFA missing', 'the status bar verdict');
    const range = await vscode.commands.executeCommand<vscode.Range>('forceMfa.showVerdict');
    assert.ok(range && range.isEqual(diag.range));
    assert.ok(vscode.window.activeTextEditor!.selection.isEqual(diag.range));
  });

  test('diagnostics go when the document closes', async () => {
    // An untitled document is disposed as soon as its editor is reverted and closed, so the close
    // event really reaches the extension (a file's document may stay alive after its editor goes).
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'editor/no-deny.json')));
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(doc);
    await diagnosticOf(doc.uri, 'missing-mfa-deny');
    let closed = false;
    const sub = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.toString() === doc.uri.toString()) closed = true;
    });
    try {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor(() => closed, 'the document to close');
      await waitFor(() => ours(doc.uri).length === 0 && api.verdictFor(doc.uri) === undefined, 'diagnostics cleared on close');
    } finally {
      sub.dispose();
    }
  });

  test('diagnostics go when the document stops being a policy, and when its language is no longer JSON', async () => {
    const editor = await open('editor/no-deny.json', 'stops.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    await editor.edit((b) => b.replace(whole, '{ "name": "not a policy" }\n'));
    await waitFor(() => ours(uri).length === 0 && api.verdictFor(uri) === undefined, 'diagnostics cleared');
    await vscode.commands.executeCommand('undo');
    await diagnosticOf(uri, 'missing-mfa-deny');
    await vscode.languages.setTextDocumentLanguage(editor.document, 'plaintext');
    await waitFor(() => ours(uri).length === 0, 'diagnostics cleared for plaintext');
  });

  test("the names force-mfa leaves to VS Code's schema validation are exactly the manifest's jsonValidation patterns", () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepStrictEqual(manifest.contributes.jsonValidation, [
      // The project's configuration file has a schema of its own (completion in .force-mfa.json): it is no policy.
      { fileMatch: ['.force-mfa.json'], url: './schemas/force-mfa-config.schema.json' },
      {
        fileMatch: ['*.policy.json', '*-policy.json', '*_policy.json', 'policy.json', '**/policies/*.json', '**/iam/*.json'],
        url: './schemas/iam-policy.schema.json',
      },
    ]);
    for (const path of [
      '/w/admin.policy.json',
      '/w/admin-policy.json',
      '/w/admin_policy.json',
      '/w/policy.json',
      '/w/policies/a.json',
      '/w/x/iam/b.json',
    ]) {
      assert.ok(matchesSchemaFileName(path), path);
    }
    for (const path of [
      '/w/.force-mfa.json',
      '/w/a.json',
      '/w/mypolicy.json',
      '/w/policies/sub/a.json',
      '/w/policy.jsonc',
      '/w/iam.json',
    ]) {
      assert.ok(!matchesSchemaFileName(path), path);
    }
  });

  test('a schema problem is reported once: by VS Code in policy-named files, by force-mfa elsewhere', async () => {
    const elsewhere = vscode.Uri.joinPath(folder, 'editor/bad-effect.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(elsewhere));
    await diagnosticOf(elsewhere, 'iam-schema');

    const named = vscode.Uri.joinPath(folder, 'policies/bad-effect.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(named));
    await diagnosticOf(named, 'missing-mfa-deny');
    assert.ok(!ours(named).some((d) => ruleOf(d) === 'iam-schema'), 'force-mfa leaves the schema to VS Code here');
    const effectLine = (await vscode.workspace.openTextDocument(named))
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('"allow"'));
    await waitFor(
      () => vscode.languages.getDiagnostics(named).some((d) => d.source !== 'force-mfa' && d.range.start.line === effectLine),
      "VS Code's own JSON validation reports the bad Effect with our schema",
    );
  });
});

suite('editor: syntax errors once', () => {
  const broken =
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    // allow reads\n    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" },\n  ]\n}\n';

  test('in a .json file VS Code reports the syntax error and force-mfa does not repeat it', async () => {
    const editor = await open('', 'broken.json', broken);
    const uri = editor.document.uri;
    assert.strictEqual(editor.document.languageId, 'json');
    const commentLine = 3;
    await waitFor(
      () => vscode.languages.getDiagnostics(uri).some((d) => d.source !== 'force-mfa' && d.range.start.line === commentLine),
      "VS Code's own JSON validation reports the comment",
    );
    assert.ok(
      lint(broken).diagnostics.some((d) => d.rule === 'json-syntax'),
      'the core finds the syntax errors',
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(
      !ours(uri).some((d) => ruleOf(d) === 'json-syntax'),
      `force-mfa leaves syntax to VS Code here (have: ${rulesOf(uri).join(', ')})`,
    );
  });

  test('in a .jsonc file, where VS Code accepts comments, force-mfa reports them (IAM rejects them)', async () => {
    const editor = await open('', 'broken.jsonc', broken);
    assert.strictEqual(editor.document.languageId, 'jsonc');
    await diagnosticOf(editor.document.uri, 'json-syntax');
    assert.ok(
      ours(editor.document.uri).some((d) => ruleOf(d) === 'json-syntax' && d.range.start.line === 3),
      'the comment is flagged',
    );
  });
});

suite('editor: settings apply at once', () => {
  teardown(async () => {
    for (const key of ['rules', 'enable', 'exclude', 'maxFileSize', 'debounceMs', 'partition', 'allowPasswordChangeWithoutMfa'])
      await setting(key, undefined);
  });

  test('forceMfa.rules offers every rule of the core by name, with its severities', () => {
    const rules = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties['forceMfa.rules'];
    assert.deepStrictEqual(Object.keys(rules.properties).sort(), ruleMetas.map((r) => r.name).sort());
    for (const p of Object.values(rules.properties) as Array<{ enum: string[] }>)
      assert.deepStrictEqual(p.enum, ['error', 'warning', 'info', 'hint', 'off']);
  });

  test('forceMfa.rules changes the severity, and "off" removes the finding', async () => {
    const editor = await open('editor/no-deny.json', 'severity.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    await setting('rules', { 'missing-mfa-deny': 'error' });
    await waitFor(
      () => ours(uri).find((d) => ruleOf(d) === 'missing-mfa-deny')?.severity === vscode.DiagnosticSeverity.Error,
      'severity error',
    );
    await setting('rules', { 'missing-mfa-deny': 'info' });
    await waitFor(
      () => ours(uri).find((d) => ruleOf(d) === 'missing-mfa-deny')?.severity === vscode.DiagnosticSeverity.Information,
      'severity info',
    );
    await setting('rules', { 'missing-mfa-deny': 'hint' });
    await waitFor(
      () => ours(uri).find((d) => ruleOf(d) === 'missing-mfa-deny')?.severity === vscode.DiagnosticSeverity.Hint,
      'severity hint',
    );
    await setting('rules', { 'missing-mfa-deny': 'off' });
    await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'missing-mfa-deny'), 'the rule switched off');
    await setting('rules', undefined);
    await waitFor(
      () => ours(uri).find((d) => ruleOf(d) === 'missing-mfa-deny')?.severity === vscode.DiagnosticSeverity.Warning,
      'back to warning',
    );
  });

  test('forceMfa.enable and forceMfa.exclude clear the findings; hostile values fall back to defaults', async () => {
    const editor = await open('editor/no-deny.json', 'toggles.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    await setting('enable', false);
    await waitFor(() => ours(uri).length === 0, 'disabled');
    await setting('enable', undefined);
    await diagnosticOf(uri, 'missing-mfa-deny');
    await setting('exclude', ['**/out/*-toggles.json']);
    await waitFor(() => ours(uri).length === 0, 'excluded');
    // Values a hand-edited settings file may hold: ignored, never thrown.
    await setting('exclude', [42, null, '[']);
    await setting('rules', 'error');
    await setting('maxFileSize', 'big');
    await setting('debounceMs', -5);
    await setting('partition', 'mars');
    await diagnosticOf(uri, 'missing-mfa-deny');
  });

  test('forceMfa.allowPasswordChangeWithoutMfa accepts the password-change exemption at once', async () => {
    const editor = await open('editor/password-change.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'weakening-exemption');
    await verdictIs(uri, 'MFA weak');
    await setting('allowPasswordChangeWithoutMfa', true);
    await verdictIs(uri, 'MFA enforced');
    // No finding at error, warning or info (AWS's text assumes users without a path: hints only).
    assert.deepStrictEqual(problems(uri), []);
    await setting('allowPasswordChangeWithoutMfa', undefined);
    await diagnosticOf(uri, 'weakening-exemption');
  });

  test('forceMfa.partition is passed to the core (arn:aws: in aws-cn is flagged)', async () => {
    const editor = await open('editor/no-deny.json', 'partition.json');
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'missing-mfa-deny');
    assert.ok(!ours(uri).some((d) => ruleOf(d) === 'arn-partition-mismatch'));
    await setting('partition', 'aws-cn');
    await diagnosticOf(uri, 'arn-partition-mismatch');
  });
});

suite('editor: responsiveness', () => {
  let infos: string[] = [];
  let original: Ui['showInformationMessage'];
  setup(() => {
    infos = [];
    original = api.ui.showInformationMessage;
    api.ui.showInformationMessage = async (message: string) => {
      infos.push(message);
      return undefined;
    };
  });
  teardown(async () => {
    api.ui.showInformationMessage = original;
    await setting('maxFileSize', undefined);
  });

  /** The extension host still answers quickly: a round trip through a command and a timer. */
  async function assertResponsive() {
    const started = Date.now();
    await vscode.commands.executeCommand('forceMfa.showVerdict');
    await new Promise((r) => setTimeout(r, 0));
    assert.ok(Date.now() - started < 2000, `the extension host answered in ${Date.now() - started} ms`);
  }

  test('a 10 MB JSON file gives one information message, no lint, and the editor stays responsive', async () => {
    const statement = '{"Sid":"S","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}';
    const count = Math.ceil(10_000_000 / (statement.length + 1));
    const content = `{"Version":"2012-10-17","Statement":[${Array(count).fill(statement).join(',')}]}`;
    const editor = await open('', 'big.json', content);
    const uri = editor.document.uri;
    const mine = () => infos.filter((m) => m.includes('big.json'));
    await waitFor(() => mine().length > 0, 'the information message', 30_000);
    assert.match(mine()[0]!, /not linted/);
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' '));
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' '));
    await assertResponsive();
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(mine().length, 1, 'one message, not one per edit');
    assert.deepEqual(ours(uri), []);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a policy above forceMfa.maxFileSize: one message and no findings; below it again: linted', async () => {
    await setting('maxFileSize', 100);
    const editor = await open('editor/no-deny.json', 'above-max.json');
    const uri = editor.document.uri;
    const mine = () => infos.filter((m) => m.includes('above-max.json'));
    await waitFor(() => mine().length > 0, 'the information message');
    await editor.edit((b) => b.insert(new vscode.Position(0, 1), ' '));
    await new Promise((r) => setTimeout(r, 400));
    assert.strictEqual(mine().length, 1, 'one message, not one per edit');
    assert.deepEqual(ours(uri), []);
    await assertResponsive();
    await setting('maxFileSize', undefined);
    await diagnosticOf(uri, 'missing-mfa-deny');
  });

  test('typing quickly in a 6 KB policy leaves no stale diagnostics', async () => {
    const reference = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'editor/bool-deny.json'))),
    );
    while (JSON.stringify(reference, null, 2).length < 6000) {
      reference.Statement.unshift({
        Sid: `Pad${reference.Statement.length}`,
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::bucket/*',
      });
    }
    const editor = await open('', 'typing.json', `${JSON.stringify(reference, null, 2)}\n`);
    const uri = editor.document.uri;
    await diagnosticOf(uri, 'bool-without-ifexists');
    // Turn "Bool" into "BoolIfExists" one keystroke at a time, then break and mend the JSON.
    const at = editor.document.positionAt(editor.document.getText().indexOf('"Bool"') + '"Bool'.length);
    let pos = at;
    for (const ch of 'IfExists') {
      await editor.edit((b) => b.insert(pos, ch), { undoStopBefore: false, undoStopAfter: false });
      pos = pos.translate(0, 1);
    }
    const end = editor.document.positionAt(editor.document.getText().lastIndexOf('}'));
    await editor.edit((b) => b.insert(end, ','));
    await editor.edit((b) => b.delete(new vscode.Range(end, end.translate(0, 1))));
    const finalText = editor.document.getText();
    const expected = lint(finalText)
      .diagnostics.map((d) => d.rule)
      .filter((r) => r !== 'iam-schema')
      .sort();
    await waitFor(
      () => JSON.stringify(rulesOf(uri)) === JSON.stringify(expected) && api.verdictFor(uri)?.text === 'MFA enforced',
      `diagnostics of the final text (${expected.join(', ') || 'none'}); have ${rulesOf(uri).join(', ')}`,
    );
    await new Promise((r) => setTimeout(r, 600));
    assert.deepEqual(rulesOf(uri), expected, 'no stale result arrives later');
  });
});

suite('editor: export', () => {
  const saved: Partial<Ui> = {};
  let fsSaved: Ui['fs'];
  setup(() => {
    Object.assign(saved, api.ui);
    fsSaved = { ...api.ui.fs };
  });
  teardown(() => {
    Object.assign(api.ui, saved);
    api.ui.fs = fsSaved;
  });

  /** Answers the pickers by label, in order; undefined answers cancel. */
  function answer(labels: Array<string | undefined>, input = '', after?: string) {
    const asked: string[] = [];
    api.ui.showQuickPick = (async (items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions) => {
      asked.push(String(options.title));
      const label = labels.shift();
      return label === undefined
        ? undefined
        : (items.find((i) => i.label === label) ?? assert.fail(`no item ${label} in ${items.map((i) => i.label)}`));
    }) as Ui['showQuickPick'];
    api.ui.showInputBox = async () => input;
    api.ui.showInformationMessage = async () => after;
    return asked;
  }

  /** The sources the export's second picker offers for JSON (the export is cancelled there). */
  async function offeredSources(): Promise<readonly vscode.QuickPickItem[]> {
    let offered: readonly vscode.QuickPickItem[] = [];
    answer(['JSON']);
    const first = api.ui.showQuickPick;
    api.ui.showQuickPick = (async (items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions) => {
      if (String(options.title).includes('(2/3)')) {
        offered = items;
        return undefined;
      }
      return first(items, options);
    }) as Ui['showQuickPick'];
    assert.strictEqual(await run(), undefined);
    return offered;
  }

  interface Outcome {
    format: string;
    text: string;
    document: vscode.TextDocument;
    savedTo?: vscode.Uri;
    copied?: boolean;
  }
  const run = () => vscode.commands.executeCommand<Outcome | undefined>('forceMfa.exportPolicy');

  test("every format exports AWS's reference policy into a new editor with the right language", async () => {
    const expectations: Array<[string, string, (text: string) => void]> = [
      ['JSON', 'json', (t) => assert.strictEqual(lint(t, { partition: 'aws-us-gov' }).policies[0]?.mfa, 'enforced')],
      ['Minified JSON', 'json', (t) => assert.strictEqual(t.trim().split('\n').length, 1)],
      ['AWS CLI', 'shellscript', (t) => assert.match(t, /^aws iam create-policy /)],
      ['CloudFormation (YAML)', 'yaml', (t) => assert.strictEqual(parseYaml(t).Resources.ForceMfaPolicy.Type, 'AWS::IAM::ManagedPolicy')],
      [
        'CloudFormation (JSON)',
        'json',
        (t) => assert.deepStrictEqual(JSON.parse(t).Resources.ForceMfaPolicy.Properties.Groups, ['Developers']),
      ],
      [
        'Terraform (aws_iam_policy_document)',
        '',
        (t) =>
          assert.match(t, /data "aws_iam_policy_document" "force_mfa" \{[\s\S]*policy += data\.aws_iam_policy_document\.force_mfa\.json/),
      ],
      ['Terraform (jsonencode)', '', (t) => assert.match(t, /resource "aws_iam_policy" "force_mfa" \{[\s\S]*policy += jsonencode\(\{/)],
    ];
    for (const [label, language, check] of expectations) {
      const partitionAtDeploy = label.startsWith('CloudFormation') || label.startsWith('Terraform');
      answer([label, "AWS's reference policy", ...(partitionAtDeploy ? [] : ['aws-us-gov'])], 'Developers');
      const outcome = await run();
      assert.ok(outcome, label);
      assert.strictEqual(vscode.window.activeTextEditor?.document, outcome.document, `${label} opens in a new editor`);
      assert.ok(outcome.document.isUntitled);
      assert.strictEqual(outcome.document.getText(), outcome.text);
      if (language) assert.strictEqual(outcome.document.languageId, language, label);
      if (!partitionAtDeploy) assert.match(outcome.text, /arn:aws-us-gov:/);
      else assert.doesNotMatch(outcome.text, /arn:aws:/, 'ARNs are built on the deploy-time partition');
      check(outcome.text);
    }
  });

  test('the active policy is offered when it has no errors', async () => {
    const editor = await open('editor/bool-deny.json', 'export-active.json');
    await diagnosticOf(editor.document.uri, 'bool-without-ifexists');
    answer(['JSON', 'Active policy', 'aws']);
    const outcome = await run();
    assert.ok(outcome);
    assert.deepStrictEqual(JSON.parse(outcome.text), JSON.parse(editor.document.getText()));
  });

  test('a JSON policy in a Terraform heredoc is the active policy; one written in HCL is not offered, and the picker says why', async () => {
    const heredoc = await open('terraform/weak-heredoc.tf', 'export-heredoc.tf');
    await diagnosticOf(heredoc.document.uri, 'bool-without-ifexists');
    answer(['JSON', 'Active policy', 'aws']);
    const outcome = await run();
    assert.ok(outcome);
    const text = heredoc.document.getText();
    assert.deepStrictEqual(
      JSON.parse(outcome.text),
      JSON.parse(text.slice(text.indexOf('{', text.indexOf('<<EOF')), text.lastIndexOf('EOF'))),
    );

    const hcl = await open('terraform/weak-document.tf', 'export-hcl.tf');
    await diagnosticOf(hcl.document.uri, 'bool-without-ifexists');
    const offered = await offeredSources();
    assert.deepStrictEqual(
      offered.map((i) => i.label),
      ["AWS's reference policy"],
    );
    assert.match(String(offered[0]!.detail), /export-hcl\.tf holds its policy in HCL, not JSON/);
  });

  test('a policy with errors is not offered as the source, and the picker says why', async () => {
    const editor = await open('editor/bad-effect.json', 'export-errors.json');
    await diagnosticOf(editor.document.uri, 'iam-schema');
    const offered = await offeredSources();
    assert.deepStrictEqual(
      offered.map((i) => i.label),
      ["AWS's reference policy"],
    );
    assert.match(String(offered[0]!.detail), /export-errors\.json has errors/);
  });

  test('cancelling at any step opens and changes nothing', async () => {
    for (const steps of [[undefined], ['JSON', undefined], ['JSON', "AWS's reference policy", undefined]]) {
      const before = vscode.workspace.textDocuments.length;
      const activeBefore = vscode.window.activeTextEditor?.document;
      answer(steps);
      assert.strictEqual(await run(), undefined);
      assert.strictEqual(vscode.workspace.textDocuments.length, before);
      assert.strictEqual(vscode.window.activeTextEditor?.document, activeBefore);
    }
    answer(['Terraform (jsonencode)', "AWS's reference policy"]);
    api.ui.showInputBox = async () => undefined;
    assert.strictEqual(await run(), undefined, 'escape in the group prompt cancels too');
  });

  test('Copy puts the text on the clipboard', async () => {
    // A headless browser may deny the real clipboard: the test records what the extension copies.
    const copied: string[] = [];
    api.ui.writeClipboard = async (text: string) => {
      copied.push(text);
    };
    answer(['Minified JSON', "AWS's reference policy", 'aws'], '', 'Copy');
    const outcome = await run();
    assert.ok(outcome?.copied);
    assert.deepStrictEqual(copied, [outcome.text]);
  });

  test('Save As asks before overwriting, and a failed write leaves the old file whole', async () => {
    const target = vscode.Uri.joinPath(folder, 'out', `${++counter}-existing.json`);
    const old = new TextEncoder().encode('{"old": true}\n');
    await vscode.workspace.fs.writeFile(target, old);
    const readTarget = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const warnings: string[] = [];
    api.ui.showSaveDialog = async () => target;

    // Declined: nothing written.
    api.ui.showWarningMessage = async (message: string) => {
      warnings.push(message);
      return undefined;
    };
    answer(['JSON', "AWS's reference policy", 'aws'], '', 'Save As…');
    assert.strictEqual((await run())?.savedTo, undefined);
    assert.strictEqual(warnings.length, 1, 'asked before overwriting');
    assert.strictEqual(await readTarget(), '{"old": true}\n');

    // Accepted, but the disk fails half way through the write: the old file is whole, no temp file is left.
    api.ui.showWarningMessage = async () => 'Overwrite';
    const written: vscode.Uri[] = [];
    api.ui.fs.writeFile = async (uri, content) => {
      written.push(uri);
      await fsSaved.writeFile(uri, content.slice(0, 10));
      throw new Error('ENOSPC: no space left on device');
    };
    const errors: string[] = [];
    api.ui.showErrorMessage = async (m: string) => {
      errors.push(m);
      return undefined;
    };
    answer(['JSON', "AWS's reference policy", 'aws'], '', 'Save As…');
    assert.strictEqual((await run())?.savedTo, undefined);
    assert.strictEqual(written.length, 1);
    assert.notStrictEqual(written[0]!.toString(), target.toString(), 'writes to a temporary file first');
    assert.strictEqual(await readTarget(), '{"old": true}\n');
    assert.match(errors[0] ?? '', /not changed/);
    const siblings = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(target, '..'));
    assert.ok(!siblings.some(([name]) => name.endsWith('.tmp')), 'the temporary file is removed');

    // Accepted and the write succeeds: replaced whole.
    api.ui.fs.writeFile = fsSaved.writeFile;
    answer(['JSON', "AWS's reference policy", 'aws'], '', 'Save As…');
    const outcome = await run();
    assert.strictEqual(outcome?.savedTo?.toString(), target.toString());
    assert.strictEqual(await readTarget(), outcome.text);
  });
});

suite('editor: untrusted workspaces', () => {
  test('the manifest declares full support in untrusted and virtual workspaces', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.strictEqual(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.strictEqual(manifest.capabilities.virtualWorkspaces, true);
  });

  test('no setting names a program or a path, and the bundle cannot start a process or read files itself', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const properties = ext.packageJSON.contributes.configuration.properties as Record<string, { type: string }>;
    assert.deepStrictEqual(Object.keys(properties).sort(), [
      'forceMfa.allowPasswordChangeWithoutMfa',
      'forceMfa.debounceMs',
      'forceMfa.enable',
      'forceMfa.exclude',
      'forceMfa.maxFileSize',
      'forceMfa.partition',
      'forceMfa.rules',
    ]);
    for (const main of ['dist/extension.js', 'dist/web/extension.js']) {
      const code = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, main)));
      assert.doesNotMatch(code, /child_process|require\("(node:)?(fs|net|http|https|worker_threads)"\)|\beval\(|new Function\(/, main);
    }
  });
});
