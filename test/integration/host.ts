// Where the suite really runs, printed first by both mocha entries (Node and web worker).
import * as vscode from 'vscode';

export function describeHost(): string {
  // A Node extension host has process.versions.node; the web-worker host has no `process` at all.
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  const kind = proc?.versions?.node ? `node ${proc.versions.node}` : 'webworker';
  const ui = vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop';
  return `VS Code ${vscode.version} (${vscode.env.appName}); extension host: ${kind}; uiKind=${ui}; remoteName=${vscode.env.remoteName ?? 'none'}`;
}
