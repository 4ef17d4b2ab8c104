import { defineRule } from './rule';

export const duplicateKey = defineRule(
  {
    id: 'FMFA002',
    name: 'duplicate-key',
    description: 'Duplicate keys in one object: a JSON parser silently keeps only the last one.',
    defaultSeverity: 'error',
    phase: 'document',
    fixable: false,
  },
  (ctx) => {
    for (const d of ctx.parsed.duplicates) {
      ctx.report({
        offset: d.offset,
        length: d.length,
        message: `Duplicate key "${d.key}": IAM rejects it, and a JSON parser would silently keep only this last one.`,
        related: [{ offset: d.firstOffset, length: d.firstLength, message: `First "${d.key}".` }],
      });
    }
  },
);
