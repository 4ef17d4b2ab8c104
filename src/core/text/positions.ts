/**
 * Offsets -> 1-based line/column: the CLI's output (the core speaks in offsets) and the
 * configuration file's errors.
 * Columns count UTF-16 code units, as the core's offsets do; \r\n, \n and a lone \r each end a line.
 */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? Math.floor(offset) : 0, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
}

/**
 * The positions of many offsets in one pass over the text, with memory for the offsets only (a
 * LineIndex of a 10 MB file of newlines would hold ten million line starts). Same rules as LineIndex.
 */
export function positionsAt(text: string, offsets: readonly number[]): Position[] {
  const clamp = (o: number) => Math.max(0, Math.min(Number.isFinite(o) ? Math.floor(o) : 0, text.length));
  const order = offsets.map((_, i) => i).sort((a, b) => clamp(offsets[a]!) - clamp(offsets[b]!));
  const out: Position[] = new Array<Position>(offsets.length);
  let line = 1;
  let start = 0;
  let i = 0;
  for (const k of order) {
    const t = clamp(offsets[k]!);
    while (i < t) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        start = ++i;
      } else if (c === 13) {
        const next = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        // `t` at the \n of a \r\n is still on this line.
        if (next > t) break;
        line++;
        start = i = next;
      } else i++;
    }
    out[k] = { line, column: t - start + 1 };
  }
  return out;
}

/** positionsAt for a known set of offsets, looked up one by one. */
export function positionIndex(text: string, offsets: readonly number[]): { positionAt(offset: number): Position } {
  const positions = positionsAt(text, offsets);
  const map = new Map<number, Position>();
  offsets.forEach((o, i) => map.set(o, positions[i]!));
  return { positionAt: (o) => map.get(o) ?? positionsAt(text, [o])[0]! };
}
