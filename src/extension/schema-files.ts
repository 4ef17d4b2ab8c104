// Which files VS Code's own JSON support validates with our schema (`contributes.jsonValidation`).
// In those files VS Code already reports schema violations, so ours (`iam-schema`) are dropped:
// the same problem is never reported twice. Keep in step with package.json and the README.
import * as vscode from 'vscode';

/** The `fileMatch` patterns of package.json's `jsonValidation`, as checks on a path's segments. */
export function matchesSchemaFileName(path: string): boolean {
  const segments = path.split('/');
  const base = segments[segments.length - 1] ?? '';
  const parent = segments[segments.length - 2] ?? '';
  if (!base.endsWith('.json')) return false;
  // A glob's `*` also matches nothing, so `-policy.json` matches `*-policy.json` as in VS Code.
  return (
    base === 'policy.json' ||
    base.endsWith('.policy.json') ||
    base.endsWith('-policy.json') ||
    base.endsWith('_policy.json') ||
    parent === 'policies' ||
    parent === 'iam'
  );
}

/** True when VS Code's JSON language features validate this document at all. */
function vsCodeJsonValidates(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') return false;
  // json.validate.enable is window-scoped: read it without a resource.
  return vscode.workspace.getConfiguration('json').get<unknown>('validate.enable') !== false;
}

/** True when VS Code's JSON language features validate this document against our schema. */
export function validatedByVsCodeJson(doc: vscode.TextDocument): boolean {
  return vsCodeJsonValidates(doc) && matchesSchemaFileName(doc.uri.path);
}

/**
 * True when VS Code already reports every JSON syntax error of this document: in the `json`
 * language it flags broken syntax, comments and trailing commas alike. (In `jsonc` it accepts
 * comments, which IAM rejects, so there force-mfa keeps reporting them.)
 */
export function syntaxCheckedByVsCodeJson(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'json' && vsCodeJsonValidates(doc);
}
