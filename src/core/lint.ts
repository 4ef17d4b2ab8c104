import type { Diagnostic, LintOptions, LintResult, PolicyResult, RuleMeta } from './types';
import { parse } from './document/parse';
import { locatePolicies } from './document/policy';
import { analysePolicy } from './mfa/verdict';
import { detectFormatting } from './fixes/edits';
import { DOCUMENT_RULES, rules } from './rules';
import type { PolicyInfo, RuleContext } from './rules/rule';

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
  const diagnostics: Diagnostic[] = [];
  let current = rules[0]!;
  let severity = current.defaultSeverity;
  const ctx: RuleContext = {
    text,
    parsed,
    policies: infos,
    partition: options.partition ?? 'aws',
    allowPasswordChangeWithoutMfa,
    get formatting() { return detectFormatting(text, options.formatting); },
    report(f) {
      const d: Diagnostic = {
        rule: current.name,
        severity: options.rules?.[current.name] !== undefined ? severity : f.severity ?? severity,
        message: f.message,
        offset: f.offset,
        length: f.length,
        fixes: f.fixes ?? [],
      };
      if (f.related?.length) d.related = f.related;
      if (f.policy !== undefined) d.policy = f.policy;
      diagnostics.push(d);
    },
  };
  for (const rule of rules) {
    const setting = options.rules?.[rule.name];
    if (setting === 'off') continue;
    if (!ready && !DOCUMENT_RULES.has(rule.name)) continue;
    current = rule;
    severity = setting === 'error' || setting === 'warning' || setting === 'info' ? setting : rule.defaultSeverity;
    rule.check(ctx);
  }
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
