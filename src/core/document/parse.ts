/**
 * Text in, document out: the core asks here for a text's document tree and the problems found in
 * reading it, and this picks the format's front-end (JSON, ../formats/json, is the only one yet).
 * The front-ends depend only on the format-neutral parts below them: ./tree, ./problems, ./pasted.
 */
import type { ParseResult } from './problems';
import { parseJson } from '../formats/json/builder';

export { type DuplicateKey, MAX_DUPLICATES, MAX_ERRORS, type ParseResult, type SyntaxProblem } from './problems';
export { type PastedChars, pastedInString, pastedKind, pastedOffset } from './pasted';

export function parse(text: string): ParseResult {
  return parseJson(text);
}
