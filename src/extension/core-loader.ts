// The activation bundle holds none of the core: VS Code loads a thin extension, and the core (with
// the IAM catalogue) is loaded on the first lint, the YAML front-end (the `yaml` package) on the first
// YAML or Markdown text that may hold a policy. Both are files of dist/lazy/ (scripts/extension-bundles.mjs).
// In the Node host they are require()d, synchronously, so a lint never waits; in the web worker host,
// which cannot require() a file, they are imported as the body of an ES module (docs/decisions/bundle-budget.md
// says what else was tried there), and the documents that asked meanwhile are linted once they are there.
import * as vscode from 'vscode';
import type * as CoreEntry from '../core/extension-entry';
import type * as YamlEntry from '../core/yaml-front-end';

export type Core = typeof CoreEntry;

export const CORE_FILE = 'lazy/core.js';
export const YAML_FILE = 'lazy/yaml.js';

/** Loads one of the extension's CommonJS files under dist/: its exports, now or later. */
export type FileLoader = (file: string) => unknown;

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
  private yaml = false;
  private pending: Promise<unknown> | undefined;
  private broken = false;

  /** `onLoaded` runs when something loaded later (the web host) is there: lint what waited for it. */
  constructor(
    private readonly load: FileLoader,
    private readonly onLoaded: () => void,
  ) {}

  /** Whether the YAML front-end is loaded (the integration suite checks when it loads). */
  get yamlLoaded(): boolean {
    return this.yaml;
  }

  private has(withYaml: boolean): boolean {
    return !!this.core && (!withYaml || this.yaml);
  }

  /** The core (with the YAML front-end when asked) if it is there; else starts loading it and answers undefined. */
  now(withYaml: boolean): Core | undefined {
    if (this.has(withYaml)) return this.core;
    if (this.pending || this.broken) return undefined;
    try {
      const loaded = this.attempt(withYaml);
      if (!isThenable(loaded)) return loaded;
      this.pending = loaded.then(
        () => {
          this.pending = undefined;
          this.onLoaded();
        },
        (e: unknown) => this.fail(e),
      );
    } catch (e) {
      this.fail(e);
    }
    return undefined;
  }

  /** The core (with the YAML front-end when asked), waiting for it if need be; undefined if it cannot be loaded. */
  async ready(withYaml: boolean): Promise<Core | undefined> {
    while (!this.has(withYaml) && !this.broken) {
      if (!this.now(withYaml) && this.pending) await this.pending;
    }
    return this.has(withYaml) ? this.core : undefined;
  }

  private attempt(withYaml: boolean): Core | Promise<Core> {
    const withCore = (core: Core): Core | Promise<Core> => {
      this.core = core;
      if (!withYaml || this.yaml) return core;
      return chain(this.load(YAML_FILE), (yaml) => {
        core.provideYamlFrontEnd((yaml as typeof YamlEntry).parseYaml);
        this.yaml = true;
        return core;
      });
    };
    return this.core ? withCore(this.core) : chain(this.load(CORE_FILE), (core) => withCore(core as Core));
  }

  private fail(e: unknown): void {
    this.pending = undefined;
    this.broken = true;
    console.error(`[force-mfa] could not load the linter: ${e instanceof Error ? e.message : String(e)}`);
  }
}
