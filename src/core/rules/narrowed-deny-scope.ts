import { makeFix } from '../fixes/edits';
import { REQUIRED_ENROLMENT_ACTIONS } from '../mfa/actions';
import { REFERENCE_DENY_STATEMENT } from '../reference';
import { deniesAction, statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { propRange, tiedDenies } from './util';

export const narrowedDenyScope = defineRule(
  {
    id: 'FMFA016',
    name: 'narrowed-deny-scope',
    description: 'The MFA deny covers only some resources (Resource not "*", NotResource) or only the listed actions.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const [p, d] of tiedDenies(ctx.policies)) {
      if (p.analysis.covered.keysAbsent && p.analysis.covered.withoutMfa) continue;
      const s = d.stmt;
      const label = statementLabel(s);
      if (!d.fullResource) {
        const prop = (s.notResourceProp ?? s.resourceProp)!;
        // On every resource the deny would also deny these enrolment actions (lock-out): the fix exempts them too.
        const wouldLock = REQUIRED_ENROLMENT_ACTIONS.filter((a) => deniesAction(s, a));
        const widen = () => ctx.writer.replaceMember(prop, 'Resource', '*');
        const notAction = s.notActionProp?.value;
        const widenFixes = () => {
          if (!wouldLock.length) return [makeFix('Deny on every resource ("Resource": "*")', 'suggestion', widen)];
          if (d.actionScope === 'all' && s.actionProp) {
            return [
              makeFix('Deny on every resource, except the enrolment actions', 'suggestion', () => [
                ...widen(),
                ...ctx.writer.replaceMember(s.actionProp!, 'NotAction', REFERENCE_DENY_STATEMENT.NotAction),
              ]),
            ];
          }
          if (notAction?.type === 'array') {
            return [
              makeFix(`Deny on every resource, except the enrolment actions (adds ${wouldLock.join(', ')})`, 'suggestion', () => [
                ...widen(),
                ...ctx.writer.appendItems(notAction, wouldLock),
              ]),
            ];
          }
          return [];
        };
        ctx.report({
          ...propRange(prop),
          policy: p.index,
          message: s.notResourceProp
            ? `MFA weak: ${label} carves resources out of the MFA deny with NotResource; requests without MFA on them are not denied. Use "Resource": "*".`
            : `MFA weak: ${label} denies requests without MFA only on ${prop.value?.type === 'string' ? JSON.stringify(prop.value.value) : 'the listed resources'}; everything else is allowed without MFA. Use "Resource": "*".`,
          fixes: widenFixes(),
        });
      }
      if (d.actionScope === 'list' && s.actionProp) {
        ctx.report({
          ...propRange(s.actionProp),
          policy: p.index,
          message: `MFA weak: ${label} denies only the listed actions without MFA; every other action is allowed without MFA. Deny everything except the enrolment actions with NotAction.`,
          fixes: [
            makeFix('Deny every action except the enrolment ones (NotAction)', 'suggestion', () =>
              ctx.writer.replaceMember(s.actionProp!, 'NotAction', REFERENCE_DENY_STATEMENT.NotAction),
            ),
          ],
        });
      }
    }
  },
);
