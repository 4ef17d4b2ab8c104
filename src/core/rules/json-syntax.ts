import { defineRule } from './rule';

export const jsonSyntax = defineRule(
  {
    id: 'FMFA001',
    name: 'json-syntax',
    description: 'JSON syntax errors, comments and trailing commas: IAM accepts strict JSON only.',
    defaultSeverity: 'error',
    phase: 'document',
    fixable: false,
  },
  (ctx) => {
    for (const e of ctx.parsed.errors) ctx.report({ offset: e.offset, length: e.length, message: e.message });
  },
);
