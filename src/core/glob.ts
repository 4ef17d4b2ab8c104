/**
 * A small glob matcher for `*`, `**` and `?`, path segment by path segment: the CLI's file
 * arguments and the editor's `forceMfa.exclude`. Node 20 has no fs.glob, and a segment-wise
 * matcher lets the walker prune directories that cannot match. Like shells, `*` and `?` do not
 * match a leading dot unless `dot` is set (the editor's globs, like VS Code's, match dot folders).
 * A segment is matched by the core's wildcard matcher (src/core/wildcard.ts), not by a regular
 * expression built from the pattern: `*****...Z` cannot make it backtrack. Names hold no `/`, so
 * within a segment `*` and `?` match any character.
 */
import { type CompiledWildcard, type MatchCounter, compileWildcard, matchCompiled } from './wildcard';

export function hasGlobChars(arg: string): boolean {
  return arg.includes('*') || arg.includes('?');
}

/** One path segment of the pattern with a wildcard: its text, split once. */
export interface SegmentMatcher {
  text: string;
  compiled: CompiledWildcard;
}

type Segment = '**' | SegmentMatcher;

export interface Glob {
  /** Leading segments without wildcards, joined with '/': where the walk starts ('' for the cwd). */
  base: string;
  /** The wildcard part, matched against paths relative to base. */
  segments: Segment[];
}

function segmentMatcher(seg: string): SegmentMatcher {
  return { text: seg, compiled: compileWildcard(seg, false) };
}

export function parseGlob(pattern: string): Glob {
  const parts = pattern.replace(/\\/g, '/').split('/');
  const firstWild = parts.findIndex(hasGlobChars);
  const baseParts = parts.slice(0, firstWild);
  const base = baseParts.length === 1 && baseParts[0] === '' ? '/' : baseParts.join('/');
  const segments: Segment[] = [];
  for (const p of parts.slice(firstWild)) {
    if (p === '' || p === '.') continue;
    // `a/**/**/b` is `a/**/b`.
    if (p === '**') {
      if (segments[segments.length - 1] !== '**') segments.push('**');
    } else segments.push(segmentMatcher(p));
  }
  return { base, segments };
}

/**
 * The set of pattern positions reached after matching a path prefix. Empty: nothing below can
 * match, so the walker prunes. Contains segments.length: the path itself matches.
 */
export type GlobState = ReadonlySet<number>;

function closure(glob: Glob, states: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const s of states) {
    out.add(s);
    // `**` may match zero segments.
    let i = s;
    while (glob.segments[i] === '**') out.add(++i);
  }
  return out;
}

export function startState(glob: Glob): GlobState {
  return closure(glob, [0]);
}

/** The state after one more path segment `name`. `counter` counts the matcher's character comparisons. */
export function step(glob: Glob, state: GlobState, name: string, counter?: MatchCounter, dot = false): GlobState {
  const next: number[] = [];
  const hidden = !dot && name.startsWith('.');
  for (const s of state) {
    const seg = glob.segments[s];
    if (seg === undefined) continue;
    if (seg === '**') {
      if (!hidden) next.push(s);
    } else if ((!hidden || seg.text.startsWith('.')) && matchCompiled(seg.compiled, name, counter)) {
      next.push(s + 1);
    }
  }
  return closure(glob, next);
}

export function isMatch(glob: Glob, state: GlobState): boolean {
  return state.has(glob.segments.length);
}

/**
 * Does the glob match this whole path ('/'-separated)? A pattern without wildcards must equal it.
 * Linear in path x pattern: a pattern from a repository's settings cannot hang the editor.
 */
export function globMatchesPath(pattern: string, path: string, dot = true): boolean {
  const glob = parseGlob(pattern);
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  const base = glob.base.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length < base.length || base.some((b, i) => b !== parts[i])) return false;
  let state = startState(glob);
  for (const name of parts.slice(base.length)) {
    state = step(glob, state, name, undefined, dot);
    if (state.size === 0) return false;
  }
  return isMatch(glob, state);
}
