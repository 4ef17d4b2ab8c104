import type { MfaVerdict, Severity } from '../../core';
import { summarise, type RunReport } from '../report';
import { painter, terminalSafe, type Paint } from '../terminal';
import type { Sink } from './stream';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const VERDICTS: readonly MfaVerdict[] = ['enforced', 'weak', 'missing', 'not-applicable'];

/**
 * Human output: one `path:line:col  severity  message  rule` line per finding, then a summary line;
 * with --fix, each file's fixes come first, one `path  fixed  title  rule` line each. Written line
 * by line. File names and messages are made terminal-safe: a control character or an escape
 * sequence in either is printed as an escape (`\e[2J`), never sent raw. With `color`, the severities,
 * `fixed` and the rule names are coloured (the text is otherwise the same).
 */
export function writeStylish(run: RunReport, sink: Sink, options: { color?: boolean } = {}): void {
  const paint = painter(options.color === true);
  let any = false;
  for (const f of run.files) {
    const file = terminalSafe(f.file);
    for (const x of f.fixed ?? []) {
      sink.write(`${file}  ${paint('green', 'fixed')}    ${terminalSafe(oneLine(x.title))}  ${paint('dim', terminalSafe(x.rule))}\n`);
      any = true;
    }
    for (const d of f.diagnostics) {
      const message = terminalSafe(oneLine(d.message));
      const severity = paintSeverity(paint, d.severity) + ' '.repeat(Math.max(0, 7 - d.severity.length));
      sink.write(`${file}:${d.line}:${d.column}  ${severity}  ${message}  ${paint('dim', terminalSafe(d.rule))}\n`);
      any = true;
    }
  }
  if (any) sink.write('\n');

  sink.write(`${terminalSafe(summaryLine(run))}.\n`);
}

/** The run's summary in words, without its final full stop (stylish and github end with it). */
export function summaryLine(run: RunReport): string {
  const sum = summarise(run);
  const c = sum.findings;
  let summary = `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info in ${plural(run.files.length, 'file')}`;
  // Which files could not be analysed is said only when some could not: the line stays as it was for a clean run.
  if (sum.files.couldNotAnalyse > 0) summary += `: ${sum.files.read} read, ${sum.files.couldNotAnalyse} could not be analysed`;
  const policies = VERDICTS.reduce((n, v) => n + sum.policies[v], 0);
  if (policies > 0) {
    const parts = VERDICTS.filter((v) => sum.policies[v] > 0).map((v) => `${sum.policies[v]} ${v}`);
    summary += ` (${plural(policies, 'policy', 'policies')}: MFA ${parts.join(', ')})`;
  }
  const { notPolicies: n, tooLarge, formatNotRead } = sum.skipped;
  summary += `; ${plural(n, 'file')} skipped as ${n === 1 ? 'not a policy' : 'not policies'}`;
  if (tooLarge > 0) summary += `, ${tooLarge} as too large`;
  if (formatNotRead > 0) summary += `, ${formatNotRead} in ${formatNotRead === 1 ? 'a format' : 'formats'} not read`;
  if (run.configs?.excluded) summary += `, ${run.configs.excluded} excluded by .force-mfa.json`;
  // Accepted findings are not in the counts that fail a run, and never hidden: the summary says how many.
  if (sum.suppressed > 0) summary += `; ${plural(sum.suppressed, 'finding')} suppressed by .force-mfa.json`;
  if (run.configs?.stale.length) summary += `; ${plural(run.configs.stale.length, 'stale ignore entry', 'stale ignore entries')}`;
  if (run.tooLarge?.length) summary += `; ${plural(run.tooLarge.length, 'file')} too large to lint (see --max-file-size)`;
  if (run.pathErrors.length > 0) summary += `; ${plural(run.pathErrors.length, 'path')} could not be read`;
  if (run.files.some((f) => f.fixed)) {
    const fixed = run.files.filter((f) => f.fixed?.length);
    summary += `; ${plural(
      fixed.reduce((n, f) => n + f.fixed!.length, 0),
      'fix',
      'fixes',
    )} applied to ${plural(fixed.length, 'file')}`;
  }
  return summary;
}

function paintSeverity(paint: Paint, severity: Severity): string {
  return paint(severity === 'error' ? 'red' : severity === 'warning' ? 'yellow' : 'cyan', severity);
}

const BLANKS = ' \t\f\v\r\n';

/** Line breaks and the blanks around them become one space (a loop: a regular expression was quadratic on long blank runs). */
export function oneLine(s: string): string {
  if (!s.includes('\n') && !s.includes('\r')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (!BLANKS.includes(s[i]!)) {
      out += s[i++];
      continue;
    }
    let j = i;
    let brk = false;
    for (; j < s.length && BLANKS.includes(s[j]!); j++) if (s[j] === '\n' || s[j] === '\r') brk = true;
    out += brk ? ' ' : s.slice(i, j);
    i = j;
  }
  return out;
}
