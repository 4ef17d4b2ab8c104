import { makeFix } from '../fixes/edits';
import { boolValue, conditionOf } from '../mfa/condition';
import { defineRule } from './rule';
import type { JsonNode } from '../document/tree';

/** A statement with more fixable values than this gets one fix per value instead of one for all. */
const MAX_EDITS_PER_FIX = 32;

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
            // A value the file computes is no odd boolean: it is not known at all.
            if (n.type === 'boolean' || n.type === 'unknown' || (n.type === 'string' && (n.value === 'true' || n.value === 'false')))
              continue;
            odd.push({ n, b: boolValue(n.value), op: e.op.base });
          }
        }
        // One fix for the whole statement: applied once, nothing of its kind is left to offer. Past a few
        // values, each finding's fix covers its own value: k findings x k edits would grow as the square.
        const fixable = odd.filter((o) => o.b !== undefined);
        const edit = (o: { n: JsonNode; b: boolean | undefined }) => ctx.writer.writeString(o.n, String(o.b));
        for (const { n, b, op } of odd) {
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `${JSON.stringify(n.value)} is not a boolean that ${op} understands reliably: write "true" or "false"${b === undefined ? '; as written, this value matches nothing' : ''}.`,
            fixes:
              b === undefined
                ? []
                : fixable.length <= MAX_EDITS_PER_FIX
                  ? [makeFix('Write the boolean values of this statement as "true"/"false"', 'safe', () => fixable.flatMap(edit), true)]
                  : [makeFix(`Write ${JSON.stringify(n.value)} as "${b}"`, 'safe', () => edit({ n, b }), true)],
          });
        }
      }
    }
  },
);
