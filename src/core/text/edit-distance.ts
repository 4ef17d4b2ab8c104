// The one edit distance of the core: "did you mean" for schema keys and operators, misspelled
// exemptions and MFA keys. Callers only care about small distances, so it is banded.

/**
 * Levenshtein distance, or `max + 1` when it is over `max`: only the cells within `max` of the diagonal are
 * computed (a longer path cannot come back under `max`), with an early exit once a row is all over it.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  // Two rows, reused from call to call: this runs for each of 159 operator names per unknown operator.
  if (rowA.length <= b.length) {
    rowA = new Int32Array(2 * b.length + 2);
    rowB = new Int32Array(2 * b.length + 2);
  }
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
