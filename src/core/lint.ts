import type { Diagnostic, FormattingOptions, LintOptions, LintResult, Partition, PolicyResult, RuleMeta, Severity } from './types';
import { isPartition } from './types';
import { type ParseResult, formatOf, parse, readsHcl, readsYaml } from './document/parse';
import { locatePolicies } from './document/policy';
import type { JsonNode } from './document/tree';
import { analysePolicy } from './mfa/verdict';
import { detectFormatting } from './fixes/edits';
import { type FixWriter, writerFor } from './fixes/writer';
import { DOCUMENT_RULES, rules } from './rules';
import type { Finding, PolicyInfo, Rule, RuleContext } from './rules/rule';
import { lintEmbedded, lintTerraformFences, lintTextFile, mergeResults, withHeldPolicies } from './embedded-lint';
import { markdownPieces } from './formats/markdown';
import { isTerraformJson, lintPolicyDocuments, looksLikePlan, planPolicies } from './formats/terraform-json';
import { readAsTerraform } from './formats/strings';

export const ruleMetas: readonly RuleMeta[] = rules.map(({ id, name, description, defaultSeverity, docs, fixable }) => ({
  id,
  name,
  description,
  defaultSeverity,
  docs,
  fixable,
}));

/**
 * Findings listed per rule and per file. Past either cap a rule's findings are only counted, and
 * one note per such rule says how many more there were (Diagnostic.omitted): an error flood (a
 * 10 MB file of control characters in a string, of comments) costs no memory and no output.
 */
export const MAX_FINDINGS_PER_RULE = 200;
export const MAX_FINDINGS_PER_FILE = 1000;
/** A message (or related message) is cut to this many characters: they may quote the policy's text. */
export const MAX_MESSAGE_LENGTH = 2000;

const SEVERITIES: readonly unknown[] = ['hint', 'info', 'warning', 'error'];

/** The single entry point: text in, policies and diagnostics out. Never throws, whatever it is passed. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  try {
    return lintUnsafe(typeof text === 'string' ? text : String(text), options ?? {});
  } catch (err) {
    let why = 'unknown';
    try {
      why = err instanceof Error ? err.message : String(err);
    } catch {
      // An error whose text cannot be read.
    }
    return {
      policies: [],
      diagnostics: [
        {
          rule: 'internal-error',
          severity: 'error',
          message: cut(`force-mfa could not analyse this file (internal error: ${why}). Please report it.`),
          offset: 0,
          length: 0,
          fixes: [],
        },
      ],
    };
  }
}

/** At most MAX_MESSAGE_LENGTH characters (a message may quote the policy). */
function cut(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}\u2026` : message;
}

function lintUnsafe(text: string, options: LintOptions): LintResult {
  const textFile = lintTextFile(text, options);
  if (textFile) return textFile;
  const format = formatOf(text, options);
  if (format === 'markdown') {
    const { pieces, unreadable, terraform } = markdownPieces(text, { readsYaml: readsYaml(), readsHcl: readsHcl() });
    const result = lintEmbedded(text, pieces, options, unreadable);
    return terraform.length ? mergeResults(result, lintTerraformFences(text, terraform, options)) : result;
  }
  // A Terraform plan is read without its tree: only its policy strings are kept.
  const plan = format === 'json' && looksLikePlan(text) ? planPolicies(text) : undefined;
  if (plan) return lintEmbedded(text, plan.pieces, options, plan.unreadable);
  const parsed = parse(text, format, isPartition(options.partition) ? options.partition : 'aws', options.fileName);
  const terraformJson = format === 'json' && isTerraformJson(options.fileName);
  if (terraformJson) readAsTerraform(parsed);
  const result = lintDocument(text, parsed, options);
  // No fix on a value a template computes.
  if (parsed.computed?.length) withoutFixesOn(result.diagnostics, parsed.computed);
  const out = withHeldPolicies(text, parsed, options, result);
  // A *.tf.json file's aws_iam_policy_document blocks, as the policies Terraform renders from them.
  const documents = terraformJson ? lintPolicyDocuments(text, parsed.root, options) : undefined;
  return documents ? mergeResults(out, documents) : out;
}

/** Drops the fixes of findings that touch one of `nodes` (its text is no string literal to rewrite). */
export function withoutFixesOn(diagnostics: Diagnostic[], nodes: readonly JsonNode[]): void {
  const spans = nodes.map((n) => [n.offset, n.offset + n.length] as const).sort((a, b) => a[0] - b[0]);
  for (const d of diagnostics) {
    if (!d.fixes.length) continue;
    // The last span starting before the finding's end: spans do not overlap one another.
    let lo = 0;
    let hi = spans.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]![0] < d.offset + Math.max(d.length, 1)) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at >= 0 && spans[at]![1] > d.offset) d.fixes = [];
  }
}

/**
 * Lints a document that a front-end has parsed already: the core behind `lint`, for the front-ends'
 * own tests (a tree with `unknown` nodes, which the JSON front-end never makes). Internal: not exported
 * by index.ts, and unlike `lint` it may throw on what it is passed.
 */
export function lintDocument(text: string, parsed: ParseResult, options: LintOptions): LintResult {
  const ready = parsed.errors.length === 0 && parsed.pasted.length === 0;
  const allowPasswordChangeWithoutMfa = options.allowPasswordChangeWithoutMfa === true;
  const infos: PolicyInfo[] = ready
    ? locatePolicies(parsed.root, isPartition(options.partition) ? options.partition : 'aws', parsed.policyRoots, parsed.rolePolicies).map(
        (doc, index) => ({
          index,
          doc,
          analysis: analysePolicy(doc, allowPasswordChangeWithoutMfa),
        }),
      )
    : [];
  const ctx = new Context(text, parsed, infos, options, allowPasswordChangeWithoutMfa);
  for (const rule of rules) {
    // Options may hold anything: a setting that is no severity counts as none.
    const setting: unknown = options.rules?.[rule.name];
    if (setting === 'off') continue;
    if (!ready && !DOCUMENT_RULES.has(rule.name)) continue;
    ctx.begin(rule, SEVERITIES.includes(setting) ? (setting as Severity) : undefined);
    rule.check(ctx);
    ctx.end();
  }
  const diagnostics = ctx.diagnostics;
  diagnostics.sort((a, b) => a.offset - b.offset);
  const policies: PolicyResult[] = infos.map(({ doc, analysis }) => ({
    pointer: doc.pointer,
    offset: doc.node.offset,
    length: doc.node.length,
    kind: doc.kind,
    mfa: analysis.verdict,
    lockout: [...analysis.lockout],
    reason: analysis.reason,
    statements: doc.statements.length,
  }));
  return parsed.template ? { policies, diagnostics, template: true } : { policies, diagnostics };
}

/** The context handed to each rule in turn (a class: one shape, no per-lint getter objects). */
class Context implements RuleContext {
  readonly diagnostics: Diagnostic[] = [];
  rule: Rule = rules[0]!;
  severity: Severity = 'error';
  readonly partition: Partition;
  private format: FormattingOptions | undefined;
  constructor(
    readonly text: string,
    readonly parsed: ParseResult,
    readonly policies: PolicyInfo[],
    private readonly options: LintOptions,
    readonly allowPasswordChangeWithoutMfa: boolean,
  ) {
    this.partition = isPartition(options.partition) ? options.partition : 'aws';
  }

  get formatting(): FormattingOptions {
    return (this.format ??= detectFormatting(this.text, this.options.formatting));
  }

  private fixWriter: FixWriter | undefined;
  /** The writer of the document's format, made when the first fix is built. */
  get writer(): FixWriter {
    return (this.fixWriter ??= writerFor(
      this.parsed.writes ?? formatOf(this.text, this.options),
      this.text,
      this.formatting,
      this.parsed.root,
    ));
  }

  /** Findings listed for the current rule, and those only counted (over a cap). */
  private shown = 0;
  private omitted = 0;
  private omittedAt = 0;
  private omittedSeverity: Severity = 'hint';
  /** Findings listed for the file, notes excluded. */
  private total = 0;
  /** The severity the user set for the current rule. */
  private set: Severity | undefined;

  begin(rule: Rule, set: Severity | undefined): void {
    this.rule = rule;
    this.set = set;
    this.severity = set ?? rule.defaultSeverity;
    this.shown = this.omitted = 0;
  }

  report(f: Finding): void {
    // A finding's own severity (info for a deliberate carve-out) unless the user set one.
    const severity = this.set ?? f.severity ?? this.severity;
    if (this.shown >= MAX_FINDINGS_PER_RULE || this.total >= MAX_FINDINGS_PER_FILE) return this.omit(f.offset, severity, 1);
    this.shown++;
    this.total++;
    const d: Diagnostic = {
      rule: this.rule.name,
      severity,
      message: cut(f.message),
      offset: f.offset,
      length: f.length,
      fixes: f.fixes ?? [],
    };
    if (f.related?.length) d.related = f.related.map((r) => ({ ...r, message: cut(r.message) }));
    if (f.policy !== undefined) d.policy = f.policy;
    this.diagnostics.push(d);
  }

  private omit(offset: number, severity: Severity, count: number): void {
    if (!this.omitted) this.omittedAt = offset;
    if (!this.omitted || SEVERITIES.indexOf(severity) > SEVERITIES.indexOf(this.omittedSeverity)) this.omittedSeverity = severity;
    this.omitted += count;
  }

  /** After a rule: the findings the parser only counted, then one note for all that were not listed. */
  end(): void {
    const { name } = this.rule;
    const p = this.parsed;
    if (name === 'duplicate-key' && p.duplicatesOmitted) this.omit(p.duplicatesOmittedAt, this.severity, p.duplicatesOmitted);
    const stopped = name === 'json-syntax' && p.stoppedAt >= 0;
    if (name === 'json-syntax' && p.errorsOmitted) this.omit(p.errorsOmittedAt, this.severity, p.errorsOmitted);
    const n = this.omitted;
    if (!n && !stopped) return;
    const more = `${n.toLocaleString('en-US')} more ${name} finding${n === 1 ? '' : 's'} not listed`;
    this.diagnostics.push({
      rule: name,
      severity: stopped ? this.severity : this.omittedSeverity,
      message: stopped
        ? `Too many syntax errors: ${n ? `${more}, and ` : ''}the text from here on was not checked.`
        : `${more} (${this.shown ? `only the first ${this.shown}` : `the file has ${MAX_FINDINGS_PER_FILE} already`}); fix those first.`,
      offset: stopped ? p.stoppedAt : this.omittedAt,
      length: 0,
      fixes: [],
      ...(n ? { omitted: n } : {}),
    });
  }
}
