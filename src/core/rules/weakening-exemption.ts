import { makeFix } from '../fixes/edits';
import { type ExemptionClass, REQUIRED_ENROLMENT_ACTIONS, actionMatches } from '../mfa/actions';
import { ALWAYS } from '../mfa/condition';
import { statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { tiedDenies, relatedStatement } from './util';

const WHY: Record<Exclude<ExemptionClass, 'accepted' | 'not-an-action'>, string> = {
  admin: 'a user holding only a password or an access key can then attach policies to themself, mint access keys, even detach this policy',
  wildcard: 'the wildcard matches far more than the enrolment actions, and all of them work without MFA',
  role: "role sessions are not covered by the user's deny, so every role without its own MFA condition becomes a bypass",
  'mfa-removal': 'a user without MFA can remove the MFA device: the historic bypass AWS removed from its example in 2018',
  credential: 'a credential can be changed or minted with one factor',
  service: 'that whole service is usable without MFA',
  other: 'that action is usable without MFA',
  computed: 'the template computes it, so it may exempt anything, iam:* included',
};

export const weakeningExemption = defineRule(
  {
    id: 'FMFA015',
    name: 'weakening-exemption',
    description:
      'NotAction exemptions in the MFA deny that a user with one factor can abuse (iam:*, sts:AssumeRole, iam:DeactivateMFADevice, ...).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const [p, d] of tiedDenies(ctx.policies)) {
      if (d.cond.results.keysAbsent !== ALWAYS && d.cond.results.withoutMfa !== ALWAYS) continue;
      const arr = d.stmt.notActionProp?.value;
      for (const e of d.weakening) {
        const index = arr?.type === 'array' ? arr.items!.indexOf(e.node) : -1;
        const password =
          e.cls === 'credential' && /^iam:changepassword$/i.test(e.value)
            ? ' (AWS documents this exemption as optional and not recommended; allowPasswordChangeWithoutMfa accepts it)'
            : '';
        ctx.report({
          offset: e.node.offset,
          length: e.node.length,
          policy: p.index,
          related: relatedStatement(d.stmt, 'The deny this exemption weakens.'),
          message: `MFA weak: ${statementLabel(d.stmt)} exempts ${e.value} from the MFA deny: ${WHY[e.cls as Exclude<ExemptionClass, 'accepted' | 'not-an-action'>]}${password}.`,
          fixes:
            index >= 0 && arr!.items!.length > 1
              ? [
                  makeFix(`Remove ${e.value} from the exemptions`, 'suggestion', () => {
                    // Keep the enrolment actions that only this wildcard exempted, or the removal locks users out.
                    const keep = REQUIRED_ENROLMENT_ACTIONS.filter(
                      (a) => actionMatches(e.value, a) && !d.exemptions.some((o) => o !== e && actionMatches(o.value, a)),
                    );
                    return [...ctx.writer.removeItems(arr!, [index]), ...(keep.length ? ctx.writer.appendItems(arr!, keep) : [])];
                  }),
                ]
              : [],
        });
      }
    }
  },
);
