/**
 * `--format junit`: JUnit XML as CI servers read it (Jenkins, GitLab's test reports, Azure
 * Pipelines): a <testsuite> per linted file, a <testcase> per policy (its verdict in the name) and
 * per finding; an error is a <failure>, a warning or info a passing test with the message in
 * <system-out>, a finding accepted in .force-mfa.json a <skipped> test with the reason. Written in
 * pieces, each value XML-escaped; a character XML 1.0 cannot hold at all (most control characters)
 * is written as an escape in text (`\x07`), as terminal output writes it.
 */
import type { DiagnosticReport, FileReport, RunReport } from '../report';
import type { Sink } from './stream';

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Allowed in XML 1.0: tab, line feed, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, and paired surrogates. */
function xmlChar(code: number): boolean {
  return code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd);
}

/** Text or an attribute value, escaped; in an attribute, line breaks and tabs as character references (kept as they are). */
export function xmlEscape(s: string, attribute = false): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += c + s[++i];
    } else if (NAMED[c]) out += NAMED[c];
    else if (attribute && (code === 9 || code === 10 || code === 13)) out += `&#${code};`;
    else if (xmlChar(code)) out += c;
    else out += code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

const attrs = (values: Record<string, string | number>): string =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v), true)}"`)
    .join('');

interface Case {
  name: string;
  /** The element inside <testcase>, or '' for a plain passing test. */
  body: string;
  failed: boolean;
}

function findingCase(f: FileReport, d: DiagnosticReport): Case {
  const name = `${d.rule} at ${d.line}:${d.column}`;
  const detail = xmlEscape(`${f.file}:${d.line}:${d.column} ${d.severity} ${d.message} (${d.rule})`);
  if (d.severity === 'error') {
    return { name, body: `<failure${attrs({ type: d.rule, message: d.message })}>${detail}</failure>`, failed: true };
  }
  return { name, body: `<system-out>${detail}</system-out>`, failed: false };
}

function casesOf(f: FileReport): Case[] {
  const cases: Case[] = f.policies.map((p) => ({
    name: `policy ${p.pointer === '' ? '(whole file)' : p.pointer}: MFA ${p.mfa}`,
    body: '',
    failed: false,
  }));
  for (const d of f.diagnostics) cases.push(findingCase(f, d));
  for (const d of f.suppressed ?? []) {
    cases.push({
      name: `${d.rule} at ${d.line}:${d.column}`,
      body: `<skipped${attrs({ message: `accepted in .force-mfa.json: ${d.reason}` })}/>`,
      failed: false,
    });
  }
  return cases;
}

export function writeJunit(run: RunReport, sink: Sink): void {
  const suites = run.files.map((f) => ({ file: f, cases: casesOf(f) }));
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.cases.filter((c) => c.failed).length, 0);
  sink.write('<?xml version="1.0" encoding="UTF-8"?>\n');
  sink.write(`<testsuites${attrs({ name: 'force-mfa', tests, failures, errors: 0 })}>\n`);
  for (const { file, cases } of suites) {
    const failed = cases.filter((c) => c.failed).length;
    const skipped = cases.filter((c) => c.body.startsWith('<skipped')).length;
    sink.write(`  <testsuite${attrs({ name: file.file, tests: cases.length, failures: failed, errors: 0, skipped })}>\n`);
    for (const c of cases) {
      const open = `    <testcase${attrs({ classname: file.file, name: c.name })}`;
      sink.write(c.body === '' ? `${open}/>\n` : `${open}>${c.body}</testcase>\n`);
    }
    sink.write('  </testsuite>\n');
  }
  sink.write('</testsuites>\n');
}
