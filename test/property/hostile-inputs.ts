/** Inputs at a size no hand-written fixture reaches: deep nesting, a 50 MB line, 10,000 statements, hostile 5 MB files. */
import {
  caseVariants,
  errorFlood,
  minifiedFixes,
  starPolicy,
  unknownKeysAndOperators,
  unterminatedVariable,
  variablePolicy,
} from '../../bench/lib/hostile.mjs';

const DENY =
  '{"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}';

export interface HostileInput {
  name: string;
  make(): string;
  /** What a correct result holds: the verdict of the one policy, or a syntax error. */
  expect: { verdict: 'enforced' | 'weak' | 'missing' } | { rule: string };
  /** Too heavy for every `npm test` on a shared machine: run by `npm run fuzz` only. */
  fuzzOnly?: boolean;
}

/** `[[[...]]]` (or objects) n levels deep inside a policy's Condition. */
export function deepNesting(depth: number, kind: 'array' | 'object'): string {
  const open = kind === 'array' ? '[' : '{"a":';
  const close = kind === 'array' ? ']' : '}';
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":${open.repeat(depth)}1${close.repeat(depth)}}]}`;
}

/** A valid, minified policy of about `bytes` characters on one line: a huge Action list. */
export function bigSingleLinePolicy(bytes: number): string {
  const head = `{"Version":"2012-10-17","Statement":[${DENY},{"Effect":"Allow","Resource":"*","Action":[`;
  const item = '"s3:GetObject",';
  const n = Math.max(1, Math.floor((bytes - head.length - 20) / item.length));
  return head + item.repeat(n) + '"s3:ListBucket"]}]}';
}

/** One line of about `bytes` characters that is one huge string value. */
export function bigSingleLineString(bytes: number): string {
  return `{"Version":"2012-10-17","Statement":[${DENY},{"Sid":"${'A'.repeat(bytes)}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`;
}

/** A pretty-printed policy with `n` statements, the AWS deny last. */
export function manyStatements(n: number): string {
  const allow = (i: number) =>
    `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": ["s3:GetObject", "s3:ListBucket"],\n      "Resource": "arn:aws:s3:::bucket-${i}/*"\n    }`;
  const items = Array.from({ length: n - 1 }, (_, i) => allow(i));
  items.push('    ' + DENY);
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${items.join(',\n')}\n  ]\n}\n`;
}

export const MB = 1024 * 1024;

export const HOSTILE_INPUTS: HostileInput[] = [
  // A Condition that is a deep array or object is not a condition: the deny is not an MFA deny.
  { name: 'nesting 100,000 levels deep (arrays)', make: () => deepNesting(100_000, 'array'), expect: { verdict: 'missing' } },
  { name: 'nesting 100,000 levels deep (objects)', make: () => deepNesting(100_000, 'object'), expect: { verdict: 'missing' } },
  { name: 'unclosed nesting 100,000 levels deep', make: () => '['.repeat(100_000), expect: { rule: 'json-syntax' } },
  {
    name: '50 MB single-line policy (huge Action list)',
    make: () => bigSingleLinePolicy(50 * MB),
    expect: { verdict: 'enforced' },
    fuzzOnly: true,
  },
  { name: '50 MB single-line string value', make: () => bigSingleLineString(50 * MB), expect: { verdict: 'enforced' } },
  { name: '10,000 statements', make: () => manyStatements(10_000), expect: { verdict: 'enforced' } },
  // Issue 10's hostile kinds (bench/lib/hostile.mjs), 5 MB each: linear work, a normal verdict.
  { name: '5 MB of 1,000-star patterns in every field', make: () => starPolicy(5 * MB), expect: { verdict: 'enforced' }, fuzzOnly: true },
  { name: '5 MB of 20,000-star patterns', make: () => starPolicy(5 * MB, 20_000), expect: { verdict: 'enforced' }, fuzzOnly: true },
  { name: '5 MB string of unterminated ${', make: () => unterminatedVariable(5 * MB), expect: { verdict: 'enforced' }, fuzzOnly: true },
  {
    name: '5 MB of ${ runs in every field, no Version',
    make: () => variablePolicy(5 * MB),
    expect: { verdict: 'enforced' },
    fuzzOnly: true,
  },
  {
    name: '5 MB error flood (comments, control characters, bad escapes)',
    make: () => errorFlood(5 * MB),
    expect: { rule: 'json-syntax' },
    fuzzOnly: true,
  },
  {
    name: '5 MB of unknown keys and operators',
    make: () => unknownKeysAndOperators(5 * MB),
    expect: { verdict: 'enforced' },
    fuzzOnly: true,
  },
  { name: '5 MB of case variants of the MFA key', make: () => caseVariants(5 * MB), expect: { verdict: 'weak' }, fuzzOnly: true },
  { name: '5 MB minified line of findings with fixes', make: () => minifiedFixes(5 * MB), expect: { verdict: 'enforced' }, fuzzOnly: true },
];
