import { makeFix } from '../fixes/edits';
import { conditionOf } from '../mfa/condition';
import type { RelatedLocation } from '../types';
import { defineRule } from './rule';
import { lowerFirst, policyAnchor } from './util';

export const missingMfaDeny = defineRule(
  {
    id: 'FMFA010',
    name: 'missing-mfa-deny',
    description: 'No statement denies requests made without MFA, so the policy forces nothing.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      if (p.analysis.verdict !== 'missing') continue;
      const related: RelatedLocation[] = [];
      for (const s of p.doc.statements) {
        if (s.effect === 'Allow' && s.conditionProp && conditionOf(s).mfa.length) {
          related.push({
            offset: s.node.offset,
            length: s.node.length,
            message: 'This Allow with an MFA condition enforces nothing: another policy can allow the same actions without MFA.',
          });
        }
      }
      ctx.report({
        ...policyAnchor(p.doc),
        policy: p.index,
        message: `MFA not enforced (missing): ${lowerFirst(p.analysis.reason)} Add a Deny on every action except the enrolment ones, with BoolIfExists aws:MultiFactorAuthPresent "false".`,
        related: related.length ? related : undefined,
        // A Statement the template computes (`Statement: !If ...`) has no list in the text to add the deny to.
        fixes:
          p.doc.statementProp?.value?.type === 'unknown'
            ? []
            : [makeFix("Insert AWS's deny for requests without MFA", 'suggestion', () => ctx.writer.insertDeny(p.doc), true)],
      });
    }
  },
);
