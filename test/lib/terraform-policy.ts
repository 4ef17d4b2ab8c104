// Reads Terraform back the way Terraform would, for tests: the template sequences of a string
// (the partition from data.aws_partition, `$${` and `%%{` escapes), the IAM JSON that an
// aws_iam_policy_document renders, and the object inside a jsonencode(...); and the core's own reader.
import assert from 'node:assert/strict';
import { parse as parseHcl } from '@cdktn/hcl2json';
import type { Partition } from '../../src/core';

const PARTITION_REF = '${data.aws_partition.current.partition}';

/** One HCL template string as Terraform evaluates it, where the only interpolation allowed is the partition. */
export function resolveTemplate(s: string, partition: Partition): string {
  let out = '';
  for (let i = 0; i < s.length;) {
    if ((s.startsWith('$${', i) || s.startsWith('%%{', i)) && s[i] === s[i + 1]) {
      out += `${s[i]}{`;
      i += 3;
    } else if (s.startsWith(PARTITION_REF, i)) {
      out += partition;
      i += PARTITION_REF.length;
    } else {
      assert.ok(!s.startsWith('${', i) && !s.startsWith('%{', i), `only the partition is interpolated: ${s}`);
      out += s[i++];
    }
  }
  return out;
}

/** Every string in `value` resolved by resolveTemplate. */
export function resolveTemplates(value: unknown, partition: Partition): unknown {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? resolveTemplate(v, partition) : v));
}

/** The data source renders a list of one as a plain string. */
const oneOrList = (values: string[]) => (values.length === 1 ? values[0] : values);
const unescapeVariables = (s: string) => s.split('&{').join('${');

interface Block {
  [key: string]: unknown;
}

function principals(blocks: Block[] | undefined): unknown {
  if (!blocks) return undefined;
  const byType: Record<string, string[]> = {};
  for (const b of blocks) byType[b.type as string] = [...(byType[b.type as string] ?? []), ...(b.identifiers as string[])];
  const types = Object.keys(byType);
  if (types.length === 1 && types[0] === '*' && byType['*']!.every((id) => id === '*')) return '*';
  return Object.fromEntries(types.map((t) => [t, oneOrList(byType[t]!)]));
}

/**
 * The IAM policy that a data "aws_iam_policy_document" block (as hcl2json gives it, templates
 * already resolved) renders: version "2012-10-17" unless set, effect Allow unless set, a condition
 * block as Condition[test][variable] = values, `&{...}` as IAM's `${...}`.
 */
export function renderPolicyDocument(document: Block): Record<string, unknown> {
  const policy: Record<string, unknown> = { Version: document.version ?? '2012-10-17' };
  if (document.policy_id !== undefined) policy.Id = document.policy_id;
  policy.Statement = ((document.statement as Block[] | undefined) ?? []).map((s) => {
    const out: Record<string, unknown> = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? 'Allow';
    const lists: Array<[string, string]> = [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ];
    for (const [from, to] of lists) if (s[from] !== undefined) out[to] = oneOrList((s[from] as string[]).map(unescapeVariables));
    const principal = principals(s.principals as Block[] | undefined);
    if (principal !== undefined) out.Principal = principal;
    const notPrincipal = principals(s.not_principals as Block[] | undefined);
    if (notPrincipal !== undefined) out.NotPrincipal = notPrincipal;
    const conditions = (s.condition as Block[] | undefined) ?? [];
    if (conditions.length > 0) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of conditions) {
        const test = (condition[c.test as string] ??= {});
        test[c.variable as string] = [...(test[c.variable as string] ?? []), ...(c.values as string[]).map(unescapeVariables)];
      }
      out.Condition = Object.fromEntries(
        Object.entries(condition).map(([t, keys]) => [t, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, oneOrList(v)]))]),
      );
    }
    return out;
  });
  return policy;
}

/** A policy with every list of one string written as the string, as the data source renders it. */
export function asRenderedByTerraform(policy: unknown): unknown {
  return JSON.parse(JSON.stringify(policy), (_key, v: unknown) =>
    Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : v,
  );
}

/** The value of a `jsonencode(...)` that hcl2json gives back as its expression text `${jsonencode(...)}`. */
export async function jsonencodeValue(expression: string): Promise<unknown> {
  assert.ok(expression.startsWith('${jsonencode(') && expression.endsWith(')}'), expression.slice(0, 40));
  const inner = expression.slice('${jsonencode('.length, -')}'.length);
  const parsed = (await parseHcl('value.tf', `value = ${inner}\n`)) as { value: unknown };
  return parsed.value;
}

export { loadTerraformReader } from './hcl-reader';
