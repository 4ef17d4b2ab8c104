import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { RuleMeta, Severity } from '../../core';
import { summaryFields, type DiagnosticReport, type RunReport } from '../report';
import { writeJson, type Sink } from './stream';
import { securitySeverity } from './security-severity';
import { FINGERPRINT_KEY } from '../fingerprint';
import RULE_HELP from '../rule-help.generated.json';

/**
 * A rule's help: its summary, then the "Why" of its docs page (scripts/rule-help.mjs keeps
 * rule-help.generated.json in step with docs/rules/), then the page's address. The text drops the
 * Markdown links' targets.
 */
function ruleHelp(r: RuleMeta): Sarif.MultiformatMessageString {
  const why = (RULE_HELP as Record<string, string | undefined>)[r.name] ?? '';
  const text = why.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  return {
    text: `${r.description}${text ? `\n\n${text}` : ''}\n\nDocumentation: ${r.docs}`,
    markdown: `**${r.description}**${why ? `\n\n${why}` : ''}\n\nSee [${r.name}](${r.docs}).`,
  };
}

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export interface SarifContext {
  cwd: string;
  version: string;
  rules: readonly RuleMeta[];
}

/** A path under the working folder becomes relative to %SRCROOT% (what code-scanning uploads expect); any other, a file: URL. */
function artifactLocation(abs: string | Buffer, cwd: string): Sarif.ArtifactLocation {
  if (typeof abs !== 'string') return byteLocation(abs, cwd);
  const rel = path.relative(cwd, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * The location of a file whose path is not valid UTF-8: its bytes percent-encoded (%FF), as a URI
 * carries them; the characters encodeURIComponent keeps are kept, so a UTF-8 path comes out the same.
 */
function byteLocation(abs: Buffer, cwd: string): Sarif.ArtifactLocation {
  // latin1: one character per byte, so path.relative works on the bytes ('/' and '.' are ASCII).
  const rel = path.relative(Buffer.from(cwd).toString('latin1'), abs.toString('latin1'));
  const encode = (segment: string) =>
    [...Buffer.from(segment, 'latin1')]
      .map((b) =>
        /[A-Za-z0-9\-_.!~*'()]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    return { uri: `file://${abs.toString('latin1').split(path.sep).map(encode).join('/')}` };
  }
  return { uri: rel.split(path.sep).map(encode).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * `--format sarif`: SARIF 2.1.0, one run, rule metadata (with help URIs) from the core's registry,
 * written in pieces, never one string of the whole log.
 */
export function writeSarif(run: RunReport, ctx: SarifContext, sink: Sink): void {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.name, i]));
  const rules: Sarif.ReportingDescriptor[] = ctx.rules.map((r) => ({
    id: r.name,
    name: r.name,
    shortDescription: { text: r.description },
    helpUri: r.docs,
    help: ruleHelp(r),
    // A rule whose findings are hints by default is not reported by the CLI unless raised with --rule.
    defaultConfiguration: { level: LEVEL[r.defaultSeverity], ...(r.defaultSeverity === 'hint' ? { enabled: false } : {}) },
    // GitHub code scanning ranks security alerts by this number (./security-severity.ts, docs/cli.md).
    properties: {
      stableId: r.id,
      fixable: r.fixable,
      tags: ['security', 'aws-iam'],
      'security-severity': securitySeverity(r.name, r.defaultSeverity).toFixed(1),
    },
  }));

  const results: Sarif.Result[] = [];
  for (const f of run.files) {
    const location = artifactLocation(f.abs, ctx.cwd);
    const toResult = (d: DiagnosticReport): Sarif.Result => {
      const index = ruleIndex.get(d.rule);
      return {
        ruleId: d.rule,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVEL[d.severity],
        message: { text: d.message },
        ...(d.fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: d.fingerprint } } : {}),
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
            },
          },
        ],
      };
    };
    for (const d of f.diagnostics) results.push(toResult(d));
    // Accepted in .force-mfa.json: kept, marked as suppressed outside the file, with the entry's reason.
    for (const d of f.suppressed ?? []) {
      results.push({ ...toResult(d), suppressions: [{ kind: 'external', status: 'accepted', justification: d.reason }] });
    }
  }

  const log = sarifLog(
    ctx.cwd,
    { name: 'force-mfa', version: ctx.version, rules },
    {
      invocations: [
        {
          executionSuccessful: run.pathErrors.length === 0,
          toolExecutionNotifications: [...run.pathErrors, ...(run.tooLarge ?? [])].map((text) => ({
            level: 'error' as const,
            message: { text },
          })),
        },
      ],
      results,
      // The summary's counts (files read, skipped, could not analyse; policies per verdict), as in the JSON report.
      properties: summaryFields(run),
    },
  );
  writeJson(sink, log);
  sink.write('\n');
}

/**
 * A SARIF 2.1.0 log of one run of a force-mfa command (lint, audit): the envelope, the driver, the
 * source root the results' relative URIs resolve against (the working folder) and UTF-16 columns.
 */
export function sarifLog(
  cwd: string,
  driver: Pick<Sarif.ToolComponent, 'name' | 'version' | 'rules'>,
  run: Pick<Sarif.Run, 'invocations' | 'results' | 'properties'>,
): Sarif.Log {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: driver.name,
            version: driver.version,
            informationUri: 'https://github.com/force-mfa/force-mfa',
            rules: driver.rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).href } },
        invocations: run.invocations,
        columnKind: 'utf16CodeUnits',
        results: run.results,
        properties: run.properties,
      },
    ],
  };
}
