import { makeFix } from '../fixes/edits';
import { defineRule } from './rule';
import { policyAnchor, propRange, stringsUnder } from './util';
import { firstVariable } from '../variables';

export const policyVariablesNeedVersion = defineRule(
  {
    id: 'FMFA021',
    name: 'policy-variables-need-version',
    description: 'Policy variables such as ${aws:username} are literal text unless Version is "2012-10-17".',
    defaultSeverity: 'warning',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      const vp = p.doc.versionProp;
      const v = vp?.value;
      // A Version the file computes may well be 2012-10-17: nothing to say.
      if ((v?.type === 'string' && v.value === '2012-10-17') || v?.type === 'unknown') continue;
      let variable: string | undefined;
      for (const s of p.doc.statements) {
        const strings = stringsUnder(s.resourceProp?.value);
        stringsUnder(s.notResourceProp?.value, strings);
        stringsUnder(s.conditionProp?.value, strings);
        for (const n of strings) if ((variable = firstVariable(n.value as string)) !== undefined) break;
        if (variable) break;
      }
      if (!variable) continue;
      ctx.report({
        ...(vp ? propRange(vp) : policyAnchor(p.doc)),
        policy: p.index,
        message: `${vp ? `Version ${v?.type === 'string' ? `"${v.value}"` : 'is not "2012-10-17"'}` : 'Version is missing'}, so ${variable} is literal text: the statements that name the user's own ARN match nothing (lock-out of the self-service part). Set "Version": "2012-10-17".`,
        fixes: [
          makeFix(
            'Set "Version": "2012-10-17"',
            'safe',
            () => (v ? ctx.writer.replaceNode(v, '2012-10-17') : ctx.writer.insertMember(p.doc.node, 'Version', '2012-10-17', true)),
            true,
          ),
        ],
      });
    }
  },
);
