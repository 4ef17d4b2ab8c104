// `.force-mfa.json` in the editor: the nearest one to a document, within its workspace folder, read
// with workspace.fs (so it works in the web host too), parsed by the lazily loaded core. The file wins
// over the forceMfa.* settings, which stay personal defaults. Its errors are diagnostics in the file
// itself. A change (FileSystemWatcher, or a save in the editor) re-lints the open documents. The code
// actions "Ignore this finding in .force-mfa.json…" and "Show documentation for <rule>" live here.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, FixAllOptions, ForceMfaConfig, LintOptions, LintResult } from '../core';
import type { Core, LazyCore } from './core-loader';
import type { Linter } from './diagnostics';
import { guard, guardAsync, type Ui } from './ui';

export const CONFIG_FILE = '.force-mfa.json';
export const IGNORE_COMMAND = 'forceMfa.ignoreFinding';
export const DOCS_COMMAND = 'forceMfa.showRuleDocumentation';

/** The configuration that applies to a document. */
export interface ProjectConfig {
  uri: vscode.Uri;
  /** The folder its globs are relative to. */
  dir: vscode.Uri;
  config: ForceMfaConfig;
}

/** What the store knows of a folder: its configuration file's URI, none, or not yet. */
type Lookup = vscode.Uri | null | Promise<void>;

const parentOf = (uri: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(uri, '..');
const sameUri = (a: vscode.Uri, b: vscode.Uri) => a.toString() === b.toString();

/** The path of `uri` relative to the folder `dir` ('/'-separated), or undefined when it is not inside. */
export function relativePath(dir: vscode.Uri, uri: vscode.Uri): string | undefined {
  const base = dir.path.endsWith('/') ? dir.path : `${dir.path}/`;
  return uri.scheme === dir.scheme && uri.authority === dir.authority && uri.path.startsWith(base)
    ? uri.path.slice(base.length)
    : undefined;
}

export class ConfigStore implements vscode.Disposable {
  /** Errors of each configuration file, shown in the file itself. */
  readonly problems = vscode.languages.createDiagnosticCollection('force-mfa-config');
  private readonly lookups = new Map<string, Lookup>();
  /** Each configuration file's text, or null when it cannot be read; parsed on demand with the core. */
  private readonly texts = new Map<string, string | null | Promise<void>>();
  private readonly parsed = new Map<string, ForceMfaConfig>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Bumped by reset: a read or look-up begun before it must not store what it found. */
  private generation = 0;

  /**
   * `changed` runs when something that was being read is there, or a configuration changed: re-lint
   * the open documents. An open configuration is checked as it is typed, once `core` is loaded.
   */
  constructor(
    private readonly changed: () => void,
    private readonly core: LazyCore,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const reset = () => guard('configuration changed', () => this.reset());
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reset),
      watcher.onDidChange(reset),
      watcher.onDidDelete(reset),
      // A save in this editor, where the file system sends no event (some virtual file systems).
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.path.endsWith(`/${CONFIG_FILE}`)) reset();
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.check(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.check(e.document)),
    );
  }

  /** An open configuration's problems, as it is typed (once the core is loaded). */
  check(doc: vscode.TextDocument): void {
    guard('check configuration', () => {
      const core = doc.uri.path.endsWith(`/${CONFIG_FILE}`) ? this.core.now() : undefined;
      if (core) this.publish(doc.uri, core.parseConfig(doc.getText()).errors);
    });
  }

  private publish(uri: vscode.Uri, errors: ReturnType<Core['parseConfig']>['errors']): void {
    this.problems.set(
      uri,
      errors.map((e) => {
        const range = new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1);
        const d = new vscode.Diagnostic(range, e.message, vscode.DiagnosticSeverity.Error);
        d.source = 'force-mfa';
        return d;
      }),
    );
  }

  /** Forgets everything read: the next lint of each document reads its configuration again. */
  reset(): void {
    this.generation++;
    this.lookups.clear();
    this.texts.clear();
    this.parsed.clear();
    // A deleted file's problems go; the others come back as their files are read again.
    this.problems.clear();
    this.changed();
  }

  /**
   * The configuration of a document now: undefined when none applies (no workspace folder, no file),
   * 'pending' while it is being read (the store re-lints when it is there).
   */
  forDocument(doc: vscode.TextDocument, core: Core): ProjectConfig | undefined | 'pending' {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return undefined;
    const uri = this.nearest(parentOf(doc.uri), folder.uri);
    if (uri === 'pending' || uri === undefined) return uri;
    const key = uri.toString();
    const text = this.texts.get(key);
    if (text === undefined) {
      this.texts.set(key, this.read(uri));
      return 'pending';
    }
    if (text === null) return undefined;
    if (typeof text !== 'string') return 'pending';
    let config = this.parsed.get(key);
    if (!config) {
      const result = core.parseConfig(text);
      config = result.config;
      this.parsed.set(key, config);
      // An open configuration shows the problems of what is typed; a closed one, of what is saved.
      const open = vscode.workspace.textDocuments.find((d) => sameUri(d.uri, uri));
      this.publish(uri, open ? core.parseConfig(open.getText()).errors : result.errors);
    }
    return { uri, dir: parentOf(uri), config };
  }

  /** The configuration file for a folder, looking upward to the workspace folder; each folder's answer is kept. */
  private nearest(dir: vscode.Uri, root: vscode.Uri): vscode.Uri | undefined | 'pending' {
    const chain: vscode.Uri[] = [];
    // The answer of the nearest folder above that is known: the fallback of the folders below it.
    let above: vscode.Uri | null = null;
    for (let at = dir; ; at = parentOf(at)) {
      const known = this.lookups.get(at.toString());
      if (known instanceof Promise) return 'pending';
      if (known !== undefined) {
        // A folder above that has no file says nothing of the folders below it, which were not looked at.
        if (chain.length === 0) return known ?? undefined;
        above = known;
        break;
      }
      chain.push(at);
      if (sameUri(at, root) || relativePath(root, at) === undefined) break;
    }
    // Not known yet: look at each folder of the chain at once, then lint again.
    const done = this.lookUp(chain, above).then(() => this.changed());
    for (const at of chain) this.lookups.set(at.toString(), done);
    return 'pending';
  }

  private async lookUp(chain: readonly vscode.Uri[], above: vscode.Uri | null): Promise<void> {
    const generation = this.generation;
    const found = await Promise.all(
      chain.map((at) =>
        Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(at, CONFIG_FILE))).then(
          (st) => (st.type & vscode.FileType.File) !== 0,
          () => false,
        ),
      ),
    );
    if (generation !== this.generation) return;
    // Each folder gets the nearest file at or above it.
    let nearest: vscode.Uri | null = above;
    for (let i = chain.length - 1; i >= 0; i--) {
      if (found[i]) nearest = vscode.Uri.joinPath(chain[i]!, CONFIG_FILE);
      this.lookups.set(chain[i]!.toString(), nearest);
    }
  }

  private async read(uri: vscode.Uri): Promise<void> {
    const generation = this.generation;
    let text: string | null;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = null;
    }
    if (generation !== this.generation) return;
    this.texts.set(uri.toString(), text);
    this.changed();
  }

  /** The configuration file a new ignore entry goes to: the nearest one, else a new one in the workspace folder. */
  async targetFor(doc: vscode.TextDocument): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    if (!folder) return undefined;
    // Each pass waits for a look-up in flight (its own folder's, or a folder's above it): bounded, and
    // never a loop of resolved promises, which would hold the extension host's thread.
    for (let pass = 0; pass < 64; pass++) {
      const uri = this.nearest(parentOf(doc.uri), folder.uri);
      if (uri !== 'pending') return uri ?? vscode.Uri.joinPath(folder.uri, CONFIG_FILE);
      await (this.lookUpInFlight(parentOf(doc.uri), folder.uri) ?? new Promise((r) => setTimeout(r, 20)));
    }
    return undefined;
  }

  /** The look-up in flight of `dir` or of the nearest folder above it (up to `root`) that has one. */
  private lookUpInFlight(dir: vscode.Uri, root: vscode.Uri): Promise<void> | undefined {
    for (let at = dir; ; at = parentOf(at)) {
      const known = this.lookups.get(at.toString());
      if (known instanceof Promise) return known;
      if (sameUri(at, root) || relativePath(root, at) === undefined || sameUri(parentOf(at), at)) return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.problems.dispose();
  }
}

/** The document's lint options with its configuration's: the file wins over the settings. */
export function withProjectConfig(options: LintOptions, project: ProjectConfig | undefined, core: Core): LintOptions {
  if (!project) return options;
  const fromFile = core.configLintOptions(project.config);
  return { ...options, ...fromFile, rules: { ...options.rules, ...fromFile.rules } };
}

/** Is the document excluded by its configuration? */
export function excludedByProject(doc: vscode.TextDocument, project: ProjectConfig | undefined, core: Core): boolean {
  // The configuration is no policy: its own problems are shown by the store.
  if (doc.uri.path.endsWith(`/${CONFIG_FILE}`)) return true;
  const rel = project && relativePath(project.dir, doc.uri);
  return rel !== undefined && core.isExcludedByConfig(project!.config, rel);
}

/** The result without the findings its configuration accepts (those are not shown in the editor). */
export function withoutIgnored(
  doc: vscode.TextDocument,
  text: string,
  options: LintOptions,
  result: LintResult,
  project: ProjectConfig | undefined,
  core: Core,
): LintResult {
  const rel = project && relativePath(project.dir, doc.uri);
  if (rel === undefined) return result;
  return core.applyIgnores(result, core.entriesFor(project!.config, rel), text, options).result;
}

/** The findings its configuration accepts in a text of the document (none: undefined): fix-all leaves them alone. */
export function acceptedByProject(
  doc: vscode.TextDocument,
  options: LintOptions,
  project: ProjectConfig | undefined,
  core: Core,
): FixAllOptions['accepted'] | undefined {
  const rel = project && relativePath(project.dir, doc.uri);
  const entries = rel === undefined ? [] : core.entriesFor(project!.config, rel);
  if (entries.length === 0) return undefined;
  return (text, result) => core.applyIgnores(result, entries, text, options).suppressed.map((s) => s.diagnostic);
}

/** The two actions every force-mfa finding offers beside its fixes. */
export function configActions(
  doc: vscode.TextDocument,
  diag: vscode.Diagnostic,
  finding: CoreDiagnostic,
  docsUrl?: string,
): vscode.CodeAction[] {
  const ignore = new vscode.CodeAction(`Ignore this finding in ${CONFIG_FILE}…`, vscode.CodeActionKind.QuickFix);
  ignore.diagnostics = [diag];
  ignore.command = { title: ignore.title, command: IGNORE_COMMAND, arguments: [doc.uri, finding.rule, finding.offset] };
  const docs = new vscode.CodeAction(`Show documentation for ${finding.rule}`, vscode.CodeActionKind.QuickFix);
  docs.diagnostics = [diag];
  docs.command = { title: docs.title, command: DOCS_COMMAND, arguments: [finding.rule, docsUrl] };
  return [ignore, docs];
}

/** What the ignore command needs from the extension. */
export interface IgnoreContext {
  ui: Ui;
  store: ConfigStore;
  /** The core and the options the document was last linted with. */
  linted(doc: vscode.TextDocument): { core: Core; options: LintOptions } | undefined;
}

/**
 * "Ignore this finding in .force-mfa.json…": asks for the reason, then appends an entry (the file,
 * the rule, and the statement's Sid or pointer when the finding is inside one) to the nearest
 * configuration, creating it in the workspace folder when there is none. Edits keep the file's
 * comments and formatting, and the file is saved, so the CLI sees the same entry.
 */
export async function ignoreFinding(ctx: IgnoreContext, uri: unknown, rule: unknown, offset: unknown): Promise<boolean> {
  if (!(uri instanceof vscode.Uri) || typeof rule !== 'string' || typeof offset !== 'number') return false;
  const doc = vscode.workspace.textDocuments.find((d) => sameUri(d.uri, uri));
  const linted = doc && ctx.linted(doc);
  const target = doc && (await ctx.store.targetFor(doc));
  if (!doc || !linted || !target) {
    await ctx.ui.showErrorMessage(`Force MFA: a finding can be ignored in ${CONFIG_FILE} only in a file of an open workspace folder.`);
    return false;
  }
  const reason = await ctx.ui.showInputBox({
    title: `Ignore ${rule} in ${CONFIG_FILE}`,
    prompt: 'Why is this finding accepted? (required: the reason is kept in the file for reviewers)',
    validateInput: (v) => (v.trim() === '' ? 'A reason is required.' : undefined),
  });
  if (reason === undefined || reason.trim() === '') return false;
  const { core, options } = linted;
  const entry = {
    files: relativePath(parentOf(target), doc.uri)!,
    rule,
    ...core.placeOfFinding(doc.getText(), options, offset),
    reason: reason.trim(),
  };
  const exists = await Promise.resolve(vscode.workspace.fs.stat(target)).then(
    () => true,
    () => false,
  );
  if (!exists) await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(''));
  const configDoc = await vscode.workspace.openTextDocument(target);
  const edits = core.addIgnoreEntry(configDoc.getText(), entry, {
    tabSize: 2,
    insertSpaces: true,
    eol: configDoc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  });
  if (typeof edits === 'string') {
    await ctx.ui.showErrorMessage(`Force MFA: ${CONFIG_FILE} ${edits}`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits)
    edit.replace(target, new vscode.Range(configDoc.positionAt(e.offset), configDoc.positionAt(e.offset + e.length)), e.content);
  if (!(await vscode.workspace.applyEdit(edit)) || !(await configDoc.save())) return false;
  ctx.store.reset();
  return true;
}

/** "Show documentation for <rule>": the page shipped in the extension (docs/rules/<rule>.md), else its URL. */
export async function showRuleDocumentation(extensionUri: vscode.Uri, rule: unknown, docsUrl: unknown): Promise<boolean> {
  if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) return false;
  const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
  const shipped = await Promise.resolve(vscode.workspace.fs.stat(page)).then(
    () => true,
    () => false,
  );
  if (shipped) {
    await vscode.commands.executeCommand('markdown.showPreview', page);
    return true;
  }
  return typeof docsUrl === 'string' && docsUrl.startsWith('https://') ? vscode.env.openExternal(vscode.Uri.parse(docsUrl)) : false;
}

/** The store and the two commands of its code actions, to dispose with the extension. */
export function registerConfigCommands(store: ConfigStore, ui: Ui, linter: Linter, extensionUri: vscode.Uri): vscode.Disposable[] {
  const ctx: IgnoreContext = { ui, store, linted: (doc) => linter.ensure(doc) ?? linter.run(doc) };
  return [
    store,
    vscode.commands.registerCommand(IGNORE_COMMAND, (uri?: unknown, rule?: unknown, offset?: unknown) =>
      guardAsync('Ignore finding', () => ignoreFinding(ctx, uri, rule, offset)),
    ),
    vscode.commands.registerCommand(DOCS_COMMAND, (rule?: unknown, url?: unknown) =>
      guardAsync('Show documentation', () => showRuleDocumentation(extensionUri, rule, url)),
    ),
  ];
}
