import type { RunReport } from '../report';

/**
 * `--format json`, version 1: a contract CI users script against (README "Command line").
 * Fields are picked one by one so that nothing internal leaks into it.
 */
export function formatJson(run: RunReport): string {
  const out = {
    version: 1,
    files: run.files.map((f) => ({
      file: f.file,
      policies: f.policies.map((p) => ({ pointer: p.pointer, kind: p.kind, mfa: p.mfa, lockout: p.lockout })),
      diagnostics: f.diagnostics.map((d) => ({
        rule: d.rule, severity: d.severity, message: d.message,
        line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn,
      })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
