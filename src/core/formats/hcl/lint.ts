/**
 * Lints a Terraform file: its policy documents and jsonencode trees through the core's rules as one
 * document (../../lint.ts lintDocument), its JSON policies in strings as pieces of text
 * (../../embedded-lint.ts), its unreadable blocks as unreadable-policy findings. Fixes on the HCL
 * are written in HCL (./writer.ts), never on what the module computes; a heredoc's fixes are
 * written as JSON in it. Where the module's defaults decided which statements exist, the policy's reason
 * and findings say so.
 */
import { isPartition, type LintOptions, type LintResult } from '../../types';
import { readTerraformReferences } from './references';
import { lintDocument, withoutFixesOn } from '../../lint';
import { lintFileCalls } from './file-calls';
import { moduleContext } from './module';
import { provideWriter } from '../../fixes/writer';
import { hclWriter } from './writer';
import { lintEmbedded, mergeResults, readResult } from '../../embedded-lint';
import type { HclNode } from './cst';
import { terraformPolicies } from './terraform';
import { policySign } from '../../document/policy-sign';

// The writer goes with the HCL reader, which every core carries (only the parser's WebAssembly is loaded apart).
provideWriter('hcl', hclWriter);

export function lintTerraform(text: string, cst: HclNode, options: LintOptions, parse?: (text: string) => HclNode | undefined): LintResult {
  const module = moduleContext(options.module, options.fileName, parse);
  const found = terraformPolicies(text, cst, parse, module);
  let trees: LintResult = { policies: [], diagnostics: [] };
  if (found.root.props!.length) {
    // `data.aws_partition.x.partition` and the like are known well enough to match ARNs (./references.ts).
    readTerraformReferences(text, cst, found.root, isPartition(options.partition) ? options.partition : 'aws', module);
    // Fixes are written in HCL (./writer.ts); the writer gives none on what the module computes (an unknown node has no literal to write).
    const parsed = readResult({ root: found.root, policyRoots: found.known, writes: 'hcl', rolePolicies: found.roles });
    trees = lintDocument(text, parsed, { ...options, format: 'json', fileName: undefined, module: undefined });
    // Terraform 0.11's `statement = {...}`: read, but not rewritten (the writer writes today's blocks).
    if (found.legacy.length) withoutFixesOn(trees.diagnostics, found.legacy);
  }
  // The policies kept in files of the module that file() and templatefile() read (./file-calls.ts).
  const files = lintFileCalls(text, found, options, module);
  trees = mergeResults(trees, files);
  // Nothing passes silently: a file that looks like it holds a policy where none was read (a `statement` block in a module's input) says so.
  const none = !found.root.props!.length && !found.pieces.length && !found.unreadable.length && !files.policies.length;
  const sign = none ? policySign(text, true) : undefined;
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
