// Hostile inputs: documents written to make a linter slow or greedy (issue 10, "Hangs, crashes and memory").
// Each generator takes a target size in characters and returns a deterministic text of about that size, so the
// same families serve the unit tests (small sizes, work counted at n and 2n), the fuzz run and the benchmark
// (10 MB files through the CLI). The AWS deny comes first wherever the family allows a policy: the linter
// does its full work on it, and the verdict must stay `enforced`.
import reference from '../../test/fixtures/reference/aws-self-manage-credentials-with-mfa.json' with { type: 'json' };

const MFA_DENY = JSON.stringify(reference.Statement.find((s) => s.Effect === 'Deny'));
const HEAD = `{"Version":"2012-10-17","Statement":[${MFA_DENY}`;

/** Appends `make(i)` (statements, each starting with a comma) until the text reaches `bytes`. */
function fill(head, bytes, make, tail = ']}') {
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < bytes; i++) {
    const s = make(i);
    parts.push(s);
    length += s.length;
  }
  parts.push(tail);
  return parts.join('');
}

/** `a*b*c*...`: a run of `n` stars with one letter after each (every segment one character long). */
export function starSegments(n, letter = 'a', last = 'Z') {
  return `${letter}*`.repeat(n).slice(1) + `*${last}`;
}

/**
 * Long star patterns everywhere IAM matches wildcards: Action, NotAction, Resource, NotResource and
 * StringLike values, in Allow statements and a Deny that is not about MFA. `stars` per pattern.
 */
export function starPolicy(bytes, stars = 1000) {
  const run = '*'.repeat(stars);
  const spaced = '*a'.repeat(stars);
  const statements = [
    (i) => `,{"Sid":"S${i}","Effect":"Allow","Action":"iam:${run}Z","Resource":"*"}`,
    (i) => `,{"Sid":"S${i}","Effect":"Allow","NotAction":["iam:${spaced}*Z","s3:${run}"],"Resource":"arn:aws:iam::${run}:user/${run}Z"}`,
    (i) => `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","NotResource":["arn:aws:iam::*:mfa/${spaced}*Z","${run}Z"]}`,
    (i) =>
      `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLike":{"aws:userid":"${spaced}*Z","aws:MultiFactorAuthPresent":["${run}Z","${spaced}*Z"]}}}`,
    (i) =>
      `,{"Sid":"S${i}","Effect":"Deny","Action":"${spaced}*Z","Resource":"${run}Z","Condition":{"StringNotLike":{"aws:PrincipalArn":"${run}Z"}}}`,
  ];
  return fill(HEAD, bytes, (i) => statements[i % statements.length](i));
}

/** A trust policy whose action, principal and StringLike condition are long star patterns. */
export function starTrustPolicy(stars = 1000) {
  const run = '*'.repeat(stars);
  const spaced = '*a'.repeat(stars);
  return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${run}:root"},"Action":"sts:${run}Z","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"true"},"StringLike":{"aws:PrincipalArn":"${spaced}*Z","aws:MultiFactorAuthPresent":"${run}Z"}}},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole${run}","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`;
}

/**
 * Policy variables and unterminated `${` in Resource, NotResource and condition values, with no Version
 * (so `policy-variables-need-version` looks for a variable). `run` is the length of the `${` runs.
 */
export function variablePolicy(bytes, run = 20_000) {
  const open = '${'.repeat(run);
  const statements = [
    (i) => `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${open}"}`,
    (i) =>
      `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","NotResource":["arn:aws:iam::*:user/${open}","${'${a'.repeat(run / 2)}"]}`,
    (i) =>
      `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"${open}","aws:userid":["${'$'.repeat(run)}{","}${open}"]}}}`,
  ];
  return fill(`{"Statement":[${MFA_DENY}`, bytes, (i) => statements[i % statements.length](i));
}

/** One string of `bytes` characters that is an unterminated `${` run (the worst case of a variable scan). */
export function unterminatedVariable(bytes) {
  const head = `{"Statement":[${MFA_DENY},{"Effect":"Allow","Action":"s3:GetObject","Resource":"`;
  const n = Math.max(1, Math.floor((bytes - head.length - 4) / 2));
  return `${head}${'${'.repeat(n)}"}]}`;
}

/**
 * Syntax errors and comments by the million: comment runs, control characters inside strings, bad
 * escapes. `kind` picks one of them (default: all three, in turn).
 */
export function errorFlood(bytes, kind = 'mixed') {
  const comment = '//x\n';
  const control = '"\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008",';
  const escape = '"\\q\\q\\q\\q\\q\\q\\q\\q",';
  // Mixed: the three interleaved, so that a linter that stops early still meets each kind.
  const unit = kind === 'comments' ? comment : kind === 'control' ? control : kind === 'escapes' ? escape : comment + control + escape;
  const head = `{"Version":"2012-10-17","Statement":[${MFA_DENY},{"Effect":"Allow","Action":"s3:GetObject","Resource":[`;
  const tail = '"*"]}]}';
  return head + unit.repeat(Math.max(1, Math.floor((bytes - head.length - tail.length) / unit.length))) + tail;
}

/** Statements with `keys` unknown keys each (`iam-schema` reports every one, with a "did you mean"). */
export function unknownKeys(bytes, keys = 5_000) {
  keys = Math.max(1, Math.min(keys, Math.floor(bytes / 64)));
  return fill(HEAD, bytes, (i) => {
    let s = `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"`;
    for (let k = 0; k < keys; k++) s += `,"Actoin${k}":1`;
    return s + '}';
  });
}

/**
 * Conditions with `ops` unknown operators each (every one is a schema error with a suggestion). `block` is each
 * operator's value: an object of keys by default, anything else (`1`) adds a second error per operator.
 */
export function unknownOperators(bytes, ops = 5_000, block = '{"aws:MultiFactorAuthPresent":"false"}') {
  ops = Math.max(1, Math.min(ops, Math.floor(bytes / (4 * (18 + block.length)))));
  return fill(HEAD, bytes, (i) => {
    let s = `,{"Sid":"S${i}","Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}`;
    for (let k = 0; k < ops; k++) s += `,"StringEqual${k}":${block}`;
    return s + '}}';
  });
}

/** Unknown keys, unknown operators, and unknown operators whose value is no object, in one policy (a third each). */
export function unknownKeysAndOperators(bytes) {
  const third = Math.floor(bytes / 3);
  const parts = [unknownKeys(third), unknownOperators(third), unknownOperators(bytes - 2 * third, 5_000, '1')];
  // One policy: the statements of each after those of the one before.
  return parts.map((p, i) => (i === 0 ? p.slice(0, -2) : p.slice(HEAD.length, -2))).join('') + ']}';
}

/** The `i`-th case variant of a word (bit k of i upper-cases its k-th letter). */
export function caseVariant(word, i) {
  let out = '';
  let bit = 0;
  for (const ch of word) {
    if (/[a-z]/i.test(ch)) {
      out += (i / 2 ** bit) % 2 >= 1 ? ch.toUpperCase() : ch.toLowerCase();
      bit++;
    } else out += ch;
  }
  return out;
}

/**
 * Deny statements whose condition block holds `variants` case variants of the MFA key (distinct JSON keys,
 * one IAM key: every rule about the MFA key sees each), under `operator` with `value`; and Allow statements
 * with case variants of another key.
 */
export function caseVariants(bytes, variants = 5_000, operator = 'Bool', value = '"false"') {
  variants = Math.max(1, Math.min(variants, Math.floor(bytes / 240)));
  // No reference deny first: the deny with the variants is the policy's MFA deny, which every rule examines.
  const exempt = JSON.stringify(reference.Statement.find((s) => s.Effect === 'Deny').NotAction);
  return fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}', bytes, (i) => {
    const mfa = [];
    const other = [];
    for (let k = 0; k < variants; k++) {
      mfa.push(`"${caseVariant('aws:MultiFactorAuthPresent', i * variants + k)}":${value}`);
      other.push(`"${caseVariant('aws:RequestedRegion', i * variants + k)}":"us-east-1"`);
    }
    return i % 2 === 0
      ? `,{"Sid":"S${i}","Effect":"Deny","NotAction":${exempt},"Resource":"*","Condition":{"${operator}":{${mfa.join(',')}}}}`
      : `,{"Sid":"S${i}","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{${other.join(',')}},"Null":{${mfa.join(',')}}}}`;
  });
}

/**
 * A minified policy (one line) whose every statement has findings with fixes: a Bool MFA deny
 * (use BoolIfExists), odd boolean values, mfa/${aws:username} resources.
 */
export function minifiedFixes(bytes) {
  const statements = [
    (i) =>
      `,{"Sid":"D${i}","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"False"}}}`,
    (i) => `,{"Sid":"A${i}","Effect":"Allow","Action":"iam:EnableMFADevice","Resource":"arn:aws:iam::*:mfa/\${aws:username}"}`,
    (i) => `,{"Sid":"U${i}","Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/\${aws:username}"}`,
  ];
  return fill(HEAD, bytes, (i) => statements[i % statements.length](i));
}

/** The benchmark's hostile kinds (10 MB each there), by id. */
export const HOSTILE_KINDS = [
  { id: 'star patterns', make: (bytes) => starPolicy(bytes) },
  { id: 'variables / unterminated ${', make: (bytes) => variablePolicy(bytes) },
  { id: 'error flood', make: (bytes) => errorFlood(bytes) },
  { id: 'unknown keys / operators', make: (bytes) => unknownKeysAndOperators(bytes) },
  { id: 'case variants', make: (bytes) => caseVariants(bytes) },
  { id: 'fixes on a minified line', make: (bytes) => minifiedFixes(bytes) },
];
