import { makeFix } from '../fixes/edits';
import { MFA_PRESENT } from '../mfa/condition';
import { statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { blockHasOnly, conditionHas, isForAnyValueEscape, propRange, tiedDenies, relatedStatement } from './util';

export const forAnyValueMfaCheck = defineRule(
  {
    id: 'FMFA013',
    name: 'for-any-value-mfa-check',
    description: 'ForAnyValue: on aws:MultiFactorAuthPresent is false when the key is absent: long-term access keys escape the deny.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const [p, d] of tiedDenies(ctx.policies)) {
      for (const e of d.cond.mfa) {
        if (!isForAnyValueEscape(p, d, e)) continue;
        const canRename = e.op.base === 'Bool' && !e.op.ifExists && blockHasOnly(e, [MFA_PRESENT]) && !conditionHas(d.stmt, 'BoolIfExists');
        ctx.report({
          ...propRange(e.operatorProp),
          policy: p.index,
          related: relatedStatement(d.stmt, 'The deny that long-term access keys escape.'),
          message: `MFA weak: ${statementLabel(d.stmt)} uses ${e.operatorProp.key}, which is false when the key is absent, so requests signed with long-term access keys escape the deny (and aws:MultiFactorAuthPresent is single-valued: no set operator applies). Use BoolIfExists.`,
          fixes: canRename
            ? [
                makeFix(
                  `Change ${e.operatorProp.key} to BoolIfExists`,
                  'safe',
                  () => ctx.writer.renameKey(e.operatorProp, 'BoolIfExists'),
                  true,
                ),
              ]
            : [],
        });
      }
    }
  },
);
