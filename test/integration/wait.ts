// Small helpers shared by the suites (Node and web-worker hosts alike: `vscode` API only).
import * as vscode from 'vscode';

/** Polls until `probe` returns a truthy value: the workbench sees extension-host state a moment later. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The diagnostics force-mfa published for a document. */
export const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'force-mfa');

/** The rule name of a diagnostic: `code` is `{ value: <rule>, target: <docs> }` (or the bare name). */
export const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

/**
 * The quick fix for our diagnostic of `rule` at `diag`, polling until VS Code offers it (the workbench
 * builds the code-action context from its own copy of the markers, a moment after they are published).
 * The preferred fix when there are several. The command's result may omit `diagnostics` (VS Code 1.137 web).
 */
export async function quickFixFor(uri: vscode.Uri, diag: vscode.Diagnostic): Promise<vscode.CodeAction> {
  const rule = ruleOf(diag);
  let seen: string[] = [];
  return waitFor(async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    seen = actions.map((a) => a.title);
    const fixes = actions.filter(
      (a) =>
        a.edit &&
        a.edit.get(uri).length > 0 &&
        a.kind?.value === 'quickfix' &&
        (a.diagnostics === undefined || a.diagnostics.some((d) => ruleOf(d) === rule)),
    );
    return fixes.find((a) => a.isPreferred) ?? fixes[0];
  }, `a quick fix for ${rule}`).catch((e: Error) => {
    throw new Error(`${e.message}; offered: [${seen.join(' | ')}]`);
  });
}
