// Activation: wires the linter, quick fixes, commands and the status bar. Nothing is linted here and
// the core is not loaded here (./core-loader.ts): the open documents are linted on the next tick, so
// activation stays cheap.
import * as vscode from 'vscode';
import { registerActionAssist } from './assist';
import { registerAccountAudit, type ExportAudits } from './audit';
import { ForceMfaCodeActions, runFixAll } from './code-actions';
import { hostLoader, hostReader, LazyCore } from './core-loader';
import { isLintedDocument, LANGUAGES, Linter } from './diagnostics';
import { exportPolicy, type ExportOutcome } from './export';
import { VerdictStatus, type Verdict } from './status';
import { registerLintTasks } from './tasks';
import { defaultUi, guard, guardAsync, type Ui } from './ui';

export interface ForceMfaApi {
  activationMs: number;
  /** The verdict of the policy in this open document, if it is one (what the status bar shows for it). */
  verdictFor(uri: vscode.Uri): Verdict | undefined;
  /** The status bar item's current verdict, undefined when it is hidden. */
  statusVerdict(): Verdict | undefined;
  /** Prompts and file operations; tests replace members to answer the prompts. */
  ui: Ui;
  /** Whether the YAML front-end has been loaded (it loads with the first YAML or Markdown text that may hold a policy). */
  yamlLoaded(): boolean;
  /** Whether the HCL front-end has been loaded (it loads with the first Terraform text that may hold a policy). */
  hclLoaded(): boolean;
  /** Whether the catalogue of every AWS action has been read (on the first lint, completion or hover). */
  actionCatalogueLoaded(): boolean;
  /** The account exports' audits (findings, the last job's slices). */
  audits: ExportAudits;
}

export function activate(context: vscode.ExtensionContext): ForceMfaApi {
  const started = performance.now();
  const ui = defaultUi();
  let disposed = false;
  // What was linted before the core (or its YAML front-end) was there is linted again once it is.
  const lintOpenDocuments = () =>
    guard('lint open documents', () => {
      if (disposed) return;
      for (const doc of vscode.workspace.textDocuments) if (isLintedDocument(doc)) linter.schedule(doc, 0);
      status.update();
    });
  const core = new LazyCore(hostLoader(context.extensionUri), lintOpenDocuments, hostReader(context.extensionUri));
  const linter = new Linter(ui, core, context.extensionUri);
  const assist = registerActionAssist(core, linter, hostReader(context.extensionUri), lintOpenDocuments);
  const status = new VerdictStatus(linter);
  // Account exports: audited on open and change, and the report's command (./audit.ts).
  const audits = registerAccountAudit(context, core, ui, hostLoader(context.extensionUri));
  const selector: vscode.DocumentSelector = [
    ...LANGUAGES.map((language) => ({ language })),
    ...['**/*.template', '**/*.tf', '**/*.tfvars'].map((pattern) => ({ pattern })),
  ];

  context.subscriptions.push(
    linter,
    status,
    vscode.workspace.onDidOpenTextDocument((doc) => linter.schedule(doc, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) linter.schedule(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => guard('close', () => linter.closed(doc))),
    // A language switch (json <-> plaintext) comes as close + open; a save may change the path match.
    vscode.workspace.onDidSaveTextDocument((doc) => linter.schedule(doc, 0)),
    vscode.workspace.onDidChangeConfiguration((e) =>
      guard('settings', () => {
        if (
          e.affectsConfiguration('forceMfa') ||
          e.affectsConfiguration('json.validate') ||
          e.affectsConfiguration('editor.tabSize') ||
          e.affectsConfiguration('editor.insertSpaces')
        ) {
          linter.relintAll();
          status.update();
        }
      }),
    ),
    vscode.languages.registerCodeActionsProvider(selector, new ForceMfaCodeActions(linter), ForceMfaCodeActions.metadata),
    assist,
    vscode.commands.registerCommand('forceMfa.fixAll', (uri?: unknown) => guardAsync('Fix all', () => runFixAll(linter, uri, false))),
    vscode.commands.registerCommand('forceMfa.fixAllIncludingSuggestions', (uri?: unknown) =>
      guardAsync('Fix all', () => runFixAll(linter, uri, true)),
    ),
    vscode.commands.registerCommand('forceMfa.exportPolicy', (): Promise<ExportOutcome | undefined> =>
      guardAsync('Export', async () => exportPolicy(await loaded(core), linter, ui)),
    ),
    vscode.commands.registerCommand('forceMfa.showVerdict', () => guardAsync('Show verdict', () => status.showVerdict())),
    registerLintTasks(vscode, context.extensionUri), // "Run Task" → force-mfa: lint workspace (Node host only)
  );

  context.subscriptions.push({
    dispose: () => {
      disposed = true;
    },
  });
  lintOpenDocuments();

  return {
    activationMs: performance.now() - started,
    verdictFor: (uri) => guard('verdict', () => status.verdictFor(uri)),
    statusVerdict: () => status.shown,
    ui,
    yamlLoaded: () => core.yamlLoaded,
    hclLoaded: () => core.hclLoaded,
    actionCatalogueLoaded: () => assist.catalogueLoaded,
    audits,
  };
}

async function loaded(core: LazyCore) {
  const c = await core.ready();
  if (!c) throw new Error('the linter could not be loaded');
  return c;
}

export function deactivate(): void {}
