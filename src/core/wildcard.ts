/**
 * IAM's `*` and `?` wildcards (in actions, ARNs, StringLike values and the CLI's globs), matched
 * without regular expressions: a pattern written by whoever wrote the file must not be able to
 * make matching backtrack exponentially (`iam:************Z`).
 *
 * The pattern is split at its stars into segments. The first segment is anchored at the start of
 * the text, the last at its end, and the ones between are each placed at their leftmost position
 * after the previous one: the leftmost placement never loses a match that a later one would find,
 * so the scan only moves forward. The cost is at most (text length) x (longest segment) character
 * comparisons, whatever the number of stars: linear in the text for patterns whose segments are
 * short (`*a*a*...*Z` included), and never more than the square of the text. A pattern is split
 * once (O(pattern)); the split is kept for the calls that follow with the same pattern (matching
 * one pattern against a list of actions), so those cost nothing per star.
 */
import { StringCache } from './text/string-cache';
import { work } from './work';

/** Counts character comparisons, so that tests can check the cost without a timer. */
export interface MatchCounter {
  steps: number;
}

/** A pattern split at its stars (runs of stars are one star; empty segments are dropped). */
export interface CompiledWildcard {
  readonly ignoreCase: boolean;
  /** No star: the whole (case-folded) pattern, matched position by position. */
  readonly whole: string | undefined;
  /** With stars: the segment before the first star, the ones between, the one after the last. */
  readonly first: string;
  readonly middle: readonly string[];
  readonly last: string;
  /** Characters that are not stars: the shortest text the pattern can match. */
  readonly fixed: number;
}

const Q = 63; // '?'

/** Splits a pattern once; `matchCompiled` then matches it against any number of texts. */
export function compileWildcard(pattern: string, ignoreCase: boolean): CompiledWildcard {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  work.wildcard += p.length;
  const star = p.indexOf('*');
  if (star < 0) return { ignoreCase, whole: p, first: '', middle: [], last: '', fixed: p.length };
  const lastStar = p.lastIndexOf('*');
  const first = p.slice(0, star);
  const last = p.slice(lastStar + 1);
  const middle: string[] = [];
  let fixed = first.length + last.length;
  let from = star + 1;
  while (from < lastStar) {
    let to = p.indexOf('*', from);
    if (to < 0 || to > lastStar) to = lastStar;
    if (to > from) {
      middle.push(p.slice(from, to));
      fixed += to - from;
    }
    from = to + 1;
  }
  return { ignoreCase, whole: undefined, first, middle, last, fixed };
}

/** Does the compiled pattern match the whole of `text`? */
export function matchCompiled(c: CompiledWildcard, text: string, counter?: MatchCounter): boolean {
  const t = c.ignoreCase ? text.toLowerCase() : text;
  const r = placeSegments(c, t, false);
  work.wildcard += r.steps;
  if (counter) counter.steps += r.steps;
  return r.ok;
}

/**
 * The segment walk, shared by matching and intersection. `symmetric`: the text may hold `?` too
 * (a pattern without stars), and a `?` on either side matches any character.
 */
function placeSegments(c: CompiledWildcard, t: string, symmetric: boolean): { ok: boolean; steps: number } {
  let steps = 0;
  const segmentAt = (seg: string, at: number): boolean => {
    for (let j = 0; j < seg.length; j++) {
      steps++;
      const a = seg.charCodeAt(j);
      if (a === Q) continue;
      const b = t.charCodeAt(at + j);
      if (a !== b && !(symmetric && b === Q)) return false;
    }
    return true;
  };
  if (c.whole !== undefined) return { ok: c.whole.length === t.length && segmentAt(c.whole, 0), steps };
  if (t.length < c.fixed) return { ok: false, steps };
  const end = t.length - c.last.length;
  if (!segmentAt(c.first, 0) || !segmentAt(c.last, end)) return { ok: false, steps };
  let pos = c.first.length;
  for (const seg of c.middle) {
    let found = -1;
    for (let i = pos; i + seg.length <= end; i++) {
      if (segmentAt(seg, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return { ok: false, steps };
    pos = found + seg.length;
  }
  return { ok: true, steps };
}

// The split of the patterns seen last: matching one pattern against many texts (every catalogued
// action) splits it once. Bounded, so that a file of long patterns does not stay in memory.
const CACHE_CHARS = 1 << 20;
const cache = [
  new StringCache<CompiledWildcard>(256, CACHE_CHARS, CACHE_CHARS),
  new StringCache<CompiledWildcard>(256, CACHE_CHARS, CACHE_CHARS),
] as const;

function compiled(pattern: string, ignoreCase: boolean): CompiledWildcard {
  return cache[ignoreCase ? 1 : 0].memo(pattern, (own) => compileWildcard(own, ignoreCase));
}

/** Does `pattern` (with `*` and `?`) match the whole of `text`? */
export function wildcardMatch(pattern: string, text: string, ignoreCase: boolean, counter?: MatchCounter): boolean {
  return matchCompiled(compiled(pattern, ignoreCase), text, counter);
}

/** True when the pattern holds a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Can the two wildcard patterns match a common string? (Is the intersection of the languages they
 * denote non-empty?) Linear in the two patterns when both hold a star, (length of the star-less
 * one) x (longest segment of the other) otherwise:
 * - both with a star: yes exactly when their first segments agree on their common length and their
 *   last segments do too (`?` agrees with anything). The witness is the merged first segments,
 *   then every middle segment of one pattern, then of the other, then the merged last segments:
 *   each pattern's stars absorb the other's parts.
 * - one without a star: it fixes the length; the other is placed on it with the segment walk,
 *   where a `?` on either side matches (the windows of the segments do not overlap, so each
 *   position's character can be chosen on its own).
 * - neither: same length, and the same character or a `?` at each position.
 */
export function wildcardsIntersect(a: string, b: string, ignoreCase: boolean): boolean {
  const x = compileWildcard(a, ignoreCase);
  const y = compileWildcard(b, ignoreCase);
  let steps = 0;
  const agree = (s: string, t: string, fromEnd: boolean): boolean => {
    const n = Math.min(s.length, t.length);
    for (let i = 0; i < n; i++) {
      steps++;
      const p = fromEnd ? s.charCodeAt(s.length - 1 - i) : s.charCodeAt(i);
      const q = fromEnd ? t.charCodeAt(t.length - 1 - i) : t.charCodeAt(i);
      if (p !== q && p !== Q && q !== Q) return false;
    }
    return true;
  };
  let ok: boolean;
  if (x.whole === undefined && y.whole === undefined) ok = agree(x.first, y.first, false) && agree(x.last, y.last, true);
  else if (x.whole !== undefined && y.whole !== undefined) ok = x.whole.length === y.whole.length && agree(x.whole, y.whole, false);
  else {
    const [starred, plain] = x.whole === undefined ? [x, y.whole!] : [y, x.whole];
    const r = placeSegments(starred, plain, true);
    steps += r.steps;
    ok = r.ok;
  }
  work.intersect += steps;
  return ok;
}
