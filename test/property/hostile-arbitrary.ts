/**
 * Hostile-input recipes for the fuzz run: texts built to make a linter hang, crash or eat memory
 * (issue 10): long wildcards, policy variables and unterminated `${`, error floods, huge star runs,
 * many case variants of a key, many unknown operators and keys, findings with fixes on one minified
 * line. A recipe is a text as a function of a size n, so that the property can lint it at n and 2n and
 * compare the work counted by the core's meters: the budget is a count, never a time.
 */
import fc from 'fast-check';
import { caseVariant } from '../../bench/lib/hostile.mjs';
import { ENROL } from '../fixtures/lib/core-helpers';

export interface Recipe {
  /** What the text is, for a failure message. */
  label: string;
  /** The text at size n (about n characters, or a run n long). */
  make(n: number): string;
}

// AWS's exemptions: the enrolment actions and sts:GetSessionToken.
const DENY_EXEMPT = ENROL;
const MFA_DENY = {
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: DENY_EXEMPT,
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
};

/** A string that grows with n: a run of stars, of one-letter segments, of `?`, of `${`... */
const stretch: fc.Arbitrary<{ label: string; value: (n: number) => string }> = fc.oneof(
  fc
    .tuple(fc.constantFrom('', 'iam:', 'arn:aws:iam::', 'sts:', 'arn:aws:iam::*:mfa/'), fc.constantFrom('', 'Z', 'z', 'MFADevice', '?'))
    .map(([pre, post]) => ({
      label: `${pre}***...${post}`,
      value: (n: number) => `${pre}${'*'.repeat(n)}${post}`,
    })),
  fc.tuple(fc.constantFrom('a', 'A', 'e', '?', 'i', ':'), fc.constantFrom('', 'Z', '*', 'e?')).map(([c, post]) => ({
    label: `*${c}*${c}*...${post}`,
    value: (n: number) => `${`*${c}`.repeat(n)}${post}`,
  })),
  fc.constantFrom('?', '?*', '??*x').map((u) => ({ label: `${u}${u}...`, value: (n: number) => `iam:${u.repeat(n)}` })),
  fc.constantFrom('${', '${a', '${aws:', '$', '${}', '${aws:username}', "${aws:x, 'd'}", '}${', '${${').map((u) => ({
    label: `${u}${u}... (variables)`,
    value: (n: number) => u.repeat(Math.max(1, Math.floor(n / u.length))),
  })),
  fc
    .constantFrom('\u0001', '\\q', '\\u12', '\u00a0', '\u200b')
    .map((u) => ({ label: `${JSON.stringify(u)} run`, value: (n: number) => u.repeat(n) })),
);

/** Where a stretched string goes in a policy. */
type Place =
  | 'Action'
  | 'NotAction'
  | 'Resource'
  | 'NotResource'
  | 'StringLike'
  | 'StringEquals'
  | 'ArnLike'
  | 'key'
  | 'operator'
  | 'Sid'
  | 'Principal'
  | 'trust';
const place = fc.constantFrom<Place>(
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'StringLike',
  'StringEquals',
  'ArnLike',
  'key',
  'operator',
  'Sid',
  'Principal',
  'trust',
);

/** A statement holding `v` at `where`; in the MFA deny (`inDeny`) or in an Allow beside it. */
function statementWith(where: Place, v: string, inDeny: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = inDeny ? { ...MFA_DENY } : { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
  switch (where) {
    case 'Action':
      delete base.NotAction;
      base.Action = [v, 'iam:*'];
      break;
    case 'NotAction':
      delete base.Action;
      base.NotAction = [...DENY_EXEMPT, v];
      break;
    case 'Resource':
      base.Resource = [v];
      break;
    case 'NotResource':
      delete base.Resource;
      base.NotResource = [v];
      break;
    case 'StringLike':
    case 'StringEquals':
    case 'ArnLike':
      base.Condition = {
        ...(base.Condition as object),
        [where]: { 'aws:PrincipalArn': v, 'aws:MultiFactorAuthPresent': [v, 'false'], [`aws:${v}`]: 'x' },
      };
      break;
    case 'key':
      base[v] = 1;
      break;
    case 'operator':
      base.Condition = { ...(base.Condition as object), [v]: { 'aws:MultiFactorAuthPresent': 'false' } };
      break;
    case 'Sid':
      base.Sid = v;
      break;
    case 'Principal':
      base.Principal = { AWS: v };
      break;
    case 'trust':
      return {
        Effect: 'Allow',
        Principal: { AWS: v },
        Action: `sts:${v}`,
        Condition: { StringLike: { 'aws:PrincipalArn': v }, BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
      };
  }
  return base;
}

const layout = fc.constantFrom<'minified' | 'pretty'>('minified', 'pretty');
const version = fc.constantFrom<string | undefined>('2012-10-17', '2012-10-17', '2008-10-17', undefined);

function policy(statements: unknown[], v: string | undefined, how: 'minified' | 'pretty'): string {
  const doc = v === undefined ? { Statement: statements } : { Version: v, Statement: statements };
  return how === 'minified' ? JSON.stringify(doc) : JSON.stringify(doc, null, 2);
}

/** One string n long in one place. */
const stretched: fc.Arbitrary<Recipe> = fc.tuple(stretch, place, fc.boolean(), version, layout).map(([s, where, inDeny, v, how]) => ({
  label: `${s.label} in ${where}${inDeny ? ' of the MFA deny' : ''}, ${how}, Version ${v ?? 'none'}`,
  make: (n: number) => {
    const st = statementWith(where, s.value(n), inDeny);
    return policy(where === 'trust' ? [st] : inDeny ? [st] : [MFA_DENY, st], v, how);
  },
}));

/** A thing repeated n / (its size) times: statements, keys, operators, values, case variants. */
const repeated: fc.Arbitrary<Recipe> = fc.oneof(
  // Many case variants of a key in one block, under an operator the MFA rules examine.
  fc
    .tuple(
      fc.constantFrom('Bool', 'Null', 'BoolIfExists', 'ForAnyValue:Bool', 'ForAllValues:StringEquals', 'NumericLessThan', 'StringLike'),
      fc.constantFrom('"false"', '"true"', '"False"', '["true","false"]', '"3600"', '"*"'),
      fc.constantFrom('aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:RequestedRegion'),
      layout,
    )
    .map(([op, value, key, how]) => ({
      label: `case variants of ${key} under ${op}: ${value}, ${how}`,
      make: (n: number) => {
        const k = Math.max(1, Math.floor(n / (key.length + value.length + 4)));
        const block = Array.from({ length: k }, (_, i) => `"${caseVariant(key, i)}":${value}`).join(',');
        const deny = JSON.stringify({ ...MFA_DENY, Condition: undefined }).slice(0, -1) + `,"Condition":{"${op}":{${block}}}}`;
        return `{"Version":"2012-10-17","Statement":[${deny}]}`;
      },
    })),
  // Many unknown (or duplicate) operators, with objects or other values.
  fc
    .tuple(
      fc.constantFrom('StringEqual', 'Bool', 'ForAnyValue:Nul', 'IfExists', 'stringequals', 'NullIfExists'),
      fc.constantFrom('{"aws:MultiFactorAuthPresent":"false"}', '1', '[]', '{"aws:x":["a","b"]}', 'null'),
      fc.boolean(),
    )
    .map(([op, block, numbered]) => ({
      label: `many ${numbered ? 'distinct' : 'duplicate'} operators ${op}: ${block}`,
      make: (n: number) => {
        const k = Math.max(1, Math.floor(n / (op.length + block.length + 8)));
        const ops = Array.from({ length: k }, (_, i) => `"${op}${numbered ? i : ''}":${block}`).join(',');
        return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":${JSON.stringify(DENY_EXEMPT)},"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"},${ops}}}]}`;
      },
    })),
  // Many unknown keys in one statement, or in the document.
  fc.tuple(fc.constantFrom('Actoin', 'Effects', 'Condtion', 'X', 'Statement'), fc.boolean()).map(([key, top]) => ({
    label: `many unknown keys ${key}... ${top ? 'in the document' : 'in a statement'}`,
    make: (n: number) => {
      const k = Math.max(1, Math.floor(n / (key.length + 10)));
      const keys = Array.from({ length: k }, (_, i) => `"${key}${i}":1`).join(',');
      return top
        ? `{"Version":"2012-10-17",${keys},"Statement":[${JSON.stringify(MFA_DENY)}]}`
        : `{"Version":"2012-10-17","Statement":[${JSON.stringify(MFA_DENY)},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",${keys}}]}`;
    },
  })),
  // Many short hostile values in a list (wildcards, variables).
  fc
    .tuple(
      fc.constantFrom(
        'iam:*Z',
        'iam:???ate*',
        '${',
        '${aws:username}',
        'arn:aws:iam::*:user/${aws:username}',
        '*',
        'iam:EnableMFADevices',
        'arn:aws:iam::*:mfa/*',
      ),
      place,
      fc.boolean(),
      version,
    )
    .map(([value, where, inDeny, v]) => ({
      label: `many ${value} in ${where}${inDeny ? ' of the MFA deny' : ''}`,
      make: (n: number) => {
        const k = Math.max(1, Math.floor(n / (value.length + 3)));
        const values = Array.from({ length: k }, (_, i) => (i % 2 ? value : `${value}${i}`));
        const st = statementWith(where, '\u0000', inDeny);
        const text = policy(where === 'trust' ? [st] : inDeny ? [st] : [MFA_DENY, st], v, 'minified');
        // The placeholder string becomes the list.
        return text.replace('"\\u0000"', JSON.stringify(values));
      },
    })),
  // Statements with findings and fixes, all on one minified line (or pretty-printed).
  fc
    .tuple(
      fc.constantFrom(
        '{"Effect":"Deny","NotAction":["iam:EnableMFADevice"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"False"}}}',
        '{"Effect":"Allow","Action":"iam:EnableMFADevice","Resource":"arn:aws:iam::*:mfa/${aws:username}"}',
        '{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}',
        '{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"ForAnyValue:Bool":{"aws:MultiFactorAuthPresent":"false"}}}',
        '{"Effect":"Deny","NotAction":"iam:*","Resource":"arn:aws:s3:::x","Condition":{"Null":{"aws:MultiFactorAuthPresent":"true"}}}',
      ),
      layout,
      version,
    )
    .map(([statement, how, v]) => ({
      label: `statements with fixes, ${how}: ${statement}`,
      make: (n: number) => {
        const k = Math.max(1, Math.floor(n / statement.length));
        const text = `{${v ? `"Version":"${v}",` : ''}"Statement":[${Array.from({ length: k }, () => statement).join(',')}]}`;
        return how === 'minified' ? text : JSON.stringify(JSON.parse(text), null, 2);
      },
    })),
  // Error floods: comments, control characters, bad escapes, stray commas, unclosed strings.
  fc.constantFrom('//x\n', '/**/', '"\u0001\u0002",', '"\\q\\q",', ',', '"a\n', ']', '{"a":', 'tru ', '\u00a0', '\ufeff').map((piece) => ({
    label: `error flood of ${JSON.stringify(piece)}`,
    make: (n: number) =>
      `{"Version":"2012-10-17","Statement":[${JSON.stringify(MFA_DENY)},{"Effect":"Allow","Action":"s3:GetObject","Resource":[${piece.repeat(Math.max(1, Math.floor(n / piece.length)))}"*"]}]}`,
  })),
);

export const hostileRecipe: fc.Arbitrary<Recipe> = fc.oneof(stretched, repeated);
