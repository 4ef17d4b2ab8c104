import { makeFix } from '../fixes/edits';
import { defineRule } from './rule';
import { stringsUnder } from './util';

const NAMED = /(:mfa\/)\$\{aws:username\}$/i;

export const namedMfaDeviceResource = defineRule(
  {
    id: 'FMFA020',
    name: 'named-mfa-device-resource',
    description: 'mfa/${aws:username} as the MFA device resource: devices may be named freely since 2022, use mfa/*.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        if (s.effect !== 'Allow') continue;
        const named = stringsUnder(s.resourceProp?.value).filter((n) => NAMED.test(n.value as string));
        for (const n of named) {
          const v = n.value as string;
          const fixed = v.replace(NAMED, '$1*');
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `${v} matches only a virtual MFA device named after the user; since IAM allows named devices (November 2022), creating any other device fails and the user cannot enrol. AWS now uses mfa/*.`,
            // One fix for the whole statement: applied once, nothing of its kind is left to offer.
            fixes: [
              makeFix(
                `Use ${fixed}`,
                'safe',
                () => named.flatMap((x) => ctx.writer.replaceNode(x, (x.value as string).replace(NAMED, '$1*'))),
                true,
              ),
            ],
          });
        }
      }
    }
  },
);
