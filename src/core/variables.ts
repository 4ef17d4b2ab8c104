/**
 * Policy variables (`${aws:username}`) found in one forward pass. The regular expressions this
 * replaces (`/\$\{[^}]+\}/`, `/\$\{[^}]*\}/g`) restart at every `${` and run to the end of the text
 * when no `}` follows, so a string of unterminated `${` cost the square of its length.
 * Here the position of the next `}` only moves forward: every character is looked at a bounded
 * number of times, whatever the text.
 */
import { work } from './work';

/** Where the first `${...}` with at least one character inside starts and ends (end exclusive). */
export function findVariable(s: string, from = 0, allowEmpty = false): { start: number; end: number } | undefined {
  // Both scans below only move forward: the work is at most twice the stretch of text they cover.
  const start = from;
  let reach = from;
  let close = -1; // the first `}` after the `${` looked at, once known
  let found: { start: number; end: number } | undefined;
  for (let i = s.indexOf('${', from); i >= 0; i = s.indexOf('${', i + 1)) {
    if (close < i + 2) {
      close = s.indexOf('}', i + 2);
      if (close < 0) {
        reach = s.length;
        break;
      } // no `}` after this `${`: none after a later one either
    }
    reach = close + 1;
    if (allowEmpty || close > i + 2) {
      found = { start: i, end: close + 1 };
      break;
    }
  }
  if (found === undefined && reach < s.length) reach = s.length; // the last `${` search ran to the end
  work.variables += 2 * (reach - start);
  return found;
}

/** The text of the first policy variable of `s` (`${...}`, not empty inside), if any. */
export function firstVariable(s: string): string | undefined {
  const v = findVariable(s);
  return v && s.slice(v.start, v.end);
}

/** What a `${...}` says: its key (lower-cased) and, for `${key, 'default'}`, the default. */
export interface PolicyVariable {
  name: string;
  /** Text after a comma, as written; undefined without one. */
  fallback: string | undefined;
  /** The fallback when it is a quoted default (`'text'`). */
  defaultValue: string | undefined;
}

function parseVariable(inner: string): PolicyVariable {
  const comma = inner.indexOf(',');
  const name = (comma < 0 ? inner : inner.slice(0, comma)).trim().toLowerCase();
  const fallback = comma < 0 ? undefined : inner.slice(comma + 1);
  const quoted = fallback?.trim();
  const defaultValue =
    quoted && quoted.length >= 2 && quoted.startsWith("'") && quoted.endsWith("'") && !quoted.slice(1, -1).includes("'")
      ? quoted.slice(1, -1)
      : undefined;
  return { name, fallback, defaultValue };
}

/** The variable that is the whole of `s` (`${...}` and nothing else), if it is one. */
export function wholeVariable(s: string): PolicyVariable | undefined {
  const v = findVariable(s, 0, true);
  return v && v.start === 0 && v.end === s.length ? parseVariable(s.slice(2, -1)) : undefined;
}

/**
 * `s` with every `${...}` (empty ones too) replaced, left to right, by what `value` gives for it;
 * undefined as soon as one has no value. An unterminated `${` stays text.
 */
export function substituteVariables(s: string, value: (v: PolicyVariable) => string | undefined): string | undefined {
  let out = '';
  let last = 0;
  for (let v = findVariable(s, 0, true); v; v = findVariable(s, v.end, true)) {
    const by = value(parseVariable(s.slice(v.start + 2, v.end - 1)));
    if (by === undefined) return undefined;
    out += s.slice(last, v.start) + by;
    last = v.end;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** `s` with every `${...}` (empty ones too) replaced, left to right, as `s.replace(/\$\{[^}]*\}/g, by)` does. */
export function replaceVariables(s: string, by: string): string {
  return substituteVariables(s, () => by)!;
}
