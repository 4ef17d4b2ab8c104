/**
 * `--fix-dry-run`: a unified diff of one file, written line by line to a sink. Lines are compared
 * with their line endings (a CRLF file stays CRLF in the diff); the lines that differ are found with
 * Myers' algorithm between the common beginning and end, which is quick because fixes are local.
 */
import type { Sink } from './format/stream';
import { terminalSafe } from './terminal';

/** Lines of context around each change, as `diff -u` prints. */
const CONTEXT = 3;
/**
 * Past this many differing lines Myers' trace (one array per step) grows as the square: the
 * middle of the file is then shown as one replaced block, still a correct diff.
 */
const MAX_EDIT_STEPS = 1000;

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Lines with their endings ('\n' or '\r\n' kept); the last one may have none. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    lines.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** The edit script from `a` to `b`: Myers' greedy diff, or one replaced block past MAX_EDIT_STEPS. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const same = (line: string): Op => ({ kind: ' ', line });
  return [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_STEPS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, offset, d);
    }
  }
  return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
}

/** Walks the trace back from the end: snakes are kept lines, each step one removed or added line. */
function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[], offset: number, steps: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = steps; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (down) ops.push({ kind: '+', line: b[--y]! });
    else ops.push({ kind: '-', line: a[--x]! });
  }
  while (x > 0) {
    ops.push({ kind: ' ', line: a[--x]! });
    y--;
  }
  return ops.reverse();
}

/**
 * One diff line. Its text is terminal-safe but for tabs (a control character or an invisible one,
 * such as a pasted zero-width space, shows as an escape); its line ending is kept, or noted when absent.
 */
function printLine(sink: Sink, op: Op): void {
  const eol = op.line.endsWith('\r\n') ? '\r\n' : op.line.endsWith('\n') ? '\n' : '';
  const body = op.line
    .slice(0, op.line.length - eol.length)
    .split('\t')
    .map(terminalSafe)
    .join('\t');
  sink.write(`${op.kind}${body}${eol || '\n\\ No newline at end of file\n'}`);
}

/** `-l,s +l,s`: a range that holds no line starts at the line before it. */
function range(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}

/** Writes the unified diff of `before` -> `after` under the name `file` (nothing when they are equal). */
export function writeUnifiedDiff(sink: Sink, file: string, before: string, after: string): void {
  if (before === after) return;
  const ops = diffLines(splitLines(before), splitLines(after));
  const name = terminalSafe(file);
  sink.write(`--- ${name}\n+++ ${name}\n`);
  let i = 0;
  let oldLine = 0;
  let newLine = 0;
  while (i < ops.length) {
    // The next change, and the hunk around it: changes closer than 2 * CONTEXT lines share one.
    let first = i;
    while (first < ops.length && ops[first]!.kind === ' ') first++;
    if (first === ops.length) break;
    const start = Math.max(i, first - CONTEXT);
    oldLine += start - i;
    newLine += start - i;
    let end = first;
    for (let gap = 0; end < ops.length && gap <= 2 * CONTEXT; end++) gap = ops[end]!.kind === ' ' ? gap + 1 : 0;
    end = Math.min(ops.length, trimContext(ops, end));
    const hunk = ops.slice(start, end);
    const removed = hunk.filter((op) => op.kind !== '+').length;
    const added = hunk.filter((op) => op.kind !== '-').length;
    sink.write(`@@ -${range(oldLine, removed)} +${range(newLine, added)} @@\n`);
    for (const op of hunk) printLine(sink, op);
    oldLine += removed;
    newLine += added;
    i = end;
  }
}

/** The end of a hunk: at most CONTEXT kept lines after its last change. */
function trimContext(ops: readonly Op[], end: number): number {
  let last = end - 1;
  while (last >= 0 && ops[last]!.kind === ' ') last--;
  return Math.min(end, last + 1 + CONTEXT);
}
