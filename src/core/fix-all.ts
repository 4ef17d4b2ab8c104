/**
 * The fix engine, shared by the editor's fix-all and the CLI's `--fix`: round after round, it picks
 * one fix per finding, skips those that touch a fix already picked, applies them, and lints again,
 * until no fix is left. A round is refused (and the engine stops with the text before it) when it
 * would make the text less well-formed, drop a statement, or come back to an earlier text; the
 * number of rounds is bounded. Pure: text and options in, text and what was done out; never throws.
 */
import type { Diagnostic, DocumentFormat, Edit, Fix, LintOptions, LintResult } from './types';
import { lint } from './lint';
import { applyEdits, editsOf } from './fixes/edits';
import { formatOf, parse } from './document/parse';
import { DOCUMENT_RULES } from './rules';

/**
 * Rounds at most. Fixes that touch are applied in turns, and findings over the per-rule cap (200)
 * are fixed in later rounds, so a few rounds are normal; twenty covers 4,000 findings of one rule.
 */
export const MAX_FIX_ROUNDS = 20;

export interface FixAllOptions {
  /** Apply suggestions too (fixes that change what a policy permits). Default: safe fixes only. */
  includeSuggestions?: boolean;
  /** At most this many rounds (1..MAX_FIX_ROUNDS; default MAX_FIX_ROUNDS). */
  maxRounds?: number;
  /**
   * The findings of a round's text that were accepted on purpose (a .force-mfa.json ignore entry):
   * their fixes are never applied, as ESLint applies no fix of a suppressed problem. Default: none.
   */
  accepted?: (text: string, result: LintResult) => readonly Diagnostic[];
}

/** One fix the engine applied. */
export interface AppliedFix {
  rule: string;
  title: string;
  kind: Fix['kind'];
  /** Where its finding was, in the text of its round. */
  offset: number;
}

/**
 * Why the engine stopped. `done`: no fix of the allowed kinds is left. `round-limit`: fixes were
 * still offered after the last round. The others name the round that was refused (not applied):
 * it added syntax errors, duplicate keys or pasted characters (`less-well-formed`), removed a
 * statement (`loses-statements`), gave a text seen before (`repeats-text`), or held edits that
 * overlap (`overlapping-edits`, a fix's own edits); `internal-error`: something threw.
 */
export type FixAllStop =
  'done' | 'round-limit' | 'less-well-formed' | 'loses-statements' | 'repeats-text' | 'overlapping-edits' | 'internal-error';

export interface FixAllResult {
  /** The text with every applied round. */
  text: string;
  /** The fixes applied, round by round (empty when nothing changed). */
  rounds: AppliedFix[][];
  stopped: FixAllStop;
  /** `lint(text, options)` of the final text: the findings that remain. */
  result: LintResult;
}

/** Applies the fixes of `text` until none is left (see the file comment). */
export function fixAll(text: string, options: LintOptions = {}, fixOptions: FixAllOptions = {}): FixAllResult {
  const source = typeof text === 'string' ? text : String(text);
  return fixAllWith((t) => lint(t, options), source, fixOptions, formatOf(source, options ?? {}));
}

/** The engine over any linter (tests pass one that offers fixes no rule would); `format` is the text's, for counting its statements. */
export function fixAllWith(
  lintText: (text: string) => LintResult,
  source: string,
  fixOptions: FixAllOptions = {},
  format: DocumentFormat = 'json',
): FixAllResult {
  const includeSuggestions = fixOptions?.includeSuggestions === true;
  const max = fixOptions?.maxRounds;
  const maxRounds = typeof max === 'number' && max >= 1 ? Math.min(Math.floor(max), MAX_FIX_ROUNDS) : MAX_FIX_ROUNDS;
  const state: FixAllResult = { text: source, rounds: [], stopped: 'done', result: lintText(source) };
  try {
    // Counted twice: by the policies the lint found (any format, strings and fences included), and in
    // JSON and YAML by every object with an Effect (also in a text whose syntax errors hide its policies).
    const statements = statementCount(source, format);
    const held = heldStatements(state.result);
    const seen = new Set([textKey(source)]);
    for (;;) {
      const picked = pickFixes(unaccepted(fixOptions, state.text, state.result), includeSuggestions);
      if (picked.applied.length === 0) return { ...state, stopped: 'done' };
      if (state.rounds.length >= maxRounds) return { ...state, stopped: 'round-limit' };
      const next = applyRound(state.text, picked.edits);
      if (next === undefined) return { ...state, stopped: 'overlapping-edits' };
      const nextResult = lintText(next);
      const refused = seen.has(textKey(next))
        ? 'repeats-text'
        : malformedCount(nextResult) > malformedCount(state.result)
          ? 'less-well-formed'
          : statementCount(next, format) < statements || heldStatements(nextResult) < held
            ? 'loses-statements'
            : undefined;
      if (refused) return { ...state, stopped: refused };
      seen.add(textKey(next));
      state.text = next;
      state.result = nextResult;
      state.rounds.push(picked.applied);
    }
  } catch {
    return { ...state, stopped: 'internal-error' };
  }
}

/** The findings of `result` whose fixes may be applied: all but those the caller says were accepted. */
function unaccepted(fixOptions: FixAllOptions, text: string, result: LintResult): readonly Diagnostic[] {
  const accepted = typeof fixOptions?.accepted === 'function' ? fixOptions.accepted(text, result) : [];
  if (accepted.length === 0) return result.diagnostics;
  const skip = new Set(accepted);
  return result.diagnostics.filter((d) => !skip.has(d));
}

/**
 * The fix a finding would get in bulk: among the allowed kinds, the preferred one, else the first.
 */
export function pickFix(fixes: readonly Fix[], includeSuggestions: boolean): Fix | undefined {
  const allowed = fixes.filter((f) => f.kind === 'safe' || (includeSuggestions && f.kind === 'suggestion'));
  return allowed.find((f) => f.isPreferred) ?? allowed[0];
}

/** One fix per finding; a fix whose edits touch or overlap those already picked waits for the next round. */
function pickFixes(diagnostics: readonly Diagnostic[], includeSuggestions: boolean): { edits: Edit[]; applied: AppliedFix[] } {
  const edits: Edit[] = [];
  const applied: AppliedFix[] = [];
  const taken: Array<[number, number]> = [];
  for (const d of diagnostics) {
    const fix = pickFix(d.fixes, includeSuggestions);
    // Only the picked fix's edits are built.
    const fixEdits = fix ? editsOf(fix) : [];
    if (!fix || fixEdits.length === 0) continue;
    const spans = fixEdits.map((e): [number, number] => [e.offset, e.offset + e.length]);
    // Touching spans count as overlapping too: two insertions at one offset would come out in either order.
    if (spans.some(([s, e]) => taken.some(([ts, te]) => s <= te && ts <= e))) continue;
    for (const span of spans) taken.push(span);
    for (const e of fixEdits) edits.push(e);
    applied.push({ rule: d.rule, title: fix.title, kind: fix.kind, offset: d.offset });
  }
  return { edits, applied };
}

function applyRound(text: string, edits: readonly Edit[]): string | undefined {
  try {
    return applyEdits(text, edits);
  } catch {
    return undefined;
  }
}

/** Findings that say the text is not clean JSON: a round never adds to them. */
function malformedCount(result: LintResult): number {
  let n = 0;
  for (const d of result.diagnostics) if (DOCUMENT_RULES.has(d.rule)) n += d.omitted ?? 1;
  return n;
}

/**
 * How many statements (objects with an `Effect`) the text holds: a round never lowers it. Read
 * with the core's own tolerant parser of its format, so a text with syntax errors still counts what it holds.
 */
export function statementCount(text: string, format: DocumentFormat = 'json'): number {
  let count = 0;
  const root = parse(text, format).root;
  const nodes = root ? [root] : [];
  while (nodes.length) {
    const node = nodes.pop()!;
    if (node.items) for (const item of node.items) nodes.push(item);
    else if (node.props) {
      for (const p of node.props) {
        if (p.key === 'Effect') count++;
        if (p.value) nodes.push(p.value);
      }
    }
  }
  return count;
}

/** The statements of the policies a lint found (0 for a result made by hand without them). */
function heldStatements(result: LintResult): number {
  let n = 0;
  for (const p of result.policies) n += typeof p.statements === 'number' ? p.statements : 0;
  return n;
}

/**
 * A text's key among those already seen: its length and a 32-bit FNV-1a hash, where keeping every
 * round's text would hold rounds times the file in memory. A collision only stops the engine early.
 */
function textKey(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${h >>> 0}`;
}
