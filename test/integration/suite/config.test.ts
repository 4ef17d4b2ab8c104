// .force-mfa.json in a real editor: the file changes the diagnostics as it changes (FileSystemWatcher),
// its errors are diagnostics in the file itself, and the code action "Ignore this finding in
// .force-mfa.json…" writes an entry (reason asked with an input box) that hides the finding. Only
// `vscode` API, read through workspace.fs, so the same file runs in the web-worker host.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { open, session, startSession } from '../session';
import { ours, ruleOf, waitFor } from '../wait';

const FOLDER = 'project-config';
// weak.json: two denies with Bool "false" on the MFA key (the first with Sid "Legacy"). Each fires
// for console and session requests without MFA, but not for requests signed with long-term access
// keys, which carry no MFA key (Bool does not match an absent key): two bool-without-ifexists warnings.
const POLICY = `${FOLDER}/weak.json`;

const configUri = () => vscode.Uri.joinPath(session.folder, FOLDER, '.force-mfa.json');
const writeConfig = (text: string) => vscode.workspace.fs.writeFile(configUri(), new TextEncoder().encode(text));
const readConfig = async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(configUri()));
const boolFindings = (uri: vscode.Uri) => ours(uri).filter((d) => ruleOf(d) === 'bool-without-ifexists');
const severities = (uri: vscode.Uri) => boolFindings(uri).map((d) => d.severity);

suite('editor: .force-mfa.json', () => {
  let original = '';
  suiteSetup(async () => {
    await startSession();
    original = await readConfig();
  });
  teardown(async () => {
    await writeConfig(original);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the file changes the diagnostics as it changes, and wins over the settings', async () => {
    const uri = (await open(POLICY)).document.uri;
    const W = vscode.DiagnosticSeverity.Warning;
    const E = vscode.DiagnosticSeverity.Error;
    await waitFor(() => String(severities(uri)) === String([W, W]), `two warnings (have ${severities(uri)})`);

    await writeConfig('{\n  // raised for CI\n  "rules": { "bool-without-ifexists": "error", },\n}\n');
    await waitFor(() => String(severities(uri)) === String([E, E]), `two errors after the file raised them (have ${severities(uri)})`);

    // A setting is a personal default: the file wins over it, and it applies where the file says nothing.
    const I = vscode.DiagnosticSeverity.Information;
    const settings = vscode.workspace.getConfiguration('forceMfa');
    await settings.update('rules', { 'bool-without-ifexists': 'info' }, vscode.ConfigurationTarget.Workspace);
    try {
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(severities(uri), [E, E], 'the file wins over the setting');
      await writeConfig('{}');
      await waitFor(() => String(severities(uri)) === String([I, I]), `the setting once the file says nothing (have ${severities(uri)})`);
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }

    await writeConfig('{ "rules": { "bool-without-ifexists": "off" } }');
    await waitFor(
      () => boolFindings(uri).length === 0 && ours(uri).length > 0 === ours(uri).length > 0,
      'no bool finding once the file switched it off',
    );

    await writeConfig('{ "exclude": ["*.json"] }');
    await waitFor(() => ours(uri).length === 0, 'nothing once the file excludes the policy');

    await writeConfig(original);
    await waitFor(() => String(severities(uri)) === String([W, W]), `two warnings again (have ${severities(uri)})`);
  });

  test('a configuration error is a diagnostic in .force-mfa.json at its line', async () => {
    await open(POLICY);
    await writeConfig('{\n  "ignore": [\n    { "files": "weak.json", "rule": "bool-without-ifexists" }\n  ]\n}\n');
    const problem = await waitFor(
      () => vscode.languages.getDiagnostics(configUri()).find((d) => d.message.includes('no "reason"')),
      'the missing reason reported in .force-mfa.json',
    );
    assert.strictEqual(problem.range.start.line, 2);
    assert.strictEqual(problem.severity, vscode.DiagnosticSeverity.Error);
  });

  test('"Ignore this finding in .force-mfa.json…" asks for the reason, writes the entry with the Sid, and the finding goes', async () => {
    const uri = (await open(POLICY)).document.uri;
    const first = await waitFor(() => boolFindings(uri).length === 2 && boolFindings(uri)[0], 'two bool-without-ifexists findings');
    const titles: string[] = [];
    const action = await waitFor(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, first.range);
      titles.splice(0, titles.length, ...actions.map((a) => a.title));
      return actions.find((a) => a.title === 'Ignore this finding in .force-mfa.json…');
    }, 'the ignore action');
    assert.ok(titles.includes('Show documentation for bool-without-ifexists'), titles.join(' | '));

    const asked: string[] = [];
    const showInputBox = session.api.ui.showInputBox;
    session.api.ui.showInputBox = async (options) => {
      asked.push(options.title ?? '');
      return 'accepted until the old VPN is retired';
    };
    let ok: boolean | undefined;
    try {
      ok = await vscode.commands.executeCommand<boolean>(action.command!.command, ...(action.command!.arguments ?? []));
    } finally {
      session.api.ui.showInputBox = showInputBox;
    }
    assert.strictEqual(ok, true);
    assert.deepStrictEqual(asked, ['Ignore bool-without-ifexists in .force-mfa.json']);

    const text = await readConfig();
    assert.ok(text.includes("// The project's settings for this folder"), `the comment is kept:\n${text}`);
    assert.ok(text.includes('"sid": "Legacy"') && text.includes('"reason": "accepted until the old VPN is retired"'), text);
    assert.ok(text.includes('"files": "weak.json"') && text.includes('"rule": "bool-without-ifexists"'), text);
    await waitFor(() => boolFindings(uri).length === 1, `one bool finding left (have ${boolFindings(uri).length})`);
    assert.ok(boolFindings(uri)[0]!.range.start.line > first.range.start.line, 'the one in the statement without a Sid is left');
  });
});
