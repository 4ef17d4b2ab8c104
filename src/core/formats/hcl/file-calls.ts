/**
 * A policy kept in a file of the module and read by the Terraform file: `policy = file("${path.module}/mfa.json")`
 * or `templatefile("${path.module}/mfa.json.tpl", {...})`. The host gives the file (LintOptions.module);
 * it is linted as the policy there: a templatefile's `${...}` are unknown values and `$${` the literal
 * `${` (as a `*.tpl` file is read on its own), a file()'s text is taken as written (file() interpolates
 * nothing). Its findings stand on the call in the `.tf` file and say where in the policy file they are;
 * the policy file, linted on its own, has them on its own lines, with its fixes (none are written from
 * here: the edits belong to the other file). A call at a policy's place whose file was not given is one
 * unreadable-policy finding naming the file.
 */
import type { Diagnostic, LintOptions, LintResult } from '../../types';
import { lintEmbedded } from '../../embedded-lint';
import { sliceStarts, type EmbeddedText } from '../embedded';
import { looksLikePolicy } from '../../document/policy-sign';
import { pointerSegment } from '../../document/tree';
import { decodeTemplate } from '../strings';
import { type FileCall, type ModuleContext, fileCalls } from './module';
import { attributeAt, holder, reachesOnlyRoles, resources } from './roles';
import type { TerraformPolicies } from './terraform';
import { lineOf } from './document';

/** Attributes that hold a policy document's JSON: where a call whose file is missing is reported. */
const POLICY_ATTRIBUTES = new Set(['policy', 'assume_role_policy', 'content', 'source_json', 'override_json']);

/** A call with the path of the place that holds it: `resource`, type, name and attribute (a role's inline policy under `inline_policy`). */
interface PlacedCall extends FileCall {
  path: string[];
}

function placed(text: string): PlacedCall[] {
  const blocks = resources(text);
  return fileCalls(text).map((c) => {
    const attribute = attributeAt(text, c.start);
    const b = holder(blocks, c.start);
    if (!b) return { ...c, path: [attribute] };
    const inline = b.type === 'aws_iam_role' && attribute === 'policy';
    return { ...c, path: ['resource', b.type, b.name, ...(inline ? ['inline_policy'] : []), attribute] };
  });
}

/** The piece a call's file makes: its text read as the call reads it; undefined (with why) when it cannot be. */
function pieceOf(call: PlacedCall, file: string, pointer: string, role: boolean): EmbeddedText | string {
  if (!call.template) {
    return { text: file, starts: sliceStarts(0, file.length), encode: () => undefined, format: 'json', pointer, values: 'plain', role };
  }
  const decoded = decodeTemplate(file);
  if (!decoded) return 'its %{...} directives (or an unclosed ${) are not read';
  return { ...decoded, encode: () => undefined, format: 'json', pointer, values: 'template', role };
}

/** The findings of a policy file's lint, moved onto the call: each says where in the file it is; no fix. */
function ontoCall(inner: LintResult, call: PlacedCall, name: string, file: string): LintResult {
  const at = { offset: call.start, length: call.end - call.start };
  const diagnostics = inner.diagnostics.map((d): Diagnostic => {
    const moved: Diagnostic = { ...d, ...at, fixes: [], message: `${name}, line ${lineOf(file, d.offset)}: ${d.message}` };
    delete moved.related;
    return moved;
  });
  return { policies: inner.policies.map((p) => ({ ...p, ...at })), diagnostics };
}

/**
 * The policies of the module's files that the Terraform file's file() and templatefile() calls read, on
 * the calls; the calls at a policy's place whose file cannot be read are added to `found.unreadable`.
 */
export function lintFileCalls(text: string, found: TerraformPolicies, options: LintOptions, module: ModuleContext | undefined): LintResult {
  const out: LintResult = { policies: [], diagnostics: [] };
  // A file that many calls read is linted once per way of reading it: what is linted stays within the module's size.
  const linted = new Map<string, LintResult>();
  for (const call of placed(text)) {
    const file = call.name === undefined ? undefined : module?.files.get(call.name);
    const atPolicy = POLICY_ATTRIBUTES.has(call.path[call.path.length - 1] ?? '');
    const shown = call.name ?? text.slice(call.start, call.end).split('\n')[0]!.slice(0, 200);
    let why: string | undefined;
    if (file === undefined) {
      if (!atPolicy) continue;
      why =
        call.name === undefined
          ? 'the file it reads is computed, or outside the module'
          : module
            ? `${call.name} is not in the module's folder (or was too large to read)`
            : "the module's files were not given to force-mfa";
    } else if (!atPolicy && !looksLikePolicy(file, true)) continue;
    const pointer = call.path.map((s) => `/${pointerSegment(s)}`).join('');
    const piece = file === undefined ? why! : pieceOf(call, file, pointer, reachesOnlyRoles(call.path, found.reach));
    if (typeof piece === 'string') {
      found.unreadable.push({ offset: call.start, length: call.end - call.start, what: `the policy file ${shown}`, why: piece });
      continue;
    }
    const key = `${call.template}\n${piece.role}\n${call.name}`;
    const inner = linted.get(key) ?? lintEmbedded(file!, [piece], { ...options, module: undefined });
    linted.set(key, inner);
    const moved = ontoCall(inner, call, call.name!, file!);
    const shift = out.policies.length;
    out.policies.push(...moved.policies);
    for (const d of moved.diagnostics) out.diagnostics.push(d.policy === undefined ? d : { ...d, policy: d.policy + shift });
  }
  out.diagnostics.sort((a, b) => a.offset - b.offset);
  return out;
}
