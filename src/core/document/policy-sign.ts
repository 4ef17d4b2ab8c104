/**
 * Does a text look like it holds a policy: it names aws:MultiFactorAuthPresent, or has a Statement
 * and an Effect? The one test behind "nothing passes silently": the core's unreadable-policy
 * findings (a string, a template file, a Markdown page, a Terraform file), and the CLI's count of
 * files it could not analyse. Linear: each search compares at most a word's length per character.
 */

/** Where a text shows that it holds a policy, and which sign it shows. */
export interface PolicySign {
  offset: number;
  length: number;
  /** In words, for a message: `it names aws:MultiFactorAuthPresent`. */
  what: string;
}

/** The MFA key as IAM spells it. */
export const MFA_KEY = 'aws:MultiFactorAuthPresent';

/**
 * The first sign, or undefined. `anyCase` for formats that spell IAM's keys their own way (HCL's
 * `statement { effect = ... }`, code); else as IAM spells them (a German message file says
 * "Statement", and "effect").
 */
export function policySign(text: string, anyCase = false): PolicySign | undefined {
  const find = (word: string) => (anyCase ? findFolded(text, word.toLowerCase()) : text.indexOf(word));
  const mfa = find(MFA_KEY);
  if (mfa !== -1) return { offset: mfa, length: MFA_KEY.length, what: `it names ${MFA_KEY}` };
  const statement = find('Statement');
  if (statement !== -1 && find('Effect') !== -1) return { offset: statement, length: 9, what: 'it has a Statement with an Effect' };
  return undefined;
}

export const looksLikePolicy = (text: string, anyCase = false): boolean => policySign(text, anyCase) !== undefined;

/** The offset of `word` (lowercase) in `text`, ASCII capitals read as lowercase, or -1. */
function findFolded(text: string, word: string): number {
  const first = word.charCodeAt(0);
  const fold = (c: number): number => (c >= 65 && c <= 90 ? c | 0x20 : c);
  for (let i = 0; i + word.length <= text.length; i++) {
    if (fold(text.charCodeAt(i)) !== first) continue;
    let j = 1;
    while (j < word.length && fold(text.charCodeAt(i + j)) === word.charCodeAt(j)) j++;
    if (j === word.length) return i;
  }
  return -1;
}
