/**
 * SARIF partialFingerprints for code scanning: a finding keeps its fingerprint across runs and when
 * lines move (code scanning then sees the same alert, not a new one). The hash is of the rule, the
 * file's path from the working folder, the statement that holds the finding (its Sid, else its JSON
 * pointer: the core's findingPlace, the words of a .force-mfa.json ignore entry), the finding's own
 * text with its blanks collapsed, and how many identical findings came before it in the file.
 */
import { createHash } from 'node:crypto';
import { findingPlace, placeTree, type LintOptions } from '../core';
import type { DiagnosticReport } from './report';

export const FINGERPRINT_KEY = 'forceMfaFinding/v1';

/** The finding's text is hashed up to this many characters: a long range is identified by its start. */
const SNIPPET_CHARS = 200;

/** Offsets of 1-based line/column positions (columns in UTF-16 units), in one pass over the text. */
function offsetsOf(text: string, positions: ReadonlyArray<{ line: number; column: number }>): number[] {
  const order = positions.map((_, i) => i).sort((a, b) => positions[a]!.line - positions[b]!.line);
  const out = new Array<number>(positions.length);
  let line = 1;
  let start = 0;
  let i = 0;
  for (const k of order) {
    const want = positions[k]!;
    while (line < want.line && i < text.length) {
      const c = text.charCodeAt(i++);
      if (c === 13 && text.charCodeAt(i) === 10) i++;
      if (c === 10 || c === 13) {
        line++;
        start = i;
      }
    }
    out[k] = Math.min(text.length, start + want.column - 1);
  }
  return out;
}

/** Blanks collapsed to one space, trimmed: re-indenting or re-wrapping the text keeps it. */
function normalised(s: string): string {
  let out = '';
  let blank = false;
  for (const c of s.slice(0, SNIPPET_CHARS * 4)) {
    const isBlank = c === ' ' || c === '\t' || c === '\n' || c === '\r';
    if (isBlank) blank = out !== '';
    else {
      if (blank) out += ' ';
      out += c;
      blank = false;
    }
    if (out.length >= SNIPPET_CHARS) break;
  }
  return out;
}

/** Sets `fingerprint` on each finding of one file (the file's text as the findings were reported on). */
export function addFingerprints(text: string, options: LintOptions, file: string, findings: DiagnosticReport[]): void {
  const root = placeTree(text, options);
  const starts = offsetsOf(text, findings);
  const ends = offsetsOf(
    text,
    findings.map((d) => ({ line: d.endLine, column: d.endColumn })),
  );
  const seen = new Map<string, number>();
  findings.forEach((d, i) => {
    const place = findingPlace(root, starts[i]!);
    const where = place.sid !== undefined ? `sid:${place.sid}` : place.pointer !== undefined ? `pointer:${place.pointer}` : '';
    const key = [d.rule, file, where, normalised(text.slice(starts[i]!, Math.max(starts[i]!, ends[i]!)))].join('\0');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    d.fingerprint = createHash('sha256').update(`${key}\0${n}`).digest('hex').slice(0, 32);
  });
}
