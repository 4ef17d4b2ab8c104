import type { AppliedFix, LintResult, MfaVerdict, PolicyKind, Severity } from '../core';
import { positionIndex } from './positions';

/** What the formatters print for one linted file; positions are 1-based, end exclusive. */
export interface DiagnosticReport {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** A note standing for this many findings that the core did not list (over its caps): counted that many times. */
  omitted?: number;
}

export interface PolicyReport {
  pointer: string;
  kind: PolicyKind;
  mfa: MfaVerdict;
  lockout: string[];
  line: number;
  column: number;
}

export interface FileReport {
  /** The path as given (or as found under a given folder or glob). */
  file: string;
  /** A Buffer for a path that is not valid UTF-8. */
  abs: string | Buffer;
  policies: PolicyReport[];
  diagnostics: DiagnosticReport[];
  /** With --fix (and --fix-dry-run): the fixes applied to the file, in order; the findings are those left after them. */
  fixed?: FixedReport[];
}

export interface FixedReport {
  rule: string;
  title: string;
  kind: AppliedFix['kind'];
}

export interface RunReport {
  files: FileReport[];
  /** Files skipped because they hold no policy (including binary files found by walking). */
  skippedNotPolicies: number;
  skippedTooLarge: number;
  /** One-line problems with paths (unreadable, nonexistent, ...): exit code 2. */
  pathErrors: string[];
  /** Files not linted because of their size, without --skip-large-files: one line each, exit code 1. */
  tooLarge?: string[];
}

/** Converts the core's offsets to 1-based lines and columns, once per file. */
export function toFileReport(
  file: string,
  abs: string | Buffer,
  text: string,
  result: LintResult,
  fixed?: readonly AppliedFix[],
): FileReport {
  const offsets = result.policies.map((p) => p.offset);
  for (const d of result.diagnostics) offsets.push(d.offset, d.offset + Math.max(0, d.length));
  const index = positionIndex(text, offsets);
  return {
    file,
    abs,
    policies: result.policies.map((p) => {
      const at = index.positionAt(p.offset);
      return { pointer: p.pointer, kind: p.kind, mfa: p.mfa, lockout: [...p.lockout], line: at.line, column: at.column };
    }),
    // Hint-level findings are editor-only advice: no format prints them and no count includes them
    // (docs/cli.md); `--rule <name>=info` (or higher) brings a rule's findings back.
    diagnostics: result.diagnostics
      .filter((d) => d.severity !== 'hint')
      .map((d) => {
        const start = index.positionAt(d.offset);
        const end = index.positionAt(d.offset + Math.max(0, d.length));
        return {
          rule: d.rule,
          severity: d.severity,
          message: d.message,
          line: start.line,
          column: start.column,
          endLine: end.line,
          endColumn: end.column,
          ...(d.omitted ? { omitted: d.omitted } : {}),
        };
      }),
    ...(fixed ? { fixed: fixed.map(({ rule, title, kind }) => ({ rule, title, kind })) } : {}),
  };
}

export function countSeverities(files: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity] += d.omitted ?? 1;
  return counts;
}
