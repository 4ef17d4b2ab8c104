import type { PolicyKind } from '../types';
import { defineRule } from './rule';
import { policyAnchor } from './util';

const LIMITS: Record<PolicyKind, { limit: number; what: string }> = {
  identity: { limit: 6144, what: 'a managed policy (inline policies: 2,048 per user, 5,120 per group, 10,240 per role)' },
  trust: { limit: 2048, what: 'a role trust policy (by default; the quota can be raised to 4,096)' },
  resource: { limit: 20480, what: 'a resource policy such as an S3 bucket policy' },
};

/** 6144 -> "6,144" (toLocaleString would load ICU on the first call). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * Characters IAM counts: everything but the whitespace between tokens (the same count the parser
 * keeps for a whole file; spaces inside strings are part of the policy).
 */
function countedSize(text: string, from: number, to: number): number {
  let n = 0;
  let inString = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      n++;
      if (c === 0x5c) { i++; if (i < to) n++; } else if (c === 0x22) inString = false;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      n++;
      if (c === 0x22) inString = true;
    }
  }
  return n;
}

export const policySizeLimit = defineRule(
  {
    id: 'FMFA024',
    name: 'policy-size-limit',
    description: 'The policy is over the size limit for its kind (whitespace not counted).',
    defaultSeverity: 'warning',
    fixable: false,
  },
  (ctx) => {
    for (const p of ctx.policies) {
      const { limit, what } = LIMITS[p.doc.kind];
      const node = p.doc.node;
      if (node.length <= limit) continue; // cannot be over: skip the count
      // The whole file: the parser has counted its whitespace already (nothing but whitespace
      // surrounds the root when policy rules run).
      const size = node === ctx.parsed.root
        ? ctx.text.length - ctx.parsed.whitespace
        : countedSize(ctx.text, node.offset, node.offset + node.length);
      if (size <= limit) continue;
      ctx.report({
        ...policyAnchor(p.doc),
        policy: p.index,
        message: `This policy has ${thousands(size)} characters without whitespace; IAM accepts at most ${thousands(limit)} for ${what}.`,
      });
    }
  },
);
