// The prompts and file operations the extension uses, in one replaceable object. Each extension
// gets its own `vscode` API object, so a test cannot stub `window.showQuickPick` for us; it replaces
// these members through the API that `activate()` returns instead.
import * as vscode from 'vscode';

export interface Ui {
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showWarningMessage(message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string): Thenable<string | undefined>;
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  showOpenDialog(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
  writeClipboard(text: string): Thenable<void>;
  fs: Pick<vscode.FileSystem, 'stat' | 'writeFile' | 'rename' | 'delete'>;
}

export function defaultUi(): Ui {
  return {
    showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
    showInputBox: (options) => vscode.window.showInputBox(options),
    showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
    showWarningMessage: (message, options, ...items) => vscode.window.showWarningMessage(message, options, ...items),
    showErrorMessage: (message) => vscode.window.showErrorMessage(message),
    showSaveDialog: (options) => vscode.window.showSaveDialog(options),
    showOpenDialog: (options) => vscode.window.showOpenDialog(options),
    writeClipboard: (text) => vscode.env.clipboard.writeText(text),
    fs: {
      stat: (uri) => vscode.workspace.fs.stat(uri),
      writeFile: (uri, content) => vscode.workspace.fs.writeFile(uri, content),
      rename: (source, target, options) => vscode.workspace.fs.rename(source, target, options),
      delete: (uri, options) => vscode.workspace.fs.delete(uri, options),
    },
  };
}

/** Runs a handler; an exception is logged, never thrown into the extension host. */
export function guard<T>(what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    console.error(`[force-mfa] ${what} failed:`, e);
    return undefined;
  }
}

/** The async form of `guard`: a rejected promise is logged and shown, never left unhandled. */
export async function guardAsync<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    console.error(`[force-mfa] ${what} failed:`, e);
    void Promise.resolve(vscode.window.showErrorMessage(`Force MFA: ${what} failed: ${e instanceof Error ? e.message : String(e)}`)).catch(
      () => undefined,
    );
    return undefined;
  }
}
