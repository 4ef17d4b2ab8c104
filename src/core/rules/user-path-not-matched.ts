import type { JsonNode } from '../document/tree';
import { makeFix } from '../fixes/edits';
import { actionMatches } from '../mfa/actions';
import type { Partition } from '../types';
import { defineRule } from './rule';

/** `…:user/${aws:username}`: the user's own ARN, but only for users created without a path. */
const OWN_USER = /^(.*:user\/)(\$\{aws:username\})$/i;

/**
 * The ARN as it reads in the configured partition: an `arn:aws:` ARN in another partition is
 * arn-partition-mismatch's finding; this rule reasons as if it were fixed, so its own fix never
 * writes a new mismatch.
 */
function inPartition(arn: string, partition: Partition): string {
  return partition !== 'aws' && arn.startsWith('arn:aws:') ? `arn:${partition}:${arn.slice(8)}` : arn;
}

/** The ARN of the same user created with a path, beside `user/${aws:username}`. */
function pathArn(arn: string, partition: Partition): string {
  return inPartition(arn, partition).replace(OWN_USER, '$1*/$2');
}

/** Does some resource of the statement also match that user created with a path (user/eng/…)? */
function coversPathUsers(resources: readonly JsonNode[], arn: string, partition: Partition): boolean {
  const probe = inPartition(arn, partition).replace(OWN_USER, '$1eng/$2');
  return resources.some((r) => r.type === 'string' && actionMatches(inPartition(r.value as string, partition), probe));
}

export const userPathNotMatched = defineRule(
  {
    id: 'FMFA027',
    name: 'user-path-not-matched',
    description: 'user/${aws:username} without user/*/${aws:username}: users created with a path (user/eng/alice) are not matched.',
    // A hint: AWS's own reference policy has this shape, and a first look at it must be clean.
    defaultSeverity: 'hint',
    fixable: true,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      for (const s of p.doc.statements) {
        if (s.effect !== 'Allow' || !s.resourceProp?.value) continue;
        const prop = s.resourceProp;
        const value = prop.value!;
        const resources = value.type === 'array' ? value.items! : [value];
        const unmatched = resources.filter(
          (n) => n.type === 'string' && OWN_USER.test(n.value as string) && !coversPathUsers(resources, n.value as string, ctx.partition),
        );
        if (!unmatched.length) continue;
        const add = [...new Set(unmatched.map((n) => pathArn(n.value as string, ctx.partition)))];
        // One fix for the whole statement: applied once, nothing of its kind is left to offer.
        const build = () =>
          value.type === 'array' ? ctx.writer.appendItems(value, add) : ctx.writer.replaceMember(prop, prop.key, [value.value, ...add]);
        for (const n of unmatched) {
          const v = n.value as string;
          ctx.report({
            offset: n.offset,
            length: n.length,
            policy: p.index,
            message: `${v} matches only users created without a path: users created with a path (e.g. user/eng/alice) get nothing from this statement, so they cannot manage their own MFA device or credentials. Add ${pathArn(v, ctx.partition)} beside it.`,
            fixes: [makeFix(`Add ${add.join(', ')} (users created with a path)`, 'suggestion', build)],
          });
        }
      }
    }
  },
);
