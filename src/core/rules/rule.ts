/** The shape of a rule: metadata plus one check over the whole linted file. */
import type { Fix, FormattingOptions, Partition, RelatedLocation, RuleMeta, Severity } from '../types';
import type { ParseResult } from '../document/parse';
import type { FixWriter } from '../fixes/writer';
import type { PolicyDocument } from '../document/policy';
import type { PolicyAnalysis } from '../mfa/verdict';

export interface PolicyInfo {
  /** Index into LintResult.policies. */
  index: number;
  doc: PolicyDocument;
  analysis: PolicyAnalysis;
}

export interface Finding {
  offset: number;
  length: number;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  policy?: number;
  /** Overrides the rule's default severity for this finding (before configuration). */
  severity?: Severity;
}

export interface RuleContext {
  text: string;
  parsed: ParseResult;
  /** Empty while the text has syntax errors or pasted characters: policy rules then wait. */
  policies: PolicyInfo[];
  partition: Partition;
  allowPasswordChangeWithoutMfa: boolean;
  formatting: FormattingOptions;
  /** Writes fixes in the document's own syntax and style (JSON, YAML). */
  writer: FixWriter;
  report(finding: Finding): void;
}

/**
 * When a rule runs: a `document` rule judges the raw text and runs even when it is not (yet) valid
 * JSON; a `policy` rule waits until the text parses and asks the policies questions.
 */
export type RulePhase = 'document' | 'policy';

export interface Rule extends RuleMeta {
  phase: RulePhase;
  check(context: RuleContext): void;
}

const DOCS = 'https://github.com/force-mfa/force-mfa/blob/main/docs/rules/';

export function defineRule(meta: Omit<RuleMeta, 'docs'> & { phase?: RulePhase }, check: (context: RuleContext) => void): Rule {
  return { ...meta, phase: meta.phase ?? 'policy', docs: `${DOCS}${meta.name}.md`, check };
}
