import { summaryFields, type FileReport, type RunReport } from '../report';
import { collect, writeJson, type Sink } from './stream';

/**
 * `--format json`, version 1: a contract CI users script against (README "Command line").
 * Fields are picked one by one so that nothing internal leaks into it. Fields are only ever added
 * to version 1 (`status`, `summary`), so a script written against it keeps working.
 */
/** A finding's fields in the report, in this order: those of a listed finding and of a suppressed one. */
function findingFields(d: FileReport['diagnostics'][number]) {
  return {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
  };
}

export function writeJsonReport(run: RunReport, sink: Sink): void {
  const out = {
    version: 1,
    files: run.files.map((f) => ({
      file: f.file,
      policies: f.policies.map((p) => ({ pointer: p.pointer, kind: p.kind, mfa: p.mfa, lockout: p.lockout })),
      diagnostics: f.diagnostics.map(findingFields),
      // Only in a --fix run: without it the report keeps its exact shape.
      ...(f.fixed ? { fixed: f.fixed.map((x) => ({ rule: x.rule, title: x.title, kind: x.kind })) } : {}),
      status: f.status ?? 'read',
      // Only where a .force-mfa.json applies: the findings it accepts, each with its reason.
      ...(f.suppressed
        ? {
            suppressed: f.suppressed.map((d) => ({
              ...findingFields(d),
              reason: d.reason,
              ignoredBy: { config: d.config, line: d.configLine },
            })),
          }
        : {}),
    })),
    summary: summaryFields(run),
    // Only in a run that used a .force-mfa.json: its ignore entries that accepted nothing.
    ...(run.configs
      ? {
          // Built field by field where they are found (RunConfigs.stale): nothing internal in them.
          staleIgnores: run.configs.stale,
        }
      : {}),
  };
  // In pieces: the same bytes as JSON.stringify(out, null, 2), never one string of the whole report.
  writeJson(sink, out);
  sink.write('\n');
}

export function formatJson(run: RunReport): string {
  return collect((sink) => writeJsonReport(run, sink));
}
