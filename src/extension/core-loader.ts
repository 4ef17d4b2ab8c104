// The activation bundle holds none of the core: VS Code loads a thin extension, and the core (with
// the IAM catalogue) is loaded on the first lint, the YAML front-end (the `yaml` package) on the first
// YAML or Markdown text that may hold a policy. Both are files of dist/lazy/ (scripts/extension-bundles.mjs).
// In the Node host they are require()d, synchronously, so a lint never waits; in the web worker host,
// which cannot require() a file, they are imported as the body of an ES module (docs/decisions/bundle-budget.md
// says what else was tried there), and the documents that asked meanwhile are linted once they are there.
// The HCL front-end (tree-sitter's Terraform grammar, WebAssembly) loads on the first Terraform text that
// may hold a policy, in both hosts asynchronously (WebAssembly is compiled asynchronously): its script as
// above, its two .wasm files as bytes read with workspace.fs and handed over, so that web-tree-sitter
// fetches nothing (an extension's files are not always on a URL that fetch() reaches).
import * as vscode from 'vscode';
import type * as CoreEntry from '../core/extension-entry';
import type * as HclEntry from '../core/hcl-front-end';
import type * as YamlEntry from '../core/yaml-front-end';

export type Core = typeof CoreEntry;

export const CORE_FILE = 'lazy/core.js';
export const YAML_FILE = 'lazy/yaml.js';
export const HCL_FILE = 'lazy/hcl.js';
const HCL_WASM = ['tree-sitter.wasm', 'tree-sitter-terraform.wasm'];

/** A front-end loaded apart from the core, with the first text that needs it. */
export type FrontEnd = 'yaml' | 'hcl';

/** Loads one of the extension's CommonJS files under dist/: its exports, now or later. */
export type FileLoader = (file: string) => unknown;
/** Reads one of the extension's files under dist/. */
export type BytesReader = (file: string) => Promise<Uint8Array>;

export function hostReader(extensionUri: vscode.Uri): BytesReader {
  return async (file) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', ...file.split('/')));
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
/** Runs `next` on a value that is there now (Node) or will be (web), keeping it synchronous when it can. */
const chain = <T>(value: unknown, next: (v: unknown) => T | Promise<T>): T | Promise<T> =>
  isThenable(value) ? Promise.resolve(value).then(next) : next(value);

export function hostLoader(extensionUri: vscode.Uri): FileLoader {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file chosen at run time, outside the bundle
    return (file) => require(vscode.Uri.joinPath(extensionUri, 'dist', ...file.split('/')).fsPath) as unknown;
  }
  // The web worker host blocks importScripts and has no require(); it does load ES modules. The file
  // is read through workspace.fs (which reaches the extension's files whatever their scheme), given the
  // `module` of a CommonJS file inside an ES module, and imported from a Blob URL: the browser's own
  // module loader, no eval in this bundle, and the same file as the Node host's.
  return async (file) => {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', ...file.split('/')));
    const parts = [
      'const module = { exports: {} }, exports = module.exports;\n',
      bytes as Uint8Array<ArrayBuffer>,
      '\nexport default module.exports;\n',
    ];
    const url = URL.createObjectURL(new Blob(parts, { type: 'text/javascript' }));
    try {
      return ((await import(url)) as { default: unknown }).default;
    } finally {
      URL.revokeObjectURL(url);
    }
  };
}

export class LazyCore {
  private core: Core | undefined;
  private readonly loaded = new Set<FrontEnd>();
  /** Front-ends that failed to load: the core reads without them (a Terraform file then says its reader is not loaded). */
  private readonly failed = new Set<FrontEnd>();
  private pending: Promise<unknown> | undefined;
  private broken = false;

  /** `onLoaded` runs when something loaded later (the web host, the HCL reader) is there: lint what waited for it. */
  constructor(
    private readonly load: FileLoader,
    private readonly onLoaded: () => void,
    private readonly read: BytesReader,
  ) {}

  /** Whether the YAML front-end is loaded (the integration suite checks when it loads). */
  get yamlLoaded(): boolean {
    return this.loaded.has('yaml');
  }

  /** Whether the HCL front-end is loaded (the integration suite checks when it loads). */
  get hclLoaded(): boolean {
    return this.loaded.has('hcl');
  }

  private has(front: FrontEnd | undefined): boolean {
    return !!this.core && (!front || this.loaded.has(front) || this.failed.has(front));
  }

  /** The core (with the front-end asked for) if it is there; else starts loading it and answers undefined. */
  now(front?: FrontEnd): Core | undefined {
    if (this.has(front)) return this.core;
    if (this.pending || this.broken) return undefined;
    try {
      const loaded = this.attempt(front);
      if (!isThenable(loaded)) return loaded;
      this.pending = loaded.then(
        () => {
          this.pending = undefined;
          this.onLoaded();
        },
        (e: unknown) => this.fail(e, front),
      );
    } catch (e) {
      this.fail(e, front);
    }
    return undefined;
  }

  /** The core (with the front-end asked for), waiting for it if need be; undefined if it cannot be loaded. */
  async ready(front?: FrontEnd): Promise<Core | undefined> {
    while (!this.has(front) && !this.broken) {
      if (!this.now(front) && this.pending) await this.pending;
    }
    return this.has(front) ? this.core : undefined;
  }

  private attempt(front: FrontEnd | undefined): Core | Promise<Core> {
    const withCore = (core: Core): Core | Promise<Core> => {
      this.core = core;
      if (!front || this.loaded.has(front)) return core;
      return chain(front === 'yaml' ? this.load(YAML_FILE) : this.loadHcl(core), (exports) => {
        if (front === 'yaml') core.provideYamlFrontEnd((exports as typeof YamlEntry).parseYaml);
        this.loaded.add(front);
        return core;
      });
    };
    return this.core ? withCore(this.core) : chain(this.load(CORE_FILE), (core) => withCore(core as Core));
  }

  /** The HCL front-end's script and its two WebAssembly files, read at once; the parser made and handed to the core. */
  private async loadHcl(core: Core): Promise<void> {
    const [hcl, runtime, grammar] = await Promise.all([Promise.resolve(this.load(HCL_FILE)), ...HCL_WASM.map(this.read)]);
    core.provideHclFrontEnd(await (hcl as typeof HclEntry).createHclFrontEnd({ runtime: runtime!, grammar: grammar! }));
  }

  /** A front-end that cannot load leaves the core and the other front-ends working; a core that cannot load, nothing. */
  private fail(e: unknown, front: FrontEnd | undefined): void {
    this.pending = undefined;
    if (front === 'hcl' && this.core) {
      this.failed.add(front);
      this.onLoaded();
    } else this.broken = true;
    console.error(
      `[force-mfa] could not load the ${front === 'hcl' ? 'Terraform reader' : 'linter'}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
