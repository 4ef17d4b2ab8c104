/**
 * `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on
 * the pull request's files: `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`,
 * one per finding (info is `::notice`), then the summary line. Escaped as the Actions toolkit
 * escapes them: `%`, `\r` and `\n` in the message; also `:` and `,` in a property, so a file name
 * cannot end its field. Other control characters are written as escapes (terminal.ts): the runner
 * reads this output, and so does a person reading the log.
 */
import path from 'node:path';
import type { Severity } from '../../core';
import type { DiagnosticReport, RunReport } from '../report';
import { terminalSafe } from '../terminal';
import { summaryLine } from './stylish';
import type { Sink } from './stream';

const COMMAND: Record<Exclude<Severity, 'hint'>, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** A command's message. */
export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A command's property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `%`, `\r`, `\n` escaped first (the runner decodes them), then any other control character shown as an escape. */
const safe = (s: string, escape: (s: string) => string): string => terminalSafe(escape(s));

/** The path from the working folder, with `/`: what the runner resolves against the workspace. */
function relativePath(file: string, abs: string | Buffer, cwd: string): string {
  const rel = typeof abs === 'string' ? path.relative(cwd, abs) : file;
  return (rel === '' || rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

function annotation(file: string, d: DiagnosticReport): string {
  const level = COMMAND[d.severity as Exclude<Severity, 'hint'>] ?? 'notice';
  const props = [
    `file=${safe(file, escapeProperty)}`,
    `line=${d.line}`,
    `endLine=${d.endLine}`,
    `col=${d.column}`,
    `endColumn=${d.endColumn}`,
    `title=${safe(d.rule, escapeProperty)}`,
  ];
  return `::${level} ${props.join(',')}::${safe(d.message, escapeData)}\n`;
}

export function writeGithub(run: RunReport, cwd: string, sink: Sink): void {
  for (const f of run.files) {
    const file = relativePath(f.file, f.abs, cwd);
    for (const d of f.diagnostics) sink.write(annotation(file, d));
  }
  sink.write(`${terminalSafe(summaryLine(run))}.\n`);
}
