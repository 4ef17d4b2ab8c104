/**
 * Lints a Terraform file: its policy documents and jsonencode trees through the core's rules as one
 * document (../../lint.ts lintDocument), its JSON policies in strings as pieces of text
 * (../../embedded-lint.ts), its unreadable blocks as unreadable-policy findings. Read-only for now:
 * a finding on the HCL itself offers no fix (HCL is not written yet); a heredoc's fixes are written
 * as JSON in it. Where the module's defaults decided which statements exist, the policy's reason
 * and findings say so.
 */
import type { LintOptions, LintResult } from '../../types';
import { lintDocument } from '../../lint';
import { lintEmbedded, mergeResults, readResult } from '../../embedded-lint';
import type { HclNode } from './cst';
import { terraformPolicies } from './terraform';
import { policySign } from '../../document/policy-sign';

export function lintTerraform(text: string, cst: HclNode, options: LintOptions, parse?: (text: string) => HclNode | undefined): LintResult {
  const found = terraformPolicies(text, cst, parse);
  let trees: LintResult = { policies: [], diagnostics: [] };
  if (found.root.props!.length) {
    const parsed = readResult({ root: found.root, policyRoots: found.known });
    trees = lintDocument(text, parsed, { ...options, format: 'json', fileName: undefined });
    for (const d of trees.diagnostics) d.fixes = [];
  }
  // Nothing passes silently: a file that looks like it holds a policy where none was read (a `statement` block in a module's input) says so.
  const sign = !found.root.props!.length && !found.pieces.length && !found.unreadable.length ? policySign(text, true) : undefined;
  if (sign)
    found.unreadable.push({
      ...sign,
      what: 'this Terraform file',
      why: 'it holds no policy document, jsonencode or JSON policy string that force-mfa reads',
    });
  const result = mergeResults(trees, lintEmbedded(text, found.pieces, options, found.unreadable));
  // What the defaults decided, on the policy it concerns: its reason, and each of its findings.
  for (const [i, p] of result.policies.entries()) {
    const notes = found.notes.get(p.offset);
    if (!notes) continue;
    const said = ` Judged ${notes.map((n) => n.text).join('; ')}.`;
    p.reason += said;
    for (const d of result.diagnostics) if (d.policy === i) d.message = `${d.message.replace(/\.?$/, '.')}${said}`;
  }
  return result;
}
