import type { AppliedFix, LintResult, MfaVerdict, PolicyKind, Severity } from '../core';
import { positionIndex } from '../core/text/positions';

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
  /** SARIF's partialFingerprints value (./fingerprint.ts): set only for `--format sarif`. */
  fingerprint?: string;
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
  /** `could-not-analyse`: it looks like it holds a policy, and its findings say what could not be read. Absent means `read`. */
  status?: FileStatus;
  /** When a .force-mfa.json applies to the file: the findings its `ignore` entries accept (not in `diagnostics`, not counted). */
  suppressed?: SuppressedReport[];
}

/** A finding accepted by an ignore entry: reported with the entry's reason and where the entry stands. */
export interface SuppressedReport extends DiagnosticReport {
  reason: string;
  /** The configuration file, as printed, and the entry's line in it. */
  config: string;
  configLine: number;
}

/** An ignore entry that accepted no finding in the run. */
export interface StaleIgnoreReport {
  config: string;
  line: number;
  column: number;
  files: string;
  rule: string;
  pointer?: string;
  sid?: string;
}

export type FileStatus = 'read' | 'could-not-analyse';

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
  /** Files named on the command line in a format not read, with no sign of a policy: skipped with a warning. */
  skippedFormatNotRead?: number;
  /** Set when a .force-mfa.json was used: the files its `exclude` skipped, and its stale ignore entries. */
  configs?: { excluded: number; stale: StaleIgnoreReport[] };
}

/** What a run's summary counts, the same in every format. */
export interface RunSummary {
  files: {
    /** Listed, and analysed. */
    read: number;
    /** Listed with the findings that say what could not be read (a syntax error, a part or a format not read). */
    couldNotAnalyse: number;
    /** Opened and not listed: no policy in them, too large with --skip-large-files, or a format not read that shows no sign of a policy. */
    skipped: number;
    /** Not linted because of their size (without --skip-large-files): the run fails. */
    tooLarge: number;
  };
  skipped: { notPolicies: number; tooLarge: number; formatNotRead: number };
  policies: Record<MfaVerdict, number>;
  findings: Record<Exclude<Severity, 'hint'>, number>;
  /** Findings accepted by a .force-mfa.json's ignore entries (each note over a cap counted as many times as it stands for). */
  suppressed: number;
}

export function summarise(run: RunReport): RunSummary {
  const policies: Record<MfaVerdict, number> = { enforced: 0, weak: 0, missing: 0, 'not-applicable': 0 };
  for (const f of run.files) for (const p of f.policies) policies[p.mfa]++;
  const couldNotAnalyse = run.files.filter((f) => f.status === 'could-not-analyse').length;
  const skipped = { notPolicies: run.skippedNotPolicies, tooLarge: run.skippedTooLarge, formatNotRead: run.skippedFormatNotRead ?? 0 };
  const { error, warning, info } = countSeverities(run.files);
  return {
    files: {
      read: run.files.length - couldNotAnalyse,
      couldNotAnalyse,
      skipped: skipped.notPolicies + skipped.tooLarge + skipped.formatNotRead,
      tooLarge: run.tooLarge?.length ?? 0,
    },
    skipped,
    policies,
    findings: { error, warning, info },
    suppressed: run.files.reduce((n, f) => n + (f.suppressed ?? []).reduce((m, d) => m + (d.omitted ?? 1), 0), 0),
  };
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

/**
 * The summary as the JSON report and SARIF's run properties print it: fields picked one by one, in
 * a fixed order (a contract: fields are only ever added).
 */
export function summaryFields(run: RunReport) {
  const { files, skipped, policies, findings, suppressed } = summarise(run);
  return {
    files: { read: files.read, couldNotAnalyse: files.couldNotAnalyse, skipped: files.skipped, tooLarge: files.tooLarge },
    skipped: { notPolicies: skipped.notPolicies, tooLarge: skipped.tooLarge, formatNotRead: skipped.formatNotRead },
    policies: { enforced: policies.enforced, weak: policies.weak, missing: policies.missing, 'not-applicable': policies['not-applicable'] },
    findings: { error: findings.error, warning: findings.warning, info: findings.info },
    pathErrors: run.pathErrors.length,
    // Only in a run that used a .force-mfa.json: without one the summary keeps its exact shape.
    ...(run.configs ? { config: { suppressed, staleIgnores: run.configs.stale.length, excluded: run.configs.excluded } } : {}),
  };
}

/**
 * Findings that mean a file, or a part of it, was not analysed: the core reads no policy of a text
 * it cannot parse (a syntax error, pasted characters), and says where a part could not be read.
 */
const NOT_ANALYSED: ReadonlySet<string> = new Set(['json-syntax', 'pasted-characters', 'unreadable-policy', 'internal-error']);

/** A listed file was read, or could not be analysed (its findings say why). */
export const statusOf = (f: FileReport): FileStatus => (f.diagnostics.some((d) => NOT_ANALYSED.has(d.rule)) ? 'could-not-analyse' : 'read');

export function countSeverities(files: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity] += d.omitted ?? 1;
  return counts;
}
