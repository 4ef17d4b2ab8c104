import { makeFix } from '../fixes/edits';
import { ALWAYS, MFA_PRESENT, boolValue } from '../mfa/condition';
import { statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { blockHasOnly, conditionHas, propRange, tiedDenies, relatedStatement } from './util';

export const nullOnlyMfaCheck = defineRule(
  {
    id: 'FMFA012',
    name: 'null-only-mfa-check',
    description: 'A Null "true" MFA deny catches only long-term access keys: console sessions without MFA ("false") escape it.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const [p, d] of tiedDenies(ctx.policies)) {
      const r = d.cond.results;
      if (r.keysAbsent !== ALWAYS || r.withoutMfa === ALWAYS || p.analysis.fired.withoutMfa) continue;
      for (const e of d.cond.mfa) {
        if (e.key !== MFA_PRESENT || e.op.base !== 'Null' || e.results.withoutMfa === ALWAYS) continue;
        const valueNode = e.keyProp.value;
        const simple =
          valueNode?.type === 'string' &&
          boolValue(valueNode.value) === true &&
          blockHasOnly(e, [MFA_PRESENT]) &&
          !conditionHas(d.stmt, 'BoolIfExists');
        ctx.report({
          ...propRange(e.operatorProp),
          policy: p.index,
          related: relatedStatement(d.stmt, 'The deny that console sessions without MFA escape.'),
          message: `MFA weak: ${statementLabel(d.stmt)} checks only that aws:MultiFactorAuthPresent is absent (Null "true"); console sessions without MFA carry it as "false", so they escape the deny. Use BoolIfExists "false", which catches both.`,
          fixes: simple
            ? [
                makeFix(
                  'Replace Null "true" with BoolIfExists "false"',
                  'safe',
                  () => [...ctx.writer.renameKey(e.operatorProp, 'BoolIfExists'), ...ctx.writer.writeString(valueNode!, 'false')],
                  true,
                ),
              ]
            : [],
        });
      }
    }
  },
);
