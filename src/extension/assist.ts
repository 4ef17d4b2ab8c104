// Completion and hover for IAM actions and condition keys in JSON, YAML and Terraform policies (the core's
// completionsAt/hoverAt say what stands where and what to offer), and the catalogue of every AWS action
// they and the unknown-action rule need: dist/iam-actions.json (418 KB), read with workspace.fs in the
// Node and the web worker hosts alike on the first lint, completion or hover, never at activation.
import * as vscode from 'vscode';
import type { AssistFormat } from '../core';
import type { BytesReader, Core, LazyCore } from './core-loader';
import { rangeOf } from './diagnostics';
import { guard } from './ui';

export const ACTION_CATALOGUE_FILE = 'iam-actions.json';

/** Loads the action catalogue once and hands it to the core; `onLoaded` re-lints what was linted without it. */
export class ActionCatalogue {
  private loading: Promise<boolean> | undefined;
  private done = false;

  constructor(
    private readonly read: BytesReader,
    private readonly onLoaded: () => void,
  ) {}

  get loaded(): boolean {
    return this.done;
  }

  /** Starts loading (once) and resolves when the core has it; false if it could not be read. */
  ensure(core: Core): Promise<boolean> {
    this.loading ??= (async () => {
      try {
        const bytes = await this.read(ACTION_CATALOGUE_FILE);
        this.done = core.provideActionCatalogue(JSON.parse(new TextDecoder().decode(bytes)));
        if (!this.done) console.error('[force-mfa] the action catalogue is not in the expected shape');
      } catch (e) {
        console.error(`[force-mfa] could not read the action catalogue: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (this.done) this.onLoaded();
      return this.done;
    })();
    return this.loading;
  }
}

/** The format the core reads a document in for completion and hover; undefined for those it does not assist. */
function assistFormat(doc: vscode.TextDocument): AssistFormat | undefined {
  if (doc.languageId === 'json' || doc.languageId === 'jsonc') return 'json';
  if (doc.languageId === 'yaml') return 'yaml';
  if (doc.languageId === 'terraform' || doc.uri.path.endsWith('.tf')) return 'hcl';
  if (doc.uri.path.endsWith('.template')) return /^\uFEFF?\s*[[{]/.test(doc.getText()) ? 'json' : 'yaml';
  return undefined;
}

/** The selector both providers are registered for. */
export const ASSIST_SELECTOR: vscode.DocumentSelector = [
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'yaml' },
  { pattern: '**/*.template' },
  { language: 'terraform' },
  { pattern: '**/*.tf' },
];

/** Completion and hover run as the user types: a failure is logged, never shown as a message each time. */
async function quietly<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    console.error(`[force-mfa] ${what} failed:`, e);
    return undefined;
  }
}

const KINDS = {
  service: vscode.CompletionItemKind.Module,
  action: vscode.CompletionItemKind.Function,
  'condition-key': vscode.CompletionItemKind.Property,
} as const;

export class ActionAssist implements vscode.CompletionItemProvider, vscode.HoverProvider {
  constructor(
    private readonly core: LazyCore,
    private readonly catalogue: ActionCatalogue,
  ) {}

  /** The core (with the YAML reader when the document needs it) and the catalogue, loaded if need be. */
  private async ready(format: AssistFormat): Promise<Core | undefined> {
    const core = await this.core.ready(format === 'json' ? undefined : format);
    if (core) await this.catalogue.ensure(core);
    return core;
  }

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    return quietly('completion', async () => {
      const format = assistFormat(doc);
      const core = format && (await this.ready(format));
      if (!format || !core) return undefined;
      const found = core.completionsAt(doc.getText(), doc.offsetAt(position), format);
      if (!found) return undefined;
      const range = rangeOf(doc, found.offset, found.length);
      return found.items.map((i) => {
        const item = new vscode.CompletionItem(i.label, KINDS[i.kind]);
        item.detail = i.detail;
        item.range = range;
        if (i.sortText) item.sortText = i.sortText;
        // After a service prefix, go straight on to its actions.
        if (i.kind === 'service') item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest actions' };
        return item;
      });
    });
  }

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    return quietly('hover', async () => {
      const format = assistFormat(doc);
      const core = format && (await this.ready(format));
      if (!format || !core) return undefined;
      const found = core.hoverAt(doc.getText(), doc.offsetAt(position), format);
      return found && new vscode.Hover(new vscode.MarkdownString(found.markdown), rangeOf(doc, found.offset, found.length));
    });
  }
}

/**
 * Registers completion and hover, and starts loading the catalogue with the first lint that has a result
 * (the unknown-action rule's "first check"). `onLoaded` re-lints the open documents once the core has it.
 */
export function registerActionAssist(
  core: LazyCore,
  linter: { onDidLint: vscode.Event<vscode.Uri> },
  read: BytesReader,
  onLoaded: () => void,
): vscode.Disposable & { readonly catalogueLoaded: boolean } {
  const catalogue = new ActionCatalogue(read, onLoaded);
  const assist = new ActionAssist(core, catalogue);
  const parts = vscode.Disposable.from(
    vscode.languages.registerCompletionItemProvider(ASSIST_SELECTOR, assist, '"', "'", ':'),
    vscode.languages.registerHoverProvider(ASSIST_SELECTOR, assist),
    linter.onDidLint(() =>
      guard('action catalogue', () => {
        const c = core.now();
        if (c && !catalogue.loaded) void catalogue.ensure(c);
      }),
    ),
  );
  return {
    dispose: () => parts.dispose(),
    get catalogueLoaded() {
      return catalogue.loaded;
    },
  };
}
