// Lints open JSON, YAML, Markdown and Terraform documents (and CloudFormation `*.template` files) and publishes
// the findings. Runs on open and, debounced, on change; a result whose document moved on meanwhile is
// dropped; findings go when the document closes or stops being a policy. Every entry point is guarded:
// nothing throws into the extension host.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, DocumentFormat, FixAllOptions, LintOptions, LintResult, Severity } from '../core';
import type { Core, LazyCore } from './core-loader';
import { formattingFor, isExcluded, lintOptions, readSettings, type Settings } from './settings';
import { syntaxCheckedByVsCodeJson, validatedByVsCodeJson } from './schema-files';
import { acceptedByProject, ConfigStore, excludedByProject, registerConfigCommands, withoutIgnored, withProjectConfig } from './config';
import { guard, type Ui } from './ui';
import { isAccountExport } from './audit';
import { TerraformModules } from './terraform-module';

export const SOURCE = 'force-mfa';

export interface Linted {
  version: number;
  /** The indentation and line ending the fixes were built with. */
  formatting: string;
  /** The options the text was linted with (settings, formatting, format): fix-all reuses them. */
  options: LintOptions;
  /** The core that linted it: its fixes are applied with the same. */
  core: Core;
  /** The findings its .force-mfa.json accepts in a text: fix-all applies none of their fixes. */
  accepted?: FixAllOptions['accepted'];
  result: LintResult;
  /** The findings that were published, each beside the core diagnostic it came from. */
  published: Array<{ core: CoreDiagnostic; vscode: vscode.Diagnostic }>;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  // Faint dots under the text, not in the Problems panel; its quick fix is still offered.
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The format each language's text is read in (Markdown once the core reads it: DOCUMENT_FORMATS). */
const LANGUAGE_FORMATS: Record<string, string> = { json: 'json', jsonc: 'json', yaml: 'yaml', markdown: 'markdown' };
/**
 * Terraform's languages: `terraform` (HashiCorp's extension, and ours for `.tf` files without it: package.json)
 * and `terraform-vars` (HashiCorp's, for `.tfvars`). The core reads them by file name, as HCL.
 */
const TERRAFORM_LANGUAGES = ['terraform', 'terraform-vars'];
const TERRAFORM_FILES = ['.tf', '.tfvars'];
/** The languages linted: package.json's activation events and the commands' `when` clauses name the same. */
export const LANGUAGES = [...Object.keys(LANGUAGE_FORMATS), ...TERRAFORM_LANGUAGES];

/** A Terraform document: one of Terraform's languages, or a `.tf`/`.tfvars` file in any language. */
const isTerraform = (doc: vscode.TextDocument) =>
  TERRAFORM_LANGUAGES.includes(doc.languageId) || TERRAFORM_FILES.some((e) => doc.uri.path.endsWith(e));

/** A document that may hold a policy: one of LANGUAGES, a Terraform file, or a CloudFormation `*.template` file in any language. */
export const isLintedDocument = (doc: vscode.TextDocument) =>
  LANGUAGES.includes(doc.languageId) || doc.uri.path.endsWith('.template') || isTerraform(doc);

/**
 * Whether a YAML or Markdown text can hold anything the core reports: a statement needs `Effect`, a
 * template names `AWS::` types, and the core's "could not read this policy" finding needs `Statement` or
 * `MultiFactorAuthPresent`. Other YAML and Markdown files (workflows, compose files, notes) are not
 * linted, and do not load the YAML front-end.
 */
export const mayHoldPolicy = (text: string) =>
  text.includes('Effect') || text.includes('Statement') || text.includes('AWS::') || text.includes('MultiFactorAuthPresent');

/**
 * Whether a Terraform text can hold anything the core reports: a policy has statements (`statement` blocks,
 * `Statement` keys) with an effect, and the unreadable-policy finding needs one of those or the MFA key.
 */
const mayHoldTerraformPolicy = (text: string) => /statement|effect|multifactorauthpresent/i.test(text);

/**
 * What the core is told about the document: its name and, from its language, its format. The core reads
 * Terraform by the file's name: an untitled Terraform document is named as a `.tf` file.
 */
export function documentOptions(doc: vscode.TextDocument, core: Core): Pick<LintOptions, 'fileName' | 'format'> {
  if (isTerraform(doc)) {
    const named = [...TERRAFORM_FILES, '.hcl'].some((e) => doc.uri.path.endsWith(e));
    return { fileName: named ? doc.uri.path : `${doc.uri.path}.tf` };
  }
  const format = LANGUAGE_FORMATS[doc.languageId];
  const known = (core.DOCUMENT_FORMATS as readonly string[]).includes(format ?? '');
  return known ? { fileName: doc.uri.path, format: format as DocumentFormat } : { fileName: doc.uri.path };
}

export class Linter implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  private readonly state = new Map<string, Linted>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents already told that they are too large, so the message is shown once. */
  private readonly toldTooLarge = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidLint = this.changed.event;
  /** The modules of Terraform documents, made with the first one. */
  private modules: TerraformModules | undefined;

  /** The project's .force-mfa.json files (./config.ts): they win over the settings. */
  private readonly configs: ConfigStore | undefined;
  /** The store and the commands of its code actions. */
  private readonly configParts: vscode.Disposable[] = [];

  /** With the extension's folder, the project's configuration files apply, and their commands are registered. */
  constructor(
    private readonly ui: Ui,
    private readonly core: LazyCore,
    extensionUri?: vscode.Uri,
  ) {
    this.configs = extensionUri && new ConfigStore(() => this.relintAll(), core);
    if (this.configs) this.configParts = registerConfigCommands(this.configs, ui, this, extensionUri!);
  }

  /** The latest result for this document, if it is current and a policy. */
  current(doc: vscode.TextDocument): Linted | undefined {
    const s = this.state.get(doc.uri.toString());
    return s && s.version === doc.version ? s : undefined;
  }

  /**
   * The result with fixes for the editor's current indentation; lints now if the published result
   * is stale (a code action asked before the debounce fired, or the editor's tab settings changed).
   */
  ensure(doc: vscode.TextDocument): Linted | undefined {
    const linted = this.current(doc);
    if (linted) return linted.formatting === JSON.stringify(formattingFor(doc)) ? linted : this.run(doc);
    return this.timers.has(doc.uri.toString()) ? this.run(doc) : undefined;
  }

  schedule(doc: vscode.TextDocument, delayMs?: number): void {
    guard('schedule lint', () => {
      if (!isLintedDocument(doc)) {
        if (this.state.has(doc.uri.toString())) this.clear(doc.uri);
        return;
      }
      const key = doc.uri.toString();
      const pending = this.timers.get(key);
      if (pending) clearTimeout(pending);
      const delay = delayMs ?? readSettings(doc.uri).debounceMs;
      const version = doc.version;
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          // Another change since this was scheduled re-armed the timer; a closed document is gone.
          if (doc.isClosed || doc.version !== version) return;
          guard('lint', () => this.run(doc));
        }, delay),
      );
    });
  }

  run(doc: vscode.TextDocument): Linted | undefined {
    const key = doc.uri.toString();
    const pending = this.timers.get(key);
    if (pending) {
      clearTimeout(pending);
      this.timers.delete(key);
    }
    const settings = readSettings(doc.uri);
    if (doc.isClosed || !isLintedDocument(doc) || !settings.enable) {
      this.clear(doc.uri);
      return undefined;
    }
    const size = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    if (size > settings.maxFileSize) {
      this.clear(doc.uri);
      // An account export of any size is audited (./audit.ts): nothing to tell.
      if (!isAccountExport(doc)) this.tellTooLarge(doc, size, settings);
      return undefined;
    }
    this.toldTooLarge.delete(key);
    // Not loaded yet (the web host): the core's loader lints the open documents again once it is.
    const core = this.core.now();
    if (!core) return undefined;
    // Its configuration is being read: the store lints the document again once it is there.
    const project = this.configs?.forDocument(doc, core);
    if (project === 'pending') return undefined;
    const version = doc.version;
    const text = doc.getText();
    const formatting = formattingFor(doc);
    const options: LintOptions = { ...withProjectConfig(lintOptions(settings, formatting), project, core), ...documentOptions(doc, core) };
    const excluded = isExcluded(doc, settings.exclude, core.globMatchesPath) || excludedByProject(doc, project, core);
    if (excluded || !this.readable(doc, text, options, core)) {
      this.clear(doc.uri);
      return undefined;
    }
    // A Terraform file is judged with its module (./terraform-module.ts): once read, else linted again when it is.
    if (isTerraform(doc)) {
      this.modules ??= new TerraformModules((d) => this.schedule(d, 0));
      const module = this.modules.moduleOf(doc, core.terraformFileReferences(text));
      if (module) options.module = module;
    }
    // The findings its .force-mfa.json accepts are not shown (the CLI reports them as suppressed).
    const result = withoutIgnored(doc, text, options, core.lint(text, options), project, core);
    // The text may have moved on while the result was computed: a stale result is never shown.
    if (doc.isClosed || doc.version !== version) return undefined;
    // A template's findings are shown while a syntax error keeps the core from finding its policies.
    if (!core.isPolicyFile(result, text) && !(result.template && result.diagnostics.length > 0)) {
      this.clear(doc.uri);
      return undefined;
    }
    const dropSchema = validatedByVsCodeJson(doc);
    const dropSyntax = syntaxCheckedByVsCodeJson(doc);
    const published = result.diagnostics
      .filter((d) => !(dropSchema && d.rule === 'iam-schema') && !(dropSyntax && d.rule === 'json-syntax'))
      .map((d) => ({ core: d, vscode: toVsDiagnostic(doc, d, core.ruleMetas) }));
    const accepted = acceptedByProject(doc, options, project, core);
    const linted: Linted = {
      version,
      formatting: JSON.stringify(formatting),
      options,
      core,
      result,
      published,
      ...(accepted ? { accepted } : {}),
    };
    this.state.set(key, linted);
    this.collection.set(
      doc.uri,
      published.map((p) => p.vscode),
    );
    this.changed.fire(doc.uri);
    return linted;
  }

  /**
   * Whether the core can read the document now: a language whose format the core does not read yet
   * is not linted; a YAML or Markdown text waits for the YAML front-end, and a Terraform text for the
   * HCL front-end, each loaded only for a text that may hold a policy.
   */
  private readable(doc: vscode.TextDocument, text: string, options: LintOptions, core: Core): boolean {
    if (isTerraform(doc)) return mayHoldTerraformPolicy(text) && !!this.core.now('hcl');
    if (LANGUAGE_FORMATS[doc.languageId] && !options.format) return false;
    const format = core.formatOf(text, options) as string;
    if (format === 'json') return true;
    // A page whose Terraform block holds a policy (written `statement { effect = ... }`) waits for the HCL reader too.
    // (Once the reader is loaded the core makes the exact check itself: the page is not scanned twice.)
    const terraform =
      format === 'markdown' && mayHoldTerraformPolicy(text) && (this.core.hclLoaded || core.needsTerraformReader(text, 'page.md'));
    if (!(mayHoldPolicy(text) || terraform) || !this.core.now('yaml')) return false;
    return !terraform || !!this.core.now('hcl');
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) {
      clearTimeout(pending);
      this.timers.delete(key);
    }
    const had = this.state.delete(key);
    this.collection.delete(uri);
    if (had) this.changed.fire(uri);
  }

  closed(doc: vscode.TextDocument): void {
    this.clear(doc.uri);
    this.toldTooLarge.delete(doc.uri.toString());
  }

  /** Re-lints every open document at once (settings changed). */
  relintAll(): void {
    for (const doc of vscode.workspace.textDocuments) guard('relint', () => this.run(doc));
  }

  private tellTooLarge(doc: vscode.TextDocument, size: number, settings: Settings): void {
    const key = doc.uri.toString();
    if (this.toldTooLarge.has(key)) return;
    this.toldTooLarge.add(key);
    const name = doc.uri.path.split('/').pop() || doc.uri.toString();
    void Promise.resolve(
      this.ui.showInformationMessage(
        `Force MFA: ${name} is not linted: it has ${size.toLocaleString('en-US')} characters, more than forceMfa.maxFileSize (${settings.maxFileSize.toLocaleString('en-US')}).`,
      ),
    ).catch(() => undefined);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    this.changed.dispose();
    this.modules?.dispose();
    for (const d of this.configParts) d.dispose();
  }
}

export function rangeOf(doc: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + Math.max(length, 0)));
}

function toVsDiagnostic(doc: vscode.TextDocument, d: CoreDiagnostic, ruleMetas: Core['ruleMetas']): vscode.Diagnostic {
  const diag = new vscode.Diagnostic(
    rangeOf(doc, d.offset, d.length),
    d.message,
    SEVERITY[d.severity] ?? vscode.DiagnosticSeverity.Warning,
  );
  diag.source = SOURCE;
  const docs = ruleMetas.find((m) => m.name === d.rule)?.docs;
  diag.code = docs ? { value: d.rule, target: vscode.Uri.parse(docs) } : d.rule;
  if (d.related && d.related.length > 0) {
    diag.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, rangeOf(doc, r.offset, r.length)), r.message),
    );
  }
  return diag;
}
