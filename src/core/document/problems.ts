/**
 * What a format's front-end gives the core: the document tree of ./tree.ts and the problems found
 * while reading the text (syntax errors, duplicate keys, pasted characters), each list capped so
 * that a flood of them costs neither memory nor output; and the collectors that keep those caps.
 */
import type { JsonProperty, JsonNode } from './tree';
import type { PastedChars } from './pasted';
import type { UnreadablePart } from '../formats/embedded';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

export interface DuplicateKey {
  key: string;
  offset: number;
  length: number;
  firstOffset: number;
  firstLength: number;
}

export interface ParseResult {
  root: JsonNode | undefined;
  /** The first MAX_ERRORS syntax errors. */
  errors: SyntaxProblem[];
  /** Syntax errors found but not listed (past MAX_ERRORS), and where the first of them is. */
  errorsOmitted: number;
  errorsOmittedAt: number;
  /** Where scanning gave up because of too many errors (the rest of the text is unchecked), else -1. */
  stoppedAt: number;
  /** The first MAX_DUPLICATES duplicate keys. */
  duplicates: DuplicateKey[];
  /** Duplicate keys found but not listed, and where the first of them is. */
  duplicatesOmitted: number;
  duplicatesOmittedAt: number;
  pasted: PastedChars;
  /** The text is a CloudFormation template (told by its root, even where a syntax error cut it short). */
  template?: boolean;
  /** Objects that are policy documents by where they stand (a CloudFormation template's), whatever they hold. */
  policyRoots?: ReadonlySet<JsonNode>;
  /** Those of policyRoots that the template attaches only to roles (a role's or a function's policies). */
  rolePolicies?: ReadonlySet<JsonNode>;
  /** Values read from what the file computes (a CloudFormation `Fn::Sub` of pseudo-parameters): no fix edits them. */
  computed?: readonly JsonNode[];
  /** The `Fn::Sub` objects that the intrinsics' pass replaced, as they were: their strings may hold a policy. */
  subs?: JsonNode[];
  /** Places that look like they hold a policy but cannot be read (rule unreadable-policy). */
  unreadable?: readonly UnreadablePart[];
  /** The syntax fixes are written in, where it is not the format's (a Terraform file's trees: 'hcl'; a `*.tf.json` file's policy documents: 'tf-json'). */
  writes?: 'hcl' | 'tf-json';
}

/**
 * Past this many syntax errors the rest of the text is not worth scanning (garbage input). Errors
 * found while finishing the current token (inside one string, a run of comments) are only counted:
 * a flood of them costs no memory.
 */
export const MAX_ERRORS = 100;
/** Duplicate keys listed at most; the others are counted. */
export const MAX_DUPLICATES = 100;

/** Syntax errors as a front-end finds them: the first MAX_ERRORS listed, the rest counted. */
export class SyntaxErrors {
  readonly list: SyntaxProblem[] = [];
  omitted = 0;
  omittedAt = 0;

  add(offset: number, length: number, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push({ offset, length, message });
    else if (this.omitted++ === 0) this.omittedAt = offset;
  }

  /** The cap is reached: what is still found is only counted. */
  get full(): boolean {
    return this.list.length >= MAX_ERRORS;
  }
}

/** Duplicate keys: the first MAX_DUPLICATES listed, the rest counted. */
export class DuplicateKeys {
  readonly list: DuplicateKey[] = [];
  omitted = 0;
  omittedAt = 0;

  /** The later members of an object whose key an earlier member has (in text order). */
  check(props: readonly JsonProperty[]): void {
    const len = props.length;
    if (len < 2) return;
    if (len <= 12) {
      for (let a = 1; a < len; a++) {
        const k = props[a]!.key;
        for (let b = 0; b < a; b++) {
          if (props[b]!.key === k) {
            this.add(props[b]!, props[a]!);
            break;
          }
        }
      }
      return;
    }
    const seen = new Map<string, JsonProperty>();
    for (const p of props) {
      const first = seen.get(p.key);
      if (first) this.add(first, p);
      else seen.set(p.key, p);
    }
  }

  private add(first: JsonProperty, dup: JsonProperty): void {
    if (this.list.length >= MAX_DUPLICATES) {
      if (this.omitted++ === 0) this.omittedAt = dup.keyOffset;
      return;
    }
    this.list.push({
      key: dup.key,
      offset: dup.keyOffset,
      length: dup.keyLength,
      firstOffset: first.keyOffset,
      firstLength: first.keyLength,
    });
  }
}
