import { makeFix } from '../fixes/edits';
import { ALWAYS, MFA_PRESENT, NEVER, conditionOf } from '../mfa/condition';
import { actionMatches } from '../mfa/actions';
import { statementLabel } from '../mfa/verdict';
import { stringList } from '../document/tree';
import { defineRule } from './rule';
import { blockHasOnly, conditionHas, propRange } from './util';

export const trustPolicyMfa = defineRule(
  {
    id: 'FMFA025',
    name: 'trust-policy-mfa',
    description: 'A trust policy whose MFA condition lets long-term access keys assume the role (BoolIfExists "true").',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      if (p.doc.kind !== 'trust') continue;
      for (const s of p.doc.statements) {
        if (s.effect !== 'Allow' || !s.conditionProp) continue;
        if (!stringList(s.actionProp?.value).some((a) => actionMatches(a.value as string, 'sts:AssumeRole'))) continue;
        const c = conditionOf(s);
        // Allowed with MFA and without the key, but not for "false": an IfExists that lets access keys in.
        // Assumable with MFA and by long-term keys, not by sessions without MFA: BoolIfExists "true".
        if (!(c.results.withMfa !== NEVER && c.results.keysAbsent === ALWAYS && c.results.withoutMfa === NEVER)) continue;
        for (const e of c.mfa) {
          if (e.key !== MFA_PRESENT || !e.op.ifExists) continue;
          const plain = e.operatorProp.key.replace(/IfExists$/, '');
          ctx.report({
            ...propRange(e.operatorProp),
            policy: p.index,
            message: `MFA weak for this role: ${statementLabel(s)} uses ${e.operatorProp.key}, which is true when aws:MultiFactorAuthPresent is absent, so a caller with long-term access keys and no MFA can assume the role. Use ${plain} "true".`,
            fixes:
              blockHasOnly(e, [MFA_PRESENT]) && !conditionHas(s, plain)
                ? [makeFix(`Change ${e.operatorProp.key} to ${plain}`, 'safe', () => ctx.writer.renameKey(e.operatorProp, plain), true)]
                : [],
          });
        }
      }
    }
  },
);
