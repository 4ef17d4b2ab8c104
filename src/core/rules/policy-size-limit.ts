import type { PolicyKind } from '../types';
import type { JsonNode } from '../document/tree';
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
 * Characters IAM counts: the policy's text without the whitespace between its tokens (spaces inside
 * strings count). Read from the tree, not the text: each scalar and key as written, plus the
 * brackets, colons and commas between them; a walk over the nodes rather than every character.
 */
function countedSize(root: JsonNode): number {
  let size = 0;
  const stack: JsonNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    const { items, props } = node;
    if (items) {
      size += items.length ? items.length + 1 : 2;
      for (const item of items) {
        if (item.items || item.props) stack.push(item);
        else size += item.length;
      }
    } else if (props) {
      size += props.length ? 2 * props.length + 1 : 2;
      for (const p of props) {
        size += p.keyLength;
        const v = p.value;
        if (v?.items || v?.props) stack.push(v);
        else if (v) size += v.length;
      }
    } else size += node.length;
  }
  return size;
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
      const size = countedSize(node);
      if (size <= limit) continue;
      ctx.report({
        ...policyAnchor(p.doc),
        policy: p.index,
        message: `This policy has ${thousands(size)} characters without whitespace; IAM accepts at most ${thousands(limit)} for ${what}.`,
      });
    }
  },
);
