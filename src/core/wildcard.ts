/**
 * IAM's `*` and `?` wildcards (in actions, ARNs, StringLike values and the CLI's globs), matched
 * without regular expressions: a pattern written by whoever wrote the file must not be able to
 * make matching backtrack exponentially (`iam:************Z`).
 *
 * The pattern is split at its stars into segments. The first segment is anchored at the start of
 * the text, the last at its end, and the ones between are each placed at their leftmost position
 * after the previous one: the leftmost placement never loses a match that a later one would find,
 * so the scan only moves forward. The cost is at most (text length) x (longest segment) character
 * comparisons, whatever the number of stars.
 */

/** Counts character comparisons, so that tests can check the cost without a timer. */
export interface MatchCounter {
  steps: number;
}

/** Does `pattern` (with `*` and `?`) match the whole of `text`? */
export function wildcardMatch(pattern: string, text: string, ignoreCase: boolean, counter?: MatchCounter): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let steps = 0;
  const segmentAt = (seg: string, at: number): boolean => {
    for (let j = 0; j < seg.length; j++) {
      steps++;
      const c = seg.charCodeAt(j);
      if (c !== 63 /* ? */ && c !== t.charCodeAt(at + j)) return false;
    }
    return true;
  };
  let result: boolean;
  const star = p.indexOf('*');
  if (star < 0) {
    result = p.length === t.length && segmentAt(p, 0);
  } else {
    const segments = p.split('*');
    const first = segments[0]!;
    const last = segments[segments.length - 1]!;
    let pos = first.length;
    const end = t.length - last.length;
    if (end < pos || !segmentAt(first, 0) || !segmentAt(last, end)) result = false;
    else {
      result = true;
      for (let k = 1; k < segments.length - 1 && result; k++) {
        const seg = segments[k]!;
        if (seg.length === 0) continue;
        let found = -1;
        for (let i = pos; i + seg.length <= end; i++) {
          if (segmentAt(seg, i)) { found = i; break; }
        }
        if (found < 0) result = false;
        else pos = found + seg.length;
      }
    }
  }
  if (counter) counter.steps += steps;
  return result;
}

/** True when the pattern holds a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Can the two wildcard patterns match a common string? (Is the intersection of the languages they
 * denote non-empty?) A breadth-first walk over pairs of positions, each pair visited once: at most
 * (|a| + 1) x (|b| + 1) states. Consecutive stars are collapsed first.
 */
export function wildcardsIntersect(a: string, b: string, ignoreCase: boolean): boolean {
  const x = collapseStars(ignoreCase ? a.toLowerCase() : a);
  const y = collapseStars(ignoreCase ? b.toLowerCase() : b);
  const width = y.length + 1;
  const seen = new Uint8Array((x.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number): void => {
    const k = i * width + j;
    if (!seen[k]) { seen[k] = 1; stack.push(k); }
  };
  while (stack.length) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === x.length && j === y.length) return true;
    const cx = i < x.length ? x[i]! : '';
    const cy = j < y.length ? y[j]! : '';
    // A star may match nothing, or take one character that the other side produces.
    if (cx === '*') {
      push(i + 1, j);
      if (cy !== '' && cy !== '*') push(i, j + 1);
    }
    if (cy === '*') {
      push(i, j + 1);
      if (cx !== '' && cx !== '*') push(i + 1, j);
    }
    if (cx !== '' && cx !== '*' && cy !== '' && cy !== '*' && (cx === '?' || cy === '?' || cx === cy)) push(i + 1, j + 1);
  }
  return false;
}

function collapseStars(s: string): string {
  return s.includes('**') ? s.replace(/\*{2,}/g, '*') : s;
}
