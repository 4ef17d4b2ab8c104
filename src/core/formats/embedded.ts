/**
 * A document held inside another text: a policy in a JSON or YAML string, in a `!Sub |` block, in a
 * Markdown fence, in a Terraform template file. The front-end that finds it decodes it to a text of
 * its own and keeps, for every decoded character, where it stands in the outer text: findings land
 * on the right characters through escapes and block indentation, and a fix's edit, computed on the
 * decoded text, is mapped back and its new text encoded for the place it is written (JSON escapes,
 * YAML block indentation).
 */
import type { DocumentFormat } from '../types';

export interface EmbeddedText {
  /** The decoded text, linted as a document of `format`. */
  text: string;
  format: DocumentFormat;
  /**
   * Outer offset of each decoded offset, `text.length + 1` entries, non-decreasing: `starts[i]` is
   * where decoded character i begins in the outer text, `starts[text.length]` where the decoded
   * text ends (the closing quote, the fence's line, ...).
   */
  starts: Int32Array;
  /**
   * The outer text that stands for `content` inserted at decoded offset `at` (escaped, indented);
   * undefined when it cannot be written there (the fix is then not offered).
   */
  encode(content: string, at: number): string | undefined;
  /** JSON pointer of the string or block in the outer document ('' for a whole file); its policies' pointers extend it. */
  pointer: string;
  /**
   * How values in the decoded text are read: `plain` as written; `sub` as a CloudFormation Fn::Sub
   * string (`${AWS::Partition}` and the other pseudo-parameters known, `${!x}` the literal `${x}`,
   * any other `${x}` an unknown value); `template` as a Terraform template (`$${x}` the literal
   * `${x}`, `${x}` an unknown value).
   */
  values: 'plain' | 'sub' | 'template';
  /**
   * Decoded ranges that the outer file computes (a Terraform template's `${...}`), as flat
   * start/end pairs in increasing order: a value that overlaps one is an unknown value.
   */
  computed?: readonly number[];
  /**
   * The outer file attaches the policy only to roles (a Terraform role's inline policy, an
   * aws_iam_role_policy): judged as a template's role-only policy is (../mfa/verdict.ts).
   */
  role?: boolean;
}

/** The identity map of a slice of the outer text, [from, from + length]: a fence's content, a plain file. */
export function sliceStarts(from: number, length: number): Int32Array {
  const starts = new Int32Array(length + 1);
  for (let i = 0; i <= length; i++) starts[i] = from + i;
  return starts;
}

/**
 * A place that looks like it holds a policy (it names aws:MultiFactorAuthPresent, or has a
 * Statement with an Effect) but that cannot be read: one finding says what could not be read and
 * why, so that nothing passes silently.
 */
export interface UnreadablePart {
  offset: number;
  length: number;
  /** What it is, e.g. "a Terraform block", "a JSON string". */
  what: string;
  /** Why it could not be read, e.g. "the Terraform reader could not be loaded", "its JSON has a syntax error at …". */
  why: string;
}
