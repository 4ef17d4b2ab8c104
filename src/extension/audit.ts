// The account audit in the editor (issue 15). An open account export (the JSON of
// `aws iam get-account-authorization-details`) gets a finding on each user who is not forced to use MFA
// or is locked out of enrolment, at the user's entry, with the policies that reach the user as related
// locations. "Force MFA: Audit Account Export…" opens the audit's HTML report (the CLI's page) in a
// webview without scripts or network. The audit runs in slices (./audit-job.ts): the host's main path
// is never held longer than a slice, and a job whose document changed stops at the next one.
import * as vscode from 'vscode';
import type { PolicySource, UserAudit } from '../core';
import { runAuditJob, firstAfter, type AuditJob, type ExportPlaces } from './audit-job';
import type { AuditRun } from './audit-report';
import type { Core, FileLoader, LazyCore } from './core-loader';
import { readSettings } from './settings';
import type { Ui } from './ui';

export const AUDIT_SOURCE = 'force-mfa audit';
export const REPORT_VIEW_TYPE = 'forceMfa.auditReport';
const REPORT_FILE = 'lazy/audit-report.js';
/** Exports of large accounts reach tens of megabytes; the CLI reads up to 200 MB too. */
const MAX_EXPORT_SIZE = 200 * 1024 * 1024;
const MAX_RELATED = 20;
const MAX_MESSAGE = 2000;

export interface AuditReportOutcome {
  users: number;
  failing: number;
  panel: vscode.WebviewPanel;
  slices: number;
  longestSliceMs: number;
}

/** An export names UserDetailList near its start (the AWS CLI writes it first); only the head is read to tell. */
export function isAccountExport(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'jsonc' && !doc.uri.path.endsWith('.json')) return false;
  const head = doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(65_536)));
  return head.includes('"UserDetailList"');
}

/** Where a policy that reaches the user stands in the export: an inline one after its owner's entry, a managed one in Policies. */
function policyOffset(p: PolicySource, places: ExportPlaces, userAt: number): number | undefined {
  if (p.kind === 'inline') return firstAfter(places.inline.get(p.name), userAt);
  if (p.kind === 'group-inline') {
    const group = places.groups.get(p.group ?? '');
    return group === undefined ? undefined : firstAfter(places.inline.get(p.name), group);
  }
  return places.managed.get(p.name);
}

function messageOf(u: UserAudit): string {
  const verdict = u.mfa === 'enforced' ? 'forced to use MFA' : u.mfa === 'weak' ? 'not fully forced to use MFA' : 'not forced to use MFA';
  const parts = [`${u.user} is ${verdict}${u.decided ? '' : ' (not decided)'}: ${u.reason}`];
  if (u.lockout.length) parts.push(`Locked out of enrolment: ${u.enrolReason}`);
  const text = parts.join(' ');
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}\u2026` : text;
}

export class ExportAudits implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(AUDIT_SOURCE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly jobs = new Map<string, { version: number; job: AuditJob }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly core: LazyCore,
    private readonly ui: Ui,
    private readonly load: FileLoader,
    private readonly version: string,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document, 500)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
    ];
    for (const doc of vscode.workspace.textDocuments) this.schedule(doc, 0);
  }

  /** The last audit of this document, if it is current (the integration suite reads the slices). */
  current(doc: vscode.TextDocument): AuditJob | undefined {
    const j = this.jobs.get(doc.uri.toString());
    return j && j.version === doc.version ? j.job : undefined;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
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
    this.jobs.delete(uri.toString());
    this.collection.delete(uri);
  }

  /** Audits the document (with the credential report's text, for the report) and publishes its findings. */
  async audit(doc: vscode.TextDocument, credentialReport?: string): Promise<AuditJob | { error: string }> {
    const cached = credentialReport === undefined ? this.current(doc) : undefined;
    if (cached) return cached;
    const core = await this.core.ready();
    if (!core) return { error: 'the linter could not be loaded' };
    const version = doc.version;
    const text = doc.getText();
    if (text.length > MAX_EXPORT_SIZE) return { error: `the export has ${text.length} characters, more than ${MAX_EXPORT_SIZE}` };
    const job = await runAuditJob(core, text, {
      ...(credentialReport !== undefined ? { credentialReport } : {}),
      allowPasswordChangeWithoutMfa: readSettings(doc.uri).allowPasswordChangeWithoutMfa,
      cancelled: () => doc.isClosed || doc.version !== version,
    });
    if ('error' in job || doc.isClosed || doc.version !== version) return job;
    if (credentialReport === undefined) this.jobs.set(doc.uri.toString(), { version, job });
    this.publish(doc, job, core);
    return job;
  }

  private publish(doc: vscode.TextDocument, job: AuditJob, core: Core): void {
    const diagnostics: vscode.Diagnostic[] = [];
    for (const u of job.result.users) {
      const at = job.places.users.get(u.user);
      if (!u.failing || at === undefined) continue;
      const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + u.user.length + 2));
      const d = new vscode.Diagnostic(
        range,
        messageOf(u),
        u.lockout.length ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = AUDIT_SOURCE;
      d.code = u.lockout.length ? 'locked-out' : u.mfa === 'weak' ? 'user-weak' : 'user-not-forced';
      d.relatedInformation = u.policies.slice(0, MAX_RELATED).flatMap((p) => {
        const offset = policyOffset(p, job.places, at);
        if (offset === undefined) return [];
        const where = new vscode.Location(doc.uri, doc.positionAt(offset));
        return [new vscode.DiagnosticRelatedInformation(where, core.sourceLabel(p))];
      });
      diagnostics.push(d);
    }
    this.collection.set(doc.uri, diagnostics);
  }

  /** The command: the export (given, active, or chosen), a credential report if wanted, the report in a webview. */
  async openReport(uri?: vscode.Uri, credentialReport?: vscode.Uri): Promise<AuditReportOutcome | undefined> {
    const doc = await this.exportDocument(uri);
    if (!doc) return undefined;
    const report = credentialReport ?? (uri ? undefined : await this.askCredentialReport());
    const csv = report ? new TextDecoder().decode(await vscode.workspace.fs.readFile(report)) : undefined;
    const job = await this.audit(doc, csv);
    if ('error' in job) {
      void this.ui.showErrorMessage(`Force MFA: cannot audit ${doc.uri.path.split('/').pop()}: ${job.error}`);
      return undefined;
    }
    const name = doc.uri.path.split('/').pop() || doc.uri.toString();
    const run: AuditRun = {
      file: name,
      abs: doc.uri.fsPath,
      result: job.result,
      places: new Map(),
      notes: job.notes,
      version: this.version,
      cwd: '',
      ...(report ? { credentialReport: report.path.split('/').pop() ?? '' } : {}),
    };
    const renderer = (await Promise.resolve(this.load(REPORT_FILE))) as typeof import('./audit-report');
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, `MFA audit: ${name}`, vscode.ViewColumn.Beside, {
      enableScripts: false,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    // The page's own Content-Security-Policy (default-src 'none'; inline styles only) forbids scripts and every fetch.
    panel.webview.html = renderer.renderAuditReport(run);
    const { users, failing } = job.result.totals;
    return { users, failing, panel, slices: job.slices, longestSliceMs: job.longestSliceMs };
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
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
