/**
 * Which files the CLI opens, and what it says about a file it does not read. The core picks a
 * file's format from its name (LintOptions.fileName); the CLI only decides which files to open.
 */

/** Every format the core reads (.txt and .tpl when they hold JSON): the core picks the format from the name. */
const READ = ['.json', '.yaml', '.yml', '.template', '.md', '.markdown', '.txt', '.tpl'];

/**
 * Prose and notes, where a large file is ordinary (a changelog, a log), and Terraform, which is not
 * linted yet: one found by a walk over the size limit is skipped with a warning, not a failure.
 */
const DOCUMENTS = ['.md', '.markdown', '.txt', '.tf'];

/** Terraform's formats: the core does not read HCL yet (issue 13). */
const TERRAFORM = ['.tf', '.tfvars', '.hcl'];

/**
 * Terraform files hold policies in infrastructure repositories: a walk opens them too, not to lint
 * them but to say that one which looks like it holds a policy could not be analysed.
 */
const WALKED = [...READ, '.tf'];

function endsWithAny(name: string, endings: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return endings.some((e) => lower.endsWith(e));
}

/** Does a folder walk open this file? */
export const isWalkedName = (name: string): boolean => endsWithAny(name, WALKED);

/** Does the core read this file's format, picked by its name? */
const isReadName = (name: string): boolean => endsWithAny(name, READ);

/** Is this a document (Markdown, text) or a Terraform file, rather than a file made to hold policies? */
export const isDocumentName = (name: string): boolean => endsWithAny(name, DOCUMENTS);

/** Does the text start with a JSON object or array (after a byte order mark and blanks)? */
function startsLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') return true;
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\uFEFF') return false;
  }
  return false;
}

/** The extension of a path's last segment, lowercase with its dot, or '' when it has none. */
function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * Why a file is not read, or undefined when the core reads it: a format the core reads by its name,
 * or any other name whose text is JSON (a policy saved as `policy`, or as `policy.iam`). One line,
 * without the file name.
 */
export function formatNotRead(name: string, text: string): string | undefined {
  if (isReadName(name)) return undefined;
  if (endsWithAny(name, TERRAFORM)) return 'Terraform is not read yet';
  if (startsLikeJson(text)) return undefined;
  const ext = extensionOf(name);
  return `${ext ? `a ${ext} file` : 'a file without an extension'} is not read (force-mfa reads JSON, YAML, Markdown, and JSON in .txt and .tpl files)`;
}

/** Where a text shows that it holds a policy, and which sign it shows. */
export interface PolicySign {
  offset: number;
  length: number;
  /** In words, for a message: `it names aws:MultiFactorAuthPresent`. */
  what: string;
}

/**
 * Does the text look like it holds a policy: it names aws:MultiFactorAuthPresent, or has a
 * Statement and an Effect? The first sign, or undefined. `anyCase` for formats that spell IAM's
 * keys their own way (HCL's `statement { effect = ... }`, code); else as IAM spells them, as the
 * core's unreadable-policy rule does (a German message file says "Statement", and "effect"). Linear:
 * each search compares at most a word's length per character.
 */
export function policySign(text: string, anyCase: boolean): PolicySign | undefined {
  const fold = anyCase ? foldAscii : same;
  const mfa = findWord(text, anyCase ? 'aws:multifactorauthpresent' : 'aws:MultiFactorAuthPresent', fold);
  if (mfa !== -1) return { offset: mfa, length: 26, what: 'it names aws:MultiFactorAuthPresent' };
  const statement = findWord(text, anyCase ? 'statement' : 'Statement', fold);
  if (statement !== -1 && findWord(text, anyCase ? 'effect' : 'Effect', fold) !== -1) {
    return { offset: statement, length: 9, what: 'it has a Statement with an Effect' };
  }
  return undefined;
}

/** The offset of `word` in `text`, comparing code units through `fold`, or -1. */
function findWord(text: string, word: string, fold: (c: number) => number): number {
  if (fold === same) return text.indexOf(word);
  const first = word.charCodeAt(0);
  for (let i = 0; i + word.length <= text.length; i++) {
    if (fold(text.charCodeAt(i)) !== first) continue;
    let j = 1;
    while (j < word.length && fold(text.charCodeAt(i + j)) === word.charCodeAt(j)) j++;
    if (j === word.length) return i;
  }
  return -1;
}

/** An ASCII capital as its lowercase letter; any other code unit as it is. */
const foldAscii = (c: number): number => (c >= 65 && c <= 90 ? c | 0x20 : c);
const same = (c: number): number => c;
