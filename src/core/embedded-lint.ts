/**
 * Lints documents held inside another text (./formats/embedded.ts): each piece's decoded text is
 * linted as a document of its own, through the same parse, intrinsics and rules as lint(), and what
 * comes out is mapped back to the outer text: ranges through the piece's `starts`, pointers under
 * the piece's pointer, and each fix wrapped so that its edits, built on request, land on the outer
 * characters with their new text encoded for the place (JSON escapes, YAML block indentation).
 */
import type { Diagnostic, Edit, Fix, LintOptions, LintResult, Partition, RelatedLocation } from './types';
import { isPartition } from './types';
import type { EmbeddedText, UnreadablePart } from './formats/embedded';
import type { TerraformFence } from './formats/markdown';
import { type ParseResult, isTerraformName, parse, parseHcl, readsYaml } from './document/parse';
import { lintTerraform } from './formats/hcl/lint';
import { findPastedCharacters } from './document/pasted';
import { type JsonNode, unknownNode } from './document/tree';
import { subValue } from './formats/cloudformation';
import { decodeTemplate, heldPolicies } from './formats/strings';
import { looksLikePolicy, policySign } from './document/policy-sign';
import { parseJson } from './formats/json/builder';
import { editsOf } from './fixes/edits';
import { MAX_FINDINGS_PER_FILE, lintDocument, withoutFixesOn } from './lint';
import { rules } from './rules';

export const UNREADABLE_RULE = 'unreadable-policy';

/**
 * Lints each piece as its own document and maps its policies and findings to `outerText`; then one
 * finding (rule unreadable-policy) per unreadable part. Policy indices count across the pieces.
 */
export function lintEmbedded(
  outerText: string,
  pieces: readonly EmbeddedText[],
  options: LintOptions,
  unreadable?: readonly UnreadablePart[],
): LintResult {
  const partition: Partition = isPartition(options.partition) ? options.partition : 'aws';
  const out: LintResult = { policies: [], diagnostics: [] };
  for (const piece of pieces) {
    // A YAML piece is read once a host has provided the YAML front-end (the front-ends that find pieces check it too).
    if (piece.format === 'yaml' && !readsYaml()) continue;
    const parsed = parse(piece.text, piece.format, partition);
    if (piece.role && parsed.root) parsed.rolePolicies = new Set([parsed.root]);
    const computed = readValues(piece, parsed, partition);
    // The piece's own format, whatever the outer file's name says: its fixes are written in it.
    const inner = lintDocument(piece.text, parsed, { ...options, format: piece.format, fileName: undefined });
    mapResult(inner, piece, computed, out);
  }
  if (unreadable?.length) for (const d of lintUnreadable(outerText, unreadable, options).diagnostics) out.diagnostics.push(d);
  out.diagnostics.sort((a, b) => a.offset - b.offset);
  capFindings(out.diagnostics);
  return out;
}

/**
 * Each piece keeps the caps of a file; all of them together keep the cap of one file too: past
 * MAX_FINDINGS_PER_FILE the findings are only counted, in one note per rule (as lint's own notes).
 */
function capFindings(diagnostics: Diagnostic[]): void {
  if (diagnostics.length <= MAX_FINDINGS_PER_FILE) return;
  const omitted = new Map<string, Diagnostic>();
  for (let i = MAX_FINDINGS_PER_FILE; i < diagnostics.length; i++) {
    const d = diagnostics[i]!;
    const note = omitted.get(d.rule);
    if (note) note.omitted! += d.omitted ?? 1;
    else
      omitted.set(d.rule, {
        rule: d.rule,
        severity: d.severity,
        message: '',
        offset: d.offset,
        length: 0,
        fixes: [],
        omitted: d.omitted ?? 1,
      });
  }
  diagnostics.length = MAX_FINDINGS_PER_FILE;
  for (const note of omitted.values()) {
    const n = note.omitted!;
    note.message = `${n.toLocaleString('en-US')} more ${note.rule} finding${n === 1 ? '' : 's'} not listed (the file has ${MAX_FINDINGS_PER_FILE} already); fix those first.`;
    diagnostics.push(note);
  }
}

/** `result` (the lint of the document `parsed`) with the policies held in its strings, and the strings that look like one but cannot be read. */
export function withHeldPolicies(text: string, parsed: ParseResult, options: LintOptions, result: LintResult): LintResult {
  const held = heldPolicies(text, parsed);
  if (!held) return result;
  // A place the outer front-end could not read (a PolicyDocument that a Fn::Sub computes) whose string is read here,
  // or found unreadable for a reason of its own: one finding says it, not two.
  const spans = held.pieces.map((p) => [p.starts[0]!, p.starts[p.text.length]!] as const);
  for (const u of held.unreadable) spans.push([u.offset, u.offset + u.length]);
  spans.sort((a, b) => a[0] - b[0]);
  const inner = lintEmbedded(text, held.pieces, options, held.unreadable);
  // A character both read (a pasted no-break space in the string is one in the policy too): the policy's finding says it.
  const same = new Set(inner.diagnostics.map((d) => `${d.rule} ${d.offset} ${d.length}`));
  const outer = result.diagnostics.filter(
    (d) =>
      !same.has(`${d.rule} ${d.offset} ${d.length}`) && (d.rule !== UNREADABLE_RULE || !holdsSpan(spans, d.offset, d.offset + d.length)),
  );
  return mergeResults({ ...result, diagnostics: outer }, inner);
}

/** Does [from, to) hold one of `spans` (sorted by start)? The first span starting at or after `from` is the one to ask. */
function holdsSpan(spans: ReadonlyArray<readonly [number, number]>, from: number, to: number): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![0] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < spans.length && spans[lo]![1] <= to;
}

/**
 * Terraform blocks of a Markdown page (./formats/markdown.ts), each linted as a Terraform file of its
 * own by the HCL front-end (the host has loaded it: readsHcl), its findings and HCL fixes mapped to the page.
 */
export function lintTerraformFences(outerText: string, fences: readonly TerraformFence[], options: LintOptions): LintResult {
  const out: LintResult = { policies: [], diagnostics: [] };
  // A block on a page is no module: no folder's files, no file name.
  const inner = { ...options, fileName: undefined, format: undefined, module: undefined };
  for (const fence of fences) {
    const cst = parseHcl(fence.text);
    if (cst) mapResult(lintTerraform(fence.text, cst, inner, parseHcl), fence, [], out);
  }
  out.diagnostics.sort((a, b) => a.offset - b.offset);
  capFindings(out.diagnostics);
  return out;
}

/**
 * A Terraform file, read by the HCL front-end (./formats/hcl) once a host has loaded it (./hcl.ts
 * loadHcl); never a JSON syntax error. Without it, one unreadable-policy finding at the first sign
 * of a policy (any case: HCL writes `statement { effect`).
 */
function lintTerraformFile(text: string, options: LintOptions): LintResult {
  const cst = parseHcl(text);
  if (cst) return lintTerraform(text, cst, options, parseHcl);
  const sign = policySign(text, true);
  if (!sign) return { policies: [], diagnostics: [] };
  return lintEmbedded(text, [], options, [{ ...sign, what: 'this Terraform file', why: 'the Terraform reader is not loaded' }]);
}

/**
 * A Terraform template (`*.tpl`, `*.json.tpl`) linted as the JSON it makes, and a `*.txt` that is
 * not JSON (its first character no `{` or `[`): no syntax error for a file that is not meant to be
 * JSON, one unreadable-policy finding where it looks like a policy all the same; a Terraform file
 * (lintTerraformFile). Undefined for other
 * files, a `*.txt` that is JSON, and where options.format names another format than JSON.
 */
export function lintTextFile(text: string, options: LintOptions): LintResult | undefined {
  const name = typeof options.fileName === 'string' ? options.fileName.toLowerCase() : '';
  const tpl = name.endsWith('.tpl');
  if (options.format === undefined && isTerraformName(name)) return lintTerraformFile(text, options);
  // A host that calls a template JSON (its editor language) still has it read as a template.
  if ((options.format !== undefined && options.format !== 'json') || (!tpl && !name.endsWith('.txt'))) return undefined;
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 0x20 || text.charCodeAt(i) === 0xfeff)) i++;
  const json = text[i] === '{' || text[i] === '[';
  if (json && !tpl) return undefined;
  let why = 'it is not JSON';
  if (json) {
    const decoded = decodeTemplate(text);
    const problem = decoded && parseJson(decoded.text).errors[0];
    if (decoded && !problem) return lintEmbedded(text, [{ ...decoded, format: 'json', pointer: '', values: 'template' }], options);
    why = decoded
      ? `it is not JSON once its \${...} are read (${problem!.message.replace(/\.$/, '')})`
      : 'its %{...} directives (or an unclosed ${) are not read';
  }
  if (!looksLikePolicy(text)) return { policies: [], diagnostics: [] };
  const lineEnd = text.indexOf('\n', i);
  const what = tpl ? 'this Terraform template' : 'this text file';
  return lintEmbedded(text, [], options, [{ offset: i, length: (lineEnd < 0 ? text.length : lineEnd) - i, what, why }]);
}

/** Two results of one text as one: `b`'s policies after `a`'s (its findings' indices shifted), findings in text order. */
export function mergeResults(a: LintResult, b: LintResult): LintResult {
  if (!b.policies.length && !b.diagnostics.length) return a;
  const shift = a.policies.length;
  const moved = shift ? b.diagnostics.map((d) => (d.policy === undefined ? d : { ...d, policy: d.policy + shift })) : b.diagnostics;
  const diagnostics = [...a.diagnostics, ...moved].sort((x, y) => x.offset - y.offset);
  const merged: LintResult = { policies: [...a.policies, ...b.policies], diagnostics };
  return a.template || b.template ? { ...merged, template: true } : merged;
}

/** The findings of the unreadable-policy rule alone, with the user's setting for it. */
function lintUnreadable(outerText: string, parts: readonly UnreadablePart[], options: LintOptions): LintResult {
  const only: Record<string, unknown> = {};
  for (const r of rules) only[r.name] = 'off';
  only[UNREADABLE_RULE] = options.rules?.[UNREADABLE_RULE];
  return lintDocument(outerText, readResult({ unreadable: parts }), { ...options, rules: only as LintOptions['rules'] });
}

/** A document read without problems, with `fields` (a tree that a front-end built, places it could not read). */
export function readResult(fields: Partial<ParseResult>): ParseResult {
  return {
    root: undefined,
    errors: [],
    errorsOmitted: 0,
    errorsOmittedAt: 0,
    stoppedAt: -1,
    duplicates: [],
    duplicatesOmitted: 0,
    duplicatesOmittedAt: 0,
    pasted: findPastedCharacters(''),
    ...fields,
  };
}

/**
 * Reads the piece's values as its outer file does (CloudFormation Fn::Sub, Terraform template) and
 * returns the nodes that were computed from its text: no fix rewrites them.
 */
function readValues(piece: EmbeddedText, parsed: ParseResult, partition: Partition): JsonNode[] {
  const root = parsed.root;
  if (piece.values === 'plain' || !root || parsed.errors.length) return [];
  const computed: JsonNode[] = [];
  const ranges = piece.computed ?? [];
  const swap = (n: JsonNode): JsonNode | undefined => {
    // A value computed from the text is no literal that a fix may rewrite: its node is listed.
    const unknown = () => {
      const u = unknownNode(n.offset, piece.text.slice(n.offset, n.offset + n.length));
      computed.push(u);
      return u;
    };
    if (piece.values === 'template') {
      if (n.type === 'object' || n.type === 'array' || !overlaps(ranges, n.offset, n.offset + n.length)) return undefined;
      return unknown();
    }
    if (n.type !== 'string' || (n.value as string).indexOf('${') < 0) return undefined;
    const v = subValue(n.value as string, partition);
    if (v === undefined) return unknown();
    n.value = v;
    computed.push(n);
    return undefined;
  };
  const top = swap(root);
  if (top) {
    parsed.root = top;
    return computed;
  }
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const items = node.items;
    if (items)
      for (let i = 0; i < items.length; i++) {
        const r = swap(items[i]!);
        if (r) items[i] = r;
        else stack.push(items[i]!);
      }
    for (const p of node.props ?? []) {
      if (!p.value) continue;
      const r = swap(p.value);
      if (r) p.value = r;
      else stack.push(p.value);
    }
  }
  return computed;
}

/** Does [from, to) overlap one of `ranges` (flat start/end pairs in increasing order)? */
function overlaps(ranges: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  // The last range that starts before `to`.
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[2 * mid]! < to) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at >= 0 && ranges[2 * at + 1]! > from;
}

/** The outer range of a decoded range. */
function outerRange(piece: TerraformFence, offset: number, length: number): { offset: number; length: number } {
  const n = piece.text.length;
  const from = Math.min(n, Math.max(0, offset));
  const to = Math.min(n, Math.max(from, offset + length));
  const start = piece.starts[from]!;
  return { offset: start, length: piece.starts[to]! - start };
}

/** Appends the piece's policies and findings, mapped to the outer text, to `out` (policy indices after those in it). */
function mapResult(inner: LintResult, piece: TerraformFence, computed: readonly JsonNode[], out: LintResult): void {
  const shift = out.policies.length;
  if (computed.length) withoutFixesOn(inner.diagnostics, computed);
  for (const p of inner.policies) out.policies.push({ ...p, ...outerRange(piece, p.offset, p.length), pointer: piece.pointer + p.pointer });
  for (const d of inner.diagnostics) {
    const mapped: Diagnostic = { ...d, ...outerRange(piece, d.offset, d.length) };
    mapped.fixes = d.fixes.map((f) => mapFix(f, piece));
    if (d.related) mapped.related = d.related.map((r): RelatedLocation => ({ ...r, ...outerRange(piece, r.offset, r.length) }));
    if (d.policy !== undefined) mapped.policy = d.policy + shift;
    out.diagnostics.push(mapped);
  }
}

/** The fix with its edits mapped to the outer text when built; no edits when one cannot be written there. */
function mapFix(fix: Fix, piece: TerraformFence): Fix {
  const build = (): Edit[] => {
    const out: Edit[] = [];
    for (const e of editsOf(fix)) {
      const range = outerRange(piece, e.offset, e.length);
      const content = piece.encode(e.content, Math.min(piece.text.length, Math.max(0, e.offset)));
      if (content === undefined) return [];
      out.push({ ...range, content });
    }
    return out;
  };
  const mapped: Fix = { title: fix.title, kind: fix.kind, build };
  if (fix.isPreferred) mapped.isPreferred = true;
  return mapped;
}
