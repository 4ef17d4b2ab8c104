// The modules of open Terraform documents, read with workspace.fs (./module-reader.ts) in both hosts. The linter
// asks synchronously: a module read already is given at once; else it is read in the background and the
// document linted again when it is there (meanwhile it is linted without it, as a lone file). A change to a file
// of a module read (on disk, or in an open document) forgets the modules of its folder and lints their documents
// again. Nothing here throws into the host: a folder that cannot be read is a module without files.
import * as vscode from 'vscode';
import type { TerraformModule } from '../core/types';
import { readModule, type EntryKind, type ModuleFs } from './module-reader';
import { guard } from './ui';

/** Modules kept at most (a new key for each path typed into a file() call): the oldest is forgotten first. */
const MAX_MODULES = 32;

function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.SymbolicLink) return 'link';
  if (type & vscode.FileType.File) return 'file';
  return type & vscode.FileType.Directory ? 'folder' : 'other';
}

const workspaceFs: ModuleFs = {
  list: async (folder) => (await vscode.workspace.fs.readDirectory(vscode.Uri.parse(folder))).map(([n, t]) => [n, kindOf(t)] as const),
  size: async (file) => (await vscode.workspace.fs.stat(vscode.Uri.parse(file))).size,
  read: (file) => Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.parse(file))),
  openText: (file) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === file)?.getText(),
};

/** The folder of a URI (as a string) and the name in it. */
function split(uri: vscode.Uri): { folder: string; name: string } {
  const s = uri.toString();
  const slash = s.lastIndexOf('/');
  return { folder: s.slice(0, slash), name: decodeURIComponent(s.slice(slash + 1)) };
}

interface Entry {
  folder: string;
  doc: vscode.TextDocument;
  module?: TerraformModule;
}

export class TerraformModules implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `relint` lints a document again (debounced by the linter). */
  constructor(private readonly relint: (doc: vscode.TextDocument) => void) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const changed = (uri: vscode.Uri) => guard('module changed', () => this.changed(uri));
    this.disposables.push(
      watcher,
      watcher.onDidChange(changed),
      watcher.onDidCreate(changed),
      watcher.onDidDelete(changed),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) changed(e.document.uri);
      }),
    );
  }

  /** The module of a Terraform document if it has been read; else undefined, and it is read and the document linted again. */
  moduleOf(doc: vscode.TextDocument, references: readonly string[]): TerraformModule | undefined {
    // An untitled document has no folder; a file that is not in a folder the editor can list has no module.
    if (doc.uri.scheme === 'untitled') return undefined;
    const { folder, name } = split(doc.uri);
    const key = `${folder}\n${name}\n${references.join('\n')}`;
    const entry = this.entries.get(key);
    if (entry) return entry.module;
    if (this.entries.size >= MAX_MODULES) this.entries.delete(this.entries.keys().next().value!);
    const fresh: Entry = { folder, doc };
    this.entries.set(key, fresh);
    void readModule(workspaceFs, folder, name, references)
      .catch((): TerraformModule => ({ files: [] }))
      .then((module) => {
        // Forgotten meanwhile (a file changed): the lint that forgot it reads it again.
        if (this.entries.get(key) !== fresh || doc.isClosed) return;
        fresh.module = module;
        this.relint(doc);
      });
    return undefined;
  }

  /** A file changed: the modules of its folder (and of the folders above it, whose templates it may be) are read again. */
  private changed(uri: vscode.Uri): void {
    const s = uri.toString();
    const docs = new Set<vscode.TextDocument>();
    for (const [key, e] of this.entries) {
      if (!s.startsWith(`${e.folder}/`) || e.doc.uri.toString() === s) continue;
      this.entries.delete(key);
      if (!e.doc.isClosed) docs.add(e.doc);
    }
    for (const doc of docs) this.relint(doc);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}
