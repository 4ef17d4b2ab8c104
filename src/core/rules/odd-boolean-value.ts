import { lazyFix } from '../fixes/edits';
import { boolValue } from '../mfa/condition';
import { conditionOf } from '../document/policy';
import { defineRule } from './rule';
import type { JsonNode } from '../document/tree';

export const oddBooleanValue = defineRule(
  {
    id: 'FMFA023',
    name: 'odd-boolean-value',
    description: 'Bool and Null values other than true/false ("False", "no", "1").',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        if (!s.conditionProp) continue;
        const c = conditionOf(s);
        const odd: Array<{ n: JsonNode; b: boolean | undefined; op: string }> = [];
        for (const e of [...c.mfa, ...c.other]) {
          if (!e.op.known || (e.op.base !== 'Bool' && e.op.base !== 'Null')) continue;
          const v = e.keyProp.value;
          for (const n of v?.type === 'array' ? v.items! : v ? [v] : []) {
            if (n.type === 'boolean' || (n.type === 'string' && (n.value === 'true' || n.value === 'false'))) continue;
            odd.push({ n, b: boolValue(n.value), op: e.op.base });
          }
        }
        // One fix for the whole statement: applied once, nothing of its kind is left to offer.
        const fixable = odd.filter((o) => o.b !== undefined);
        for (const { n, b, op } of odd) {
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `${JSON.stringify(n.value)} is not a boolean that ${op} understands reliably: write "true" or "false"${b === undefined ? '; as written, this value matches nothing' : ''}.`,
            fixes: b !== undefined ? [lazyFix('Write the boolean values of this statement as "true"/"false"', 'safe', () => fixable.map((o) => ({ offset: o.n.offset, length: o.n.length, content: `"${o.b}"` })), true)] : [],
          });
        }
      }
    }
  },
);
