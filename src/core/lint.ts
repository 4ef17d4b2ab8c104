import type { Diagnostic, FormattingOptions, LintOptions, LintResult, Partition, PolicyResult, RuleMeta, Severity } from './types';
import { type ParseResult, parse } from './document/parse';
import { locatePolicies } from './document/policy';
import { analysePolicy } from './mfa/verdict';
import { detectFormatting } from './fixes/edits';
import { DOCUMENT_RULES, rules } from './rules';
import type { Finding, PolicyInfo, Rule, RuleContext } from './rules/rule';

export const ruleMetas: readonly RuleMeta[] = rules.map(({ id, name, description, defaultSeverity, docs, fixable }) => ({
  id, name, description, defaultSeverity, docs, fixable,
}));

/** The single entry point: text in, policies and diagnostics out. Never throws. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  try {
    return lintUnsafe(typeof text === 'string' ? text : String(text), options ?? {});
  } catch (err) {
    return {
      policies: [],
      diagnostics: [{
        rule: 'internal-error',
        severity: 'error',
        message: `force-mfa could not analyse this file (internal error: ${err instanceof Error ? err.message : String(err)}). Please report it.`,
        offset: 0,
        length: 0,
        fixes: [],
      }],
    };
  }
}

function lintUnsafe(text: string, options: LintOptions): LintResult {
  const parsed = parse(text);
  const ready = parsed.errors.length === 0 && parsed.pasted.length === 0;
  const allowPasswordChangeWithoutMfa = options.allowPasswordChangeWithoutMfa === true;
  const infos: PolicyInfo[] = ready
    ? locatePolicies(parsed.root).map((doc, index) => ({ index, doc, analysis: analysePolicy(doc, allowPasswordChangeWithoutMfa) }))
    : [];
  const ctx = new Context(text, parsed, infos, options, allowPasswordChangeWithoutMfa);
  for (const rule of rules) {
    const setting = options.rules?.[rule.name];
    if (setting === 'off') continue;
    if (!ready && !DOCUMENT_RULES.has(rule.name)) continue;
    ctx.rule = rule;
    ctx.severity = setting === 'error' || setting === 'warning' || setting === 'info' ? setting : rule.defaultSeverity;
    rule.check(ctx);
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
  }));
  return { policies, diagnostics };
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
    this.partition = options.partition ?? 'aws';
  }

  get formatting(): FormattingOptions {
    return (this.format ??= detectFormatting(this.text, this.options.formatting));
  }

  report(f: Finding): void {
    const d: Diagnostic = {
      rule: this.rule.name,
      // A finding's own severity (info for a deliberate carve-out) unless the user set one.
      severity: this.options.rules?.[this.rule.name] !== undefined ? this.severity : f.severity ?? this.severity,
      message: f.message,
      offset: f.offset,
      length: f.length,
      fixes: f.fixes ?? [],
    };
    if (f.related?.length) d.related = f.related;
    if (f.policy !== undefined) d.policy = f.policy;
    this.diagnostics.push(d);
  }
}
