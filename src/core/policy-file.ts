import type { LintResult } from './types';

/** A `"Statement":` key, also in the smart quotes a copy from a web page brings. */
const STATEMENT_KEY = /["\u201C\u201D]Statement["\u201C\u201D]\s*:/;

/**
 * Is the linted text an IAM policy file, whose findings a host shows? Yes when the core found a
 * policy in it; and while findings keep the core from finding one (broken JSON, pasted characters),
 * when the text has a Statement key: it was meant to be a policy. Other JSON files are not the
 * linter's business, whatever their syntax.
 */
export function isPolicyFile(result: LintResult, text: string): boolean {
  if (result.policies.length > 0) return true;
  return result.diagnostics.length > 0 && STATEMENT_KEY.test(text);
}
