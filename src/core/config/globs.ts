/**
 * The configuration's globs (`exclude`, an ignore entry's `files`): paths relative to the folder of
 * `.force-mfa.json`, '/'-separated; `*` and `?` within a name, `**` across folders, `{a,b}`
 * alternatives. Matched by the core's linear matcher (../glob.ts), never by a regular expression
 * built from the pattern, so that the same globs work in the CLI and the web extension and a hostile
 * pattern cannot stall either (docs/decisions/config-file.md says why not picomatch). Dot files and
 * folders match, as in VS Code's globs.
 */
import { globMatchesPath } from '../glob';

/** `{a,b}` groups expand to at most this many patterns. */
export const MAX_ALTERNATIVES = 64;

/** Why a glob cannot be used, or undefined when it can. */
export function checkGlob(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  if (glob.startsWith('!')) return `"${glob}": negation (!) is not supported; list what to match`;
  if (glob.startsWith('/') || /^[A-Za-z]:/.test(glob)) return `"${glob}" is absolute; globs are relative to the folder of .force-mfa.json`;
  if (glob.includes('\\')) return `"${glob}" holds a backslash; separate folders with /`;
  if (glob.includes('[') || glob.includes(']')) return `"${glob}": character classes ([...]) are not supported`;
  if (glob.split('/').includes('..')) return `"${glob}" goes up (..); globs are relative to the folder of .force-mfa.json`;
  const alternatives = expandBraces(glob);
  if (typeof alternatives === 'string') return `"${glob}": ${alternatives}`;
  return undefined;
}

/** The patterns a glob's `{a,b}` groups stand for (groups may not nest), or why they cannot be read. */
export function expandBraces(glob: string): string[] | string {
  let out = [''];
  let i = 0;
  while (i < glob.length) {
    const open = glob.indexOf('{', i);
    const close = glob.indexOf('}', i);
    if (open < 0) {
      if (close >= 0) return 'a "}" without its "{"';
      out = out.map((p) => p + glob.slice(i));
      break;
    }
    if (close >= 0 && close < open) return 'a "}" without its "{"';
    const end = glob.indexOf('}', open);
    if (end < 0) return 'a "{" without its "}"';
    const inner = glob.slice(open + 1, end);
    if (inner.includes('{')) return 'nested {} groups are not supported';
    const options = inner.split(',');
    if (out.length * options.length > MAX_ALTERNATIVES) return `more than ${MAX_ALTERNATIVES} alternatives`;
    const prefix = glob.slice(i, open);
    out = out.flatMap((p) => options.map((o) => p + prefix + o));
    i = end + 1;
  }
  return out;
}

/** Does the glob (checked by checkGlob) match this path, relative to the configuration's folder? */
export function configGlobMatches(glob: string, relativePath: string): boolean {
  const patterns = expandBraces(glob);
  if (typeof patterns === 'string') return false;
  return patterns.some((p) => globMatchesPath(p, relativePath, true));
}
