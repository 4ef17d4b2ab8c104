import { defineRule } from './rule';

export const unreadablePolicy = defineRule(
  {
    id: 'FMFA028',
    name: 'unreadable-policy',
    description:
      'Something that looks like a policy (it names aws:MultiFactorAuthPresent, or has a Statement with an Effect) cannot be read, so it is not checked.',
    defaultSeverity: 'warning',
    phase: 'document',
    fixable: false,
  },
  (ctx) => {
    for (const part of ctx.parsed.unreadable ?? []) {
      ctx.report({
        offset: part.offset,
        length: part.length,
        message: `This looks like it holds a policy, but force-mfa cannot read ${part.what}: ${part.why.replace(/\.$/, '')}. Its MFA enforcement is not checked.`,
      });
    }
  },
);
