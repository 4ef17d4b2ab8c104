import type { Edit } from '../types';
import { makeFix } from '../fixes/edits';
import { closestRequiredAction } from '../mfa/actions';
import { statementLabel } from '../mfa/verdict';
import { defineRule } from './rule';
import { propRange } from './util';

export const missingEnrolmentExemption = defineRule(
  {
    id: 'FMFA017',
    name: 'missing-enrolment-exemption',
    description: 'The MFA deny blocks an action needed to enrol a device (lock-out), misspelled exemptions included.',
    defaultSeverity: 'error',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const d of p.analysis.denies) {
        if (!d.deniedEnrolment.length || d.deniesEveryone) continue;
        const s = d.stmt;
        const missing = d.deniedEnrolment;
        const misspelled = d.exemptions
          .map((e) => ({ e, want: closestRequiredAction(e.value) }))
          .filter((x): x is { e: typeof x.e; want: string } => !!x.want && missing.includes(x.want as never) && x.e.cls !== 'accepted');
        const prop = s.notActionProp ?? s.actionProp;
        const hint = misspelled.length
          ? ` (${misspelled.map((m) => `${m.e.value} is ${m.e.cls === 'not-an-action' ? 'not an IAM action, so it exempts nothing; did you mean' : 'not'} ${m.want}?`).join(' ')})`
          : '';
        const build = (): Edit[] => {
          const arr = s.notActionProp?.value;
          const replaced = new Set<string>(misspelled.map((m) => m.want));
          const add = missing.filter((a) => !replaced.has(a));
          if (arr?.type === 'array') {
            const edits: Edit[] = misspelled.flatMap((m) => ctx.writer.replaceNode(m.e.node, m.want));
            if (add.length) edits.push(...ctx.writer.appendItems(arr, add));
            return edits;
          }
          if (s.notActionProp && arr) {
            const kept = misspelled.length || arr.type !== 'string' ? [] : [arr.value];
            return ctx.writer.replaceNode(arr, [...kept, ...missing]);
          }
          // NotAction of another type (null, a number): replace it by the enrolment actions.
          if (s.notActionProp) return ctx.writer.replaceMember(s.notActionProp, 'NotAction', [...missing, 'sts:GetSessionToken']);
          // A deny on Action: deny everything except the enrolment actions instead.
          return s.actionProp ? ctx.writer.replaceMember(s.actionProp, 'NotAction', [...missing, 'sts:GetSessionToken']) : [];
        };
        ctx.report({
          ...(prop ? propRange(prop) : { offset: s.node.offset, length: 1 }),
          policy: p.index,
          message: `Lock-out: ${statementLabel(s)} denies ${missing.join(', ')} to requests without MFA, so a user who has no device yet cannot enrol one${hint}. Exempt them in NotAction.`,
          fixes:
            prop && (s.notActionProp || d.actionScope === 'all')
              ? [makeFix(`Exempt the enrolment actions: ${missing.join(', ')}`, 'safe', build, true)]
              : [],
        });
      }
    }
  },
);
