// "Force MFA: Export Policy…": format, source and partition by QuickPick, the result in a new
// untitled editor, then "Save As…" (asks before overwriting; temp file + rename) or "Copy".
// Cancelling at any step changes nothing.
import * as vscode from 'vscode';
import type { ExportFormatInfo, Partition } from '../core';
import type { Core } from './core-loader';
import type { Linter } from './diagnostics';
import { readSettings } from './settings';
import type { Ui } from './ui';

export interface ExportOutcome {
  format: ExportFormatInfo['format'];
  text: string;
  document: vscode.TextDocument;
  /** Where it was saved, if the user chose "Save As…" and the write succeeded. */
  savedTo?: vscode.Uri;
  copied?: boolean;
}

const SAVE_AS = 'Save As…';
const COPY = 'Copy';
const OVERWRITE = 'Overwrite';
/** The picker's words for each partition of the core's list. */
const PARTITION_REGIONS: Record<Partition, string> = {
  aws: 'commercial regions',
  'aws-cn': 'China regions',
  'aws-us-gov': 'AWS GovCloud (US)',
};

interface SourceItem extends vscode.QuickPickItem {
  policy: unknown;
}

/** The policy document of the active editor, when it is a policy without errors. */
function activePolicy(linter: Linter): { value: unknown; name: string } | { problem: string } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const doc = editor.document;
  const linted = linter.ensure(doc);
  if (!linted || linted.result.policies.length === 0) return undefined;
  const name = doc.uri.path.split('/').pop() || 'untitled';
  if (linted.result.diagnostics.some((d) => d.severity === 'error')) {
    return { problem: `${name} has errors: fix them first` };
  }
  const text = doc.getText();
  const cursor = doc.offsetAt(editor.selection.active);
  const policy = linted.result.policies.find((p) => cursor >= p.offset && cursor <= p.offset + p.length) ?? linted.result.policies[0]!;
  try {
    return {
      value: JSON.parse(text.slice(policy.offset, policy.offset + policy.length)),
      name: policy.pointer ? `${name} ${policy.pointer}` : name,
    };
  } catch {
    // The core reads the policy from the file's own syntax; export starts from its JSON text.
    const syntax = doc.languageId === 'yaml' ? 'YAML' : linted.options.fileName?.toString().match(/\.(tf|tfvars|hcl)$/) ? 'HCL' : '';
    return { problem: syntax ? `${name} holds its policy in ${syntax}, not JSON` : `${name} is not plain JSON` };
  }
}

export async function exportPolicy(core: Core, linter: Linter, ui: Ui): Promise<ExportOutcome | undefined> {
  const { EXPORT_FORMATS, PARTITIONS, REFERENCE_POLICY, renderExport } = core;
  const format = await ui.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: f.label, detail: f.detail, info: f })),
    { title: 'Force MFA: Export Policy (1/3)', placeHolder: 'Format' },
  );
  if (!format) return undefined;

  const active = activePolicy(linter);
  const sources: SourceItem[] = [];
  if (active && 'value' in active) sources.push({ label: 'Active policy', description: active.name, policy: active.value });
  sources.push({
    label: "AWS's reference policy",
    description: 'self-manage credentials, deny everything else without MFA',
    detail: active && 'problem' in active ? `The active policy is not offered: ${active.problem}.` : undefined,
    policy: JSON.parse(REFERENCE_POLICY) as unknown,
  });
  const source = await ui.showQuickPick(sources, { title: 'Force MFA: Export Policy (2/3)', placeHolder: 'Policy to export' });
  if (!source) return undefined;

  let partition: Partition = readSettings(vscode.window.activeTextEditor?.document.uri).partition;
  if (!format.info.partitionAtDeploy) {
    const partitions: Array<vscode.QuickPickItem & { partition: Partition }> = PARTITIONS.map((p) => ({
      label: p,
      description: PARTITION_REGIONS[p],
      partition: p,
    }));
    partitions.sort((a, b) => Number(b.partition === partition) - Number(a.partition === partition));
    const picked = await ui.showQuickPick(partitions, { title: 'Force MFA: Export Policy (3/3)', placeHolder: 'Partition of the ARNs' });
    if (!picked) return undefined;
    partition = picked.partition;
  }

  let groupName: string | undefined;
  if (format.info.attachesToGroup) {
    const group = await ui.showInputBox({
      title: 'Force MFA: Export Policy',
      prompt: 'Attach the policy to an IAM group (leave empty for none)',
      placeHolder: 'group name',
      validateInput: (v) => (v === '' || /^[\w+=,.@-]{1,128}$/.test(v) ? undefined : 'IAM group names use letters, digits and +=,.@_-'),
    });
    if (group === undefined) return undefined;
    groupName = group || undefined;
  }

  const text = renderExport(source.policy, format.info.format, { partition, groupName });
  const languages = await vscode.languages.getLanguages();
  const language = languages.includes(format.info.language) ? format.info.language : 'plaintext';
  const document = await vscode.workspace.openTextDocument({ language, content: text });
  await vscode.window.showTextDocument(document, { preview: false });
  const outcome: ExportOutcome = { format: format.info.format, text, document };

  const next = await ui.showInformationMessage(`Force MFA: exported as ${format.info.label}.`, SAVE_AS, COPY);
  if (next === COPY) {
    await ui.writeClipboard(text);
    outcome.copied = true;
  } else if (next === SAVE_AS) {
    outcome.savedTo = await saveAs(ui, text, format.info);
  }
  return outcome;
}

async function exists(ui: Ui, uri: vscode.Uri): Promise<boolean> {
  try {
    await ui.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function saveAs(ui: Ui, text: string, info: ExportFormatInfo): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await ui.showSaveDialog({
    title: 'Force MFA: Save Exported Policy',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `force-mfa${info.extension}`) : undefined,
    filters: { [info.label]: [info.extension.split('.').pop()!], 'All files': ['*'] },
  });
  if (!target) return undefined;
  if (await exists(ui, target)) {
    const name = target.path.split('/').pop();
    const answer = await ui.showWarningMessage(`${name} already exists. Overwrite it?`, { modal: true }, OVERWRITE);
    if (answer !== OVERWRITE) return undefined;
  }
  return (await writeAtomically(ui, target, text)) ? target : undefined;
}

/** Writes beside the target, then renames over it: a failed write leaves the old file whole. */
export async function writeAtomically(ui: Ui, target: vscode.Uri, text: string): Promise<boolean> {
  const name = target.path.split('/').pop() ?? 'export';
  const temp = vscode.Uri.joinPath(target, '..', `.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  try {
    await ui.fs.writeFile(temp, new TextEncoder().encode(text));
    await ui.fs.rename(temp, target, { overwrite: true });
    return true;
  } catch (e) {
    try {
      await ui.fs.delete(temp, { useTrash: false });
    } catch {
      // The temp file was never created.
    }
    void Promise.resolve(
      ui.showErrorMessage(
        `Force MFA: could not save ${name}: ${e instanceof Error ? e.message : String(e)}. The existing file was not changed.`,
      ),
    ).catch(() => undefined);
    return false;
  }
}
