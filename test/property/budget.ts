/**
 * The per-input budget of the hostile-input family, enforced by counting: the core's work meters
 * (src/core/work.ts: wildcard comparisons, variable scans, members and block keys looked at) and the
 * size of what lint returns (messages, related locations, fix edits). A recipe is linted at n and 2n:
 * doubling the input may at most double the work and the output (with slack for fixed costs), and
 * both stay under a fixed amount per input character. No timer: a shared machine cannot flip it.
 */
import assert from 'node:assert/strict';
import type { LintResult } from '../../src/core';
import * as edits from '../../src/core/fixes/edits';
import { type WorkMeter, workSince, workSnapshot } from '../../src/core/work';
import { applyEdits, assertWellFormed, editsOf, lint, type Stats } from './checks';
import type { Recipe } from './hostile-arbitrary';

/** Work steps allowed per input character (each exemption pattern is matched against every catalogued action). */
export const WORK_PER_CHAR = 256;
/** Output characters allowed per input character (a finding quotes at most a bounded piece of the text). */
export const OUTPUT_PER_CHAR = 64;
/** Fixed allowance for both (the catalogue's first decode, the first findings of a rule). */
const WORK_BASE = 500_000;
const OUTPUT_BASE = 100_000;
/** Doubling the input may multiply work and output by at most this (with the fixed allowance). */
const GROWTH = 2.6;

/** The fixes' own line-scan counter, when src/core/fixes/edits.ts has one. */
const editWork = (): number => (edits as unknown as { editWork?: { steps: number } }).editWork?.steps ?? 0;

export interface Cost {
  chars: number;
  work: number;
  meters: WorkMeter & { total: number };
  output: number;
  diagnostics: number;
}

/** Characters a consumer of the result has to hold: messages, related messages, every fix's edits. */
export function outputSize(r: LintResult): number {
  let n = 0;
  for (const p of r.policies) n += 64 + p.reason.length + p.pointer.length + p.lockout.join().length;
  for (const d of r.diagnostics) {
    n += 64 + d.message.length;
    for (const x of d.related ?? []) n += 32 + x.message.length;
    for (const f of d.fixes) {
      n += 32 + f.title.length;
      for (const e of editsOf(f)) n += 24 + e.content.length;
    }
  }
  return n;
}

/** Lints one text (no exception, a well-formed result, every fix applies) and counts what it cost. */
export function lintCounted(text: string, stats?: Stats): Cost {
  const before = workSnapshot();
  const edit0 = editWork();
  const r = lint(text);
  assertWellFormed(text, r); // builds every fix's edits (lazy), so that their cost is counted
  for (const d of r.diagnostics) for (const f of d.fixes) assert.equal(typeof applyEdits(text, editsOf(f)), 'string');
  const meters = workSince(before);
  if (stats) {
    stats.inputs++;
    stats.policies += r.policies.length;
    for (const p of r.policies) stats.verdicts.set(p.mfa, (stats.verdicts.get(p.mfa) ?? 0) + 1);
    for (const d of r.diagnostics) stats.diagnosticsByRule.set(d.rule, (stats.diagnosticsByRule.get(d.rule) ?? 0) + 1);
  }
  assert.ok(
    !r.diagnostics.some((d) => d.rule === 'internal-error'),
    `internal-error: ${r.diagnostics.find((d) => d.rule === 'internal-error')?.message}`,
  );
  return {
    chars: text.length,
    work: meters.total + (editWork() - edit0),
    meters,
    output: outputSize(r),
    diagnostics: r.diagnostics.length,
  };
}

/** The recipe at n and 2n, within budget. */
export function checkWithinBudget(recipe: Recipe, n: number, stats?: Stats): { small: Cost; large: Cost } {
  const small = lintCounted(recipe.make(n), stats);
  const large = lintCounted(recipe.make(2 * n), stats);
  const what = `${recipe.label} at n = ${n}: ${JSON.stringify(small)} then at 2n: ${JSON.stringify(large)}`;
  for (const c of [small, large]) {
    assert.ok(c.work <= WORK_PER_CHAR * c.chars + WORK_BASE, `work over budget (${c.work} steps for ${c.chars} characters): ${what}`);
    assert.ok(c.output <= OUTPUT_PER_CHAR * c.chars + OUTPUT_BASE, `output over budget (${c.output} characters for ${c.chars}): ${what}`);
  }
  const scale = large.chars / Math.max(1, small.chars) / 2; // when 2n does not give twice the characters
  assert.ok(large.work <= GROWTH * scale * small.work + WORK_BASE, `work grows faster than the input: ${what}`);
  assert.ok(large.output <= GROWTH * scale * small.output + OUTPUT_BASE, `output grows faster than the input: ${what}`);
  return { small, large };
}
