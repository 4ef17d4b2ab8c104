// "Did you mean" for misspelled keys and operator names. Runs only on the error path.

/**
 * Levenshtein distance, or `max + 1` when it is over `max`: only the cells within `max` of the diagonal are
 * computed (a longer path cannot come back under `max`), with an early exit once a row is all over it.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  // Two rows, reused from call to call: this runs for each of 159 operator names per unknown operator.
  if (rowA.length <= b.length) { rowA = new Int32Array(2 * b.length + 2); rowB = new Int32Array(2 * b.length + 2); }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    cur[from - 1] = from === 1 ? (i <= max ? i : over) : over;
    let rowMin = cur[from - 1]!;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1), over);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < b.length) cur[to + 1] = over;
    if (rowMin > max) return over;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[b.length]!, over);
}
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Each list of known names, lower-cased once (the lists are the schema's fixed ones). */
const lowered = new WeakMap<readonly string[], string[]>();

/** The known name that `name` most likely meant: same letters in another case first, then a near spelling. */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let lows = lowered.get(known);
  if (!lows) lowered.set(known, (lows = known.map((k) => k.toLowerCase())));
  const same = lows.indexOf(lower);
  if (same >= 0) return known[same];
  // Up to two edits, and fewer than a third of the word: `Sids` -> `Sid`, but not `Foo` -> `Sid`.
  const max = Math.min(2, Math.floor((name.length - 1) / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (let i = 0; i < known.length; i++) {
    const d = editDistance(lower, lows[i]!, max);
    if (d < bestDistance) {
      best = known[i];
      bestDistance = d;
    }
  }
  return best;
}
