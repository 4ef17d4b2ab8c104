import { makeFix } from '../fixes/edits';
import { defineRule } from './rule';
import { stringsUnder } from './util';

export const arnPartitionMismatch = defineRule(
  {
    id: 'FMFA022',
    name: 'arn-partition-mismatch',
    description: 'arn:aws: ARNs never match in the configured partition (aws-cn, aws-us-gov).',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    if (ctx.partition === 'aws') return;
    const want = `arn:${ctx.partition}:`;
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        const strings = stringsUnder(s.resourceProp?.value);
        stringsUnder(s.notResourceProp?.value, strings);
        stringsUnder(s.conditionProp?.value, strings);
        const principal = s.node.props!.find((x) => x.key === 'Principal' || x.key === 'NotPrincipal');
        stringsUnder(principal?.value, strings);
        const wrong = strings.filter((n) => (n.value as string).startsWith('arn:aws:'));
        for (const n of strings) {
          if (!(n.value as string).startsWith('arn:aws:')) continue;
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `This ARN is in the aws partition, but the policy is for ${ctx.partition}: it never matches there. Use ${want}.`,
            // One fix for the whole statement: applied once, nothing of its kind is left to offer.
            // Each string keeps the rest of its text as written, escapes included.
            fixes: [
              makeFix(`Use ${want} in this statement`, 'safe', () =>
                wrong.flatMap((x) => ctx.writer.replaceNode(x, want + (x.value as string).slice(8))),
              ),
            ],
          });
        }
      }
    }
  },
);
