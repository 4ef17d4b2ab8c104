/**
 * In a CloudFormation template: a user that no MFA-forcing policy reaches, and a group without
 * members in the template whose policies force nothing, get a finding on their resource. The
 * template is read as the audit reads it (../audit/from-cloudformation.ts) and each user judged
 * from every policy that reaches them (../audit/audit.ts). A user forced only partly (weak) is left
 * to the rules on the policy itself. A group with members in the template is judged through them: a
 * member may be forced by a policy of another group. Terraform is audited as a module by
 * `force-mfa audit <folder>`: one file of a module does not show whose policies reach whom.
 */
import { auditAccount } from '../audit/audit';
import { readCloudFormation } from '../audit/from-cloudformation';
import { TemplateFacts } from '../audit/template-model';
import type { AccountModel } from '../audit/model';
import { defineRule, type RuleContext } from './rule';

/** Per group without members in the template: a user in that group alone. */
function loneMembers(model: AccountModel): AccountModel['users'] {
  const withMembers = new Set(model.users.flatMap((u) => u.groups));
  return model.groups
    .filter((g) => !withMembers.has(g.name))
    .map((g) => ({ name: g.name, arn: `arn:aws:iam::000000000000:user/${g.name}`, inline: [], groups: [g.name], attached: [] }));
}

function check(ctx: RuleContext): void {
  if (!ctx.parsed.template || !ctx.parsed.root) return;
  const facts = new TemplateFacts();
  readCloudFormation(ctx.parsed.root, ctx.text, facts);
  const { model, declared } = facts.model();
  if (!declared.length) return;
  const options = { source: 'the template', allowPasswordChangeWithoutMfa: ctx.allowPasswordChangeWithoutMfa };
  const users = new Map(auditAccount(model, options).users.map((u) => [u.user, u]));
  const groups = new Map(auditAccount({ ...model, users: loneMembers(model) }, options).users.map((u) => [u.user, u]));
  for (const d of declared) {
    const a = (d.kind === 'user' ? users : groups).get(d.name);
    if (!a || a.mfa !== 'not-forced') continue;
    const who = d.kind === 'user' ? `User ${d.name}` : `Group ${d.name} (no user of this template is in it)`;
    const unknown = a.unknown.length ? ` Unless what the template does not hold forces MFA: ${a.unknown.join('; ')}.` : '';
    ctx.report({
      offset: d.offset,
      length: d.length,
      message: `${who}: no policy that reaches ${d.kind === 'user' ? 'this user' : 'its members'} denies requests without MFA, so a password or an access key alone is enough.${unknown}`,
      // A policy the template does not hold may force MFA: said, not asserted.
      ...(a.unknown.length ? { severity: 'info' as const } : {}),
    });
  }
}

export const userNotForced = defineRule(
  {
    id: 'FMFA030',
    name: 'user-not-forced',
    description: 'In a template, an IAM user (or a group without members there) that no MFA-forcing policy reaches.',
    defaultSeverity: 'warning',
    fixable: false,
  },
  check,
);
