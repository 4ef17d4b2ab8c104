// The account audit in the real editor (issue 15): an export of `aws iam get-account-authorization-details`
// opened as a document gets a finding on each user who is not forced or is locked out, and "Force MFA: Audit
// Account Export…" opens the report in a webview. The export (workspace/audit/auth-details.json) holds
// alice and bob (forced through a group's AWS force-MFA policy), henry (no policy denies anything without
// MFA: not forced), ivan (forced, cannot enrol) and carol (forced, but a deny blocks enrolment: locked out).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { AUDIT_SOURCE, REPORT_VIEW_TYPE, type AuditReportOutcome } from '../../../src/extension/audit';
import { closeAll, diagnosticOf, open, session, startSession } from '../session';
import { waitFor } from '../wait';

suiteSetup(startSession);

const findings = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === AUDIT_SOURCE);

suite('account audit', () => {
  teardown(closeAll);

  test('an export: findings on henry (not forced) and carol (locked out) at their names, the policies that reach them as related locations', async () => {
    const editor = await open('audit/auth-details.json');
    const doc = editor.document;
    const got = await waitFor(
      () => (findings(doc.uri).length === 2 ? findings(doc.uri) : undefined),
      `two audit findings (have ${findings(doc.uri).length})`,
    );
    const byUser = new Map(got.map((d) => [doc.getText(d.range), d]));
    assert.deepStrictEqual([...byUser.keys()].sort(), ['"carol"', '"henry"']);
    const henry = byUser.get('"henry"')!;
    assert.strictEqual(henry.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(henry.code, 'user-not-forced');
    assert.match(henry.message, /^henry is not forced to use MFA: No policy that reaches the user denies requests made without MFA/);
    const carol = byUser.get('"carol"')!;
    assert.strictEqual(carol.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(carol.code, 'locked-out');
    assert.match(carol.message, /Locked out of enrolment/);
    for (const d of [henry, carol]) {
      assert.ok(d.relatedInformation && d.relatedInformation.length > 0, 'the policies that reach the user');
      for (const r of d.relatedInformation) {
        assert.strictEqual(r.location.uri.toString(), doc.uri.toString());
        // Each related location is a policy's name or ARN in the export, labelled as the report labels it.
        const line = doc.lineAt(r.location.range.start.line).text;
        assert.match(line, /"(PolicyName|Arn)"/, `${r.message}: ${line}`);
      }
    }
    const outcome = session.api.audits.current(doc);
    assert.ok(outcome && outcome.slices >= 6, 'read, four scans, and the users in at least one slice');
    // The Node host audits in a worker thread: nothing of the export's reading on the main path.
    assert.strictEqual(session.api.audits.runner.where, 'worker');
  });

  test('a template: a group that no MFA-forcing policy reaches (and no user of the template is in) gets user-not-forced on its resource', async () => {
    // JSON: the formats suite checks that the YAML reader is not loaded before its first YAML template.
    const editor = await open('audit/no-deny-group.template.json');
    const diag = await diagnosticOf(editor.document.uri, 'user-not-forced');
    assert.strictEqual(editor.document.getText(diag.range), '"Developers"');
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(
      diag.message,
      /^Group Developers \(no user of this template is in it\): no policy that reaches its members denies requests without MFA/,
    );
  });

  test('an export above forceMfa.maxFileSize is still audited, and the linter says nothing about its size', async () => {
    const settings = vscode.workspace.getConfiguration('forceMfa');
    await settings.update('maxFileSize', 100, vscode.ConfigurationTarget.Workspace);
    const ui = session.api.ui;
    const info = ui.showInformationMessage;
    const told: string[] = [];
    ui.showInformationMessage = (async (message: string) => void told.push(message)) as typeof ui.showInformationMessage;
    try {
      const doc = (await open('audit/auth-details.json')).document;
      await waitFor(() => findings(doc.uri).length === 2, 'the audit findings');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepStrictEqual(told, []);
    } finally {
      ui.showInformationMessage = info;
      await settings.update('maxFileSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('"Force MFA: Audit Account Export…" on the active export opens the report in a webview without scripts', async () => {
    await open('audit/auth-details.json');
    const ui = session.api.ui;
    const pick = ui.showQuickPick;
    // The command asks whether to add a credential report: "Without a credential report".
    ui.showQuickPick = (async (items: readonly vscode.QuickPickItem[]) => items[0]) as typeof ui.showQuickPick;
    let panel: vscode.WebviewPanel | undefined;
    try {
      const outcome = await vscode.commands.executeCommand<AuditReportOutcome>('forceMfa.auditExport');
      assert.ok(outcome, 'the report opened');
      panel = outcome.panel;
      assert.strictEqual(outcome.users, 5);
      assert.strictEqual(outcome.failing, 2);
      assert.strictEqual(outcome.where, 'worker');
      // The workbench tells the extension host about the new tab a moment later.
      const tab = await waitFor(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(REPORT_VIEW_TYPE)),
        'the report in a webview tab',
      );
      assert.strictEqual(tab.label, 'MFA audit: auth-details.json');
      assert.ok(!outcome.panel.webview.options.enableScripts);
      const html = outcome.panel.webview.html;
      assert.ok(html.includes("default-src 'none'"), 'no network, no script');
      assert.ok(html.includes('<h1>Who is forced to use MFA?</h1>') && html.includes('henry'));
    } finally {
      ui.showQuickPick = pick;
      panel?.dispose();
    }
  });
});
