// The IAM catalogue (every IAM and STS action, the global condition keys) is not in the
// activation bundle: it is read from dist/iam-catalogue.json through the workspace file system,
// which works in the Node and the web extension hosts alike. Until it is there, the core gives
// the cautious answers (a wildcard exemption may reach anything), never a more lenient verdict.
import * as vscode from 'vscode';
import { provideCatalogue } from '../core';

export async function loadCatalogue(extensionUri: vscode.Uri): Promise<boolean> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'iam-catalogue.json'));
    return provideCatalogue(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (err) {
    console.error(`[force-mfa] could not read the IAM action catalogue: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
}
