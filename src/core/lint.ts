import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { LintOptions, LintResult } from './types';

/** The single entry point: text in, policies and diagnostics out. Never throws. */
export function lint(text: string, _options: LintOptions = {}): LintResult {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return {
    policies: [],
    diagnostics: errors.map((e) => ({
      rule: 'json-syntax',
      severity: 'error' as const,
      message: `JSON syntax error: ${printParseErrorCode(e.error)}`,
      offset: e.offset,
      length: e.length,
      fixes: [],
    })),
  };
}
