/**
 * An ordered JSON model: objects keep their key order explicitly, so that a property can render the
 * same policy with other key orders, indentation or line endings and compare the verdicts.
 */

export type J = string | number | boolean | null | J[] | JObj;
export interface JObj {
  obj: Array<[string, J]>;
}

export function isObj(v: J): v is JObj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function o(...entries: Array<[string, J]>): JObj {
  return { obj: entries };
}

export function get(v: JObj, key: string): J | undefined {
  return v.obj.find(([k]) => k === key)?.[1];
}

/** How a model is written out: the indentation unit ('' = one line), line ending, and array style. */
export interface Layout {
  indent: string;
  eol: '\n' | '\r\n';
  /** Arrays of scalars on one line (`["a", "b"]`) instead of one element a line. */
  inlineScalarArrays: boolean;
  /** `"key": value` (true) or `"key":value`. */
  spaceAfterColon: boolean;
}

export const DEFAULT_LAYOUT: Layout = { indent: '  ', eol: '\n', inlineScalarArrays: false, spaceAfterColon: true };

export function render(v: J, layout: Layout = DEFAULT_LAYOUT): string {
  const colon = layout.spaceAfterColon ? ': ' : ':';
  const oneLine = layout.indent === '';
  const walk = (x: J, depth: number): string => {
    if (!isObj(x) && !Array.isArray(x)) return JSON.stringify(x);
    const items: string[] = Array.isArray(x)
      ? x.map((e) => walk(e, depth + 1))
      : x.obj.map(([k, e]) => JSON.stringify(k) + colon + walk(e, depth + 1));
    const [open, close] = Array.isArray(x) ? ['[', ']'] : ['{', '}'];
    if (items.length === 0) return open + close;
    const scalars = Array.isArray(x) && x.every((e) => !isObj(e) && !Array.isArray(e));
    if (oneLine) return open + items.join(',') + close;
    if (scalars && layout.inlineScalarArrays) return open + items.join(', ') + close;
    const inner = layout.eol + layout.indent.repeat(depth + 1);
    return open + inner + items.join(',' + inner) + layout.eol + layout.indent.repeat(depth) + close;
  };
  return walk(v, 0) + (oneLine ? '' : layout.eol);
}

/** Structural copy with a function applied to every object's entries (deepest first). */
export function mapObjects(v: J, f: (entries: Array<[string, J]>, path: string[]) => Array<[string, J]>, path: string[] = []): J {
  if (Array.isArray(v)) return v.map((e) => mapObjects(e, f, path));
  if (!isObj(v)) return v;
  const entries = v.obj.map(([k, e]): [string, J] => [k, mapObjects(e, f, [...path, k])]);
  return { obj: f(entries, path) };
}

/** A deterministic permutation from a list of random numbers (one per position, reused cyclically). */
export function permute<T>(items: readonly T[], randoms: readonly number[]): T[] {
  const out = [...items];
  if (randoms.length === 0) return out;
  for (let i = out.length - 1; i > 0; i--) {
    const j = randoms[i % randoms.length]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
