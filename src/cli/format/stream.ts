/**
 * Output written in pieces: no report is ever one string, so none can exceed V8's string limit
 * (about 512 MB) or hold the whole output in memory twice.
 */
export interface Sink {
  write(chunk: string): unknown;
}

/** Collects small writes into chunks of about 64 KB (one write per chunk, not per token). */
export class ChunkedSink implements Sink {
  private parts: string[] = [];
  private size = 0;
  constructor(
    private readonly out: Sink,
    private readonly chunk = 64 * 1024,
  ) {}

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.chunk) this.flush();
  }

  flush(): void {
    if (!this.parts.length) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.out.write(text);
  }
}

/** A sink that gathers everything into one string (tests, and the string-returning formatters). */
export function collect(write: (sink: Sink) => void): string {
  const parts: string[] = [];
  write({ write: (s: string) => parts.push(s) });
  return parts.join('');
}

/**
 * Writes `value` exactly as `JSON.stringify(value, null, indent)` would print it, in pieces: the
 * same bytes for any plain JSON value (objects, arrays, strings, numbers, booleans, null).
 */
export function writeJson(sink: Sink, value: unknown, indent = '  '): void {
  const write = (v: unknown, at: string): void => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
      const inner = at + indent;
      if (Array.isArray(v)) {
        if (!v.length) return void sink.write('[]');
        sink.write(`[\n${inner}`);
        v.forEach((x, i) => {
          if (i) sink.write(`,\n${inner}`);
          if (printable(x)) write(x, inner);
          else sink.write('null');
        });
        return void sink.write(`\n${at}]`);
      }
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (!printable(x)) continue;
        sink.write(`${first ? '{\n' : ',\n'}${inner}${JSON.stringify(k)}: `);
        first = false;
        write(x, inner);
      }
      return void sink.write(first ? '{}' : `\n${at}}`);
    }
    sink.write(JSON.stringify(v, null, indent).replace(/\n/g, `\n${at}`));
  };
  write(value, '');
}

/** What JSON.stringify prints in an object (it leaves out undefined, functions and symbols). */
function printable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
