import { makeFix } from '../fixes/edits';
import { ALWAYS, MFA_PRESENT, boolValue } from '../mfa/condition';
import { editDistance } from '../text/edit-distance';
import { statementLabel } from '../mfa/verdict';
import type { JsonNode } from '../document/tree';
import type { Edit } from '../types';
import { defineRule } from './rule';
import { propRange, quoteList } from './util';

export const mfaLockout = defineRule(
  {
    id: 'FMFA019',
    name: 'mfa-lockout',
    description: 'The MFA deny also fires for requests WITH MFA: it denies everyone.',
    defaultSeverity: 'error',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const d of p.analysis.denies) {
        // Also a deny tied to MFA that fires for every request WITH MFA (Bool ["true","false"]: access keys escape, MFA users do not).
        if (!d.deniesEveryone && !(d.tied && d.cond.mfa.length > 0 && d.cond.results.withMfa === ALWAYS)) continue;
        // A misspelled key that no request carries: under IfExists it is true for everyone.
        const absent = d.cond.mfa.length ? undefined : d.cond.other.find((x) => x.absentKey && x.results.withMfa === ALWAYS);
        if (absent) {
          const meant = closestMfaKey(absent.keyProp.key);
          ctx.report({
            ...propRange(absent.keyProp),
            policy: p.index,
            message: `Lock-out: no request carries the condition key ${JSON.stringify(absent.keyProp.key)}${meant ? ` (did you mean ${meant}?)` : ''}, so ${absent.operatorProp.key} is true for every request and ${statementLabel(d.stmt)} denies everyone, users signed in with MFA included, and no one can enrol a device.`,
            fixes: meant
              ? [makeFix(`Rename the key to ${meant}`, 'suggestion', (): Edit[] => ctx.writer.renameKey(absent.keyProp, meant))]
              : [],
          });
          continue;
        }
        const e = d.cond.mfa.find((x) => x.results.withMfa === ALWAYS) ?? d.cond.mfa[0];
        if (!e) continue;
        const arr = e.keyProp.value;
        const trueIndex =
          arr?.type === 'array' && e.key === MFA_PRESENT && /^Bool/.test(e.op.base)
            ? arr.items!.findIndex((n) => boolValue(n.value) === true)
            : -1;
        const fixable = trueIndex >= 0 && arr!.items!.some((n) => boolValue(n.value) === false);
        ctx.report({
          ...propRange(e.keyProp),
          policy: p.index,
          message: `Lock-out: ${statementLabel(d.stmt)} fires whether or not MFA was used (${e.operatorProp.key} ${e.keyProp.key}: ${quoteList(e.values)}), so it denies everyone, users signed in with MFA included.`,
          fixes: fixable
            ? [
                makeFix(
                  'Deny only when MFA is absent ("false")',
                  'safe',
                  (): Edit[] => ctx.writer.removeItems(arr!, trueItems(arr!.items!)),
                  true,
                ),
              ]
            : [],
        });
      }
    }
  },
);

/** The indexes of every "true" item (there may be several); the fix is offered only where a "false" one stays. */
function trueItems(items: readonly JsonNode[]): number[] {
  const out: number[] = [];
  items.forEach((n, i) => boolValue(n.value) === true && out.push(i));
  return out;
}

/** The MFA key a misspelled one most likely meant (spaces, case and up to three typos). */
function closestMfaKey(key: string): string | undefined {
  const k = key.replace(/\s+/g, '').toLowerCase();
  for (const meant of ['aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge'])
    if (editDistance(k, meant.toLowerCase(), 3) <= 3) return meant;
  return undefined;
}
