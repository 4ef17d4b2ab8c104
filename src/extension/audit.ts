// The account audit in the editor (issue 15). An open account export (the JSON of
// `aws iam get-account-authorization-details`) gets a finding on each user who is not forced to use MFA
// or is locked out of enrolment, at the user's entry, with the policies that reach the user as related
// locations. "Force MFA: Audit Account Export…" opens the audit's HTML report (the CLI's page) in a
// webview without scripts or network. The audit runs in slices (./audit-job.ts): the host's main path
// is never held longer than a slice, and a job whose document changed stops at the next one.
import * as vscode from 'vscode';
import { slicedRunner, workerRunner, type AuditOutcome, type AuditRunner, type WorkerLike } from './audit-runner';
import type { Core, FileLoader, LazyCore } from './core-loader';
import { readSettings } from './settings';
import { guardAsync, type Ui } from './ui';

export const AUDIT_SOURCE = 'force-mfa audit';
export const REPORT_VIEW_TYPE = 'forceMfa.auditReport';
const REPORT_FILE = 'lazy/audit-report.js';
export const WORKER_FILE = 'lazy/audit-worker.js';
/** Exports of large accounts reach tens of megabytes; the CLI reads up to 200 MB too. */
const MAX_EXPORT_SIZE = 200 * 1024 * 1024;
/** Node's module, named apart so that the web bundle (which never reaches it) does not try to bundle it. */
const WORKER_THREADS = 'node:worker_threads';

export interface AuditReportOutcome {
  users: number;
  failing: number;
  panel: vscode.WebviewPanel;
  slices: number;
  longestSliceMs: number;
  /** Where the audit ran: a worker thread (Node host) or the main path in slices. */
  where: 'worker' | 'main';
}

const mayBeExport = (doc: vscode.TextDocument) => doc.languageId === 'json' || doc.languageId === 'jsonc' || doc.uri.path.endsWith('.json');

/** An export names UserDetailList near its start (the AWS CLI writes it first); only the head is read to tell. */
export function isAccountExport(doc: vscode.TextDocument): boolean {
  if (!mayBeExport(doc)) return false;
  const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(65_536)));
  return head.includes('"UserDetailList"');
}

/** A worker thread on the extension's worker file, where the host is Node; undefined in the web worker host. */
function nodeWorker(file: string | undefined): (() => WorkerLike) | undefined {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!file || !proc?.versions?.node) return undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Node's own module, required in the Node host only
    const { Worker } = require(WORKER_THREADS) as typeof import('node:worker_threads');
    return new Worker(file) as unknown as WorkerLike;
  };
}

export class ExportAudits implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(AUDIT_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly outcomes = new Map<string, { version: number; outcome: AuditOutcome }>();
  private readonly subscriptions: vscode.Disposable[];
  readonly runner: AuditRunner;

  /** `workerFile`: the path of dist/lazy/audit-worker.js, where the host can start a worker thread. */
  constructor(
    core: LazyCore,
    private readonly ui: Ui,
    load: FileLoader,
    private readonly version: string,
    workerFile?: string,
  ) {
    const renderer = async () => ((await Promise.resolve(load(REPORT_FILE))) as typeof import('./audit-report')).auditReportPieces;
    const sliced = slicedRunner(() => core.ready() as Promise<Core | undefined>, renderer);
    const start = nodeWorker(workerFile);
    this.runner = start ? workerRunner(start, sliced) : sliced;
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document, 500)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    ];
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The last audit of this document, if it is current (the integration suite reads where it ran and its slices). */
  current(doc: vscode.TextDocument): AuditOutcome | undefined {
    const j = this.outcomes.get(doc.uri.toString());
    return j && j.version === doc.version ? j.outcome : undefined;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!mayBeExport(doc) && !this.outcomes.has(doc.uri.toString())) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (doc.isClosed || !readSettings(doc.uri).enable || !isAccountExport(doc)) return this.forget(doc.uri);
        this.audit(doc).catch((e: unknown) => console.error('[force-mfa] audit failed:', e));
      }, delay),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.outcomes.delete(uri.toString());
    this.collection.delete(uri);
  }

  /**
   * Audits the document and publishes its findings; with a credential report or the report's page
   * asked for, runs again with them (the findings do not depend on either).
   */
  async audit(
    doc: vscode.TextDocument,
    extra: { credentialReport?: string; report?: { file: string; credentialReport?: string } } = {},
  ): Promise<AuditOutcome | { error: string }> {
    const cached = extra.credentialReport === undefined && !extra.report ? this.current(doc) : undefined;
    if (cached) return cached;
    const version = doc.version;
    const text = doc.getText();
    if (text.length > MAX_EXPORT_SIZE) return { error: `the export has ${text.length} characters, more than ${MAX_EXPORT_SIZE}` };
    const options = {
      ...(extra.credentialReport !== undefined ? { credentialReport: extra.credentialReport } : {}),
      allowPasswordChangeWithoutMfa: readSettings(doc.uri).allowPasswordChangeWithoutMfa,
    };
    const report = extra.report ? { ...extra.report, version: this.version } : undefined;
    const outcome = await this.runner.run({ text, options, ...(report ? { report } : {}) }, () => doc.isClosed || doc.version !== version);
    if ('error' in outcome || doc.isClosed || doc.version !== version) return outcome;
    this.outcomes.set(doc.uri.toString(), { version, outcome });
    this.publish(doc, outcome);
    return outcome;
  }

  private publish(doc: vscode.TextDocument, outcome: AuditOutcome): void {
    const at = (offset: number) => doc.positionAt(offset);
    this.collection.set(
      doc.uri,
      outcome.findings.map((f) => {
        const severity = f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
        const d = new vscode.Diagnostic(new vscode.Range(at(f.offset), at(f.offset + f.length)), f.message, severity);
        d.source = AUDIT_SOURCE;
        d.code = f.code;
        d.relatedInformation = f.related.map(
          (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, at(r.offset)), r.message),
        );
        return d;
      }),
    );
  }

  /** The command: the export (given, active, or chosen), a credential report if wanted, the report in a webview. */
  async openReport(uri?: vscode.Uri, credentialReport?: vscode.Uri): Promise<AuditReportOutcome | undefined> {
    const doc = await this.exportDocument(uri);
    if (!doc) return undefined;
    const report = credentialReport ?? (uri ? undefined : await this.askCredentialReport());
    const csv = report ? new TextDecoder().decode(await vscode.workspace.fs.readFile(report)) : undefined;
    const name = doc.uri.path.split('/').pop() || doc.uri.toString();
    const page = { file: name, ...(report ? { credentialReport: report.path.split('/').pop() ?? '' } : {}) };
    const outcome = await this.audit(doc, { ...(csv !== undefined ? { credentialReport: csv } : {}), report: page });
    if ('error' in outcome || outcome.html === undefined) {
      void this.ui.showErrorMessage(`Force MFA: cannot audit ${name}: ${'error' in outcome ? outcome.error : 'no report'}`);
      return undefined;
    }
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `MFA audit: ${name}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    // The page's own Content-Security-Policy (default-src 'none'; inline styles only) forbids scripts and every fetch.
    panel.webview.html = outcome.html;
    const { users, failing } = outcome.totals;
    return { users, failing, panel, slices: outcome.slices, longestSliceMs: outcome.longestSliceMs, where: this.runner.where };
  }

  private async exportDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    if (active && isAccountExport(active)) return active;
    const chosen = await this.ui.showOpenDialog({
      title: 'Account export (aws iam get-account-authorization-details --output json)',
      filters: { JSON: ['json'] },
      canSelectMany: false,
    });
    return chosen?.[0] ? vscode.workspace.openTextDocument(chosen[0]) : undefined;
  }

  private async askCredentialReport(): Promise<vscode.Uri | undefined> {
    const items = [
      { label: 'Without a credential report' },
      { label: 'With a credential report…', detail: 'aws iam get-credential-report (CSV)' },
    ];
    const picked = await this.ui.showQuickPick(items, { title: 'Force MFA: Audit Account Export' });
    if (picked !== items[1]) return undefined;
    const chosen = await this.ui.showOpenDialog({ title: 'Credential report (CSV)', filters: { CSV: ['csv'] }, canSelectMany: false });
    return chosen?.[0];
  }

  dispose(): void {
    this.runner.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

/** Wires the audit into the extension: the exports' findings and "Force MFA: Audit Account Export…". */
export function registerAccountAudit(context: vscode.ExtensionContext, core: LazyCore, ui: Ui, load: FileLoader): ExportAudits {
  const version = String(context.extension.packageJSON.version ?? '');
  const worker = vscode.Uri.joinPath(context.extensionUri, 'dist', ...WORKER_FILE.split('/')).fsPath;
  const audits = new ExportAudits(core, ui, load, version, worker);
  context.subscriptions.push(
    audits,
    vscode.commands.registerCommand('forceMfa.auditExport', (uri?: unknown, report?: unknown): Promise<AuditReportOutcome | undefined> =>
      guardAsync('Audit', () =>
        audits.openReport(uri instanceof vscode.Uri ? uri : undefined, report instanceof vscode.Uri ? report : undefined),
      ),
    ),
  );
  return audits;
}
