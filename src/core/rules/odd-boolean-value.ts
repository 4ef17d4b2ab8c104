import { lazyFix } from '../fixes/edits';
import { boolValue } from '../mfa/condition';
import { conditionOf } from '../document/policy';
import { defineRule } from './rule';

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
        for (const e of [...c.mfa, ...c.other]) {
          if (!e.op.known || (e.op.base !== 'Bool' && e.op.base !== 'Null')) continue;
          const v = e.keyProp.value;
          const nodes = v?.type === 'array' ? v.items! : v ? [v] : [];
          for (const n of nodes) {
            if (n.type === 'boolean' || (n.type === 'string' && (n.value === 'true' || n.value === 'false'))) continue;
            const b = boolValue(n.value);
            ctx.report({
              offset: n.offset,
              length: n.length,
              policy: p.index,
              message: `${JSON.stringify(n.value)} is not a boolean that ${e.op.base} understands reliably: write "true" or "false"${b === undefined ? '; as written, this value matches nothing' : ''}.`,
              fixes: b !== undefined ? [lazyFix(`Write "${b}"`, 'safe', () => [{ offset: n.offset, length: n.length, content: `"${b}"` }], true)] : [],
            });
          }
        }
      }
    }
  },
);
