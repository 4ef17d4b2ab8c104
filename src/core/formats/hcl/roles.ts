/**
 * Which policies of a Terraform module reach only roles, judged as the CloudFormation front-end judges
 * a policy whose Roles are its only attachment (../cloudformation.ts roleOnly; ../../mfa/verdict.ts
 * then calls a role's permissions without an MFA condition not-applicable): an `aws_iam_role_policy`'s
 * policy, an `aws_iam_role`'s `inline_policy`, an `aws_iam_policy` that only role attachments name
 * (`aws_iam_role_policy_attachment`, or `aws_iam_policy_attachment` with `roles` and neither `users`
 * nor `groups`), and a policy document that only those use. Any other reference (a user's or a group's
 * attachment, an output, a module's input) means it may reach users: it is judged as a user's policy.
 *
 * Read from the text of the module's files, not their trees: the tree copy leaves out the blocks that
 * hold no statement (./copy.ts), which attachments are. A block is what `terraform fmt` writes: a
 * `resource "type" "name" {` line in column 0, to the next `}` line in column 0.
 */

/** A resource block of one text: its type, name and where it stands. */
export interface Resource {
  type: string;
  name: string;
  from: number;
  to: number;
}

/** The policies that reach only roles, by the address they are referenced with. */
export interface Reach {
  /** `aws_iam_policy` resources, by name. */
  policies: ReadonlySet<string>;
  /** `aws_iam_policy_document` data sources, by name. */
  documents: ReadonlySet<string>;
}

const HEADER = /^resource[ \t]+"([A-Za-z0-9_-]+)"[ \t]+"([A-Za-z0-9_-]+)"[ \t]*\{/;

/** The resource blocks of a text, in order. */
export function resources(text: string): Resource[] {
  const out: Resource[] = [];
  for (let at = text.indexOf('resource'); at >= 0; at = text.indexOf('resource', at + 8)) {
    if (at > 0 && text[at - 1] !== '\n') continue;
    const lineEnd = text.indexOf('\n', at);
    const m = HEADER.exec(text.slice(at, lineEnd < 0 ? text.length : lineEnd));
    if (!m) continue;
    const close = text.indexOf('\n}', at);
    const to = close < 0 ? text.length : close + 2;
    out.push({ type: m[1]!, name: m[2]!, from: at, to });
    at = Math.max(at, to - 8);
  }
  return out;
}

/** The resource that holds `offset` (blocks do not overlap), or undefined. */
export function holder(blocks: readonly Resource[], offset: number): Resource | undefined {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (offset < b.from) hi = mid - 1;
    else if (offset >= b.to) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/** The attribute named at the start of the line that holds `offset` (`policy_arn` of `  policy_arn = aws_iam_policy.x.arn`). */
export function attributeAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset) + 1;
  const line = text.slice(start, offset);
  const eq = line.indexOf('=');
  return eq < 0 ? '' : line.slice(0, eq).trim();
}

function isNameChar(c: string | undefined): boolean {
  if (!c) return false;
  const l = c.charCodeAt(0) | 0x20;
  return (l >= 97 && l <= 122) || (c >= '0' && c <= '9') || c === '_' || c === '-';
}

/** Each place `prefix` + a name + `.` or `[` stands, with the name. */
function references(text: string, prefix: string): Array<{ name: string; at: number }> {
  const out: Array<{ name: string; at: number }> = [];
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + prefix.length)) {
    if (isNameChar(text[at - 1]) || text[at - 1] === '.') continue;
    let end = at + prefix.length;
    while (isNameChar(text[end])) end++;
    if (end > at + prefix.length && (text[end] === '.' || text[end] === '[')) out.push({ name: text.slice(at + prefix.length, end), at });
  }
  return out;
}

const ROLES = /\n[ \t]*roles[ \t]*=/;
const USERS = /\n[ \t]*users[ \t]*=/;
const GROUPS = /\n[ \t]*groups[ \t]*=/;

/** Does an aws_iam_policy_attachment attach only roles (`roles` set; `users` and `groups` not)? */
function rolesOnly(text: string, block: Resource): boolean {
  const body = text.slice(block.from, block.to);
  return ROLES.test(body) && !USERS.test(body) && !GROUPS.test(body);
}

/** Counts, per name, the references and those of them that reach only roles. */
class Tally {
  readonly all = new Map<string, number>();
  readonly roles = new Map<string, number>();
  add(name: string, role: boolean): void {
    this.all.set(name, (this.all.get(name) ?? 0) + 1);
    if (role) this.roles.set(name, (this.roles.get(name) ?? 0) + 1);
  }
  onlyRoles(): Set<string> {
    return new Set([...this.all].filter(([name, n]) => this.roles.get(name) === n).map(([name]) => name));
  }
}

/** The module's policies that reach only roles; `texts` are its `*.tf` files (the linted one among them). */
export function policyReach(texts: readonly string[]): Reach {
  const blocks = texts.map(resources);
  const policies = new Tally();
  texts.forEach((text, i) => {
    for (const r of references(text, 'aws_iam_policy.')) {
      const b = holder(blocks[i]!, r.at);
      const attach = attributeAt(text, r.at) === 'policy_arn';
      const role =
        attach && (b?.type === 'aws_iam_role_policy_attachment' || (b?.type === 'aws_iam_policy_attachment' && rolesOnly(text, b)));
      policies.add(r.name, role);
    }
  });
  const rolePolicies = policies.onlyRoles();
  const documents = new Tally();
  texts.forEach((text, i) => {
    for (const r of references(text, 'data.aws_iam_policy_document.')) {
      const b = holder(blocks[i]!, r.at);
      const what = attributeAt(text, r.at);
      const role =
        what === 'policy' &&
        (b?.type === 'aws_iam_role_policy' || b?.type === 'aws_iam_role' || (b?.type === 'aws_iam_policy' && rolePolicies.has(b.name)));
      documents.add(r.name, role);
    }
  });
  return { policies: rolePolicies, documents: documents.onlyRoles() };
}

/**
 * Does a policy written at `path` (`resource`, type, name, attributes...) reach only roles: a role's
 * inline policy, an aws_iam_role_policy's, or an aws_iam_policy's that only roles are attached?
 */
export function reachesOnlyRoles(path: readonly string[], reach: Reach): boolean {
  const [kind, type, name, attribute] = path;
  if (kind !== 'resource') return false;
  if (type === 'aws_iam_role_policy') return attribute === 'policy';
  if (type === 'aws_iam_role') return attribute === 'inline_policy';
  return type === 'aws_iam_policy' && attribute === 'policy' && reach.policies.has(name ?? '');
}
