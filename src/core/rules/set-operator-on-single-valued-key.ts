import { makeFix } from '../fixes/edits';
import { conditionOf } from '../mfa/condition';
import { defineRule } from './rule';
import { conditionHas, isForAnyValueEscape, propRange } from './util';

/** Global keys that hold one value per request (AWS flags set operators on them). */
const SINGLE_VALUED = new Set([
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:sourceip',
  'aws:securetransport',
  'aws:username',
  'aws:userid',
  'aws:principalarn',
  'aws:principaltype',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:requestedregion',
  'aws:currenttime',
  'aws:epochtime',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:viaawsservice',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:tokenissuetime',
  'aws:useragent',
  'aws:referer',
  'aws:principalisawsservice',
  'aws:sourceorgid',
  'aws:vpcsourceip',
]);

export const setOperatorOnSingleValuedKey = defineRule(
  {
    id: 'FMFA018',
    name: 'set-operator-on-single-valued-key',
    description:
      'ForAllValues:/ForAnyValue: on a single-valued key such as aws:MultiFactorAuthPresent: the result on an absent key surprises.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      const denies = new Map(p.analysis.denies.map((d) => [d.stmt, d]));
      for (const s of p.doc.statements) {
        if (!s.conditionProp) continue;
        const d = denies.get(s);
        const c = conditionOf(s);
        const entries = [...c.mfa, ...c.other];
        const reported = new Set<unknown>();
        for (const e of entries) {
          if (!e.op.set || !SINGLE_VALUED.has(e.key) || reported.has(e.operatorProp)) continue;
          if (d && isForAnyValueEscape(p, d, e)) continue; // for-any-value-mfa-check says it, with the consequence
          reported.add(e.operatorProp);
          // Same meaning without the set operator: ForAllValues: is vacuously true on an absent key
          // (as ...IfExists), ForAnyValue: is false (as the plain operator).
          const base = e.op.base + (e.op.ifExists || (e.op.set === 'ForAllValues' && e.op.base !== 'Null') ? 'IfExists' : '');
          const allSingle = e.operatorProp.value!.props!.every((k) => SINGLE_VALUED.has(k.key.toLowerCase()));
          ctx.report({
            ...propRange(e.operatorProp),
            policy: p.index,
            message: `${e.keyProp.key} is single-valued, but ${e.operatorProp.key} treats it as a set: on a request without the key, ${e.op.set === 'ForAllValues' ? 'ForAllValues: is true (which may be an accident)' : 'ForAnyValue: is false'}. Write ${base} to say the same thing plainly.`,
            fixes:
              allSingle && !conditionHas(s, base)
                ? [makeFix(`Change ${e.operatorProp.key} to ${base}`, 'safe', () => ctx.writer.renameKey(e.operatorProp, base), true)]
                : [],
          });
        }
      }
    }
  },
);
