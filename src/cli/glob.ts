/**
 * The CLI's globs, matched by picomatch (docs/decisions/cli-globs.md): `*`, `**`, `?`, `[...]` and
 * `{a,b}`, path segment by path segment, so that the walk prunes the folders that cannot match.
 * A pattern is checked first: picomatch compiles it to a regular expression, which backtracks on
 * many `*` in one segment, so a pattern may hold at most MAX_STARS_PER_SEGMENT there. Extglobs
 * (`+(a|b)`) are off: nested quantifiers backtrack whatever their count.
 */
import picomatch from 'picomatch/posix';

const OPTIONS: picomatch.PicomatchOptions = { dot: false, noextglob: true, nonegate: true };

/** `*a*a*a*Z` takes some 40 ms on a 255-character name, one more `*` some 2.5 s (measured: docs/decisions/cli-globs.md). */
export const MAX_STARS_PER_SEGMENT = 3;

type Matcher = (name: string) => boolean;

export interface Glob {
  /** Leading segments without wildcards: where the walk starts ('' for the cwd). */
  base: string;
  /** The wildcard part, one matcher per segment; undefined when a brace holds a `/` (then `full` decides). */
  segments?: Array<'**' | Matcher>;
  /** The wildcard part as one matcher, for a brace that spans segments: no folder is pruned. */
  full?: Matcher;
}

/** Where a walk stands in a glob: the segments reached, and the path below the base. */
export interface GlobState {
  positions: ReadonlySet<number>;
  rel: string;
}

/** Is this argument a glob (rather than a path)? */
export function hasGlobChars(arg: string): boolean {
  return picomatch.scan(arg, OPTIONS).isGlob;
}

/** The wildcard part split at `/`, except inside braces and brackets. */
function splitSegments(glob: string): { parts: string[]; spans: boolean } {
  const parts: string[] = [];
  let depth = 0;
  let bracket = false;
  let spans = false;
  let start = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') i++;
    else if (bracket) bracket = c !== ']';
    else if (c === '[') bracket = true;
    else if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === '/' && depth > 0) spans = true;
    else if (c === '/') {
      parts.push(glob.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(glob.slice(start));
  return { parts: parts.filter((p) => p !== '' && p !== '.'), spans };
}

/** `*` wildcards in one segment (`**` alone is a globstar, not counted here). */
function stars(segment: string): number {
  if (segment === '**') return 0;
  let n = 0;
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] === '\\') i++;
    else if (segment[i] === '*') {
      n++;
      while (segment[i + 1] === '*') i++;
    }
  }
  return n;
}

/** Why a pattern is refused, or undefined: the cost of matching it must stay small. */
export function checkGlob(pattern: string): string | undefined {
  const { parts } = splitSegments(pattern);
  const worst = Math.max(0, ...parts.map(stars));
  if (worst > MAX_STARS_PER_SEGMENT) {
    return `a glob may hold at most ${MAX_STARS_PER_SEGMENT} '*' in one path segment (this one has ${worst}): matching more is slow on long names`;
  }
  return undefined;
}

export function parseGlob(pattern: string): Glob {
  const scan = picomatch.scan(pattern, OPTIONS);
  const base = scan.base === '' && pattern.startsWith('/') ? '/' : scan.base;
  const { parts, spans } = splitSegments(scan.glob);
  if (spans) return { base, full: picomatch(parts.join('/'), OPTIONS) };
  const segments: Array<'**' | Matcher> = [];
  for (const p of parts) {
    // `a/**/**/b` is `a/**/b`.
    if (p === '**') {
      if (segments[segments.length - 1] !== '**') segments.push('**');
    } else segments.push(picomatch(p, OPTIONS));
  }
  return { base, segments };
}

/** A `**` is also passed over: it matches zero folders. */
function closure(segments: ReadonlyArray<'**' | Matcher>, positions: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const p of positions) {
    out.add(p);
    if (segments[p] === '**') out.add(p + 1);
  }
  return out;
}

export function startState(glob: Glob): GlobState {
  return { positions: glob.segments ? closure(glob.segments, [0]) : new Set([0]), rel: '' };
}

/** The state after one more path segment: a `**` stays on names that are not hidden. */
export function step(glob: Glob, state: GlobState, name: string): GlobState {
  const rel = state.rel === '' ? name : `${state.rel}/${name}`;
  if (!glob.segments) return { positions: state.positions, rel };
  const next: number[] = [];
  for (const p of state.positions) {
    const seg = glob.segments[p];
    if (seg === undefined) continue;
    if (seg === '**') {
      if (!name.startsWith('.')) next.push(p);
    } else if (seg(name)) next.push(p + 1);
  }
  return { positions: closure(glob.segments, next), rel };
}

/** Does the path walked so far match the whole glob? */
export function isMatch(glob: Glob, state: GlobState): boolean {
  return glob.segments ? state.positions.has(glob.segments.length) : glob.full!(state.rel);
}

/** May a folder at this state hold a match below it? */
export function mayMatchBelow(glob: Glob, state: GlobState): boolean {
  return glob.segments ? [...state.positions].some((p) => p < glob.segments!.length) : true;
}

/** A key for the walk's "folder already walked at this state" set. */
export function stateKey(state: GlobState): string {
  return `${[...state.positions].join(',')}\0${state.rel}`;
}

/** `!pattern` arguments: files and folders they match are left out (against the path from the cwd, or the absolute path). */
export class Exclusions {
  private readonly relative: Matcher[] = [];
  private readonly absolute: Matcher[] = [];

  add(pattern: string): void {
    (pattern.startsWith('/') ? this.absolute : this.relative).push(picomatch(pattern, { ...OPTIONS, dot: true }));
  }

  get size(): number {
    return this.relative.length + this.absolute.length;
  }

  /** `rel`: the path from the cwd (`a/b.json`); `abs`: the absolute path. */
  excludes(rel: string, abs: string): boolean {
    return this.relative.some((m) => m(rel)) || this.absolute.some((m) => m(abs));
  }
}
