/**
 * Work meters of the scans whose cost grows with the input: each counts the elementary steps of one
 * kind of scan (character comparisons, members looked at), summed over every lint of the process.
 * Linting must stay linear in its input whatever the input says; the tests and the fuzz run check it by
 * counting these steps on hostile inputs at sizes n and 2n, or against a budget per input character,
 * never with a timer. Incrementing a number costs nothing next to the scans themselves.
 */
export interface WorkMeter {
  /** Character comparisons of wildcard matching (src/core/wildcard.ts). */
  wildcard: number;
  /** States visited while intersecting two wildcard patterns. */
  intersect: number;
  /** Characters looked at while looking for policy variables (src/core/variables.ts). */
  variables: number;
  /** Object members looked at to place a finding on a key or value (iam-schema). */
  members: number;
  /** Condition keys and operators looked at by the rules' block checks (rules/util.ts). */
  blocks: number;
}

export const work: WorkMeter = { wildcard: 0, intersect: 0, variables: 0, members: 0, blocks: 0 };

/** A copy of the meters, to subtract from a later one. */
export function workSnapshot(): WorkMeter {
  return { ...work };
}

/** The steps of every meter since `before`, and their sum. */
export function workSince(before: WorkMeter): WorkMeter & { total: number } {
  const out = { total: 0 } as WorkMeter & { total: number };
  for (const k of Object.keys(work) as Array<keyof WorkMeter>) {
    out[k] = work[k] - before[k];
    out.total += out[k];
  }
  return out;
}
