import { makeFix } from '../fixes/edits';
import { ALWAYS, MFA_AGE, MFA_PRESENT, NEVER } from '../mfa/condition';
import { statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { blockHasOnly, conditionHas, propRange, tiedDenies, relatedStatement } from './util';

export const boolWithoutIfExists = defineRule(
  {
    id: 'FMFA011',
    name: 'bool-without-ifexists',
    description: 'A Bool "false" MFA deny does not fire for long-term access keys, which carry no MFA key: use BoolIfExists.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const [p, d] of tiedDenies(ctx.policies)) {
      const r = d.cond.results;
      if (r.withoutMfa !== ALWAYS || r.keysAbsent !== NEVER || p.analysis.fired.keysAbsent) continue;
      for (const e of d.cond.mfa) {
        if (e.key !== MFA_PRESENT || e.op.base !== 'Bool' || e.op.ifExists || e.op.set !== '' || e.results.keysAbsent !== NEVER) continue;
        const canRename = blockHasOnly(e, [MFA_PRESENT, MFA_AGE]) && !conditionHas(d.stmt, 'BoolIfExists');
        ctx.report({
          ...propRange(e.operatorProp),
          policy: p.index,
          related: relatedStatement(d.stmt, 'The deny that long-term access keys escape.'),
          message: `MFA weak: ${statementLabel(d.stmt)} uses Bool, which never fires for requests signed with long-term access keys (they carry no aws:MultiFactorAuthPresent key), so \`aws s3 ls\` with an access key escapes the deny. Use BoolIfExists.`,
          fixes: canRename
            ? [makeFix('Change Bool to BoolIfExists', 'safe', () => ctx.writer.renameKey(e.operatorProp, 'BoolIfExists'), true)]
            : [],
        });
      }
    }
  },
);
