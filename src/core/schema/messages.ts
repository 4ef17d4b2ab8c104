// Turns one ajv error of the generated validator into one IAM sentence and the node it is about.
// The generated validator reports schema paths relative to each compiled definition, so where an error
// sits in the grammar is read from its instance path (the grammar has a fixed depth), and only the
// statement's combinators are told apart by schema path.
import type { AjvError } from './generated/validate.js';
import { knownKeys } from './generated/validate.js';
import { closest } from './suggest';

export type Segment = string | number;

export interface Problem {
  message: string;
  path: Segment[];
  /** 'key' for a property name (unknown keys, conflicting keys), 'value' otherwise. */
  part: 'key' | 'value';
  /** For an unknown key: the known key it most likely meant. */
  suggests?: string;
  /** For a missing key: the keys that would satisfy it (a misspelling of one of them says it already). */
  needs?: readonly string[];
}

const code = (s: string): string => `\`${s}\``;
const list = (names: readonly string[]): string =>
  names.length < 2 ? names.map(code).join('') : `${names.slice(0, -1).map(code).join(', ')} or ${code(names[names.length - 1]!)}`;

type Where =
  | { at: 'policy' }
  | { at: 'version' }
  | { at: 'id' }
  | { at: 'statements' }
  | { at: 'statement' }
  | { at: 'sid' }
  | { at: 'effect' }
  | { at: 'action'; key: string }
  | { at: 'action-entry'; key: string }
  | { at: 'resource'; key: string }
  | { at: 'resource-entry'; key: string }
  | { at: 'principal'; key: string }
  | { at: 'principal-value'; key: string; type: string }
  | { at: 'principal-entry'; key: string; type: string }
  | { at: 'condition' }
  | { at: 'operator'; op: string }
  | { at: 'condition-value'; condKey: string }
  | { at: 'condition-entry'; condKey: string }
  | { at: 'other' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where in the grammar a path points. */
function where(path: readonly Segment[], doc: unknown): Where {
  if (path.length === 0) return { at: 'policy' };
  const [first] = path;
  if (first === 'Version' && path.length === 1) return { at: 'version' };
  if (first === 'Id' && path.length === 1) return { at: 'id' };
  if (first !== 'Statement') return { at: 'other' };
  const statements = isObject(doc) ? doc.Statement : undefined;
  let rest: readonly Segment[];
  if (isObject(statements)) rest = path.slice(1);
  else if (path.length === 1) return { at: 'statements' };
  else rest = path.slice(2);
  if (rest.length === 0) return { at: 'statement' };
  const key = String(rest[0]);
  const depth = rest.length;
  switch (key) {
    case 'Sid':
      return depth === 1 ? { at: 'sid' } : { at: 'other' };
    case 'Effect':
      return depth === 1 ? { at: 'effect' } : { at: 'other' };
    case 'Action':
    case 'NotAction':
      return depth === 1 ? { at: 'action', key } : depth === 2 ? { at: 'action-entry', key } : { at: 'other' };
    case 'Resource':
    case 'NotResource':
      return depth === 1 ? { at: 'resource', key } : depth === 2 ? { at: 'resource-entry', key } : { at: 'other' };
    case 'Principal':
    case 'NotPrincipal':
      if (depth === 1) return { at: 'principal', key };
      if (depth === 2) return { at: 'principal-value', key, type: String(rest[1]) };
      return depth === 3 ? { at: 'principal-entry', key, type: String(rest[1]) } : { at: 'other' };
    case 'Condition':
      if (depth === 1) return { at: 'condition' };
      if (depth === 2) return { at: 'operator', op: String(rest[1]) };
      if (depth === 3) return { at: 'condition-value', condKey: String(rest[2]) };
      return depth === 4 ? { at: 'condition-entry', condKey: String(rest[2]) } : { at: 'other' };
    default:
      return { at: 'other' };
  }
}

function actionMessage(action: unknown): string {
  if (typeof action !== 'string') return 'An action must be a string';
  const shown = code(action);
  if (/\s/.test(action)) return `Action ${shown} contains white space: write \`service:action\` without spaces`;
  if (!action.includes(':')) return `Action ${shown} needs a service prefix: \`service:action\` (e.g. \`s3:GetObject\`) or \`*\``;
  return `Action ${shown} is not valid: write \`service:action\` with letters, digits and the wildcards \`*\` and \`?\`, or \`*\``;
}

/** "Unknown key" for a policy, a statement or a principal, with the key it most likely meant. */
function unknownKey(name: string, at: 'policy' | 'statement' | 'principal', path: Segment[]): Problem {
  const known = knownKeys[at];
  if (at === 'policy' && knownKeys.statement.includes(name)) {
    // A statement written straight into the document: the keys are right, the nesting is not.
    const message = `${code(name)} belongs in a statement: put the statement inside \`"Statement": [ ... ]\``;
    return { message, path: [...path, name], part: 'key', suggests: 'Statement' };
  }
  if (at === 'statement' && knownKeys.operator.includes(name)) {
    return { message: `Condition operator ${code(name)} belongs inside \`Condition\``, path: [...path, name], part: 'key' };
  }
  const guess = closest(name, known);
  const what =
    at === 'principal' ? `principal type ${code(name)}` : `key ${code(name)} in a ${at === 'policy' ? 'policy document' : 'statement'}`;
  const hint =
    guess !== undefined ? `did you mean ${code(guess)}?` : at === 'principal' ? `use ${list(known)}` : `it has only ${list(known)}`;
  return { message: `Unknown ${what}: ${hint}`, path: [...path, name], part: 'key', suggests: guess };
}

/** The operator names by their lower case (the first of a case-insensitive tie), built once. */
let operatorsByLowerCase: Map<string, string> | undefined;

/** Why an operator name is not one of the 159 valid ones. */
export function unknownOperator(name: string): string {
  if (!operatorsByLowerCase) {
    operatorsByLowerCase = new Map();
    for (const k of knownKeys.operator) if (!operatorsByLowerCase.has(k.toLowerCase())) operatorsByLowerCase.set(k.toLowerCase(), k);
  }
  const exact = operatorsByLowerCase.get(name.toLowerCase());
  if (exact !== undefined) {
    return `Condition operator ${code(name)} is not valid: operator names are case-sensitive (${code(exact)})`;
  }
  if (/^(forallvalues:|foranyvalue:)?nullifexists$/i.test(name)) return '`Null` has no IfExists form';
  const guess = closest(name, knownKeys.operator);
  return guess !== undefined
    ? `Condition operator ${code(name)} is not valid: did you mean ${code(guess)}?`
    : `Condition operator ${code(name)} is not valid: use one such as \`StringEquals\`, \`StringLike\`, \`ArnLike\`, ` +
        '`Bool`, `BoolIfExists`, `NumericLessThan`, `DateGreaterThan`, `IpAddress` or `Null`';
}

/** Two keys that exclude each other: the problem is the second one, so point at its key. */
const notBoth =
  (message: string, second: string) =>
  (statement: Segment[]): Problem => ({ message, path: [...statement, second], part: 'key' });

/** The statement's combinators, by their schema path: the order of `allOf` in schemas/generate-schema.mjs. */
const STATEMENT_RULES: Record<string, (statement: Segment[]) => Problem> = {
  '#/allOf/0/anyOf': (s) => ({
    message: 'A statement needs exactly one of `Action` or `NotAction`',
    path: s,
    part: 'value',
    needs: ['Action', 'NotAction'],
  }),
  '#/allOf/1/not': notBoth('A statement needs exactly one of `Action` or `NotAction`, not both', 'NotAction'),
  '#/allOf/2/not': notBoth('A statement may have `Resource` or `NotResource`, not both', 'NotResource'),
  '#/allOf/3/not': notBoth('A statement may have `Principal` or `NotPrincipal`, not both', 'NotPrincipal'),
  '#/allOf/4/anyOf': (s) => ({
    message: 'A statement needs `Resource` or `NotResource` (a `Principal` instead in resource and trust policies)',
    path: s,
    part: 'value',
    needs: ['Resource', 'NotResource', 'Principal', 'NotPrincipal'],
  }),
};

function valueAt(doc: unknown, path: readonly Segment[]): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** One IAM sentence for one ajv error, or undefined when the error only echoes another one. */
export function describe(error: AjvError, path: Segment[], doc: unknown): Problem | undefined {
  const w = where(path, doc);
  const value = (): unknown => valueAt(doc, path);
  const here = (message: string): Problem => ({ message, path, part: 'value' });
  const keyHere = (name: string, message: string): Problem => ({ message, path: [...path, name], part: 'key' });
  const params = error.params;

  // Errors of a `propertyNames` subschema name the property: in a Condition, an operator name.
  if (error.propertyName !== undefined && w.at === 'condition') {
    return keyHere(error.propertyName, unknownOperator(error.propertyName));
  }
  switch (error.keyword) {
    case 'if': // the `then` branch reports the actual problem
    case 'propertyNames': // echoes its inner error, which carries the property name
      return undefined;
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      if (w.at === 'policy' || w.at === 'statement') return unknownKey(name, w.at, path);
      if (w.at === 'principal') return unknownKey(name, 'principal', path);
      return keyHere(name, `Unknown key ${code(name)}`);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const needs = [missing];
      if (w.at === 'policy') return { ...here('A policy document needs a `Statement`'), needs };
      if (missing === 'Effect') return { ...here('A statement needs an `Effect`: "Allow" or "Deny"'), needs };
      return { ...here(`A statement needs ${code(missing)}`), needs };
    }
    case 'anyOf':
    case 'not': {
      const rule = w.at === 'statement' ? STATEMENT_RULES[error.schemaPath] : undefined;
      return rule ? rule(path) : here('This statement breaks the IAM policy grammar');
    }
    case 'enum': {
      if (w.at === 'effect') {
        const v = value();
        const caseOnly = typeof v === 'string' && /^(allow|deny)$/i.test(v);
        return here(`\`Effect\` must be "Allow" or "Deny"${caseOnly ? ' (values are case-sensitive)' : ''}`);
      }
      if (w.at === 'version') {
        return here('`Version` must be "2012-10-17" or "2008-10-17" (use "2012-10-17": it is the version with policy variables)');
      }
      return here('This value is not allowed here');
    }
    case 'pattern':
      if (w.at === 'sid') return here('Sid may contain only letters and digits');
      if (w.at === 'action' || w.at === 'action-entry') return here(actionMessage(value()));
      if (w.at === 'principal') {
        return here(
          '`Principal` as a string can only be "*": put account ids and ARNs under `"AWS"`, e.g. `{ "AWS": "arn:aws:iam::123456789012:root" }`',
        );
      }
      return here('This value does not have the form IAM expects here');
    case 'type':
      return here(typeMessage(w));
    default:
      return here('This value breaks the IAM policy grammar');
  }
}

function typeMessage(w: Where): string {
  switch (w.at) {
    case 'policy':
      return 'A policy document must be a JSON object';
    case 'version':
      return '`Version` must be "2012-10-17" or "2008-10-17"';
    case 'id':
      return '`Id` must be a string';
    case 'statements':
      return '`Statement` must be a statement object or an array of statements';
    case 'statement':
      return 'A statement must be an object';
    case 'sid':
      return '`Sid` must be a string of letters and digits';
    case 'action':
    case 'resource':
      return `${code(w.key)} must be a string or an array of strings`;
    case 'action-entry':
    case 'resource-entry':
      return `Each entry of ${code(w.key)} must be a string`;
    case 'principal':
      return `${code(w.key)} must be "*" or an object of ${list(knownKeys.principal)}`;
    case 'principal-value':
      return `${code(w.type)} principals must be a string or an array of strings`;
    case 'principal-entry':
      return `Each ${code(w.type)} principal must be a string`;
    case 'condition':
      return '`Condition` must be an object of condition operators, e.g. `{ "Bool": { "aws:SecureTransport": "true" } }`';
    case 'operator':
      return `Condition operator ${code(w.op)} must hold an object of condition keys and their values`;
    case 'condition-value':
      return `The value of condition key ${code(w.condKey)} must be a string, a boolean, a number, or an array of them`;
    case 'condition-entry':
      return `Each value of condition key ${code(w.condKey)} must be a string, a boolean or a number`;
    default:
      return 'This value has the wrong type for an IAM policy';
  }
}
