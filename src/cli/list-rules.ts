/** `force-mfa --list-rules`: the rules with their default severity in the CLI, whether they offer a fix, and their summary. */
import type { RuleMeta } from '../core';
import { securitySeverity } from './format/security-severity';
import { writeJson, type Sink } from './format/stream';

export function writeRuleList(rules: readonly RuleMeta[], format: 'stylish' | 'json', sink: Sink): void {
  if (format === 'json') {
    writeJson(
      sink,
      rules.map((r) => ({
        id: r.id,
        name: r.name,
        defaultSeverity: r.defaultSeverity,
        fixable: r.fixable,
        securitySeverity: securitySeverity(r.name, r.defaultSeverity),
        description: r.description,
        docs: r.docs,
      })),
    );
    sink.write('\n');
    return;
  }
  const width = Math.max(...rules.map((r) => r.name.length), 'rule'.length);
  const row = (name: string, severity: string, fix: string, summary: string) =>
    `${name.padEnd(width)}  ${severity.padEnd(8)}  ${fix.padEnd(3)}  ${summary}\n`;
  sink.write(row('rule', 'severity', 'fix', 'summary'));
  for (const r of rules) sink.write(row(r.name, r.defaultSeverity, r.fixable ? 'yes' : 'no', r.description));
}
