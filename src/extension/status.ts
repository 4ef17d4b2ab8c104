// The verdict of the active policy at a glance: a status bar item whose click reveals the first finding.
import * as vscode from 'vscode';
import type { MfaVerdict, PolicyResult } from '../core';
import type { Linter } from './diagnostics';
import { guard } from './ui';

export interface Verdict {
  /** The status bar text, without its icon. */
  text: 'MFA enforced' | 'MFA weak' | 'MFA missing' | 'not an identity policy';
  mfa: MfaVerdict;
  /** Why, from PolicyResult.reason (one line per policy when a file holds several). */
  reason: string;
}

const TEXT: Record<MfaVerdict, Verdict['text']> = {
  enforced: 'MFA enforced',
  weak: 'MFA weak',
  missing: 'MFA missing',
  'not-applicable': 'not an identity policy',
};
const ICON: Record<MfaVerdict, string> = {
  enforced: '$(pass)',
  weak: '$(warning)',
  missing: '$(error)',
  'not-applicable': '$(info)',
};
/** Several policies in one file: the worst identity verdict wins. */
const RANK: MfaVerdict[] = ['missing', 'weak', 'enforced', 'not-applicable'];

export function verdictOf(policies: readonly PolicyResult[]): Verdict | undefined {
  if (policies.length === 0) return undefined;
  const worst = [...policies].sort((a, b) => RANK.indexOf(a.mfa) - RANK.indexOf(b.mfa))[0]!;
  const reason =
    policies.length === 1 ? worst.reason : policies.map((p) => `${p.pointer || '(file)'}: ${TEXT[p.mfa]}: ${p.reason}`).join('\n');
  return { text: TEXT[worst.mfa], mfa: worst.mfa, reason };
}

export class VerdictStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('forceMfa.verdict', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What the item shows now, for the API (tests read it). */
  shown: Verdict | undefined;

  constructor(private readonly linter: Linter) {
    this.item.name = 'Force MFA verdict';
    this.item.command = 'forceMfa.showVerdict';
    this.subscriptions.push(
      linter.onDidLint((uri) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  verdictFor(uri: vscode.Uri): Verdict | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const linted = doc && this.linter.current(doc);
    return linted ? verdictOf(linted.result.policies) : undefined;
  }

  update(): void {
    guard('status bar', () => {
      const doc = vscode.window.activeTextEditor?.document;
      const verdict = doc ? this.verdictFor(doc.uri) : undefined;
      this.shown = verdict;
      if (!verdict) {
        this.item.hide();
        return;
      }
      this.item.text = `${ICON[verdict.mfa]} ${verdict.text}`;
      this.item.tooltip = `Force MFA: ${verdict.text}\n${verdict.reason}\nClick to show the first finding.`;
      this.item.backgroundColor =
        verdict.mfa === 'missing' || verdict.mfa === 'weak' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.show();
    });
  }

  /** `forceMfa.showVerdict`: selects the first finding in the active policy, or says why it has none. */
  async showVerdict(): Promise<vscode.Range | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const linted = this.linter.ensure(editor.document);
    const first = linted?.published
      .map((p) => p.vscode)
      .sort((a, b) => a.severity - b.severity || a.range.start.compareTo(b.range.start))[0];
    if (first) {
      editor.selection = new vscode.Selection(first.range.start, first.range.end);
      editor.revealRange(first.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return first.range;
    }
    const verdict = linted ? verdictOf(linted.result.policies) : undefined;
    void Promise.resolve(
      vscode.window.showInformationMessage(
        verdict ? `Force MFA: ${verdict.text}. ${verdict.reason}` : 'Force MFA: the active file is not an IAM policy.',
      ),
    ).catch(() => undefined);
    return undefined;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
