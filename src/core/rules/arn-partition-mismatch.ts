import { lazyFix } from '../fixes/edits';
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
        for (const n of strings) {
          if (!(n.value as string).startsWith('arn:aws:')) continue;
          // Only when the raw text has it literally (no escapes): the edit replaces those 8 characters.
          const literal = ctx.text.startsWith('"arn:aws:', n.offset);
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `This ARN is in the aws partition, but the policy is for ${ctx.partition}: it never matches there. Use ${want}.`,
            fixes: literal ? [lazyFix(`Use ${want}`, 'safe', () => [{ offset: n.offset + 1, length: 8, content: want }], true)] : [],
          });
        }
      }
    }
  },
);
