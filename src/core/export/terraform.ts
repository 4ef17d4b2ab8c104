// Terraform exports in the two forms the AWS provider's documentation recommends for a policy:
// a `data "aws_iam_policy_document"` with statement blocks, or `jsonencode({ ... })` (heredoc JSON
// is what the documentation moved away from). Both build ARNs on `data.aws_partition`, so one file
// deploys in any partition, and both may attach the policy to a group. Pure: the value in, text out.

/** What the renderers need from the export options. */
export interface TerraformOptions {
  policyName: string;
  description: string;
  groupName?: string;
}

const ARN_PREFIX = /^arn:aws(?:-cn|-us-gov)?:/;
const PARTITION_REF = '${data.aws_partition.current.partition}';

/** The body of an HCL quoted string: escapes, and `${` / `%{` doubled so that Terraform keeps them literal. */
function quotedBody(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    // HCL has no \b or \f: every other control character is a \u escape.
    else if (c < ' ' || c === '\u007f') out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else if ((c === '$' || c === '%') && s[i + 1] === '{') out += c + c;
    else out += c;
  }
  return out;
}

/** An HCL string literal whose text is `s` after Terraform reads it. */
export function hclString(s: string): string {
  return `"${quotedBody(s)}"`;
}

/** An HCL string for a policy value: an ARN takes the partition from `data.aws_partition`. */
function policyString(s: string): string {
  const prefix = ARN_PREFIX.exec(s);
  return prefix ? `"arn:${PARTITION_REF}:${quotedBody(s.slice(prefix[0].length))}"` : hclString(s);
}

/** Words that HCL would read as something other than a literal object key. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if']);
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const objectKey = (k: string) => (IDENTIFIER.test(k) && !KEYWORDS.has(k) ? k : hclString(k));

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v !== 'object';

function scalar(v: unknown, str: (s: string) => string): string {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'null';
}

/** Values written on their own line: scalars, empty collections, and a list of one scalar. */
function inline(v: unknown, str: (s: string) => string): string | undefined {
  if (isScalar(v)) return scalar(v, str);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return v.length === 1 && isScalar(v[0]) ? `[${scalar(v[0], str)}]` : undefined;
  }
  return Object.keys(v as object).length === 0 ? '{}' : undefined;
}

/**
 * Widths to pad each name to, as `terraform fmt` aligns the `=` of a run of one-line attributes
 * (the provider's examples: `Version = ...` above `Statement = [` is not padded).
 */
function alignedWidths(names: string[], multiline: boolean[]): number[] {
  const widths = names.map((n) => n.length);
  let start = 0;
  for (let i = 0; i <= names.length; i++) {
    if (i < names.length && !multiline[i]) continue;
    let width = 0;
    for (let j = start; j < i; j++) width = Math.max(width, widths[j]!);
    for (let j = start; j < i; j++) widths[j] = width;
    start = i + 1;
  }
  return widths;
}

interface Frame {
  list: boolean;
  /** Keyed entries for an object, unkeyed for a list. */
  entries: Array<[string | undefined, unknown]>;
  widths: number[];
  next: number;
  indent: string;
  close: string;
}

/** `value` as an HCL expression, lines after the first indented under `indent`. Iterative: nesting depth is the user's. */
export function hclExpression(value: unknown, indent: string, str: (s: string) => string = policyString): string {
  const stack: Frame[] = [];
  let out = '';
  const open = (v: unknown, at: string) => {
    const short = inline(v, str);
    if (short !== undefined) {
      out += short;
      return false;
    }
    const list = Array.isArray(v);
    const entries: Frame['entries'] = list ? v.map((x) => [undefined, x]) : Object.entries(v as object).map(([k, x]) => [objectKey(k), x]);
    const names = entries.map(([k]) => k ?? '');
    const widths = list
      ? []
      : alignedWidths(
          names,
          entries.map(([, x]) => inline(x, str) === undefined),
        );
    out += list ? '[' : '{';
    stack.push({ list, entries, widths, next: 0, indent: `${at}  `, close: `\n${at}${list ? ']' : '}'}` });
    return true;
  };
  open(value, indent);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.entries.length) {
      stack.pop();
      out += frame.close;
      // An object or list inside a list is one of its elements: the comma follows its closing bracket.
      if (stack[stack.length - 1]?.list) out += ',';
      continue;
    }
    const i = frame.next++;
    const [k, v] = frame.entries[i]!;
    out += `\n${frame.indent}`;
    if (k !== undefined) out += `${k.padEnd(frame.widths[i]!)} = `;
    if (!open(v, frame.indent) && frame.list) out += ',';
  }
  return out;
}

/** Lines `name = value`, aligned as `terraform fmt` does; values may span lines. */
function attributeLines(pairs: Array<[string, string]>, indent: string): string[] {
  const widths = alignedWidths(
    pairs.map(([n]) => n),
    pairs.map(([, v]) => v.includes('\n')),
  );
  return pairs.map(([n, v], i) => `${indent}${n.padEnd(widths[i]!)} = ${v}`);
}

/** A block: its attributes, then each nested block after a blank line. */
function blockLines(header: string, pairs: Array<[string, string]>, nested: string[][], indent: string): string[] {
  const lines = [`${indent}${header} {`, ...attributeLines(pairs, `${indent}  `)];
  for (const inner of nested) {
    if (lines.length > 1) lines.push('');
    // One push per line: a block with many conditions is too long for push(...inner)'s arguments.
    for (const line of inner) lines.push(line);
  }
  lines.push(`${indent}}`);
  return lines;
}

/**
 * A string inside aws_iam_policy_document: IAM's own variables (`${aws:username}`) are written
 * `&{aws:username}`, the data source's escape, which it turns back into `${` when it renders.
 */
const documentString = (s: string) => policyString(s.split('${').join('&{'));
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const stringList = (v: unknown, indent: string) =>
  hclExpression(
    asList(v).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
    indent,
    documentString,
  );

/** `principals` / `not_principals` blocks: `"*"` is type "*" with identifiers ["*"], as the data source renders it back. */
function principalBlocks(name: string, principal: unknown, indent: string): string[][] {
  const byType: Array<[string, unknown]> =
    principal && typeof principal === 'object' && !Array.isArray(principal) ? Object.entries(principal) : [['*', principal]];
  return byType.map(([type, ids]) =>
    blockLines(
      name,
      [
        ['type', hclString(type)],
        ['identifiers', stringList(ids, `${indent}  `)],
      ],
      [],
      indent,
    ),
  );
}

function conditionBlocks(condition: unknown, indent: string): string[][] {
  const blocks: string[][] = [];
  if (!condition || typeof condition !== 'object') return blocks;
  for (const [test, keys] of Object.entries(condition)) {
    for (const [variable, values] of Object.entries(keys && typeof keys === 'object' ? keys : {})) {
      const pairs: Array<[string, string]> = [
        ['test', hclString(test)],
        ['variable', hclString(variable)],
        ['values', stringList(values, `${indent}  `)],
      ];
      blocks.push(blockLines('condition', pairs, [], indent));
    }
  }
  return blocks;
}

const STATEMENT_LISTS: Array<[string, string]> = [
  ['Action', 'actions'],
  ['NotAction', 'not_actions'],
  ['Resource', 'resources'],
  ['NotResource', 'not_resources'],
];

function statementBlock(statement: Record<string, unknown>, indent: string): string[] {
  const inner = `${indent}  `;
  const pairs: Array<[string, string]> = [];
  if (typeof statement.Sid === 'string') pairs.push(['sid', hclString(statement.Sid)]);
  if (typeof statement.Effect === 'string') pairs.push(['effect', hclString(statement.Effect)]);
  for (const [key, name] of STATEMENT_LISTS) if (statement[key] !== undefined) pairs.push([name, stringList(statement[key], inner)]);
  const nested = [
    ...(statement.Principal !== undefined ? principalBlocks('principals', statement.Principal, inner) : []),
    ...(statement.NotPrincipal !== undefined ? principalBlocks('not_principals', statement.NotPrincipal, inner) : []),
    ...conditionBlocks(statement.Condition, inner),
  ];
  return blockLines('statement', pairs, nested, indent);
}

function policyDocument(policy: Record<string, unknown>): string[] {
  const pairs: Array<[string, string]> = [];
  if (typeof policy.Version === 'string') pairs.push(['version', hclString(policy.Version)]);
  if (typeof policy.Id === 'string') pairs.push(['policy_id', hclString(policy.Id)]);
  const statements = asList(policy.Statement ?? []).filter((s): s is Record<string, unknown> => !!s && typeof s === 'object');
  return blockLines(
    'data "aws_iam_policy_document" "force_mfa"',
    pairs,
    statements.map((s) => statementBlock(s, '  ')),
    '',
  );
}

function attachment(groupName: string | undefined): string[] {
  if (!groupName) return [];
  return [
    '',
    ...blockLines(
      'resource "aws_iam_group_policy_attachment" "force_mfa"',
      [
        ['group', hclString(groupName)],
        ['policy_arn', 'aws_iam_policy.force_mfa.arn'],
      ],
      [],
      '',
    ),
  ];
}

/** The description as a one-line comment above the resources. */
const comment = (o: TerraformOptions) => `# ${o.description.replace(/\s+/g, ' ')}`;

const asObject = (policy: unknown): Record<string, unknown> =>
  policy && typeof policy === 'object' && !Array.isArray(policy) ? (policy as Record<string, unknown>) : {};

/** `data "aws_iam_policy_document"` with statement blocks, and the `aws_iam_policy` that takes its `.json`. */
export function terraformPolicyDocument(policy: unknown, o: TerraformOptions): string {
  const lines = [
    comment(o),
    'data "aws_partition" "current" {}',
    '',
    ...policyDocument(asObject(policy)),
    '',
    ...blockLines(
      'resource "aws_iam_policy" "force_mfa"',
      [
        ['name', hclString(o.policyName)],
        ['description', hclString(o.description)],
        ['policy', 'data.aws_iam_policy_document.force_mfa.json'],
      ],
      [],
      '',
    ),
    ...attachment(o.groupName),
  ];
  return `${lines.join('\n')}\n`;
}

/** `aws_iam_policy` whose policy is `jsonencode({ ... })` of the document. */
export function terraformJsonencode(policy: unknown, o: TerraformOptions): string {
  const lines = [
    comment(o),
    'data "aws_partition" "current" {}',
    '',
    ...blockLines(
      'resource "aws_iam_policy" "force_mfa"',
      [
        ['name', hclString(o.policyName)],
        ['description', hclString(o.description)],
        ['policy', `jsonencode(${hclExpression(policy, '  ')})`],
      ],
      [],
      '',
    ),
    ...attachment(o.groupName),
  ];
  return `${lines.join('\n')}\n`;
}
